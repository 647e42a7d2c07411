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
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import torch
from torch import nn

__all__ = ["DRAW", "RESHAPES", "STEPPER", "TENSOR_KINDS", "Edge", "Graph", "Node", "Saved",
           "SavedState", "View", "Walk", "backward_nodes", "check_names", "check_roots",
           "collapse", "build", "fold", "hooked", "module_groups", "new_id", "param_names",
           "runs", "saved", "storage", "tensor_boxes", "tensor_kind", "walk"]


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


# --- the graph every view draws: nodes with kinds, edges with roles -------------------------

TENSOR_KINDS = ("leaf input", "parameter", "intermediate", "output")  # tensor_kind's answers


class Node(NamedTuple):
    """One box: what it stands for. ``kind`` is a tensor's kind (``TENSOR_KINDS``),
    "constant", "function", "accumulate", "saved" or "module"."""

    kind: str
    name: str  # a tensor's, a module's; a backward node's class; a saved tensor's attribute;
    # an AccumulateGrad's leaf
    tensor: torch.Tensor | None = None  # a tensor box's tensor; a saved one's while alive
    fn: object = None  # a function's or AccumulateGrad's node; the node that saved a tensor
    run: tuple = ()  # compact: the backward nodes one function box lists, in order
    module: nn.Module | None = None  # a module box's module (a frozen one is a "constant")
    members: int = 0  # a module box: how many backward nodes it stands for
    state: SavedState = SavedState.ALIVE  # a saved tensor's, when the graph was made


class Edge(NamedTuple):
    """An arrow, the way data flowed forward. ``role``: "data" (a value into the op that
    used it, or out of the op that made a named tensor), "accumulate" (a leaf into its
    AccumulateGrad), "saved" (a saved tensor to its node), "detach" (a tensor to its
    detached copy)."""

    role: str
    label: str = ""  # compact: the reshaping ops folded into the arrow (".T")


class View(NamedTuple):
    """Where the views differ on purpose: ``DRAW`` and ``STEPPER`` below say why."""

    constants: bool = True  # named tensors without grad, their detach() edge, frozen modules
    keep_members: bool = False  # a module's own nodes stay (``Graph.inside`` says where)
    compact: bool = False  # fold each leaf's AccumulateGrad and reshapes into its edge
    show_saved: bool = True  # an ellipse per saved tensor (compact without: runs of ops)
    number_leaves: bool = False  # unnamed leaves "leaf", "leaf 2", ... (else each "leaf")
    module_prefix: str = ""  # a module box's id: "fc1", or "module fc1"


# draw: everything around the graph too (constants, their detach() edge, frozen modules);
# a module's nodes are replaced by its box; compact mode folds leaves and lists runs.
DRAW = View()
# The stepper: only what backward reaches (no constants); never folds, and keeps a module's
# nodes (every node is a step, drawn inside its module's box); numbers unnamed leaves so a
# caption can tell them apart.
STEPPER = View(constants=False, keep_members=True, number_leaves=True, module_prefix="module ")


@dataclass
class Graph:
    """The boxes and arrows of one view of the graph behind ``roots``, in the order made."""

    roots: tuple[torch.Tensor, ...]
    fns: list  # backward_nodes(*roots)
    named: list[tuple[str, torch.Tensor]] = field(default_factory=list)  # tensor_boxes(...)
    nodes: dict[str, Node] = field(default_factory=dict)  # DOT-safe id -> node
    edges: dict[tuple[str, str], Edge] = field(default_factory=dict)
    ids: dict[object, str] = field(default_factory=dict)  # fn, id(tensor), ("module", key),
    # (fn, attr) of a saved tensor -> its node's id
    sends: dict[tuple[object, int], tuple[str, str]] = field(default_factory=dict)  # (fn, i):
    # the arrow the i-th gradient fn sends goes back along
    inside: dict[str, str] = field(default_factory=dict)  # keep_members: node -> module box
    box_of: dict[object, str] = field(default_factory=dict)  # every backward node shown ->
    # the box that stands for it: its own, its module's, its leaf's (folded) or its run's

    def tensors(self) -> dict[str, Node]:
        """The tensor boxes that take part in backward, by id."""
        return {k: n for k, n in self.nodes.items() if n.kind in TENSOR_KINDS}

    def of_kind(self, *kinds: str) -> dict[str, Node]:
        return {k: n for k, n in self.nodes.items() if n.kind in kinds}

    def pairs(self, role: str) -> list[tuple[str, str]]:
        """Boxes that may share a rank: "accumulate" (a leaf, its AccumulateGrad), "made"
        (an op, the named tensor it made), "saved" (a node, a tensor it saved)."""
        if role == "saved":
            return [(b, a) for (a, b), e in self.edges.items() if e.role == "saved"]
        if role == "made":
            return [e for e, r in self.edges.items() if r.role == "data" and self.made(e)]
        return [e for e, r in self.edges.items() if r.role == role]

    def made(self, edge: tuple[str, str]) -> bool:
        """Whether an edge goes from an op into the tensor box it made."""
        return self.nodes[edge[1]].kind in TENSOR_KINDS


