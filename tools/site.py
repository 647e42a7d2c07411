"""Turn executed notebooks and the ledger into a site that works with no network:

    build/index.html                    the front page: notebooks, their claims, the tally
    build/<notebook>.html               each executed notebook as a page
    build/slides/<notebook>.slides.html each notebook as a reveal.js deck
    build/claims.html                   the verdict report (claims.json beside it)
    build/errors.html                   the error index (errors.json beside it)
    build/teach.html                    for teachers: each lesson's time, slides, exercises
    build/assets/                       what those pages load, and nothing else

reveal.js (with its notes, zoom and search plugins), the chalkboard of reveal.js-plugins,
require.js, jQuery and MathJax come from npm at the versions package-lock.json
pins (`make` runs `npm ci`); only the files the pages load are copied from node_modules/.
Without them (no npm), the build warns and points the pages at a CDN instead.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path
from platform import python_version

import jinja2
import nbformat
import segno
from markupsafe import Markup
from nbconvert import HTMLExporter, SlidesExporter
from nbconvert.filters import markdown2html
from nbconvert.preprocessors import TagRemovePreprocessor

from helpers import palette
from helpers.claims import (
    CATALOG,
    VERDICT_INFO,
    VERDICTS,
    Claim,
    LedgerEntry,
    verdict_meaning,
    verdict_word,
)
from helpers.fonts import font_for
from helpers.i18n import CJK_CHARACTERS, N_, language, language_info, speaking, tr
from tools.project import (
    BUILD,
    COLAB_BADGE_IMAGE,
    ROOT,
    SOURCE_LANGUAGE,
    colab_url,
    languages,
    notebook_folder,
    site_folder,
)

TEMPLATES = ROOT / "tools" / "templates"
NODE_MODULES = ROOT / "node_modules"

MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"

# What the pages load, as paths inside node_modules/; each is copied to the same path under
# build/assets/ (a path ending in "/" is a folder). Only these: the packages also hold demo
# pages that point at CDNs. MathJax needs its TeX input, CommonHTML output and their fonts.
VENDORED: tuple[str, ...] = (
    "reveal.js/LICENSE",
    "reveal.js/dist/reveal.js",
    "reveal.js/dist/reveal.css",
    "reveal.js/plugin/notes/notes.js",
    "reveal.js/plugin/zoom/zoom.js",  # alt-click (ctrl-click on Linux) zooms in
    "reveal.js/plugin/search/search.js",  # ctrl-shift-F finds a word in the deck
    "reveal.js-plugins/LICENSE",
    "reveal.js-plugins/chalkboard/plugin.js",  # C draws on the slide, B opens a board
    "reveal.js-plugins/chalkboard/style.css",
    "reveal.js-plugins/chalkboard/img/",  # its pens' cursors, the sponge, the boards
    "requirejs/require.js",
    "jquery/LICENSE.txt",
    "jquery/dist/jquery.min.js",
    "mathjax/LICENSE",
    "mathjax/MathJax.js",
    "mathjax/config/TeX-AMS_CHTML-full.js",
    "mathjax/config/Safe.js",
    "mathjax/extensions/Safe.js",
    "mathjax/extensions/MathMenu.js",
    "mathjax/extensions/MathZoom.js",
    "mathjax/extensions/TeX/",
    "mathjax/jax/input/TeX/",
    "mathjax/jax/element/mml/",
    "mathjax/jax/output/CommonHTML/",
    "mathjax/fonts/HTML-CSS/TeX/woff/",
)

# Our own files, from tools/templates/assets/, and where they go under build/assets/.
OWN_ASSETS: dict[str, str] = {
    "site.css": "site.css",
    "colab-badge.svg": "colab-badge.svg",
    "reveal-theme.css": "reveal.js/dist/theme/backward.css",  # reveal_theme="backward"
}


@dataclass(frozen=True)
class Libraries:
    """Where pages load their libraries from: paths relative to build/, or CDN URLs."""

    reveal: str  # reveal.js's package folder (dist/ and plugin/ below it)
    plugins: str  # reveal.js-plugins' package folder (chalkboard/ below it)
    require: str
    jquery: str
    mathjax: str
    reveal_theme: str  # a file name in <reveal>/dist/theme/, without ".css"

    def seen_from(self, up: str) -> Libraries:
        """The same libraries for a page in a subfolder: `up` is "../" from build/slides/."""
        def fix(url: str) -> str:
            return url if "://" in url else up + url
        return Libraries(fix(self.reveal), fix(self.plugins), fix(self.require),
                         fix(self.jquery), fix(self.mathjax), self.reveal_theme)


LOCAL = Libraries(
    reveal="assets/reveal.js",
    plugins="assets/reveal.js-plugins",
    require="assets/requirejs/require.js",
    jquery="assets/jquery/dist/jquery.min.js",
    mathjax=f"assets/mathjax/MathJax.js?config={MATHJAX_CONFIG}",
    reveal_theme="backward",
)


def pinned_versions() -> dict[str, str]:
    """The front-end packages and their exact versions, as package.json names them."""
    return json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]


def cdn() -> Libraries:
    """The same pinned versions on a CDN: the fallback when npm is missing."""
    v = {name: f"https://cdn.jsdelivr.net/npm/{name}@{ver}"
         for name, ver in pinned_versions().items()}
    return Libraries(
        reveal=v["reveal.js"],
        plugins=v["reveal.js-plugins"],
        require=f"{v['requirejs']}/require.js",
        jquery=f"{v['jquery']}/dist/jquery.min.js",
        mathjax=f"{v['mathjax']}/MathJax.js?config={MATHJAX_CONFIG}",
        reveal_theme="white",  # our theme is not on the CDN; white's fonts are
    )


def verdict_css() -> str:
    """The verdict colours as CSS variables and the per-verdict rules, from VERDICT_INFO."""
    colours = "".join(f"  --{v}: {i.colour};\n" for v, i in VERDICT_INFO.items())
    rules = "".join(f".verdict-{v}-bg {{ background: var(--{v}); }}\n"
                    f".verdict-{v}-text {{ color: var(--{v}) !important; }}\n"
                    f".verdict-{v} {{ border-left-color: var(--{v}) !important; }}\n"
                    for v in VERDICT_INFO)
    return f":root {{\n{colours}}}\n{rules}"


def copy_assets(out_dir: Path, node_modules: Path = NODE_MODULES) -> Libraries:
    """Fill out_dir/assets/ with our own files and the vendored libraries; say where the
    pages find the libraries. When node_modules/ lacks them, warn and return CDN URLs."""
    assets = out_dir / "assets"
    shutil.rmtree(assets, ignore_errors=True)
    for source, target in OWN_ASSETS.items():
        (assets / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(TEMPLATES / "assets" / source, assets / target)
    site_css = assets / "site.css"
    site_css.write_text(verdict_css() + site_css.read_text(encoding="utf-8"), encoding="utf-8")
    missing = [p for p in VENDORED if not (node_modules / p).exists()]
    if missing:
        why = ("npm is not installed" if shutil.which("npm") is None else
               f"{node_modules} lacks {missing[0]} (run `npm ci`, as `make` does)")
        print(f"WARNING: {why}, so the pages and slides will load reveal.js, MathJax, "
              "require.js and jQuery from a CDN and need internet. Install Node.js (npm) "
              "and run `make` again for a site that works offline.", file=sys.stderr)
        return cdn()
    for path in VENDORED:
        if path.endswith("/"):
            shutil.copytree(node_modules / path, assets / path)
        else:
            (assets / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(node_modules / path, assets / path)
    return LOCAL


NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[\w-]+)\.ipynb(#[^)]*)?\)")
NOTEBOOK_HREF = re.compile(r'href="(\d\d_[\w-]+)\.ipynb(#[^"]*)?"')


def _for_site(nb: nbformat.NotebookNode, assets: str, page: str) -> nbformat.NotebookNode:
    """A copy of `nb` for the site: the Colab badge image is our file in `assets`, and links
    to another notebook (``](03_x.ipynb)``, for Jupyter) point at its page or deck, `page`
    being the suffix that replaces ``.ipynb`` (".html" or ".slides.html")."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(COLAB_BADGE_IMAGE, f"{assets}/colab-badge.svg")
            cell.source = NOTEBOOK_LINK.sub(lambda m: f"]({m[1]}{page}{m[2] or ''})",
                                            cell.source)
        for output in cell.get("outputs", []):  # e.g. 00's claim map, an HTML table
            if isinstance(output.get("data", {}).get("text/html"), str):
                output.data["text/html"] = NOTEBOOK_HREF.sub(
                    lambda m: f'href="{m[1]}{page}{m[2] or ""}"', output.data["text/html"])
    return nb


