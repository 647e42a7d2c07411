"""The exercises of notebook 03: one check per try cell, registered by ID."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from helpers.exercises.core import (
    exercise,
    same,
)


@exercise("03.1", hint="torch.no_grad() covers only what runs inside its with-block, whatever "
                       "the tensors' history. Where does z's multiplication run, and which of "
                       "its inputs requires grad?")
def _inside_the_block(v: torch.Tensor, h: torch.Tensor, z: Any, kept: Any) -> bool:
    """z = h * v must need no gradient, with v still requiring grad, and autograd must have
    kept nothing for backward while the cell's outer block ran (so no graph was built and then
    thrown away, as ``(h * v).detach()`` would)."""
    if not v.requires_grad or not isinstance(z, torch.Tensor):
        return False
    return (not z.requires_grad and z.grad_fn is None and kept.count == 0
            and same(z, h.detach() * v.detach()))


# The learner's saved_bytes(batch) is tried on batch sizes the notebook never shows.
_UNSEEN_BATCHES = (1, 7, 300)


@exercise("03.2", hint="go through the layers again with the theory cell's rule: a Linear "
                       "layer keeps its input only for its weight's gradient, and its weight "
                       "(Wᵀ, the weight's own storage) only for its input's gradient. Which of "
                       "those does a frozen layer on a tracked input still need? tensor_bytes "
                       "takes one shape per tensor.")
def _frozen_bytes_for_any_batch(saved_bytes: Callable[[int], Any], net: torch.nn.Sequential
                                ) -> bool | None:
    """saved_bytes(batch) must equal what autograd keeps for one forward pass of net with every
    parameter frozen, on an input that requires grad, measured here on a frozen copy of net
    for batch sizes the learner has not seen."""
    import copy

    from helpers.measure import saved_for_backward
    first = net[0]
    if not isinstance(first, torch.nn.Linear):
        return False
    with torch.no_grad():  # worked out from shapes: a function that measures sees nothing here
        answers = {batch: saved_bytes(batch) for batch in _UNSEEN_BATCHES}
    if all(answer is ... for answer in answers.values()):
        return None  # untouched: the function still returns ...
    frozen = copy.deepcopy(net).requires_grad_(False)  # the learner's net keeps its flags
    for batch, answer in answers.items():
        x = torch.randn(batch, first.in_features, device=first.weight.device, requires_grad=True)
        with saved_for_backward() as saved:
            frozen(x)
        if not (isinstance(answer, int | float) and not isinstance(answer, bool)
                and answer == saved.bytes):
            return False
    return True
