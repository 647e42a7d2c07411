"""Watch ``backward()`` run, one backward node at a time.

``steps = backward_steps(z2, names={"x2": x2, "w1": w1, "w2": w2, "y2": y2})`` runs the
backward pass itself, with a hook on every backward node, and returns the nodes in the order
autograd really ran them: what each one received, what it sent on, which saved tensors it
freed, which leaf ``.grad`` it wrote, and which tensor hooks fired. Shown in a notebook,
``steps`` is a stepper: the teaching graph of ``helpers.graph.draw``, one frame per step.

How the hooks see a step: autograd calls a node's tensor hooks, then its pre-hook, then the
node itself, then its post-hook, and only after that releases the node's saved tensors. So a
step is opened by its pre-hook, filled in by its post-hook, and closed (what was freed, the
picture of the graph) when the next node starts or backward returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, overload

import graphviz
import torch
from torch import nn

from helpers import palette, stepper_html
from helpers.i18n import tr
from helpers.labels import (
    and_list,
    box_label,
    gone,
    saved_label,
    shown,
    step_module_label,
    tensor_label,
    value,
    values,
)
from helpers.model import (
    STEPPER,
    SavedState,
    backward_nodes,
    build,
    check_names,
    check_roots,
    hooked,
    saved,
    walk,
)
from helpers.render import (
    EDGE_STYLES,
    FONT,
    STYLES,
    TIGHT,
    digraph,
    dot_label,
    fit,
    frame,
    measure,
    rank_same,
)

__all__ = ["HookFired", "Step", "Steps", "Wrote", "backward_steps"]

BACKWARD_KWARGS = {"grad_tensors", "retain_graph", "create_graph", "inputs"}
MAX_NODES = 60  # past this many boxes the display lists the steps in words, without graphs
# Every text in a frame is FONT (11 pt): readable after a wide graph is scaled to a page.
MIN_SCALE = stepper_html.MIN_SCALE  # how far a frame may shrink; render.FRAME follows
# The layouts a frame tries, in order: left to right, then stacked, then top to bottom
# (helpers.graph.draw turns a graph before it stacks it).
LADDER = (("LR", False), ("LR", True), ("TB", False), ("TB", True))
NOW = palette.NOW  # what happens at this step is drawn in this colour
# How a frame marks what happens at its step, on top of the box's own style.
LOOK = {
    "running": {"color": NOW, "penwidth": "3", "fillcolor": palette.RUNNING},
    "written": {"color": NOW, "penwidth": "3"},
    "freed now": {"color": NOW, "penwidth": "2", "fontcolor": NOW},
    "hook fired": {"color": palette.HOOK, "penwidth": "3", "fillcolor": palette.HOOK_FIRED},
    "hooked": {"color": palette.HOOK, "penwidth": "2.5"},
}


class Wrote(NamedTuple):
    """An AccumulateGrad step wrote ``leaf``'s ``.grad``; ``grad`` is its value afterwards."""

    leaf: str
    grad: torch.Tensor | None
    before: torch.Tensor | None  # .grad before the step (None: it was empty)


class HookFired(NamedTuple):
    """A tensor hook ran on ``tensor``'s gradient: ``before`` went in, ``after`` came out."""

    tensor: str
    before: torch.Tensor | None
    after: torch.Tensor | None


