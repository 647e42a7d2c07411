"""The teaching view of an autograd graph: every named tensor with its value and its gradient.

``draw(loss, names={"x": x, "w": w})`` walks ``loss.grad_fn`` the way torchviz does (through
``next_functions`` and the ``_saved_*`` attributes of each backward node) and returns a
``graphviz.Digraph`` that Jupyter shows as SVG. Unlike torchviz's ``make_dot`` it shows values
and ``.grad`` (as micrograd's graphs do), says why a gradient is missing, draws saved tensors
even after ``backward()`` freed them, and lays the graph out the way data flowed: inputs on the
left, the loss on the right. ``draw(loss, raw=True)`` is plain ``torchviz.make_dot``.
"""

from __future__ import annotations

import html
import os
import sys
import warnings
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import graphviz
import torch
from torch import nn

from helpers import palette
from helpers.labels import (
    draw_module_label,
    saved_label,
    saved_summary,
    saved_tensors,
    short_label,
    tensor_label,
)
from helpers.model import (
    backward_nodes,
    check_names,
    check_roots,
    collapse,
    fold,
    hooked,
    module_groups,
    param_names,
    runs,
    storage,
    tensor_boxes,
    tensor_kind,
)
from helpers.render import (
    HOOK,
    PAGE,
    SMALL_FONT,
    STYLES,
    TIGHT,
    digraph,
    fit,
    longest_chain,
    new_id,
    rank_same,
    svg_size,
)

__all__ = ["Box", "GraphTooLarge", "TeachingGraph", "backward_nodes", "check_names", "check_roots",
           "draw", "saved_tensors"]

LONG_CHAIN = 9  # boxes in a row past which rankdir=None draws top to bottom
BIG_GRAPH = 30  # boxes: past this a graph is a model, and a note says how to shrink it


class GraphTooLarge(ValueError):
    """The graph has more nodes than ``max_nodes``: such a picture teaches nothing."""


class Box(NamedTuple):
    """One box ``draw`` drew, as the model and the labels made it: what other views (the
    torchviz table, the tests) read instead of parsing DOT."""

    kind: str  # a key of render.STYLES
    lines: tuple[str, ...]  # its label, line by line
    fill: str  # its fill colour


class TeachingGraph(graphviz.Digraph):
    """A ``graphviz.Digraph`` whose notebook display explains a missing ``dot`` program.

    Without Graphviz's ``dot`` the plain Digraph shows an ``ExecutableNotFound`` traceback;
    this one shows how to install Graphviz, and the DOT source so nothing is lost. ``boxes``
    and ``links`` hold what ``draw`` drew, by DOT id (empty for ``raw=True``).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.boxes: dict[str, Box] = {}
        # (from, to) -> its role: "data", "accumulate" (a leaf into its AccumulateGrad),
        # "saved" (a saved tensor to its node), "detach" (a tensor to its detached copy)
        self.links: dict[tuple[str, str], str] = {}

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, **kwargs
    ) -> dict[str, str | bytes]:
        try:
            return super()._repr_mimebundle_(include, exclude, **kwargs)
        except graphviz.ExecutableNotFound:
            text = _missing_dot_message()
            return {
                "text/html": f"<pre>{html.escape(text)}</pre><pre>{html.escape(self.source)}</pre>",
                "text/plain": f"{text}\n\n{self.source}",
            }


# How to install Graphviz's `dot`, per platform: the one home of these commands (the build's
# message is made from it; the Makefile and the README repeat them, and a test compares).
INSTALL_DOT: dict[str, tuple[str, str]] = {
    "linux": ("Debian/Ubuntu", "sudo apt-get install graphviz"),
    "darwin": ("macOS", "brew install graphviz"),
    "conda": ("conda", "conda install -c conda-forge graphviz"),
    "win32": ("Windows", "winget install graphviz   (or: choco install graphviz)"),
}


def install_dot_lines() -> list[str]:
    """One "where:  command" line per platform, in INSTALL_DOT's order."""
    return [f"{where + ':':<16}{command}" for where, command in INSTALL_DOT.values()]


