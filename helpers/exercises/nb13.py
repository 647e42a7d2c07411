"""The exercises of notebook 13: one check per try cell, registered by ID."""

from __future__ import annotations

from collections.abc import Sequence

import torch

from helpers.exercises.core import (
    exercise,
    fresh_linear,
    fresh_tensor,
    same,
)
from helpers.i18n import N_


def _grads(value: torch.Tensor, params: Sequence[torch.Tensor]) -> list[torch.Tensor]:
    """d value / d each parameter, zeros where it does not depend on one (the last bias: the
    input gradient does not depend on it); None where value has no graph at all."""
    got = torch.autograd.grad(value, params, allow_unused=True)
    return [torch.zeros_like(p) if g is None else g for g, p in zip(got, params, strict=True)]


@exercise("13.1", hint=N_(
    "The input gradient must itself be recorded in a graph, one that reaches the weights, "
    "for backward() to differentiate the penalty; a gradient computed outside the graph "
    "and given requires_grad afterwards has no history."))
def _penalty_reaches_the_weights(gradient_penalty):
    def tanh_net(seed: int) -> torch.nn.Module:
        first = fresh_linear(3, 4, seed=seed)
        with torch.no_grad():
            first.bias.copy_(fresh_tensor(4, seed=seed + 2))
        return torch.nn.Sequential(first, torch.nn.Tanh(), fresh_linear(4, 1, seed=seed + 1))

    for model, seed in ((tanh_net(141), 143), (fresh_linear(3, 1, seed=144), 145),
                        (tanh_net(146), 148)):
        x = fresh_tensor(5, 3, seed=seed)
        params = list(model.parameters())
        xr = x.clone().requires_grad_()
        g, = torch.autograd.grad(model(xr).sum(), xr, create_graph=True)
        want_value = (g ** 2).sum()
        want = _grads(want_value, params)
        penalty = gradient_penalty(model, x.clone())
        if not isinstance(penalty, torch.Tensor) or not same(penalty.detach().reshape(()),
                                                            want_value.detach()):
            return False  # not the asked penalty on this model
        if penalty.grad_fn is None:
            return False
        got = _grads(penalty.reshape(()), params)
        if not all(same(gp, wp) for gp, wp in zip(got, want, strict=True)):
            return False  # the penalty does not reach the weights as it should
    return True
