"""A 2017 → today cheat-sheet that checks itself every time it runs.

Each row runs a 2017 spelling (the article's own, or another of its era: the row says which)
and today's spelling, records what today's PyTorch does with the old one (raises, warns,
silently ignores it, silently does something else, silently gives a wrong result, or still
runs it), and compares that with what the row says. When a PyTorch release changes the
answer, ``row`` raises ``SheetOutdated`` naming the row, so a stale sheet fails the build.

    >>> sheet = Sheet()
    >>> def old():
    ...     torch.ones(()).data[0]             # 2017: a loss's number
    >>> def new():
    ...     return did(isinstance(torch.ones(()).item(), float), "a Python float")
    >>> sheet.row("loss.data[0]", "loss.item()", old, new, expect="raises",
    ...           match=r"0-dim", article=None)   # None: a 2017 spelling the article never writes

A callable returns ``did(happened, seen)``: whether the spelling did what it was written for
(in 2017, for the old one), and what it saw, in a few words; ``did(..., right=False)`` when
the result it checked (a gradient, a value) is wrong. ``changed(seen)`` says it ran but now
does something else. Returning nothing means "it ran".
"""

from __future__ import annotations

import html
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import torch

from helpers import palette
from helpers.fonts import small_text_style
from helpers.i18n import N_, tr

Outcome = Literal["raises", "warns", "silently ignored", "silently changed", "silently wrong",
                  "works"]

# The one home of what each outcome means; its colour is helpers.palette's (AA on white).
# The texts are English, marked with N_(); shown through tr() (outcome_word() for the word).
OUTCOME_MEANING: dict[Outcome, str] = {
    "raises": N_("today's PyTorch refuses it with an error"),
    "warns": N_("it runs, with a warning that it is deprecated or removed"),
    "silently ignored": N_("it runs without a word, and has no effect"),
    "silently changed": N_("it runs without a word, but now does something else"),
    "silently wrong": N_("it runs without a word, and the result it gives is wrong"),
    "works": N_("it still runs and does what it did in 2017"),
}
# Each outcome as a reader sees it: the key stays English in code, the word is translated.
OUTCOME_WORD: dict[Outcome, str] = {
    "raises": N_("raises"), "warns": N_("warns"), "silently ignored": N_("silently ignored"),
    "silently changed": N_("silently changed"), "silently wrong": N_("silently wrong"),
    "works": N_("works"),
}
OUTCOME_INFO: dict[Outcome, tuple[str, str]] = {
    o: (palette.OUTCOME[o], meaning) for o, meaning in OUTCOME_MEANING.items()}
OUTCOMES: tuple[Outcome, ...] = tuple(OUTCOME_INFO)
SHORT = 140  # characters of a message shown in a table; the full one is kept


def outcome_word(outcome: Outcome) -> str:
    """The outcome as a reader sees it, in the language spoken now ("works", 仍然可用)."""
    return tr(OUTCOME_WORD[outcome])


def with_also(outcome: str, also: str, escape: Callable[[str], str] = str) -> str:
    """An outcome and what else it did, joined as the language spoken joins them ("warns
    and has no effect"; 警告，并且没有效果); `escape` is applied to the added words."""
    if not also:
        return outcome
    return tr("{outcome} {also}").format(outcome=outcome, also=escape(tr(also)))


def small(text: str) -> str:
    """`text` as a row's small print (readable in every language: helpers.fonts)."""
    return f'<span style="{small_text_style()}">{text}</span>'


@dataclass(frozen=True)
class Effect:
    """What a spelling's callable saw: did it do what it was written for, and what it saw."""

    happened: bool
    seen: str
    changed: bool = False  # it ran, but did something other than what it was written for
    right: bool = True  # the result the callable checked (a gradient, a value) is correct


