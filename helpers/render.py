"""From the graph model to DOT, for every view: the box styles, the Digraph defaults, and one
fitting ladder that each view gives its own budget and its own order of layouts.

``draw`` fits a notebook's column and a slide (``page()``) and tries its layouts turned
before stacked; the stepper fits a frame (``frame()``, larger: a frame may shrink more) and
tries them stacked before turned. Both go through ``fit``, and both measure a layout one
way (``measure``). The budgets are English's (``PAGE``, ``FRAME``: text at least 10 px),
shrunk for a language whose text must stay larger (Chinese: 12 px, see ``readable``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, TypeVar

import graphviz
from graphviz.quoting import quote  # the quoting graphviz gives node ids

from helpers import palette
from helpers.fonts import graph_font, text_scale
from helpers.i18n import N_
from helpers.model import Node, SavedState, new_id

__all__ = ["EDGE_STYLES", "FONT", "FRAME", "HOOK", "PAD", "PAGE", "SMALL_FONT", "STYLES", "TIGHT",
           "Budget", "HOOK_TEXT", "box_style", "digraph", "dot_label", "fit", "frame",
           "longest_chain", "measure", "new_id", "page", "rank_same", "readable"]

FONT = "11"  # a box's text
SMALL_FONT = "10"  # the smallest text: saved tensors, AccumulateGrad, edge labels, the legend


class Budget(NamedTuple):
    """The room a picture has, in points."""

    wide: float
    tall: float

    def holds(self, size: tuple[float, float]) -> bool:
        return size[0] <= self.wide and size[1] <= self.tall

    def shrunk(self, factor: float) -> Budget:
        return Budget(self.wide / factor, self.tall / factor)


# Where a graph is shown smallest: Jupyter's and Colab's output column is about 900 px wide
# (JupyterLab shrinks a wider SVG to it) and a slide shows a graph at most 470 px tall
# (tools/templates/assets/site.css). SMALL_FONT, 10 pt, is 13.3 px at full size: a graph
# wider than 900 pt is shrunk in the column until that text is under 10 px. On a slide, its
# glyph box (what the browser tests measure, about 14.1 px at full size in Chromium) stays
# 10 px tall in a graph up to about 497 pt (470 px = 352.5 pt, / 0.71): 490 pt, with room.
PAGE = Budget(900.0, 490.0)
# A stepper frame may shrink to 0.62 (helpers.stepper_html.MIN_SCALE), its 11 pt text still
# 10 px: 1,088 pt = 1,451 px, x 0.62 = 899 px, Jupyter's ~900 px column without scrolling;
# a deck shows a frame at most 580 px tall (reveal-theme.css): 658 pt = 877 px, x 0.66.
# (Both are the picture's size, as PAGE's: the graph's 1,080 x 650 pt and its pad.)
FRAME = Budget(1088.0, 658.0)

# One style per kind of box: (legend text, graphviz attributes). The legend is drawn from this
# table, so the legend and the graph cannot disagree.
STYLES: dict[str, tuple[str, dict[str, str]]] = {
    "leaf input": (N_("leaf input\n.grad filled by backward"), {"fillcolor": palette.LEAF}),
    "parameter": (N_("parameter (nn.Parameter)"), {"fillcolor": palette.PARAMETER}),
    "intermediate": (N_("intermediate (non-leaf)"), {"fillcolor": palette.PLAIN}),
    "output": (N_("output: backward starts here"),
               {"fillcolor": palette.PLAIN, "peripheries": "2"}),
    "function": (N_("backward function"),
                 {"style": "rounded,filled", "fillcolor": palette.FUNCTION}),
    "accumulate": (N_("AccumulateGrad\nwrites a leaf's .grad"),
                   {"style": "rounded,filled", "fillcolor": palette.ACCUMULATE,
                    "fontsize": SMALL_FONT}),
    "saved": (N_("saved tensor\nkept for backward"),
              {"shape": "ellipse", "fillcolor": palette.SAVED, "fontsize": SMALL_FONT}),
    "freed": (N_("saved tensor, freed\nby backward()"),
              {"shape": "ellipse", "style": "dashed", "fontcolor": palette.FREED_TEXT,
               "fontsize": SMALL_FONT}),
    "constant": (N_("constant — not part\nof backward"),
                 {"style": "dashed,filled", "fillcolor": palette.CONSTANT,
                  "fontcolor": palette.CONSTANT_TEXT}),
    "module": (N_("sub-module, collapsed"), {"shape": "box3d", "fillcolor": palette.MODULE}),
}
HOOK = {"color": palette.HOOK, "penwidth": "2.5"}  # on top of a hooked tensor's own style
HOOK_TEXT = N_("hook registered")  # its row in the legend
# Closer rows and ranks: for a graph that fits neither way at its usual spacing.
TIGHT = {"nodesep": "0.2", "ranksep": "0.25"}

G = TypeVar("G", bound=graphviz.Digraph)


def digraph(cls: type[G], edge_fontsize: str, **graph_attr: str) -> G:
    """An empty graph with every view's defaults: inputs left, boxes filled, and the font
    of the language spoken (``fonts.graph_font()``: Graphviz sizes each box with it)."""
    font = graph_font()
    return cls(
        graph_attr={"rankdir": "LR", "nodesep": "0.25", "ranksep": "0.35", **graph_attr},
        node_attr={"shape": "box", "style": "filled", "fontname": font, "fontsize": FONT},
        edge_attr={"color": palette.EDGE, "arrowsize": "0.7", "fontname": font,
                   "fontsize": edge_fontsize})


def readable() -> float:
    """How much larger than in English a graph must be drawn in the language spoken, for
    its smallest text to stay readable (``fonts.text_scale``: 1 in English)."""
    return text_scale()


def page() -> Budget:
    """``PAGE`` for the language spoken: smaller where text must stay larger."""
    return PAGE.shrunk(readable())


def frame() -> Budget:
    """``FRAME`` for the language spoken."""
    return FRAME.shrunk(readable())


def dot_label(text: str) -> str:
    """A label as DOT reads it: a backslash kept, a line break as \\n."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def rank_same(a: str, b: str, tab: str = "") -> str:
    """The DOT line that puts two boxes side by side (one rank)."""
    return f"{tab}{{rank=same; {quote(a)}; {quote(b)}}}\n"


