import torch

from helpers.exercises import self_check


def test_a_right_answer_passes(capsys):
    assert self_check(torch.tensor([3.0, 3.0]), torch.tensor([3.0, 3.0]), hint="h")
    assert "Correct" in capsys.readouterr().out


def test_a_wrong_answer_gets_the_hint_not_the_answer(capsys):
    assert not self_check(0.5, 0.125, hint="think of y2")
    out = capsys.readouterr().out
    assert "think of y2" in out and "0.125" not in out


def test_an_untried_exercise_says_so(capsys):
    assert not self_check(..., 4, hint="h")
    assert "Not tried yet" in capsys.readouterr().out


def test_shape_matters_for_tensors():
    assert not self_check(torch.tensor(3.0), torch.tensor([3.0]), hint="h")
