"""Keep each translation in step with the English notebooks it translates.

A translated notebook (notebooks/<lang>/NN_name.ipynb) has the same cells as its English
twin, in the same order, with the same types, slide types and tags. Each of its cells records
in its metadata which version of the English cell it translates: ``translates``, a short
hash of the English cell's text. When the English cell changes, the hash no longer matches,
and the translated cell is *stale* until a translator updates it and stamps it again:

    python -m tools.translations status            # everything out of step, every language
    python -m tools.translations stamp zh 04 7 9   # cells 7 and 9 of zh/04 are up to date
    python -m tools.translations stamp zh 04       # every cell of zh/04 is up to date

The checks here are what tests/test_translations.py runs: same cells, nothing stale, the same
program (code cells equal once string literals and comments are set aside), and no glossary
term left in English in the prose (docs/glossary.md).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import re
import sys
from functools import cache

import nbformat

from helpers.i18n import N_, speaking, tr
from helpers.i18n import languages as catalog_languages
from tools.notebooks import BADGE, NAV_TAG, cell_shape, first_line, read_pair, stems, write_pair
from tools.project import ROOT, SOURCE_LANGUAGE, languages

TRANSLATES = "translates"  # the cell metadata key (jupytext.toml keeps it in the .py)

# The words a notebook's shape repeats (CONTRIBUTING.md, "A notebook's shape"): a translation
# writes each one the same way everywhere, as its catalog says.
SHAPE_WORDS = (N_("**The claim.**"), N_("**The reading we test:**"), N_("**Predict.**"),
               N_("**See.**"), N_("**Say.**"), N_("**They bring.**"), N_("**Ask first.**"),
               N_("### Try it"), N_("## Read more"), N_("## What this notebook established"))
GENERATED_TAGS = {"setup", NAV_TAG}  # cells tools/notebooks.py writes in every language


def cell_hash(cell: nbformat.NotebookNode) -> str:
    """The version of an English cell: a hash of its type and text (badge left out: it is
    made from the repository's address, not written by a person)."""
    text = BADGE.sub("", cell.source).rstrip()
    return hashlib.sha1(f"{cell.cell_type}\0{text}".encode()).hexdigest()[:10]


def is_generated(cell: nbformat.NotebookNode) -> bool:
    """The setup and navigation cells: made by tools/notebooks.py, never translated by hand."""
    return bool(GENERATED_TAGS & set(cell.metadata.get("tags", [])))


def structure_problems(lang: str, name: str) -> list[str]:
    """Where notebook `name` in `lang` and its English twin differ in shape: a notebook or
    a cell in one language only, or a cell of another type, slide type or tags."""
    if name not in stems(SOURCE_LANGUAGE):
        return [f"{lang}/{name}: there is no English notebook {name}"]
    english, translated = read_pair(name), read_pair(name, lang=lang)
    stamps = [c.metadata.get(TRANSLATES) for c in translated.cells]
    hashes = [cell_hash(c) for c in english.cells]
    for i, cell in enumerate(english.cells):
        other = translated.cells[i] if i < len(translated.cells) else None
        # a cell added to the English: its hash is nowhere, and the translation of the
        # cell after it sits in its place
        added = not is_generated(cell) and hashes[i] not in stamps and (
            other is None or stamps[i] in hashes[i + 1:])
        if added:
            return [f"{lang}/{name}: English cell {i} ({first_line(cell)!r}) exists in "
                    f"English only: translate it into a new cell {i}"]
        if other is None or cell_shape(other) != cell_shape(cell):
            return [f"{lang}/{name}: cell {i} differs in type, slide type or tags from the "
                    f"English cell {i} ({first_line(cell)!r}), or exists in {lang} only"]
    if len(translated.cells) > len(english.cells):
        extra = translated.cells[len(english.cells)]
        return [f"{lang}/{name}: cell {len(english.cells)} ({first_line(extra)!r}) exists in "
                f"{lang} only"]
    return []


def stale_cells(lang: str, name: str) -> list[str]:
    """The cells of `name` in `lang` whose English cell changed since they were translated
    (or that were never stamped)."""
    english, translated = read_pair(name), read_pair(name, lang=lang)
    found = []
    for i, (en, other) in enumerate(zip(english.cells, translated.cells, strict=False)):
        if is_generated(en):
            continue
        stamp = other.metadata.get(TRANSLATES)
        if stamp != cell_hash(en):
            why = "was never stamped" if stamp is None else "is stale: its English cell changed"
            found.append(f"{lang}/{name}: cell {i} ({first_line(en)!r}) {why} (update it, then "
                         f"`python -m tools.translations stamp {lang} {name[:2]} {i}`)")
    return found


class _Program(ast.NodeTransformer):
    """Sets a cell's words aside: every string literal becomes "", and an f-string keeps
    only its expressions, sorted (a translation may put them in another order)."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant("") if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        parts = [self.visit(v) for v in node.values if isinstance(v, ast.FormattedValue)]
        parts.sort(key=ast.dump)
        return ast.JoinedStr(values=parts)


def program(source: str) -> str:
    """The program a code cell runs, without its comments and words (IPython's % and !
    lines are kept as they are)."""
    magics = [line for line in source.splitlines() if line.lstrip().startswith(("%", "!"))]
    code = "\n".join(line for line in source.splitlines() if line not in magics)
    return "\n".join([*magics, ast.dump(_Program().visit(ast.parse(code)))])


def program_differences(lang: str, name: str) -> list[str]:
    """The first code cell of `name` whose program in `lang` is not the English one."""
    english, translated = read_pair(name), read_pair(name, lang=lang)
    for i, (en, other) in enumerate(zip(english.cells, translated.cells, strict=False)):
        if en.cell_type != "code" or other.cell_type != "code" or is_generated(en):
            continue
        try:
            same = program(en.source) == program(other.source)
        except SyntaxError as error:
            return [f"{lang}/{name}: code cell {i} ({first_line(en)!r}) does not parse: {error}"]
        if not same:
            return [f"{lang}/{name}: code cell {i} ({first_line(en)!r}) runs another program "
                    "than the English one (only string literals and comments may differ)"]
    return []


@cache
def glossary() -> dict[str, dict[str, str]]:
    """docs/glossary.md as {language: {English term: term in that language}}."""
    rows = [line.strip().strip("|").split("|")
            for line in (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("|") and not line.startswith("|---")]
    header, *body = [[c.strip() for c in row] for row in rows]
    en = header.index("en")
    return {lang: {row[en]: row[i] for row in body if row[en]}
            for i, lang in enumerate(header) if i != en and lang in catalog_languages()}


# What is not prose: fenced and inline code, link targets, HTML tags, and spans marked English.
NOT_PROSE = re.compile(r"```.*?```|`[^`]*`|\]\([^)]*\)|<span lang=\"en\">.*?</span>|<[^>]+>"
                       r"|https?://\S+", re.S)


def glossary_leaks(lang: str, name: str) -> list[str]:
    """Glossary terms left in English in the prose of `name` in `lang` (code, URLs and
    ``<span lang="en">`` set aside)."""
    terms = glossary().get(lang, {})
    found = []
    for i, cell in enumerate(read_pair(name, lang=lang).cells):
        if cell.cell_type != "markdown" or is_generated(cell):
            continue
        prose = NOT_PROSE.sub(" ", BADGE.sub("", cell.source))
        for term, word in terms.items():
            if re.search(rf"(?<![\w-]){re.escape(term)}s?(?![\w-])", prose, re.I):
                found.append(f"{lang}/{name}: cell {i} leaves '{term}' in English "
                             f"(the glossary: {word})")
    return found


def shape_words_missing(lang: str, name: str) -> list[str]:
    """The cells of `name` in `lang` whose English twin has one of SHAPE_WORDS and which do
    not have that word's translation."""
    found = []
    english, translated = read_pair(name), read_pair(name, lang=lang)
    with speaking(lang):
        for i, (en, other) in enumerate(zip(english.cells, translated.cells, strict=False)):
            for word in SHAPE_WORDS:
                if word in en.source and tr(word) not in other.source:
                    found.append(f"{lang}/{name}: cell {i} should say {tr(word)!r} "
                                 f"where the English says {word!r}")
    return found


def stamp(lang: str, name: str, cells: list[int] | None = None) -> list[int]:
    """Record that cells `cells` (every cell when None) of `name` in `lang` translate the
    English cells as they are now; return the cells stamped."""
    problems = structure_problems(lang, name)
    if problems:
        raise ValueError(problems[0])
    english, translated = read_pair(name), read_pair(name, lang=lang)
    chosen = range(len(english.cells)) if cells is None else cells
    done = []
    for i in chosen:
        if not 0 <= i < len(english.cells):
            raise ValueError(f"{lang}/{name} has no cell {i} (it has {len(english.cells)})")
        if not is_generated(english.cells[i]):
            translated.cells[i].metadata[TRANSLATES] = cell_hash(english.cells[i])
            done.append(i)
    write_pair(name, translated, lang)
    return done


def status() -> list[str]:
    """Everything out of step in every translation, one line each."""
    found = []
    for lang in languages()[1:]:
        for name in stems(lang):
            shape = structure_problems(lang, name)
            found += shape or [*stale_cells(lang, name), *program_differences(lang, name),
                               *glossary_leaks(lang, name), *shape_words_missing(lang, name)]
        found += [f"{lang}: {n} has no translation yet" for n in stems(SOURCE_LANGUAGE)
                  if n not in stems(lang)]
    return found


def _named(lang: str, prefix: str) -> str:
    matches = [n for n in stems(lang) if n.startswith(prefix)]
    if len(matches) != 1:
        raise SystemExit(f"{prefix!r} names {len(matches)} notebooks in {lang}: "
                         f"{', '.join(stems(lang))}")
    return matches[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.translations", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="list what is out of step; exit 1 if anything is")
    do = sub.add_parser("stamp", help="mark cells as translating today's English")
    do.add_argument("lang")
    do.add_argument("notebook", help="the notebook's number or name, e.g. 04")
    do.add_argument("cells", nargs="*", type=int, help="cell numbers (default: every cell)")
    args = parser.parse_args(argv)
    if args.command == "stamp":
        name = _named(args.lang, args.notebook)
        done = stamp(args.lang, name, args.cells or None)
        print(f"stamped {len(done)} cells of {args.lang}/{name}")
        return 0
    problems = status()
    print("\n".join(problems) or "every translation is in step")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
