"""The claim ledger: the article's 27 claims, and one call per claim to judge it.

A notebook runs an experiment, turns what it saw into a verdict with `judge(...)`, and
hands that to `check(...)`. `check` shows a verdict card, records the result for the build
(when `BACKWARD_LEDGER` names a file), and raises `VerdictMismatch` if the observed verdict
is not the one the catalog expects: that is how a PyTorch release that changes behaviour
turns CI red.

    >>> seen = judge(holds=(y.grad is None), exception=False)
    >>> check("C21", observed=seen, evidence="y2.grad is None after z2.backward()")
"""

from __future__ import annotations

import html
import json
import os
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypedDict

import torch

from helpers import palette
from helpers.fonts import small_text_style
from helpers.i18n import N_, tr

Verdict = Literal["holds", "partly", "outdated", "false"]


@dataclass(frozen=True)
class VerdictInfo:
    """Everything the collection says about one verdict: the one home of these facts."""

    meaning: str  # what the verdict means, in a sentence
    colour: str  # its colour on cards, pages and slides (AA contrast on white and on CARD_TINT)
    tally_label: str  # "14 hold", "8 partly hold", ...
    phrase: str  # "its rule partly holds": how a reason says it
    word: str  # the verdict as a card shows it ("holds"; 成立 in Chinese): the key stays English


# The texts above are English, marked with N_(): shown through tr() (or verdict_word() and
# verdict_meaning() below), so a card speaks the notebook's language.


VERDICT_INFO: dict[Verdict, VerdictInfo] = {
    "holds": VerdictInfo(N_("true today, as the article says it"), palette.VERDICT["holds"],
                         N_("hold"), N_("holds"), N_("holds")),
    "partly": VerdictInfo(N_("true in the common case, but too broad: an exception that "
                             "matters exists"), palette.VERDICT["partly"], N_("partly hold"),
                          N_("partly holds"), N_("partly")),
    "outdated": VerdictInfo(N_("described the PyTorch of 2017; the API or behaviour has "
                               "changed since"), palette.VERDICT["outdated"],
                            N_("are outdated"), N_("is outdated"), N_("outdated")),
    "false": VerdictInfo(N_("not true, then or now"), palette.VERDICT["false"],
                         N_("are false"), N_("does not hold"), N_("false")),
}
CARD_TINT = palette.CARD_TINT  # a verdict card's background (helpers.palette says why)
VERDICTS: tuple[Verdict, ...] = tuple(VERDICT_INFO)
# Shorthands, read from the table above.
VERDICT_MEANING: dict[Verdict, str] = {v: i.meaning for v, i in VERDICT_INFO.items()}
VERDICT_COLOUR: dict[Verdict, str] = {v: i.colour for v, i in VERDICT_INFO.items()}


def verdict_word(verdict: Verdict) -> str:
    """The verdict as a reader sees it, in the language spoken now ("holds", 成立)."""
    return tr(VERDICT_INFO[verdict].word)


def verdict_meaning(verdict: Verdict) -> str:
    """What the verdict means, in the language spoken now."""
    return tr(VERDICT_INFO[verdict].meaning)


@dataclass(frozen=True)
class Claim:
    """One claim of the article, restated in our words."""

    id: str
    section: int
    text: str  # English, marked with N_(): shown as tr(text)
    notebook: str
    expected: Verdict | None  # None until a notebook has established it
    # For an outdated claim: the verdict its rule gets when written today's way (the half
    # that is still checked). For every other claim it is the verdict itself.
    today: Verdict | None = None

    def __post_init__(self) -> None:
        if self.today is None:
            object.__setattr__(self, "today", self.expected)


N01, N02 = "01_requires_grad", "02_modules_and_parameters"
N03, N04 = "03_no_grad_and_volatile", "04_leaf_and_intermediate_grads"
N05, N06, N07 = "05_backward_arguments", "06_detach", "07_retain_graph"
N08, N09, N10 = "08_accumulate_and_step", "09_two_networks", "10_freezing"

