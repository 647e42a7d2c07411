"""The teaching layer: what a learner reads is true to what ran, short, and leads on.

- a number in prose that describes something measured appears in that notebook's outputs;
- no output goes to stderr unless its cell is tagged `expect-stderr`;
- every notebook ends with links to the previous and the next one (Jupyter, Colab, site);
- documentation links are well-formed https links to PyTorch's documentation;
- no notebook is longer than about 20 minutes of reading.
"""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from helpers.claims import CATALOG
from helpers.i18n import language_info, speaking, tr
from tools import notebooks, site
from tools.project import colab_url, languages, notebook_folder, notebook_paths, site_folder

NAMES = [p.stem for p in notebook_paths()]
# Every notebook in every language: a translation is taught to the same standard.
PAIRS = [(lang, p.stem) for lang in languages() for p in notebook_paths(lang=lang)]
PAIR_IDS = [f"{lang}-{name}" for lang, name in PAIRS]


def source(lang: str, name: str) -> nbformat.NotebookNode:
    return nbformat.read(notebook_folder(lang) / f"{name}.ipynb", as_version=4)
MAX_CELLS = 55  # about 20 minutes of reading (the setup and navigation cells included)
MAX_WORDS = 1500  # words of Markdown prose, code spans and blocks left out

# Numbers that prose may state without an output printing them: they are not measurements.
CONSTANTS = {
    "0", "1", "2", "3", "4",  # small counts and positions ("two losses", "x ** 2")
    "27",  # the article's number of claims
    "720", "1280",  # the slide size
}


