"""Every colour the collection shows, in one place: the graph's boxes and edges, the stepper's
marks, the verdicts, the then-and-now outcomes, the error cards and their tints.

A test (tests/test_palette.py) fails on a colour written anywhere else in helpers/ or tools/:
add a name here and use it there. Hex colours are GitHub's Primer palette, chosen for WCAG AA
contrast (4.5:1) on white and on their card tints; tests/test_claims.py computes it.
"""

from __future__ import annotations

# --- graphs (Graphviz colour names) ---------------------------------------------------------
LEAF = "lightblue"  # a leaf input's box
PARAMETER = "khaki"  # an nn.Parameter's box
PLAIN = "white"  # an intermediate's and the output's box; a box with no fill of its own
FUNCTION = "grey85"  # a backward function's box
ACCUMULATE = "grey95"  # an AccumulateGrad's box
SAVED = "orange"  # a saved tensor's ellipse
FREED_TEXT = "grey40"  # the text of a saved tensor backward() freed
CONSTANT = "grey92"  # a constant's box (no gradient)
CONSTANT_TEXT = "grey30"
MODULE = "lightyellow"  # a collapsed sub-module's box
HOOK = "purple"  # the outline of a tensor with a hook
EDGE = "grey30"  # every arrow
SAVED_EDGE = "darkorange3"  # the dotted line from a saved tensor to its node
DETACH_EDGE = "grey40"  # the dashed detach() arrow
TORCHVIZ_UNFILLED = "lightgrey"  # graphviz's own fill, which plain torchviz boxes keep

# --- the stepper ----------------------------------------------------------------------------
NOW = "red3"  # what happens at this step
RUNNING = "gold"  # the node running now
HOOK_FIRED = "plum"  # a tensor whose hook fired at this step
STEPPER_KEY_TEXT = "#555"  # the line above the frames that says what the colours mean

# Graphviz colour names as CSS (browsers lack the X11 numbered greys), for HTML swatches.
CSS = {"darkolivegreen1": "#caff70", "grey85": "#d9d9d9", "grey92": "#ebebeb",
       "grey95": "#f2f2f2"}
SWATCH_BORDER = "#666"

# --- verdicts, outcomes, error cards ------------------------------------------------------
VERDICT = {"holds": "#1a7f37", "partly": "#9a6700", "outdated": "#6639ba", "false": "#cf222e"}
NO_VERDICT = "#57606a"  # a claim with no verdict yet
# A verdict card's background: its colour at 4% opacity (0x0a of 0xff) over the page. Every
# verdict colour keeps WCAG AA (4.5:1) on it, "partly" #9a6700 the lowest at 4.6:1 (8% gave
# it 4.4:1); tests/test_claims.py computes each.
CARD_TINT = "0a"
OUTCOME = {"raises": "#cf222e", "warns": "#9a6700", "silently ignored": "#6639ba",
           "silently changed": "#bc4c00", "silently wrong": "#bf3989", "works": "#1a7f37"}
# An error card: the error's red, a warning's brown; its background that colour at 8%.
ERROR = "#cf222e"
WARNING = "#7a5200"
ERROR_CARD_TINT = "14"

# --- the site's own pictures (tools/site.py) --------------------------------------------------
INK = "#1f2328"  # text, and a QR code's dark modules
PAPER = "#fff"  # a QR code's light modules
MUTED = NO_VERDICT  # the teachers' page path graph: box outlines and arrows