# `expected` is the verdict the notebook observed on current PyTorch; a notebook's
# author fills it in when the notebook establishes it.
CATALOG: dict[str, Claim] = {
    c.id: c
    for c in [
        Claim("C01", 1,
              N_("A tensor with requires_grad=True takes part in differentiation: gradients can "
                 "be computed for it and backward can flow through it."),
              N01, "holds"),
        Claim("C02", 1,
              N_("A new tensor (the article's Variable) starts with requires_grad=False and "
                 "volatile=False."),
              N01, "outdated", today="holds"),
        Claim("C03", 1,
              N_("requires_grad spreads: if x needs a gradient and y does not, z = f(x, y) needs "
                 "one."),
              N01, "partly"),
        Claim("C04", 1,
              N_("Every tensor in a computation (inputs, intermediate results, outputs, network "
                 "weights) can have requires_grad set."),
              N01, "partly"),
        Claim("C05", 1,
              N_("volatile=True means requires_grad=False, spreads to everything computed from "
                 "it, and is how to run inference."),
              N03, "outdated", today="holds"),
        Claim("C06", 1,
              N_("For inference, gradient tracking does not change the results but does change "
                 "the cost; one switch saves setting requires_grad=False everywhere."),
              N03, "holds"),
        Claim("C07", 1,
              N_("x.detach() gives the same values with requires_grad=False and no grad_fn: a "
                 "leaf where backpropagation stops."),
              N06, "holds"),
        Claim("C08", 1,
              N_("x and x.detach() share the same underlying data."),
              N06, "holds"),
        Claim("C09", 1,
              N_("x.detach_() detaches x itself, in place, making no new tensor."),
              N06, "partly"),
        Claim("C10", 1,
              N_("Each backward() frees the graph; a second backward() on the same graph needs "
                 "retain_graph=True on the first."),
              N07, "partly"),
        Claim("C11", 1,
              N_("One forward, several losses: backward() on each (retain_graph=True on all but "
                 "the last) adds their gradients into the same network."),
              N07, "holds"),
        Claim("C12", 2,
              N_("Computing gradients and updating weights are separate steps; gradients of "
                 "several losses can be accumulated and applied in one update."),
              N08, "holds"),
        Claim("C13", 2,
              N_("The chain rule runs through every parameter on the path, yet the optimizer "
                 "updates only the parameters you give it."),
              N08, "holds"),
        Claim("C14", 2,
              N_("For a scalar obj, obj.backward() equals obj.backward(torch.tensor([1]))."),
              N05, "outdated", today="holds"),
        Claim("C15", 2,
              N_("An nn.Module's parameters have requires_grad=True by default."),
              N02, "holds"),
        Claim("C16", 2,
              N_("If x.requires_grad is False, y = net(x) still has requires_grad True."),
              N02, "holds"),
        Claim("C17", 2,
              N_("Loss and activation modules have no parameters, so whether their output needs "
                 "a gradient depends only on their input."),
              N02, "partly"),
        Claim("C18", 3,
              N_("Only leaves keep their gradient in .grad; intermediate gradients are freed "
                 "once passed back, and register_hook is the way to reach them."),
              N04, "partly"),
        Claim("C19", 3,
              N_("Only a scalar can call backward() with no argument; a non-scalar needs a "
                 "gradient argument (the article's grad_variable)."),
              N05, "outdated", today="holds"),
        Claim("C20", 3,
              N_("PyTorch's nn.*Loss modules return the mean or the sum over the minibatch."),
              N05, "partly"),
        Claim("C21", 3,
              N_("After y2 = x2 ** w1, z2 = w2 * y2 + 1, z2.backward(): x2, w1, w2 have "
                 "gradients and y2.grad is None."),
              N04, "holds"),
        Claim("C22", 3,
              N_("The computation graph is essentially a binary tree."),
              N04, "false"),
        Claim("C23", 3,
              N_("Two chained networks, one loss.backward(): both get gradients; one optimizer "
                 "over itertools.chain(net1.parameters(), net2.parameters()) updates both, in "
                 "either order."),
              N09, "holds"),
        Claim("C24", 3,
              N_("In that run: inputs.requires_grad False, inputs.grad None; "
                 "outputs1.requires_grad True, outputs1.grad None; net1.conv1.bias.grad and "
                 "net2.fc3.bias.grad not None."),
              N09, "holds"),
        Claim("C25", 3,
              N_("Network weights are leaves (at different depths of the graph), which is why "
                 "their gradients are kept."),
              N02, "holds"),
        Claim("C26", 3,
              N_("register_hook can record, and even change, an intermediate node's gradient."),
              N04, "holds"),
        Claim("C27", 4,
              N_("requires_grad=False on a sub-module's parameters freezes it: their .grad stays "
                 "None and backpropagation through the rest works as before."),
              N10, "partly"),
    ]
}


