"""Reference solutions of every exercise, kept out of the notebooks.

Each entry names the text of the try cell to replace and what to put there: ``wrong`` is a
plausible mistake (it must get the hint), ``right`` the reference solution (it must pass).
The text to replace must occur exactly once in the exercise's cell (usually a line like
``answer = ...`` or a lone ``...``). ``tests/test_exercises.py`` runs each notebook once and,
at each try cell, runs it untouched, with ``wrong`` and with ``right``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Solution:
    """What to replace in the try cell (``placeholder``) for a wrong and a right attempt."""

    placeholder: str
    wrong: str
    right: str


SOLUTIONS: dict[str, Solution] = {
    # == 01 ==
    "01.1": Solution(placeholder="answer = ...", wrong="answer = 2 * c**2 * a.detach()",
                     right="answer = 2 * a.detach() ** 2 * c"),
    "01.2": Solution(placeholder="answer = ...", wrong="answer = True", right="answer = False"),
    "01.3": Solution(placeholder="answer = ...", wrong="answer = True", right="answer = False"),
    "01.4": Solution(placeholder="answer = ...", wrong="answer = False", right="answer = True"),
    # == 02 ==
    # == 03 ==
    # == 04 ==
    # == 05 ==
    # == 06 ==
    # == 07 ==
    # == 08 ==
    # == 09 ==
    # == 10 ==
    # == 11 ==
}
