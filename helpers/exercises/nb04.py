"""The exercises of notebook 04: one check per try cell, registered by ID."""

from __future__ import annotations

from typing import Any

import torch

from helpers.exercises.core import (
    exercise,
    same,
)


def _w2_grad(values: dict[str, float]) -> float:
    """w2.grad after z2.backward() in the article's chain z2 = w2 * x2**w1 + 1, run afresh."""
    x, a, b = (torch.tensor([float(values[n])], requires_grad=True) for n in ("x2", "w1", "w2"))
    (b * x**a + 1).backward()
    assert b.grad is not None
    return b.grad.item()


@exercise("04.1", hint="z2 = w2 * y2 + 1, and w2 multiplies y2: the gradient w2 gets is the "
                       "value it multiplies. Which leaves does y2 = x2 ** w1 depend on?")
def _doubled_w2_grad(start: dict[str, float], x2: torch.Tensor, w1: torch.Tensor,
                     w2: torch.Tensor) -> bool | None:
    """The learner gave a leaf a new value so that backward() made w2.grad twice what the
    starting values give; the check reruns the chain on the leaves' values to be sure the
    gradient came from autograd, not from an assignment."""
    leaves = {"x2": x2, "w1": w1, "w2": w2}
    if not all(isinstance(t, torch.Tensor) and t.numel() == 1 for t in leaves.values()):
        return False
    now = {name: t.item() for name, t in leaves.items()}
    if now == {name: float(value) for name, value in start.items()}:
        return None  # untouched: every leaf still has its starting value
    if w2.grad is None or not same(w2.grad.item(), _w2_grad(now)):
        return False  # not the gradient backward() gives for these values
    return same(w2.grad.item(), 2 * _w2_grad(start))


@exercise("04.2", hint="a hook only sees the gradient as it passes by; C18 showed the method "
                       "that asks autograd to keep an intermediate's gradient in its .grad.")
def _kept_intermediate_grad(q: torch.Tensor) -> bool | None:
    """q = a * a, then (3 * q).sum().backward(): q must keep its gradient, and it is 3s."""
    if not q.retains_grad:  # q.grad is only read once kept: reading it otherwise warns
        return None if not q._backward_hooks else False  # untouched, or a hook that keeps nothing
    return q.grad is not None and torch.equal(q.grad, torch.full_like(q, 3.0))


@exercise("04.3", hint="a hook gets the gradient arriving at h and must *return* the new one "
                       "(a hook that returns nothing changes nothing); register it on h before "
                       "out.backward().")
def _clipping_hook(h: torch.Tensor, x: torch.Tensor, w: torch.Tensor) -> bool | None:
    """h = x * 4, out = (w * h**2).sum(): a hook on h clips dout/dh to [-1, 1]."""
    if not h._backward_hooks:
        return None  # untouched: no hook on h
    with torch.no_grad():
        unclipped = 2 * w * h
        expected = 4 * unclipped.clamp(-1, 1)  # the chain rule after the clipped gradient
    changed_what_flows = not torch.allclose(expected, 4 * unclipped)
    return changed_what_flows and x.grad is not None and torch.allclose(x.grad, expected)


@exercise("04.4", hint="one node can take a whole list of tensors: torch.stack and torch.cat "
                       "do. Count the arrows into four.grad_fn with inputs_of.")
def _four_inputs(four: Any) -> bool:
    """four.grad_fn must have four inputs (non-None next_functions)."""
    if not isinstance(four, torch.Tensor) or four.grad_fn is None:
        return False
    return sum(nxt is not None for nxt, _ in four.grad_fn.next_functions) == 4
