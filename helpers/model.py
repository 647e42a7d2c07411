"""The autograd graph as plain data: what every view of it (``draw``, the stepper, the
torchviz table, the measurements) reads, walked the same way for all of them.

No graphviz and no HTML here: backward nodes reached from the roots, each once; the tensors a
node saved and their state (alive, freed by backward(), overwritten in place) as a value;
which module owns which node; which ops compact mode folds into an edge. helpers.labels turns
these into text, helpers.render into DOT.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import NamedTuple

import torch
from torch import nn

__all__ = ["RESHAPES", "Saved", "SavedState", "backward_nodes", "check_names", "check_roots",
           "collapse", "fold", "hooked", "module_groups", "param_names", "runs", "saved",
           "storage", "tensor_boxes", "tensor_kind"]


def check_roots(roots: tuple, caller: str) -> None:
    """Refuse anything but one or more tensors, saying how to call `caller` instead."""
    if not roots:
        raise TypeError(f"{caller}() wants at least one tensor, e.g. {caller}(loss)")
    for r in roots:
        if not isinstance(r, torch.Tensor):
            hint = (f" (several outputs? pass them separately: {caller}(a, b))"
                    if isinstance(r, (list, tuple)) else "")
            raise TypeError(f"{caller}() wants tensors produced by a computation, e.g. "
                            f"{caller}(loss); got {type(r).__name__}{hint}")


def check_names(names: object, caller: str) -> None:
    """Refuse a ``names=`` other than None or a dict of name -> tensor, in `caller`'s words."""
    if names is None:
        return
    wants = f"{caller}(): names= wants a dict of name -> tensor, e.g. names={{'x': x, 'w': w}}"
    if not isinstance(names, Mapping):
        raise TypeError(f"{wants}; got {type(names).__name__}")
    for k, v in names.items():
        if not isinstance(k, str) or not isinstance(v, torch.Tensor):
            raise TypeError(f"{wants}; got {k!r}: {type(v).__name__}")


def backward_nodes(*roots: torch.Tensor) -> list:
    """Every backward node reachable from the roots' grad_fn, each once, roots' first."""
    seen: dict = {}  # a dict keeps discovery order
    todo = [r.grad_fn for r in roots if r.grad_fn is not None]
    while todo:
        fn = todo.pop()
        if fn not in seen:
            seen[fn] = None
            todo.extend(nxt for nxt, _ in fn.next_functions if nxt is not None)
    return list(seen)


class SavedState(str, enum.Enum):
    """What became of a tensor a backward node saved."""

    ALIVE = "alive"
    FREED = "freed"  # released by backward() (without retain_graph=True)
    OVERWRITTEN = "overwritten"  # an in-place op changed it: backward would fail


class Saved(NamedTuple):
    """One tensor a backward node saved: its attribute name, the tensor while it is alive."""

    name: str  # "self", "other", "saved_tensors[0]"
    tensor: torch.Tensor | None  # None unless ALIVE
    state: SavedState


def saved(fn: object) -> list[Saved]:
    """The tensors a backward node saved, each with its state, in attribute order."""
    attrs = [a for a in dir(fn) if a.startswith("_saved_")]
    if isinstance(fn, torch.autograd.function.BackwardCFunction):
        attrs.append("saved_tensors")  # a custom autograd.Function's ctx.save_for_backward
    out: list[Saved] = []
    for attr in attrs:
        name = attr.removeprefix("_saved_")
        try:
            value = getattr(fn, attr)
        except RuntimeError as e:  # backward() freed it, or an in-place op overwrote it
            why = "freed" in str(e) or "second time" in str(e)
            out.append(Saved(name, None, SavedState.FREED if why else SavedState.OVERWRITTEN))
            continue
        if isinstance(value, torch.Tensor):
            out.append(Saved(name, value, SavedState.ALIVE))
        elif isinstance(value, (tuple, list)):
            out += [Saved(f"{name}[{i}]", v, SavedState.ALIVE) for i, v in enumerate(value)
                    if isinstance(v, torch.Tensor)]
    return out