class UnknownClaim(KeyError):
    """Raised for a claim ID that is not in the catalog."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


class VerdictMismatch(AssertionError):
    """Raised when a notebook observes a verdict other than the catalog's expected one."""


@dataclass(frozen=True)
class Judgement:
    """A verdict computed from observations, with every observation that went into it.

    ``today`` is the verdict the claim's rule gets in today's spelling; ``verdict`` is the
    same unless the article's API or behaviour changed since 2017, when it is "outdated".
    So an outdated claim still records, and ``check`` still compares, whether its rule holds.
    """

    verdict: Verdict
    today: Verdict
    reason: str  # in the language spoken when judge() ran (the ledger does not keep it)


def judge(*, holds: bool, exception: bool = False, changed_since_2017: bool = False) -> Judgement:
    """Turn what a cell observed into a verdict. Every observation counts.

    holds: the claim's rule, in the reading the notebook tests (written today's way where
        the article's spelling changed), is true on this PyTorch.
    exception: the notebook ran a case that matters where the claim's wording fails.
    changed_since_2017: the article's own spelling or behaviour was observed to differ today
        (it warns, errors, or is a silent no-op) — an observation that could go either way.
    """
    for name, value in (("holds", holds), ("exception", exception),
                        ("changed_since_2017", changed_since_2017)):
        if not isinstance(value, bool):
            raise TypeError(f"judge({name}=...) wants a bool computed in the cell, "
                            f"got {type(value).__name__}: {value!r}")
    if not holds:
        today: Verdict = "false"
        why = tr("the observation contradicts the claim")
    elif exception:
        today, why = "partly", tr("holds in the common case, but an exception was observed")
    else:
        today, why = "holds", tr("observed as the article says, and no exception found")
    if changed_since_2017:
        return Judgement("outdated", today, tr(
            "the article's spelling or behaviour has changed since 2017; written today's way, "
            "its rule {phrase}").format(phrase=tr(VERDICT_INFO[today].phrase)))
    return Judgement(today, today, why)


def claim(claim_id: str) -> Claim:
    """Look up a claim by ID ("C01".."C27"), with a clear error for an unknown one."""
    if not isinstance(claim_id, str) or claim_id not in CATALOG:
        raise UnknownClaim(
            f"Unknown claim ID {claim_id!r}: the catalog has C01 to C27 "
            f"(see helpers.claims.CATALOG)."
        )
    return CATALOG[claim_id]


