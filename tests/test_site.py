"""The built site (build/, made by `make`): pinned front-end files, the CDN fallback, and
every page opened from disk in a real browser with the network shut.

The browser tests drive Debian's /usr/bin/chromium with Playwright (never a downloaded
browser). Without that chromium they skip, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import segno

from helpers.claims import CATALOG, VERDICT_COLOUR, VERDICTS
from helpers.i18n import language_info
from tools import handouts, site
from tools.notebooks import badge
from tools.project import (
    BUILD,
    COLAB_BADGE_IMAGE,
    ROOT,
    colab_url,
    languages,
    notebook_folder,
    notebook_paths,
)

BUILD = Path(os.environ.get("BACKWARD_BUILD", BUILD))  # another build, to try one
NOTEBOOKS = [p.stem for p in notebook_paths()]
# The notebooks that draw a graph, as tests/golden/ recorded them (tests/test_golden.py).
DRAWING = [n for n in NOTEBOOKS if any(
    "draw" in d for d in json.loads((ROOT / "tests" / "golden" / f"{n[:2]}.json").read_text(
        encoding="utf-8"))["drawn"])]
SCREENSHOTS = BUILD / "screenshots"
# Every language's site: English in build/, each translation in build/<lang>/.
PAGES = [(lang, p.stem) for lang in languages() for p in notebook_paths(lang=lang)]
PAGE_IDS = [f"{lang}-{name}" for lang, name in PAGES]
DRAWN = [(lang, name) for lang, name in PAGES if name in DRAWING]
SITE_PAGES = [(lang, page) for lang in languages()
              for page in ("index.html", "claims.html", "teach.html")]


def at(lang: str, relative: str) -> str:
    """Where a page of the site in `lang` is, relative to build/."""
    return relative if lang == "en" else f"{lang}/{relative}"


def min_px(lang: str) -> int:
    """The smallest text a reader of `lang` can read (10 px; Chinese 12 px)."""
    return language_info(lang).min_text_px


def claims_of(name: str) -> list[str]:
    return sorted(c.id for c in CATALOG.values() if c.notebook == name)


def built(relative: str) -> Path:
    path = BUILD / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make` (or `make test`) first")
    return path


# --- pinned versions and the npm fallback (no browser) -----------------------------------

def test_package_json_pins_exact_versions_that_the_lockfile_locks():
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert set(wanted) == {"reveal.js", "reveal.js-plugins", "mathjax", "requirejs", "jquery"}
    assert wanted["reveal.js"] == "5.2.1"  # 6.x does not initialise with nbconvert's template
    assert wanted["mathjax"].startswith("2.7.")  # nbconvert's templates speak MathJax 2
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    tools = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert set(tools) == {"axe-core"}  # the tests load it from node_modules; pages never do
    for name, pinned in {**wanted, **tools}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), f"{name} {pinned!r} is a range"
        assert lock[f"node_modules/{name}"]["version"] == pinned
        assert lock[f"node_modules/{name}"]["integrity"].startswith("sha512-")


def tiny_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"# 99 · Tiny\n\nA *tiny* deck.\n\n{badge('99_tiny')}"),
        nbformat.v4.new_markdown_cell("## C21 · §3 — a claim", metadata={
            "slideshow": {"slide_type": "slide"}}),
    ])
    nbformat.write(nb, path)
    return path


def test_without_npm_the_build_warns_and_points_pages_at_a_cdn(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(site.shutil, "which", lambda name: None)
    libs = site.copy_assets(tmp_path, node_modules=tmp_path / "no_node_modules")
    assert "npm is not installed" in capsys.readouterr().err
    versions = site.pinned_versions()
    assert f"reveal.js@{versions['reveal.js']}" in libs.reveal
    assert f"mathjax@{versions['mathjax']}" in libs.mathjax
    assert all(url.startswith("https://") for url in (libs.reveal, libs.require, libs.jquery))
    assert (tmp_path / "assets" / "site.css").exists()  # our own files are still there
    assert not (tmp_path / "assets" / "reveal.js" / "dist" / "reveal.js").exists()

    site.render_notebook(tiny_notebook(tmp_path / "99_tiny.ipynb"), tmp_path, libs)
    deck = (tmp_path / "slides" / "99_tiny.slides.html").read_text(encoding="utf-8")
    assert f"{libs.reveal}/dist/reveal.js" in deck
    assert f"{libs.reveal}/dist/theme/white.css" in deck


def test_a_page_and_its_deck_show_our_badge_and_anchor_the_claims(tmp_path):
    anchors = site.render_notebook(tiny_notebook(tmp_path / "99_tiny.ipynb"), tmp_path)
    page = (tmp_path / "99_tiny.html").read_text(encoding="utf-8")
    deck = (tmp_path / "slides" / "99_tiny.slides.html").read_text(encoding="utf-8")
    assert COLAB_BADGE_IMAGE not in page + deck
    assert 'src="assets/colab-badge.svg"' in page and 'src="../assets/colab-badge.svg"' in deck
    assert f'id="{anchors["C21"]}"' in page


def html_title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S)[1].strip()


def test_a_page_and_its_deck_have_their_own_title_and_say_their_language(tmp_path):
    site.render_notebook(tiny_notebook(tmp_path / "99_tiny.ipynb"), tmp_path)
    page = (tmp_path / "99_tiny.html").read_text(encoding="utf-8")
    deck = (tmp_path / "slides" / "99_tiny.slides.html").read_text(encoding="utf-8")
    assert html_title(page) == f"99 · Tiny — {site.SITE_NAME}"
    assert html_title(deck) == "99 · Tiny — slides"
    assert '<html lang="en">' in page and '<html lang="en">' in deck


def test_a_deck_opens_on_a_title_slide_with_claims_time_and_a_qr_code(tmp_path):
    name = "03_no_grad_and_volatile"  # a tiny notebook under the name of one with claims
    nb = nbformat.read(tiny_notebook(tmp_path / f"{name}.ipynb"), as_version=4)
    nb.metadata["backward"] = {"seconds": 12.3}
    nbformat.write(nb, tmp_path / f"{name}.ipynb")
    site.render_notebook(tmp_path / f"{name}.ipynb", tmp_path, verdicts={"C05": "partly"})
    deck = (tmp_path / "slides" / f"{name}.slides.html").read_text(encoding="utf-8")
    first = deck[deck.index('<div class="title-slide">'):deck.index('<div class="jp-Cell')]
    assert "<h1>99 · Tiny</h1>" in first
    assert re.search(r'class="verdict verdict-partly-bg">C05 · partly<', first)
    assert re.search(r'class="verdict verdict-unchecked-bg">C06 · unchecked<', first)
    assert "About 1 min of reading at 200 words a minute; its code ran in 12.3 s" in first
    url = colab_url(name)
    assert f'<a href="{url}">{url}</a>' in first
    qr_path = re.compile(r'<path class="qrline"[^>]* d="([^"]+)"')
    expected = segno.make(url, error="m").svg_inline(border=2)  # the same modules, unscaled
    assert qr_path.search(first)[1] == qr_path.search(expected)[1]
    assert f'href="../{name}.html"' in first and 'href="../index.html"' in first


def test_reading_minutes_count_prose_not_notes_or_navigation():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("word " * 401),
        nbformat.v4.new_markdown_cell("note " * 999, metadata={"tags": [site.TEACHER_NOTES]}),
        nbformat.v4.new_markdown_cell("nav " * 999, metadata={"tags": ["nav"]}),
        nbformat.v4.new_code_cell("x = 1")])
    assert site.reading_minutes(nb) == 3  # 401 words at 200 a minute, rounded up
    assert site.running_seconds(nb) is None


# --- what was built (no browser) ----------------------------------------------------------

class Loads(HTMLParser):
    """Every URL an HTML page makes the browser fetch (not links it merely shows)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"] or "")
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"] or "")
        self.in_script = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:  # import ... from "https://...", @import url(https://...)
            self.urls += re.findall(r"""(?:from|import\(|@import\s+url\(|@import)\s*["']?"""
                                    r"""(https?://[^"')\s]+)""", data)


