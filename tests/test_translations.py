"""Each translation is its English notebook in another language, and stays so: the same
cells (none in one language only), none stale (its English cell changed since it was
translated), the same program once words are set aside, the glossary's words in its prose,
and -- once built -- the same verdicts and the same errors.

tools/translations.py holds the checks; docs/glossary.md the words; CONTRIBUTING.md says
how to update a translation and how to add a language.
"""

from __future__ import annotations

import json

import nbformat
import pytest

from helpers.i18n import LOCALE
from tools import translations
from tools.notebooks import readme_path, stems
from tools.project import SOURCE_LANGUAGE, colab_url, languages, site_folder

TRANSLATED = languages()[1:]
PAIRS = [(lang, name) for lang in TRANSLATED for name in stems(lang)]
IDS = [f"{lang}/{name}" for lang, name in PAIRS]


def test_there_is_a_chinese_edition_of_every_notebook():
    assert "zh" in TRANSLATED
    for lang in TRANSLATED:
        assert stems(lang) == stems(SOURCE_LANGUAGE), (
            f"{lang}: missing {sorted(set(stems()) - set(stems(lang)))}, "
            f"extra {sorted(set(stems(lang)) - set(stems()))}")


def test_each_language_of_notebooks_has_its_catalog_and_glossary_column():
    for lang in TRANSLATED:
        assert (LOCALE / lang / "language.json").exists(), f"helpers/locale/{lang}/ is missing"
        assert lang in translations.glossary(), f"docs/glossary.md has no column {lang!r}"


@pytest.mark.parametrize("lang, name", PAIRS, ids=IDS)
def test_same_cells_as_english(lang, name):
    assert translations.structure_problems(lang, name) == []


@pytest.mark.parametrize("lang, name", PAIRS, ids=IDS)
def test_no_cell_is_stale(lang, name):
    assert translations.stale_cells(lang, name) == []


@pytest.mark.parametrize("lang, name", PAIRS, ids=IDS)
def test_same_program_as_english(lang, name):
    assert translations.program_differences(lang, name) == []


@pytest.mark.parametrize("lang, name", PAIRS, ids=IDS)
def test_prose_uses_the_glossary(lang, name):
    assert translations.glossary_leaks(lang, name) == []


@pytest.mark.parametrize("lang, name", PAIRS, ids=IDS)
def test_the_words_of_a_notebooks_shape_are_the_same_everywhere(lang, name):
    assert translations.shape_words_missing(lang, name) == []


@pytest.mark.parametrize("lang, name", PAIRS, ids=IDS)
def test_each_translated_notebook_has_its_own_badge_and_setup(lang, name):
    nb = nbformat.read(readme_path().parent / "notebooks" / lang / f"{name}.ipynb", as_version=4)
    assert colab_url(name, lang) in nb.cells[0].source
    assert f'setup(seed=0, lang="{lang}")' in nb.cells[1].source


# --- the checks themselves, on made-up cells --------------------------------------------

def test_the_program_sets_aside_words_and_nothing_else():
    en = 'x = f(a, "leaf")  # a comment\nprint(f"{x} of {n} left")\n'
    assert translations.program(en) == translations.program(
        'x = f(a, "叶节点")  # 注释\nprint(f"剩下 {n} 个中的 {x} 个")\n')
    assert translations.program(en) == translations.program(
        'x = f(a, ("叶"\n           "节点"))\nprint(f"{x}{n}")\n')
    for changed in ('y = f(a, "leaf")\nprint(f"{x} of {n} left")\n',
                    'x = f(a, "leaf")\nprint(f"{x} of {n + 1} left")\n',
                    'x = f("leaf", a)\nprint(f"{x} of {n} left")\n',
                    'x = f(a, "leaf")\nprint(f"{x} of {n} left", end="")\n'):
        assert translations.program(en) != translations.program(changed), changed


def _notebook(*sources: str, stamps: tuple[str | None, ...] = ()) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(s) for s in sources]
    for cell, stamp in zip(nb.cells, stamps, strict=False):
        if stamp:
            cell.metadata[translations.TRANSLATES] = stamp
    return nb


def _pretend(monkeypatch, english, translated):
    monkeypatch.setattr(translations, "read_pair",
                        lambda name, prefer=None, lang="en": english if lang == "en"
                        else translated)
    monkeypatch.setattr(translations, "stems", lambda lang="en": ["99_made_up"])


def test_a_changed_english_cell_makes_its_translation_stale(monkeypatch):
    old = _notebook("# Title", "A leaf has a grad.")
    stamps = tuple(translations.cell_hash(c) for c in old.cells)
    translated = _notebook("# 标题", "叶节点有梯度。", stamps=stamps)
    _pretend(monkeypatch, old, translated)
    assert translations.stale_cells("zh", "99_made_up") == []
    _pretend(monkeypatch, _notebook("# Title", "A leaf keeps its grad."), translated)
    (stale,) = translations.stale_cells("zh", "99_made_up")
    assert "cell 1" in stale and "stale" in stale and "zh 99 1" in stale


def test_a_cell_in_one_language_only_is_named(monkeypatch):
    english = _notebook("# Title", "New cell.", "Old cell.")
    stamps = (translations.cell_hash(english.cells[0]), translations.cell_hash(english.cells[2]))
    _pretend(monkeypatch, english, _notebook("# 标题", "旧单元格。", stamps=stamps))
    (problem,) = translations.structure_problems("zh", "99_made_up")
    assert "English cell 1 ('New cell.') exists in English only" in problem
    _pretend(monkeypatch, _notebook("# Title"), _notebook("# 标题", "多出来的。"))
    (problem,) = translations.structure_problems("zh", "99_made_up")
    assert "cell 1 ('多出来的。') exists in zh only" in problem


def test_an_english_glossary_term_in_chinese_prose_is_flagged(monkeypatch):
    _pretend(monkeypatch, _notebook("x"),
             _notebook('这个 leaf 没有 `grad`；<span lang="en">hook</span> 与 '
                       '`register_hook` 不算。'))
    (leak,) = translations.glossary_leaks("zh", "99_made_up")
    assert "'leaf'" in leak and "叶节点" in leak


# --- the READMEs and the built sites ----------------------------------------------------

def test_the_readmes_link_to_each_other_at_the_top():
    english = readme_path().read_text(encoding="utf-8").splitlines()[:12]
    for lang in TRANSLATED:
        other = readme_path(lang)
        assert any(other.name in line for line in english), f"README.md does not link {other.name}"
        top = other.read_text(encoding="utf-8").splitlines()[:12]
        assert any("README.md" in line for line in top), f"{other.name} does not link README.md"


def _built(lang: str, file: str) -> list[dict]:
    path = site_folder(lang) / file
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make` first")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.built
@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translation_reaches_the_same_verdicts(lang):
    def facts(entries):
        return [(e["id"], e["verdict"], e["today"], e["notebook"], e["expected"])
                for e in entries]
    english, translated = _built("en", "claims.json"), _built(lang, "claims.json")
    assert len(english) == 27 and facts(translated) == facts(english)


@pytest.mark.built
@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translation_reproduces_the_same_errors(lang):
    def facts(entries):
        return [(e["id"], e.get("error_type"), e["notebook"]) for e in entries]
    english, translated = _built("en", "errors.json"), _built(lang, "errors.json")
    assert english and facts(translated) == facts(english)
