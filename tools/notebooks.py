"""Keep notebook sources clean and consistent: no outputs, stable metadata, and the same
Colab badge and setup cell everywhere, made from the repository address in pyproject.toml.

    python -m tools.notebooks clean    # strip outputs, reset metadata (contributors)
    python -m tools.notebooks sync     # rewrite badges, setup cells and README's notebook table
    python -m tools.notebooks check    # list notebooks (and README) not clean or not in sync

Both rewriting commands are for contributors; the build never writes into notebooks/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
NOTEBOOK_METADATA = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
CELL_METADATA_KEPT = ("slideshow", "tags")


def repository() -> tuple[str, str]:
    """The repository's URL and branch, written once in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return project["project"]["urls"]["Repository"], project["tool"]["backward"]["branch"]


def colab_url(name: str) -> str:
    """Where Colab opens notebooks/<name>.ipynb of this repository."""
    url, branch = repository()
    path = url.removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{path}/blob/{branch}/notebooks/{name}.ipynb"


def binder_url(name: str) -> str:
    """Where Binder opens notebooks/<name>.ipynb of this repository in JupyterLab."""
    url, branch = repository()
    path = url.removeprefix("https://github.com/")
    return f"https://mybinder.org/v2/gh/{path}/{branch}?labpath=notebooks%2F{name}.ipynb"


COLAB_BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
BADGE_PATTERN = re.compile(r"^\[!\[Open In Colab\]\(.*$", re.M)


def badge(name: str) -> str:
    """The Markdown line of the "Open in Colab" badge for notebooks/<name>.ipynb."""
    return f"[![Open In Colab]({COLAB_BADGE_IMAGE})]({colab_url(name)})"


SETUP_TEMPLATE = """\
# Setup: seed, device, and this collection's `helpers`, in Jupyter, Colab or Binder.
import sys

if "google.colab" in sys.modules:  # in Colab only: fetch the collection, add what Colab lacks
    import subprocess

    REPO = "{url}"
    BRANCH, TARGET = "{branch}", "/content/backward-notebooks"
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", BRANCH, REPO, TARGET], check=False)
    sys.path.insert(0, TARGET)
    from helpers.colab import bootstrap

    bootstrap(REPO, TARGET, branch=BRANCH)
else:
    sys.path.insert(0, "..")  # the repository root, one folder above notebooks/

from helpers import setup

device = setup(seed=0)"""


def setup_source() -> str:
    """The setup cell every notebook starts with (its second cell)."""
    url, branch = repository()
    return SETUP_TEMPLATE.format(url=url, branch=branch)


def synced(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """`nb` with its badge (first cell) and setup cell (second cell) made afresh."""
    nb = nbformat.from_dict(nb)
    first, second = nb.cells[0], nb.cells[1]
    if BADGE_PATTERN.search(first.source):
        first.source = BADGE_PATTERN.sub(badge(name), first.source)
    else:
        first.source = first.source.rstrip() + "\n\n" + badge(name)
    second.source = setup_source()
    second.metadata["slideshow"] = {"slide_type": "skip"}
    second.metadata["tags"] = ["setup"]
    return nb


README_START, README_END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"


def readme_table(paths: list[Path]) -> str:
    """The README's notebook table and verdict tally, made from the notebooks and the catalog."""
    from helpers.claims import CATALOG, VERDICTS  # imports torch: only when asked for

    rows = ["| notebook | what it checks | claims | open |", "|---|---|---|---|"]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        title = nb.cells[0].source.splitlines()[0].lstrip("# ").split("·", 1)[-1].strip()
        ids = " ".join(c.id for c in CATALOG.values() if c.notebook == path.stem) or "—"
        links = f"[Colab]({colab_url(path.stem)}) · [Binder]({binder_url(path.stem)})"
        rows.append(f"| `{path.stem}` | {title} | {ids} | {links} |")
    tally = [sum(c.expected == v for c in CATALOG.values()) for v in VERDICTS]
    rows += ["", "Verdicts on current PyTorch: " + ", ".join(
        f"**{n}** {v}" for n, v in zip(tally, VERDICTS, strict=True)) + "."]
    return "\n".join(rows)


def synced_readme(paths: list[Path]) -> str:
    """README.md with the part between its markers made afresh."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    return f"{head}{README_START}\n{readme_table(paths)}\n{README_END}{tail}"


def cleaned(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of `nb` without outputs, execution counts or machine-specific metadata."""
    nb = nbformat.from_dict(nb)
    nb.metadata = nbformat.from_dict(NOTEBOOK_METADATA)
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in CELL_METADATA_KEPT})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def is_clean(path: Path) -> bool:
    """True when the file on disk is exactly its cleaned and synced form."""
    nb = nbformat.read(path, as_version=4)
    return nbformat.writes(nb) == nbformat.writes(cleaned(synced(nb, path.stem)))


def main(argv: list[str]) -> int:
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if argv in (["clean"], ["sync"]):
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            nbformat.write(cleaned(synced(nb, path.stem) if argv == ["sync"] else nb), path)
        if argv == ["sync"]:
            (ROOT / "README.md").write_text(synced_readme(paths), encoding="utf-8")
        return 0
    if argv == ["check"]:
        dirty = [p.name for p in paths if not is_clean(p)]
        if (ROOT / "README.md").read_text(encoding="utf-8") != synced_readme(paths):
            dirty.append("README.md")
        for name in dirty:
            print(f"not clean: {name} (run `python -m tools.notebooks sync`)")
        return 1 if dirty else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