def site_pages(lang: str | None = None) -> list[str]:
    """Every page of the site in `lang` (in every language when None), relative to build/."""
    return [at(code, page) for code in ([lang] if lang else languages())
            for page in (["index.html", "claims.html", "teach.html"]
                         + [f"{n}.html" for n in NOTEBOOKS]
                         + [f"slides/{n}.slides.html" for n in NOTEBOOKS])]


@pytest.mark.built
@pytest.mark.parametrize("page", site_pages())
def test_every_page_loads_only_files_beside_it(page):
    parser = Loads()
    parser.feed(built(page).read_text(encoding="utf-8"))
    assert parser.urls, "a page that loads nothing is not one of ours"
    remote = [u for u in parser.urls if re.match(r"^([a-z]+:)?//", u)]
    assert not remote, f"{page} loads from the network: {remote}"
    missing = [u for u in parser.urls if not u.startswith("data:")
               and not (built(page).parent / u.split("?")[0]).exists()]
    assert not missing, f"{page} loads files that are not in build/: {missing}"


@pytest.mark.built
@pytest.mark.parametrize("lang", languages())
def test_every_page_has_a_title_of_its_own_and_says_its_language(lang):
    pages = site_pages(lang) + [at(lang, "errors.html")]
    titles = {page: html_title(built(page).read_text(encoding="utf-8")) for page in pages}
    assert len(set(titles.values())) == len(pages), titles
    said = f'<html lang="{language_info(lang).html}"'
    assert not [p for p in pages if said not in built(p).read_text("utf-8")]