@dataclass
class Step:
    """One backward node running. Gradients are copies taken at that moment."""

    node: str  # "MulBackward0", "AccumulateGrad"
    fn: object = field(repr=False)  # the backward node itself
    grad_in: tuple[torch.Tensor | None, ...] = ()  # what it received (after tensor hooks)
    grad_out: tuple[torch.Tensor | None, ...] = ()  # what it sent, one per next function
    to: tuple[str | None, ...] = ()  # who got each of grad_out (None: nobody)
    freed: tuple[str, ...] = ()  # saved tensors released when it ran: "self", "other"
    wrote: Wrote | None = None  # AccumulateGrad only
    hooks: tuple[HookFired, ...] = ()  # tensor hooks that fired at this step
    _picture: dict[str, str] = field(default_factory=dict, repr=False)  # box id -> label after
    _gone: frozenset[str] = field(default=frozenset(), repr=False)  # saved boxes freed by then

    @property
    def caption(self) -> str:
        """The step in plain words, in the language spoken."""
        says = [tr("{node} receives {values}").format(node=self.node, values=values(self.grad_in))]
        for h in self.hooks:
            says.insert(0, tr("the hook on {tensor} turns {before} into {after}").format(
                tensor=h.tensor, before=shown(h.before), after=shown(h.after)))
        sent = [tr("{value} to {who}").format(value=value(g), who=who)
                for g, who in zip(self.grad_out, self.to, strict=True)
                if g is not None and who is not None]
        if sent:
            says.append(tr("sends {values}").format(values=and_list(sent)))
        if self.wrote is not None:
            w = self.wrote
            was = tr("was empty") if w.before is None else \
                tr("was {value}, adds to it").format(value=value(w.before))
            says.append(tr("writes {leaf}.grad = {grad} ({was})").format(
                leaf=w.leaf, grad=shown(w.grad), was=was))
        if self.freed:
            says.append(tr("frees its saved {names}").format(names=and_list(list(self.freed))))
        return tr("; ").join(says)


class Steps(Sequence[Step]):
    """The steps of one backward pass, in the order autograd ran them; shows as a stepper."""

    def __init__(self, steps: list[Step], graph: _Graph) -> None:
        self._steps = steps
        self._graph = graph
        self._frames: list[str] | None = None  # one SVG per step, made on first display

    @overload
    def __getitem__(self, i: int) -> Step: ...
    @overload
    def __getitem__(self, i: slice) -> list[Step]: ...
    def __getitem__(self, i: int | slice) -> Step | list[Step]:
        return self._steps[i]

    def __len__(self) -> int:
        return len(self._steps)

    def __repr__(self) -> str:
        return "\n".join(f"{i}. {s.caption}" for i, s in enumerate(self, 1))

    def frames(self) -> list[str]:
        """Each step's picture as SVG text, all laid out once so no box moves."""
        if self._frames is None:
            self._frames = _render(self._graph, self._steps)
        return self._frames

    def _repr_html_(self) -> str:
        captions = [s.caption for s in self._steps]
        if not self._steps or self._graph.drawn() > MAX_NODES:
            return stepper_html.in_words(captions, tr(
                "{count} boxes are too many to draw (at most {most}); the steps in words:"
            ).format(count=self._graph.drawn(), most=MAX_NODES))
        try:
            frames = self.frames()
        except graphviz.ExecutableNotFound:
            return stepper_html.in_words(captions, tr(
                "Graphviz's dot is not installed, so no pictures; the steps in words:"))
        return stepper_html.stepper(captions, frames)


def backward_steps(
    *roots: torch.Tensor,
    names: Mapping[str, torch.Tensor] | None = None,
    modules: nn.Module | Mapping[str, nn.Module] | None = None,
    **backward_kwargs: object,
) -> Steps:
    """Run ``torch.autograd.backward(roots, **backward_kwargs)`` and record every node it runs.

    Args:
        roots: the tensors backward starts from (usually the loss).
        names: name -> tensor, for the captions and the boxes of the graph; leaves without
            a name are called "leaf", "leaf 2", ...
        modules: an ``nn.Module`` (each child collapsed) or a dict name -> module: names
            its parameters ("fc1.weight") and, as ``draw`` does, draws each module as one
            box in the pictures. The recording does not change: every node is still a step.
        backward_kwargs: ``grad_tensors``, ``retain_graph``, ``create_graph``, ``inputs``,
            passed on to ``torch.autograd.backward`` unchanged.

    Returns:
        ``Steps``: a sequence of ``Step``, in the order autograd ran the nodes. Afterwards
        every ``.grad`` is what a plain ``backward()`` with the same arguments gives.
    """
    _check(roots, names, backward_kwargs)
    graph = _Graph(roots, dict(names or {}), modules)  # checks modules=, says what it wants
    recorder = _Recorder(graph)
    handles = []
    try:
        for fn in graph.fns:
            handles.append(fn.register_prehook(recorder.pre_hook(fn)))
            handles.append(fn.register_hook(recorder.post_hook(fn)))
        graph.spy_on_tensor_hooks(recorder.fired)
        try:
            torch.autograd.backward(roots, **backward_kwargs)  # type: ignore[arg-type]
        except RuntimeError as e:
            raise _explain(e, recorder) from e
        recorder.close()
    finally:  # even when backward raised: no hook of ours stays behind
        for h in handles:
            h.remove()
        graph.stop_spying()
    return Steps(recorder.steps, graph)


