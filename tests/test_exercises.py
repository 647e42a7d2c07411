"""Every exercise teaches: untouched it is "not tried", every wrong attempt (the
misconception, a shortcut, one right only on the cell's own numbers, and any more) gets the
hint, the reference solution and every right alternative pass, and no notebook shows an
expected answer.

The notebook-level test runs each notebook that has try cells once, in one kernel; at every
try cell it runs the cell once untouched and once per attempt before going on.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

import nbformat
import pytest
import torch
from nbclient import NotebookClient

from helpers.exercises import EXERCISES, NOT_TRIED, exercise, same, self_check
from helpers.i18n import speaking, tr
from tests.exercise_solutions import SOLUTIONS, WRONG_KINDS
from tools.project import ROOT, languages, notebook_paths

CALL = re.compile(r"""self_check\(\s*["'](\d\d\.\d+)["']""")


def try_cells(path: Path) -> dict[str, nbformat.NotebookNode]:
    """Exercise ID -> the code cell that checks it."""
    nb = nbformat.read(path, as_version=4)
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            for exercise_id in CALL.findall(cell.source):
                assert exercise_id not in found, f"{path.stem}: {exercise_id} checked twice"
                found[exercise_id] = cell
    return found


# Every language's notebooks: a translation runs the same exercises, in its own words.
NOTEBOOKS_WITH_EXERCISES = [(lang, p) for lang in languages()
                            for p in notebook_paths(lang=lang) if try_cells(p)]


def placed(placeholder: str, source: str) -> str:
    """The placeholder as the cell writes it: itself, or in a translation the same line of
    code with its comment in the notebook's language ("return ...  # 你的代码")."""
    if placeholder in source:
        return placeholder
    code = placeholder.split("  #", 1)[0]  # the code, wherever it starts on its line
    found = []
    for line in source.splitlines():
        at = line.find(code)
        rest = line[at + len(code):] if at >= 0 else None
        if rest is not None and (rest == "" or rest.startswith("  #")):
            found.append(line[at:])  # the code and its comment in the notebook's language
    return found[0] if len(found) == 1 else placeholder


# --- the checker itself -------------------------------------------------------------------

@pytest.fixture
def probe():
    """A throwaway exercise "99.1": doubling is right, zero is wrong, None is untouched."""
    exercise("99.1", hint="think of doubling")(lambda answer: None if answer is None
                                               else same(answer, 2.0))
    yield "99.1"
    del EXERCISES["99.1"]


def test_the_checker_prints_pass_hint_or_not_tried(probe, capsys):
    for work, expected in ((..., NOT_TRIED), (None, NOT_TRIED), (2.0, "✅ Correct."),
                           (0.0, "❌ Not yet. Hint: think of doubling")):
        assert self_check(probe, answer=work) is None  # nothing extra shows in a cell
        assert capsys.readouterr().out.strip() == expected


def test_a_check_that_raises_gives_the_hint_and_the_reason(probe, capsys):
    self_check(probe, answer="two")
    out = capsys.readouterr().out
    assert "Not yet" in out and "think of doubling" in out and "Correct" not in out


def test_an_unknown_exercise_is_named():
    with pytest.raises(KeyError, match="No exercise '42.1'"):
        self_check("42.1", answer=1)


def test_same_compares_tensors_by_shape_and_value():
    assert same(torch.tensor([3.0]), torch.tensor([3.0]))
    assert not same(torch.tensor(3.0), torch.tensor([3.0]))
    assert same(0.12500001, 0.125) and not same(True, 1)


# --- the registry, the notebooks and the solutions agree ----------------------------------

def test_every_exercise_in_a_notebook_is_registered_and_has_a_solution():
    in_notebooks = {i for p in notebook_paths() for i in try_cells(p)}
    assert in_notebooks <= set(EXERCISES), f"not registered: {in_notebooks - set(EXERCISES)}"
    assert set(EXERCISES) - {"99.1"} <= in_notebooks, "registered but in no notebook"
    assert in_notebooks == set(SOLUTIONS), (
        f"no solution: {in_notebooks - set(SOLUTIONS)}; "
        f"solution without exercise: {set(SOLUTIONS) - in_notebooks}")


def test_each_solution_names_text_found_once_in_its_cell():
    for lang, path in NOTEBOOKS_WITH_EXERCISES:
        for exercise_id, cell in try_cells(path).items():
            solution = SOLUTIONS[exercise_id]
            placeholder = placed(solution.placeholder, cell.source)
            assert cell.source.count(placeholder) == 1, (
                f"{lang}/{exercise_id}: {solution.placeholder!r} should occur once in its cell")
            rights = set(solution.right_attempts().values())
            assert not rights & set(solution.wrong_attempts().values()), (
                f"{exercise_id}: an attempt is listed as both right and wrong")


def test_every_exercise_has_a_wrong_attempt_of_every_kind():
    missing = {i: s.missing_kinds() for i, s in sorted(SOLUTIONS.items()) if s.missing_kinds()}
    assert not missing, ("each exercise needs a wrong attempt of each kind "
                         f"({', '.join(WRONG_KINDS)}); missing: {missing}")


# --- run them: untouched, wrong, right ------------------------------------------------------

def run_variant(client: NotebookClient, cell, index: int, source: str) -> str:
    attempt = copy.deepcopy(cell)
    attempt.source = source
    attempt.outputs = []
    client.execute_cell(attempt, index)
    return "".join(o.get("text", "") for o in attempt.outputs if o.output_type == "stream")


@pytest.mark.parametrize("lang, path", NOTEBOOKS_WITH_EXERCISES,
                         ids=[f"{lang}-{p.stem}" for lang, p in NOTEBOOKS_WITH_EXERCISES])
@pytest.mark.notebook
def test_exercises_untouched_wrong_and_solved(lang, path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    failures = []
    env = dict(os.environ, PYTHONPATH=str(ROOT), BACKWARD_LEDGER="")
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            ids = CALL.findall(cell.source)
            if not ids:
                client.execute_cell(cell, index)
                continue
            (exercise_id,) = ids
            solution = SOLUTIONS[exercise_id]
            with speaking(lang):  # what the learner reads, in the notebook's language
                hint, correct = tr(EXERCISES[exercise_id].hint), tr("✅ Correct.")
                not_tried = tr(NOT_TRIED)
            placeholder = placed(solution.placeholder, cell.source)
            untouched = run_variant(client, cell, index, cell.source)
            if not_tried not in untouched:
                failures.append(f"{exercise_id} untouched: {untouched!r}")
            for kind, attempt in solution.wrong_attempts().items():
                out = run_variant(client, cell, index, cell.source.replace(placeholder, attempt))
                if correct in out or hint not in out:
                    failures.append(f"{exercise_id} wrong attempt ({kind}) passed or got no "
                                    f"hint: {out!r}")
            for kind, attempt in solution.right_attempts().items():
                out = run_variant(client, cell, index, cell.source.replace(placeholder, attempt))
                if correct not in out:
                    failures.append(f"{exercise_id} {kind} solution did not pass: {out!r}")
    assert not failures, f"{lang}/{path.stem}:\n" + "\n".join(failures)
