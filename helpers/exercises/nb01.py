"""The exercises of notebook 01: one check per try cell, registered by ID."""

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


def untouched(fn: Any) -> bool:
    """True while a try cell's function still holds its ``...`` placeholder: as a value
    (``return ...``), or as a statement of its own, which Python compiles to nothing, so it
    is looked for in the function's source."""
    import inspect

    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    if Ellipsis in code.co_consts:
        return True
    try:
        lines = inspect.getsource(fn).splitlines()
    except (OSError, TypeError):
        return False
    return any(line.split("#")[0].strip() == "..." for line in lines)


# 01.1: the check's own functions of (a, c), on shapes the cell does not use
_FUNCTIONS: tuple[tuple[Callable[[torch.Tensor, torch.Tensor], torch.Tensor], tuple[int, ...]],
                  ...] = (
    (lambda a, c: ((a * c) ** 2).sum(), (2,)),
    (lambda a, c: (torch.sin(a) * c.exp()).sum(), (4,)),
    (lambda a, c: (a.tanh() @ c).trace() + (c ** 3).mean(), (3, 3)),
)


@exercise("01.1", hint=N_(
    "whether a tensor takes part is settled when an operation uses it, not when "
    "backward() runs. Make c take part before f sees it, then let autograd give you both "
    "gradients, whatever f is."))
def _both_grads(both_grads: Callable[..., Any]) -> bool | None:
    """both_grads(f, a, c) returns the gradients of f(a, c) for a and for c, computed by
    autograd: f must have seen a c that takes part (finite differences never show it one),
    at most twice, and the result must match autograd's on the check's own functions."""
    if untouched(both_grads):
        return None
    for seed, (f, shape) in enumerate(_FUNCTIONS):
        seen: list[bool] = []

        def spy(a_: torch.Tensor, c_: torch.Tensor, f=f, seen=seen) -> torch.Tensor:
            seen.append(bool(c_.requires_grad))
            return f(a_, c_)

        a = fresh_tensor(*shape, seed=10 + seed).requires_grad_()
        c = fresh_tensor(*shape, seed=20 + seed)
        a_ref, c_ref = (t.detach().clone().requires_grad_() for t in (a, c))
        expected = torch.autograd.grad(f(a_ref, c_ref), (a_ref, c_ref))
        result = both_grads(spy, a, c)
        if not (isinstance(result, tuple | list) and len(result) == 2):
            return False
        if not (seen and len(seen) <= 2 and any(seen)):
            return False  # f never saw c take part: its gradient did not come from autograd
        if not (same(result[0], expected[0]) and same(result[1], expected[1])):
            return False
    return True


@exercise("01.2", hint=N_(
    "print the dtype, requires_grad and is_leaf of what your function returns. A tensor "
    "made from src borrows some of src's properties, not all of them (look at "
    "zeros_like(src) in the table above), and it must be a tensor of its own, whatever "
    "src is."))
def _ones_of_its_own(two_ones: Callable[..., Any]) -> bool | None:
    """two_ones(src): two ones with src's dtype and device, a leaf that requires grad and
    shares no memory with src, which is left as it was; tried on the check's own tensors."""
    if untouched(two_ones):
        return None
    sources = [fresh_tensor(3, seed=12).double().requires_grad_(),
               fresh_tensor(5, seed=13),
               fresh_tensor(1, seed=14).half(),
               fresh_tensor(4, seed=15).requires_grad_() * 2]  # an intermediate result
    if torch.cuda.is_available():
        sources.append(fresh_tensor(2, seed=16).cuda().requires_grad_())
    for src in sources:
        before, flag = src.detach().clone(), src.requires_grad
        ones = two_ones(src)
        if not (isinstance(ones, torch.Tensor) and ones.dtype == src.dtype
                and ones.device == src.device and same(ones, torch.ones(2))
                and ones.requires_grad and ones.is_leaf):
            return False
        if (ones.untyped_storage().data_ptr() == src.untyped_storage().data_ptr()
                or not torch.equal(src.detach(), before) or src.requires_grad != flag):
            return False  # written into src's own memory, or src changed
    return True


@exercise("01.3", hint=N_(
    "which path from the result back to x can autograd follow? A comparison such as x > 0 "
    "gives a bool tensor, and bool tensors carry no gradient (see the integer-valued "
    "results above): the values you keep must come from x itself, through operations "
    "autograd records."))
def _positive_part(positive: Callable[..., Any]) -> bool | None:
    """positive(x) is x where x > 0 and 0 elsewhere, and a gradient from it reaches x: the
    upstream gradient where x is positive, 0 elsewhere; on the check's own tensors."""
    if untouched(positive):
        return None
    for seed, shape in enumerate(((5,), (2, 3), (4, 1, 2))):
        x = fresh_tensor(*shape, seed=30 + seed).requires_grad_()
        upstream = fresh_tensor(*shape, seed=40 + seed)
        r = positive(x)
        if not (isinstance(r, torch.Tensor) and same(r, x.detach().clamp(min=0))
                and r.requires_grad):
            return False
        (grad,) = torch.autograd.grad((r * upstream).sum(), x, allow_unused=True)
        if grad is None or not same(grad, upstream * (x.detach() > 0)):
            return False
    return True


def _paths(root: torch.Tensor, leaf: torch.Tensor) -> int:
    """How many paths lead from root's grad_fn to the node that holds `leaf`."""
    memo: dict[Any, int] = {}

    def count(fn: Any) -> int:
        if fn is None:
            return 0
        if getattr(fn, "variable", None) is leaf:
            return 1
        if fn not in memo:
            memo[fn] = sum(count(nxt) for nxt, _ in fn.next_functions)
        return memo[fn]

    return count(root.grad_fn)


@exercise("01.4", hint=N_(
    "q's flag was fixed when q was computed, and a computed tensor's flag cannot be "
    "switched afterwards. What you need is a q with p * 3's values that autograd does not "
    "connect to p, while p itself keeps taking part."))
def _q_constant(loss_q_constant: Callable[..., Any]) -> bool | None:
    """loss_q_constant(p) is (q * p).sum() with q = p * 3 as a constant: one path from the loss
    back to p, p still a leaf that requires grad, and the gradient 3p; on the check's own p."""
    if untouched(loss_q_constant):
        return None
    for seed, shape in enumerate(((2,), (3, 2))):
        p = fresh_tensor(*shape, seed=50 + seed).requires_grad_()
        loss = loss_q_constant(p)
        if not (p.requires_grad and p.is_leaf and isinstance(loss, torch.Tensor)
                and loss.grad_fn is not None):
            return False
        if _paths(loss, p) != 1:
            return False  # the gradient still comes through q, whatever a hook makes of it
        (grad,) = torch.autograd.grad(loss, p)
        if not (same(loss, (3 * p.detach() ** 2).sum()) and same(grad, 3 * p.detach())):
            return False
    return True