@pytest.mark.built
@pytest.mark.parametrize("lang", languages())
def test_every_page_and_deck_links_to_its_twins(lang):
    """A page in one language links to the same page in every other, and that page exists."""
    for page in site_pages(lang) + [at(lang, "errors.html")]:
        html = built(page).read_text(encoding="utf-8")
        for other in languages():
            if other == lang:
                continue
            links = re.findall(rf'href="([^"]+)"[^>]*hreflang="{language_info(other).html}"'
                               rf'|hreflang="{language_info(other).html}"[^>]*href="([^"]+)"',
                               html)
            hrefs = {a or b for a, b in links}
            assert hrefs, f"{page} has no link to its {other} twin"
            for href in hrefs:
                assert (built(page).parent / href).resolve().exists(), f"{page}: {href}"


@pytest.mark.built
@pytest.mark.parametrize("lang", languages())
def test_assets_hold_only_what_the_pages_load(lang):
    assets = built(at(lang, "assets"))
    files = [p for p in assets.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix == ".html"], "demo pages were copied"
    assert sum(p.stat().st_size for p in files) < 5_000_000
    css = [p for p in files if p.suffix == ".css"]
    remote = re.compile(r"""(@import|url\()\s*["']?([a-z]+:)?//""")
    assert not [p for p in css if remote.search(p.read_text(encoding="utf-8"))]


@pytest.mark.built
def test_claims_json_is_beside_the_report():
    ledger = json.loads(built("claims.json").read_text(encoding="utf-8"))
    assert {e["id"] for e in ledger} <= set(CATALOG)


# --- in a real browser --------------------------------------------------------------------

class Visit:
    """A page opened from disk, recording what went wrong: console errors, uncaught
    exceptions, failed requests, and any request that is not a local file (aborted)."""

    def __init__(self, browser, relative: str, width: int = 1280, height: int = 720,
                 query: str = "") -> None:
        self.problems: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error"
                     and self.problems.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(
            f"failed: {r.url} ({r.failure})"))
        self.page.goto(built(relative).as_uri() + query, wait_until="networkidle")
        self.page.evaluate("""() => new Promise(done => window.MathJax && MathJax.Hub
                                    ? MathJax.Hub.Queue(done) : done())""")

    def _route(self, route) -> None:
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.problems.append(f"left the machine: {route.request.url}")
            route.abort()

    def close(self) -> list[str]:
        """Close the page; what went wrong while it was open."""
        if not self.page.is_closed():
            self.page.wait_for_load_state("networkidle")
            self.context.close()
        return self.problems


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_(relative: str, **options) -> Visit:
        opened.append(Visit(browser, relative, **options))
        return opened[-1]

    yield open_
    for v in opened:
        v.close()


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_index_lists_every_notebook_with_its_links_and_the_tally(visit, ledger):
    v = visit("index.html")
    page = v.page
    for name in NOTEBOOKS:
        item = page.locator(f'li[id="{name}"]')
        assert item.locator(f'a[href="{name}.html"]').count() >= 1
        assert item.locator(f'a[href="slides/{name}.slides.html"]').count() == 1
        assert item.locator(f'a[href="{site.print_view(name)}"]').count() == 1
        assert item.locator(f'a[href="{site.handout(name)}"]').count() == 1
        colab = item.locator(f'a[href$="/notebooks/{name}.ipynb"]')
        assert colab.get_attribute("href").startswith("https://colab.research.google.com/")
        assert colab.locator("img").evaluate("img => img.naturalWidth") > 0
        assert item.locator(".summary").inner_text().strip()
        assert item.locator(".claim-ids a").count() == len(claims_of(name))
    for verdict in VERDICTS:
        link = page.locator(f'.tally a[href="claims.html#{verdict}"]')
        assert int(link.locator("strong").inner_text()) == sum(
            e["verdict"] == verdict for e in ledger)
    assert v.close() == []


