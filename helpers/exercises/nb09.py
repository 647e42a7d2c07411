"""The exercises of notebook 09: one check per try cell, registered by ID."""

from __future__ import annotations

import itertools
import random
import warnings
from collections.abc import Callable, Sequence
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


@exercise("09.1", hint=N_("04_leaf_and_intermediate_grads (C18) showed a method that asks "
                          "PyTorch to keep the .grad of a tensor that stays inside the graph; "
                          "and features(x) must work on whatever batch x it is given."))
def _keeps_features_grad(features: Callable[[torch.Tensor], Any], net1: nn.Module,
                         net2: nn.Module) -> bool | None:
    """features(x) is net1's output for a batch of the check's own, still inside the graph
    (so net1 learns), and PyTorch keeps its .grad: after a backward() of the check's, that
    .grad is the gradient autograd computes for it."""
    device = next(net1.parameters()).device
    x = fresh_tensor(5, 3, 32, 32, seed=81).to(device)
    out = features(x)
    if not isinstance(out, torch.Tensor) or out.is_leaf:
        return False  # cut out of the graph: it gets a .grad, but net1 gets nothing
    if not out.retains_grad:
        with warnings.catch_warnings():  # reading .grad of a non-leaf warns
            warnings.simplefilter("ignore")
            written = out.grad is not None
        code = getattr(features, "__code__", None)  # the body still `...`: it names only net1
        untouched = code is not None and set(code.co_names) <= {"net1"}
        return None if untouched and not (written or out._backward_hooks) else False
    with torch.no_grad():
        if not same(out, net1(x)):
            return False  # not net1's output for this batch
    weights = fresh_tensor(5, 10, seed=82).to(device)
    cut = out.detach().requires_grad_()
    (expected,) = torch.autograd.grad((net2(cut) * weights).sum(), cut)
    params = [*net1.parameters(), *net2.parameters()]
    kept = [p.grad for p in params]
    for p in params:
        p.grad = None
    try:
        (net2(out) * weights).sum().backward()
        net1_learns = all(p.grad is not None for p in net1.parameters())
    finally:
        for p, g in zip(params, kept, strict=True):
            p.grad = g  # leave the notebook's gradients as they were
    return net1_learns and out.grad is not None and same(out.grad, expected)


def _small_pair() -> dict[str, nn.Module]:
    """Two small networks of the check's own, always from the same start."""
    return {"net1": fresh_linear(3, 4, seed=821), "net2": fresh_linear(4, 2, seed=822)}


def _small_pair_trained(make_optimizer: Callable[..., Any], order: list[str],
                        made: list[Any]) -> list[torch.Tensor]:
    """Two small networks of the check's own, chained, trained 5 steps from the same start
    on the same data with the learner's optimizer over their parameters in `order`."""
    nets = _small_pair()
    x, y = fresh_tensor(16, 3, seed=823), fresh_tensor(16, 2, seed=824)
    made.append(make_optimizer(itertools.chain(*(nets[n].parameters() for n in order))))
    opt = made[-1]
    for _ in range(5):
        opt.zero_grad()
        nn.functional.mse_loss(nets["net2"](nets["net1"](x)), y).backward()
        opt.step()
    return [p for name in ("net1", "net2") for p in nets[name].parameters()]


def _adam_over_all(opt: Any, tensors: list[torch.Tensor]) -> bool:
    """09.2: `opt` is an Adam handed every one of `tensors` once, each at a positive rate."""
    handed = [p for group in opt.param_groups for p in group["params"]]
    return (isinstance(opt, torch.optim.Adam)
            and sorted(map(id, handed)) == sorted(map(id, tensors))
            and all(float(group["lr"]) > 0 for group in opt.param_groups))


def _settings(opt: Any, tensors: Sequence[torch.Tensor]) -> list[str]:
    """Each tensor's settings in `opt` (its group's), in the order of `tensors`."""
    by_id = {id(p): repr(sorted((k, v) for k, v in group.items() if k != "params"))
             for group in opt.param_groups for p in group["params"]}
    return [by_id[id(t)] for t in tensors]


def _settings_follow_the_order(make_optimizer: Callable[..., Any], made: list[Any],
                               runs: list[list[torch.Tensor]], small: list[list[torch.Tensor]],
                               orders: tuple[list[str], list[str]]) -> bool:
    """09.2: the same order always gets the same settings. A rate drawn or counted per call is
    not tied to the order, even where it happens to make the two orders differ: four more
    optimizers, for both orders twice in an order no one can know in advance, must agree."""
    first, _ = orders
    if (_settings(made[0], runs[0]) != _settings(made[2], runs[2])
            or _settings(made[3], small[0]) != _settings(made[4], small[1])):
        return False
    for order in random.Random().sample([*orders, *orders], 4):
        nets = _small_pair()
        opt = make_optimizer(itertools.chain(*(nets[n].parameters() for n in order)))
        tensors = [p for name in ("net1", "net2") for p in nets[name].parameters()]
        reference = (made[3], small[0]) if order == first else (made[5], small[2])
        if _settings(opt, tensors) != _settings(*reference):
            return False
    return True


@exercise("09.2", hint=N_("Adam updates each tensor from its own gradient and its own two "
                          "buffers, so no Adam setting alone links two tensors. What does an "
                          "optimizer know about the order at all, and what could you tie to that, "
                          "for any two networks?"))
def _adam_made_order_dependent(make_optimizer: Callable[..., Any],
                               train: Callable[..., Any]) -> bool:
    """make_optimizer builds an Adam that trains every tensor (each one moves), gives each
    tensor the same settings whenever the order is the same, and for the notebook's two
    networks and for a small pair of the check's own, the two chain orders end in different
    networks, further apart than the same order trained twice (the control)."""
    made: list[Any] = []

    def recorded(ps):  # keep each optimizer that train() builds, to look inside it afterwards
        made.append(make_optimizer(ps))
        return made[-1]

    def trained(order):  # both networks' tensors after training, net1's first
        nets = train(order, steps=10, make_optimizer=recorded)[0]
        return [p for name in ("net1", "net2") for p in nets[name].parameters()]

    first, second = ["net1", "net2"], ["net2", "net1"]
    runs = [trained(order) for order in (first, second, first)]  # the third: a control
    small = [_small_pair_trained(make_optimizer, order, made)
             for order in (first, first, second)]  # the second: a control, right after
    if len(made) != len(runs) + len(small) or not all(
            _adam_over_all(opt, tensors) for opt, tensors in zip(made, runs + small, strict=True)):
        return False
    if not _settings_follow_the_order(make_optimizer, made, runs, small, (first, second)):
        return False
    start = [p for net in _small_pair().values() for p in net.parameters()]
    if any(torch.equal(p, q) for run in small for p, q in zip(run, start, strict=True)):
        return False  # a tensor that did not move was not trained (a rate of, say, 1e-30)

    def gap(a, b):  # the largest difference between two trainings' tensors
        return max((p - q).abs().max().item() for p, q in zip(a, b, strict=True))

    # The orders must end further apart than ten times the same order run twice (which is 0
    # on a device that repeats itself bit for bit, as the CPU does).
    return (gap(runs[0], runs[1]) > 10 * gap(runs[0], runs[2])
            and gap(small[0], small[2]) > 10 * gap(small[0], small[1]))
