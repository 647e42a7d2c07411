"""The exercises of notebook 12: one check per try cell, registered by ID."""

from __future__ import annotations

import copy
from typing import Any

import torch

from helpers.exercises.core import (
    exercise,
    fresh_linear,
    fresh_tensor,
    same,
)
from helpers.i18n import N_


def _fresh_lstm(n_in: int, hidden: int, seed: int) -> torch.nn.LSTMCell:
    """An nn.LSTMCell with weights from the check's own generator."""
    cell = torch.nn.LSTMCell(n_in, hidden)
    with torch.no_grad():
        for i, p in enumerate(cell.parameters()):
            p.copy_(fresh_tensor(*p.shape, seed=seed + i) * 0.4)
    return cell


def _reference_chunk(cell, opt, state, xs, targets):
    """Truncated backpropagation through time over one chunk: the state is cut where it
    enters the chunk, the gradient runs through every step of it, one update per chunk."""
    state = tuple(s.detach() for s in state)
    losses = []
    for x, target in zip(xs, targets, strict=True):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    return tuple(s.detach() for s in state)


@exercise("12.1", hint=N_("Whatever crosses from one chunk into the next still reaches back into "
                          "the graph of the chunk before, which backward() freed, and an LSTM "
                          "carries more than h. Cut everything that crosses, at the chunk "
                          "boundary and only there, and keep the update."))
def _chunks_train(train):
    # two optimizers of different settings: the update is the optimizer's, not a constant
    for n_in, hidden, lengths, seed, lr, momentum in ((2, 5, (3, 4, 2, 5, 3), 110, 0.2, 0.0),
                                                      (3, 4, (6, 1, 4, 2), 120, 0.07, 0.8)):
        cell = _fresh_lstm(n_in, hidden, seed)
        ref = copy.deepcopy(cell)
        opt = torch.optim.SGD(cell.parameters(), lr=lr, momentum=momentum)
        ref_opt = torch.optim.SGD(ref.parameters(), lr=lr, momentum=momentum)
        xs = fresh_tensor(sum(lengths), 1, n_in, seed=seed + 10)
        targets = torch.tanh(fresh_tensor(sum(lengths), 1, hidden, seed=seed + 11))
        state = ref_state = (torch.zeros(1, hidden), torch.zeros(1, hidden))
        start = 0
        for n in lengths:  # chunks of several lengths, one after the other
            chunk = slice(start, start + n)
            state = train(cell, opt, state, xs[chunk], targets[chunk])
            ref_state = _reference_chunk(ref, ref_opt, ref_state, xs[chunk], targets[chunk])
            if len(state) != 2 or not all(same(torch.as_tensor(s).detach(), r)
                                          for s, r in zip(state, ref_state, strict=True)):
                return False  # the state was not carried from chunk to chunk
            if not all(same(p.detach(), q.detach())
                       for p, q in zip(cell.parameters(), ref.parameters(), strict=True)):
                return False  # the update differs: the gradient did not run through the chunk
            start += n
    return True


@exercise("12.2", hint=N_("Every number the loss is made of must stay a tensor computed from "
                          "model(x): a Python float has no history, and requires_grad=True on a "
                          "new tensor does not give it one."))
def _loss_keeps_its_graph(loss_fn):
    for n, seed in ((16, 121), (7, 125)):  # mixed signs of error, two batch sizes
        model = fresh_linear(3, 1, seed=seed)
        x, y = fresh_tensor(n, 3, seed=seed + 1), fresh_tensor(n, 1, seed=seed + 2)
        loss = loss_fn(model, x, y)
        if not isinstance(loss, torch.Tensor) or loss.grad_fn is None or loss.numel() != 1:
            return False
        reference = (model(x) - y).abs().mean()
        if not same(loss.detach().reshape(()), reference.detach()):
            return False  # a different loss: the mean absolute error was asked for
        params = list(model.parameters())
        got = torch.autograd.grad(loss.reshape(()), params, allow_unused=True)
        want = torch.autograd.grad(reference, params)
        if not all(g is not None and same(g, w) for g, w in zip(got, want, strict=True)):
            return False  # the value is right, but the gradient is another loss's (or none)
    before = model.weight.detach().clone()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(20):
        opt.zero_grad()
        loss = loss_fn(model, x, y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return not torch.equal(before, model.weight.detach()) and losses[-1] < losses[0]


def _momentum_step_right(params: list[torch.Tensor], grads: list[torch.Tensor],
                         versions: list[int], velocities: list[Any], ref: list[torch.Tensor],
                         ref_opt: torch.optim.SGD) -> bool:
    """12.3, after one step of the learner's and of SGD with momentum on copies (`ref`)."""
    if not all(p.grad is not None and torch.equal(p.grad, g)
               for p, g in zip(params, grads, strict=True)):
        return False  # the step must read the gradients, not rewrite them
    if len(velocities) != len(params) or not all(
            isinstance(v, torch.Tensor) and same(v.detach(), ref_opt.state[r]["momentum_buffer"])
            for v, r in zip(velocities, ref, strict=True)):
        return False  # the velocities the caller holds are not v = mu·v + grad
    if not all(p.is_leaf and p.requires_grad for p in params):
        return False  # the parameters must stay leaves that learn
    if not all(p._version > v for p, v in zip(params, versions, strict=True)):
        return False  # autograd was not told of the change (a .data write, or none)
    # the momentum step itself, with these lr and mu
    return all(same(p.detach(), r.detach()) for p, r in zip(params, ref, strict=True))


@exercise("12.3", hint=N_("Each change must be made in place to the tensors the caller holds "
                          "(the parameters and their velocities), outside the graph but where "
                          "autograd can still see it; a new tensor bound to a local name changes "
                          "nothing, and a write autograd is not told of is not the update."))
def _momentum_steps(step):
    # two models: a line (weight, bias) and one with a third parameter, so that a step
    # written for exactly two parameters does not pass
    for lr, mu, seed, extra in ((0.05, 0.9, 131, False), (0.2, 0.5, 135, True)):
        params = [fresh_tensor(3, seed=seed).requires_grad_(), torch.zeros(1, requires_grad=True)]
        if extra:
            params.append(fresh_tensor(2, seed=seed + 3).requires_grad_())
        ref = [p.detach().clone().requires_grad_() for p in params]
        ref_opt = torch.optim.SGD(ref, lr=lr, momentum=mu)
        velocities = [torch.zeros_like(p) for p in params]
        x, y = fresh_tensor(32, 3, seed=seed + 1), fresh_tensor(32, seed=seed + 2)

        def loss_of(ps, x=x, y=y, extra=extra):
            pred = x @ ps[0] + ps[1]
            if extra:
                pred = pred + torch.tanh(x[:, :2] @ ps[2])
            return ((pred - y) ** 2).mean()

        losses: list[float] = []
        for _ in range(12):
            for ps in (params, ref):
                for p in ps:
                    p.grad = None
                loss = loss_of(ps)
                loss.backward()
            versions = [p._version for p in params]
            grads = [torch.zeros_like(p) if p.grad is None else p.grad.clone() for p in params]
            step(params, velocities, lr, mu)
            ref_opt.step()
            if not _momentum_step_right(params, grads, versions, velocities, ref, ref_opt):
                return False
            losses.append(loss.item())
        if not losses[-1] < losses[0]:
            return False
    return True