def test_teach_page_gives_each_lesson_its_numbers_slides_exercises_and_path(visit):
    """build/teach.html, linked from the index: per notebook the build's minutes of reading
    and seconds of running, its claims, slide titles, exercise IDs (no answers), what it
    assumes; the path graph's text is 10 px or taller at 1280 px."""
    v = visit("index.html")
    assert v.page.locator('a[href="teach.html"]').count() == 1
    v = visit("teach.html", width=1280, height=900)
    page = v.page
    for name in NOTEBOOKS:
        nb = nbformat.read(built(f"executed/{name}.ipynb"), as_version=4)
        item = page.locator(f'li[id="{name}"]').inner_text()
        assert f"{site.reading_minutes(nb)} min of reading" in item
        assert f"{nb.metadata.backward.seconds:.1f} s of running" in item
        assert all(c in item for c in claims_of(name))
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert [i for i, _ in site.exercise_titles(nb)] == site.SELF_CHECK.findall(code)
        assert all(f"{i} " in item for i in site.SELF_CHECK.findall(code))
        assert "answer" not in item.lower()
        assert len(site.slide_titles(nb)) >= len(claims_of(name))
    boxes = page.locator(".path-graph svg g.node")
    assert boxes.count() == len(NOTEBOOKS)
    assert page.locator(".path-graph svg g.edge").count() >= len(NOTEBOOKS) - 1
    smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll(
        '.path-graph svg text')].map(t => t.getBoundingClientRect().height))""")
    assert smallest >= MIN_GLYPH_PX
    assert v.close() == []


def test_report_has_a_row_per_claim_and_filters_and_sorts(visit, ledger):
    v = visit("claims.html")
    rows = v.page.locator("#claims tbody tr")
    assert rows.count() == len(ledger)
    for i, entry in enumerate(ledger):
        row = rows.nth(i)
        assert row.locator("td").first.inner_text() == entry["id"]
        badge_ = row.locator(".verdict")
        assert badge_.inner_text() == entry["verdict"]
        assert badge_.evaluate("e => getComputedStyle(e).backgroundColor") == rgb(
            VERDICT_COLOUR[entry["verdict"]])
        href = row.locator("td a").get_attribute("href")
        page_name, _, anchor = href.partition("#")
        assert page_name == f"{entry['notebook']}.html" and anchor
        assert f'id="{anchor}"' in built(page_name).read_text(encoding="utf-8")
    from playwright.sync_api import expect  # waits for the hashchange to filter the rows

    shown = v.page.locator("#claims tbody tr:visible")
    for verdict in VERDICTS:
        v.page.locator(f'.filters a[data-filter="{verdict}"]').click()
        expect(shown).to_have_count(sum(e["verdict"] == verdict for e in ledger))
    v.page.locator('.filters a[data-filter=""]').click()
    expect(shown).to_have_count(len(ledger))
    v.page.locator("#claims th button", has_text="Verdict").click()
    order = [VERDICTS.index(r) for r in v.page.locator("#claims tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.verdict)")]
    assert order == sorted(order)
    assert v.close() == []


@pytest.mark.parametrize("lang, name", PAGES, ids=PAGE_IDS)
def test_notebook_page_works_offline_reads_and_passes_axe(visit, ledger, lang, name):
    """One visit of the page, at a 1280 px window: it works offline (links, graphs, verdict
    cards, MathJax); every graph's smallest text is 10 px or taller (Chinese: 12 px) and no
    graph is wider than its column; axe-core's WCAG 2 A and AA checks pass."""
    v = visit(at(lang, f"{name}.html"), width=1280, height=900)
    page = v.page
    for link in (site.print_view(name), site.handout(name)):
        assert page.locator(f'nav.site-nav a[href="{link}"]').count() == 1
    graphs = page.locator(".jp-RenderedSVG svg")
    for i in range(graphs.count()):
        box = graphs.nth(i).bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
    checked = [e for e in ledger if e["notebook"] == name]
    cards = page.locator(".verdict-card")
    assert cards.count() >= len(checked)
    for entry in checked:
        card = page.locator(f".verdict-card.verdict-{entry['verdict']}").first
        assert card.evaluate("e => getComputedStyle(e).borderLeftColor") == rgb(
            VERDICT_COLOUR[entry["verdict"]])
    source = nbformat.read(notebook_folder(lang) / f"{name}.ipynb", as_version=4)
    if any("$" in c.source for c in source.cells if c.cell_type == "markdown"):
        assert page.locator(".MathJax_CHTML").count() > 0, "MathJax did not typeset"
    page.wait_for_load_state("networkidle")
    assert v.problems == []  # before axe, which fetches stylesheets and is refused on file://
    found = page.evaluate(GLYPHS, "")
    problems = small_text(found, at(lang, f"{name}.html"), min_px(lang))
    problems += small_cjk(page, "body", lang, at(lang, f"{name}.html"))
    problems += [f"{name}.html cell {g['cell']}: graph scrolls sideways"
                 for g in found if g["scrolls"] or g["width"] > g["room"] + 1]
    assert problems == []
    assert axe_violations(page) == []
    v.close()


REVEAL = "../assets/reveal.js/dist/reveal.js"


def reveal(page, function: str):
    """Call the JS `function` with the deck's Reveal object. nbconvert's template loads
    reveal.js through require.js, so Reveal is no global: ask require for it."""
    return page.evaluate(f"""() => new Promise(done =>
        require(["{REVEAL}"], R => done(({function})(R))))""")


