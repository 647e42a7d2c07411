"""Exercises for the "try" cells: each one registered here by ID, checked by what the learner did.

A try cell builds what it needs, leaves the learner's part as ``...``, and ends with

    self_check("04.2", answer=answer)          # a value the learner worked out
    self_check("04.3", h=h)                    # or the objects the learner changed

The cell never shows the expected answer: the check below looks at the learner's work (a
value, a hook on a tensor, a frozen parameter, ...) and prints a pass, "not tried yet", or a
hint that points at the idea. Reference solutions live in ``tests/exercise_solutions.py``,
and a test runs every exercise untouched, wrong and solved.

To add one: write a function that takes the cell's keyword arguments and returns True (done
right), False (not yet) or None (untouched), and register it with ``@exercise(id, hint)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

Verify = Callable[..., bool | None]


@dataclass(frozen=True)
class Exercise:
    """One exercise: its ID ("NN.k": notebook NN, k-th try cell), the hint, and its check."""

    id: str
    hint: str
    verify: Verify


EXERCISES: dict[str, Exercise] = {}

NOT_TRIED = "Not tried yet: replace the ... with your code and run the cell again."


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
        print(NOT_TRIED)
        return
    try:
        result = ex.verify(**work)
    except Exception as error:  # the learner's object was not what the check expected
        print(f"❌ Not yet ({type(error).__name__}: {error}). Hint: {ex.hint}")
        return
    if result is None:
        print(NOT_TRIED)
    elif result:
        print("✅ Correct.")
    else:
        print(f"❌ Not yet. Hint: {ex.hint}")


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


# ---------------------------------------------------------------------------------------------
# The registered exercises, one section per notebook, in notebook order. Keep each section's
# checks together so a notebook's author edits only their own section.
# ---------------------------------------------------------------------------------------------

# == 01 =======================================================================================

@exercise("01.1", hint="loss = sum((a*c)**2). Differentiate one term, (a*c)**2, with respect "
                       "to c, the way a.grad was worked out: the roles of a and c swap.")
def _grad_for_c(answer: Any, a: torch.Tensor, c: torch.Tensor) -> bool:
    """The gradient c would get, worked out from the cell's own a and c."""
    return same(answer, 2 * a.detach() ** 2 * c.detach())


@exercise("01.2", hint="new_ones borrows dtype and device from src, like zeros_like in the "
                       "table above. Does it borrow requires_grad as well?")
def _new_ones_flag(answer: Any, src: torch.Tensor) -> bool:
    """Whether a tensor made by src.new_ones requires grad, asked of the cell's src."""
    return src.requires_grad and same(answer, src.new_ones(2).requires_grad)


@exercise("01.3", hint="x enters only through x > 0. What dtype does a comparison give, and "
                       "can a tensor of that dtype carry requires_grad?")
def _where_flag(answer: Any, x: torch.Tensor, y: torch.Tensor) -> bool:
    """Whether torch.where(x > 0, y, 0.0) requires grad, for the cell's x and y."""
    return x.requires_grad and same(answer, torch.where(x > 0, y, 0.0).requires_grad)


@exercise("01.4", hint="q's flag was decided when q was computed. Did anything compute q again "
                       "after p changed?")
def _flag_after_the_fact(answer: Any, p: torch.Tensor, q: torch.Tensor) -> bool:
    """q = p * 3 was made while p required grad; p was switched off afterwards."""
    return not p.requires_grad and q.grad_fn is not None and same(answer, q.requires_grad)

# == 02 =======================================================================================

# == 03 =======================================================================================

# == 04 =======================================================================================

# == 05 =======================================================================================

# == 06 =======================================================================================

# == 07 =======================================================================================

# == 08 =======================================================================================

# == 09 =======================================================================================

# == 10 =======================================================================================

# == 11 =======================================================================================

__all__ = ["EXERCISES", "Exercise", "exercise", "same", "self_check"]
