"""Keep notebook sources readable, clean and in step.

Every notebook is a pair: ``notebooks/NN_name.py`` (jupytext's percent format: what a reviewer
reads, and what ruff and ``duplicates`` see) and ``notebooks/NN_name.ipynb`` (what Jupyter,
Colab and Binder open). Both are committed, without outputs, with the same Colab badge and
setup cell everywhere, made from the repository address in pyproject.toml.

    python -m tools.notebooks sync    # make each pair agree (the newer file wins), clean both,
                                      # remake badges, setup cells and the README's table
    python -m tools.notebooks check   # list what is out of step; exit 1 if anything is

`make clean-notebooks` runs sync. The build never writes into notebooks/.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import jupytext
import nbformat

from tools.project import (
    COLAB_BADGE_IMAGE,
    NOTEBOOKS,
    ROOT,
    binder_url,
    colab_url,
    jupytext_options,
    notebook_paths,
    repository,
)

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
NOTEBOOK_METADATA = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
# What jupytext writes into the .py (no notebook header, only the cell metadata we keep) and
# in which format: read from jupytext.toml, the one place these are written.
JUPYTEXT_OPTIONS = {k: jupytext_options()[k]
                    for k in ("notebook_metadata_filter", "cell_metadata_filter")}
CELL_METADATA_KEPT = tuple(k for k in JUPYTEXT_OPTIONS["cell_metadata_filter"].split(",")
                           if not k.startswith("-"))
TEXT_FORMAT = next(f for f in jupytext_options()["formats"].split(",") if f != "ipynb")

BADGE = re.compile(r"\s*\[!\[Open In\s+Colab\]\([^)]*\)\]\([^)]*\)")


def badge(name: str) -> str:
    """The Markdown line of the "Open in Colab" badge for notebooks/<name>.ipynb."""
    return f"[![Open In Colab]({COLAB_BADGE_IMAGE})]({colab_url(name)})"


# Eight short lines: a learner reads them first. In Colab the repository is cloned once (a failed
# clone stops the cell with git's message); everything else happens inside setup().
SETUP_TEMPLATE = """\
import os, subprocess, sys  # Setup: this collection's helpers (cloned first in Colab), seed, device
REPO = "{url}"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else ".."
if ROOT != ".." and not os.path.isdir(ROOT):  # Colab's first run; stops here if git fails
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "{branch}", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0)"""


def setup_source() -> str:
    """The setup cell every notebook starts with (its second cell)."""
    url, branch = repository()
    return SETUP_TEMPLATE.format(url=url, branch=branch)


def title(nb: nbformat.NotebookNode) -> str:
    """The notebook's title: its first heading, e.g. "03 · no_grad and volatile: ..."."""
    return nb.cells[0].source.splitlines()[0].lstrip("# ").strip()


NAV_TAG = "nav"


def nav_source(name: str, titles: dict[str, str]) -> str:
    """The last cell of notebook `name`: links to the previous and the next notebook, for
    Jupyter (relative links, which the site turns into page links) and for Colab."""
    names = list(titles)
    i = names.index(name)
    parts = []
    for label, other in (("← Previous", names[i - 1] if i else None),
                         ("Next →", names[i + 1] if i + 1 < len(names) else None)):
        if other:
            # one link a line, so that no line of the .py twin is over-long but a URL
            parts.append(f"**{label}:**\n[{titles[other]}]({other}.ipynb)\n"
                         f"([in Colab]({colab_url(other)}))")
    return "---\n\n" + "\n\n".join(parts)