def storage(t: torch.Tensor) -> int:
    """Where a tensor's memory starts: two tensors that share it share their values."""
    try:
        return t.untyped_storage().data_ptr()
    except (RuntimeError, NotImplementedError):  # tensors without storage (meta, sparse)
        return 0


def hooked(t: torch.Tensor) -> bool:
    """Whether a hook is registered on ``t``: on its gradient, or (a leaf) after its .grad
    is written."""
    return bool(t._backward_hooks) or bool(getattr(t, "_post_accumulate_grad_hooks", None))


def tensor_boxes(roots: tuple[torch.Tensor, ...], names: Mapping[str, torch.Tensor],
                 constants: bool = True) -> list[tuple[str, torch.Tensor]]:
    """The tensors that get a box of their own, (name, tensor) in order: every named tensor,
    then each root without a name ("output", or "output 1", "output 2", ...).

    ``constants=False`` leaves out the named tensors that need no grad: the stepper boxes
    only what backward reaches, ``draw`` also the constants beside the graph.
    """
    named = [(n, t) for n, t in names.items() if constants or t.requires_grad]
    return named + [(f"output {i}" if len(roots) > 1 else "output", r)
                    for i, r in enumerate(roots, 1) if not any(r is t for _, t in named)]


def tensor_kind(t: torch.Tensor, roots: tuple[torch.Tensor, ...]) -> str:
    """Which style a tensor that requires grad gets."""
    if any(t is r for r in roots):
        return "output"
    if isinstance(t, nn.Parameter):
        return "parameter"
    return "leaf input" if t.is_leaf else "intermediate"


# --- modules: which backward nodes a module owns --------------------------------------------

def module_groups(modules: object) -> dict[str, nn.Module]:
    """``modules=`` as name -> module: an nn.Module's children (a module with none, whole),
    or the dict itself; TypeError for anything else."""
    if modules is None:
        return {}
    if isinstance(modules, nn.Module):  # collapse its children; a module with none, whole
        return dict(modules.named_children()) or {type(modules).__name__: modules}
    if isinstance(modules, Mapping) and all(
        isinstance(k, str) and isinstance(m, nn.Module) for k, m in modules.items()
    ):
        return dict(modules)
    raise TypeError("modules= wants an nn.Module or a dict of name -> nn.Module; "
                    f"got {type(modules).__name__}")


def param_names(modules: nn.Module | Mapping[str, nn.Module] | None) -> dict[int, str]:
    """Names for the parameters of ``modules=`` (draw's and backward_steps'), by id: for a
    module, its own dotted names ("fc1.weight", "0.bias", and "scale" for a parameter of the
    module itself); for a dict, each entry's name in front ("fc1.weight")."""
    if isinstance(modules, nn.Module):
        return {id(p): n for n, p in modules.named_parameters()}
    return {id(p): f"{key}.{n}" for key, m in module_groups(modules).items()
            for n, p in m.named_parameters()}


class _Links(NamedTuple):
    """The graph's edges both ways, and where each parameter shows up in it."""

    nexts: dict  # fn -> the nodes it sends gradients to
    before: dict  # fn -> the nodes that send gradients to it
    accumulators: dict[int, object]  # id(leaf) -> its AccumulateGrad
    savers: dict[int, set]  # storage -> the nodes that saved a tensor there


def _links(fns: list, savers_too: bool) -> _Links:
    nexts = {fn: [n for n, _ in fn.next_functions if n is not None] for fn in fns}
    before: dict = {fn: set() for fn in fns}  # reverse edges: who consumes fn
    accumulators: dict[int, object] = {}
    savers: dict[int, set] = {}
    for fn in fns:
        for n in nexts[fn]:
            before[n].add(fn)
        if hasattr(fn, "variable"):
            accumulators[id(fn.variable)] = fn
        for s in saved(fn) if savers_too else ():
            if s.tensor is not None:
                savers.setdefault(storage(s.tensor), set()).add(fn)
    return _Links(nexts, before, accumulators, savers)


