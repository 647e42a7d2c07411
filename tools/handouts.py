"""Print every slide deck to a PDF handout (`make handouts`):

    build/handouts/<notebook>.pdf    one page per slide, its fragments shown together

Each deck is opened from disk in reveal.js's print view (``?print-pdf``) by the same headless
Chromium the browser tests use (Debian's /usr/bin/chromium, driven by Playwright) and printed
with its own page size (the slide's 1280x720). Text stays text: it can be selected and
searched. Without that Chromium, or without Playwright, it says so and makes nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from tools.project import BUILD

# Debian's chromium; BACKWARD_CHROMIUM names another (GitHub's runners have Google Chrome).
CHROMIUM = Path(os.environ.get("BACKWARD_CHROMIUM", "/usr/bin/chromium"))
# Headless, and nothing leaves the machine: every host name resolves to nowhere.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND"]


def missing_browser() -> str | None:
    """Why no handout can be printed here, or None when Chromium and Playwright are there."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (Debian/Ubuntu: sudo apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (it is in requirements-dev.txt)"
    return None


def print_deck(browser: Any, deck: Path, pdf: Path) -> int:
    """Print the deck at `deck` (an HTML file) to `pdf` through its print view; return the
    number of pages the print view laid out."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(deck.resolve().as_uri() + "?print-pdf", wait_until="networkidle")
        page.wait_for_selector(".reveal .pdf-page", timeout=30_000)
        page.evaluate("""() => new Promise(done => window.MathJax && MathJax.Hub
                                ? MathJax.Hub.Queue(done) : done())""")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        return int(page.locator(".reveal .pdf-page").count())
    finally:
        page.close()


def make_handouts(build: Path = BUILD) -> int:
    """Print build/slides/*.slides.html into build/handouts/, and each translation's decks
    (build/<lang>/slides/) into its own handouts/; an exit status."""
    decks = sorted([*(build / "slides").glob("*.slides.html"),
                    *build.glob("*/slides/*.slides.html")])
    if not decks:
        print(f"No slide decks in {build / 'slides'}: run `make` first.", file=sys.stderr)
        return 1
    why = missing_browser()
    if why:
        print(f"Skipping the handouts: {why}. The decks' print view (open a deck, add "
              "?print-pdf to its address, print to PDF) gives the same pages by hand.")
        return 0
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for deck in decks:
            name, out = deck.name.removesuffix(".slides.html"), deck.parent.parent / "handouts"
            pages = print_deck(browser, deck, out / f"{name}.pdf")
            print(f"  {out / name}.pdf: {pages} pages", flush=True)
        browser.close()
    print(f"{len(decks)} handouts in {build}/handouts and {build}/*/handouts")
    return 0


if __name__ == "__main__":
    sys.exit(make_handouts())
