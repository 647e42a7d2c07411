"""The exercises of notebook 07: one check per try cell, registered by ID."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from helpers.exercises.core import (
    exercise,
    fresh_tensor,
    raises,
    same,
)
from helpers.i18n import N_


def _hand_written(node: Any) -> bool:
    """Whether the graph behind `node` holds a custom autograd.Function: a gradient formula
    the learner wrote instead of the ops whose saved tensors the exercise is about."""
    seen, stack = set(), [node]
    while stack:
        fn = stack.pop()
        if fn is None or id(fn) in seen:
            continue
        seen.add(id(fn))
        if isinstance(fn, torch.autograd.function.BackwardCFunction):
            return True
        stack.extend(next_fn for next_fn, _ in fn.next_functions)
    return False


@exercise("07.1", hint=N_("a Python number in an op becomes a tensor, and an op may save it: "
                          "read the _saved_ attributes of the nodes behind your result. Which "
                          "ops in C10's graph without orange ellipses saved no tensor?"))
def _graph_saves_nothing(twice_mean: Callable[[torch.Tensor], Any]) -> bool | None:
    """twice_mean(v) is twice the mean of v, for tensors of the check's own shapes and values,
    and backward() runs through it twice without retain_graph: v.grad ends at 2/n + 2/n."""
    for seed, shape in ((71, (2,)), (72, (5,)), (73, (3, 4))):
        v = fresh_tensor(*shape, seed=seed).requires_grad_()
        t = twice_mean(v)
        if t is None or t is ...:
            return None  # untouched: the function body is still `...`
        if not isinstance(t, torch.Tensor) or t.grad_fn is None or t.dim() != 0:
            return False  # not one number built by autograd from v
        if not same(t.detach(), 2 * v.detach().mean()):
            return False
        if _hand_written(t.grad_fn):
            return False  # a backward of your own, not a graph of PyTorch's ops
        t.backward()
        if raises(t.backward):  # a saved tensor was freed by the first call
            return False
        if v.grad is None or not same(v.grad, torch.full_like(v, 4.0 / v.numel())):
            return False  # not all of t's gradient came through autograd from v
    return True


def _is_hook_on(handle: Any, weight: torch.Tensor) -> bool:
    """The learner's handle belongs to a gradient hook on `weight` itself: a tensor hook, or
    a hook that runs after the gradient is accumulated into weight.grad."""
    hooks = {**(weight._backward_hooks or {}),
             **(getattr(weight, "_post_accumulate_grad_hooks", None) or {})}
    return getattr(handle, "id", None) in hooks


@exercise("07.2", hint=N_("a hook on that weight runs each time a backward() delivers a "
                          "gradient to it, and should record each delivery, whatever the step "
                          "looks like: count deliveries, not forward passes or the losses you "
                          "expect."))
def _hook_counts_layer1(handle: Any, calls: list[Any], step: Callable[[], None],
                        weight: torch.Tensor) -> bool:
    """The learner's hook sits on `weight` and records one entry per gradient delivered: in
    each of two training steps, and in backward() calls of the check's own, it counts what a
    hook of ours on `weight` counts."""
    if not _is_hook_on(handle, weight):  # a hook elsewhere may fire as often, or not
        if hasattr(handle, "remove"):
            handle.remove()  # the learner's cell runs again: leave no stray hook behind
        return False
    fresh = [fresh_tensor(*weight.shape, seed=seed).to(weight.device) for seed in range(72, 77)]
    runs: list[Callable[[], object]] = [
        step, step,  # the notebook's training step, twice
        lambda: [(weight * f).sum().backward() for f in fresh],  # five backward() of ours
    ]
    mine: list[int] = []
    probe = weight.register_hook(lambda grad: mine.append(1))
    try:
        for run in runs:
            theirs_before, mine_before = len(calls), len(mine)
            run()
            if len(calls) - theirs_before != len(mine) - mine_before:
                return False
    finally:
        probe.remove()
        handle.remove()
    return True
