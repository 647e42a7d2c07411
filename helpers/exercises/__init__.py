"""Exercises for the "try" cells, one module per notebook (``nb04.py`` holds 04.1-04.4).

A notebook's author edits only that notebook's module; ``core`` holds the registry,
``self_check`` and the small tools every check shares. Importing this package registers
every exercise, so ``self_check("04.2", ...)`` works as soon as ``helpers`` is imported.
"""

from helpers.exercises import (
    nb01,
    nb02,
    nb03,
    nb04,
    nb05,
    nb06,
    nb07,
    nb08,
    nb09,
    nb10,
    nb12,
    nb13,
)
from helpers.exercises.core import (
                                    EXERCISES,
                                    NOT_TRIED,
                                    Exercise,
                                    exercise,
                                    fresh_linear,
                                    fresh_tensor,
                                    raises,
                                    refuse_set_grads,
                                    same,
                                    self_check,
)

NOTEBOOK_MODULES = (nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08, nb09, nb10, nb12, nb13)

__all__ = ["EXERCISES", "NOT_TRIED", "NOTEBOOK_MODULES", "Exercise", "exercise", "fresh_linear",
           "fresh_tensor", "raises", "refuse_set_grads", "same", "self_check"]