class Walk(NamedTuple):
    """The backward nodes behind the roots and the modules that own some of them: what a
    view knows before it makes a box (``draw`` refuses a graph too big from it)."""

    roots: tuple[torch.Tensor, ...]
    fns: list  # backward_nodes(*roots)
    groups: dict[str, nn.Module]  # module_groups(modules)
    owner: dict[object, str]  # backward node -> the module that owns it (collapse)
    param_names: dict[int, str]  # id(parameter) -> its name in modules=


def walk(roots: tuple[torch.Tensor, ...], modules: object = None) -> Walk:
    """Walk the graph behind ``roots`` once; ``modules=`` as draw and the stepper take it."""
    groups = module_groups(modules)
    fns = backward_nodes(*roots)
    return Walk(roots, fns, groups, collapse(fns, groups),
                param_names(modules))  # type: ignore[arg-type]  # module_groups checked it


def build(w: Walk, names: Mapping[str, torch.Tensor], view: View = DRAW) -> Graph:
    """The boxes and arrows of ``w`` as ``view`` draws them (draw's docstring says what each
    box means, how modules are collapsed and what compact mode folds)."""
    b = _Build(w, names, view)
    for phase in (b.tensors, b.modules, b.find_runs, b.functions, b.data_edges, b.saved,
                  b.constants, b.frozen_modules, b.members):
        phase()
    b.graph.box_of = {fn: b.rep(fn) for fn in w.fns if b.shown(fn)}
    return b.graph


