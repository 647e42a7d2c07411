"""The exercises of notebook 10: one check per try cell, registered by ID."""

from __future__ import annotations

import copy
from collections.abc import Callable

import torch
from torch import nn

from helpers.exercises.core import (
    exercise,
    fresh_linear,
    fresh_tensor,
    same,
)
from helpers.i18n import N_


def _frozen_and_trained(seed: int, widths: tuple[int, ...], i: int):
    """A stack of Linear layers of the check's own with layer i frozen, an optimizer built
    over the trainable parameters only (SGD with momentum), and two steps of training."""
    layers: list[nn.Module] = []
    for k, (n_in, n_out) in enumerate(zip(widths, widths[1:], strict=False)):
        layers += [fresh_linear(n_in, n_out, seed=seed + k), nn.ReLU()]
    model = nn.Sequential(*layers[:-1])
    model[i].requires_grad_(False)
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1,
                          momentum=0.9)
    x = fresh_tensor(12, widths[0], seed=seed + 10)
    y = fresh_tensor(12, widths[-1], seed=seed + 11)

    def train(m: nn.Module, o: torch.optim.Optimizer, steps: int) -> None:
        for _ in range(steps):
            o.zero_grad()
            nn.functional.mse_loss(m(x), y).backward()
            o.step()

    train(model, opt, 2)
    return model, opt, train


@exercise("10.1", hint=N_("requires_grad decides what backward() computes; step() moves only the "
                          "tensors in the optimizer's parameter groups, and this optimizer was "
                          "built without the frozen layer. What can you add to an optimizer "
                          "after it is built?"))
def _unfreezes(unfreeze: Callable[[nn.Module, torch.optim.Optimizer, int], object]) -> bool | None:
    """On models of the check's own, frozen at layer i and trained with an optimizer over
    the trainable parameters only, unfreeze(model, optimizer, i) makes the next three steps
    train layer i with that optimizer and its settings (momentum included), exactly as a
    reference unfreeze does, and every other layer as before."""
    for seed, widths, i in ((91, (8, 16, 16, 4), 0), (95, (5, 6, 6, 6, 3), 2),
                            (99, (4, 7, 2), 2)):
        model, opt, train = _frozen_and_trained(seed, widths, i)
        twin, twin_opt = copy.deepcopy((model, opt))  # the reference, momentum included
        held = sum(len(g["params"]) for g in opt.param_groups)
        unfreeze(model, opt, i)
        if (seed == 91 and not any(p.requires_grad for p in model[i].parameters())
                and sum(len(g["params"]) for g in opt.param_groups) == held):
            return None  # untouched: layer i still frozen, the optimizer as it was
        twin[i].requires_grad_(True)
        twin_opt.add_param_group({"params": list(twin[i].parameters())})
        start = [p.detach().clone() for p in model[i].parameters()]
        train(model, opt, 3)
        train(twin, twin_opt, 3)
        if any(torch.equal(p, s) for p, s in zip(model[i].parameters(), start, strict=True)):
            return False  # layer i did not train
        if not all(same(p.detach(), q.detach())
                   for p, q in zip(model.parameters(), twin.parameters(), strict=True)):
            return False  # not trained as this optimizer would train it
    return True
