"""Every exercise's attempts, kept out of the notebooks: one module per notebook
(``s04.py`` holds 04.1-04.4), gathered here into ``SOLUTIONS``.

``tests/test_exercises.py`` runs each notebook once and, at each try cell, runs it
untouched, with every wrong attempt and with every right one. The text to replace must occur
exactly once in the exercise's cell (usually a line like ``answer = ...`` or a lone ``...``).
"""

from .attempts import WRONG_KINDS, Solution
from .s01 import SOLUTIONS as S01
from .s02 import SOLUTIONS as S02
from .s03 import SOLUTIONS as S03
from .s04 import SOLUTIONS as S04
from .s05 import SOLUTIONS as S05
from .s06 import SOLUTIONS as S06
from .s07 import SOLUTIONS as S07
from .s08 import SOLUTIONS as S08
from .s09 import SOLUTIONS as S09
from .s10 import SOLUTIONS as S10
from .s12 import SOLUTIONS as S12
from .s13 import SOLUTIONS as S13

SOLUTIONS: dict[str, Solution] = {**S01, **S02, **S03, **S04, **S05, **S06, **S07, **S08,
                                  **S09, **S10, **S12, **S13}

__all__ = ["SOLUTIONS", "WRONG_KINDS", "Solution"]
