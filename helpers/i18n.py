"""The language the helpers speak: English, or one that has a message catalog.

Every sentence a helper shows a learner -- a verdict card, a hint, a graph's box label, the
stepper's caption -- is written in English in the code, passed through ``tr()``, and looked up
in the catalog of the language the notebook's setup cell chose (``setup(lang="zh")``):

    print(tr("Not tried yet."))                      # translated now
    HINT = N_("a hook runs once per gradient")       # marked now, translated where shown

The catalogs are gettext ``.po`` files, the format translators' tools already edit:
``helpers/locale/<lang>/LC_MESSAGES/*.po``, one file per part of the collection, all read
together. Beside them ``helpers/locale/<lang>/language.json`` says what the language needs
on a page (its HTML ``lang``, its name, the fonts that have its glyphs, its smallest
readable text). Adding a language is adding that folder; no code names a language.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"  # what the code is written in: it needs no catalog

# Chinese (and Japanese) script, for a regex class: the ideographs, and the full-width
# punctuation that goes with them. Counting reading time and joining lines both use them.
CJK_CHARACTERS = "\u3400-\u9fff\uf900-\ufaff"
CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uffef"

# The language chosen by setup(); a module-level value because a notebook has one language.
_chosen = {"lang": SOURCE_LANGUAGE}


@dataclass(frozen=True)
class Language:
    """What a page in one language needs besides its messages."""

    code: str             # the folder name, and what setup(lang=...) takes: "en", "zh"
    html: str             # the HTML lang attribute: "en", "zh-CN"
    name: str             # the language's own name for itself, for links: "English", "简体中文"
    fonts: tuple[str, ...] = ()  # font families with its glyphs, best first (none for Latin)
    min_text_px: int = 10        # the smallest text a reader can read, on a 1280 px page
    apt_fonts: str = ""          # the Debian package with those fonts (Colab installs it)
    reading_unit: str = "words"  # what reading speed counts: "words", or "characters" (CJK)
    reading_per_minute: int = 200  # how many of them a learner reads in a minute


ENGLISH = Language(SOURCE_LANGUAGE, "en", "English")


def languages() -> list[str]:
    """Every language there is: English first, then each one with a catalog folder."""
    found = sorted(p.parent.name for p in LOCALE.glob("*/language.json"))
    return [SOURCE_LANGUAGE, *found]


@cache
def language_info(code: str) -> Language:
    """What language `code` needs on a page (read from its language.json)."""
    if code == SOURCE_LANGUAGE:
        return ENGLISH
    check_language(code)
    data = json.loads((LOCALE / code / "language.json").read_text(encoding="utf-8"))
    return Language(code, data["html"], data["name"], tuple(data.get("fonts", ())),
                    int(data.get("min_text_px", 10)), data.get("apt_fonts", ""),
                    data.get("reading_unit", "words"), int(data.get("reading_per_minute", 200)))


def check_language(code: object) -> str:
    """`code` when it names a language there is; a ValueError naming those there are."""
    if code not in languages():
        raise ValueError(f"No messages in language {code!r}; the languages there are: "
                         f"{', '.join(languages())} (a new one is a folder in {LOCALE})")
    return str(code)


def set_language(code: str) -> None:
    """Speak `code` from now on (setup() calls this with the notebook's language)."""
    _chosen["lang"] = check_language(code)


def language() -> str:
    """The language the helpers speak now."""
    return _chosen["lang"]


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Speak `code` inside the block, then the language before (for the site's build)."""
    before = language()
    set_language(code)
    try:
        yield
    finally:
        _chosen["lang"] = before


def tr(message: str) -> str:
    """`message` in the language spoken now (itself in English, or when a catalog lacks it:
    `tests/test_i18n.py` fails on any message without an entry)."""
    if language() == SOURCE_LANGUAGE:
        return message
    return catalog(language()).get(message) or message


def N_(message: str) -> str:  # noqa: N802 -- gettext's name for "translate where shown"
    """`message` unchanged: marks a message kept in a table and passed to tr() later."""
    return message


@cache
def catalog(code: str) -> dict[str, str]:
    """Every message of language `code`: English text -> its translation (fuzzy and empty
    entries left out, so that they count as missing)."""
    entries: dict[str, str] = {}
    for path in sorted((LOCALE / code / "LC_MESSAGES").glob("*.po")):
        for entry in read_po(path):
            if entry.translation and not entry.fuzzy and entry.message:
                entries[entry.message] = entry.translation
    return entries


@dataclass(frozen=True)
class PoEntry:
    """One entry of a .po file."""

    message: str        # msgid: the English text
    translation: str    # msgstr
    fuzzy: bool         # a translator's "check me" flag: not used until cleared
    line: int           # where its msgid starts, for messages that point at it


def _unquote(text: str, path: Path, line: int) -> str:
    """The string a .po line's quoted part stands for (C escapes, as Python reads them)."""
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"{path}:{line}: expected a quoted string, got {text!r}")
    return str(ast.literal_eval(text))


def read_po(path: Path) -> list[PoEntry]:
    """The entries of a gettext .po file (msgid, msgstr, the fuzzy flag; no plurals or
    contexts: the collection does not use them). A malformed line raises ValueError."""
    entries: list[PoEntry] = []
    fields: dict[str, str] = {}
    field, pending_flags, flags, start = "", "", "", 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("#,"):  # flags belong to the entry that follows them
            pending_flags = line
        elif not line or line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgstr ")):
            field, _, rest = line.partition(" ")
            if field == "msgid":
                if "msgid" in fields:
                    entries.append(PoEntry(fields["msgid"], fields.get("msgstr", ""),
                                           "fuzzy" in flags, start))
                fields, flags, pending_flags, start = {}, pending_flags, "", number
            fields[field] = _unquote(rest, path, number)
        elif line.startswith('"') and field:
            fields[field] += _unquote(line, path, number)
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r} (only msgid, msgstr, "
                             "quoted continuation lines and comments)")
    if "msgid" in fields:
        entries.append(PoEntry(fields["msgid"], fields.get("msgstr", ""), "fuzzy" in flags,
                               start))
    return entries
