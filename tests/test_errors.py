"""helpers.errors reproduces an error, records it, and fails loudly when PyTorch changes; the
build gathers every expected error into build/errors.json and links each from errors.html.

The last three tests read build/ (made by `make`, or `python -m tools.build 12 13`).
"""

from __future__ import annotations

import json
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
import torch

from helpers import errors, i18n
from helpers.errors import EXPECTED, ErrorChanged, UnknownError, expect_error, expected_errors
from tests.test_site import visit  # noqa: F401  (a shared fixture; browser is in conftest)
from tools.build import BuildError, verify_errors
from tools.project import ROOT

BUILD = ROOT / "build"
NOTEBOOKS = (errors.N12, errors.N13)  # sections 1-5 and 6-10 of the error messages
FIELDS = {"id", "title", "error_type", "message", "notebook", "torch", "anchor"}


def built(relative: str) -> Path:
    path = BUILD / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make` (or `python -m tools.build 12 13`) first")
    return path


@pytest.fixture
def probe(monkeypatch):
    """Throwaway catalog entries: "P1" an error, "P2" a warning."""
    monkeypatch.setitem(EXPECTED, "P1", errors.ExpectedError(
        "P1", "a probe error", RuntimeError, r"does not have a grad_fn", "99_probe"))
    monkeypatch.setitem(EXPECTED, "P2", errors.ExpectedError(
        "P2", "a probe warning", UserWarning, r"not a leaf Tensor", "99_probe", warning=True))
    return "P1"


def no_grad_fn() -> None:
    torch.tensor(1.0).backward()


def non_leaf_grad() -> None:
    x = torch.ones(1, requires_grad=True)
    _ = (x * 2).grad


# --- expect_error ---------------------------------------------------------------------------

def test_a_reproduction_is_captured_and_recorded(probe, tmp_path, monkeypatch):
    record = tmp_path / "errors.jsonl"
    monkeypatch.setenv("BACKWARD_ERRORS", str(record))
    monkeypatch.setenv("BACKWARD_NOTEBOOK", "99_probe")
    card = expect_error(probe, no_grad_fn)
    assert card.error_type == "RuntimeError" and "grad_fn" in card.message
    (line,) = record.read_text(encoding="utf-8").splitlines()
    entry = json.loads(line)
    assert set(entry) == FIELDS
    assert entry["id"] == "P1" and entry["notebook"] == "99_probe"
    assert entry["torch"] == torch.__version__ and entry["message"] == card.message
    assert entry["anchor"] == "error-P1" and 'id="error-P1"' in card._repr_html_()
    assert "P1" in str(card)


def test_the_error_index_links_to_the_anchor_the_record_carries(probe, monkeypatch):
    from tools.site import errors_page

    monkeypatch.setenv("BACKWARD_NOTEBOOK", "99_probe")
    card = expect_error(probe, no_grad_fn)
    index = Anchors()
    index.feed(errors_page([card.record()]))
    assert f"99_probe.html#{card.anchor}" in index.links


def test_a_warning_is_captured_like_an_error(probe, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKWARD_ERRORS", str(tmp_path / "errors.jsonl"))
    card = expect_error("P2", non_leaf_grad)
    assert card.error_type == "UserWarning" and card.warning
    assert "warned" in str(card)


def test_a_reproduction_that_no_longer_raises_fails_with_its_id(probe):
    with pytest.raises(ErrorChanged, match=r"P1 .*no longer raises"):
        expect_error(probe, lambda: None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ErrorChanged, match=r"P2 .*no longer warns"):
            expect_error("P2", lambda: None)


def test_a_message_that_no_longer_matches_fails_with_its_id(probe):
    def other_message() -> None:
        raise RuntimeError("something else entirely")

    with pytest.raises(ErrorChanged, match=r"P1 .*no longer matches"):
        expect_error(probe, other_message)


def test_another_exception_type_fails_with_its_id(probe):
    def wrong_type() -> None:
        raise TypeError("does not have a grad_fn")

    with pytest.raises(ErrorChanged, match=r"P1 .*expected RuntimeError.*TypeError"):
        expect_error(probe, wrong_type)


def test_nothing_is_recorded_when_the_reproduction_changed(probe, tmp_path, monkeypatch):
    record = tmp_path / "errors.jsonl"
    monkeypatch.setenv("BACKWARD_ERRORS", str(record))
    with pytest.raises(ErrorChanged):
        expect_error(probe, lambda: None)
    assert not record.exists()


def test_bad_input_gets_a_clear_message():
    with pytest.raises(UnknownError, match="E99.*E01"):
        expect_error("E99", no_grad_fn)
    with pytest.raises(TypeError, match="wants a function"):  # a value, not a reproduction
        expect_error("E04", torch.tensor(1.0))


def test_every_catalog_entry_is_well_formed():
    assert set().union(*(expected_errors(n) for n in NOTEBOOKS)) == set(EXPECTED)
    assert all(expected_errors(n) for n in NOTEBOOKS), "a notebook of the pair reproduces none"
    for e in EXPECTED.values():
        assert e.title and e.pattern and issubclass(e.error_type, Exception)
        assert e.warning == issubclass(e.error_type, Warning)


def test_the_build_fails_when_an_expected_error_was_not_recorded():
    recorded = [{"id": i} for i in sorted(EXPECTED)]
    for notebook in NOTEBOOKS:
        verify_errors(notebook, recorded)  # all there: fine
    with pytest.raises(BuildError, match="E03"):
        verify_errors(errors.N12, [r for r in recorded if r["id"] != "E03"])
    with pytest.raises(BuildError, match="E10"):
        verify_errors(errors.N13, [r for r in recorded if r["id"] != "E10"])


# --- after the build --------------------------------------------------------------------------

@pytest.mark.built
def test_errors_json_has_every_expected_error_with_its_message():
    entries = json.loads(built("errors.json").read_text(encoding="utf-8"))
    by_id = {e["id"]: e for e in entries}
    for notebook in NOTEBOOKS:
        assert set(by_id) >= expected_errors(notebook), "an expected error is missing"
        for error_id in expected_errors(notebook):
            entry = by_id[error_id]
            assert set(entry) == FIELDS
            assert entry["message"].strip() and entry["torch"].strip()
            assert entry["notebook"] == notebook


class Anchors(HTMLParser):
    """Every id="..." and every <a href="..."> on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])


def parsed(path: Path) -> Anchors:
    page = Anchors()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.mark.built
def test_the_error_index_links_each_error_to_its_card_on_the_notebook_page():
    index = parsed(built("errors.html"))
    for name in NOTEBOOKS:
        notebook = parsed(built(f"{name}.html"))
        for error_id in sorted(expected_errors(name)):
            link = f"{name}.html#error-{error_id}"
            assert link in index.links, f"errors.html does not link {error_id}"
            assert f"error-{error_id}" in notebook.ids, f"no anchor for {error_id} on the page"


@pytest.mark.built
def test_the_error_index_is_linked_from_the_front_page_and_the_report():
    for page in ("index.html", "claims.html"):
        assert "errors.html" in parsed(built(page)).links, f"{page} does not link errors.html"


@pytest.mark.built
def test_the_error_index_loads_only_files_beside_it():
    from tests.test_site import Loads

    loads = Loads()
    loads.feed(built("errors.html").read_text(encoding="utf-8"))
    assert loads.urls and all((BUILD / u.split("?")[0]).exists() for u in loads.urls)


def test_the_error_index_passes_axe_wcag_aa(visit):  # noqa: F811  (the fixture imported above)
    from tests.test_site import axe_violations

    v = visit("errors.html")
    assert axe_violations(v.page) == []
    v.close()  # (axe's own fetches of the CSS are refused on file://, as on every page)


# --- in Chinese (setup(lang="zh")) -------------------------------------------------------------

def test_in_chinese_the_card_speaks_chinese_and_pytorch_s_message_stays():
    english = expect_error("E04", no_grad_fn)
    with i18n.speaking("zh"):
        chinese = expect_error("E04", no_grad_fn)
        text, page = str(chinese), chinese._repr_html_()
        titles = {e.id: i18n.tr(e.title) for e in EXPECTED.values()}
    assert "对计算图已被切断的损失调用 backward()" in text and "抛出 RuntimeError" in text
    assert "对计算图已被切断的损失调用 backward()" in page and "打印的原文" in page
    assert english.message == chinese.message and english.message in page  # PyTorch's words
    assert "raised" not in text + page and "exactly as" not in page
    assert all(titles[i] != e.title for i, e in EXPECTED.items()), "a title has no Chinese"
    assert english.record() == chinese.record()  # errors.json: the same in both languages
    assert chinese.record()["title"] == EXPECTED["E04"].title  # English: the index translates


def test_in_chinese_a_warning_card_says_so(probe):
    with i18n.speaking("zh"):
        card = expect_error("P2", non_leaf_grad)
        text = str(card)
    assert "发出 UserWarning" in text and "not a leaf Tensor" in text
