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
    """helpers.model imports no other module of the project; helpers.labels only the model
    and the message catalog (helpers.i18n, which imports nothing of the project)."""
    assert imports(ROOT / "helpers" / "model.py") == []
    assert imports(ROOT / "helpers" / "i18n.py") == []
    assert {m for m, _ in imports(ROOT / "helpers" / "labels.py")} == {"helpers.model",
                                                                       "helpers.i18n"}


def code_lines(lines: list[str], node: ast.AST) -> int:
    """A function's or class's lines of code: no blank line, comment or docstring."""
    docs = set()
    for n in ast.walk(node):
        body = getattr(n, "body", None)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            docs.update(range(body[0].lineno, body[0].end_lineno + 1))
    return sum(1 for i in range(node.lineno, node.end_lineno + 1)
               if i not in docs and lines[i - 1].strip()
               and not lines[i - 1].strip().startswith("#"))


@pytest.mark.parametrize("path", SOURCES, ids=IDS)
def test_no_function_over_60_lines_and_no_class_over_150(path):
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    long = [f"{n.name}: {code_lines(lines, n)} lines" for n in ast.walk(ast.parse(text))
            if (isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                and code_lines(lines, n) > 60)
            or (isinstance(n, ast.ClassDef) and code_lines(lines, n) > 150)]
    assert not long, f"{path.name}: split {long}"


def test_the_architecture_page_names_every_module_and_is_linked():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = [p for p in sorted((ROOT / "helpers").glob("*.py")) if p.stem != "__init__"]
    missing = [p.name for p in modules if f"helpers/{p.name}" not in page]
    assert not missing, f"docs/architecture.md says nothing of {missing}"
    assert "(docs/architecture.md)" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
