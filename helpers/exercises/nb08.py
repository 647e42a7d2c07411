"""The exercises of notebook 08: one check per try cell, registered by ID."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from helpers.exercises.core import (
    exercise,
)


@exercise("08.1", hint="04_leaf_and_intermediate_grads (C18) showed a method that asks "
                       "PyTorch to keep the .grad of a tensor that stays inside the graph.")
def _keeps_outputs1_grad(outputs1):
    """outputs1 still comes out of net1 (not a new leaf) and kept its gradient."""
    if outputs1.is_leaf:  # cut out of the graph: it gets a .grad, but net1 gets nothing
        return False
    if not outputs1.retains_grad:  # untouched (reading .grad now would only warn)
        return None
    return outputs1.grad is not None and outputs1.grad.shape == outputs1.shape


@exercise("08.2", hint="Adam updates each tensor from its own gradient and its own two "
                       "buffers, so no Adam setting alone links two tensors. What does an "
                       "optimizer know about the order at all, and what could you tie to that?")
def _adam_made_order_dependent(make_optimizer: Callable[..., Any],
                               train: Callable[..., Any]) -> bool:
    """make_optimizer builds an Adam that trains every tensor, and the two chain orders then
    end in different networks, while the same order twice ends in the same one."""
    made: list[Any] = []

    def recorded(ps):  # keep each optimizer that train() builds, to look inside it afterwards
        made.append(make_optimizer(ps))
        return made[-1]

    def trained(order):  # both networks' tensors after training, net1's first
        nets = train(order, steps=10, make_optimizer=recorded)[0]
        return [p for name in ("net1", "net2") for p in nets[name].parameters()]

    orders = (["net1", "net2"], ["net2", "net1"], ["net1", "net2"])  # the third: a control
    runs = [trained(order) for order in orders]
    if len(made) != len(orders):
        return False
    for opt, tensors in zip(made, runs, strict=True):
        handed = [p for group in opt.param_groups for p in group["params"]]
        if (not isinstance(opt, torch.optim.Adam)
                or sorted(map(id, handed)) != sorted(map(id, tensors))  # all of them, once
                or any(float(group["lr"]) <= 0 for group in opt.param_groups)):
            return False

    def equal(a, b):
        return all(torch.equal(p, q) for p, q in zip(a, b, strict=True))

    return equal(runs[0], runs[2]) and not equal(runs[0], runs[1])
