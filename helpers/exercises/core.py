"""The exercise machinery: the registry, ``self_check`` and the small tools checks share.

Exercises for the "try" cells: each one registered here by ID, checked by what the learner did.

A try cell builds what it needs, leaves the learner's part as ``...``, and ends with

    self_check("04.2", answer=answer)          # a value the learner worked out
    self_check("04.3", h=h)                    # or the objects the learner changed

The cell never shows the expected answer: the check below looks at the learner's work (a
value, a hook on a tensor, a frozen parameter, ...) and prints a pass, "not tried yet", or a
hint that points at the idea. Reference solutions live in ``tests/exercise_solutions/``,
and a test runs every exercise untouched, wrong (three kinds at least) and solved.

To add one: write a function that takes the cell's keyword arguments and returns True (done
right), False (not yet) or None (untouched), and register it with
``@exercise(id, hint=N_("..."))``: N_ marks the hint for the catalogs (helpers/i18n.py), and
self_check shows it in the notebook's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from helpers.i18n import N_, tr

Verify = Callable[..., bool | None]


@dataclass(frozen=True)
class Exercise:
    """One exercise: its ID ("NN.k": notebook NN, k-th try cell), the hint, and its check."""

    id: str
    hint: str
    verify: Verify


EXERCISES: dict[str, Exercise] = {}

NOT_TRIED = N_("Not tried yet: replace the ... with your code and run the cell again.")


def exercise(exercise_id: str, hint: str) -> Callable[[Verify], Verify]:
    """Register the decorated function as the check of exercise ``exercise_id``."""

    def register(verify: Verify) -> Verify:
        if exercise_id in EXERCISES:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        EXERCISES[exercise_id] = Exercise(exercise_id, hint, verify)
        return verify

    return register


def self_check(exercise_id: str, **work: Any) -> None:
    """Check the learner's work on one exercise; print a pass, "not tried yet" or the hint.

    It prints rather than returns, so a cell that ends with it shows the message and nothing
    else. Any keyword argument still ``...`` counts as not tried.
    """
    if exercise_id not in EXERCISES:
        known = ", ".join(sorted(EXERCISES)) or "none"
        raise KeyError(f"No exercise {exercise_id!r}; the registered ones are: {known}")
    ex = EXERCISES[exercise_id]
    if any(value is ... for value in work.values()):
        print(tr(NOT_TRIED))
        return
    try:
        result = ex.verify(**work)
    except Exception as error:  # the learner's object was not what the check expected
        print(tr("❌ Not yet ({error}). Hint: {hint}").format(
            error=f"{type(error).__name__}: {error}", hint=tr(ex.hint)))
        return
    if result is None:
        print(tr(NOT_TRIED))
    elif result:
        print(tr("✅ Correct."))
    else:
        print(tr("❌ Not yet. Hint: {hint}").format(hint=tr(ex.hint)))


def raises(run: Callable[[], object], error: type[Exception] = RuntimeError) -> bool:
    """True when calling ``run`` raises ``error``: a check runs the experiment itself."""
    try:
        run()
    except error:
        return True
    return False


def same(answer: Any, expected: Any) -> bool:
    """True when ``answer`` equals ``expected``: tensors by shape and value (to a small
    tolerance), floats to a tolerance, anything else with ``==`` and the same type."""
    if isinstance(expected, torch.Tensor):
        return (isinstance(answer, torch.Tensor) and answer.shape == expected.shape
                and torch.allclose(answer.detach().float().cpu(), expected.detach().float().cpu(),
                                   rtol=1e-4, atol=1e-6))
    if isinstance(expected, float) and isinstance(answer, int | float):
        return abs(answer - expected) <= 1e-4 * max(1.0, abs(expected))
    return type(answer) is type(expected) and answer == expected


def fresh_tensor(*shape: int, seed: int) -> torch.Tensor:
    """Fresh data for a check, from its own generator: the notebook's random state is left
    alone, and every run of a check sees the same numbers."""
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


def fresh_linear(n_in: int, n_out: int, seed: int) -> torch.nn.Linear:
    """A small nn.Linear with weights from `fresh_tensor`, so a check does not draw from the
    global generator."""
    layer = torch.nn.Linear(n_in, n_out)
    with torch.no_grad():
        layer.weight.copy_(fresh_tensor(n_out, n_in, seed=seed) * 0.5)
        layer.bias.zero_()
    return layer


def refuse_set_grads(**leaves: torch.Tensor) -> None:
    """Refuse to run a check's backward() on leaves whose .grad is already set (by hand, or
    by a backward() the learner ran): the check would compare a sum of gradients."""
    if any(t.grad is not None for t in leaves.values()):
        grads = tr(" or ").join(f"{name}.grad" for name in leaves)
        raise ValueError(tr("{grads} is already set: leave backward() to the check and run "
                            "the cell again").format(grads=grads))


def answer_for(answer: Callable[[torch.Tensor], Any], out: torch.Tensor) -> Any:
    """What the learner's function returns for ``out``, as a check reads it: the tensor;
    None when the cell is untouched (the function returned ``...``); False when it returned
    no tensor, or changed ``out`` itself in place instead of making a tensor of its own."""
    version = out._version
    got = answer(out)
    if got is ...:
        return None
    if not isinstance(got, torch.Tensor) or out._version != version:
        return False
    return got
