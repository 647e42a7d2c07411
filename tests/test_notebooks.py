"""Every notebook ran for real, checked what it promised, and is stored clean."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.claims import CATALOG
from tools import notebooks
from tools.build import BuildError, execute, expected_claims, verify_ran
from tools.project import BUILD, ROOT, languages, notebook_paths

NOTEBOOKS = notebook_paths()
NAMES = [p.stem for p in NOTEBOOKS]


def test_the_collection_has_its_notebooks():
    assert NAMES[:1] == ["00_start_here"]
    claimed = {c.notebook for c in CATALOG.values()}
    assert claimed <= set(NAMES), f"catalog names missing notebooks: {claimed - set(NAMES)}"


PAIRS = [(lang, name) for lang in languages() for name in notebooks.stems(lang)]


@pytest.mark.parametrize("lang, name", PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_each_pair_is_clean_and_in_step(lang, name):
    assert notebooks.disagreements(name, lang) == []


def test_the_readme_table_is_current():
    assert notebooks.check() == []


def test_a_pair_that_disagrees_is_named_with_its_cell(tmp_path, monkeypatch):
    source = NOTEBOOKS[4]
    for other in source.parent.glob("[0-9][0-9]_*.*"):  # every pair: the links need them
        (tmp_path / other.name).write_bytes(other.read_bytes())
    monkeypatch.setattr(notebooks, "notebook_folder", lambda lang="en": tmp_path)
    assert notebooks.disagreements(source.stem) == []
    text = source.with_suffix(".py").read_text(encoding="utf-8")
    edited = text.replace("# ## C", "# ## Changed C", 1)
    (tmp_path / f"{source.stem}.py").write_text(edited, encoding="utf-8")
    (problem,) = notebooks.disagreements(source.stem)
    assert source.stem in problem and "cell " in problem and "source" in problem
    (tmp_path / f"{source.stem}.py").write_text(
        text.replace('slideshow={"slide_type": "slide"}', 'slideshow={"slide_type": "-"}', 2))
    assert "slide type" in notebooks.disagreements(source.stem)[0]
    (tmp_path / f"{source.stem}.py").unlink()
    assert "is missing" in notebooks.disagreements(source.stem)[0]


EVERY = [p for lang in languages() for p in notebook_paths(lang=lang)]


@pytest.mark.parametrize("path", EVERY, ids=[p.relative_to(ROOT).as_posix() for p in EVERY])
def test_slides_metadata(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    setup = nb.cells[1]
    assert "setup" in setup.metadata.get("tags", [])
    assert setup.metadata.slideshow.slide_type == "skip"
    for cell in nb.cells:
        first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
        if cell.cell_type == "markdown" and first.startswith("## C"):
            assert cell.metadata.slideshow.slide_type == "slide", f"{first} is not a slide"
    headings = {c.source.split("·")[0].strip("# ").strip() for c in nb.cells
                if c.cell_type == "markdown" and c.source.startswith("## C")}
    assert headings == expected_claims(path.stem), "one slide per claim of this notebook"


@pytest.mark.parametrize("name", NAMES)
def test_executed_copy_really_ran(name, ledger):
    executed = BUILD / "executed" / f"{name}.ipynb"
    assert executed.exists(), f"{name} was not built"
    nb = nbformat.read(executed, as_version=4)
    verify_ran(nb, name, [e for e in ledger if e["notebook"] == name])
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors


def test_every_claim_has_a_computed_verdict_matching_the_catalog(ledger):
    seen = {e["id"]: e for e in ledger}
    for c in CATALOG.values():
        if (BUILD / "executed" / f"{c.notebook}.ipynb").exists():
            assert c.id in seen, f"{c.id} was not checked"
            assert seen[c.id]["verdict"] == c.expected
            assert seen[c.id]["notebook"] == c.notebook
            assert seen[c.id]["evidence"].strip()


def _notebook(tmp_path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "99_probe.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.notebook
def test_a_failing_cell_fails_the_run_and_leaves_the_source_alone(tmp_path):
    source = _notebook(tmp_path, "x = 1", "1 / 0", "y = 2")
    before = source.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BuildError, match="ZeroDivisionError"):
        execute(source, out, out, out)
    assert source.read_bytes() == before
    assert not (out / source.name).exists()  # nothing that looks built


def test_the_executed_copy_may_not_overwrite_its_source(tmp_path):
    source = _notebook(tmp_path, "x = 1")
    with pytest.raises(BuildError, match="would overwrite its source"):
        execute(source, tmp_path, tmp_path, tmp_path)
    assert list(tmp_path.iterdir()) == [source]  # refused before writing anything


def test_a_notebook_that_skips_its_checks_is_caught():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", execution_count=1)]
    with pytest.raises(BuildError, match="expects checks of"):
        verify_ran(nb, "04_leaf_and_intermediate_grads", ledger=[])


def test_a_notebook_with_unexecuted_cells_is_caught():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", execution_count=1),
                nbformat.v4.new_code_cell("y = 2")]
    with pytest.raises(BuildError, match="1 of 2 code cells never executed"):
        verify_ran(nb, "00_start_here", ledger=[])


@pytest.mark.notebook
def test_build_without_dot_stops_with_install_commands(tmp_path):
    env = {"PATH": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tools.build"], env=env, capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 1
    for hint in ("apt-get install graphviz", "brew install graphviz",
                 "conda install -c conda-forge graphviz", "winget install graphviz"):
        assert hint in done.stderr