def _owned(module: nn.Module, links: _Links) -> set:
    """The nodes a module's parameters alone lead to, and the ops next to them."""
    params = list(module.parameters())
    own = {links.accumulators[id(p)] for p in params if id(p) in links.accumulators}
    todo = list(own)
    while todo:  # nodes that read only the module's parameters, e.g. TBackward0 of a weight
        for fn in links.before[todo.pop()]:
            # (a None in next_functions is an input that needs no grad: data, not a parameter)
            if fn not in own and all(n in own for n, _ in fn.next_functions):
                own.add(fn)
                todo.append(fn)
    seeds = own | {fn for o in own for fn in links.before[o]}  # the ops that consume them
    return seeds | {fn for p in params for fn in links.savers.get(storage(p), ())}  # frozen


def collapse(fns: list, groups: dict[str, nn.Module]) -> dict[object, str]:
    """Map backward nodes to the module that owns them (the docstring of draw says how)."""
    links = _links(fns, bool(groups))
    owner: dict[object, str] = {}
    for key, module in groups.items():
        seeds = _owned(module, links)
        # Everything on a path between two seeds: reachable from a seed both ways.
        down, up = _reach(seeds, links.nexts), _reach(seeds, links.before)
        for fn in seeds | (down & up):
            owner.setdefault(fn, key)
    return owner


def _reach(start: set, step: Mapping) -> set:
    found, todo = set(), [n for s in start for n in step[s]]
    while todo:
        fn = todo.pop()
        if fn not in found:
            found.add(fn)
            todo.extend(step[fn])
    return found


# --- compact mode: ops folded into the edge out of a leaf -----------------------------------

RESHAPES = ("TBackward", "ViewBackward", "ReshapeAliasBackward", "UnsafeViewBackward",
            "ExpandBackward", "PermuteBackward", "TransposeBackward", "UnsqueezeBackward",
            "SqueezeBackward", "AliasBackward")


def fold(fns: list) -> dict[object, tuple[torch.Tensor, str]]:
    """Compact mode: the backward nodes a leaf's box stands for, with the ops on the way.

    Each AccumulateGrad stands for its leaf; so does a reshaping op (``TBackward0`` of a
    weight) whose only input is such a node, its name kept for the edge label (".T").
    """
    folded = {fn: (fn.variable, "") for fn in fns if hasattr(fn, "variable")}
    grew = True
    while grew:
        grew = False
        for fn in fns:
            name = type(fn).__name__
            inputs = [n for n, _ in fn.next_functions if n is not None]
            if fn not in folded and name.startswith(RESHAPES) and len(inputs) == 1 \
                    and inputs[0] in folded:
                leaf, ops = folded[inputs[0]]
                op = re.sub(r"Backward\d*$", "", name)
                folded[fn] = (leaf, f"{ops}.{op if op == 'T' else op.lower()}")
                grew = True
    return folded


def runs(fns: list, plain: set, named: set) -> dict[object, list]:
    """Compact mode, saved tensors listed: rows of ``plain`` ops, each the only input of the
    next and none of them in ``named`` (a named tensor's op), by their first op."""
    consumers: dict = {}
    for fn in fns:
        for n, _ in fn.next_functions:
            consumers[n] = consumers.get(n, 0) + 1
    after: dict = {}  # op -> the op that continues its run
    for fn in plain:
        ins = [n for n, _ in fn.next_functions if n is not None]
        if len(ins) == 1 and ins[0] in plain and consumers[ins[0]] == 1 \
                and ins[0] not in named:
            after[ins[0]] = fn
    found = {}
    for first in plain - set(after.values()):
        run = [first]
        while run[-1] in after:
            run.append(after[run[-1]])
        if len(run) > 1:
            found[first] = run
    return found