def _missing_dot_message() -> str:
    """How to install Graphviz's ``dot``, this platform's way first."""
    ways = dict(zip(INSTALL_DOT, install_dot_lines(), strict=True))
    platform = "conda" if os.environ.get("CONDA_PREFIX") else sys.platform
    here = ways.get(platform, ways["linux"])
    others = [w for w in ways.values() if w != here]
    return "\n".join([
        "Graphviz's `dot` program is not installed, so this graph cannot be drawn.",
        "(The Python package `graphviz` is there; it needs the program.) Install it:",
        f"  {here}", *(f"  {w}" for w in others),
        "then run the cell again (restart the kernel if it still fails). The DOT source follows:",
    ])


def draw(
    *roots: torch.Tensor,
    names: Mapping[str, torch.Tensor] | None = None,
    legend: bool = True,
    modules: nn.Module | Mapping[str, nn.Module] | None = None,
    max_nodes: int = 150,
    raw: bool = False,
    show_saved: bool | None = None,
    compact: bool | None = None,
    rankdir: str | None = None,
) -> TeachingGraph:
    """Draw the autograd graph behind ``roots`` (usually the loss), inputs left, loss right.

    Args:
        roots: output tensors; backward() would start from them.
        names: name -> tensor. Each named tensor gets a box with its shape, its value when
            small, ``requires_grad`` and its ``.grad`` (or why there is none). A named tensor
            with ``requires_grad=False`` is drawn as a constant outside the graph, with a
            ``detach()`` edge from the named tensor it shares storage with.
        legend: add a small legend of the node styles.
        modules: an ``nn.Module`` (each of its children is collapsed) or a dict name ->
            module (each entry is collapsed) into one box. See "Collapsing" below.
        max_nodes: past this many nodes raise ``GraphTooLarge`` instead of drawing a wall.
        raw: return plain ``torchviz.make_dot(root, params=names)``.
        show_saved: True draws each tensor a backward function saved (or its freed ghost)
            as an ellipse; False draws none. The default, None, is True, except in compact
            mode, where each backward function's box lists what it saved in one line.
        compact: draw a network the short way: each leaf (a parameter, an input) joins the op
            that uses it directly, without its ``AccumulateGrad`` box, and a ``TBackward0``
            (or another reshaping op) applied to a leaf alone becomes a label on that edge
            ("T"); tensor boxes drop the lines their colour already says. The default,
            None, is compact when ``modules=`` is given or the graph holds an
            ``nn.Parameter``: pass ``compact=False`` when a graph is about AccumulateGrad.
        rankdir: "LR" (inputs left, loss right) or "TB" (inputs on top). The default picks
            "TB" for a long, narrow chain (a deep network) and "LR" otherwise; then, when
            ``dot`` is installed, it lays the graph out to measure it: a graph wider than
            900 pt (Jupyter's and Colab's column is about 900 px wide, and JupyterLab shrinks
            a wider picture to it, its 10 pt text under 10 px), or too tall for a slide, is
            turned the other way if turned it fits (at most 900 pt wide and 490 pt tall,
            a slide's room); if neither fits, it is *stacked*: each leaf shares a rank with
            its AccumulateGrad, each tensor with the op that made it and each saved tensor
            with the op that saved it, rows closer together. A graph that fits is left as it
            is; one that fits no way keeps its direction and, when it is model-sized, gets a
            note under it: see "Big models".

    Big models: a graph is readable on a page up to about 30 boxes. For a real model pass
    ``modules=model`` (each child one box) or ``modules={"attn": layer.self_attn}`` (only
    that part collapsed), or draw the output of one part only, e.g.
    ``draw(layer.self_attn(x, x, x)[0], modules=layer.self_attn)``.

    Collapsing: a graph records ops, not modules, and ``draw`` runs after the forward pass,
    so module membership is inferred from parameters. A backward node belongs to a module
    when it reads only that module's parameters (their ``AccumulateGrad``, a ``TBackward0`` of
    a weight), consumes such a node directly (``ConvolutionBackward0``, ``AddmmBackward0``), or
    saved one of its parameters; then every node lying on a path between two such nodes
    joins too (the ReLU between ``fc1`` and ``fc2`` of one network). Limits: a
    parameter-free layer (ReLU, pooling, Flatten) passed on its own leaves no trace of its
    module, so its op stays visible as one node; ops after a module's last parameter use
    (a trailing ReLU) stay outside its box; a module applied twice becomes one box spanning
    both calls; frozen parameters are found through saved tensors only, so after backward()
    freed them a frozen layer's op reappears as a plain node.
    """
    named = _check(roots, names)
    if raw:
        return _raw(roots, named)
    groups = module_groups(modules)
    fns = backward_nodes(*roots)
    owner = collapse(fns, groups)
    _check_size(len(fns) - len(owner), max_nodes)  # fail before labelling a huge graph
    if compact is None:
        compact = bool(groups) or any(isinstance(getattr(fn, "variable", None), nn.Parameter)
                                      for fn in fns)
    if show_saved is None:
        show_saved = not compact
    b = _Builder(roots, named, groups, param_names(modules), fns, owner, compact,
                 bool(show_saved))
    b.tensors()
    b.modules()
    b.find_runs()
    b.functions()
    b.data_edges()
    if show_saved:
        b.saved()
    b.constants()
    b.frozen_modules()
    _check_size(len(b.used), max_nodes)
    if rankdir is not None and rankdir not in ("LR", "TB"):
        raise ValueError(f'rankdir= wants "LR" or "TB"; got {rankdir!r}')
    b.g.graph_attr["rankdir"] = rankdir or b.direction()
    if compact:  # a network's boxes are short: closer rows keep it within a slide's height
        b.g.graph_attr.update(nodesep="0.15", ranksep="0.25")
    table = _legend(b.g, b.kinds, b.hooked) if legend else ""
    fits = rankdir is not None or _fit(b.g, b.stack)
    if not fits and len(b.used) > BIG_GRAPH:  # a whole model, too big both ways: say how
        _note(b.g, table, "too big to read in a notebook or on a slide: draw one part, "
                          "or pass modules=")
    return b.g


