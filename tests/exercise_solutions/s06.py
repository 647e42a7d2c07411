"""Attempts at the exercises of notebook 06: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "06.1": Solution(placeholder="loss = ...  # the value of (a * b + a * a).sum(); its a * b "
                                 "term sends a nothing",
                     misconception="loss = ((a * b).detach() + a * a).sum()",
                     right="loss = (a.detach() * b + a * a).sum()"),
    "06.2": Solution(placeholder="snapshot = ...  # x's values, out of reach of later in-place "
                                 "changes to x, no history",
                     misconception="snapshot = x.detach()", right="snapshot = x.detach().clone()"),
    "06.3": Solution(placeholder="d = ...  # copy h's values, then add 1 to the copy in place",
                     misconception="d = h.data; d.add_(1)",
                     right="d = h.detach().clone(); d.add_(1)"),
    "06.4": Solution(placeholder="return ...  # one expression",
                     misconception="return p[0:2].detach_()", right="return p[0:2].detach()"),
}