def executed(name: str, lang: str = "en") -> nbformat.NotebookNode:
    path = site_folder(lang) / "executed" / f"{name}.ipynb"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make` (or `make test`) first")
    return nbformat.read(path, as_version=4)


def prose_numbers(markdown: str) -> set[str]:
    """Numbers a markdown cell states in its prose: not in code, links, headings' claim and
    section numbers, notebook names, versions or years."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)  # inline code is code, not a measurement
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"§\s?\d+", " ", text)  # the article's section numbers
    # claim ids, notebook files, versions, and years of this era (not any four digits)
    text = re.sub(r"\b(?:C\d\d|\d\d_\w+|[vV]?\d+\.\d+\.\d+|20[12]\d)\b", " ", text)
    text = re.sub(r"(?:PyTorch|torch|Python|version|release)\s+\d+(?:\.\d+)?", " ", text)
    text = re.sub(r"(?m)^#+ \d+ · ", " ", text)  # a heading's notebook or section number
    # "notebook 07", "notebooks 04 and 11": numbers of notebooks, not measurements
    text = re.sub(r"\b[Nn]otebooks? \d\d(?:(?:,| and| or| to) \d\d)*\b", " ", text)
    text = re.sub(r"笔记本\s*\d\d(?:\s*(?:、|和|与|或|到|至)\s*\d\d)*", " ", text)  # the same, zh
    text = re.sub(r"\b0\d\b", " ", text)  # zero-padded: a notebook's number, not a measure
    # (not \w: a number right after a Chinese character is still a number)
    return {n.rstrip(".") for n in re.findall(r"(?<![A-Za-z0-9_.])\d+(?:[.,]\d+)*", text)}


def output_text(nb: nbformat.NotebookNode) -> str:
    """Everything the run printed or displayed as text; of a picture (SVG), only its words and
    labels, not its coordinates, so a number in prose cannot match a position by chance."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for kind, value in out.get("data", {}).items():
                value = value if isinstance(value, str) else "".join(value)
                if kind == "image/svg+xml":
                    parts += re.findall(r"<text[^>]*>([^<]*)</text>", value)
                elif kind.startswith("text/"):
                    parts.append(value)
    return "\n".join(parts).replace(",", "")


def test_prose_numbers_finds_measurements_and_skips_the_rest():
    found = prose_numbers("Tracking took 3.7 ms and 1,024 bytes in C21 (§3) on torch 2.13; "
                          "`x ** 5` and [a](03_x.ipynb) in 2017, as notebooks 07 and 11 show.")
    assert found == {"3.7", "1,024"}
    # a measurement after "to" or "and", or one that looks like a year, is still checked
    assert prose_numbers("fell from 2.31 to 45, between 17 and 93 ms, 2048 steps") == {
        "2.31", "45", "17", "93", "2048"}


def test_a_picture_counts_its_labels_not_its_coordinates():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("display_data", data={"image/svg+xml":
            '<svg><text x="137.19" y="-90">value 56</text></svg>'})])])
    printed = output_text(nb)
    assert "56" in printed and "137" not in printed


@pytest.mark.built
@pytest.mark.parametrize("lang, name", PAIRS, ids=PAIR_IDS)
def test_every_number_in_prose_was_printed_by_the_run(lang, name):
    nb = executed(name, lang)
    printed = output_text(nb)
    missing = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or notebooks.NAV_TAG in cell.metadata.get("tags", []):
            continue
        for number in prose_numbers(cell.source) - CONSTANTS:
            if not re.search(rf"(?<![\d.]){re.escape(number.replace(',', ''))}(?!\d)", printed):
                missing.setdefault(i, []).append(number)
    assert not missing, (f"{name}: numbers in markdown that no output printed (cell: numbers); "
                         f"print the sentence from code instead: {missing}")


@pytest.mark.built
@pytest.mark.parametrize("lang, name", PAIRS, ids=PAIR_IDS)
def test_no_output_goes_to_stderr_unless_meant(lang, name):
    noisy = [(i, out.get("text", "")[:120]) for i, cell in enumerate(executed(name, lang).cells)
             if "expect-stderr" not in cell.metadata.get("tags", [])
             for out in cell.get("outputs", [])
             if out.output_type == "stream" and out.name == "stderr"]
    assert not noisy, f"{name}: unintended stderr output (cell, text): {noisy}"


@pytest.mark.parametrize("lang, name", PAIRS, ids=PAIR_IDS)
def test_each_notebook_ends_with_previous_and_next_links(lang, name):
    nb = source(lang, name)
    last = nb.cells[-1]
    assert notebooks.NAV_TAG in last.metadata.get("tags", []), "no navigation cell at the end"
    i = NAMES.index(name)
    for other in (NAMES[i - 1] if i else None, NAMES[i + 1] if i + 1 < len(NAMES) else None):
        if other:
            assert f"]({other}.ipynb)" in last.source and colab_url(other, lang) in last.source
    assert last.source.count("](") == 2 * (1 + (0 < i < len(NAMES) - 1))


@pytest.mark.built
@pytest.mark.parametrize("lang, name", PAIRS, ids=PAIR_IDS)
def test_pages_turn_notebook_links_into_page_links(lang, name):
    page = site_folder(lang) / f"{name}.html"
    if not page.exists():
        pytest.fail(f"{page} is missing: run `make` first")
    text = page.read_text(encoding="utf-8")
    assert not re.search(r'href="\d\d_[\w-]+\.ipynb', text), "a link to a .ipynb on the site"
    i = NAMES.index(name)
    if i + 1 < len(NAMES):
        assert f'href="{NAMES[i + 1]}.html"' in text


DOC_LINK = re.compile(r"\]\((https?://(?:docs\.)?pytorch\.org[^)\s]*)\)")
DOC_FORM = re.compile(r"https://(?:docs\.pytorch\.org|pytorch\.org)/(?:docs|tutorials|blog)/"
                      r"[\w./#-]+")


@pytest.mark.parametrize("lang, name", PAIRS, ids=PAIR_IDS)
def test_documentation_links_are_well_formed(lang, name):
    nb = source(lang, name)
    links = [u for c in nb.cells if c.cell_type == "markdown" for u in DOC_LINK.findall(c.source)]
    assert links, f"{name} links no PyTorch documentation"
    bad = [u for u in links if not DOC_FORM.fullmatch(u) or ".." in u or u.endswith(".")]
    assert not bad, f"{name}: malformed documentation links {bad}"


def prose_words(markdown: str) -> int:
    """Words of prose in a Markdown cell: a plain count, leaving out code blocks and spans."""
    markdown = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    return len(re.sub(r"`[^`]*`", " ", markdown).split())


def test_prose_words_leave_code_out():
    assert prose_words("Call `x.backward()` twice:\n```python\nx = 1\ny = 2\n```\nthen stop.") == 4


@pytest.mark.parametrize("lang, name", PAIRS, ids=PAIR_IDS)
def test_a_notebook_is_about_twenty_minutes_long(lang, name):
    nb = source(lang, name)
    # a teacher's speaker notes (tagged, left out of the page) are not the learner's reading
    learners = [c for c in nb.cells if site.TEACHER_NOTES not in c.metadata.get("tags", [])]
    assert len(learners) <= MAX_CELLS, f"{name} has {len(learners)} cells"
    if lang == "en":
        words = sum(prose_words(c.source) for c in learners if c.cell_type == "markdown")
        assert words <= MAX_WORDS, f"{name} has {words} words of prose"
        return
    # a translation: the same minutes of reading, counted in its own unit (Chinese: characters)
    info = language_info(lang)
    most = MAX_WORDS * info.reading_per_minute // language_info("en").reading_per_minute
    with speaking(lang):
        size = sum(site.prose_size(re.sub(r"`[^`]*`", " ", c.source)) for c in learners
                   if c.cell_type == "markdown")
    assert size <= most, f"{lang}/{name} has {size} {info.reading_unit} of prose (most {most})"


@pytest.mark.built
def test_hidden_inputs_stay_in_the_notebook_but_not_on_the_page():
    """Every cell tagged hide-input: its code is in the notebook, and a line of it that no
    visible cell also has is nowhere on the built page (its output still is)."""
    checked = 0
    for lang, name in PAIRS:
        path = notebook_folder(lang) / f"{name}.ipynb"
        nb = nbformat.read(path, as_version=4)
        visible = "\n".join(c.source for c in nb.cells if c.cell_type == "code"
                            and "hide-input" not in c.metadata.get("tags", []))
        hidden = [c for c in nb.cells if "hide-input" in c.metadata.get("tags", [])]
        if not hidden:
            continue
        page = site_folder(lang) / f"{path.stem}.html"
        if not page.exists():
            pytest.fail(f"{page} is missing: run `make` first")
        plain = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
        for cell in hidden:
            own = [line.strip() for line in cell.source.splitlines()
                   if len(line.strip()) > 20 and line.strip() not in visible]
            if own:
                assert own[0] not in plain, f"{path.stem}: hidden input shows: {own[0]!r}"
                checked += 1
    assert checked, "no notebook has a cell tagged hide-input"


NOTE_PARTS = ("**Say.**", "**They bring.**", "**Ask first.**")  # tools/translations.py's


def claims_without_notes(nb: nbformat.NotebookNode, claims: list[str],
                         parts: tuple[str, ...] = NOTE_PARTS) -> list[str]:
    """The claims among `claims` whose slides carry no teacher's notes: a Markdown cell of
    slide type `notes`, tagged teacher-notes, saying what to say, what learners bring and
    what to ask the room first."""
    sections = site.claim_sections(nb)
    missing = []
    for claim in claims:
        notes = [c for c in sections.get(claim, [])
                 if site.TEACHER_NOTES in c.metadata.get("tags", [])
                 and c.metadata.get("slideshow", {}).get("slide_type") == "notes"]
        if not any(all(part in c.source for part in parts) for c in notes):
            missing.append(claim)
    return missing


@pytest.mark.parametrize("lang, name", PAIRS, ids=PAIR_IDS)
def test_every_claim_has_speaker_notes(lang, name):
    claims = sorted(c.id for c in CATALOG.values() if c.notebook == name)
    with speaking(lang):
        parts = tuple(tr(part) for part in NOTE_PARTS)
    assert claims_without_notes(source(lang, name), claims, parts) == []


def test_a_claim_without_notes_is_found():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## C05 · §1 — x", metadata={
            "slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_markdown_cell("**Say.** a\n\n**They bring.** b\n\n**Ask first.** c?",
                                      metadata={"slideshow": {"slide_type": "notes"},
                                                "tags": [site.TEACHER_NOTES]}),
        nbformat.v4.new_markdown_cell("## C06 · §1 — y", metadata={
            "slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_markdown_cell("## Next", metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_markdown_cell("**Say.** a\n\n**They bring.** b\n\n**Ask first.** c?",
                                      metadata={"slideshow": {"slide_type": "notes"},
                                                "tags": [site.TEACHER_NOTES]})])
    assert claims_without_notes(nb, ["C05", "C06"]) == ["C06"]  # C06's note is past its slides


