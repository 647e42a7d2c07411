"""Plain torchviz beside the teaching view: which box of one is which box of the other.

``box_map(root, names)`` draws the same graph both ways, traces each torchviz box back to the
tensor or backward function behind it (torchviz names its nodes by ``id()``), and returns an
HTML table pairing the boxes, so a learner can read torchviz's pictures on their own.
"""

from __future__ import annotations

import re

import graphviz
import torch
from IPython.display import HTML

from helpers import palette
from helpers.graph import Box, backward_nodes, check_roots, draw
from helpers.i18n import tr
from helpers.model import Graph

__all__ = ["box_map"]


def torchviz_boxes(graph: graphviz.Digraph) -> dict[str, tuple[list[str], str]]:
    """Every box plain torchviz drew: node id -> (its label's lines, its fill colour).

    Read from torchviz's own DOT, the one place it is parsed: what torchviz writes in a box
    and how it colours it is torchviz's choice (and changes between its versions), which no
    model of ours knows; which tensor or backward node a box stands for is in its id
    (torchviz names nodes by ``id()``). A box without a fillcolor has graphviz's default.
    The teaching view's boxes need no such reading: they come from the model.
    """
    unfilled = palette.TORCHVIZ_UNFILLED
    found = {}
    for nid, label, rest in re.findall(r'^\t"?([^"\s]+)"? \[label=("(?:[^"\\]|\\.)*"|\S+)'
                                       r"([^\]\n]*)\]", graph.source, re.MULTILINE):
        lines = label.strip('"').replace("\\n", "\n").strip().splitlines()
        colour = re.search(r"fillcolor=(\S+)", rest)
        found[nid] = ([line.strip() for line in lines], colour[1] if colour else unfilled)
    return found


def _row(*cells: str, cell: str = "td") -> str:
    """One table row, left-aligned (notebooks right-align table cells)."""
    return "".join(["<tr>", *(f'<{cell} style="text-align:left">{c}</{cell}>' for c in cells),
                    "</tr>"])


CSS = palette.CSS


def box_map(root: torch.Tensor, names: dict[str, torch.Tensor]) -> HTML:
    """Which box of plain torchviz is which box of the teaching view: each torchviz box is
    traced to the tensor or backward function behind it (torchviz names nodes by id()).

    ``names`` must name ``root`` and every leaf behind it that requires grad (torchviz draws
    each as a box, and the table pairs them by name); ValueError says which one is missing.
    """
    check_roots((root,), "box_map")
    fns = backward_nodes(root)
    named = {id(t) for t in names.values()}
    leaves = [f.variable for f in fns if hasattr(f, "variable")]  # each AccumulateGrad's
    for what, t in [("the root", root)] + [("a leaf", leaf) for leaf in leaves]:
        if id(t) not in named:
            raise ValueError(f"box_map(): {what} of shape {tuple(t.shape)} has no name; pass "
                             "the root and every leaf that requires grad in names=, e.g. "
                             "names={'x': x, 'w': w, 'y': y}")
    plain = torchviz_boxes(draw(root, names=names, raw=True))
    teaching = draw(root, names=names)
    assert teaching.model is not None  # drawn from the model (not raw=True)
    behind = {str(id(f)): f for f in fns} | {str(id(t)): t for t in [*names.values(), *leaves]}
    rows, twins = [], set()
    for nid, box in plain.items():
        twin, what = _twin(teaching.model, behind[nid], root)
        twins.add(twin)
        mate = _look(teaching.boxes[twin]) if twin in teaching.boxes else "—"
        rows.append(_row(_look(box), mate, what))
    for nid, node in teaching.model.nodes.items():
        if nid not in twins:
            why = (tr("a saved tensor: make_dot(..., show_saved=True) draws it")
                   if node.kind == "saved" else tr("needs no gradient: torchviz leaves it out"))
            rows.append(_row("—", _look(teaching.boxes[nid]), why))
    head = _row(tr("plain torchviz"), tr("teaching view"), tr("what it is"), cell="th")
    return HTML(f"<table>{head}{''.join(rows)}</table>")


def _twin(model: Graph, thing: object, root: torch.Tensor) -> tuple[str, str]:
    """The teaching view's box for what a torchviz box stands for, and what it is."""
    if isinstance(thing, torch.Tensor):
        return model.ids.get(id(thing), ""), (tr("the output: backward starts here")
                                              if thing is root
                                              else tr("a leaf: backward fills its .grad"))
    twin = model.box_of.get(thing, "")
    var = getattr(thing, "variable", None)
    if var is None:
        return twin, tr("a backward function: the op's name + Backward0")
    leaf = model.nodes[model.ids[id(var)]].name
    folded = model.nodes[twin].kind != "accumulate"  # compact: the arrow out of the leaf
    return twin, tr("writes {leaf}.grad").format(leaf=leaf) + (
        " " + tr("(the arrow out of {leaf})").format(leaf=leaf) if folded else "")


def _look(box: Box | tuple[list[str], str], lines: int = 2) -> str:
    """A box as a swatch: its first lines on its fill colour."""
    text, colour = (box.lines, box.fill) if isinstance(box, Box) else box
    return (f'<span style="background:{CSS.get(colour, colour)};border:1px solid '
            f'{palette.SWATCH_BORDER};'
            f'padding:1px 4px;font-family:monospace">{" · ".join(text[:lines])}</span>')
