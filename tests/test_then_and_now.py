"""The 2017 → today cheat-sheet: its helper classifies honestly, a stale row fails by name,
and notebook 11 has every row the sheet promises."""

import re
import warnings

import pytest

from helpers import i18n
from helpers.then_and_now import (
    OUTCOME_INFO,
    OUTCOMES,
    Sheet,
    SheetOutdated,
    attempt,
    changed,
    did,
    row,
)
from tools.project import NOTEBOOKS

NOTEBOOK = NOTEBOOKS / "11_then_and_now.py"


def raising():
    raise TypeError("backward() got an unexpected keyword argument 'retain_variables'")


def warning():
    warnings.warn("volatile was removed and now has no effect", UserWarning, stacklevel=1)
    return did(False, "y.requires_grad=True")


def ignored():
    return did(False, "nothing happened")


def wrong():
    return did(True, "x.grad = 0.0 (the true gradient is 2.718)", right=False)


def different():
    return changed("p.grad is None")


def working():
    return did(True, "x.grad = [3.0]")


def silent():
    return None


@pytest.mark.parametrize(("fn", "outcome"), [
    (raising, "raises"), (warning, "warns"), (ignored, "silently ignored"),
    (different, "silently changed"), (wrong, "silently wrong"), (working, "works"),
    (silent, "works"),
])
def test_attempt_classifies_each_outcome(fn, outcome):
    assert attempt(fn).outcome == outcome


def test_attempt_keeps_the_message_and_what_was_seen():
    a = attempt(raising)
    assert a.message.startswith("TypeError: ") and "retain_variables" in a.message
    w = attempt(warning)
    assert w.message == "UserWarning: volatile was removed and now has no effect"
    assert w.seen == "y.requires_grad=True"  # a warning does not hide the effect


def test_a_warning_is_caught_even_when_the_caller_filters_warnings_out():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert attempt(warning).outcome == "warns"


def test_a_callable_returning_something_else_is_told_what_to_return():
    with pytest.raises(TypeError, match=r"did\(happened, seen\)"):
        attempt(lambda: True)
    with pytest.raises(TypeError, match="bool"):
        did(1, "one")
    with pytest.raises(TypeError, match=r"right=.*bool"):
        did(True, "one", right=1.0)