def synced(nb: nbformat.NotebookNode, name: str,
           titles: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """A copy of `nb` with its badge (first cell), setup cell (second cell) and navigation
    (last cell) made afresh, without outputs, execution counts or unstable metadata.
    `titles` maps every notebook's name to its title (read from notebooks/ when None)."""
    nb = nbformat.from_dict(nb)
    titles = titles if titles is not None else all_titles()
    titles = {**titles, name: title(nb)}
    if nb.cells and NAV_TAG in nb.cells[-1].metadata.get("tags", []):
        nb.cells.pop()
    nb.cells.append(nbformat.v4.new_markdown_cell(nav_source(name, dict(sorted(titles.items()))),
                                                  metadata={"slideshow": {"slide_type": "skip"},
                                                            "tags": [NAV_TAG]}))
    first, second = nb.cells[0], nb.cells[1]
    first.source = BADGE.sub("", first.source).rstrip() + "\n\n" + badge(name)
    second.source = setup_source()
    second.metadata["slideshow"] = {"slide_type": "skip"}
    second.metadata["tags"] = ["setup"]
    nb.metadata = nbformat.from_dict(NOTEBOOK_METADATA)
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in CELL_METADATA_KEPT})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def with_stable_ids(nb: nbformat.NotebookNode,
                    old: nbformat.NotebookNode | None) -> nbformat.NotebookNode:
    """`nb` with each cell's id taken from the same cell of `old` (matched by source, then by
    position), so that a diff shows only what a person changed; new cells get an id made
    from their source."""
    old_cells = old.cells if old is not None else []
    by_source = {c.source: c.get("id") for c in old_cells}
    # ids that a cell keeps by its unchanged source are never handed to another cell by
    # position (a cell inserted above them would otherwise shift every id below it)
    kept = {by_source[c.source] for c in nb.cells if by_source.get(c.source)}
    used: set[str] = set()
    for i, cell in enumerate(nb.cells):
        at = old_cells[i].get("id") if i < len(old_cells) else None
        candidates = [by_source.get(cell.source), None if at in kept else at,
                      *(hashlib.sha1(f"{i}:{n}:{cell.source}".encode()).hexdigest()[:8]
                        for n in range(100))]  # (identical cells: the next free hash)
        cell["id"] = next(c for c in candidates if c and c not in used)
        used.add(cell["id"])
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def to_text(nb: nbformat.NotebookNode) -> str:
    """The .py (percent format) form of a notebook."""
    nb = nbformat.from_dict(nb)
    nb.metadata["jupytext"] = dict(JUPYTEXT_OPTIONS)
    return jupytext.writes(nb, fmt=TEXT_FORMAT)


def from_text(text: str) -> nbformat.NotebookNode:
    """The notebook a .py (percent format) source describes."""
    return jupytext.reads(text, fmt=TEXT_FORMAT)


def pair_of(path: Path) -> tuple[Path, Path]:
    """(ipynb, py) of the notebook `path` names (either file of the pair)."""
    return path.with_suffix(".ipynb"), path.with_suffix(".py")


def stems() -> list[str]:
    """Every notebook name that has a .ipynb or a .py, in order."""
    return sorted({p.stem for suffix in (".ipynb", ".py") for p in notebook_paths(suffix=suffix)})


def read_pair(name: str, prefer: str | None = None) -> nbformat.NotebookNode:
    """The notebook `name`, read from the newer of its two files (or from `prefer`)."""
    ipynb, py = pair_of(NOTEBOOKS / name)
    if not py.exists() or prefer == "ipynb":
        return nbformat.read(ipynb, as_version=4)
    if not ipynb.exists() or prefer == "py" or py.stat().st_mtime > ipynb.stat().st_mtime:
        return from_text(py.read_text(encoding="utf-8"))
    return nbformat.read(ipynb, as_version=4)


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


def all_titles(prefer: str | None = None) -> dict[str, str]:
    """Every notebook's name and title, in order."""
    return {name: title(read_pair(name, prefer)) for name in stems()}


def sync(prefer: str | None = None) -> None:
    """Make every pair agree, clean, with fresh badges, setup cells and navigation; remake
    the README's notebook table."""
    titles = all_titles(prefer)
    for name in stems():
        ipynb, py = pair_of(NOTEBOOKS / name)
        old = nbformat.read(ipynb, as_version=4) if ipynb.exists() else None
        nb = with_stable_ids(synced(read_pair(name, prefer), name, titles), old)
        _write_if_changed(ipynb, nbformat.writes(nb) + "\n")
        _write_if_changed(py, to_text(nb))
    _write_if_changed(ROOT / "README.md", synced_readme())


