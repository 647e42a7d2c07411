"""What one exercise's attempts are: the reference solution, the wrong attempts of every kind,
and the other right answers a competent learner might write."""

from __future__ import annotations

from dataclasses import dataclass

# The three kinds of wrong attempt every exercise must reject (CONTRIBUTING.md, "Exercises"):
WRONG_KINDS = {
    "misconception": "the mistake the exercise is about",
    "shortcut": "the checked state without the taught mechanism (a .grad written by hand, a "
                ".data update, a forged hook, a new constant instead of the asked operation)",
    "lucky": "right only on the cell's own numbers: the check must rerun the learner's work "
             "on fresh inputs",
}


@dataclass(frozen=True)
class Solution:
    """What to put in place of ``placeholder`` in the try cell, attempt by attempt.

    ``right`` is the reference solution; ``alternatives`` are other right answers, which must
    pass too. ``misconception``, ``shortcut`` and ``lucky`` are the three kinds of wrong
    attempt (``WRONG_KINDS``); ``also_wrong`` holds any further wrong attempts. Each wrong one
    must get the hint and no pass. The placeholder must occur exactly once in its cell.
    """

    placeholder: str
    right: str
    misconception: str
    shortcut: str = ""
    lucky: str = ""
    alternatives: tuple[str, ...] = ()
    also_wrong: tuple[str, ...] = ()

    def wrong_attempts(self) -> dict[str, str]:
        """Every wrong attempt, by a name that says its kind ("shortcut", "also_wrong 2")."""
        named = {kind: getattr(self, kind) for kind in WRONG_KINDS if getattr(self, kind)}
        named.update({f"also_wrong {i + 1}": src for i, src in enumerate(self.also_wrong)})
        return named

    def right_attempts(self) -> dict[str, str]:
        """The reference and every right alternative, by name."""
        return {"right": self.right,
                **{f"alternative {i + 1}": src for i, src in enumerate(self.alternatives)}}

    def missing_kinds(self) -> list[str]:
        """The kinds of wrong attempt this exercise does not have yet."""
        return [kind for kind in WRONG_KINDS if not getattr(self, kind).strip()]