def did(happened: bool, seen: str, right: bool = True) -> Effect:
    """The callable's verdict on its own run: ``happened`` (and ``right``, whether the result
    it checked is correct) are computed in the callable."""
    for name, value in (("happened", happened), ("right", right)):
        if not isinstance(value, bool):
            raise TypeError(f"did({name}=...) wants a bool computed from the run, got "
                            f"{type(value).__name__}: {value!r}")
    return Effect(happened, seen, right=right)


def changed(seen: str) -> Effect:
    """The spelling ran without a word, but today it does something else than in 2017."""
    return Effect(False, seen, changed=True)


@dataclass(frozen=True)
class Attempt:
    """One spelling, run: how today's PyTorch treated it, and what was seen."""

    outcome: Outcome
    message: str  # the error's or the first warning's type and text; "" when there was none
    seen: str  # what the callable reported seeing; "" when it raised or said nothing
    also: str = ""  # for "warns": what the run did besides warning, when not what it was for
    # (English, marked with N_(): shown as tr(also))

    def describe(self, limit: int | None = SHORT) -> str:
        """The message, then what was seen, each cut to `limit` characters."""
        parts = [_cut(p, limit) for p in (self.message, self.seen) if p]
        return " — ".join(parts) or tr("ran")


def _cut(text: str, limit: int | None) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if limit is None or len(first) <= limit else first[: limit - 1] + "…"


def attempt(fn: Callable[[], Effect | None]) -> Attempt:
    """Run `fn`, recording every warning, and classify what happened.

    An exception: "raises". A warning: "warns" (whatever the effect). Otherwise the Effect
    it returned decides: not right → "silently wrong", changed → "silently changed", not
    happened → "silently ignored", happened (or nothing returned) → "works".
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            effect = fn()
        except Exception as error:  # noqa: BLE001 — any error is the observation
            return Attempt("raises", f"{type(error).__name__}: {error}", "")
    if effect is not None and not isinstance(effect, Effect):
        raise TypeError("a row's callable returns did(happened, seen), changed(seen) or "
                        f"nothing; got {type(effect).__name__}: {effect!r}")
    seen = effect.seen if effect else ""
    if caught:
        first = caught[0]
        also = ("" if effect is None else N_("and the result is wrong") if not effect.right
                else N_("and does something else") if effect.changed
                else N_("and has no effect") if not effect.happened else "")
        return Attempt("warns", f"{first.category.__name__}: {first.message}", seen, also)
    if effect is not None and not effect.right:
        return Attempt("silently wrong", "", seen)
    if effect is not None and effect.changed:
        return Attempt("silently changed", "", seen)
    if effect is not None and not effect.happened:
        return Attempt("silently ignored", "", seen)
    return Attempt("works", "", seen)


class SheetOutdated(AssertionError):
    """A row of the cheat-sheet is no longer true on this PyTorch."""


def _badge(outcome: Outcome) -> str:
    colour = OUTCOME_INFO[outcome][0]
    word = html.escape(outcome_word(outcome))
    return f'<span style="color:{colour};font-weight:bold">{word}</span>'


@dataclass(frozen=True)
class Row:
    """One checked row: the 2017 spelling, today's, and what each did on this PyTorch."""

    old: str
    new: str
    then: Attempt  # the 2017 spelling, run today
    now: Attempt  # today's spelling
    article: str | None = None  # how the article itself writes it; None: it never does

    def source(self) -> str:
        """Whose spelling the old one is: the article's (as it writes it) or only its era's."""
        if self.article is None:
            return tr("not in the article: a spelling of its time")
        return tr("the article writes {article}").format(article=self.article)

    def __str__(self) -> str:
        then = self.then
        outcome = with_also(outcome_word(then.outcome), then.also)
        today = tr("today's PyTorch: {outcome}").format(outcome=outcome)
        return (f"2017: {self.old}  ({self.source()})\n  {today} — "
                f"{then.describe()}\n{tr('today: {spelling}').format(spelling=self.new)}\n"
                f"  {self.now.describe()}")

    __repr__ = __str__

    def cells(self, compact: bool = False) -> str:
        """The row's <td> cells; `compact` leaves out the messages and what was seen."""
        esc = html.escape
        then = "" if compact else f"<br>{small(esc(self.then.describe()))}"
        now = "" if compact else f"<br>{small(esc(self.now.describe()))}"
        source = "" if compact else f"<br>{small(esc(self.source()))}"  # compact: grouped
        also = with_also("", self.then.also, esc)  # a warning is not all
        return (f"<td{LEFT}><code>{esc(self.old)}</code>{source}</td>"
                f"<td{LEFT}>{_badge(self.then.outcome)}{also}{then}</td>"
                f"<td{LEFT}><code>{esc(self.new)}</code>{now}</td>")

    def _repr_html_(self) -> str:
        return _table([self])


