"""Attempts at the exercises of notebook 09: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "09.1": Solution(placeholder="...  # freeze model[0] here",
                     misconception="model[0].weight.requires_grad = False",
                     right="model[0].requires_grad_(False)"),
}
