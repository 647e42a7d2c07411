"""helpers.render: the one fitting ladder and the DOT defaults every view shares."""

from helpers.render import FRAME, PAGE, Budget, dot_label, fit, rank_same


def test_fit_keeps_the_first_candidate_that_fits_its_budget():
    sizes = {"a": (1000.0, 100.0), "b": (800.0, 400.0), "c": (10.0, 10.0)}
    tried = []

    def lay_out(c):
        tried.append(c)
        return sizes[c], f"layout {c}"

    assert fit(["a", "b", "c"], lay_out, PAGE) == (1, ["layout a", "layout b"])
    assert tried == ["a", "b"]  # the ladder stops at the first fit
    assert fit(["a", "b"], lay_out, Budget(5, 5)) == (None, ["layout a", "layout b"])
    assert fit(["a"], lay_out, FRAME)[0] == 0  # a frame has more room than a page


def test_without_dot_the_first_candidate_counts_as_fitting():
    assert fit(["a", "b"], lambda c: (None, c), PAGE) == (0, ["a"])


def test_dot_text():
    assert dot_label("a\\b\nc") == "a\\\\b\\nc"
    assert rank_same("x", "Mul:0", tab="\t") == '\t{rank=same; x; "Mul:0"}\n'