def each_slide(page) -> Iterator[str]:
    """Go to every (sub-)slide of the open deck in turn, its fragments shown, transitions
    off; yield its name ("h.v") while it is the current one."""
    page.wait_for_selector(".reveal.ready", timeout=10_000)
    reveal(page, "R => R.configure({transition: 'none', backgroundTransition: 'none'})")
    for at in reveal(page, "R => R.getSlides().map(s => R.getIndices(s))"):
        reveal(page, f"R => R.slide({at['h']}, {at.get('v') or 0}, 99)")
        yield f"{at['h']}.{at.get('v') or 0}"


@pytest.mark.parametrize("lang, name", PAGES, ids=PAGE_IDS)
def test_deck_works_offline_and_every_slide_fits_and_reads(visit, lang, name):
    """One visit of the deck: it works offline (ready, the setup cell skipped, a slide per
    claim, End reaches the last slide, the first graph shows whole), then every slide fits
    720 px and its graph text is readable."""
    v = visit(at(lang, f"slides/{name}.slides.html"))
    page = v.page
    page.wait_for_selector(".reveal.ready", timeout=10_000)
    assert reveal(page, "R => R.isReady()") is True
    reveal(page, "R => R.configure({transition: 'none', backgroundTransition: 'none'})")
    deck_text = page.locator(".reveal .slides").text_content()
    assert "device = setup(seed=0" not in deck_text, "the setup cell should be skipped"

    headings = page.locator(".reveal .slides > section").evaluate_all(
        "ss => ss.map(s => (s.querySelector('h1, h2') || {}).textContent || '')")
    assert len(headings) >= len(claims_of(name))
    for claim_id in claims_of(name):
        assert any(h.startswith(claim_id) for h in headings), f"no slide for {claim_id}"

    page.keyboard.press("End")
    assert reveal(page, "R => R.isLastSlide()") is True

    svg = page.locator(".reveal .slides svg")
    if svg.count():  # show the first graph's slide, fragments and all (shown at once)
        page.add_style_tag(content=".reveal .fragment { transition: none !important; }")
        reveal(page, """R => { const at = R.getIndices(document.querySelector(
                          '.reveal .slides svg').closest('section')); R.slide(at.h, at.v, 99); }""")
        graph = page.locator(".reveal .slides section.present svg").first
        graph.scroll_into_view_if_needed()
        box = graph.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        assert box["y"] >= 0 and box["y"] + box["height"] <= 720, "the graph overflows"
        assert graph.evaluate("e => e.closest('.fragment:not(.visible)') === null")
    else:
        reveal(page, "R => R.slide(1)")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-{name}.slides.png"))

    # Then one pass over every (sub-)slide at 1280x720, its fragments shown:
    # - a teacher should not scroll: the slide fits in 720 px, unless it holds one cell that
    #   is taller on its own (a long table, say);
    # - every graph's smallest text is 10 px or taller (reveal.js scales the whole slide, so
    #   this is what the room sees).
    too_tall, small = [], []
    for slide in each_slide(page):
        height, cells = reveal(page, """R => { const s = R.getCurrentSlide();
            return [s.scrollHeight, s.querySelectorAll(':scope .jp-Cell').length]; }""")
        if height > 720 and cells > 1:
            too_tall.append((slide, height))
        small += small_text(page.evaluate(GLYPHS, ".reveal .slides section.present"),
                            f"{lang}/{name} slide {slide}", min_px(lang))
        small += small_cjk(page, ".reveal .slides section.present", lang,
                           f"{lang}/{name} slide {slide}")
    assert too_tall == [], "slides to split (h.v, px): mark a cell as a sub-slide"
    assert small == []
    assert v.close() == []


