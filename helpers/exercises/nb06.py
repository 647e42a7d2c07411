"""The exercises of notebook 06: one check per try cell, registered by ID."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from helpers.exercises.core import (
    exercise,
    fresh_tensor,
    same,
)


def _untouched(error: AttributeError) -> bool:
    """A function whose body still has the try cell's `...` fails on the ellipsis object."""
    return "'ellipsis' object" in str(error)


# Fresh values for 06.1: fractional parts on both sides of one half, negatives included, so
# floor and round disagree (the cell's values all round down).
_ROUND_CASES = [[-1.3, 0.2, 2.6, -0.7, 3.45], [0.8, -2.2, 1.5001, 4.4]]


@exercise("06.1", hint="the result is a sum of two parts: one that is x itself, so the gradient "
                       "arriving passes to x unchanged, and one that backward cannot see, whose "
                       "value makes the total come out rounded. detach() hides exactly the "
                       "tensor you call it on, so choose that tensor with care.")
def _round_passes_grad(round_through: Callable[[torch.Tensor], Any],
                       x: torch.Tensor) -> bool | None:
    """round_through(x) has x.round()'s values, and the gradient arriving at it reaches x
    unchanged: checked on the cell's x and on fresh values, with weighted gradients."""
    cases = [x.detach().tolist()] + _ROUND_CASES
    for i, values in enumerate(cases):
        start = torch.tensor(values, device=x.device)
        leaf = start.clone().requires_grad_()
        out = round_through(leaf)
        if out is ...:
            return None  # untouched
        if not isinstance(out, torch.Tensor) or not same(out.detach(), start.round()):
            return False
        if not torch.equal(leaf.detach(), start):
            return False  # x itself was changed
        weights = fresh_tensor(len(values), seed=610 + i).to(x.device)
        (grad,) = torch.autograd.grad((out * weights).sum(), leaf)  # raises if out has no history
        if not same(grad, weights):
            return False
    return True


def _snapshot_cases(x: torch.Tensor) -> list[tuple[torch.Tensor, Callable[[], None]]]:
    """(tensor, undo) pairs: the cell's leaf, a fresh tensor that needs no gradient, and a
    fresh intermediate; undo puts the cell's x back after the check changed it."""
    before = x.detach().clone()

    def restore() -> None:
        with torch.no_grad():
            x.copy_(before)

    plain = fresh_tensor(5, seed=620).to(x.device)
    leaf = fresh_tensor(4, seed=621).to(x.device).requires_grad_()
    return [(x, restore), (plain, lambda: None), (leaf * 2, lambda: None)]


@exercise("06.2", hint="detach() gives up the history but keeps t's memory; the same values can "
                       "also sit in memory of their own. Compare data_ptr() and grad_fn of what "
                       "you made with t's.")
def _independent_snapshot(snapshot: Callable[[torch.Tensor], Any], x: torch.Tensor) -> bool | None:
    """snapshot(t) has t's values and no history, and an in-place change to t does not reach
    it: for the cell's leaf x, a tensor that needs no gradient, and an intermediate."""
    for t, undo in _snapshot_cases(x):
        before = t.detach().clone()
        snap = snapshot(t)
        if snap is ...:
            return None  # untouched
        if not isinstance(snap, torch.Tensor) or not same(snap, before):
            return False
        if snap.requires_grad or snap.grad_fn is not None:
            return False  # still part of t's graph
        try:
            with torch.no_grad():  # a leaf that needs grad may change in place only under no_grad
                t.add_(1)
            if not same(snap, before):
                return False  # it shares t's memory
        finally:
            undo()
    return True


def _bump_cases(a: torch.Tensor) -> list[torch.Tensor]:
    """Leaf values for 06.3: the cell's a, then fresh ones of other shapes."""
    return [a.detach(), fresh_tensor(5, seed=630).to(a.device),
            fresh_tensor(2, 3, seed=631).to(a.device)]


@exercise("06.3", hint="A clone has its own memory and its own version counter: change the "
                       "copy and the h that backward saved stays as it was. A copy is made from "
                       "h, whatever its values.")
def _clone_keeps_gradient(bumped_copy: Callable[[torch.Tensor], Any],
                          a: torch.Tensor) -> bool | None:
    """bumped_copy(h) returns h's values plus one, changed in place in a tensor of its own
    with no history, and backward through out = (h**2).sum() still gives a its true
    gradient: for the cell's a and for fresh ones."""
    for values in _bump_cases(a):
        leaf = values.clone().requires_grad_()
        h = leaf * 2
        out = (h**2).sum()  # PowBackward0 saves h
        try:
            d = bumped_copy(h)
        except AttributeError as error:
            if _untouched(error):
                return None
            raise
        if not isinstance(d, torch.Tensor) or not same(d.detach(), 2 * values + 1):
            return False
        if d.requires_grad or d.grad_fn is not None:
            return False  # a copy with history: not what was asked
        out.backward()  # raises if the change reached h through a shared version counter
        if leaf.grad is None or not same(leaf.grad, 8 * values):
            return False  # backward used the changed numbers
    return True


@exercise("06.4", hint="a slice is a view of p, and a view cannot be cut from its history in "
                       "place, whether or not p needs a gradient; the method without the "
                       "trailing _ makes a new tensor instead, leaves p alone, and keeps p's "
                       "version counter, which .data does not.")
def _detached_slice(first_two: Callable[[torch.Tensor], Any]) -> bool | None:
    """first_two(p) returns p[0:2]'s values with no history and leaves p unchanged, for an
    intermediate that needs a gradient and for tensors that need none; a result that shares
    p's memory must also share its version counter (so autograd still sees changes)."""
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    for p in (a * 2, torch.zeros(3), fresh_tensor(5, seed=640)):
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
        shares_memory = part.untyped_storage().data_ptr() == p.untyped_storage().data_ptr()
        version = part._version
        with torch.no_grad():
            p.add_(0)  # an in-place change that leaves the values alone
        if shares_memory and part._version == version:
            return False  # the same memory behind autograd's back, as .data gives
    return True