def _cell_view(cell: nbformat.NotebookNode) -> tuple:
    meta = cell.metadata
    return (cell.cell_type, cell.source, meta.get("slideshow", {}).get("slide_type"),
            tuple(meta.get("tags", ())))


def disagreements(name: str) -> list[str]:
    """What is out of step for notebook `name`: a missing file, an unclean .ipynb, or the
    first cell where the .py and the .ipynb differ (type, source, slide type or tags)."""
    ipynb, py = pair_of(NOTEBOOKS / name)
    missing = [p.name for p in (ipynb, py) if not p.exists()]
    if missing:
        return [f"{name}: {', '.join(missing)} is missing (run `make clean-notebooks`)"]
    nb = nbformat.read(ipynb, as_version=4)
    found = []
    if nbformat.writes(nb) != nbformat.writes(with_stable_ids(synced(nb, name), nb)):
        found.append(f"{ipynb.name}: has outputs, unstable metadata, or a stale badge or "
                     "setup cell (run `make clean-notebooks`)")
    text = from_text(py.read_text(encoding="utf-8"))
    if len(text.cells) != len(nb.cells):
        found.append(f"{name}: the .py has {len(text.cells)} cells, the .ipynb {len(nb.cells)}")
    for i, (a, b) in enumerate(zip(nb.cells, text.cells, strict=False)):
        fields = ("cell type", "source", "slide type", "tags")
        diff = [f for f, x, y in zip(fields, _cell_view(a), _cell_view(b), strict=True) if x != y]
        if diff:
            first_line = (a.source.strip().splitlines() or [""])[0][:60]
            found.append(f"{name}: cell {i} ({first_line!r}) differs between .ipynb and .py: "
                         f"{', '.join(diff)}")
            break
    return found


README_START, README_END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"


def readme_table() -> str:
    """The README's notebook table and verdict tally, made from the notebooks and the catalog."""
    from helpers.claims import CATALOG, VERDICTS  # imports torch: only when asked for

    rows = ["| notebook | what it checks | claims | open |", "|---|---|---|---|"]
    for name in stems():
        nb = read_pair(name)
        heading = title(nb).split("·", 1)[-1].strip()
        ids = " ".join(c.id for c in CATALOG.values() if c.notebook == name) or "—"
        links = f"[Colab]({colab_url(name)}) · [Binder]({binder_url(name)})"
        rows.append(f"| `{name}` | {heading} | {ids} | {links} |")
    tally = [sum(c.expected == v for c in CATALOG.values()) for v in VERDICTS]
    rows += ["", "Verdicts on current PyTorch: " + ", ".join(
        f"**{n}** {v}" for n, v in zip(tally, VERDICTS, strict=True)) + "."]
    return "\n".join(rows)


def synced_readme() -> str:
    """README.md with the part between its markers made afresh."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    return f"{head}{README_START}\n{readme_table()}\n{README_END}{tail}"


def check() -> list[str]:
    """Everything out of step, one line each (empty when all is well)."""
    found = [line for name in stems() for line in disagreements(name)]
    if (ROOT / "README.md").read_text(encoding="utf-8") != synced_readme():
        found.append("README.md: its notebook table is stale (run `make clean-notebooks`)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.notebooks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    do_sync = sub.add_parser("sync", help="make every pair agree and clean (newer file wins)")
    do_sync.add_argument("--from", dest="prefer", choices=["py", "ipynb"],
                         help="take every pair from this side instead of the newer file")
    sub.add_parser("check", help="list pairs out of step; exit 1 if any")
    args = parser.parse_args(argv)
    if args.command == "sync":
        sync(args.prefer)
        return 0
    problems = check()
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