LEFT = ' style="text-align:left;vertical-align:top"'  # notebooks right-align tables
HEADINGS = (N_("2017 spelling"), N_("what today's PyTorch does with it"),
            N_("today's spelling"), N_("today's spelling, and what it did"))


def _header(compact: bool) -> str:
    """The table's heading row, in the language spoken now."""
    old, does, new, new_and_seen = (tr(h) for h in HEADINGS)
    return (f"<tr><th{LEFT}>{old}</th><th{LEFT}>{does}</th>"
            f"<th{LEFT}>{new if compact else new_and_seen}</th></tr>")


GROUPS = ((True, N_("the article's own spellings")),
          (False, N_("spellings of its time that the article never writes")))


def _table(rows: Iterable[Row], compact: bool = False) -> str:
    """Rows as an HTML table; `compact` groups them under the article's and its era's."""
    rows = list(rows)
    if compact:
        body = "".join(
            f'<tr><th colspan="3"{LEFT}>{tr(name)}</th></tr>'
            + "".join(f"<tr>{r.cells(compact)}</tr>" for r in group)
            for mine, name in GROUPS
            if (group := [r for r in rows if (r.article is not None) == mine]))
    else:
        body = "".join(f"<tr>{r.cells(compact)}</tr>" for r in rows)
    observed = tr("observed on torch {version}").format(version=html.escape(torch.__version__))
    return (f'<table class="then-and-now">{_header(compact)}{body}</table>'
            f'<div style="{small_text_style()};opacity:0.7">{observed}</div>')


def row(old: str, new: str, run_old: Callable[[], Effect | None],
        run_new: Callable[[], Effect | None], expect: Outcome | tuple[Outcome, ...],
        match: str | None = None, article: str | None = None) -> Row:
    """Run both spellings and check that the row still says what today's PyTorch does.

    Args:
        old, new: the 2017 spelling and today's, as code.
        run_old, run_new: callables that run them (see the module docstring).
        expect: what today's PyTorch does with the old spelling (one outcome, or a tuple
            when releases differ).
        match: a regular expression the old spelling's error or warning must contain
            (case-insensitive); use ``a|b`` where releases word it differently.
        article: how the article itself writes the old spelling (quoted from its text),
            or None for a spelling of its time that the article never writes.

    Raises SheetOutdated, naming the row, when the old spelling no longer does what `expect`
    says, its message no longer matches, or today's spelling does not simply work.
    """
    wanted = (expect,) if isinstance(expect, str) else tuple(expect)
    unknown = [e for e in wanted if e not in OUTCOMES]
    if unknown or not wanted:
        raise ValueError(f"row {old!r}: expect= takes outcomes from {OUTCOMES}, got {expect!r}")
    done = Row(old, new, attempt(run_old), attempt(run_new), article)
    name, version = f"`{old}` → `{new}`", torch.__version__
    if done.then.outcome not in wanted:
        raise SheetOutdated(
            f"Cheat-sheet row {name}: the 2017 spelling should be '{' or '.join(wanted)}' on "
            f"today's PyTorch, but on torch {version} it {done.then.outcome}: "
            f"{done.then.describe(None)}. Update this row.")
    if match is not None and not re.search(match, done.then.message, re.IGNORECASE):
        raise SheetOutdated(
            f"Cheat-sheet row {name}: the 2017 spelling {done.then.outcome} on torch "
            f"{version}, but its message no longer matches {match!r}: "
            f"{done.then.message or '(no message)'!r}. Update this row.")
    if done.now.outcome != "works":
        raise SheetOutdated(
            f"Cheat-sheet row {name}: today's spelling should simply work, but on torch "
            f"{version} it {done.now.outcome}: {done.now.describe(None)}. Update this row.")
    return done


