"""Build the collection into build/: run every notebook, render it, gather the verdicts.

    python -m tools.build            # what `make` runs
    python -m tools.build 00 03      # only notebooks whose names start with these
    python -m tools.build --help     # the options

Sources in notebooks/ are only read, never written: executed copies go to build/executed/.
Each notebook runs in a fresh kernel with BACKWARD_LEDGER pointing at a file of its own,
so every `check(...)` it makes lands in the ledger, and build/claims.json is made from those.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import cast

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers.claims import CATALOG, LedgerEntry
from helpers.errors import expected_errors
from helpers.graph import install_dot_lines
from tools import site
from tools.project import (
    NOTEBOOKS,
    ROOT,
    SOURCE_LANGUAGE,
    languages,
    notebook_folder,
    notebook_paths,
    site_folder,
)

DOT_MISSING = "\n".join([
    "Graphviz's `dot` program is not installed, and the notebooks draw graphs with it.",
    "Install it, then run `make` again:", *(f"  {line}" for line in install_dot_lines())])


class BuildError(RuntimeError):
    """A notebook failed, or ran without doing what it promised."""


def require_dot() -> None:
    """Stop at once, with the install commands, when Graphviz's `dot` is missing."""
    if shutil.which("dot") is None:
        raise BuildError(DOT_MISSING)


def expected_claims(name: str) -> set[str]:
    """The claims the catalog assigns to the notebook called `name`."""
    return {c.id for c in CATALOG.values() if c.notebook == name}


def read_jsonl(path: Path) -> list[dict]:
    """The records in a JSON-lines file, one object per line (none if it is missing)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def read_ledger(path: Path) -> list[LedgerEntry]:
    """The checks one notebook recorded."""
    return cast(list[LedgerEntry], read_jsonl(path))


def verify_ran(nb: nbformat.NotebookNode, name: str, ledger: list[LedgerEntry]) -> None:
    """Guard against a notebook that "ran" without running: every code cell executed,
    and every claim the catalog gives this notebook was checked."""
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    skipped = [i for i, c in enumerate(code) if c.get("execution_count") is None]
    if skipped:
        raise BuildError(f"{name}: {len(skipped)} of {len(code)} code cells never executed")
    missing = expected_claims(name) - {e["id"] for e in ledger}
    if missing:
        raise BuildError(f"{name}: the catalog expects checks of {sorted(missing)}, "
                         "but the notebook never made them")


def verify_errors(name: str, recorded: list[dict]) -> None:
    """Every error helpers.errors.EXPECTED gives this notebook was reproduced and recorded."""
    missing = expected_errors(name) - {e["id"] for e in recorded}
    if missing:
        raise BuildError(f"{name}: helpers/errors.py expects reproductions of "
                         f"{sorted(missing)}, but the notebook never recorded them")


def execute(source: Path, out_dir: Path, ledger_dir: Path, errors_dir: Path,
            timeout: int = 600) -> Path:
    """Run one notebook top to bottom in a fresh kernel; write the executed copy to out_dir.

    The checks it makes (helpers.claims) go to ledger_dir/<name>.jsonl, the errors it
    reproduces (helpers.errors) to errors_dir/<name>.jsonl; the three folders must exist.
    Raises BuildError, naming the notebook and the failing cell's error, when a cell fails.
    """
    name = source.stem
    ledger, out = ledger_dir / f"{name}.jsonl", out_dir / f"{name}.ipynb"
    errors = errors_dir / f"{name}.jsonl"
    if out.resolve() == source.resolve():
        raise BuildError(f"{name}: the executed copy would overwrite its source; "
                         "write it to another folder")
    for stale in (ledger, errors, out):  # a failed run must leave nothing that looks built
        stale.unlink(missing_ok=True)
    nb = nbformat.read(source, as_version=4)
    env = dict(os.environ, BACKWARD_LEDGER=str(ledger), BACKWARD_NOTEBOOK=name,
               BACKWARD_ERRORS=str(errors),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                        os.environ.get("PYTHONPATH")])),
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(source.parent)}},
                            # the kernel's own log (transport notices) is noise in a build
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    started = time.perf_counter()
    try:
        client.execute(env=env)
    except CellExecutionError as error:
        plain = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # drop the terminal colours
        raise BuildError(f"{name}: a cell failed.\n{plain}") from None
    verify_ran(nb, name, read_ledger(ledger))
    verify_errors(name, read_jsonl(errors))
    nb.metadata.setdefault("backward", {})["seconds"] = round(time.perf_counter() - started, 1)
    nbformat.write(nb, out)
    print(f"  ran {name} in {nb.metadata.backward['seconds']} s", flush=True)
    return out


def gather_ledger(ledger_dir: Path, executed: list[Path]) -> list[LedgerEntry]:
    """The checks of the notebooks that ran to the end, one per claim, in claim order."""
    entries: dict[str, LedgerEntry] = {}
    for nb in executed:
        for entry in read_ledger(ledger_dir / f"{nb.stem}.jsonl"):
            entries[entry["id"]] = entry  # a claim checked twice keeps its last check
    return [entries[k] for k in sorted(entries)]


def gather_errors(errors_dir: Path, executed: list[Path]) -> list[dict]:
    """The errors the notebooks that ran reproduced, one per ID, in ID order."""
    entries = {e["id"]: e for nb in executed for e in read_jsonl(errors_dir / f"{nb.stem}.jsonl")}
    return [entries[k] for k in sorted(entries)]


def chosen_sources(prefixes: tuple[str, ...]) -> list[tuple[str, Path]]:
    """(language, notebook) for every notebook the build runs: all of them, or those whose
    names start with one of `prefixes` -- in every language ("04"), or in one ("zh/04")."""
    chosen = []
    for lang in languages():
        mine = tuple(p.split("/", 1)[1] if "/" in p else p for p in prefixes
                     if "/" not in p or p.startswith(f"{lang}/"))
        if prefixes and not mine:
            continue
        chosen += [(lang, path) for path in notebook_paths(*mine, lang=lang)]
    if not chosen:
        raise BuildError(f"no notebook in {NOTEBOOKS} starts with any of {prefixes}")
    return chosen


def folders(lang: str) -> tuple[Path, Path, Path]:
    """Where the build puts the executed copies, ledgers and errors of `lang`'s notebooks."""
    out = site_folder(lang)
    made = (out / "executed", out / "ledger", out / "errors")
    for folder in made:
        folder.mkdir(parents=True, exist_ok=True)
    return made