def test_a_deck_draws_zooms_and_searches_offline(visit):
    """A teacher's tools, from file:// with the network shut: C and a mouse drag draw a
    stroke on the slide (the chalkboard keeps it), ctrl-click zooms in (reveal.js's zoom on
    Linux), ctrl-shift-F finds a word on a later slide."""
    v = visit("slides/03_no_grad_and_volatile.slides.html")
    page = v.page
    page.wait_for_selector(".reveal.ready", timeout=10_000)
    reveal(page, "R => R.configure({transition: 'none', backgroundTransition: 'none'})")
    reveal(page, "R => R.slide(1)")
    page.keyboard.press("c")  # the chalkboard's pen over the slide
    page.mouse.move(300, 300)
    page.mouse.down()
    for x in range(300, 700, 40):
        page.mouse.move(x, 300 + (x - 300) // 4)
    page.mouse.up()
    strokes = page.evaluate("""() => JSON.parse(RevealChalkboard.getData())  // both boards
                               .flatMap(board => board.data)
                               .reduce((n, slide) => n + slide.events.length, 0)""")
    assert strokes >= 1, "the stroke was not drawn"
    page.keyboard.press("c")  # pen away

    word = "inference_mode"  # first said on a later slide of deck 03
    page.keyboard.press("Control+Shift+F")
    page.locator(".searchbox input").fill(word)
    page.locator(".searchbox input").press("Enter")
    assert word in reveal(page, "R => R.getCurrentSlide().textContent")
    page.keyboard.press("Escape")

    page.locator(".reveal .slides section.present h2, .reveal .slides section.present h3"
                 ).first.click(modifiers=["Control"])
    page.wait_for_function("() => /scale/.test(document.body.style.transform)")
    assert v.close() == []


# --- readable graphs and WCAG contrast ------------------------------------------------------

MIN_GLYPH_PX = 10  # the principle: graph text at least 10 px tall on a page and on a slide

GLYPHS = """(scope) => [...document.querySelectorAll(scope + ' .jp-RenderedSVG svg')]
    .filter(svg => svg.querySelector('g.node, g.graph'))      // graphviz graphs, not charts
    .map(svg => {
        const heights = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
            .map(t => t.getBoundingClientRect().height).filter(h => h > 0);
        const out = svg.closest('.jp-OutputArea-output').getBoundingClientRect();
        const box = svg.getBoundingClientRect();
        return {cell: (svg.closest('.jp-Cell') || {id: '?'}).id.replace('cell-id=', ''),
                smallest: heights.length ? Math.min(...heights) : null,
                width: box.width, room: out.width,
                scrolls: svg.closest('.jp-OutputArea-output').scrollWidth > out.width + 1};
    })"""


# The smallest Chinese (CJK) text outside graphs: its font size as the reader sees it (a
# deck's slides are scaled by reveal.js as a whole: drawn width over laid-out width).
CJK_TEXT = """(scope) => {
    const root = document.querySelector(scope || 'body');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let smallest = null, text = '';
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (!/[\u3400-\u9fff]/.test(node.textContent) || !el
            || el.closest('svg, script, style, aside.notes, .MathJax_Preview')) continue;
        const box = el.getBoundingClientRect(), style = getComputedStyle(el);
        if (!box.width || !box.height || style.visibility === 'hidden') continue;
        // a deck's slides are scaled as a whole (the .slides element, 1280 px laid out)
        const slides = el.closest('.reveal .slides');
        const scale = slides ? slides.getBoundingClientRect().width / slides.offsetWidth : 1;
        const px = parseFloat(style.fontSize) * scale;
        if (smallest === null || px < smallest) {
            smallest = px; text = node.textContent.trim().slice(0, 40);
        }
    }
    return {smallest, text};
}"""


def small_cjk(page, scope: str, lang: str, where: str) -> list[str]:
    """The place of Chinese text smaller than `lang` allows (none for Latin languages)."""
    if not language_info(lang).fonts:
        return []
    found = page.evaluate(CJK_TEXT, scope)
    if found["smallest"] is None or found["smallest"] >= min_px(lang):
        return []
    return [f"{where}: text {found['text']!r} is {found['smallest']:.1f} px"]


def small_text(found: list[dict], where: str, minimum: int = MIN_GLYPH_PX) -> list[str]:
    return [f"{where} cell {g['cell']}: smallest graph text {g['smallest']:.1f} px"
            for g in found if g["smallest"] is not None and g["smallest"] < minimum]


NOTEBOOK_COLUMN_PX = 900  # Jupyter's and Colab's output column, about; JupyterLab shrinks
# a wider SVG to it (max-width: 100%), so this is the narrowest a learner sees a graph

COLUMN_GLYPHS = """() => [...document.querySelectorAll('div.drawn')].map(div => {
        const svg = div.querySelector('svg');
        const heights = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
            .map(t => t.getBoundingClientRect().height).filter(h => h > 0);
        return {cell: div.dataset.cell, size: div.dataset.size,
                smallest: heights.length ? Math.min(...heights) : null};
    })"""


def notebook_graphs(name: str, lang: str = "en") -> list[tuple[str, str]]:
    """(cell id, SVG) for every graphviz graph among an executed notebook's outputs."""
    nb = nbformat.read(built(at(lang, f"executed/{name}.ipynb")), as_version=4)
    return [(cell.get("id", str(i)), out["data"]["image/svg+xml"])
            for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", []) if "image/svg+xml" in out.get("data", {})
            and 'class="graph"' in out["data"]["image/svg+xml"]]


@pytest.mark.parametrize("lang, name", DRAWN, ids=[f"{a}-{b}" for a, b in DRAWN])
def test_graph_text_is_readable_in_a_notebook_column(browser, lang, name):
    """In Jupyter or Colab (a column about 900 px wide; JupyterLab shrinks a wider SVG to
    it), every graph in the executed notebook keeps its smallest text 10 px or taller
    (Chinese: 12 px)."""
    graphs = notebook_graphs(name, lang)
    assert graphs, f"{name} draws a graph (tests/golden/) but its executed copy shows none"
    divs = []
    for cell, svg in graphs:
        width, height = re.search(r'<svg[^>]*width="([\d.]+)pt"[^>]*height="([\d.]+)pt"',
                                  svg).groups()
        divs.append(f'<div class="drawn" data-cell="{cell}" data-size="{width}x{height} pt">'
                    f'{svg[svg.find("<svg"):]}</div>')
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_content(f"""<!DOCTYPE html><html><head><style>
        body {{ margin: 0; }}
        .column {{ width: {NOTEBOOK_COLUMN_PX}px; }}
        .drawn svg {{ max-width: 100%; height: auto; }}
        </style></head><body><div class="column">{"".join(divs)}</div></body></html>""")
    found = page.evaluate(COLUMN_GLYPHS)
    context.close()
    assert len(found) == len(graphs)
    small = [f"{lang}/{name} cell {g['cell']} ({g['size']}): smallest graph text "
             f"{g['smallest']:.2f} px" for g in found
             if g["smallest"] is not None and g["smallest"] < min_px(lang)]
    assert small == []


STEPPER_FRAMES = """() => [...document.querySelectorAll('.frame')].map(div => {
        const img = div.querySelector('img'), svg = div.querySelector('svg');
        const scale = img.getBoundingClientRect().width / img.naturalWidth;
        svg.style.width = (svg.width.baseVal.value * scale) + 'px';  // as the img shows it
        svg.style.height = 'auto';
        const heights = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
            .map(t => t.getBoundingClientRect().height).filter(h => h > 0);
        return {cell: div.dataset.cell, size: div.dataset.size,
                scrolls: div.scrollWidth > div.clientWidth + 1,
                smallest: heights.length ? Math.min(...heights) : null};
    })"""


def stepper_frames(name: str, lang: str = "en") -> list[tuple[str, str]]:
    """(cell id, the <img> tag) for every frame of every backward-steps stepper in an
    executed notebook's outputs."""
    nb = nbformat.read(built(at(lang, f"executed/{name}.ipynb")), as_version=4)
    return [(cell.get("id", str(i)), img)
            for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", [])
            for img in re.findall(r'<img src="data:image/svg\+xml;base64,[^>]*>',
                                  out.get("data", {}).get("text/html", ""))]


@pytest.mark.parametrize("lang", languages())
def test_stepper_frames_are_readable_in_a_notebook_column(browser, lang):
    """Each frame of every backward() stepper, in a 900 px column with the stepper's own
    styles: it does not scroll sideways, and its smallest text is 10 px or taller (Chinese:
    12 px; measured on the frame's SVG drawn inline at the size the <img> takes)."""
    frames = [(f"{lang}/{name} cell {cell}", img) for l_, name in PAGES if l_ == lang
              for cell, img in stepper_frames(name, lang)]
    assert frames, "no stepper in any notebook: is the build complete?"
    divs = []
    for cell, img in frames:
        src = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', img)[1]
        svg = base64.b64decode(src).decode()
        width, height = re.search(r'<svg[^>]*width="([\d.]+)pt"[^>]*height="([\d.]+)pt"',
                                  svg).groups()
        divs.append(f'<div class="frame" style="overflow-x:auto" data-cell="{cell}" '
                    f'data-size="{width}x{height} pt">{img}'
                    f'<div style="position:absolute;left:0;top:0;visibility:hidden">'
                    f'{svg[svg.find("<svg"):]}</div></div>')
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_content(f"""<!DOCTYPE html><html><head><style>body {{ margin: 0; }}
        .column {{ width: {NOTEBOOK_COLUMN_PX}px; }}</style></head>
        <body><div class="column">{"".join(divs)}</div></body></html>""")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    found = page.evaluate(STEPPER_FRAMES)
    context.close()
    assert len(found) == len(frames)
    bad = [f"{f['cell']} ({f['size']}): "
           + ("scrolls sideways" if f["scrolls"] else f"smallest text {f['smallest']:.2f} px")
           for f in found if f["scrolls"] or (f["smallest"] or 99) < min_px(lang)]
    assert bad == []


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2 A and AA checks (colour contrast among them) on the open page."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (package.json's devDependencies)")
    if page.evaluate("() => typeof axe === 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})""")
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] + ": " + n["failureSummary"].splitlines()[-1].strip()
                        for n in v["nodes"][:4])
            + (f" … and {len(v['nodes']) - 4} more" if len(v["nodes"]) > 4 else "")
            for v in result["violations"]]