class Sheet:
    """The rows of one notebook's cheat-sheet, in order, in parts; re-running a row
    replaces it."""

    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}
        self.parts: dict[str, str] = {}  # a row's 2017 spelling -> the part it belongs to
        self.current = ""

    def part(self, name: str) -> None:
        """Start a part of the sheet: the rows that follow belong to it."""
        self.current = name

    def row(self, old: str, new: str, run_old: Callable[[], Effect | None],
            run_new: Callable[[], Effect | None], expect: Outcome | tuple[Outcome, ...],
            match: str | None = None, article: str | None = None) -> Row:
        """``row(...)``, kept in this sheet under its 2017 spelling."""
        done = row(old, new, run_old, run_new, expect, match, article)
        self.rows[old] = done
        self.parts[old] = self.current
        return done

    def tally(self) -> dict[Outcome, int]:
        """How many 2017 spellings get each outcome today (every outcome, zeros included)."""
        return {o: sum(r.then.outcome == o for r in self.rows.values()) for o in OUTCOMES}

    def table(self, part: str | None = None, compact: bool = False) -> SheetTable:
        """The rows of one part (all rows when `part` is None) as one table; `compact`
        shows only the spellings and the outcome."""
        if part is not None and part not in self.parts.values():
            raise ValueError(f"this sheet has no part {part!r}; its parts are "
                           f"{sorted(set(self.parts.values()))}")
        chosen = [r for old, r in self.rows.items() if part in (None, self.parts[old])]
        return SheetTable(chosen, compact)

    def summary(self) -> SheetSummary:
        """The tally as a small table, with each outcome's meaning."""
        return SheetSummary(self.tally())


@dataclass(frozen=True)
class SheetTable:
    """Every row of a sheet: HTML in Jupyter, text elsewhere."""

    rows: list[Row]
    compact: bool = False

    def _repr_html_(self) -> str:
        return _table(self.rows, self.compact)

    def __str__(self) -> str:
        if self.compact:
            return "\n".join(f"{r.old}  →  {r.new}  " + tr("[{outcome}; {source}]").format(
                outcome=with_also(outcome_word(r.then.outcome), r.then.also),
                source=tr("the article") if r.article else tr("not in the article"))
                for r in self.rows)
        return "\n".join(str(r) for r in self.rows)

    __repr__ = __str__


@dataclass(frozen=True)
class SheetSummary:
    """How many 2017 spellings raise, warn, are silently ignored, changed or wrong, or still
    work."""

    counts: dict[Outcome, int]

    def _repr_html_(self) -> str:
        body = "".join(f"<tr><td{LEFT}>{_badge(o)}</td><td>{n}</td>"
                       f"<td{LEFT}>{html.escape(tr(OUTCOME_INFO[o][1]))}</td></tr>"
                       for o, n in self.counts.items())
        return (f"<table><tr><th{LEFT}>{tr('today, the 2017 spelling…')}</th>"
                f"<th>{tr('rows')}</th><th{LEFT}>{tr('meaning')}</th></tr>{body}</table>")

    def __str__(self) -> str:
        return "\n".join(tr("{outcome}: {n}  ({meaning})").format(
            outcome=_rjust(outcome_word(o), 16), n=n, meaning=tr(OUTCOME_INFO[o][1]))
            for o, n in self.counts.items())

    __repr__ = __str__


def _rjust(text: str, columns: int) -> str:
    """`text` right-aligned in `columns` terminal columns (a CJK character takes two)."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return " " * max(columns - len(text) - wide, 0) + text