def _fit(g: graphviz.Digraph, stack: list[tuple[str, str]]) -> bool:
    """Lay the graph out; if it does not fit, try other layouts and keep the first that fits.

    The layouts, in order (render.fit's ladder, with a page's budget): as it is; turned
    (LR <-> TB); then, both ways, *stacked*: each pair in ``stack`` (a leaf and its
    AccumulateGrad, a tensor and the node that made it, a saved tensor and its node) shares
    one rank, so a chain of ops is as long as its ops alone, and rows and ranks sit closer
    (``TIGHT``). A graph that fits keeps its DOT untouched, and so does one that fits no way
    (a turned graph too tall for a slide would trade one unreadable place for another).
    Returns whether the graph fits (True also when ``dot`` is missing: nothing to measure).
    """
    first, body = dict(g.graph_attr), len(g.body)
    turned = "TB" if first["rankdir"] == "LR" else "LR"

    def restore() -> None:
        g.graph_attr.clear()
        g.graph_attr.update(first)
        del g.body[body:]

    def lay_out(candidate: tuple[str, bool]) -> tuple[tuple[float, float] | None, None]:
        rankdir, stacked = candidate
        restore()
        g.graph_attr["rankdir"] = rankdir
        if stacked:
            g.graph_attr.update(TIGHT)
            g.body.extend(rank_same(a, b, tab="\t") for a, b in stack)
        return svg_size(g), None

    ladder = [(first["rankdir"], False), (turned, False), (first["rankdir"], True),
              (turned, True)]
    fitted, _ = fit(ladder, lay_out, PAGE)
    if fitted is None:
        restore()
    return fitted is not None


def _note(g: graphviz.Digraph, table: str, text: str) -> None:
    """A short line under the graph: in the legend's title row when there is a legend (so
    the graph grows no taller), else as the graph's label."""
    note = html.escape(text)
    if table:
        g.attr(label=f'<{table.replace("<b>legend</b>", f"<b>legend</b> · {note}")}>')
    else:
        g.attr(labelloc="b", fontsize=SMALL_FONT, fontname="Helvetica", label=note)