@dataclass(frozen=True)
class VerdictCard:
    """What `check` returns: shows as a coloured card in Jupyter, as text elsewhere."""

    claim: Claim
    verdict: Verdict
    today: Verdict  # the verdict of the claim's rule written today's way (see Judgement)
    reason: str
    evidence: str

    def __str__(self) -> str:
        c, v = self.claim, self.verdict
        verdict = tr("verdict: {verdict} ({meaning})").format(
            verdict=verdict_word(v).upper(), meaning=verdict_meaning(v))
        return (f"[{c.id} · §{c.section}] {verdict}\n"
                f"  {tr('claim: {text}').format(text=tr(c.text))}\n"
                f"  {tr('evidence: {evidence}').format(evidence=self.evidence)}\n"
                f"  {tr('why this verdict: {reason}').format(reason=self.reason)}\n"
                f"  torch {torch.__version__}")

    __repr__ = __str__

    def _repr_html_(self) -> str:
        c, colour = self.claim, VERDICT_COLOUR[self.verdict]
        return (
            f'<div class="verdict-card verdict-{self.verdict}" style="border-left:6px solid '
            f'{colour};padding:0.5em 1em;margin:0.5em 0;background:{colour}{CARD_TINT}">'
            f'<div><strong>{c.id}</strong> · §{c.section} · '
            f'<span style="color:{colour};font-weight:bold;text-transform:uppercase">'
            f"{html.escape(verdict_word(self.verdict))}</span> — "
            f"{html.escape(verdict_meaning(self.verdict))}</div>"
            f"<div><em>{tr('Claim:')}</em> {html.escape(tr(c.text))}</div>"
            f"<div><em>{tr('Evidence:')}</em> {html.escape(self.evidence)}</div>"
            f"<div><em>{tr('Why this verdict:')}</em> {html.escape(self.reason)}</div>"
            f'<div style="{small_text_style()};opacity:0.7">'
            f"{tr('observed on torch {version}').format(version=html.escape(torch.__version__))}"
            f"</div></div>"
        )


class LedgerEntry(TypedDict):
    """One check as the ledger records it (a line of the ledger; an item of claims.json)."""

    id: str
    verdict: Verdict
    today: Verdict
    notebook: str
    evidence: str
    expected: Verdict | None
    torch: str
    python: str


def _record(card: VerdictCard) -> None:
    """Append the check to the ledger file the build names in BACKWARD_LEDGER, if any."""
    ledger = os.environ.get("BACKWARD_LEDGER")
    if not ledger:
        return
    entry: LedgerEntry = {
        "id": card.claim.id,
        "verdict": card.verdict,
        "today": card.today,
        "notebook": os.environ.get("BACKWARD_NOTEBOOK", "unknown"),
        "evidence": card.evidence,
        "expected": card.claim.expected,
        "torch": torch.__version__,
        "python": platform.python_version(),
    }
    with Path(ledger).open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


def check(claim_id: str, observed: Judgement, evidence: str) -> VerdictCard:
    """Show and record the verdict a cell observed for one claim.

    Raises UnknownClaim for an ID not in the catalog, TypeError when `observed` was not
    computed with `judge(...)`, and VerdictMismatch when it differs from the catalog.
    """
    c = claim(claim_id)
    if not isinstance(observed, Judgement):
        raise TypeError(
            f"check({claim_id!r}, observed=...) wants the result of judge(...), computed from "
            f"what the cell ran; got {type(observed).__name__}: {observed!r}"
        )
    if not isinstance(evidence, str) or not evidence.strip():
        raise TypeError(f"check({claim_id!r}, evidence=...) wants a non-empty str saying what "
                        "the cell saw")
    card = VerdictCard(claim=c, verdict=observed.verdict, today=observed.today,
                       reason=observed.reason, evidence=evidence)
    _record(card)
    if c.expected is None:
        raise VerdictMismatch(
            f"{c.id}: the catalog has no expected verdict yet; this run observed "
            f"{observed.verdict!r} ({observed.reason}). Set expected={observed.verdict!r} "
            f"in helpers/claims.py once the notebook establishes it."
        )
    if observed.verdict != c.expected:
        raise VerdictMismatch(tr(
            "{id}: expected {expected} but observed {observed} on torch {torch} ({reason}). "
            "Evidence: {evidence}").format(
                id=c.id, expected=repr(c.expected), observed=repr(observed.verdict),
                torch=torch.__version__, reason=observed.reason, evidence=evidence))
    if observed.today != c.today:
        raise VerdictMismatch(tr(
            "{id}: still {expected}, but the half of the claim checked today's way changed: "
            "expected its rule to get {today}, observed {observed} on torch {torch}. "
            "Evidence: {evidence}").format(
                id=c.id, expected=repr(c.expected), today=repr(c.today),
                observed=repr(observed.today), torch=torch.__version__, evidence=evidence))
    return card


