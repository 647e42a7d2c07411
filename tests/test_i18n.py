"""The helpers speak every language the collection has: each message passed to ``tr()`` or
marked with ``N_()`` in helpers/ and tools/ (and ``_()`` in tools/templates/) has an entry
in every catalog, with the same
``{placeholders}``; no catalog keeps an entry nothing uses any more; a language without a
catalog is refused with the list of those there are."""

import ast
import re
from pathlib import Path

import pytest

from helpers import i18n
from helpers.runtime import setup

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*ROOT.glob("helpers/**/*.py"), *ROOT.glob("tools/*.py")])
TRANSLATED = [code for code in i18n.languages() if code != i18n.SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
TEMPLATES = sorted(ROOT.glob("tools/templates/**/*.j2"))
# _("...") or _('...') in a Jinja template (tools/site.py gives the templates tr() as _)
TEMPLATE_MESSAGE = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")


def messages() -> dict[str, str]:
    """Every message the code marks (literal first argument of tr() or N_()), with where."""
    found: dict[str, str] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("tr", "N_") and node.args):
                arg = node.args[0]
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                assert not isinstance(arg, ast.JoinedStr), (
                    f"{where}: {node.func.id}() of an f-string: a catalog cannot hold it; "
                    "write tr('... {name} ...').format(name=...)")
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, where)  # (a name: marked with N_ where made)
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_MESSAGE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(match[1] if match[1] is not None else match[2],
                             f"{path.relative_to(ROOT)}:{line}")
    return found


def test_the_code_marks_messages():
    """The scan finds a message of each kind: tr() in helpers, N_() in a table, tr() in
    tools, _() in a template (a scan that found none would make the tests below vacuous)."""
    found = messages()
    for message, where in (("✅ Correct.", "helpers/exercises/core.py"),
                           ("it runs without a word, and has no effect", "helpers/then_and_now.py"),
                           ("← All notebooks", "tools/site.py"),
                           ("For teachers", "tools/templates/site/teach.html.j2")):
        assert found.get(message, "").startswith(where), (message, found.get(message))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_has_an_entry(lang):
    entries = i18n.catalog(lang)
    missing = [f"{where}: {msg[:70]!r}" for msg, where in messages().items()
               if msg not in entries]
    assert not missing, (f"{len(missing)} messages have no {lang} entry in "
                         f"helpers/locale/{lang}/LC_MESSAGES/*.po (or it is fuzzy or empty):\n"
                         + "\n".join(missing[:40]))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_entry_is_left_over(lang):
    used = messages()
    unused = [f"{p.name}:{e.line}: {e.message[:70]!r}"
              for p in sorted((i18n.LOCALE / lang / "LC_MESSAGES").glob("*.po"))
              for e in i18n.read_po(p) if e.message and e.message not in used]
    assert not unused, ("entries whose English text no code uses any more (the English "
                        "changed: translate the new text, drop the old entry):\n"
                        + "\n".join(unused[:40]))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders(lang):
    changed = [f"{msg[:60]!r}" for msg, text in i18n.catalog(lang).items()
               if sorted(PLACEHOLDER.findall(msg)) != sorted(PLACEHOLDER.findall(text))]
    assert not changed, f"{lang} entries whose {{placeholders}} differ from the English:\n" \
        + "\n".join(changed)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_message_is_in_one_file_only(lang):
    seen: dict[str, str] = {}
    twice = []
    for p in sorted((i18n.LOCALE / lang / "LC_MESSAGES").glob("*.po")):
        for e in i18n.read_po(p):
            if e.message and e.message in seen:
                twice.append(f"{e.message[:60]!r} in {seen[e.message]} and {p.name}")
            seen.setdefault(e.message, p.name)
    assert not twice, "\n".join(twice)


def test_a_language_without_a_catalog_is_refused_by_name():
    with pytest.raises(ValueError, match=r"languages there are: en, .*zh"):
        setup(seed=0, lang="fr")
    assert i18n.language() == "en"


def test_tr_speaks_the_language_chosen_and_english_by_default():
    msg = next(iter(i18n.catalog("zh")))
    assert i18n.tr(msg) == msg
    with i18n.speaking("zh"):
        assert i18n.tr(msg) == i18n.catalog("zh")[msg] != msg
    assert i18n.tr(msg) == msg


def test_the_po_reader_reads_continuations_escapes_and_fuzzy(tmp_path):
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr "Language: xx\\n"\n\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n\n'
                  'msgid ""\n"two "\n"lines \\"q\\"\\n"\nmsgstr "两行"\n', encoding="utf-8")
    entries = i18n.read_po(po)
    assert [(e.message, e.translation, e.fuzzy) for e in entries] == [
        ("", "Language: xx\n", False), ("a", "b", True), ('two lines "q"\n', "两行", False)]
    po.write_text('msgid "a"\nmsgstr b\n', encoding="utf-8")
    with pytest.raises(ValueError, match="x.po:2"):
        i18n.read_po(po)
