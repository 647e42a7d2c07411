"""Attempts at the exercises of notebook 08: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "08.1": Solution(placeholder="...  # one call on outputs1 here",
                     misconception="outputs1 = outputs1.detach().requires_grad_()",
                     right="outputs1.retain_grad()"),
    "08.2": Solution(
        placeholder="make_optimizer = ...  # def make_optimizer(ps): ... return "
                    "torch.optim.Adam(...)",
        misconception="""def make_optimizer(ps):  # expecting Adam's two buffers to tie the tensors
    return torch.optim.Adam(ps, lr=1e-3)""",
        right="""def make_optimizer(ps):
    ps = list(ps)  # in chain order: the first four belong to whichever network comes first
    return torch.optim.Adam([{"params": ps[:4], "lr": 1e-4}, {"params": ps[4:]}], lr=1e-3)"""),
}
