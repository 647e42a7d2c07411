"""Record what every notebook draws: the DOT of each ``draw()`` and each stepper's frames.

``python -m tests.golden.record NN`` runs notebook NN's code (its jupytext ``.py`` twin, from
notebooks/, as the build does) with a recording hook on ``helpers.graph.draw`` and
``helpers.steps.backward_steps``, and prints JSON: for each graph drawn, its DOT source; for
each stepper, its captions and the DOT of every picture it lays out and draws (the layout
candidates, then one frame per step), in the order they were made. ``--write`` stores it as
tests/golden/NN.json; tests/test_golden.py compares a fresh recording with that file, byte
for byte (only the ``id()`` numbers plain torchviz names its boxes by are renumbered).
After a notebook's own change, record it again and read the diff before committing it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent


def record(number: str) -> dict:
    """Run notebook ``number`` ("04") and return what it drew."""
    import graphviz

    import helpers.graph
    import helpers.steps

    (source,) = sorted((ROOT / "notebooks").glob(f"{number}_*.py"))
    drawn: list[dict] = []
    piped: list[str] | None = None
    real_draw, real_steps = helpers.graph.draw, helpers.steps.backward_steps
    real_pipe = graphviz.Digraph.pipe

    def pipe(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if piped is not None:
            piped.append(self.source)
        return real_pipe(self, *args, **kwargs)

    def draw(*args, **kwargs):  # type: ignore[no-untyped-def]
        g = real_draw(*args, **kwargs)
        drawn.append({"draw": _stable(g.source)})
        return g

    def backward_steps(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal piped
        steps = real_steps(*args, **kwargs)
        piped = []
        try:
            steps._repr_html_()  # what the notebook shows: the layout, then one frame a step
        finally:
            frames, piped = piped, None
        drawn.append({"captions": repr(steps), "frames": frames})
        return steps

    helpers.graph.draw, helpers.steps.backward_steps = draw, backward_steps
    graphviz.Digraph.pipe = pipe
    here = Path.cwd()
    try:
        os.chdir(ROOT / "notebooks")
        with contextlib.redirect_stdout(io.StringIO()):
            runpy.run_path(str(source), run_name="__main__")
    finally:
        os.chdir(here)
        helpers.graph.draw, helpers.steps.backward_steps = real_draw, real_steps
        graphviz.Digraph.pipe = real_pipe
    return {"notebook": source.stem, "drawn": drawn}


def _stable(dot: str) -> str:
    """The DOT with ``id()`` numbers (plain torchviz names its nodes by them; they change
    from run to run) replaced by their order of first appearance, "id1", "id2", ..."""
    order: dict[str, str] = {}
    return re.sub(r"\b\d{9,}\b", lambda m: order.setdefault(m[0], f"id{len(order) + 1}"), dot)


def dumps(recording: dict) -> str:
    return json.dumps(recording, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    out = dumps(record(sys.argv[1]))
    if "--write" in sys.argv:
        (GOLDEN / f"{sys.argv[1]}.json").write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
