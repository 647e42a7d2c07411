import torch

from helpers.exercises import self_check


def feedback(capsys, answer, expected, hint="h") -> str:
    assert self_check(answer, expected, hint=hint) is None  # nothing extra shows in a cell
    return capsys.readouterr().out


def test_a_right_answer_passes(capsys):
    assert "Correct" in feedback(capsys, torch.tensor([3.0, 3.0]), torch.tensor([3.0, 3.0]))


def test_a_wrong_answer_gets_the_hint_not_the_answer(capsys):
    out = feedback(capsys, 0.5, 0.125, hint="think of y2")
    assert "think of y2" in out and "0.125" not in out and "Correct" not in out


def test_an_untried_exercise_says_so(capsys):
    assert "Not tried yet" in feedback(capsys, ..., 4)


def test_shape_matters_for_tensors(capsys):
    assert "Not yet" in feedback(capsys, torch.tensor(3.0), torch.tensor([3.0]))


def test_a_float_within_tolerance_passes(capsys):
    assert "Correct" in feedback(capsys, 0.12500001, 0.125)