# --- checking the input -------------------------------------------------------------------

def _check(roots: tuple, names: object, kwargs: dict) -> None:
    """Fail before running anything, in words a learner can act on."""
    check_roots(roots, "backward_steps")
    for r in roots:
        if r.grad_fn is None:
            why = ("it is a leaf: backward() would only add 1 to its .grad, there are no steps "
                   "to watch" if r.requires_grad else "it was not computed from a tensor with "
                   "requires_grad=True (or under torch.no_grad(), or detached)")
            raise ValueError(f"backward_steps(): this tensor {tuple(r.shape)} has no grad_fn: "
                             f"{why}. Compute something from a tensor with requires_grad=True "
                             "and pass the result.")
    check_names(names, "backward_steps")
    unknown = sorted(set(kwargs) - BACKWARD_KWARGS)
    if unknown:
        raise TypeError(f"backward_steps() got {', '.join(unknown)}; it passes on only "
                        f"{', '.join(sorted(BACKWARD_KWARGS))} (torch.autograd.backward's own)")
    for fn in backward_nodes(*roots):
        gone = [s.name for s in saved(fn) if s.state is SavedState.FREED]
        if gone:
            raise RuntimeError(_FREED.format(node=type(fn).__name__, saved=and_list(gone)))


_FREED = ("backward_steps(): this graph was already used by a backward() that freed its saved "
          "tensors ({node} no longer has its saved {saved}), so it cannot run backward again. "
          "Pass retain_graph=True to the first backward() (or backward_steps()) to keep them, "
          "or compute the graph again.")


def _explain(e: RuntimeError, recorder: _Recorder) -> RuntimeError:
    """Autograd's own error, with where it happened and, when known, what to do."""
    where = f" at step {len(recorder.steps)} ({recorder.steps[-1].node})" \
        if recorder.steps else ""
    if "second time" in str(e):
        return RuntimeError(_FREED.format(node="a node", saved="tensors"))
    return RuntimeError(f"backward_steps(): backward() failed{where}: {e}")


# --- the graph: its boxes and edges, and names for everything -----------------------------