CLAIMED = [(lang, name) for lang, name in PAIRS if name in {c.notebook for c in CATALOG.values()}]


@pytest.mark.built
@pytest.mark.parametrize("lang, name", CLAIMED, ids=[f"{a}-{b}" for a, b in CLAIMED])
def test_notes_are_in_the_deck_with_their_minutes_and_not_on_the_page(lang, name):
    claims = [c.id for c in CATALOG.values() if c.notebook == name]
    page = (site_folder(lang) / f"{name}.html").read_text(encoding="utf-8")
    deck = (site_folder(lang) / "slides" / f"{name}.slides.html").read_text(encoding="utf-8")
    notes = [c.source for c in source(lang, name).cells
             if site.TEACHER_NOTES in c.metadata.get("tags", [])]
    # no note's words on the page (a line long enough to be its own)
    for note in notes:
        line = max(note.splitlines(), key=len)
        assert html.escape(line[:40]) not in page and line[:40] not in page
    asides = re.findall(r'<aside class="notes">(.*?)</aside>', deck, re.S)
    with speaking(lang):
        rate, bring = site.reading_rate(), tr("**They bring.**").strip("*")
    with_minutes = [a for a in asides if rate in a]
    assert len(with_minutes) == len(claims)
    assert all(bring in a for a in with_minutes)
    if lang == "en":
        assert all(re.search(r"About \d+ min: its slides hold \d+ words", a)
                   for a in with_minutes)