@pytest.mark.parametrize("lang, page", SITE_PAGES, ids=[f"{a}-{b}" for a, b in SITE_PAGES])
def test_page_passes_axe_wcag_aa(visit, lang, page):
    """The site's own pages (each notebook's page is checked with the rest of its test)."""
    v = visit(at(lang, page))
    assert small_cjk(v.page, "body", lang, at(lang, page)) == []
    assert axe_violations(v.page) == []
    v.close()


def print_view(visit, relative: str):
    """The deck at `relative` in reveal.js's print view (``?print-pdf``): every slide laid
    out as a page, one after another, with all its fragments shown (the decks set
    pdfSeparateFragments off, so a handout has one page per slide). Returns the open Visit."""
    v = visit(relative, query="?print-pdf")
    v.page.wait_for_selector(".reveal .pdf-page", timeout=10_000)
    return v


@pytest.mark.parametrize("lang, name", PAGES, ids=PAGE_IDS)
def test_deck_passes_axe_wcag_aa(visit, lang, name):
    """Every slide with every fragment shown, checked at once: axe checks only what is
    visible, and the print view shows all of it (the test below shows it catches a fault
    on a fragment of the last slide)."""
    v = print_view(visit, at(lang, f"slides/{name}.slides.html"))
    slides = reveal(v.page, "R => R.getSlides().length")
    assert v.page.locator(".reveal .pdf-page").count() >= slides
    never_shown = v.page.evaluate("""() => {
        const shown = new Map();  // a fragment's text -> shown on some page
        for (const f of document.querySelectorAll('.reveal .pdf-page .fragment')) {
            const style = getComputedStyle(f);
            shown.set(f.textContent, (shown.get(f.textContent) || false)
                      || (style.opacity === '1' && style.visibility === 'visible'));
        }
        return [...shown].filter(([, on]) => !on).map(([text]) => text.slice(0, 60));
    }""")
    assert never_shown == [], "fragments the print view never shows"
    assert axe_violations(v.page) == []
    v.close()


