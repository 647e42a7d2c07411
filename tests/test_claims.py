"""The ledger: catalog, judge, check, the card, and what lands in the ledger file."""

import json
import re
from pathlib import Path

import pytest

from helpers import claims
from helpers.claims import CATALOG, UnknownClaim, VerdictMismatch, check, judge

SPEC = Path(__file__).resolve().parent.parent / "docs" / "claims.md"  # the team's spec


def test_catalog_has_the_27_claims_in_order():
    assert list(CATALOG) == [f"C{i:02d}" for i in range(1, 28)]


def test_catalog_matches_the_spec_ids_and_sections():
    rows = re.findall(r"^\| (C\d\d) \| (\d) \|", SPEC.read_text(encoding="utf-8"), re.M)
    assert len(rows) == 27
    assert [(c.id, c.section) for c in CATALOG.values()] == [(i, int(s)) for i, s in rows]


def test_every_expected_verdict_is_one_of_the_four_words():
    for c in CATALOG.values():
        assert c.expected in claims.VERDICTS, f"{c.id} has no established verdict"


@pytest.mark.parametrize(
    ("kwargs", "verdict", "today"),
    [
        ({"holds": True}, "holds", "holds"),
        ({"holds": True, "exception": True}, "partly", "partly"),
        ({"holds": False}, "false", "false"),
        ({"holds": True, "changed_since_2017": True}, "outdated", "holds"),
        ({"holds": True, "exception": True, "changed_since_2017": True}, "outdated", "partly"),
        ({"holds": False, "changed_since_2017": True}, "outdated", "false"),
    ],
)
def test_judge_counts_every_observation(kwargs, verdict, today):
    seen = judge(**kwargs)
    assert (seen.verdict, seen.today) == (verdict, today)


def test_an_outdated_claim_whose_rule_stops_holding_fails_the_check(monkeypatch):
    _expecting(monkeypatch, "C19", "outdated", today="holds")
    assert check("C19", judge(holds=True, changed_since_2017=True), evidence="x").today == "holds"
    with pytest.raises(VerdictMismatch, match="still 'outdated'.*expected its rule to get 'holds'"):
        check("C19", judge(holds=False, changed_since_2017=True), evidence="rule broke")


def test_the_card_says_why_it_got_its_verdict(monkeypatch):
    _expecting(monkeypatch, "C19", "outdated", today="holds")
    card = check("C19", judge(holds=True, changed_since_2017=True), evidence="x")
    assert "its rule holds" in str(card) and "Why this verdict" in card._repr_html_()


def test_judge_refuses_anything_but_booleans():
    with pytest.raises(TypeError, match="wants a bool"):
        judge(holds=1)


def _expecting(monkeypatch, claim_id, verdict, today=None):
    c = CATALOG[claim_id]
    monkeypatch.setitem(CATALOG, claim_id, claims.Claim(c.id, c.section, c.text, c.notebook,
                                                        verdict, today))


def test_check_returns_a_card_with_html_and_text(monkeypatch):
    _expecting(monkeypatch, "C21", "holds")
    card = check("C21", judge(holds=True), evidence="y2.grad is None <b>")
    assert card.verdict == "holds"
    assert "C21" in str(card) and "HOLDS" in str(card)
    page = card._repr_html_()
    assert "verdict-holds" in page and "&lt;b&gt;" in page  # evidence is escaped


def test_a_mismatch_raises_with_both_verdicts(monkeypatch):
    _expecting(monkeypatch, "C22", "holds")
    with pytest.raises(VerdictMismatch, match="expected 'holds' but observed 'false'"):
        check("C22", judge(holds=False), evidence="a node with three inputs")


def test_a_claim_without_expected_verdict_raises(monkeypatch):
    _expecting(monkeypatch, "C22", None)
    with pytest.raises(VerdictMismatch, match="no expected verdict yet"):
        check("C22", judge(holds=False), evidence="x")


def test_unknown_claim_id_says_which_ids_exist():
    with pytest.raises(UnknownClaim, match=r"Unknown claim ID 'C99'.*C01 to C27"):
        check("C99", judge(holds=True), evidence="x")


def test_check_refuses_a_typed_in_verdict(monkeypatch):
    _expecting(monkeypatch, "C21", "holds")
    with pytest.raises(TypeError, match="wants the result of judge"):
        check("C21", "holds", evidence="typed in")  # type: ignore[arg-type]


def test_check_records_to_the_ledger_file(monkeypatch, tmp_path):
    ledger = tmp_path / "ledger.jsonl"
    monkeypatch.setenv("BACKWARD_LEDGER", str(ledger))
    monkeypatch.setenv("BACKWARD_NOTEBOOK", "03_example")
    _expecting(monkeypatch, "C21", "holds")
    _expecting(monkeypatch, "C22", "holds")
    check("C21", judge(holds=True), evidence="seen")
    with pytest.raises(VerdictMismatch):
        check("C22", judge(holds=False), evidence="seen too")  # recorded, then raised
    entries = [json.loads(line) for line in ledger.read_text().splitlines()]
    assert [(e["id"], e["verdict"], e["notebook"]) for e in entries] == [
        ("C21", "holds", "03_example"), ("C22", "false", "03_example")]
    assert {"id", "verdict", "notebook", "evidence", "torch"} <= set(entries[0])
