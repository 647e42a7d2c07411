"""The ledger: catalog, judge, check, the card, and what lands in the ledger file."""

import json
import re
from pathlib import Path

import pytest

from helpers import claims, i18n
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


def _luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2's relative luminance of an sRGB colour, channels 0 to 255."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in (x / 255 for x in rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("verdict", claims.VERDICTS)
def test_each_verdict_word_is_aa_on_its_card_s_tint(verdict):
    card = claims.VerdictCard(CATALOG["C21"], verdict, verdict, "why", "seen")._repr_html_()
    tint = re.search(r"background:#(\w{6})(\w{2})", card)
    word = re.search(r'<span style="color:#(\w{6})', card)
    assert tint and word and word[1] == tint[1] == claims.VERDICT_INFO[verdict].colour[1:]
    colour = [int(word[1][i:i + 2], 16) for i in (0, 2, 4)]
    alpha = int(tint[2], 16) / 255  # the tint over the white of a notebook's output
    background = [round(c * alpha + 255 * (1 - alpha)) for c in colour]
    lighter, darker = sorted((_luminance(background), _luminance(colour)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5, f"{verdict} is below WCAG AA on its card"


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


def test_every_verdict_in_the_notebooks_is_judged_from_what_ran():
    """No `judge(...)` in a notebook takes a literal (`holds=True`), and every `check(...)`
    gets the result of `judge`: a verdict that cannot come out otherwise is not computed."""
    import ast

    from tools.project import notebook_paths

    found, literals = 0, []
    for path in notebook_paths():
        tree = ast.parse(path.with_suffix(".py").read_text(encoding="utf-8"))
        judged = {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                  and isinstance(node.value, ast.Call)
                  and getattr(node.value.func, "id", "") == "judge"
                  for t in node.targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", "")
            if name == "judge":
                literals += [f"{path.stem}:{node.lineno} {kw.arg}" for kw in node.keywords
                             if isinstance(kw.value, ast.Constant)]
            elif name == "check" and len(node.args) >= 2:
                found += 1
                observed = node.args[1]
                assert (isinstance(observed, ast.Name) and observed.id in judged) or (
                    isinstance(observed, ast.Call) and getattr(observed.func, "id", "") == "judge"
                ), f"{path.stem}:{node.lineno}: check() must get judge(...)'s result"
    assert literals == [], f"judge() given a literal: {literals}"
    assert found == len(CATALOG)  # every claim is checked once, from a judged observation


# --- in Chinese (setup(lang="zh")): the words a reader sees; the keys and the ledger stay -----

ZH_WORDS = {"holds": "成立", "partly": "部分成立", "outdated": "已过时", "false": "错误"}


@pytest.mark.parametrize("verdict", claims.VERDICTS)
def test_in_chinese_a_card_shows_the_chinese_verdict_word_and_claim(verdict):
    c = CATALOG["C22"]
    with i18n.speaking("zh"):
        zh_text = i18n.tr(c.text)
        card = claims.VerdictCard(c, verdict, verdict, judge(holds=False).reason, "看到的")
        text, page = str(card), card._repr_html_()
    assert zh_text == "计算图本质上是一棵二叉树。" != c.text
    word = ZH_WORDS[verdict]
    assert f"结论：{word}（" in text and f"论断：{zh_text}" in text
    assert f">{word}</span>" in page and zh_text in page and "论断：" in page
    assert f"verdict-{verdict}" in page  # the key stays English in the markup
    for english in ("verdict:", "Claim:", "Evidence:", "Why this verdict", "observed on"):
        assert english not in text + page
    assert "观察结果与论断相矛盾" in text  # judge()'s reason, in the language spoken
    assert claims.verdict_word(verdict) == verdict and verdict.upper() in str(card)


def test_every_claim_has_its_chinese_text():
    with i18n.speaking("zh"):
        texts = [i18n.tr(c.text) for c in CATALOG.values()]
    assert all(t != c.text for t, c in zip(texts, CATALOG.values(), strict=True))
    assert len(set(texts)) == len(CATALOG)


def test_an_outdated_reason_says_its_rule_in_chinese():
    with i18n.speaking("zh"):
        seen = {kw: judge(holds=h, exception=e, changed_since_2017=True).reason
                for kw, (h, e) in {"holds": (True, False), "partly": (True, True),
                                   "false": (False, False)}.items()}
    assert seen["holds"].endswith("它的规则成立") and seen["partly"].endswith("它的规则部分成立")
    assert seen["false"].endswith("它的规则不成立")


def test_a_check_gets_the_same_verdict_and_ledger_entry_in_both_languages(monkeypatch, tmp_path):
    """The zh build's claims.json must equal the English one's, but for the evidence a
    notebook passes (free text, in the notebook's language)."""
    ledger = tmp_path / "ledger.jsonl"
    monkeypatch.setenv("BACKWARD_LEDGER", str(ledger))
    monkeypatch.setenv("BACKWARD_NOTEBOOK", "04_leaf_and_intermediate_grads")
    cases = [("C21", {"holds": True}, ("holds",)),
             ("C19", {"holds": True, "changed_since_2017": True}, ("outdated", "holds"))]
    for claim_id, observed, catalogued in cases:
        _expecting(monkeypatch, claim_id, *catalogued)
        english = check(claim_id, judge(**observed), evidence="y2.grad is None")
        with i18n.speaking("zh"):
            chinese = check(claim_id, judge(**observed), evidence="y2.grad 为 None")
        assert (english.verdict, english.today) == (chinese.verdict, chinese.today)
    entries = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines()]
    for en, zh in zip(entries[::2], entries[1::2], strict=True):
        assert en.pop("evidence") == "y2.grad is None" and zh.pop("evidence") == "y2.grad 为 None"
        assert en == zh


def test_a_mismatch_speaks_chinese_and_names_the_keys(monkeypatch):
    _expecting(monkeypatch, "C22", "holds")
    with i18n.speaking("zh"), pytest.raises(VerdictMismatch, match="预期结论为 'holds'.*'false'"):
        check("C22", judge(holds=False), evidence="一个节点有三个输入")


def test_the_claim_map_in_chinese(tmp_path):
    with i18n.speaking("zh"):
        page = claims.claim_map_html(tmp_path / "claims.json")
    assert "没有找到本合集的构建结果（claims.json）" in page
    assert "条成立</span>、" in page and "条错误</span>。" in page
    assert '<th style="text-align:left">论断</th>' in page and "计算图本质上是一棵二叉树。" in page
    assert ">错误<" in page and '<a href="04_leaf_and_intermediate_grads.ipynb">' in page
    assert "Together" not in page and "No build" not in page