def _raw(roots: tuple[torch.Tensor, ...], named: dict[str, torch.Tensor]) -> TeachingGraph:
    """Plain ``torchviz.make_dot``, as a TeachingGraph."""
    from torchviz import make_dot  # imported here: torchviz needs distutils on Python 3.12+

    with warnings.catch_warnings():  # torchviz's own LooseVersion deprecation, not ours
        warnings.simplefilter("ignore", DeprecationWarning)
        plain = make_dot(roots[0] if len(roots) == 1 else roots, params=named or None)
    return TeachingGraph(graph_attr=plain.graph_attr, node_attr=plain.node_attr,
                         body=plain.body)


class _Builder:
    """Builds the teaching graph one phase at a time; each method is one phase of ``draw``.

    It keeps what the phases share: the graph, the node id of every drawn thing (``ids``:
    id(fn) / id(tensor) / module name -> DOT id) and the edges already drawn.
    """

    def __init__(self, roots: tuple[torch.Tensor, ...], named: dict[str, torch.Tensor],
                 groups: dict[str, nn.Module], param_names: dict[int, str], fns: list,
                 owner: dict[object, str], compact: bool = False,
                 show_saved: bool = True) -> None:
        self.roots, self.groups, self.fns, self.owner = roots, groups, fns, owner
        self.param_names = param_names  # id(parameter) -> its name, for unnamed leaves
        self.compact, self.show_saved = compact, show_saved
        # compact: backward node -> (the leaf it stands for, the ops folded into the edge)
        self.folded: dict[object, tuple[torch.Tensor, str]] = fold(fns) if compact else {}
        self.runs: dict[object, list] = {}  # compact: first op of a run -> the run, in order
        self.head: dict[object, object] = {}  # op in a run -> the run's first op
        self.g = digraph(TeachingGraph, SMALL_FONT)
        self.ids: dict[object, str] = {}
        self.used: set[str] = set()
        self.kinds: set[str] = set()  # the styles drawn, for the legend
        self.hooked = False
        # Tensor boxes: every named tensor, plus each root that has no name.
        self.boxes = tensor_boxes(roots, named)
        self.through: dict[tuple[object, int], str] = {}  # (grad_fn, output_nr) -> its box
        # Pairs that may share a rank when the graph must shrink (see _fit): a leaf and its
        # AccumulateGrad, a tensor box and the backward node that made it, a saved tensor
        # and the node that saved it.
        self.stack: list[tuple[str, str]] = []

    def node(self, key: object, base: str, label: str, kind: str, **extra: str) -> str:
        nid = new_id(base, self.used)
        self.ids[key] = nid
        self.used.add(nid)
        self.kinds.add(kind)
        self.hooked |= extra.get("color") == HOOK["color"]
        attrs = {**STYLES[kind][1], **extra}
        self.g.node(nid, label.replace("\n", "\\n"), **attrs)
        self.g.boxes[nid] = Box(kind, tuple(line.strip() for line in label.strip().splitlines()),
                                attrs.get("fillcolor", palette.PLAIN))
        return nid

    def edge(self, a: str, b: str, role: str = "data", **attrs: str) -> None:
        if a != b and (a, b) not in self.g.links:  # no self-loops inside a collapsed module
            self.g.links[(a, b)] = role
            self.g.edge(a, b, **attrs)

    def rep(self, fn: object) -> str:
        """The visible node that stands for a backward node: its module's box if collapsed,
        its leaf's box if folded (compact), else its own."""
        if fn in self.owner:
            return self.ids[self.owner[fn]]
        if fn in self.folded:
            return self.ids[id(self.folded[fn][0])]
        return self.ids[id(self.head.get(fn, fn))]

    def shown(self, fn: object) -> bool:
        """Whether a backward node is on the picture (as itself, its module, leaf or run)."""
        return fn in self.owner or fn in self.folded or id(self.head.get(fn, fn)) in self.ids

    def find_runs(self) -> None:
        """Compact mode, saved tensors listed: a row of plain ops, each the only input of
        the next and none of them a named tensor's op, becomes one box listing them."""
        if not self.compact or self.show_saved:
            return
        plain = {fn for fn in self.fns if fn not in self.owner and fn not in self.folded
                 and not hasattr(fn, "variable")}
        self.runs = runs(self.fns, plain, {fn for fn, _ in self.through})
        for first, run in self.runs.items():
            self.head.update((fn, first) for fn in run)

    def function_label(self, fn: object) -> str:
        """A backward node's name; compact: a run of ops one per line, a long name broken
        before "Backward", and what they saved in one line (unless drawn as ellipses)."""
        run = self.runs.get(fn, [fn])
        names = [type(f).__name__ for f in run]
        if not self.compact:
            return names[0]
        if len(run) == 1 and len(names[0]) > 18:
            names = [names[0].replace("Backward", "\nBackward", 1)]
        return "\n".join(names) + ("" if self.show_saved else saved_summary(run))

    def label(self, name: str, t: torch.Tensor, kind: str, hooked: bool) -> str:
        return (short_label if self.compact else tensor_label)(name, t, kind, hooked)

    def direction(self) -> str:
        """ "TB" for a long chain (more boxes in a row than a page holds side by side)."""
        return "TB" if longest_chain(set(self.g.links), len(self.used)) > LONG_CHAIN else "LR"

    def tensors(self) -> None:
        """A box for every tensor that requires grad, with its value, grad and hooks."""
        for name, t in self.boxes:
            if t.requires_grad:
                kind = tensor_kind(t, self.roots)
                is_hooked = hooked(t)
                nid = self.node(id(t), name, self.label(name, t, kind, is_hooked), kind,
                                **(HOOK if is_hooked else {}))
                if t.grad_fn is not None:
                    self.through.setdefault((t.grad_fn, t.output_nr), nid)

    def modules(self) -> None:
        """One box per module that owns some backward nodes."""
        for key, module in self.groups.items():
            members = sum(1 for k in self.owner.values() if k == key)
            if members:
                self.node(key, key, draw_module_label(key, module, members, self.compact),
                          "module")

    def functions(self) -> None:
        """The backward nodes not collapsed; an AccumulateGrad brings its leaf if unnamed."""
        leaf_names = {id(t): n for n, t in self.boxes} | self.param_names
        for fn in self.fns:
            if fn in self.owner or (fn in self.folded and not hasattr(fn, "variable")) \
                    or self.head.get(fn, fn) is not fn:
                continue
            var = getattr(fn, "variable", None)  # only AccumulateGrad nodes have .variable
            if var is None:
                self.node(id(fn), type(fn).__name__, self.function_label(fn), "function")
                continue
            leaf = leaf_names.get(id(var), "leaf")
            if fn not in self.folded:
                self.node(id(fn), f"AccumulateGrad_{leaf}", f"AccumulateGrad\n→ {leaf}.grad",
                          "accumulate")
            if id(var) not in self.ids:  # an unnamed leaf, e.g. a parameter not in names=
                kind = "parameter" if isinstance(var, nn.Parameter) else "leaf input"
                self.node(id(var), leaf, self.label(leaf, var, kind, False), kind)

    def data_edges(self) -> None:
        """Edges point the way data flowed in the forward pass: from next_function to fn."""
        for fn in self.fns:
            if fn in self.folded:
                continue  # drawn as its leaf: the edges out of the leaf stand for it
            for nxt, nr in fn.next_functions:
                if nxt is not None:
                    # Route data through a named tensor's box (unless its op is collapsed).
                    routed = nxt not in self.owner and (nxt, nr) in self.through
                    ops = self.folded[nxt][1] if nxt in self.folded else ""
                    self.edge(self.through[(nxt, nr)] if routed else self.rep(nxt),
                              self.rep(fn), **({"label": ops} if ops else {}))
            var = getattr(fn, "variable", None)
            if var is not None and id(var) in self.ids:
                self.edge(self.ids[id(var)], self.rep(fn), "accumulate")
                self.stack.append((self.ids[id(var)], self.rep(fn)))
        for _, t in self.boxes:
            if t.grad_fn is not None and self.shown(t.grad_fn):  # reached from a root
                self.edge(self.rep(t.grad_fn), self.ids[id(t)])
                self.stack.append((self.rep(t.grad_fn), self.ids[id(t)]))

    def saved(self) -> None:
        """The tensors each visible backward node saved, or their freed ghosts."""
        for fn in self.fns:
            if fn in self.owner or fn in self.folded:
                continue
            for attr, kept in saved_tensors(fn):
                gone = isinstance(kept, str)  # freed, or overwritten in place
                label = saved_label(attr, kept, self.boxes)
                sid = self.node(f"{id(fn)}.{attr}", f"{self.ids[id(fn)]}.{attr}", label,
                                "freed" if gone else "saved")
                self.edge(sid, self.ids[id(fn)], "saved", style="dotted", arrowhead="none",
                          color=palette.SAVED_EDGE)
                self.stack.append((self.ids[id(fn)], sid))

    def constants(self) -> None:
        """Named tensors that need no grad, outside the graph; a detach() edge to their source."""
        for name, t in self.boxes:
            if t.requires_grad:
                continue
            cid = self.node(id(t), name, self.label(name, t, "constant", False), "constant")
            memory = storage(t)
            source = next((s for _, s in self.boxes
                           if s.requires_grad and storage(s) == memory), None)
            if memory and source is not None:  # same memory, no graph: a detach() (or .data)
                self.edge(self.ids[id(source)], cid, "detach", style="dashed", label="detach()",
                          color=palette.DETACH_EDGE)

    def frozen_modules(self) -> None:
        """A module whose parameters are all frozen and whose ops could not be found."""
        for key, module in self.groups.items():
            params = list(module.parameters())
            if key not in self.ids and params and not any(p.requires_grad for p in params):
                # after backward() its ops can no longer be told apart (see the docstring), so
                # say only what is certain: its parameters get no gradient
                self.node(key, key, draw_module_label(key, module, 0)
                          + "\nno gradient for its parameters", "constant")


