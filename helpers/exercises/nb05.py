"""The exercises of notebook 05: one check per try cell, registered by ID."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from helpers.exercises.core import (
    answer_for,
    exercise,
    fresh_tensor,
    same,
)
from helpers.i18n import N_


def _other_two_columns(x: torch.Tensor) -> torch.Tensor:
    """Another function with a two-column output, for a fresh run of 05.1."""
    return torch.stack([x.exp(), x.sin() * x.sum()], dim=1)


@exercise("05.1", hint=N_("v has one weight for every element of y, laid out in y's shape; "
                          "backward adds up each element's gradient times its weight. Choose "
                          "the weights; leave y as it is."))
def _vjp_picks_a_column(pick: Callable[[torch.Tensor], Any], g: Callable[..., torch.Tensor],
                        x: torch.Tensor) -> bool | None:
    """The vector–Jacobian product with pick(y) must be the gradient of y[:, 1].sum() alone,
    for the cell's g and x and for fresh inputs and another function, with other numbers of
    rows. The check runs the product itself, so only what pick returns counts."""
    cases = [(g, x.detach()), (g, fresh_tensor(5, seed=51).to(x.device)),
             (_other_two_columns, fresh_tensor(2, seed=52).to(x.device))]
    for fn, values in cases:
        leaf = values.clone().requires_grad_()
        y = fn(leaf)
        v = answer_for(pick, y)
        if not isinstance(v, torch.Tensor):
            return v  # untouched (None); not a tensor, or y changed in place (False)
        (got,) = torch.autograd.grad(y, leaf, v, retain_graph=True)
        (want,) = torch.autograd.grad(y[:, 1].sum(), leaf)
        if not same(got, want):
            return False
    return True


# Shapes of the losses 05.2's check builds with reduction='none' (besides the cell's), and the
# one-element shapes of a reduced loss: today's () and 2017's (1,).
_MEAN_SHAPES = [(8,), (2, 4)]


@exercise("05.2", hint=N_("backward weights each element of losses by the matching element of "
                          "what you pass, which must have exactly losses' shape, whatever it "
                          "is. What weight does a mean give each element? Leave the losses as "
                          "they are."))
def _mean_seed(mean_seed: Callable[[torch.Tensor], Any], x: torch.Tensor,
               target: torch.Tensor) -> bool | None:
    """losses.backward(mean_seed(losses)) must give the gradients of losses.mean(), for
    unreduced losses of several shapes and for one-element losses. The check runs the
    backward itself, so only what mean_seed returns counts."""
    device = x.device
    cases = [(x.detach(), target, None)] + [
        (fresh_tensor(*shape, seed=520 + i).to(device), torch.zeros(shape, device=device), None)
        for i, shape in enumerate(_MEAN_SHAPES)] + [
        (fresh_tensor(3, seed=525).to(device), torch.zeros(3, device=device), shape)
        for shape in [(), (1,)]]
    for values, goal, reduced_shape in cases:
        def losses_of(leaf: torch.Tensor, goal=goal, reduced_shape=reduced_shape) -> torch.Tensor:
            if reduced_shape is None:
                return torch.nn.functional.mse_loss(leaf, goal, reduction="none")
            return torch.nn.functional.mse_loss(leaf, goal).reshape(reduced_shape)

        leaf = values.clone().requires_grad_()
        losses = losses_of(leaf)
        seed = answer_for(mean_seed, losses)
        if not isinstance(seed, torch.Tensor):
            return seed  # untouched (None); not a tensor, or losses changed in place (False)
        (got,) = torch.autograd.grad(losses, leaf, seed)
        again = values.clone().requires_grad_()
        (want,) = torch.autograd.grad(losses_of(again).mean(), again)
        if not same(got, want):
            return False
    return True


def _node_names(t: torch.Tensor) -> set[str]:
    """The class names of every backward node behind t."""
    names, todo, seen = set(), [t.grad_fn], set()
    while todo:
        fn = todo.pop()
        if fn is None or fn in seen:
            continue
        seen.add(fn)
        names.add(type(fn).__name__)
        todo.extend(nxt for nxt, _ in fn.next_functions)
    return names


_SHAPES_05_3 = [(6, 2), (2, 5), (1, 3)]  # samples × numbers per sample, after the cell's own


@exercise("05.3", hint=N_("'mean' divides by every element; start from nn.MSELoss's summed loss "
                          "(or from reduction='none') and divide by the number of samples, "
                          "which is not the same for every batch."))
def _per_sample_mean(per_sample_mse: Callable[[torch.Tensor, torch.Tensor], Any],
                     a: torch.Tensor, b: torch.Tensor) -> bool | None:
    """per_sample_mse(a, b) must be one number, each sample's squared errors added up and then
    averaged over the samples, built from nn.MSELoss (its node is in the graph), and must send
    a the gradient of that: on the cell's a, b and on fresh batches of other shapes."""
    cases = [(a.detach(), b.detach())] + [
        (fresh_tensor(*shape, seed=530 + i).to(a.device),
         fresh_tensor(*shape, seed=540 + i).to(a.device))
        for i, shape in enumerate(_SHAPES_05_3)]
    for a_values, b_values in cases:
        leaf = a_values.clone().requires_grad_()
        loss = per_sample_mse(leaf, b_values)
        if loss is ...:
            return None  # untouched
        if not isinstance(loss, torch.Tensor) or loss.dim() != 0 or not loss.requires_grad:
            return False  # not one number, or not computed from a by autograd
        if "MseLossBackward0" not in _node_names(loss):
            return False  # squared errors written out by hand: not built from nn.MSELoss
        n = a_values.shape[0]
        if not same(loss.detach(), ((a_values - b_values) ** 2).sum() / n):
            return False
        (grad,) = torch.autograd.grad(loss, leaf)
        if not same(grad, 2 * (a_values - b_values) / n):
            return False
    return True