def snapshot() -> dict[Path, bytes]:
    """Every file under notebooks/, to show that the build changed none."""
    return {p: p.read_bytes() for p in NOTEBOOKS.rglob("*") if p.is_file()}


def publish(lang: str, rerendered: set[str] | None) -> list[LedgerEntry]:
    """Gather `lang`'s ledger and errors into claims.json and errors.json, and render its
    site (only the notebooks in `rerendered` again, when given); return the ledger."""
    out = site_folder(lang)
    executed, ledger_dir, errors_dir = folders(lang)
    # this run's, and earlier partial builds' -- of notebooks that still exist (a renamed
    # notebook's old executed copy would otherwise keep its page, its deck and its verdicts)
    results = [p for p in sorted(executed.glob("*.ipynb"))
               if (notebook_folder(lang) / p.name).exists()]
    ledger = gather_ledger(ledger_dir, results)
    (out / "claims.json").write_text(json.dumps(ledger, indent=2) + "\n", encoding="utf-8")
    errors = gather_errors(errors_dir, results)
    (out / "errors.json").write_text(json.dumps(errors, indent=2) + "\n", encoding="utf-8")
    site.render(results, ledger, out, errors, only=rerendered, lang=lang)
    print(f"{out.relative_to(ROOT)} has {len(results)} notebooks and {len(ledger)} verdicts")
    return ledger


def build(*prefixes: str, jobs: int = 2) -> list[LedgerEntry]:
    """Run, render and index the collection in every language; return the English ledger
    (written to build/claims.json; a translation's goes to build/<lang>/claims.json)."""
    require_dot()
    sources = chosen_sources(prefixes)
    print(f"Running {len(sources)} notebooks, {jobs} at a time:", flush=True)
    before = snapshot()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        ran = list(pool.map(lambda s: execute(s[1], *folders(s[0])), sources))
    if snapshot() != before:
        raise BuildError("a notebook in notebooks/ changed while the build ran; the build "
                         "must only read them (did a notebook write to its own file?)")
    ledgers = {}
    for lang in dict.fromkeys(lang for lang, _ in sources):
        # Given notebooks by name (`make nb N=04`), render only their pages and decks again.
        names = {p.stem for lang_of, p in sources if lang_of == lang}
        ledgers[lang] = publish(lang, names if prefixes else None)
    print(f"Ran {len(ran)} notebooks")
    return ledgers.get(SOURCE_LANGUAGE, [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.build",
        description="Run every notebook in a fresh kernel, render pages and decks into build/, "
                    "and gather the verdicts into build/claims.json.")
    parser.add_argument("prefixes", nargs="*", metavar="NN",
                        help="only the notebooks whose names start with these (e.g. 03 05)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="notebooks run at the same time (default: 2)")
    args = parser.parse_args(argv)
    try:
        build(*args.prefixes, jobs=args.jobs)
    except BuildError as error:
        print(f"\nBuild failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
