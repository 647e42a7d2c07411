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
from helpers.i18n import N_


def _untouched(error: AttributeError) -> bool:
    """A function whose body still has the try cell's `...` fails on the ellipsis object."""
    return "'ellipsis' object" in str(error)


# Fresh values for 06.1: fractional parts on both sides of one half, negatives included, so
# floor and round disagree (the cell's values all round down).
_ROUND_CASES = [[-1.3, 0.2, 2.6, -0.7, 3.45], [0.8, -2.2, 1.5001, 4.4]]


@exercise("06.1", hint=N_("two facts from C07: a detached part still counts in the value, and "
                          "backward passes only through the parts that are not detached. Which "
                          "part must backward see, for the gradient to reach x unchanged, and "
                          "what must the hidden part add to the value?"))
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
        if leaf._backward_hooks:
            return False  # a hook on x forging the gradient, not the graph passing it
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


@exercise("06.2", hint=N_("detach() gives up the history but keeps t's memory; the same values "
                          "can also sit in memory of their own. Compare data_ptr() and grad_fn of "
                          "what you made with t's."))
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


@exercise("06.3", hint=N_("changing a tensor in place is safe for backward only when its memory, "
                          "and so its version counter, is not the h that backward saved; and for "
                          "a gradient to reach a through it, the copy must be made by an "
                          "operation autograd records."))
def _clone_keeps_gradient(bumped_copy: Callable[[torch.Tensor], Any],
                          a: torch.Tensor) -> bool | None:
    """bumped_copy(h) returns h's values plus one, changed in place in a tensor of its own that
    is still on a's graph; backward through out = (h**2).sum() plus a weighted sum of that
    tensor then gives a its true gradient, 8a + 2 * weights: for the cell's a and fresh ones."""
    for i, values in enumerate(_bump_cases(a)):
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
        if d.grad_fn is None:
            return False  # cut from the graph: no gradient can reach a through it
        weights = fresh_tensor(*values.shape, seed=635 + i).to(a.device)
        (out + (d * weights).sum()).backward()  # raises if the change reached the saved h
        if leaf.grad is None or not same(leaf.grad, 8 * values + 2 * weights):
            return False  # backward used changed numbers, or missed the path through d
    return True


def _detach_cases() -> list[list[torch.Tensor]]:
    """Lists for 06.4: intermediates, views of them (slices, view(), a transpose), and tensors
    that need no gradient, a view among them, in different orders."""
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = fresh_tensor(4, seed=640).requires_grad_()
    m = fresh_tensor(2, 3, seed=641).requires_grad_()
    return [[a * 2, (a * 2)[0:2], (a * 3).view(3)],
            [(b * 2)[1:], b * 3, torch.zeros(3)[1:], torch.zeros(3)],
            [fresh_tensor(5, seed=642), (m * 2).t(), m + 1, (b + 1).view(2, 2)]]


def _detached_right(t: torch.Tensor, is_view: bool, values: torch.Tensor, grad_fn: Any,
                    part: Any) -> bool:
    """06.4, one tensor: `part` has t's values and no history; it is t itself unless t is a
    view (which must stay as it was); and if it shares t's memory, it shares t's version
    counter too (autograd still sees changes)."""
    if not isinstance(part, torch.Tensor) or not same(part, values):
        return False
    if part.requires_grad or part.grad_fn is not None:
        return False  # still in the history
    if not is_view and part is not t:
        return False  # it could have been detached in place
    if is_view and (t.grad_fn is not grad_fn or not torch.equal(t.detach(), values)):
        return False  # the view itself was changed
    shares_memory = part.untyped_storage().data_ptr() == t.untyped_storage().data_ptr()
    version = part._version
    with torch.no_grad():
        t.add_(0)  # an in-place change that leaves the values alone
    return not (part is not t and shares_memory and part._version == version)  # as .data gives


@exercise("06.4", hint=N_("a view cannot be cut from its history in place, whether or not it "
                          "needs a gradient; every other tensor can, and then the caller's own "
                          "object is the answer. For a view, make a new history-free tensor that "
                          "still shares its version counter (which .data does not)."))
def _detach_all(detach_all: Callable[[list[torch.Tensor]], Any]) -> bool | None:
    """detach_all(tensors) returns, for each tensor in order, a tensor with its values and no
    history: the same object, detached in place, for every tensor that is not a view; a new
    tensor for a view, which stays as it was. A result that shares memory with its input must
    also share its version counter (so autograd still sees changes)."""
    for tensors in _detach_cases():
        before = [(t, t._is_view(), t.detach().clone(), t.grad_fn) for t in tensors]
        try:
            got = detach_all(list(tensors))
        except RuntimeError as error:  # PyTorch's first sentence says why; the rest names a fix
            raise RuntimeError(str(error).split(". ")[0]) from None
        if got is ...:
            return None  # untouched
        if not isinstance(got, list | tuple) or len(got) != len(tensors):
            return False
        if not all(_detached_right(*was, part) for was, part in zip(before, got, strict=True)):
            return False
    return True
