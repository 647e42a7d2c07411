"""Attempts at the exercises of notebook 01: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "01.1": Solution(placeholder="loss = ...  # your lines: loss from a and c, and backward(), "
                                 "with c taking part",
                     misconception=(
                         "loss = ((a * c) ** 2).sum()\nc.requires_grad_()\nloss.backward()"),
                     right="c.requires_grad_()\nloss = ((a * c) ** 2).sum()\nloss.backward()"),
    "01.2": Solution(placeholder="ones = ...", misconception="ones = src.new_ones(2)",
                     right="ones = src.new_ones(2, requires_grad=True)"),
    "01.3": Solution(placeholder="r = ...", misconception="r = torch.where(x > 0, 1.0, 0.0)",
                     right="r = torch.where(x > 0, x, 0.0)"),
    "01.4": Solution(placeholder="...  # your line(s): q must stop requiring grad, p must "
                                 "keep requiring it",
                     misconception="p.requires_grad_(False)", right="q = q.detach()"),
}