def _hide_tagged_inputs(exporter: HTMLExporter) -> HTMLExporter:
    """Leave out the code of cells tagged `hide-input` (long evidence-building code); the
    notebook itself keeps it, and its outputs still show."""
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_input_tags={"hide-input"}, enabled=True), enabled=True)
    return exporter


def print_view(name: str) -> str:
    """The deck's print view (every slide a page), relative to build/."""
    return f"slides/{name}.slides.html?print-pdf"


def handout(name: str) -> str:
    """Where `make handouts` (tools/handouts.py) prints the deck, relative to build/."""
    return f"handouts/{name}.pdf"


def twins(page: str, depth: int = 0) -> list[dict[str, str]]:
    """The same page in every other language: {"href", "html" (its lang), "name"}; `page` is
    its path inside a language's site ("04_x.html"), `depth` how deep the linking page sits
    in its own site (1 for a deck in slides/)."""
    here = site_folder(language())
    found = []
    for lang in languages():
        if lang == language():
            continue
        target = site_folder(lang) / page
        up = Path(*[".."] * (len(here.relative_to(BUILD).parts) + depth))
        href = (up / target.relative_to(BUILD)).as_posix()
        info = language_info(lang)
        found.append({"href": href, "html": info.html, "name": info.name})
    return found


def _nav(name: str) -> Markup:
    links = [("index.html", tr("← All notebooks")), (f"slides/{name}.slides.html", tr("Slides")),
             (print_view(name), tr("Print view")), (handout(name), tr("Handout (PDF)")),
             ("claims.html", tr("Verdict report")),
             (colab_url(name, language()), tr("Open in Colab"))]
    html = Markup(" ").join(Markup('<a href="{}">{}</a>').format(h, t) for h, t in links)
    for twin in twins(f"{name}.html"):
        html += Markup(' <a href="{}" hreflang="{}" lang="{}">{}</a>').format(
            twin["href"], twin["html"], twin["html"], twin["name"])
    return html