class _Build:
    """Makes a Graph one phase at a time (``build`` runs them in order: the ids come out in
    that order, so a name taken twice gets "_2" the same way in every view)."""

    def __init__(self, w: Walk, names: Mapping[str, torch.Tensor], view: View) -> None:
        self.w, self.view = w, view
        self.graph = Graph(w.roots, w.fns)
        # a module's nodes give way to its box, unless the view keeps them
        self.replaced = {} if view.keep_members else w.owner
        # compact: backward node -> (the leaf it stands for, the ops folded into the edge)
        self.folded = fold(w.fns) if view.compact else {}
        self.runs: dict[object, list] = {}  # compact: first op of a run -> the run, in order
        self.head: dict[object, object] = {}  # op in a run -> the run's first op
        self.boxes = self.graph.named = tensor_boxes(w.roots, names, view.constants)
        self.box_names = {id(t): n for n, t in self.boxes}
        self.through: dict[tuple[object, int], str] = {}  # (grad_fn, output_nr) -> its box
        self.unnamed = 0  # leaves without a name so far

    def node(self, key: object, base: str, node: Node) -> str:
        nid = new_id(base, self.graph.nodes)
        self.graph.nodes[nid] = node
        self.graph.ids[key] = nid
        return nid

    def edge(self, a: str, b: str, role: str, label: str = "") -> tuple[str, str]:
        if a != b and (a, b) not in self.graph.edges:  # no loop inside a collapsed module
            self.graph.edges[(a, b)] = Edge(role, label)
        return a, b

    def rep(self, fn: object) -> str:
        """The box that stands for a backward node: its module's if replaced, its leaf's if
        folded (compact), its run's, else its own."""
        if fn in self.replaced:
            return self.graph.ids[("module", self.replaced[fn])]
        if fn in self.folded:
            return self.graph.ids[id(self.folded[fn][0])]
        return self.graph.ids[self.head.get(fn, fn)]

    def shown(self, fn: object) -> bool:
        return fn in self.replaced or fn in self.folded or self.head.get(fn, fn) in self.graph.ids

    def tensors(self) -> None:
        """A box for every named tensor that requires grad (and each unnamed root)."""
        for name, t in self.boxes:
            if t.requires_grad:
                nid = self.node(id(t), name, Node(tensor_kind(t, self.w.roots), name, t))
                if t.grad_fn is not None:
                    self.through.setdefault((t.grad_fn, t.output_nr), nid)

    def modules(self) -> None:
        """A box per module that owns some backward nodes."""
        for key, module in self.w.groups.items():
            members = sum(1 for k in self.w.owner.values() if k == key)
            if members:
                self.node(("module", key), self.view.module_prefix + key,
                          Node("module", key, module=module, members=members))

    def find_runs(self) -> None:
        """Compact mode, saved tensors listed: a row of plain ops, each the only input of
        the next and none of them a named tensor's op, becomes one box listing them."""
        if not self.view.compact or self.view.show_saved:
            return
        plain = {fn for fn in self.w.fns if fn not in self.replaced and fn not in self.folded
                 and not hasattr(fn, "variable")}
        self.runs = runs(self.w.fns, plain, {fn for fn, _ in self.through})
        for first, run in self.runs.items():
            self.head.update((fn, first) for fn in run)

    def functions(self) -> None:
        """The backward nodes shown; an AccumulateGrad brings its leaf if it has no box."""
        for fn in self.w.fns:
            if fn in self.replaced or (fn in self.folded and not hasattr(fn, "variable")) \
                    or self.head.get(fn, fn) is not fn:
                continue
            var = getattr(fn, "variable", None)  # only AccumulateGrad nodes have .variable
            if var is None:
                name = type(fn).__name__
                self.node(fn, name, Node("function", name, fn=fn,
                                         run=tuple(self.runs.get(fn, [fn]))))
            else:
                self.leaf(fn, var)

    def leaf(self, fn: object, var: torch.Tensor) -> None:
        """An AccumulateGrad (unless folded) and, when it has none yet, its leaf's box."""
        boxed = id(var) in self.graph.ids
        self.unnamed += not boxed
        numbered = f"leaf {self.unnamed}" if self.view.number_leaves and self.unnamed > 1 \
            else "leaf"
        leaf = (self.graph.nodes[self.graph.ids[id(var)]].name if boxed
                else self.box_names.get(id(var)) or self.w.param_names.get(id(var), numbered))
        if fn not in self.folded:
            self.node(fn, f"AccumulateGrad_{leaf}", Node("accumulate", leaf, fn=fn))
        if not boxed:  # an unnamed leaf, e.g. a parameter not in names=
            self.node(id(var), leaf, Node(tensor_kind(var, self.w.roots), leaf, var))

    def data_edges(self) -> None:
        """Edges point the way data flowed in the forward pass: from next_function to fn,
        through a named tensor's box (unless its op is replaced by its module's box)."""
        ids = self.graph.ids
        for fn in self.w.fns:
            if fn in self.folded:
                continue  # drawn as its leaf: the edges out of the leaf stand for it
            for i, (nxt, nr) in enumerate(fn.next_functions):
                if nxt is not None:
                    routed = nxt not in self.replaced and (nxt, nr) in self.through
                    ops = self.folded[nxt][1] if nxt in self.folded else ""
                    self.graph.sends[(fn, i)] = self.edge(
                        self.through[(nxt, nr)] if routed else self.rep(nxt), self.rep(fn),
                        "data", ops)
            var = getattr(fn, "variable", None)
            if var is not None and id(var) in ids:
                self.edge(ids[id(var)], self.rep(fn), "accumulate")
        for _, t in self.boxes:
            if t.grad_fn is not None and self.shown(t.grad_fn):  # reached from a root
                self.edge(self.rep(t.grad_fn), ids[id(t)], "data")

    def saved(self) -> None:
        """The tensors each node shown saved, alive or not."""
        if not self.view.show_saved:
            return
        for fn in self.w.fns:
            if fn in self.replaced or fn in self.folded:
                continue
            for s in saved(fn):
                fid = self.graph.ids[fn]
                sid = self.node((fn, s.name), f"{fid}.{s.name}",
                                Node("saved", s.name, s.tensor, fn=fn, state=s.state))
                self.edge(sid, fid, "saved")

    def constants(self) -> None:
        """Named tensors that need no grad, outside the graph; a detach() edge from the
        tensor whose memory they share (same memory, no graph: a detach() or .data)."""
        for name, t in self.boxes:
            if t.requires_grad:
                continue
            cid = self.node(id(t), name, Node("constant", name, t))
            memory = storage(t)
            source = next((s for _, s in self.boxes
                           if s.requires_grad and storage(s) == memory), None)
            if memory and source is not None:
                self.edge(self.graph.ids[id(source)], cid, "detach")

    def frozen_modules(self) -> None:
        """A module whose parameters are all frozen and whose ops could not be found."""
        for key, module in self.w.groups.items():
            params = list(module.parameters())
            if self.view.constants and ("module", key) not in self.graph.ids and params \
                    and not any(p.requires_grad for p in params):
                self.node(("module", key), self.view.module_prefix + key,
                          Node("constant", key, module=module))

    def members(self) -> None:
        """keep_members: each module's nodes, their saved tensors and leaves -> its box."""
        if not self.view.keep_members:
            return
        ids = self.graph.ids
        for fn, key in self.w.owner.items():
            var = getattr(fn, "variable", None)
            inside = [ids[fn], *(ids[(fn, s.name)] for s in saved(fn) if (fn, s.name) in ids),
                      *([ids[id(var)]] if var is not None and id(var) in ids else [])]
            self.graph.inside.update(dict.fromkeys(inside, ids[("module", key)]))


def new_id(base: str, taken: Container[str]) -> str:
    """A readable DOT id not in ``taken``: "x2", "MulBackward0", "MulBackward0_2" (a ":"
    would read as a graphviz port)."""
    nid, n = base.replace(":", "_"), 1
    while nid in taken:
        n += 1
        nid = f"{base.replace(':', '_')}_{n}"
    return nid