def _legend(g: graphviz.Digraph, kinds: set[str], hooked: bool) -> str:
    """A key under the graph, as the graph's label: one swatch per style the graph uses.
    Returns its HTML table.

    Only the styles drawn, so the key stays small; one row up to five, else two rows.
    """
    entries = [(text, attrs) for kind, (text, attrs) in STYLES.items() if kind in kinds]
    if hooked:
        entries.append(("hook registered", {"fillcolor": palette.PLAIN, **HOOK}))
    cells = []
    for text, attrs in entries:
        look = {"bgcolor": attrs.get("fillcolor", palette.PLAIN)}
        if "dashed" in attrs.get("style", ""):
            look["style"] = "dashed"
        if "color" in attrs:
            look["color"] = attrs["color"]
        attributes = " ".join(f'{k}="{v}"' for k, v in look.items())
        cells.append(f"<td {attributes}>{html.escape(text).replace(chr(10), '<br/>')}</td>")
    half = (len(cells) + 1) // 2 if len(cells) > 5 else len(cells)
    rows = "".join(f"<tr>{''.join(row)}</tr>" for row in (cells[:half], cells[half:]) if row)
    table = (f'<table border="0" cellborder="1" cellspacing="3" cellpadding="3">'
             f'<tr><td colspan="{half}" border="0"><b>legend</b></td></tr>{rows}</table>')
    g.attr(labelloc="b", fontsize=SMALL_FONT, fontname="Helvetica", label=f"<{table}>")
    return table


def _check(roots: tuple, names: object) -> dict[str, torch.Tensor]:
    """Fail early, in words a learner can act on."""
    check_roots(roots, "draw")
    for r in roots:
        if r.grad_fn is None and not r.requires_grad:
            raise ValueError(
                f"draw(): this tensor {tuple(r.shape)} has no grad_fn: it was not computed from "
                "a tensor with requires_grad=True (or it was computed under torch.no_grad() or "
                "detached), so there is no graph. Create an input with requires_grad=True, "
                "compute from it, and draw the result."
            )
    check_names(names, "draw")
    return dict(names) if isinstance(names, Mapping) else {}


def _check_size(count: int, max_nodes: int) -> None:
    if count > max_nodes:
        raise GraphTooLarge(
            f"This graph has {count} nodes (max_nodes={max_nodes}): too many to read. "
            "Pass modules=model (or a dict of sub-modules) to collapse each sub-module into "
            "one box, or raise max_nodes."
        )