def _luminance(colour: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour written #rrggbb."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_each_outcome_has_its_own_colour_with_aa_contrast_on_white():
    colours = [colour for colour, _ in OUTCOME_INFO.values()]
    assert len(set(colours)) == len(colours), "two outcomes share a colour"
    for outcome, (colour, _) in OUTCOME_INFO.items():
        assert 1.05 / (_luminance(colour) + 0.05) >= 4.5, f"{outcome} is below WCAG AA"


def test_a_wrong_result_is_counted_apart_from_working():
    sheet = Sheet()
    sheet.row("y.data", "y.detach()", wrong, working, expect="silently wrong", article="x.data")
    assert sheet.tally()["silently wrong"] == 1 and sheet.tally()["works"] == 0
    with pytest.raises(SheetOutdated, match="silently wrong"):
        row("y.data", "y.detach()", wrong, working, expect="works")


def test_each_row_says_whether_the_article_writes_it():
    ours = row("x.volatile", "no_grad()", warning, working, expect="warns",
               article="x.volatile=True")
    theirs = row("loss.data[0]", "loss.item()", raising, working, expect="raises")
    assert "the article writes x.volatile=True" in ours._repr_html_()
    assert "not in the article" in theirs._repr_html_() and "not in the article" in str(theirs)
    sheet = Sheet()
    sheet.row("loss.data[0]", "loss.item()", raising, working, expect="raises")
    sheet.row("x.volatile", "no_grad()", warning, working, expect="warns", article="volatile")
    compact = sheet.table(compact=True)._repr_html_()  # grouped: the article's rows first
    assert compact.index("article's own") < compact.index("x.volatile") < compact.index(
        "never writes") < compact.index("loss.data[0]")


def test_a_true_row_returns_its_row_and_renders_it():
    r = row("z.backward(retain_variables=True)", "z.backward(retain_graph=True)",
            raising, working, expect="raises", match=r"retain_variables")
    assert r.then.outcome == "raises" and r.now.outcome == "works"
    assert "retain_variables" in r._repr_html_() and "raises" in str(r)


def test_expect_may_list_outcomes_for_releases_that_differ():
    assert row("old", "new", warning, working, expect=("raises", "warns")).then.outcome == "warns"


def test_a_row_whose_old_spelling_stops_failing_raises_naming_the_row():
    with pytest.raises(SheetOutdated) as caught:
        row("loss.data[0]", "loss.item()", working, working, expect="raises")
    text = str(caught.value)
    assert "`loss.data[0]` → `loss.item()`" in text
    assert "'raises'" in text and "works" in text


def test_a_row_whose_message_changed_raises_naming_the_row():
    with pytest.raises(SheetOutdated, match=re.escape("`Variable(x, volatile=True)`")):
        row("Variable(x, volatile=True)", "torch.no_grad()", warning, working,
            expect="warns", match=r"grad_variables")


def test_a_row_whose_new_spelling_fails_raises_naming_the_row():
    with pytest.raises(SheetOutdated, match=r"`old` → `new`.*today's spelling"):
        row("old", "new", raising, ignored, expect="raises")
    with pytest.raises(SheetOutdated, match="today's spelling"):
        row("old", "new", raising, warning, expect="raises")


def test_an_unknown_outcome_is_a_clear_error():
    with pytest.raises(ValueError, match="expect= takes outcomes"):
        row("old", "new", raising, working, expect="fails")


def test_the_sheet_tallies_what_it_ran_and_a_rerun_replaces_its_row():
    sheet = Sheet()
    sheet.row("a", "a2", raising, working, expect="raises")
    sheet.row("b", "b2", warning, working, expect="warns")
    sheet.row("b", "b2", warning, working, expect="warns")  # the cell run again
    sheet.row("c", "c2", different, working, expect="silently changed")
    counts = sheet.tally()
    assert list(counts) == list(OUTCOMES)
    assert counts == {"raises": 1, "warns": 1, "silently ignored": 0,
                      "silently changed": 1, "silently wrong": 0, "works": 0}
    assert sheet.table()._repr_html_().count("<tr>") == 1 + 3  # header and three rows
    assert "silently changed: 1" in str(sheet.summary())


# The ten spellings the sheet must cover: a pattern for each one's 2017 spelling.
ROWS = {
    "Variable(...)": r"Variable\(torch",
    "volatile=True": r"volatile=True",
    "grad_variables=": r"grad_variables=",
    "backward(torch.tensor([1]))": r"backward\(torch\.[tT]ensor\(\[1\]\)\)",
    "loss.data[0]": r"loss\.data\[0\]",
    ".data": r"y\.data",
    "retain_variables=": r"retain_variables=",
    "optimizer.zero_grad()": r"optimizer\.zero_grad\(\)",
    "size_average / reduce": r"size_average=False.*reduce=False",
    "register_backward_hook": r"register_backward_hook",
}


def test_notebook_11_has_all_ten_rows():
    text = NOTEBOOK.read_text(encoding="utf-8")
    calls = re.findall(r'^sheet\.row\(\s*"([^"]*)"', text, re.MULTILINE)
    assert len(calls) == len(set(calls)) >= 10, calls
    for name, pattern in ROWS.items():
        assert any(re.search(pattern, old) for old in calls), f"no row for {name}: {calls}"
    expects = re.findall(r'expect="([^"]+)"', text)
    assert len(expects) == len(calls) and set(expects) <= set(OUTCOMES)
    # every row says whose spelling it is: the article's (as it writes it) or None
    assert len(re.findall(r"\barticle=", text)) == len(calls), "a row lacks article=..."


def test_a_part_shows_only_its_rows_and_an_unknown_part_is_named():
    sheet = Sheet()
    sheet.part("flags")
    sheet.row("Variable(x)", "x", working, working, expect="works")
    sheet.part("loop")
    sheet.row("zero_grad()", "zero_grad()", different, working, expect="silently changed")
    flags = sheet.table(part="flags")
    assert [r.old for r in flags.rows] == ["Variable(x)"]
    assert "silently changed" not in flags._repr_html_()
    compact = sheet.table(compact=True)._repr_html_()
    assert "x.grad = [3.0]" not in compact and "silently changed" in compact
    with pytest.raises(ValueError, match="no part 'nope'.*'flags', 'loop'"):
        sheet.table(part="nope")


def test_a_warning_that_comes_with_no_effect_says_so():
    def warned_and_ignored():
        warnings.warn("volatile was removed", UserWarning, stacklevel=1)
        return did(False, "y still requires grad")

    def warned_and_working():
        warnings.warn("grad_variables is deprecated", FutureWarning, stacklevel=1)
        return did(True, "x.grad = [3.0]")

    ignored_row = row("x.volatile", "no_grad()", warned_and_ignored, working, expect="warns")
    assert ignored_row.then.also == "and has no effect"
    assert "warns</span> and has no effect" in ignored_row.cells(compact=True)
    assert row("v", "t", warned_and_working, working, expect="warns").then.also == ""


# --- in Chinese (setup(lang="zh")): the sheet's words; the outcome keys stay English ---------

def test_in_chinese_the_sheet_speaks_chinese_and_keeps_its_keys():
    with i18n.speaking("zh"):
        sheet = Sheet()
        sheet.row("x.volatile", "no_grad()", warning, working, expect="warns",
                  article="volatile=True")
        sheet.row("loss.data[0]", "loss.item()", raising, working, expect="raises")
        sheet.row("y.data", "y.detach()", wrong, working, expect="silently wrong")
        full, compact = sheet.table()._repr_html_(), sheet.table(compact=True)._repr_html_()
        text, summary = str(sheet.table()), str(sheet.summary())
        summary_page = sheet.summary()._repr_html_()
    assert sheet.tally()["warns"] == 1 and sheet.rows["y.data"].then.outcome == "silently wrong"
    assert sheet.rows["x.volatile"].then.also == "and has no effect"  # kept English, shown zh
    for words in ("2017 年的写法", "今天的写法及其运行结果", "警告</span>，并且没有效果",
                  "报错", "悄悄出错", "文章中写作 volatile=True", "在 torch"):
        assert words in full, words
    assert "文章自己的写法" in compact and "文章没有写到的同时代写法" in compact
    assert "今天的 PyTorch：警告，并且没有效果" in text and "今天：no_grad()" in text
    assert "悄悄出错：1（悄无声息地运行，给出的结果却是错的）" in summary
    assert "含义" in summary_page and "仍然可用" in summary_page
    assert "<code>x.volatile</code>" in full  # the spellings stay code
    assert "TypeError: backward() got an unexpected keyword" in full  # PyTorch's words stay
    for english in ("spelling", "silently", "today", "the article", "observed on", "works"):
        assert english not in full + compact + text + summary + summary_page, english


def test_the_chinese_tally_lines_up_in_a_terminal():
    with i18n.speaking("zh"):
        lines = str(Sheet().summary()).splitlines()
    ends = {line.index("：") + sum(ord(c) > 0x2E80 for c in line[:line.index("：")])
            for line in lines}
    assert len(ends) == 1, lines  # every outcome word ends in the same column
