"""The exercises of notebook 05: one check per try cell, registered by ID."""

from __future__ import annotations

import torch

from helpers.exercises.core import (
    exercise,
    same,
)


@exercise("05.1", hint="v weights the rows of J, and row i of J is the gradient of y[i].")
def _vjp_keeps_one_row(f, x):
    """x.grad, after the learner's y.backward(v), must be the gradient of y[1] alone."""
    if x.grad is None:  # no backward() yet
        return None
    fresh = x.detach().clone().requires_grad_()
    (row,) = torch.autograd.grad(f(fresh)[1], fresh)
    return same(x.grad, row)


@exercise("05.2", hint="backward multiplies every gradient by the one you pass, and that "
                       "gradient must have exactly loss.shape, which is torch.Size([]).")
def _half_gradient(x, target):
    """x.grad must be half of what a bare backward() of the MSE loss gives."""
    if x.grad is None:
        return None
    fresh = x.detach().clone().requires_grad_()
    torch.nn.functional.mse_loss(fresh, target).backward()
    return same(x.grad, fresh.grad / 2)


@exercise("05.3", hint="'mean' divides by every element; start from the summed loss (or from "
                       "reduction='none') and divide by the number of samples yourself.")
def _per_sample_mean(loss, a, b):
    """The learner's loss must send each element the gradient of a per-sample mean."""
    (grad,) = torch.autograd.grad(loss, a)
    return loss.dim() == 0 and same(grad, 2 * (a - b).detach() / a.shape[0])