SITE_NAME = N_("How backward() really works")


def with_html_lang(page: str) -> str:
    """`page` with the spoken language's HTML lang ("zh-CN"; nbconvert knows only ISO 639-1
    codes, and writes "en")."""
    return page.replace('<html lang="en">', f'<html lang="{language_info(language()).html}">', 1)


def plain_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """The notebook's heading as plain text ("03 · no_grad and volatile: switching ...")."""
    return Markup(title_and_summary(nb, fallback)[0]).striptags()


def _titled(nb: nbformat.NotebookNode, title: str) -> nbformat.NotebookNode:
    """`nb` with `title` in its metadata: nbconvert's templates put it in <title>."""
    nb.metadata["title"] = title
    return nb


CJK = re.compile(f"[{CJK_CHARACTERS}]")


def prose_size(text: str) -> int:
    """How much there is to read in `text`, in the spoken language's reading unit: words, or
    characters for Chinese (a Latin word or number inside Chinese counts as one)."""
    if language_info(language()).reading_unit == "words":
        return len(text.split())
    return len(CJK.findall(text)) + len(re.findall(r"[A-Za-z0-9_.]+", text))


def reading_rate() -> str:
    """"200 words a minute": how the site turns prose into minutes, in the spoken language."""
    info = language_info(language())
    unit = tr("words") if info.reading_unit == "words" else tr("characters")
    return tr("{rate} {unit} a minute").format(rate=info.reading_per_minute, unit=unit)
