"""The exercises of notebook 04: one check per try cell, registered by ID."""

from __future__ import annotations

import math
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


def _w2_grad(x2: float, w1: float, w2: float) -> float:
    """w2.grad after z2.backward() in the article's chain z2 = w2 * x2**w1 + 1, run afresh."""
    x, a, b = (torch.tensor([v], dtype=torch.float64, requires_grad=True) for v in (x2, w1, w2))
    (b * x**a + 1).backward()
    assert b.grad is not None
    return b.grad.item()


# Starting values the check tries: the cell's first, then others (x2 on both sides of 1, and
# never 0.5, where lowering w1 by one happens to double x2 ** w1).
_STARTS = [(0.5, 3.0, -1.0), (1.7, 2.0, 0.5), (0.3, -1.5, 2.0), (2.5, 0.5, -3.0)]


@exercise("04.1", hint=N_(
    "z2 = w2 * y2 + 1, so the gradient w2 gets is the value it multiplies. Which leaves "
    "does y2 = x2 ** w1 depend on, and what new value doubles it whatever the starting "
    "values are?"))
def _doubled_w2_grad(doubled: Callable[[float, float, float], Any]) -> bool | None:
    """doubled(x2, w1, w2) returns new values for the three leaves; backward() through the
    article's chain must then give w2 twice the gradient the old values give. The check runs
    the chain itself (autograd decides), from the cell's starting values and from others."""
    for start in _STARTS:
        new = doubled(*start)
        if new is ...:
            return None  # untouched
        if not isinstance(new, tuple | list) or len(new) != 3:
            return False
        values = [float(v) for v in new]
        if not all(math.isfinite(v) for v in values):
            return False
        if not same(_w2_grad(*values), 2 * _w2_grad(*start)):
            return False
    return True


class _CountedLinear(nn.Linear):
    """An nn.Linear that reports the batch size of every forward run to the check. It reports
    from forward itself (a forward hook misses a direct call of .forward), through a function,
    which a copy.deepcopy of the module shares rather than copies."""

    report: Callable[[int], None] | None = None

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        if self.report is not None:
            self.report(input.shape[0] if input.dim() > 1 else 1)
        return super().forward(input)


def _counted_linear(n_in: int, n_out: int, seed: int, runs: list[int]) -> nn.Linear:
    """fresh_linear's layer as a _CountedLinear that appends each run's batch size to runs."""
    layer = _CountedLinear(n_in, n_out)
    layer.load_state_dict(fresh_linear(n_in, n_out, seed=seed).state_dict())
    layer.report = runs.append
    return layer


def _hidden_cases(net: nn.Sequential, x: torch.Tensor,
                  runs: list[int]) -> list[tuple[nn.Sequential, torch.Tensor]]:
    """The cell's network and batch, then fresh ones: another batch size, and a deeper rest
    after the hidden layer (so net[2] alone is not "the rest"). The fresh networks' last
    layers report their runs to `runs`."""
    device = x.device
    other = nn.Sequential(fresh_linear(3, 4, seed=421), nn.Tanh(),
                          _counted_linear(4, 2, seed=422, runs=runs))
    deeper = nn.Sequential(fresh_linear(2, 5, seed=423), nn.Tanh(), fresh_linear(5, 3, seed=424),
                           nn.Tanh(), _counted_linear(3, 1, seed=425, runs=runs))
    return [(net, x), (other.to(device), fresh_tensor(7, 3, seed=426).to(device)),
            (deeper.to(device), fresh_tensor(4, 2, seed=427).to(device))]


def _batch_size(inputs: tuple[torch.Tensor, ...]) -> int:
    """The batch size of a layer's input, as a forward hook sees it."""
    return inputs[0].shape[0] if inputs[0].dim() > 1 else 1


@exercise("04.2", hint=N_(
    "the activations inside a network are an intermediate: backward computes their "
    "gradient, hands it on and keeps nothing. Split the network where they come out, and "
    "use one of C18's ways to reach an intermediate's gradient; the rest of the network is "
    "everything after that point."))
def _hidden_layer_grad(hidden_grad: Callable[[nn.Sequential, torch.Tensor], Any],
                       net: nn.Sequential, x: torch.Tensor) -> bool | None:
    """hidden_grad(net, x) returns the gradient of net(x).sum() with respect to net[:2](x),
    for the cell's network and for fresh ones, autograd's answer each time, from at most two
    runs of the rest of the network, none on more rows than the batch (finite differences need
    many runs, or one run on a batch of nudged copies)."""
    runs: list[int] = []  # the batch size of every run of the network's last layer
    for model, batch in _hidden_cases(net, x, runs):
        runs.clear()
        handle = (None if isinstance(model[-1], _CountedLinear) else
                  model[-1].register_forward_hook(lambda _m, i, _o: runs.append(_batch_size(i))))
        try:
            got = hidden_grad(model, batch)
        finally:
            if handle is not None:
                handle.remove()
        if got is ...:
            return None  # untouched
        if len(runs) > 2 or any(n > len(batch) for n in runs):
            return False  # the rest run many times, or on a batch of nudged copies of the
            # activations: finite differences, not autograd (under vmap a run sees one row)
        h = model[:2](batch).detach().requires_grad_()
        (want,) = torch.autograd.grad(model[2:](h).sum(), h)
        if not isinstance(got, torch.Tensor) or not same(got, want):
            return False
    return True