class _Graph:
    """The stepper's view of the graph model: ``helpers.model.graph`` with ``STEPPER``.

    The same boxes and edges as ``helpers.graph.draw`` (data flows left to right, a named
    tensor sits on the edge from the node that made it to the nodes that used it, a leaf
    feeds its AccumulateGrad, each saved tensor hangs off the node that saved it), with the
    differences ``model.STEPPER`` writes down: only tensors that require grad, never folded,
    a module's nodes kept inside its box, unnamed leaves numbered. Here they are indexed the
    way a frame reads them: a frame lists tensors, saved tensors, then backward nodes.
    """

    def __init__(self, roots: tuple, names: dict[str, torch.Tensor],
                 modules: nn.Module | Mapping[str, nn.Module] | None) -> None:
        w = walk(roots, modules)
        m = self.model = build(w, names, STEPPER)
        self.roots, self.fns, self.ids = roots, w.fns, m.ids
        self.kind = {nid: n.kind for nid, n in m.nodes.items()}  # id -> STYLES key
        self.tensors = {nid: (n.name, n.tensor) for nid, n in m.tensors().items()
                        if n.tensor is not None}  # (every tensor box has its tensor)
        self.saved = {nid: (n.fn, n.name) for nid, n in m.of_kind("saved").items()}
        # forward direction, as drawn: into the named tensors first, then into the nodes
        self.edges = sorted(m.edges, key=lambda e: (0 if m.made(e) else
                                                    2 if m.edges[e].role == "saved" else 1))
        self.slot_edge = m.sends  # (fn, i) -> the edge its i-th gradient goes along
        self.slot_name = {slot: m.nodes[a].name for slot, (a, _) in m.sends.items()}
        self.modules = {nid: (n.name, n.module) for nid, n in m.of_kind("module").items()
                        if n.module is not None}
        self.module_of = m.inside  # id of a box drawn inside a module -> its box
        self._spied: list[tuple[dict, Any, Any]] = []

    def drawn(self) -> int:
        """How many boxes a picture has."""
        return len(self.kind) - len(self.module_of)

    def name_of(self, t: torch.Tensor) -> str:
        return self.tensors[self.ids[id(t)]][0]

    def picture(self) -> tuple[dict[str, str], frozenset[str]]:
        """Every box's label as things are now (values, .grad, saved or freed), and the
        saved tensors freed by now."""
        labels = {}
        for nid, (name, t) in self.tensors.items():
            labels[nid] = tensor_label(name, t, self.kind[nid], hooked(t))
        states = {fn: {s.name: s for s in saved(fn)} for fn in self.fns}
        boxes = list(self.tensors.values())
        freed = set()
        for sid, (fn, attr) in self.saved.items():
            s = states[fn].get(attr)
            state = SavedState.FREED if s is None else s.state
            if state is SavedState.FREED:
                freed.add(sid)
            kept = s.tensor if s is not None and s.tensor is not None else gone(state)
            labels[sid] = saved_label(attr, kept, boxes)
        return labels, frozenset(freed)

    def spy_on_tensor_hooks(self, fired: list[HookFired]) -> None:
        """Wrap each hook on our tensors so that we see it fire (undone by stop_spying)."""
        for name, t in self.tensors.values():
            hook_dicts: tuple[Any, Any] = (t._backward_hooks,
                                           getattr(t, "_post_accumulate_grad_hooks", None))
            for hooks in hook_dicts:
                for key, hook in list((hooks or {}).items()):
                    # autograd reads this very dict when it calls the hooks, so a wrapper
                    # put in it is what runs
                    hooks[key] = _spy(name, hook, fired, post=hooks is not t._backward_hooks)
                    self._spied.append((hooks, key, hook))

    def stop_spying(self) -> None:
        for hooks, key, hook in self._spied:
            if key in hooks:
                hooks[key] = hook
        self._spied.clear()


def _spy(name: str, hook: Callable, fired: list[HookFired], post: bool) -> Callable:
    if post:  # a post-accumulate-grad hook gets the leaf and returns nothing
        def spy_post(leaf: torch.Tensor) -> None:
            before = _copy(leaf.grad)
            hook(leaf)
            fired.append(HookFired(name, before, _copy(leaf.grad)))
        return spy_post

    def spy(grad: torch.Tensor) -> torch.Tensor | None:
        out = hook(grad)
        fired.append(HookFired(name, _copy(grad), _copy(grad if out is None else out)))
        return out
    return spy


# --- recording ----------------------------------------------------------------------------

class _Recorder:
    """The node hooks: open a step, fill it in, close it when the next one starts."""

    def __init__(self, graph: _Graph) -> None:
        self.graph = graph
        self.steps: list[Step] = []
        self.fired: list[HookFired] = []  # tensor hooks that ran since the last look
        self._alive: set[str] = set()  # the running node's saved tensors before it ran
        self._grad_before: torch.Tensor | None = None  # an AccumulateGrad's leaf's .grad

    def pre_hook(self, fn: object) -> Callable:
        def pre(grads: tuple) -> None:
            self.close()  # the previous node's saved tensors are released by now
            self._alive = _alive(fn)
            var = getattr(fn, "variable", None)
            self._grad_before = None if var is None else _copy(var.grad)
            self.steps.append(Step(node=type(fn).__name__, fn=fn, grad_in=_copies(grads),
                                   hooks=tuple(self.fired)))
            self.fired.clear()
        return pre

    def post_hook(self, fn: object) -> Callable:
        def post(sent: tuple, _received: tuple) -> None:
            step = self.steps[-1]
            step.grad_out = _copies(sent)
            step.to = tuple(self.graph.slot_name.get((fn, i)) for i in range(len(sent)))
            var = getattr(fn, "variable", None)
            if var is not None:
                step.wrote = Wrote(self.graph.name_of(var), _copy(var.grad), self._grad_before)
            step.hooks += tuple(self.fired)  # post-accumulate-grad hooks run inside the node
            self.fired.clear()
        return post

    def close(self) -> None:
        """Finish the last step: what it freed, and the picture of the graph after it."""
        if not self.steps or self.steps[-1]._picture:
            return
        step = self.steps[-1]
        step.freed = tuple(sorted(self._alive - _alive(step.fn)))
        step._picture, step._gone = self.graph.picture()


