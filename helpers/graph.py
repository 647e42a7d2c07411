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
from helpers.fonts import graph_font
from helpers.i18n import tr
from helpers.labels import box_label, saved_tensors
from helpers.model import (
    DRAW,
    TENSOR_KINDS,
    Graph,
    backward_nodes,
    build,
    check_names,
    check_roots,
    hooked,
    walk,
)
from helpers.render import (
    EDGE_STYLES,
    HOOK,
    HOOK_TEXT,
    SMALL_FONT,
    STYLES,
    TIGHT,
    box_style,
    digraph,
    fit,
    longest_chain,
    measure,
    page,
    rank_same,
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
    hooked: bool = False  # outlined: a hook is registered on its tensor


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
        self.model: Graph | None = None  # the model it was drawn from (None: raw=True)
        self.legend: list[str] = []  # the legend's rows, as shown (empty: no legend)
        self.note: str = ""  # the line under a graph too big to read
        self.under: str = ""  # the label under the graph: the legend (note in its title
        # row) as an HTML table, or the note alone
        self.stacked: list[tuple[str, str]] = []  # boxes put side by side to fit (see _fit)

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
        tr("Graphviz's `dot` program is not installed, so this graph cannot be drawn."),
        tr("(The Python package `graphviz` is there; it needs the program.) Install it:"),
        f"  {here}", *(f"  {w}" for w in others),
        tr("then run the cell again (restart the kernel if it still fails). "
           "The DOT source follows:"),
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
    w = walk(roots, modules)
    _check_size(len(w.fns) - len(w.owner), max_nodes)  # fail before labelling a huge graph
    if compact is None:
        compact = bool(w.groups) or any(isinstance(getattr(fn, "variable", None), nn.Parameter)
                                        for fn in w.fns)
    if show_saved is None:
        show_saved = not compact
    model = build(w, named, DRAW._replace(compact=compact, show_saved=bool(show_saved)))
    _check_size(len(model.nodes), max_nodes)
    if rankdir is not None and rankdir not in ("LR", "TB"):
        raise ValueError(f'rankdir= wants "LR" or "TB"; got {rankdir!r}')
    g = _dot(model, compact, bool(show_saved))
    g.graph_attr["rankdir"] = rankdir or _direction(model)
    if compact:  # a network's boxes are short: closer rows keep it within a slide's height
        g.graph_attr.update(nodesep="0.15", ranksep="0.25")
    kinds = {box.kind for box in g.boxes.values()}
    table = _legend(g, kinds, any(b.hooked for b in g.boxes.values())) if legend else ""
    stack = model.pairs("accumulate") + model.pairs("made") + model.pairs("saved")
    fits = rankdir is not None or _fit(g, stack)
    if not fits and len(model.nodes) > BIG_GRAPH:  # a whole model, too big both ways: say how
        _note(g, table, tr("too big to read in a notebook or on a slide: draw one part, "
                           "or pass modules="))
    return g


def _direction(model: Graph) -> str:
    """ "TB" for a long chain (more boxes in a row than a page holds side by side)."""
    return "TB" if longest_chain(set(model.edges), len(model.nodes)) > LONG_CHAIN else "LR"


def _dot(model: Graph, compact: bool, show_saved: bool) -> TeachingGraph:
    """The model's boxes and arrows as DOT, each box's text from helpers.labels, its look
    from render.STYLES; ``boxes``, ``links`` and ``model`` kept for other views.

    Statements in the order the model made them: the graph's boxes, its data edges, then
    each saved tensor with its edge and each constant with its detach() edge.
    """
    g = digraph(TeachingGraph, SMALL_FONT)
    g.model = model
    data = [e for e, edge in model.edges.items() if edge.role in ("data", "accumulate")]
    after: dict[str, list[tuple[str, str]]] = {}  # a box -> the edges written after it
    for (a, b), edge in model.edges.items():
        if edge.role in ("saved", "detach"):
            after.setdefault(a if edge.role == "saved" else b, []).append((a, b))
    for nid, node in model.nodes.items():
        if node.kind in ("saved", "constant"):
            _edges(g, model, data)
            data = []
        _box(g, nid, box_style(node), box_label(node, model.named, compact, show_saved),
             node.kind in TENSOR_KINDS and hooked(node.tensor))  # type: ignore[arg-type]
        _edges(g, model, after.get(nid, []))
    _edges(g, model, data)
    return g


def _box(g: TeachingGraph, nid: str, kind: str, text: str, is_hooked: bool) -> None:
    attrs = {**STYLES[kind][1], **(HOOK if is_hooked else {})}
    g.node(nid, text.replace("\n", "\\n"), **attrs)
    g.boxes[nid] = Box(kind, tuple(line.strip() for line in text.strip().splitlines()),
                       attrs.get("fillcolor", palette.PLAIN), is_hooked)


def _edges(g: TeachingGraph, model: Graph, edges: list[tuple[str, str]]) -> None:
    for a, b in edges:
        edge = model.edges[(a, b)]
        g.links[(a, b)] = edge.role
        g.edge(a, b, **EDGE_STYLES[edge.role], **({"label": edge.label} if edge.label else {}))


def _fit(g: TeachingGraph, stack: list[tuple[str, str]]) -> bool:
    """Lay the graph out; if it does not fit, try other layouts and keep the first that fits.

    The layouts, in order (render.fit's ladder, with a page's budget in the language spoken,
    render.page()): as it is; turned (LR <-> TB); then, both ways, *stacked*: each pair in
    ``stack`` (a leaf and its AccumulateGrad, a tensor and the node that made it, a saved
    tensor and its node) shares one rank, so a chain of ops is as long as its ops alone, and
    rows and ranks sit closer (``TIGHT``). A graph that fits keeps its DOT untouched, and so
    does one that fits no way (a turned graph too tall for a slide would trade one
    unreadable place for another). Returns whether the graph fits (True also when ``dot``
    is missing: nothing to measure).
    """
    first, body = dict(g.graph_attr), len(g.body)
    turned = "TB" if first["rankdir"] == "LR" else "LR"

    def restore() -> None:
        g.graph_attr.clear()
        g.graph_attr.update(first)
        del g.body[body:]
        g.stacked = []

    def lay_out(candidate: tuple[str, bool]) -> tuple[tuple[float, float] | None, None]:
        rankdir, stacked = candidate
        restore()
        g.graph_attr["rankdir"] = rankdir
        if stacked:
            g.graph_attr.update(TIGHT)
            g.body.extend(rank_same(a, b, tab="\t") for a, b in stack)
            g.stacked = list(stack)
        try:
            return measure(g)[0], None
        except (graphviz.ExecutableNotFound, graphviz.CalledProcessError):
            return None, None  # nothing to measure: the first layout stands

    ladder = [(first["rankdir"], False), (turned, False), (first["rankdir"], True),
              (turned, True)]
    fitted, _ = fit(ladder, lay_out, page())
    if fitted is None:
        restore()
    return fitted is not None


def _note(g: TeachingGraph, table: str, text: str) -> None:
    """A short line under the graph: in the legend's title row when there is a legend (so
    the graph grows no taller), else as the graph's label."""
    g.note = text
    note = html.escape(text)
    title = f"<b>{html.escape(tr('legend'))}</b>"
    if table:
        g.under = table.replace(title, f"{title} · {note}")
        g.attr(label=f"<{g.under}>")
    else:
        g.under = note
        g.attr(labelloc="b", fontsize=SMALL_FONT, fontname=graph_font(), label=note)


def _raw(roots: tuple[torch.Tensor, ...], named: dict[str, torch.Tensor]) -> TeachingGraph:
    """Plain ``torchviz.make_dot``, as a TeachingGraph."""
    from torchviz import make_dot  # imported here: torchviz needs distutils on Python 3.12+

    with warnings.catch_warnings():  # torchviz's own LooseVersion deprecation, not ours
        warnings.simplefilter("ignore", DeprecationWarning)
        plain = make_dot(roots[0] if len(roots) == 1 else roots, params=named or None)
    return TeachingGraph(graph_attr=plain.graph_attr, node_attr=plain.node_attr,
                         body=plain.body)


def _legend(g: TeachingGraph, kinds: set[str], hooked: bool) -> str:
    """A key under the graph, as the graph's label: one swatch per style the graph uses.
    Returns its HTML table.

    Only the styles drawn, so the key stays small; one row up to five, else two rows.
    """
    entries = [(text, attrs) for kind, (text, attrs) in STYLES.items() if kind in kinds]
    if hooked:
        entries.append((HOOK_TEXT, {"fillcolor": palette.PLAIN, **HOOK}))
    cells = []
    for text, attrs in entries:
        look = {"bgcolor": attrs.get("fillcolor", palette.PLAIN)}
        if "dashed" in attrs.get("style", ""):
            look["style"] = "dashed"
        if "color" in attrs:
            look["color"] = attrs["color"]
        attributes = " ".join(f'{k}="{v}"' for k, v in look.items())
        g.legend.append(tr(text))
        cells.append(f"<td {attributes}>{html.escape(tr(text)).replace(chr(10), '<br/>')}</td>")
    half = (len(cells) + 1) // 2 if len(cells) > 5 else len(cells)
    rows = "".join(f"<tr>{''.join(row)}</tr>" for row in (cells[:half], cells[half:]) if row)
    table = (f'<table border="0" cellborder="1" cellspacing="3" cellpadding="3">'
             f'<tr><td colspan="{half}" border="0"><b>{html.escape(tr("legend"))}</b></td>'
             f"</tr>{rows}</table>")
    g.under = table
    g.attr(labelloc="b", fontsize=SMALL_FONT, fontname=graph_font(), label=f"<{table}>")
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
