"""Every colour comes from helpers/palette.py: a colour written anywhere else in helpers/ or
tools/ fails here (issue 21, item 5)."""

import ast
import re
from pathlib import Path

import pytest

from helpers import palette

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for p in sorted([*ROOT.glob("helpers/**/*.py"), *ROOT.glob("tools/*.py")])
           if p.name != "palette.py"]
# Six hex digits anywhere; three only where CSS wants a colour ("#c21" may be an anchor).
HEX = re.compile(r"#[0-9a-fA-F]{6}(?![0-9a-zA-Z_-])"
                 r"|(?:(?<=color:)|(?<=ground:)|(?<=solid ))#[0-9a-fA-F]{3}\b")
NAMED = re.compile(r"(?:light|dark|pale|medium)?(?:grey|gray|red|green|blue|orange|purple|plum|"
                   r"gold|khaki|yellow|white|black|olivegreen|pink|brown|cyan|magenta)\d*")
# Strings that are not colours though they read like one: reveal.js's theme is named "white".
NOT_COLOURS = {("reveal_theme", "white")}


def palette_names() -> set[str]:
    return {v for v in vars(palette).values() if isinstance(v, str)}


def colour_literals(path: Path) -> list[str]:
    """Colours written in a module: hex colours inside any string, and whole strings that
    are colour names (graphviz's "grey85", "lightblue")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt = {id(k.value) for n in ast.walk(tree) if isinstance(n, ast.Call)
              for k in n.keywords if isinstance(k.value, ast.Constant)
              and (k.arg, k.value.value) in NOT_COLOURS}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) \
                or id(node) in exempt:
            continue
        found += [f"line {node.lineno}: {m}" for m in HEX.findall(node.value)]
        if NAMED.fullmatch(node.value):
            found.append(f"line {node.lineno}: {node.value!r}")
    return sorted(found)


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_no_colour_is_written_outside_the_palette(path):
    assert colour_literals(path) == [], f"{path.name}: use a name from helpers/palette.py"


def test_the_check_finds_a_colour(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('A = {"fillcolor": "grey85"}\nB = f"color:#cf222e;x"\n'
                      'C = "see #c21 and issue #123"\nD = dict(reveal_theme="white")\n'
                      'E = "border:1px solid #666"\n')
    assert colour_literals(module) == ["line 1: 'grey85'", "line 2: #cf222e", "line 5: #666"]


def test_the_palette_holds_the_colours_it_promises():
    assert {"lightblue", "grey85", "#cf222e", "#bf3989"} <= palette_names() | set(
        palette.VERDICT.values()) | set(palette.OUTCOME.values())
