"""The exercises of notebook 01: one check per try cell, registered by ID."""

from __future__ import annotations

from typing import Any

import torch

from helpers.exercises.core import (
    exercise,
    same,
)


@exercise("01.1", hint="autograd decides who takes part while loss is being computed, not when "
                       "backward() runs. Did c already require grad at the moment loss was "
                       "computed from it, and did backward() run on that loss?")
def _c_takes_part(a: torch.Tensor, c: torch.Tensor, loss: torch.Tensor) -> bool:
    """c is a leaf that requires grad, loss's graph leads to it, and backward() filled c.grad
    and a.grad with the gradients of ((a * c) ** 2).sum(), worked out again on fresh copies."""
    from helpers.graph import backward_nodes

    if not (isinstance(loss, torch.Tensor) and c.requires_grad and c.is_leaf):
        return False
    # backward() writes c.grad only through an AccumulateGrad node that holds c; a loss
    # computed before c was switched on has none, whatever c.grad was set to by hand
    if not any(getattr(fn, "variable", None) is c for fn in backward_nodes(loss)):
        return False
    a_ref, c_ref = (t.detach().clone().requires_grad_() for t in (a, c))
    loss_ref = ((a_ref * c_ref) ** 2).sum()
    loss_ref.backward()
    return (same(loss, loss_ref) and c.grad is not None and same(c.grad, c_ref.grad)
            and a.grad is not None and same(a.grad, a_ref.grad))


@exercise("01.2", hint="print ones.dtype, ones.requires_grad and ones.is_leaf. A tensor made "
                       "from src borrows some of src's properties, not all of them: look at "
                       "zeros_like(src) in the table above.")
def _ones_of_its_own(ones: Any, src: torch.Tensor) -> bool:
    """ones: two ones with src's dtype and device, a leaf that requires grad."""
    return (isinstance(ones, torch.Tensor) and ones.dtype == src.dtype
            and ones.device == src.device and same(ones, torch.ones(2))
            and ones.requires_grad and ones.is_leaf)


@exercise("01.3", hint="which path from r back to x can autograd follow? A comparison such as "
                       "x > 0 gives a bool tensor, and bool tensors carry no gradient (see the "
                       "integer-valued results above).")
def _positive_part(r: Any, x: torch.Tensor) -> bool:
    """r is x where x > 0 and 0 elsewhere, and the gradient of r.sum() reaches x: 1 where x
    is positive, 0 elsewhere (asked with autograd.grad, so x.grad is left as it is)."""
    if not (isinstance(r, torch.Tensor) and x.requires_grad and r.requires_grad):
        return False
    grad: torch.Tensor | None
    try:
        (grad,) = torch.autograd.grad(r.sum(), x, retain_graph=True, allow_unused=True)
    except RuntimeError:  # the learner's own backward() through r freed it: read what it wrote
        grad = x.grad
    if grad is None:
        return False  # r requires grad, but no path leads from it back to x
    if not same(r, x.detach().clamp(min=0)):
        raise ValueError("r's values are not x where x > 0, 0 elsewhere")
    return same(grad, (x > 0).float())


@exercise("01.4", hint="q's flag was fixed when q was computed; switching p afterwards does "
                       "not reach it. What you need is a q that autograd does not connect to p.")
def _q_off_p_on(p: torch.Tensor, q: Any) -> bool | None:
    """q holds p * 3 and no longer requires grad, while p is still a leaf that requires grad."""
    if p.requires_grad and isinstance(q, torch.Tensor) and q.requires_grad:
        return None  # both as the cell made them: nothing was tried
    return (p.requires_grad and p.is_leaf and same(p, torch.ones(2))
            and isinstance(q, torch.Tensor) and not q.requires_grad and same(q, p.detach() * 3))
