"""The exercises of notebook 07: one check per try cell, registered by ID."""

from __future__ import annotations

from typing import Any

import torch

from helpers.exercises.core import (
    exercise,
    raises,
    refuse_set_grads,
    same,
)


@exercise("07.1", hint="a Python number in an op becomes a tensor, and an op may save it: read "
                       "the _saved_ attributes of the nodes behind your t. Which ops in C10's "
                       "graph without orange ellipses saved nothing?")
def _graph_saves_nothing(t: Any, a: torch.Tensor) -> bool:
    """t is twice the sum of a, built from a, and backward() runs through it twice without
    retain_graph: two calls leave a.grad at 2 + 2."""
    refuse_set_grads(a=a)
    if not isinstance(t, torch.Tensor) or t.grad_fn is None or t.dim() != 0:
        return False  # not one number built by autograd
    if not same(t.detach(), 2 * a.detach().sum()):
        return False
    t.backward()
    if raises(t.backward):  # a saved tensor was freed by the first call
        return False
    return a.grad is not None and same(a.grad, torch.full_like(a, 4.0))


@exercise("07.2", hint="put the hook on the tensor the question names; it fires once per "
                       "backward() that reaches it, so follow each loss back to the input.")
def _hook_counts_layer1(handle, calls, step, weight):
    """The learner's hook sits on `weight`, and in one training step it counts what a hook
    of ours on `weight` counts."""
    if handle.id not in (weight._backward_hooks or {}):  # a hook elsewhere may fire as often
        handle.remove()  # the learner's cell runs again: leave no stray hook behind
        return False
    mine: list[int] = []
    probe = weight.register_hook(lambda grad: mine.append(1))
    try:
        step()
    finally:
        probe.remove()
        handle.remove()
    return len(calls) == len(mine)


@exercise("07.3", hint="a sum over 8 rows is the sum over the first 4 plus the sum over the "
                       "last 4.")
def _sum_loss_micro_batches(net, data, target):
    """The accumulated micro-batch gradients must equal the whole batch's, parameter by
    parameter."""
    import copy

    if all(p.grad is None for p in net.parameters()):  # no backward() in the loop yet
        return None
    whole = copy.deepcopy(net)
    whole.zero_grad()
    torch.nn.MSELoss(reduction="sum")(whole(data), target).backward()
    return all(p.grad is not None and same(p.grad, q.grad)
               for p, q in zip(net.parameters(), whole.parameters(), strict=True))


@exercise("07.4", hint="an optimizer updates exactly the tensors you hand it: which module "
                       "holds layer 3's weight and bias?")
def _optimizer_over_layer3(opt, model, x, y):
    """One step with the learner's optimizer must move layer 3 (model[4]) and nothing else."""
    before = [p.detach().clone() for p in model.parameters()]
    model.zero_grad()
    torch.nn.functional.mse_loss(model(x), y).backward()
    opt.step()
    layer3 = {id(p) for p in model[4].parameters()}
    return all(torch.equal(p, q) != (id(p) in layer3)
               for p, q in zip(model.parameters(), before, strict=True))