BUILT_LEDGER = Path(__file__).resolve().parent.parent / "build" / "claims.json"


def claim_map_html(ledger: Path | str | None = None) -> str:
    """The claim map as HTML: each claim, its verdict in its colour, and a link to the
    notebook that settles it (``NN_name.ipynb``, relative, as Jupyter opens it).

    A claim's verdict is the one the collection's last build computed (``build/claims.json``,
    or the file `ledger` names) when that file has the claim, else the catalog's expected
    verdict; the line above the table says which, and on which torch.
    """
    path = Path(ledger) if ledger is not None else BUILT_LEDGER
    built: dict[str, LedgerEntry] = {}
    problem = ""
    if path.exists():
        try:
            built = {e["id"]: e for e in json.loads(path.read_text(encoding="utf-8"))}
        except (ValueError, TypeError, KeyError) as error:  # a broken file: say so, go on
            problem = tr("{file} could not be read ({error})").format(file=path.name,
                                                                       error=error)
    left = ' style="text-align:left"'  # notebooks right-align table cells
    from_build = sum(c.id in built for c in CATALOG.values())
    mixed = 0 < from_build < len(CATALOG)  # then each row says where its verdict came from
    rows, counts = [], dict.fromkeys(VERDICTS, 0)
    for c in CATALOG.values():
        entry = built.get(c.id)
        verdict = entry["verdict"] if entry else c.expected
        source = (tr("last build, torch {torch}").format(torch=entry["torch"]) if entry
                  else tr("catalog (expected)"))
        if verdict in counts:
            counts[verdict] += 1
        colour = VERDICT_COLOUR.get(verdict, palette.NO_VERDICT) if verdict \
            else palette.NO_VERDICT
        rows.append(
            f"<tr><td{left}>{c.id}</td><td>§{c.section}</td>"
            f"<td{left}>{html.escape(tr(c.text))}</td>"
            f'<td style="color:{colour};font-weight:bold;text-align:left">'
            f"{_shown_verdict(verdict)}</td>"
            f'<td{left}><a href="{c.notebook}.ipynb">{c.notebook}</a></td>'
            + (f'<td style="{small_text_style()};text-align:left">{source}</td>' if mixed else "")
            + "</tr>")
    if from_build:
        versions = ", ".join(sorted({e["torch"] for e in built.values()}))
        said = tr("{n} of {total} verdicts were computed by the collection's last build "
                  "({file}, torch {versions})").format(n=from_build, total=len(CATALOG),
                                                       file=path.name, versions=versions)
        if from_build < len(CATALOG):
            said += tr("; the other {n} are the catalog's expected ones").format(
                n=len(CATALOG) - from_build)
    else:
        said = ((problem or tr("No build of the collection was found ({file})").format(
            file=path.name)) + tr(", so these are the verdicts the catalog expects on current "
                                  "PyTorch; each notebook computes its own when you run it"))
    tally = tr(", ").join(f'<span style="color:{VERDICT_COLOUR[v]}">{n} '
                          f"{tr(VERDICT_INFO[v].tally_label)}</span>" for v, n in counts.items())
    heads = [tr("Claim"), tr("Verdict"), tr("Settled in"), tr("Verdict from")]
    return (f"<p>{tr('{said}. Together: {tally}.').format(said=html.escape(said), tally=tally)}"
            f"</p><table><tr><th{left}>ID</th><th>§</th><th{left}>{heads[0]}</th>"
            f"<th{left}>{heads[1]}</th><th{left}>{heads[2]}</th>"
            f"{f'<th{left}>{heads[3]}</th>' if mixed else ''}</tr>{''.join(rows)}</table>")


def _shown_verdict(verdict: str | None) -> str:
    """A verdict key (or a ledger's unknown word, or none) as the claim map shows it."""
    if verdict in VERDICT_INFO:
        return html.escape(verdict_word(verdict))
    return html.escape(verdict) if verdict else tr("not established")
