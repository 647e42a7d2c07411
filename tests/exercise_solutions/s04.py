"""Attempts at the exercises of notebook 04: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "04.1": Solution(placeholder="...  # give one leaf a new value here",
                     misconception="w2 = torch.tensor([-2.0], requires_grad=True)",
                     right="w1 = torch.tensor([2.0], requires_grad=True)"),
    "04.2": Solution(placeholder="...  # make autograd keep q's gradient here",
                     misconception="q.register_hook(lambda grad: grad)", right="q.retain_grad()"),
    "04.3": Solution(placeholder="...  # register your clipping hook on h here",
                     misconception="h.register_hook(lambda grad: print(grad.clamp(-1, 1)))",
                     right="h.register_hook(lambda grad: grad.clamp(-1, 1))"),
    "04.4": Solution(placeholder="four = ...", misconception="four = torch.stack([p, q, r])",
                     right="four = torch.cat([p, q, r, p * 2])"),
}
