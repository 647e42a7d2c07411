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

from helpers.i18n import CJK_CHARACTERS, CJK_PUNCTUATION, language_info, speaking, tr
from tools.project import (
    COLAB_BADGE_IMAGE,
    ROOT,
    SOURCE_LANGUAGE,
    binder_url,
    colab_url,
    jupytext_options,
    languages,
    notebook_folder,
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


def badge(name: str, lang: str = SOURCE_LANGUAGE) -> str:
    """The Markdown line of the "Open in Colab" badge for the notebook `name` in `lang`."""
    return f"[![Open In Colab]({COLAB_BADGE_IMAGE})]({colab_url(name, lang)})"


# Eight short lines: a learner reads them first. In Colab the repository is cloned once (a failed
# clone stops the cell with git's message); everything else happens inside setup().
SETUP_TEMPLATE = """\
import os, subprocess, sys  # {what}
REPO = "{url}"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "{up}"
if ROOT != "{up}" and not os.path.isdir(ROOT):  # {colab}
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "{branch}", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0{lang_arg})"""


def setup_source(lang: str = SOURCE_LANGUAGE) -> str:
    """The setup cell every notebook in `lang` starts with (its second cell): the helpers
    are in the repository's root, one folder up from notebooks/ and two from notebooks/zh/."""
    url, branch = repository()
    with speaking(lang):
        return SETUP_TEMPLATE.format(
            url=url, branch=branch, lang_arg="" if lang == SOURCE_LANGUAGE else f', lang="{lang}"',
            up="/".join([".."] * (1 if lang == SOURCE_LANGUAGE else 2)),
            what=tr("Setup: this collection's helpers (cloned first in Colab), seed, device"),
            colab=tr("Colab's first run; stops here if git fails"))


def title(nb: nbformat.NotebookNode) -> str:
    """The notebook's title: its first heading, e.g. "03 · no_grad and volatile: ..."."""
    return nb.cells[0].source.splitlines()[0].lstrip("# ").strip()


NAV_TAG = "nav"

# A line break between two Chinese (CJK) characters: a browser shows it as a space, which
# Chinese does not have, so Markdown cells are kept with none (a paragraph is one line).
_CJK = f"[{CJK_CHARACTERS}{CJK_PUNCTUATION}]"
CJK_LINE_BREAK = re.compile(rf"(?<={_CJK})\n(?={_CJK})")


def nav_source(name: str, titles: dict[str, str], lang: str = SOURCE_LANGUAGE) -> str:
    """The last cell of notebook `name`: links to the previous and the next notebook, for
    Jupyter (relative links, which the site turns into page links) and for Colab."""
    names = list(titles)
    i = names.index(name)
    parts = []
    with speaking(lang):
        for label, other in ((tr("← Previous:"), names[i - 1] if i else None),
                             (tr("Next →:"), names[i + 1] if i + 1 < len(names) else None)):
            if other:
                # one link a line, so that no line of the .py twin is over-long but a URL
                parts.append(f"**{label}**\n[{titles[other]}]({other}.ipynb)\n"
                             f"([{tr('in Colab')}]({colab_url(other, lang)}))")
    return "---\n\n" + "\n\n".join(parts)


def synced(nb: nbformat.NotebookNode, name: str, titles: dict[str, str] | None = None,
           lang: str = SOURCE_LANGUAGE) -> nbformat.NotebookNode:
    """A copy of `nb` (the notebook `name` in `lang`) with its badge (first cell), setup cell
    (second cell) and navigation (last cell) made afresh, without outputs, execution counts
    or unstable metadata. `titles` maps every notebook's name in `lang` to its title (read
    from the notebooks when None)."""
    nb = nbformat.from_dict(nb)
    titles = titles if titles is not None else all_titles(lang=lang)
    titles = {**titles, name: title(nb)}
    if nb.cells and NAV_TAG in nb.cells[-1].metadata.get("tags", []):
        nb.cells.pop()
    nb.cells.append(nbformat.v4.new_markdown_cell(nav_source(name, dict(sorted(titles.items())),
                                                             lang),
                                                  metadata={"slideshow": {"slide_type": "skip"},
                                                            "tags": [NAV_TAG]}))
    first, second = nb.cells[0], nb.cells[1]
    first.source = BADGE.sub("", first.source).rstrip() + "\n\n" + badge(name, lang)
    second.source = setup_source(lang)
    second.metadata["slideshow"] = {"slide_type": "skip"}
    second.metadata["tags"] = ["setup"]
    nb.metadata = nbformat.from_dict(NOTEBOOK_METADATA)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and lang != SOURCE_LANGUAGE:
            cell.source = CJK_LINE_BREAK.sub("", cell.source)
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


def stems(lang: str = SOURCE_LANGUAGE) -> list[str]:
    """Every notebook name in `lang` that has a .ipynb or a .py, in order."""
    return sorted({p.stem for suffix in (".ipynb", ".py")
                   for p in notebook_paths(suffix=suffix, lang=lang)})


def read_pair(name: str, prefer: str | None = None,
              lang: str = SOURCE_LANGUAGE) -> nbformat.NotebookNode:
    """The notebook `name` in `lang`, read from the newer of its two files (or `prefer`)."""
    ipynb, py = pair_of(notebook_folder(lang) / name)
    if not py.exists() or prefer == "ipynb":
        return nbformat.read(ipynb, as_version=4)
    if not ipynb.exists() or prefer == "py" or py.stat().st_mtime > ipynb.stat().st_mtime:
        return from_text(py.read_text(encoding="utf-8"))
    return nbformat.read(ipynb, as_version=4)


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


def all_titles(prefer: str | None = None, lang: str = SOURCE_LANGUAGE) -> dict[str, str]:
    """Every notebook's name and title in `lang`, in order."""
    return {name: title(read_pair(name, prefer, lang)) for name in stems(lang)}


def write_pair(name: str, nb: nbformat.NotebookNode, lang: str = SOURCE_LANGUAGE,
               titles: dict[str, str] | None = None) -> None:
    """Write `nb`, made clean (`synced`, stable cell ids), as the pair `name` in `lang`."""
    ipynb, py = pair_of(notebook_folder(lang) / name)
    old = nbformat.read(ipynb, as_version=4) if ipynb.exists() else None
    nb = with_stable_ids(synced(nb, name, titles, lang), old)
    _write_if_changed(ipynb, nbformat.writes(nb) + "\n")
    _write_if_changed(py, to_text(nb))


def sync(prefer: str | None = None) -> None:
    """Make every pair agree, clean, with fresh badges, setup cells and navigation, in every
    language; remake the READMEs' notebook tables."""
    for lang in languages():
        titles = all_titles(prefer, lang)
        for name in stems(lang):
            write_pair(name, read_pair(name, prefer, lang), lang, titles)
        if readme_path(lang).exists():
            _write_if_changed(readme_path(lang), synced_readme(lang))


def cell_shape(cell: nbformat.NotebookNode) -> tuple[str, str | None, tuple[str, ...]]:
    """A cell's type, slide type and tags: what both files of a pair, and a translation,
    share with the notebook."""
    meta = cell.metadata
    return (cell.cell_type, meta.get("slideshow", {}).get("slide_type"),
            tuple(meta.get("tags", ())))


def first_line(cell: nbformat.NotebookNode) -> str:
    """A cell's first line, short: how a message names the cell."""
    return (cell.source.strip().splitlines() or [""])[0][:60]


def _cell_view(cell: nbformat.NotebookNode) -> tuple:
    kind, slide, tags = cell_shape(cell)
    return (kind, cell.source, slide, tags)


def disagreements(name: str, lang: str = SOURCE_LANGUAGE) -> list[str]:
    """What is out of step for notebook `name` in `lang`: a missing file, an unclean .ipynb,
    or the first cell where the .py and the .ipynb differ (type, source, slide type or tags)."""
    ipynb, py = pair_of(notebook_folder(lang) / name)
    missing = [p.name for p in (ipynb, py) if not p.exists()]
    if missing:
        return [f"{name}: {', '.join(missing)} is missing (run `make clean-notebooks`)"]
    nb = nbformat.read(ipynb, as_version=4)
    found = []
    clean = with_stable_ids(synced(nb, name, lang=lang), nb)
    if nbformat.writes(nb) != nbformat.writes(clean):
        found.append(f"{ipynb.name}: has outputs, unstable metadata, or a stale badge or "
                     "setup cell (run `make clean-notebooks`)")
    text = from_text(py.read_text(encoding="utf-8"))
    if len(text.cells) != len(nb.cells):
        found.append(f"{name}: the .py has {len(text.cells)} cells, the .ipynb {len(nb.cells)}")
    for i, (a, b) in enumerate(zip(nb.cells, text.cells, strict=False)):
        fields = ("cell type", "source", "slide type", "tags")
        diff = [f for f, x, y in zip(fields, _cell_view(a), _cell_view(b), strict=True) if x != y]
        if diff:
            found.append(f"{name}: cell {i} ({first_line(a)!r}) differs between .ipynb and .py: "
                         f"{', '.join(diff)}")
            break
    return found


README_START, README_END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"


def readme_path(lang: str = SOURCE_LANGUAGE) -> Path:
    """README.md for English; README.<html lang>.md (README.zh-CN.md) for a translation."""
    if lang == SOURCE_LANGUAGE:
        return ROOT / "README.md"
    return ROOT / f"README.{language_info(lang).html}.md"


def readme_table(lang: str = SOURCE_LANGUAGE) -> str:
    """A README's notebook table and verdict tally in `lang`, made from the notebooks and
    the catalog."""
    from helpers.claims import CATALOG, VERDICTS, verdict_word  # imports torch: when asked

    with speaking(lang):
        rows = [f"| {tr('notebook')} | {tr('what it checks')} | {tr('claims')} | {tr('open')} |",
                "|---|---|---|---|"]
        for name in stems(lang):
            nb = read_pair(name, lang=lang)
            heading = title(nb).split("·", 1)[-1].strip()
            ids = " ".join(c.id for c in CATALOG.values() if c.notebook == name) or "—"
            links = f"[Colab]({colab_url(name, lang)}) · [Binder]({binder_url(name, lang)})"
            rows.append(f"| `{name}` | {heading} | {ids} | {links} |")
        tally = [sum(c.expected == v for c in CATALOG.values()) for v in VERDICTS]
        words = [f"**{n}** {verdict_word(v)}" for n, v in zip(tally, VERDICTS, strict=True)]
        rows += ["", tr("Verdicts on current PyTorch: {tally}.").format(tally=", ".join(words))]
    return "\n".join(rows)


def synced_readme(lang: str = SOURCE_LANGUAGE) -> str:
    """The README in `lang` with the part between its markers made afresh."""
    text = readme_path(lang).read_text(encoding="utf-8")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    return f"{head}{README_START}\n{readme_table(lang)}\n{README_END}{tail}"


def check() -> list[str]:
    """Everything out of step, one line each (empty when all is well)."""
    found = [line for lang in languages() for name in stems(lang)
             for line in disagreements(name, lang)]
    for lang in languages():
        path = readme_path(lang)
        if not path.exists():
            found.append(f"{path.name} is missing: the {lang} notebooks need their README")
        elif path.read_text(encoding="utf-8") != synced_readme(lang):
            found.append(f"{path.name}: its notebook table is stale (run `make clean-notebooks`)")
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
