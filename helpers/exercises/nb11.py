"""The exercises of notebook 11: one check per try cell, registered by ID."""

from __future__ import annotations

import torch

from helpers.exercises.core import (
    exercise,
    fresh_linear,
    fresh_tensor,
    same,
)


@exercise("11.1", hint="h reaches back into the graph of the step before, which backward() "
                       "already freed. Cut what crosses from one step to the next, not the "
                       "step's own graph, and keep the optimizer step.")
def _carried_state_trains(step):
    from helpers.graph import backward_nodes

    cell = fresh_linear(8, 4, seed=111)  # reads [x, h]: the state passes through the weights
    opt = torch.optim.SGD(cell.parameters(), lr=0.1)
    xs, targets = fresh_tensor(6, 4, seed=112), torch.tanh(fresh_tensor(6, 4, seed=113))
    before = cell.weight.detach().clone()
    epochs, bounded = [], True
    for _ in range(15):  # the same short sequence, again and again: the loss must go down
        h, losses, sizes = torch.zeros(4), [], []
        for x, target in zip(xs, targets, strict=True):
            with torch.no_grad():  # the recurrence: the new state is made from the old one
                expected = torch.tanh(cell(torch.cat([x, h])))
            h, loss = step(cell, opt, h, x, target)
            if not same(h.detach(), expected):
                return False  # the state was not carried (or not computed as before)
            losses.append(loss.item() if isinstance(loss, torch.Tensor) else float(loss))
            sizes.append(len(backward_nodes(h)))  # a leaf has none: 0
        # the state handed on must not drag along a graph that grows with every step
        bounded = bounded and len(set(sizes[1:])) <= 1
        epochs.append(sum(losses) / len(losses))
    changed = not torch.equal(before, cell.weight.detach())
    return changed and bounded and epochs[-1] < 0.8 * epochs[0]


@exercise("11.2", hint="Every number the loss is made of must stay a tensor computed from "
                       "model(x): a Python float has no history, and requires_grad=True on a "
                       "new tensor does not give it one.")
def _loss_keeps_its_graph(loss_fn):
    model = fresh_linear(3, 1, seed=121)
    x, y = fresh_tensor(16, 3, seed=122), fresh_tensor(16, 1, seed=123)
    loss = loss_fn(model, x, y)
    if not isinstance(loss, torch.Tensor) or loss.grad_fn is None:
        return False
    reference = (model(x) - y).abs().mean()
    if not same(loss.detach().reshape(()), reference.detach()):
        return False  # a different loss: the mean absolute error was asked for
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


@exercise("11.3", hint="The update must change the leaf itself, in place, while autograd is "
                       "not recording: a new tensor bound to a local name changes nothing.")
def _sgd_updates_leaves(step):
    w = fresh_tensor(3, seed=131).requires_grad_()
    b = torch.zeros(1, requires_grad=True)
    x, y = fresh_tensor(32, 3, seed=132), fresh_tensor(32, seed=133)
    losses: list[float] = []
    for _ in range(20):
        w.grad = b.grad = None
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        assert w.grad is not None and b.grad is not None  # both took part in the loss
        expected = [(w - 0.1 * w.grad).detach(), (b - 0.1 * b.grad).detach()]
        step([w, b], 0.1)
        if not (w.is_leaf and b.is_leaf and w.requires_grad and b.requires_grad):
            return False  # the parameters must stay leaves that learn
        if not (same(w.detach(), expected[0]) and same(b.detach(), expected[1])):
            return False
        losses.append(loss.item())
    return losses[-1] < losses[0]


@exercise("11.4", hint="The first gradient must itself be recorded in a graph to be "
                       "differentiated again; and a first gradient that is a constant has no "
                       "graph at all, so its derivative is zero.")
def _second_derivative_is_right(second_derivative):
    x = fresh_tensor(5, seed=141)
    cases = [(torch.sin, -torch.sin(x)), (lambda t: t ** 3, 6 * x),
             (lambda t: 3 * t + 1, torch.zeros(5))]
    for f, expected in cases:
        got = second_derivative(f, x.clone().requires_grad_())
        if not same(got, expected):
            return False
    return True