def test_a_handout_has_a_page_per_slide_and_its_text_can_be_selected(browser, visit, tmp_path):
    """`make handouts` prints a deck as tools.handouts.print_deck does: one page per slide,
    fragments merged, and text that pypdf reads back (not a picture of text)."""
    pypdf = pytest.importorskip("pypdf")
    name = "03_no_grad_and_volatile"
    v = visit(f"slides/{name}.slides.html")
    v.page.wait_for_selector(".reveal.ready", timeout=10_000)
    slides = reveal(v.page, "R => R.getSlides().length")
    headings = v.page.locator(".reveal .slides h1, .reveal .slides h2").all_text_contents()
    assert v.close() == []
    pdf = tmp_path / f"{name}.pdf"
    handouts.print_deck(browser, built(f"slides/{name}.slides.html"), pdf)
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == slides
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    missing = [h for h in headings
               if re.sub(r"\s+", " ", h.rstrip("¶")).strip()[:20] not in text]
    assert missing == [], "headings the handout's text lacks"


def test_handouts_without_chromium_say_so_and_make_nothing(tmp_path, monkeypatch, capsys):
    (tmp_path / "slides").mkdir()
    (tmp_path / "slides" / "99_tiny.slides.html").write_text("<html></html>", encoding="utf-8")
    monkeypatch.setattr(handouts, "CHROMIUM", tmp_path / "no-chromium")
    assert handouts.make_handouts(tmp_path) == 0
    assert "Skipping the handouts" in capsys.readouterr().out
    assert not (tmp_path / "handouts").exists()
    assert handouts.make_handouts(tmp_path / "nothing") == 1
    assert "run `make` first" in capsys.readouterr().err


def test_axe_in_the_print_view_catches_a_faint_fragment_on_the_last_slide(tmp_path, visit,
                                                                          monkeypatch):
    """The print view shows what the slide-by-slide walk would: a low-contrast word in the
    last slide's fragment is found."""
    nb = nbformat.read(tiny_notebook(tmp_path / "99_tiny.ipynb"), as_version=4)
    nb.cells += [nbformat.v4.new_markdown_cell("## Later", metadata={
                     "slideshow": {"slide_type": "slide"}}),
                 nbformat.v4.new_markdown_cell('<p style="color:#c8c8c8">faint words</p>',
                                               metadata={"slideshow": {"slide_type":
                                                                       "fragment"}})]
    nbformat.write(nb, tmp_path / "99_tiny.ipynb")
    site.render_notebook(tmp_path / "99_tiny.ipynb", tmp_path, site.copy_assets(tmp_path))
    monkeypatch.setattr(sys.modules[__name__], "BUILD", tmp_path)
    v = print_view(visit, "slides/99_tiny.slides.html")
    found = axe_violations(v.page)
    assert any(f.startswith("color-contrast") for f in found), found
    v.close()