def _alive(fn: object) -> set[str]:
    """The names of the tensors a backward node saved that are still there."""
    return {s.name for s in saved(fn) if s.state is SavedState.ALIVE}


def _copy(t: torch.Tensor | None) -> torch.Tensor | None:
    # AccumulateGrad may keep the very tensor it received as .grad and add to it in place
    # later, so what a step saw must be a copy
    return None if t is None else t.detach().clone()


def _copies(ts: Sequence[torch.Tensor | None]) -> tuple[torch.Tensor | None, ...]:
    return tuple(_copy(t) for t in ts)


# --- the pictures: one layout, one SVG per step ---------------------------------------------

@dataclass
class _Frame:
    """What one step's picture shows: each box's label and look, each edge's label and look."""

    nodes: dict[str, tuple[str, dict[str, str]]]
    edges: dict[tuple[str, str], tuple[str, dict[str, str]]]


def _frame(graph: _Graph, steps: list[Step], k: int) -> _Frame:
    step = steps[k]
    labels = dict(step._picture)
    for fn in graph.fns:
        nid = graph.ids[fn]
        labels[nid] = box_label(graph.model.nodes[nid], ())  # its class, or which .grad
    looks: dict[str, dict[str, str]] = {}
    for nid in labels:
        kind = "freed" if nid in step._gone else graph.kind[nid]
        looks[nid] = {**STYLES[kind][1], "fontsize": FONT}
        if nid in graph.tensors and hooked(graph.tensors[nid][1]):
            looks[nid].update(LOOK["hooked"])
    looks[graph.ids[step.fn]].update(LOOK["running"])
    for attr in step.freed:
        looks[next(s for s, (fn, a) in graph.saved.items()
                   if fn is step.fn and a == attr)].update(LOOK["freed now"])
    for h in step.hooks:
        nid = next(n for n, (name, _) in graph.tensors.items() if name == h.tensor)
        looks[nid].update(LOOK["hook fired"])
        labels[nid] += "\n" + tr("hook fired: {before} → {after}").format(
            before=shown(h.before), after=shown(h.after))
    edges: dict[tuple[str, str], tuple[str, dict[str, str]]] = {e: ("", {}) for e in graph.edges}
    for j, done in enumerate(steps[: k + 1]):
        now = {"color": NOW, "fontcolor": NOW, "penwidth": "2.5"} if j == k else {}
        sent = [(graph.slot_edge.get((done.fn, i)), g) for i, g in enumerate(done.grad_out)]
        if done.wrote is not None:  # the leaf's box takes the gradient in
            var = done.fn.variable  # type: ignore[attr-defined]  # AccumulateGrad has one
            sent.append(((graph.ids[id(var)], graph.ids[done.fn]), done.grad_in[0]))
        for e, g in sent:
            if e is not None and g is not None:
                text = edges[e][0]
                edges[e] = (f"{text}\n{value(g)}".strip(), now or edges[e][1])
    return _in_modules(graph, steps, k, _Frame({n: (labels[n], looks[n]) for n in labels}, edges))


def _in_modules(graph: _Graph, steps: list[Step], k: int, f: _Frame) -> _Frame:
    """The frame with each module one box: edges inside it dropped, edges across it kept."""
    if not graph.modules:
        return f
    nodes = {n: v for n, v in f.nodes.items() if n not in graph.module_of}
    for mid in graph.modules:
        look = {**STYLES["module"][1], "fontsize": FONT}
        if graph.module_of.get(graph.ids[steps[k].fn]) == mid:
            look.update(LOOK["running"])
        nodes[mid] = (_module_label(graph, mid, steps[: k + 1]), look)
    edges: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    for (a, b), (label, look) in f.edges.items():
        e = (graph.module_of.get(a, a), graph.module_of.get(b, b))
        if e[0] != e[1]:  # two edges into one box share its arrow and list both values
            text, seen = edges.get(e, ("", {}))
            edges[e] = (f"{text}\n{label}".strip(), look or seen)
    return _Frame(nodes, edges)


