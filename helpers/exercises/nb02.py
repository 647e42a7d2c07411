"""The exercises of notebook 02: one check per try cell, registered by ID."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import torch

from helpers.exercises.core import (
    exercise,
    fresh_linear,
    fresh_tensor,
    same,
)
from helpers.exercises.nb01 import untouched
from helpers.i18n import N_


def _layer(name: str) -> int:
    """The layer a stacked RNN's parameter belongs to, from its name (weight_ih_l1_reverse: 1)."""
    found = re.search(r"_l(\d+)", name)
    if found is None:
        raise ValueError(f"{name} names no layer")
    return int(found.group(1))


@exercise("02.1", hint=N_("freezing is per tensor, and one layer of a stacked RNN owns several "
                          "(more with two directions): list named_parameters() of such an RNN "
                          "and switch off every tensor whose name says it belongs to the second "
                          "layer, and none of the others."))
def _second_layer_frozen(freeze_second_layer: Callable[..., Any]) -> bool | None:
    """On the check's own stacked RNNs (GRU and LSTM, one and two directions, with and without
    biases), exactly the tensors of the second layer are frozen, the tensors themselves (not
    replacements) still in place."""
    if untouched(freeze_second_layer):
        return None
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(21)
        rnns = [torch.nn.GRU(3, 5, num_layers=3), torch.nn.GRU(2, 3, num_layers=2, bias=False),
                torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)]
    for rnn in rnns:
        before = {name: id(p) for name, p in rnn.named_parameters()}
        freeze_second_layer(rnn)
        after = dict(rnn.named_parameters())
        if {name: id(p) for name, p in after.items()} != before:
            return False  # parameters replaced, added or removed
        if any(p.requires_grad == (_layer(name) == 1) for name, p in after.items()):
            return False
    return True


def _nets() -> list[torch.nn.Module]:
    """02.2's networks: one like the cell's, and two with more trainable tensors."""
    half = torch.nn.Sequential(fresh_linear(3, 3, seed=22), torch.nn.ReLU())
    half[0].bias.requires_grad_(False)
    mlp = torch.nn.Sequential(fresh_linear(3, 4, seed=23), torch.nn.Tanh(),
                              fresh_linear(4, 2, seed=24))
    mlp[0].requires_grad_(False)  # the second layer alone is still trainable
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(25)
        conv = torch.nn.Sequential(torch.nn.Conv1d(3, 2, 1), torch.nn.Flatten(),
                                   torch.nn.Linear(4, 2))
    return [half, mlp, conv]


@exercise("02.2", hint=N_("by C03's spreading rule, one trainable tensor on the path is enough "
                          "to make the output need a gradient. Which tensors of a network are "
                          "still trainable? (eval() changes how some layers compute, not what "
                          "autograd records; and a tracked input must still get its gradient.)"))
def _output_needs_no_grad(make_gradient_free: Callable[..., Any], net: torch.nn.Module
                          ) -> bool | None:
    """On the cell's net and the check's own networks: afterwards no parameter requires grad
    (the parameters themselves still in place), the output on a plain input needs no
    gradient, and a tracked input still gets the gradient it would get through the network."""
    if untouched(make_gradient_free):
        return None
    for model in [copy.deepcopy(net), *_nets()]:
        reference = copy.deepcopy(model).requires_grad_(False)
        params = [id(p) for p in model.parameters()]
        make_gradient_free(model)
        if [id(p) for p in model.parameters()] != params or any(
                p.requires_grad for p in model.parameters()):
            return False
        first = next(iter(model.children()), model)
        shape = (2, 3, 2) if isinstance(first, torch.nn.Conv1d) else (2, 3)
        plain = model(fresh_tensor(*shape, seed=26))
        if plain.requires_grad or plain.grad_fn is not None:
            return False
        x, x_ref = (fresh_tensor(*shape, seed=27).requires_grad_() for _ in range(2))
        out = model(x)
        if not out.requires_grad:
            return False  # the gradient no longer reaches a tracked input
        (grad,) = torch.autograd.grad(out.sum(), x)
        (expected,) = torch.autograd.grad(reference(x_ref).sum(), x_ref)
        if not same(grad, expected):
            return False
    return True


@exercise("02.3", hint=N_("cross entropy cannot send a gradient to its class weight, and the "
                          "weight is a buffer: the very tensor you pass, which a switch on the "
                          "module's parameters never reaches. Give the loss the same numbers in "
                          "a tensor with no history, and leave the caller's class_weight as it "
                          "is."))
def _class_weight_without_history(weighted_ce: Callable[..., Any]) -> bool | None:
    """weighted_ce(class_weight), on the check's own class weights, returns a loss that runs,
    weighs the classes as they do and passes a gradient to the logits; the class weights keep
    requiring grad and keep their values."""
    if untouched(weighted_ce):
        return None
    for seed, classes in enumerate((3, 5)):
        class_weight = (fresh_tensor(classes, seed=60 + seed).abs() + 0.1).requires_grad_()
        values = class_weight.detach().clone()
        loss_fn = weighted_ce(class_weight)
        if not (class_weight.requires_grad and class_weight.is_leaf
                and torch.equal(class_weight.detach(), values)):
            return False  # the caller's tensor was switched off or changed
        if not isinstance(loss_fn, torch.nn.Module):
            return False
        logits = fresh_tensor(6, classes, seed=70 + seed).requires_grad_()
        labels = torch.arange(6) % classes
        loss = loss_fn(logits, labels)
        reference = torch.nn.functional.cross_entropy(logits.detach(), labels, weight=values)
        if not same(loss, reference) or loss.grad_fn is None:
            return False
        loss.backward()
        if logits.grad is None:
            return False
    return True


def _deeper_cases() -> list[tuple[torch.nn.Sequential, torch.Tensor, int]]:
    """02.4's networks, inputs and how many hops deeper each must go."""
    small = torch.nn.Sequential(fresh_linear(2, 3, seed=80), torch.nn.Tanh(),
                                fresh_linear(3, 1, seed=81))
    wide = torch.nn.Sequential(fresh_linear(3, 4, seed=82), torch.nn.ReLU(),
                               fresh_linear(4, 2, seed=83))
    return [(small, fresh_tensor(5, 2, seed=84), 1), (wide, fresh_tensor(3, 3, seed=85), 2),
            (small, fresh_tensor(2, 2, seed=86), 4)]


@exercise("02.4", hint=N_("depth is counted from the loss, backward: only backward functions "
                          "between the loss and the op that uses the first weight push it "
                          "deeper, and a layer that computes nothing adds none. Where must new "
                          "layers go for that, how many backward functions does each add, and "
                          "how many do you need for k?"))
def _weight_pushed_deeper(push_deeper: Callable[..., Any]) -> bool | None:
    """On the check's own networks and depths k, push_deeper(net, k) returns a module in which
    net[0].weight (the tensor itself) sits k more hops from the loss than in net."""
    from helpers.survey import graph_depths

    if untouched(push_deeper):
        return None
    for net, x, k in _deeper_cases():
        first = net[0]
        assert isinstance(first, torch.nn.Linear)
        weight: dict[str, torch.Tensor] = {"w": first.weight}
        before = graph_depths(net(x).pow(2).mean(), weight)["w"][0]
        deeper = push_deeper(net, k)
        if not isinstance(deeper, torch.nn.Module):
            return False
        after = graph_depths(deeper(x).pow(2).mean(), weight)
        if "w" not in after:  # a copy of the layers, not net's own: its weight is not in the graph
            return False
        if after["w"][0] != before + k:
            return False
    return True