def longest_chain(edges: set[tuple[str, str]], boxes: int) -> int:
    """How many boxes the longest path through the edges has (1 without edges)."""
    longest: dict[str, int] = {}
    for _ in range(boxes):  # longest path into each node, edges in any order
        grew = False
        for a, b in edges:
            if longest.get(b, 1) < longest.get(a, 1) + 1:
                longest[b], grew = longest.get(a, 1) + 1, True
        if not grew:
            break
    return max(longest.values(), default=1)


PAD = 4.0  # Graphviz's margin around a drawing, each side, in points


def measure(g: graphviz.Digraph) -> tuple[tuple[float, float], dict[str, Any]]:
    """Lay the graph out once with ``dot``: the picture's width and height in points, as
    Graphviz writes them in the SVG it would draw (the bounding box, its pad each side,
    rounded half up), and the layout itself (Graphviz's JSON: positions, sizes, routes).
    Every view measures this way; graphviz.ExecutableNotFound without ``dot``."""
    layout = json.loads(g.pipe(format="json", engine="dot"))
    width, height = (float(v) for v in layout["bb"].split(",")[2:])
    return (math.floor(width + 2 * PAD + 0.5), math.floor(height + 2 * PAD + 0.5)), layout


def box_style(node: Node) -> str:
    """Which of STYLES a box of the model's graph gets (a saved tensor that can no longer
    be read: "freed")."""
    if node.kind == "saved" and node.state is not SavedState.ALIVE:
        return "freed"
    return node.kind


# An edge's look, by its role in the model (helpers.model.Edge).
EDGE_STYLES: dict[str, dict[str, str]] = {
    "data": {}, "accumulate": {},
    "saved": {"style": "dotted", "arrowhead": "none", "color": palette.SAVED_EDGE},
    "detach": {"style": "dashed", "label": "detach()", "color": palette.DETACH_EDGE},
}


C = TypeVar("C")
R = TypeVar("R")


def fit(candidates: Sequence[C], lay_out: Callable[[C], tuple[tuple[float, float] | None, R]],
        budget: Budget) -> tuple[int | None, list[R]]:
    """The fitting ladder: lay the candidates out in the order given and stop at the first
    whose size fits ``budget``. Returns its index (None when none fits) and every layout
    made.

    ``lay_out`` returns a candidate's size (None: nothing to measure, ``dot`` is missing;
    the first candidate then counts as fitting) and whatever the view keeps of it.
    """
    made: list[R] = []
    for i, candidate in enumerate(candidates):
        size, result = lay_out(candidate)
        made.append(result)
        if (size is None and i == 0) or (size is not None and budget.holds(size)):
            return i, made
    return None, made
