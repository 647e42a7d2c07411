"""The shape of helpers/ and tools/ (docs/architecture.md): no module reaches into another's
private names, the graph model sits at the bottom, and no function or class grows too long."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*ROOT.glob("helpers/**/*.py"), *ROOT.glob("tools/*.py")])
IDS = [str(p.relative_to(ROOT)) for p in SOURCES]


def imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every ``from module import name`` of this project's modules, and
    (module, "") for every ``import module``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.module, a.name) for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names]
    return [(m, n) for m, n in found if m.split(".")[0] in ("helpers", "tools")]


@pytest.mark.parametrize("path", SOURCES, ids=IDS)
def test_no_module_imports_another_modules_private_names(path):
    private = [f"{m}.{n}" for m, n in imports(path) if n.startswith("_") and n != "__version__"]
    assert not private, f"{path.name} imports private names: {private}"


def test_private_names_are_not_reached_through_a_module():
    """``steps._value(...)`` after ``from helpers import steps``: the same reach, spelled
    as an attribute."""
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {a.asname or a.name for n in ast.walk(tree)
                   if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("helpers")
                   for a in n.names if not a.name[0].isupper()}
        reach = [f"{n.value.id}.{n.attr}" for n in ast.walk(tree)
                 if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                 and n.value.id in modules and n.attr.startswith("_")
                 and not n.attr.startswith("__")]
        assert not reach, f"{path.name} reaches into private names: {reach}"


def test_the_graph_model_is_at_the_bottom():
    """helpers.model imports no other module of the project; helpers.labels only the model."""
    assert imports(ROOT / "helpers" / "model.py") == []
    assert {m for m, _ in imports(ROOT / "helpers" / "labels.py")} == {"helpers.model"}
