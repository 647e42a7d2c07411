"""Attempts at the exercises of notebook 05: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "05.1": Solution(placeholder="...  # your y.backward(v) here",
                     misconception="y.backward(torch.ones(2))",
                     right="y.backward(torch.tensor([0.0, 1.0]))"),
    "05.2": Solution(placeholder="...  # your loss.backward(...) here",
                     misconception="loss.backward(torch.tensor(2.0))",
                     right="loss.backward(torch.tensor(0.5))"),
    "05.3": Solution(placeholder="loss = ...  # one number: the per-sample mean described above",
                     misconception="loss = nn.MSELoss()(a, b)",
                     right="loss = nn.MSELoss(reduction='sum')(a, b) / a.shape[0]"),
}
