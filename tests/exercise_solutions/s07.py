"""Attempts at the exercises of notebook 07: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "07.1": Solution(placeholder="t = ...  # twice the sum of a, from a graph that saves no tensor",
                     misconception="t = (2 * a).sum()", right="t = (a + a).sum()"),
    "07.2": Solution(placeholder="handle = ...  # a hook on layer 1's weight that appends to calls",
                     misconception=(
                         "handle = head.weight.register_hook(lambda grad: calls.append(1))"),
                     right="handle = trunk[0].weight.register_hook(lambda grad: calls.append(1))"),
    "07.3": Solution(placeholder="...  # this micro-batch's backward(), scaled as it must be",
                     misconception="(loss / 2).backward()", right="loss.backward()"),
    "07.4": Solution(placeholder="only3 = ...  # an SGD optimizer (lr=0.1) over layer 3 only",
                     misconception="only3 = torch.optim.SGD(fresh.parameters(), lr=0.1)",
                     right="only3 = torch.optim.SGD(fresh[4].parameters(), lr=0.1)"),
}
