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
from helpers.graph import backward_nodes, check_roots, draw

__all__ = ["box_map"]


def torchviz_boxes(graph: graphviz.Digraph) -> dict[str, tuple[list[str], str]]:
    """Every box plain torchviz drew: node id -> (its label's lines, its fill colour), read
    from torchviz's DOT (a box without a fillcolor has graphviz's default). The teaching
    view's boxes need no such reading: ``draw`` keeps them (``TeachingGraph.boxes``)."""
    unfilled = palette.TORCHVIZ_UNFILLED
    found = {}
    for nid, label, rest in re.findall(r'^\t"?([^"\s]+)"? \[label=("(?:[^"\\]|\\.)*"|\S+)'
                                       r"([^\]\n]*)\]", graph.source, re.MULTILINE):
        lines = label.strip('"').replace("\\n", "\n").strip().splitlines()
        colour = re.search(r"fillcolor=(\S+)", rest)
        found[nid] = ([line.strip() for line in lines], colour[1] if colour else unfilled)
    return found


def tr(*cells: str, cell: str = "td") -> str:
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
    raw = torchviz_boxes(draw(root, names=names, raw=True))
    teach = {nid: (list(b.lines), b.fill) for nid, b in draw(root, names=names).boxes.items()}
    behind = {str(id(f)): f for f in fns} | {str(id(t)): t for t in names.values()}
    behind |= {str(id(f.variable)): f.variable for f in fns if hasattr(f, "variable")}
    name_of = {id(t): n for n, t in names.items()}

    def look(box: tuple[list[str], str], lines: int) -> str:
        text, colour = box
        return (f'<span style="background:{CSS.get(colour, colour)};border:1px solid '
                f'{palette.SWATCH_BORDER};'
                f'padding:1px 4px;font-family:monospace">{" · ".join(text[:lines])}</span>')

    rows, twins = [], set()
    for nid, box in raw.items():
        thing = behind[nid]
        if isinstance(thing, torch.Tensor):
            twin = name_of[id(thing)]
            what = ("the output: backward starts here" if thing is root
                    else "a leaf: backward fills its .grad")
        elif hasattr(thing, "variable"):  # an AccumulateGrad, unless the view folded it in
            leaf = name_of[id(thing.variable)]
            folded = f"AccumulateGrad_{leaf}" not in teach
            twin = leaf if folded else f"AccumulateGrad_{leaf}"
            what = f"writes {leaf}.grad" + (f" (the arrow out of {leaf})" if folded else "")
        else:
            twin, what = type(thing).__name__, "a backward function: the op's name + Backward0"
        if twin not in teach:  # compact mode lists a row of plain ops in one box
            twin = next((k for k, (lines, _) in teach.items() if twin in lines), twin)
        twins.add(twin)
        mate = look(teach[twin], 2) if twin in teach else "—"
        rows.append(tr(look(box, 2), mate, what))
    for nid, box in teach.items():
        if nid not in twins:
            saved = box[0][0].startswith("saved")
            why = ("a saved tensor: make_dot(..., show_saved=True) draws it" if saved
                   else "needs no gradient: torchviz leaves it out")
            rows.append(tr("—", look(box, 2), why))
    return HTML(f"<table>{tr('plain torchviz', 'teaching view', 'what it is', cell='th')}"
                f"{''.join(rows)}</table>")