TEACHER_NOTES = "teacher-notes"  # the tag of a claim's speaker notes: slides only, no page


def is_prose(cell: nbformat.NotebookNode) -> bool:
    """A Markdown cell a learner reads: not the navigation links, not a teacher's notes."""
    tags = cell.metadata.get("tags", [])
    return cell.cell_type == "markdown" and "nav" not in tags and TEACHER_NOTES not in tags


def reading_minutes(nb: nbformat.NotebookNode) -> int:
    """Minutes to read the notebook's prose at the language's reading rate, rounded up."""
    size = sum(prose_size(c.source) for c in nb.cells if is_prose(c))
    return max(1, -(-size // language_info(language()).reading_per_minute))


def running_seconds(nb: nbformat.NotebookNode) -> float | None:
    """How long the build took to run the notebook (tools.build records it), if it did."""
    seconds = nb.metadata.get("backward", {}).get("seconds")
    return float(seconds) if seconds is not None else None


def how_long(nb: nbformat.NotebookNode) -> str:
    """"about 7 min of reading; its code ran in 16.0 s", from the words and the build."""
    seconds = running_seconds(nb)
    ran = tr("; its code ran in {seconds} s in the build").format(seconds=f"{seconds:.1f}") \
        if seconds is not None else ""
    return tr("About {minutes} min of reading at {rate}").format(
        minutes=reading_minutes(nb), rate=reading_rate()) + ran


def qr_svg(url: str) -> Markup:
    """A QR code of `url` as inline SVG (segno, offline), dark on white, about 265 px."""
    qr = segno.make(url, error="m")
    return Markup(qr.svg_inline(scale=5, border=2, dark=palette.INK, light=palette.PAPER,
                                title=f"QR code: {url}"))


def title_slide(name: str, nb: nbformat.NotebookNode, verdicts: dict[str, str]) -> str:
    """The deck's first slide, as HTML: title, claims with their verdicts, how long, a QR
    code of the Colab link (and the link), links to the page and the index."""
    claims = [claim_row(c, verdicts) for c in sorted(CATALOG.values(), key=lambda c: c.id)
              if c.notebook == name]
    url = colab_url(name, language())
    return _environment().get_template("title-slide.html.j2").render(
        title=plain_title(nb, name), claims=claims, how_long=how_long(nb), colab=url,
        qr=qr_svg(url), page=f"../{name}.html", index="../index.html",
        twins=twins(f"slides/{name}.slides.html", depth=1))


CLAIM_HEADING = re.compile(r"^#+\s+(C\d\d)\b", re.M)


def claim_sections(nb: nbformat.NotebookNode) -> dict[str, list[nbformat.NotebookNode]]:
    """Each claim's cells: from the cell whose heading names it ("## C05 · ...") up to the
    next cell that starts a slide."""
    sections: dict[str, list[nbformat.NotebookNode]] = {}
    current: list[nbformat.NotebookNode] | None = None
    for cell in nb.cells:
        starts = cell.metadata.get("slideshow", {}).get("slide_type") == "slide"
        heading = CLAIM_HEADING.match(cell.source) if cell.cell_type == "markdown" else None
        if heading:
            current = sections.setdefault(heading[1], [])
        elif starts:
            current = None
        if current is not None:
            current.append(cell)
    return sections


def with_claim_minutes(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """`nb` with a last line on each claim's teacher notes: the minutes its slides take to
    read aloud at the language's reading rate (their prose, counted here, rounded up)."""
    info = language_info(language())
    unit = tr("words") if info.reading_unit == "words" else tr("characters")
    for cells in claim_sections(nb).values():
        size = sum(prose_size(c.source) for c in cells if is_prose(c))
        for cell in cells:
            if TEACHER_NOTES in cell.metadata.get("tags", []):
                minutes = max(1, -(-size // info.reading_per_minute))
                cell.source += "\n\n" + tr(
                    "**Minutes.** About {minutes} min: its slides hold {size} {unit} of "
                    "prose, at {rate}.").format(minutes=minutes, size=size, unit=unit,
                                                rate=reading_rate())
    return nb


def _with_title_slide(nb: nbformat.NotebookNode, html: str) -> nbformat.NotebookNode:
    """`nb` with `html` as a first slide of its own (a raw HTML cell that the deck's
    template writes out as it is)."""
    cell = nbformat.v4.new_raw_cell(html, metadata={
        "raw_mimetype": "text/html", "backward_title_slide": True,
        "slideshow": {"slide_type": "slide"}})
    nb.cells.insert(0, cell)
    return nb


def render_notebook(executed: Path, out_dir: Path, libs: Libraries = LOCAL,
                    verdicts: dict[str, str] | None = None) -> dict[str, str]:
    """Write <name>.html and slides/<name>.slides.html for one executed notebook;
    `verdicts` ({"C05": "outdated"}) colour the claims on the deck's title slide.

    Returns each claim's anchor on the page ({"C21": "C21-%C2%B7-..."}), from the ids
    nbconvert gives the claims' headings ("## C21 · §3 — ...").
    """
    name, nb = executed.stem, nbformat.read(executed, as_version=4)
    title = plain_title(nb, name)
    pages = _hide_tagged_inputs(HTMLExporter(
        template_name="backward-lab", extra_template_basedirs=[str(TEMPLATES)],
        require_js_url=libs.require, mathjax_url=libs.mathjax, jquery_url=libs.jquery))
    pages.register_preprocessor(  # the teacher's notes belong to the deck, not the page
        TagRemovePreprocessor(remove_cell_tags={TEACHER_NOTES}, enabled=True), enabled=True)
    page, _ = pages.from_notebook_node(_titled(_for_site(nb, "assets", ".html"),
                                               f"{title} — {tr(SITE_NAME)}"),
                                       resources={"assets": "assets", "site_nav": _nav(name)})
    (out_dir / f"{name}.html").write_text(with_html_lang(page), encoding="utf-8")

    up = libs.seen_from("../")
    decks = _hide_tagged_inputs(SlidesExporter(template_name="backward-reveal",
                           extra_template_basedirs=[str(TEMPLATES)],
                           reveal_url_prefix=up.reveal, reveal_theme=up.reveal_theme,
                           reveal_transition="slide", reveal_scroll=True,  # tall slides scroll
                           reveal_width="1280", reveal_height="720", reveal_number="c/t",
                           exclude_input_prompt=True, exclude_output_prompt=True,
                           require_js_url=up.require, mathjax_url=up.mathjax,
                           jquery_url=up.jquery))
    # nbconvert's reveal template writes "<title>{title} slides</title>"
    for_deck = _with_title_slide(with_claim_minutes(_for_site(nb, "../assets", ".slides.html")),
                                 title_slide(name, nb, verdicts or {}))
    deck, _ = decks.from_notebook_node(_titled(for_deck, f"{title} —"),
                                       resources={"assets": "../assets",
                                                  "reveal_plugins": up.plugins})
    (out_dir / "slides").mkdir(exist_ok=True)
    (out_dir / "slides" / f"{name}.slides.html").write_text(with_html_lang(deck),
                                                             encoding="utf-8")
    return claim_anchors(page)


def title_and_summary(nb: nbformat.NotebookNode, fallback: str) -> tuple[Markup, Markup]:
    """The first Markdown cell's heading and its first paragraph, both as HTML."""
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", first) if b.strip()]
    title = next((b.lstrip("#").strip() for b in blocks if b.startswith("#")), fallback)
    text = next((b for b in blocks if not b.startswith(("#", "[![", "!["))), "")
    title_html = re.sub(r"^<p>(.*)</p>$", r"\1", markdown2html(title).strip(), flags=re.S)
    return Markup(title_html), Markup(markdown2html(text))


def _environment(page: str = "index.html") -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "site"),
                             autoescape=True, keep_trailing_newline=True)
    env.globals.update(site_name=tr(SITE_NAME), _=tr, html_lang=language_info(language()).html,
                       twins=twins(page))
    return env


def _versions(ledger: list[LedgerEntry]) -> tuple[str, str]:
    """The torch and Python versions the verdicts were observed on."""
    torch = ", ".join(sorted({e["torch"] for e in ledger})) or version("torch")
    python = ", ".join(sorted({e["python"] for e in ledger})) or python_version()
    return torch, python


def _tally(ledger: list[LedgerEntry]) -> list[dict]:
    return [{"name": v, "label": tr(VERDICT_INFO[v].tally_label),
             "meaning": verdict_meaning(v), "word": verdict_word(v),
             "count": sum(e["verdict"] == v for e in ledger)} for v in VERDICTS]


def claim_row(claim: Claim, verdicts: Mapping[str, str]) -> dict[str, str]:
    """A claim as the pages list it: its id, its text and verdict in the spoken language."""
    verdict = verdicts.get(claim.id, "unchecked")
    return {"id": claim.id, "text": tr(claim.text), "verdict": verdict,
            "word": verdict_word(verdict) if verdict in VERDICTS else tr("unchecked")}


def claims_page(ledger: list[LedgerEntry], anchors: dict[str, str] | None = None) -> str:
    """The verdict report: one row per entry of claims.json, linked to its section."""
    anchors = anchors or {}
    rows = []
    for entry in ledger:
        claim = CATALOG[entry["id"]]
        page = f"{entry['notebook']}.html"
        rows.append({**entry, "section": claim.section, "text": tr(claim.text),
                     "meaning": verdict_meaning(entry["verdict"]),
                     "word": verdict_word(entry["verdict"]),
                     "rank": VERDICTS.index(entry["verdict"]),
                     "href": f"{page}#{anchors[claim.id]}" if claim.id in anchors else page})
    torch, python = _versions(ledger)
    return _environment("claims.html").get_template("claims.html.j2").render(
        rows=rows, tally=_tally(ledger), total=len(CATALOG), torch=torch, python=python)


def errors_page(errors: list[dict]) -> str:
    """The error index: each message notebooks 12 and 13 reproduced, linked to the cell that
    shows it (by the anchor each record carries: the id of the card helpers.errors draws)."""
    rows = [{**e, "title": tr(e["title"]), "href": f"{e['notebook']}.html#{e['anchor']}"}
            for e in errors]
    torch = ", ".join(sorted({e["torch"] for e in errors})) or version("torch")
    return _environment("errors.html").get_template("errors.html.j2").render(rows=rows,
                                                                             torch=torch)


def index_page(notebooks: list[dict], ledger: list[LedgerEntry], anchors: dict[str, str]) -> str:
    """The front page: each notebook with its summary, claims and links; the tally.

    `notebooks` holds {"name", "title", "summary"} for each rendered notebook, in order.
    """
    observed = {e["id"]: e["verdict"] for e in ledger}
    items = []
    for nb in notebooks:
        name = nb["name"]
        claims = [{**claim_row(c, observed),
                   "href": f"{name}.html#{anchors.get(c.id, '')}".rstrip("#")}
                  for c in sorted(CATALOG.values(), key=lambda c: c.id) if c.notebook == name]
        items.append({**nb, "claims": claims, "page": f"{name}.html",
                      "deck": f"slides/{name}.slides.html", "colab": colab_url(name, language()),
                      "print_view": print_view(name), "handout": handout(name)})
    torch, python = _versions(ledger)
    return _environment().get_template("index.html.j2").render(
        notebooks=items, tally=_tally(ledger), checked=len(ledger), total=len(CATALOG),
        torch=torch, python=python, built=date.today().isoformat())


SLIDE_HEADING = re.compile(r"^#{1,3}\s+(.+)$", re.M)
SELF_CHECK = re.compile(r"""self_check\(\s*["'](\d\d\.\d+)["']""")
NOTEBOOK_NAME = re.compile(r"\b(\d\d_[a-z_]+)\b")


def _inline(markdown: str) -> Markup:
    """One line of Markdown as HTML, without the paragraph around it."""
    return Markup(re.sub(r"^<p>(.*)</p>$", r"\1", markdown2html(markdown).strip(), flags=re.S))


def slide_titles(nb: nbformat.NotebookNode) -> list[Markup]:
    """The heading of each Markdown cell that starts a slide (not a sub-slide), as HTML."""
    titles = []
    for cell in nb.cells:
        if (cell.cell_type == "markdown" and is_prose(cell)
                and cell.metadata.get("slideshow", {}).get("slide_type") == "slide"):
            heading = SLIDE_HEADING.search(cell.source)
            if heading:
                titles.append(_inline(heading[1].strip()))
    return titles


def exercise_titles(nb: nbformat.NotebookNode) -> list[tuple[str, Markup]]:
    """("03.1", the exercise's first sentence) for each "Try it" cell: the task as the learner
    first reads it, never its answer (answers live in tests/exercise_solutions/)."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or not re.match(r"#+\s", cell.source):
            continue
        code = next((c.source for c in nb.cells[i + 1:] if c.cell_type == "code"), "")
        exercise = SELF_CHECK.search(code)
        if not exercise:  # a try cell is the heading cell just before a self_check
            continue
        task = cell.source.split("\n", 1)[1].strip() if "\n" in cell.source else ""
        first = re.split(r"(?<=[.?!:])\s|(?<=[。？！：])", " ".join(task.split()), maxsplit=1)[0]
        found.append((exercise[1], _inline(first)))
    return found


def assumed(nb: nbformat.NotebookNode, name: str, earlier: list[str]) -> list[str]:
    """The earlier notebooks `name` assumes: those its prose (not its navigation links)
    names, or else the one just before it in the collection."""
    named = {m for c in nb.cells if is_prose(c) for m in NOTEBOOK_NAME.findall(c.source)}
    found = [e for e in earlier if e in named]
    return found or earlier[-1:]


def path_graph(lessons: list[dict]) -> Markup:
    """The collection as one small graph: a box per notebook, an arrow from each notebook it
    assumes; drawn by Graphviz's dot as inline SVG, top to bottom."""
    font = font_for(language()) or "DejaVu Sans"  # Graphviz sizes boxes with this font
    lines = ['digraph path {', '  graph [rankdir=TB, nodesep=0.25, ranksep=0.3, bgcolor="white"];',
             f'  node [shape=box, style="rounded", fontname="{font}", fontsize=14, '
             f'color="{palette.MUTED}", fontcolor="{palette.INK}", margin="0.15,0.06"];',
             f'  edge [color="{palette.MUTED}", arrowsize=0.7];']
    for lesson in lessons:
        label = f"{lesson['name'][:2]} · {lesson['short']}".replace('"', '\\"')
        lines.append(f'  "{lesson["name"]}" [label="{label}", URL="#{lesson["name"]}"];')
        lines += [f'  "{a}" -> "{lesson["name"]}";' for a in lesson["assumes"]]
    lines.append("}")
    svg = subprocess.run(["dot", "-Tsvg"], input="\n".join(lines), capture_output=True,
                         text=True, check=True).stdout
    return Markup(svg[svg.find("<svg"):])


def teach_page(executed: list[Path], ledger: list[LedgerEntry]) -> str:
    """The page for teachers: per notebook its claims, minutes of reading and of running,
    slides, exercises and the notebooks it assumes, and the path drawn as a graph."""
    observed = {e["id"]: e["verdict"] for e in ledger}
    lessons: list[dict] = []
    for path in executed:
        name, nb = path.stem, nbformat.read(path, as_version=4)
        title = plain_title(nb, name)
        lessons.append({
            "name": name, "title": title, "short": re.split(r":\s", title.split(" · ", 1)[-1])[0],
            "page": f"{name}.html", "deck": f"slides/{name}.slides.html",
            "handout": handout(name), "reading": reading_minutes(nb),
            "running": running_seconds(nb), "slides": slide_titles(nb),
            "exercises": exercise_titles(nb),
            "assumes": assumed(nb, name, [lesson["name"] for lesson in lessons]),
            "claims": [claim_row(c, observed) for c in sorted(CATALOG.values(), key=lambda c: c.id)
                       if c.notebook == name]})
    return _environment("teach.html").get_template("teach.html.j2").render(
        lessons=lessons, graph=path_graph(lessons),
        reading_rate=tr("Minutes of reading count the notebook's prose at {rate}; running is "
                        "how long the build took to run its code.").format(rate=reading_rate()),
        reading=sum(lesson["reading"] for lesson in lessons),
        running=sum(lesson["running"] or 0 for lesson in lessons))


def claim_anchors(page: str) -> dict[str, str]:
    """Each claim's anchor on a rendered page, from the ids nbconvert gives the claims'
    headings: {"C21": "C21-%C2%B7-..."}."""
    return {m[1]: m[0] for m in re.findall(r'<h[1-6] id="((C\d\d)\b[^"]*)"', page)}


def render(executed: list[Path], ledger: list[LedgerEntry], out_dir: Path,
           errors: list[dict] | None = None, only: set[str] | None = None,
           lang: str = SOURCE_LANGUAGE) -> None:
    """Write every page of the site in `lang`, and the assets they load, into `out_dir`;
    `errors` (errors.json's list) defaults to that file's, when there is one.

    With `only` (notebook names), the page and deck of just those notebooks are rendered
    again; the others already in `out_dir` are kept, and read for their anchors.
    """
    with speaking(lang):
        _render(executed, ledger, out_dir, errors, only)


def _render(executed: list[Path], ledger: list[LedgerEntry], out_dir: Path,
            errors: list[dict] | None, only: set[str] | None) -> None:
    libs = copy_assets(out_dir)
    verdicts: dict[str, str] = {e["id"]: e["verdict"] for e in ledger}
    notebooks, anchors = [], {}
    for path in executed:
        page = out_dir / f"{path.stem}.html"
        if only is None or path.stem in only or not page.exists():
            anchors.update(render_notebook(path, out_dir, libs, verdicts))
        else:
            anchors.update(claim_anchors(page.read_text(encoding="utf-8")))
        title, summary = title_and_summary(nbformat.read(path, as_version=4), path.stem)
        notebooks.append({"name": path.stem, "title": title, "summary": summary})
    (out_dir / "claims.html").write_text(claims_page(ledger, anchors), encoding="utf-8")
    if errors is None:
        saved = out_dir / "errors.json"
        errors = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else []
    (out_dir / "errors.html").write_text(errors_page(errors), encoding="utf-8")
    (out_dir / "index.html").write_text(index_page(notebooks, ledger, anchors),
                                        encoding="utf-8")
    (out_dir / "teach.html").write_text(teach_page(executed, ledger), encoding="utf-8")


def main() -> int:
    """Re-render the site in every language from build/[<lang>/]executed/ and claims.json,
    without running the notebooks again (`python -m tools.site`): quick when only templates
    changed."""
    for lang in languages():
        out_dir = site_folder(lang)
        ledger = json.loads((out_dir / "claims.json").read_text(encoding="utf-8"))
        executed = sorted((out_dir / "executed").glob("*.ipynb"))
        render([p for p in executed if (notebook_folder(lang) / p.name).exists()], ledger,
               out_dir, lang=lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
