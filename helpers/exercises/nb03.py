"""The exercises of notebook 03: one check per try cell, registered by ID."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch.overrides import TorchFunctionMode

from helpers.exercises.core import (
    exercise,
    fresh_linear,
    fresh_tensor,
    same,
)
from helpers.exercises.nb01 import untouched
from helpers.i18n import N_


def _models() -> list[tuple[torch.nn.Module, torch.Tensor]]:
    """03.1's test cases: models of the check's own, with batches that do and do not require
    grad, one model partly frozen (its flags must come back as they were)."""
    mlp = torch.nn.Sequential(fresh_linear(5, 4, seed=31), torch.nn.ReLU(),
                              fresh_linear(4, 2, seed=32))
    partly = torch.nn.Sequential(fresh_linear(3, 3, seed=33), torch.nn.Tanh(),
                                 fresh_linear(3, 1, seed=34))
    partly[0].requires_grad_(False)
    return [(mlp, fresh_tensor(6, 5, seed=35)),
            (mlp, fresh_tensor(2, 5, seed=36).requires_grad_()),
            (fresh_linear(3, 2, seed=37), fresh_tensor(4, 3, seed=38).requires_grad_()),
            (partly, fresh_tensor(5, 3, seed=39))]


@exercise("03.1", hint=N_("volatile travelled with the data; today's switch does not: it covers "
                          "the computation that runs inside it, weights and all. Where must the "
                          "model's forward pass run, and what must be as before once your "
                          "function has returned?"))
def _evaluate_without_graph(evaluate: Callable[..., Any]) -> bool | None:
    """evaluate(model, batch), on the check's own models and batches, returns the model's
    output with no graph, keeps nothing for backward while it runs, and leaves the model's
    flags and the grad mode as they were."""
    from helpers.measure import saved_for_backward

    if untouched(evaluate):
        return None
    for model, batch in _models():
        flags = [p.requires_grad for p in model.parameters()]
        with torch.no_grad():
            expected = model(batch)
        try:
            with saved_for_backward() as kept:
                out = evaluate(model, batch)
        finally:
            left_on = torch.is_grad_enabled()
            torch.set_grad_enabled(True)  # the notebook goes on with gradients on
        if not left_on:
            return False  # switched gradients off for everything that runs afterwards
        if [p.requires_grad for p in model.parameters()] != flags:
            return False  # the model's own flags were changed
        if not (isinstance(out, torch.Tensor) and not out.requires_grad and out.grad_fn is None
                and kept.count == 0 and same(out, expected)):
            return False
    return True


def _fine_tuned(net: torch.nn.Sequential) -> torch.nn.Sequential:
    """A copy of net with only its first Linear frozen, the rest trainable."""
    import copy

    tuned = copy.deepcopy(net).requires_grad_(True)
    tuned[0].requires_grad_(False)
    return tuned


# The learner's saved_bytes(batch) is tried on batch sizes the notebook never shows.
_UNSEEN_BATCHES = (1, 7, 300)

# What a forward pass of net calls, on any device (the meta device too): worked out from
# shapes, saved_bytes calls none of them.
_FORWARD_CALLS = frozenset({"linear", "relu", "relu_", "threshold", "matmul", "__matmul__",
                            "mm", "addmm"})


class _CallWatch(TorchFunctionMode):
    """Names every torch function called while it is on."""

    def __init__(self) -> None:
        super().__init__()
        self.called: set[str] = set()

    def __torch_function__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None
                           ) -> Any:
        self.called.add(getattr(func, "__name__", ""))
        return func(*args, **(kwargs or {}))


@exercise("03.2", hint=N_("first follow requires_grad through the layers (which outputs need a "
                          "gradient when the first layer is frozen and the input is plain?), then "
                          "apply the theory cell's rule to each layer: a Linear keeps its input "
                          "only for its weight's gradient, and Wᵀ only for its input's; a ReLU "
                          "keeps its output only when there is a gradient to pass. tensor_bytes "
                          "takes one shape per tensor, each storage once."))
def _fine_tuned_bytes_for_any_batch(saved_bytes: Callable[[int], Any], net: torch.nn.Sequential
                                    ) -> bool | None:
    """saved_bytes(batch) must equal what autograd keeps for one forward pass of net with only
    its first Linear frozen, on an input that does not require grad, measured here on such a
    copy of net for batch sizes the learner has not seen; worked out, not measured: it may not
    run the network itself (a torch function mode watches for the forward's calls)."""
    from helpers.measure import saved_for_backward

    if untouched(saved_bytes):
        return None
    first = net[0]
    if not isinstance(first, torch.nn.Linear):
        return False
    watch = _CallWatch()
    with torch.no_grad(), watch:  # worked out from shapes: a measuring one sees nothing here,
        answers = {batch: saved_bytes(batch) for batch in _UNSEEN_BATCHES}
    if watch.called & _FORWARD_CALLS:
        return False  # it ran the network (torch.enable_grad(), the meta device): measured
    tuned = _fine_tuned(net)
    for batch, answer in answers.items():
        x = fresh_tensor(batch, first.in_features, seed=batch).to(first.weight.device)
        with saved_for_backward() as saved:
            tuned(x)
        if not (isinstance(answer, int | float) and not isinstance(answer, bool)
                and answer == saved.bytes):
            return False
    return True