def _module_label(graph: _Graph, mid: str, done: list[Step]) -> str:
    """"fc1 (Linear)", its parameter tensors, and how many .grad the steps so far wrote."""
    key, module = graph.modules[mid]
    accumulators = [fn for fn in graph.fns if hasattr(fn, "variable")
                    and graph.module_of.get(graph.ids[fn]) == mid]
    wrote = len({s.fn for s in done if s.fn in accumulators})
    return step_module_label(key, module, wrote, len(accumulators))


def _widest(texts: list[str]) -> str:
    """A text at least as wide and as tall as each of texts: for each line, the longest."""
    rows = [t.split("\n") for t in texts]
    return "\n".join(max((r[i] for r in rows if i < len(r)), key=len)
                     for i in range(max(map(len, rows))))


def _layout(graph: _Graph, frames: list[_Frame]) -> dict:
    """Lay the graph out once, each box as big as its biggest label in any frame.

    Each leaf always shares a rank with its AccumulateGrad. It tries four layouts, in this
    order (``LADDER``, through render.fit), and keeps the first that fits a notebook's column
    and a slide (render.FRAME): left to right; left to right stacked (each tensor beside the node
    that made it, each saved tensor beside the node that saved it, rows closer); top to
    bottom; top to bottom stacked. If none fits, the first. (``helpers.graph.draw`` tries
    its layouts in another order: it turns a graph before it stacks it.) Returns Graphviz's
    JSON: positions and sizes of the boxes, routes of the edges.
    """
    shown = frames[-1].nodes

    def visible(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(a, b) for a, b in pairs if a in shown and b in shown]

    # a leaf beside its AccumulateGrad, always: one column less, fits a page
    beside = visible(graph.model.pairs("accumulate"))
    stack = visible(graph.model.pairs("made")) + visible(graph.model.pairs("saved"))

    def lay_out(candidate: tuple[str, bool]) -> tuple[tuple[float, float], dict]:
        rankdir, stacked = candidate
        g = digraph(graphviz.Digraph, FONT, rankdir=rankdir, **(TIGHT if stacked else {}))
        for nid, (_, look) in shown.items():
            text = _widest([f.nodes[nid][0] for f in frames])
            g.node(nid, dot_label(text), **{**look, "penwidth": "3"})
        for a, b in frames[-1].edges:
            text = _widest([f.edges[(a, b)][0] or " " for f in frames])
            g.edge(a, b, label=dot_label(text) if text.strip() else "")
        g.body.extend(rank_same(a, b) for a, b in beside + (stack if stacked else []))
        return measure(g)

    fitted, made = fit(LADDER, lay_out, frame())
    return made[-1] if fitted is not None else made[0]


def _render(graph: _Graph, steps: list[Step]) -> list[str]:
    """One SVG per step, every box where the single layout put it."""
    frames = [_frame(graph, steps, k) for k in range(len(steps))]
    layout = _layout(graph, frames)
    place = {o["name"]: o for o in layout["objects"]}
    route = {(layout["objects"][e["tail"]]["name"], layout["objects"][e["head"]]["name"]): e
             for e in layout.get("edges", [])}
    svgs = []
    for f in frames:
        # neato -n2 draws at the given positions instead of laying out again
        g = digraph(graphviz.Digraph, FONT, bb=layout["bb"], splines="true")
        for nid, (label, look) in f.nodes.items():
            p = place[nid]
            g.node(nid, dot_label(label), **look, pos=p["pos"], width=p["width"],
                   height=p["height"], fixedsize="true")
        for (a, b), (label, look) in f.edges.items():
            where = {k: route[(a, b)][k] for k in ("pos", "lp") if k in route[(a, b)]}
            style = EDGE_STYLES["saved"] if a in graph.saved else {}
            g.edge(a, b, label=dot_label(label), **{**style, **look, **where})
        svgs.append(g.pipe(format="svg", engine="neato", neato_no_op=2).decode())
    return svgs
