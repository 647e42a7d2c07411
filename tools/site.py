"""Turn executed notebooks and the ledger into pages: one HTML page per notebook,
a slide deck per notebook, the verdict report and the front page."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

import nbformat
import torch
from nbconvert import HTMLExporter, SlidesExporter

from helpers.claims import CATALOG, VERDICT_COLOUR, VERDICTS


def title_of(nb: nbformat.NotebookNode, fallback: str) -> str:
    """The notebook's first Markdown heading, without the #s."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def render_notebook(executed: Path, out_dir: Path) -> None:
    """Write <name>.html and slides/<name>.slides.html for one executed notebook."""
    nb = nbformat.read(executed, as_version=4)
    page, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    (out_dir / f"{executed.stem}.html").write_text(page, encoding="utf-8")
    deck, _ = SlidesExporter().from_notebook_node(nb)
    (out_dir / "slides").mkdir(exist_ok=True)
    (out_dir / "slides" / f"{executed.stem}.slides.html").write_text(deck, encoding="utf-8")


def _badge(verdict: str) -> str:
    colour = VERDICT_COLOUR.get(verdict, "#57606a")  # type: ignore[call-overload]
    return (f'<span class="verdict" style="background:{colour};color:white;padding:0 0.4em;'
            f'border-radius:3px">{html.escape(verdict)}</span>')


def claims_page(ledger: list[dict]) -> str:
    """The verdict report: one row per checked claim."""
    rows = []
    for entry in ledger:
        claim = CATALOG[entry["id"]]
        rows.append(
            f'<tr data-verdict="{entry["verdict"]}"><td>{claim.id}</td><td>§{claim.section}</td>'
            f"<td>{html.escape(claim.text)}</td><td>{_badge(entry['verdict'])}</td>"
            f"<td>{html.escape(entry['evidence'])}</td><td>{html.escape(entry['torch'])}</td>"
            f'<td><a href="{entry["notebook"]}.html">{entry["notebook"]}</a></td></tr>'
        )
    return _page("Verdicts", f"""<h1>The article's claims, checked</h1>
<table><thead><tr><th>ID</th><th>§</th><th>Claim (our words)</th><th>Verdict</th>
<th>Evidence</th><th>torch</th><th>Notebook</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>""")


def index_page(notebooks: list[tuple[str, str]], ledger: list[dict]) -> str:
    """The front page: each notebook with its claims, and the verdict tally."""
    tally = Counter(e["verdict"] for e in ledger)
    items = []
    for name, title in notebooks:
        ids = sorted(c.id for c in CATALOG.values() if c.notebook == name)
        items.append(f'<li><a href="{name}.html">{html.escape(title)}</a> · '
                     f'<a href="slides/{name}.slides.html">slides</a> · {" ".join(ids)}</li>')
    tally_html = " ".join(f"{_badge(v)} {tally.get(v, 0)}" for v in VERDICTS)
    return _page("backward(), checked", f"""<h1>How backward() really works</h1>
<p>Verdicts on torch {html.escape(torch.__version__)}: {tally_html}
· <a href="claims.html">the report</a></p><ol>{''.join(items)}</ol>""")


def _page(title: str, body: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title></head><body>{body}</body></html>
"""


def render(executed: list[Path], ledger: list[dict], out_dir: Path) -> None:
    """Write every page of the site into `out_dir`."""
    notebooks = []
    for path in executed:
        render_notebook(path, out_dir)
        notebooks.append((path.stem, title_of(nbformat.read(path, as_version=4), path.stem)))
    (out_dir / "claims.html").write_text(claims_page(ledger), encoding="utf-8")
    (out_dir / "index.html").write_text(index_page(notebooks, ledger), encoding="utf-8")
