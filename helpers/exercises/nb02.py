"""The exercises of notebook 02: one check per try cell, registered by ID."""

from __future__ import annotations

import torch

from helpers.exercises.core import (
    exercise,
    fresh_tensor,
    same,
)


@exercise("02.1", hint="freezing is per tensor, and one GRU layer owns several: list "
                       "gru.named_parameters() and switch off every tensor of the second layer "
                       "(its names say which), and none of the first.")
def _gru_second_layer_frozen(gru: torch.nn.GRU) -> bool | None:
    """Exactly the tensors of the GRU's second layer (names ending in _l1) are frozen."""
    flags = {name: p.requires_grad for name, p in gru.named_parameters()}
    if all(flags.values()):
        return None  # nothing frozen yet
    # the same GRU as the cell made: a rebuilt or shrunk one would dodge the task
    expected = dict(torch.nn.GRU(gru.input_size, gru.hidden_size, num_layers=2).named_parameters())
    if set(flags) != set(expected):
        return False
    return all(flags[name] == (not name.endswith("_l1")) for name in flags)


@exercise("02.2", hint="one trainable tensor on the path is enough for C03's spreading rule: "
                       "which tensors of the Linear layer are still trainable? (eval() changes "
                       "how some layers compute, not what autograd records.)")
def _output_needs_no_grad(net: torch.nn.Sequential) -> bool | None:
    """The cell's net (bias frozen) was changed so that its output needs no gradient."""
    layer = net[0]
    if not isinstance(layer, torch.nn.Linear) or layer.in_features != 3:
        return False  # a different network: the task is to change this one
    if layer.weight.requires_grad and net.training:
        return None  # as the cell made it: nothing tried yet
    out = net(fresh_tensor(2, 3, seed=22))
    return not out.requires_grad and out.grad_fn is None


@exercise("02.3", hint="cross entropy cannot send a gradient to its class weight, and the "
                       "weight is a buffer: the very tensor you passed, which a switch on the "
                       "module's parameters never reaches. Give the loss the same numbers in a "
                       "tensor with no history, and leave class_weight requiring grad.")
def _class_weight_without_history(loss_fn: torch.nn.Module, class_weight: torch.Tensor) -> bool:
    """The loss runs, weighs the classes as class_weight does, and class_weight is unchanged."""
    if not class_weight.requires_grad:  # it belongs to whatever learns it: not ours to switch
        return False
    weight = getattr(loss_fn, "weight", None)
    if (not isinstance(weight, torch.Tensor) or weight.requires_grad
            or not torch.equal(weight, class_weight.detach())):
        return False
    # fresh inputs, from their own generator: the loss must still pass a gradient to the logits
    logits = fresh_tensor(6, 3, seed=23).requires_grad_()
    labels = torch.tensor([0, 1, 2, 2, 1, 0])
    loss = loss_fn(logits, labels)
    reference = torch.nn.functional.cross_entropy(logits.detach(), labels,
                                                  weight=class_weight.detach())
    if not same(loss, reference) or loss.grad_fn is None:
        return False
    loss.backward()
    return logits.grad is not None


_DEEPER_BY = 3  # 02.4: how many more backward functions between the loss and mlp3[0].weight


@exercise("02.4", hint="depth is counted from the loss, backward: only backward functions "
                       "between the loss and the op that uses 0.weight push it deeper. Where must "
                       "new layers go for that, and how many backward functions does each add?")
def _weight_pushed_deeper(net: torch.nn.Module, mlp3: torch.nn.Sequential,
                          x: torch.Tensor) -> bool:
    """mlp3[0].weight sits _DEEPER_BY more hops from net(x)'s loss than from mlp3(x)'s."""
    from helpers.survey import graph_depths
    first = mlp3[0]
    if not isinstance(first, torch.nn.Linear):  # mlp3 itself was changed
        return False
    weight = {"w": first.weight}
    before = graph_depths(mlp3(x).pow(2).mean(), weight)["w"][0]
    after = graph_depths(net(x).pow(2).mean(), weight)
    if "w" not in after:  # a copy of the layers, not mlp3's own: its weight is not in the graph
        return False
    return after["w"][0] == before + _DEEPER_BY
