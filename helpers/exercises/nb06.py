"""The exercises of notebook 06: one check per try cell, registered by ID."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from helpers.exercises.core import (
    exercise,
    refuse_set_grads,
    same,
)


@exercise("06.1", hint="the term must still multiply a by b, but backward may reach only b "
                       "through it: detach() cuts every road through the tensor you call it "
                       "on, so choose that tensor with care.")
def _detached_factor(loss: Any, a: torch.Tensor, b: torch.Tensor) -> bool:
    """loss has the value of (a * b + a * a).sum(), and its backward() gives a only the
    a * a term's gradient (2a) while b still gets the a * b term's (a)."""
    refuse_set_grads(a=a, b=b)
    if not isinstance(loss, torch.Tensor) or loss.grad_fn is None:
        return False  # not built from a and b by autograd
    with torch.no_grad():
        value = (a * b + a * a).sum()
    if not same(loss.detach(), value):
        return False
    loss.backward()  # the experiment: which gradients reach a and b through the learner's loss
    return (a.grad is not None and b.grad is not None
            and same(a.grad, 2 * a.detach()) and same(b.grad, a.detach()))


@exercise("06.2", hint="detach() gives up the history but keeps x's memory; the same values can "
                       "also sit in memory of their own. Compare data_ptr() and grad_fn of what "
                       "you made with x's.")
def _independent_snapshot(snapshot: Any, x: torch.Tensor) -> bool:
    """snapshot has x's values and no history, and an in-place change to x does not reach it."""
    if not isinstance(snapshot, torch.Tensor) or not same(snapshot, x.detach()):
        return False
    if snapshot.requires_grad or snapshot.grad_fn is not None:
        return False  # still part of x's graph
    before = x.detach().clone()
    with torch.no_grad():  # x is a leaf that needs grad: change it in place only under no_grad
        x.add_(1)
    try:
        return torch.equal(snapshot, before)  # a tensor that shares x's memory now shows x + 1
    finally:
        with torch.no_grad():
            x.copy_(before)  # put x back as the cell made it


@exercise("06.3", hint="A clone has its own memory and its own version counter: change the "
                       "copy and the h that backward saved stays as it was.")
def _clone_keeps_gradient(a, d, out):
    """d is a copy of h with 1 added in place, and backward through out still gives a the
    true gradient."""
    if not torch.equal(d.detach(), 2 * a.detach() + 1):
        return False  # d should hold h's values (2a) plus one
    if d.grad_fn is not None or d._version == 0:
        return False  # h + 1 computed anew, not a copy changed in place: the lesson skipped
    out.backward()  # raises if the change reached h through a shared version counter
    fresh = a.detach().clone().requires_grad_()
    ((fresh * 2) ** 2).sum().backward()
    return same(a.grad, fresh.grad)


@exercise("06.4", hint="a slice is a view of p, and a view cannot be cut from its history in "
                       "place, whether or not p needs a gradient; the method without the "
                       "trailing _ makes a new tensor instead.")
def _detached_slice(first_two: Callable[[torch.Tensor], Any]) -> bool | None:
    """first_two(p) returns p[0:2]'s values with no history and leaves p unchanged, for an
    intermediate that needs a gradient and for a tensor that needs none."""
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    for p in (a * 2, torch.zeros(3)):
        had = (p.requires_grad, p.grad_fn)
        values = p.detach().clone()
        try:
            part = first_two(p)
        except RuntimeError as error:  # PyTorch's first sentence says why; the rest is about DDP
            raise RuntimeError(str(error).split(". ")[0]) from None
        if part is ...:
            return None  # untouched
        if not isinstance(part, torch.Tensor) or not same(part, values[0:2]):
            return False
        if part.requires_grad or part.grad_fn is not None:
            return False  # still in p's history
        if (p.requires_grad, p.grad_fn) != had or not torch.equal(p, values):
            return False  # p itself was changed
    return True