# Limits for 04.3's fresh networks (not the cell's 0.1): the gradients at net[0]'s output fall
# on both sides of each; and the batch sizes each network is run with.
_CLIP_LIMITS = [0.05, 0.3]
_CLIP_BATCHES = [5, 2, 7]


def _clip_net(seed: int) -> nn.Sequential:
    """A fresh network shaped like the cell's, with two outputs, from fixed seeds."""
    return nn.Sequential(fresh_linear(3, 4, seed=seed), nn.Tanh(),
                         fresh_linear(4, 2, seed=seed + 1))


def _clipped_grads(net: nn.Sequential, batch: torch.Tensor,
                   limit: float | None) -> list[torch.Tensor | None]:
    """The gradients of net(batch).sum() for the batch and every parameter, with the gradient
    at net[0]'s output clipped to [-limit, limit] by the check itself when a limit is given."""
    params = list(net.parameters())
    x = batch.clone().requires_grad_()
    for p in params:
        p.grad = None
    if limit is None:
        out = net(x)  # the learner's network: whatever the learner attached does the clipping
    else:
        h = net[0](x)
        h.register_hook(lambda grad: grad.clamp(-limit, limit))
        out = net[1:](h)
    out.sum().backward()
    return [x.grad] + [p.grad for p in params]


@exercise("04.3", hint=N_(
    "a tensor hook belongs to the one tensor it was registered on, and every forward pass "
    "makes a new output at net[0]; the clipping must be attached afresh each time, or by "
    "something that lives on the module. A tensor hook must return the new gradient; a "
    "forward hook must return nothing (what it returns replaces the module's output)."))
def _clip_hidden(clip_hidden: Callable[[nn.Sequential, float], Any]) -> bool | None:
    """clip_hidden(net, limit) makes every later backward through net clip the gradient at
    net[0]'s output to [-limit, limit]: checked on fresh networks and limits, several batches
    each, against the same network with the clipping hook registered by the check."""
    for i, limit in enumerate(_CLIP_LIMITS):
        net, reference = _clip_net(seed=450 + 10 * i), _clip_net(seed=450 + 10 * i)
        if clip_hidden(net, limit) is ...:
            return None  # untouched
        for j, rows in enumerate(_CLIP_BATCHES):
            batch = fresh_tensor(rows, 3, seed=470 + 10 * i + j)
            got = _clipped_grads(net, batch, None)
            want = _clipped_grads(reference, batch, limit)
            if any(g is None or not same(g, w) for g, w in zip(got, want, strict=True)):
                return False
    return True


_FOUR_CASES = [(3, 1, 4), (2, 5, 2)]  # lengths of fresh p, q, r: not all equal


@exercise("04.4", hint=N_(
    "one operation can take a whole list of tensors, of any lengths, and the same tensor "
    "may stand in that list twice: the gradients it gets from both places add up. Count "
    "the arrows into the node with inputs_of."))
def _four_inputs(four_inputs: Callable[..., Any], p: torch.Tensor, q: torch.Tensor,
                 r: torch.Tensor) -> bool | None:
    """four_inputs(p, q, r) makes one node with four inputs, p feeding it twice: after
    four.sum().backward(), p gets 2 in every element and q and r get 1. Checked on the cell's
    tensors and on fresh ones of unequal lengths."""
    device = p.device
    cases = [tuple(t.detach() for t in (p, q, r))] + [
        tuple(fresh_tensor(n, seed=440 + i).to(device) for i, n in enumerate(lengths))
        for lengths in _FOUR_CASES]
    for values in cases:
        leaves = [t.clone().requires_grad_() for t in values]
        four = four_inputs(*leaves)
        if four is ...:
            return None  # untouched
        if not isinstance(four, torch.Tensor) or four.grad_fn is None:
            return False
        if sum(nxt is not None for nxt, _ in four.grad_fn.next_functions) != 4:
            return False
        grads = torch.autograd.grad(four.sum(), leaves, allow_unused=True)
        wanted = (2.0, 1.0, 1.0)
        if any(g is None or not same(g, torch.full_like(t, k))
               for g, t, k in zip(grads, leaves, wanted, strict=True)):
            return False
    return True
