"""The pictures the notebooks draw do not change by accident (issue 21).

tests/golden/NN.json holds the DOT of every graph notebook NN draws and every picture of its
steppers, recorded by ``python -m tests.golden.record NN --write``; each test here runs the
notebook again, in its own process, and compares the two byte for byte.
"""

import subprocess
import sys

import pytest

from tests.golden.record import GOLDEN, ROOT

NUMBERS = sorted(p.stem for p in GOLDEN.glob("[0-9][0-9].json"))


def test_every_notebook_has_a_recording():
    notebooks = sorted(p.name[:2] for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    assert NUMBERS == notebooks


@pytest.mark.notebook
@pytest.mark.parametrize("number", NUMBERS)
def test_a_notebook_draws_what_it_drew(number):
    run = subprocess.run([sys.executable, "-m", "tests.golden.record", number], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    fresh = run.stdout
    recorded = (GOLDEN / f"{number}.json").read_text(encoding="utf-8")
    assert fresh == recorded, (
        f"notebook {number} draws something else than tests/golden/{number}.json: if the "
        f"notebook changed on purpose, run `python -m tests.golden.record {number} --write` "
        "and read the diff")
