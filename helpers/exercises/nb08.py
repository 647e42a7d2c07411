"""The exercises of notebook 08: one check per try cell, registered by ID."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from helpers.exercises.core import (
    exercise,
    fresh_linear,
    fresh_tensor,
    same,
)
from helpers.i18n import N_


def _micro_batch_case(seed: int, rows: int, k: int) -> tuple[nn.Module, torch.Tensor,
                                                             torch.Tensor, int]:
    """A small net and a batch of its own: `rows` samples, to split into k micro-batches."""
    net = fresh_linear(3, 2, seed=seed)
    return net, fresh_tensor(rows, 3, seed=seed + 1), fresh_tensor(rows, 2, seed=seed + 2), k


def _watch(net: nn.Module) -> tuple[list[int], dict[int, int], list[Any]]:
    """Record the batch size of each forward pass of `net`, and how many times backward()
    accumulates into each parameter's .grad (a .grad written by hand counts nothing); the
    third item holds the hooks, to remove afterwards."""
    sizes: list[int] = []
    added = {id(p): 0 for p in net.parameters()}

    def count(p: torch.Tensor) -> None:
        added[id(p)] += 1

    hooks = [net.register_forward_pre_hook(lambda m, args: sizes.append(len(args[0]))),
             *(p.register_post_accumulate_grad_hook(count) for p in net.parameters())]
    return sizes, added, hooks


@exercise("08.1", hint=N_(
    "a sum over the whole batch is the sum of the micro-batches' sums, whatever their "
    "number; each micro-batch gets its own forward pass and its own backward(), which adds "
    "into .grad."))
def _sum_loss_micro_batches(accumulate: Callable[..., object], net: nn.Module,
                            data: torch.Tensor, target: torch.Tensor) -> bool | None:
    """accumulate(net, data, target, k) must leave in .grad the whole batch's gradient of a
    sum-reduced MSE, built by k forward passes on k micro-batches and k backward() calls
    that accumulate into .grad: on the cell's net, and on nets and batches of the check's."""
    cases = [(net, data, target, 2), _micro_batch_case(731, 9, 3),
             _micro_batch_case(734, 10, 5)]
    for first, (model, x, y, k) in enumerate(cases):
        mine, whole = copy.deepcopy(model), copy.deepcopy(model)
        sizes, added, hooks = _watch(mine)
        try:
            accumulate(mine, x, y, k)
        finally:
            for hook in hooks:
                hook.remove()
        if first == 0 and all(p.grad is None for p in mine.parameters()):
            return None  # untouched: no backward() in the loop yet
        whole.zero_grad()
        nn.MSELoss(reduction="sum")(whole(x), y).backward()
        if sizes != [len(part) for part in x.chunk(k)]:
            return False  # not one forward pass per micro-batch
        if any(n != k for n in added.values()):
            return False  # not one backward() per micro-batch, each adding into .grad
        if not all(p.grad is not None and same(p.grad, q.grad)
                   for p, q in zip(mine.parameters(), whole.parameters(), strict=True)):
            return False
    return True


def _stack(seed: int, *widths: int) -> nn.Sequential:
    """Linear layers of these widths with Tanh between them, weights of the check's own."""
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(widths, widths[1:], strict=False)):
        layers += [fresh_linear(n_in, n_out, seed=seed + i), nn.Tanh()]
    return nn.Sequential(*layers[:-1])


@exercise("08.2", hint=N_(
    "an optimizer changes exactly the tensors it was given, by its own rate, whatever "
    "backward() computed for the others; and one backward() can feed any number of step() "
    "calls. Which tensors are a model's first and last Linear, whatever its depth?"))
def _two_optimizers(two_optimizers: Callable[[nn.Module], Any]) -> bool | None:
    """For stacks of Linear layers of the check's own depths, two_optimizers(model) returns
    (fast, slow); after one backward() and both step() calls the last Linear moved by
    0.1·grad, the first by 0.01·grad, every other layer not at all — and each gradient is
    the one autograd computes (no hook changed it)."""
    for seed, widths in ((741, (4, 8, 8, 1)), (745, (3, 5, 2)), (747, (6, 4, 4, 4, 3))):
        model = _stack(seed, *widths)
        reference = copy.deepcopy(model)  # before the learner's function sees the model
        made = two_optimizers(model)
        if made is None or made is ...:
            return None  # untouched
        fast, slow = made
        if not all(isinstance(o, torch.optim.Optimizer) for o in (fast, slow)):
            return False
        x = fresh_tensor(6, widths[0], seed=seed + 10)
        y = fresh_tensor(6, widths[-1], seed=seed + 11)
        true = torch.autograd.grad(nn.functional.mse_loss(reference(x), y),
                                   list(reference.parameters()))
        before = [p.detach().clone() for p in model.parameters()]
        model.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        fast.step()
        slow.step()
        linears = [i for i, m in enumerate(model) if isinstance(m, nn.Linear)]
        rate = {id(p): lr for i, lr in ((linears[0], 0.01), (linears[-1], 0.1))
                for p in model[i].parameters()}
        for p, b, g in zip(model.parameters(), before, true, strict=True):
            if id(p) not in rate:
                if not torch.equal(p, b):
                    return False  # a layer in between moved
            elif (p.grad is None or not same(p.grad, g)
                  or not same(p.detach(), b - rate[id(p)] * g)):
                return False  # not moved by lr · (the gradient autograd computes)
    return True
