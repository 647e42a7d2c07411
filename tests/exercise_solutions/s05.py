"""Attempts at the exercises of notebook 05: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "05.1": Solution(
        placeholder="return ...  # a tensor built for this y",
        # one weight per column, as if v weighted columns rather than y's elements
        misconception="return torch.tensor([0.0, 1.0])",
        # a backward of its own for the column, and a v that adds nothing to it
        shortcut="y[:, 1].sum().backward(retain_graph=True)\n    return torch.zeros_like(y)",
        # the right v typed in for the cell's three rows
        lucky="return torch.tensor([[0.0, 1.0]] * 3)",
        right="v = torch.zeros_like(y)\n    v[:, 1] = 1\n    return v",
        alternatives=(
            "return torch.tensor([0.0, 1.0]).expand_as(y)",
            "return torch.stack([torch.zeros_like(y[:, 0]), torch.ones_like(y[:, 1])], dim=1)",
            "v = torch.zeros(y.shape)\n    v[:, -1] = 1.0\n    return v",
        ),
        also_wrong=("v = torch.zeros_like(y)\n    v[1] = 1\n    return v",
                    "return torch.ones_like(y)"),
    ),
    "05.2": Solution(
        placeholder="return ...  # a tensor made for this loss",
        # the article's habit: a one-element gradient of shape (1,), refused for a 0-dim loss
        misconception="return torch.tensor([0.5])",
        # halving the loss and running backward itself, instead of passing a gradient
        shortcut="(loss / 2).backward()\n    return torch.zeros_like(loss)",
        # right only for the cell's shape-() loss
        lucky="return torch.tensor(0.5)",
        right="return torch.full_like(loss, 0.5)",
        alternatives=("return 0.5 * torch.ones_like(loss)",
                      "return loss.new_full(loss.shape, 0.5)",
                      "return torch.tensor(0.5).expand_as(loss)"),
        also_wrong=("return torch.full_like(loss, 2.0)", "return 0.5"),
    ),
    "05.3": Solution(
        placeholder="return ...  # built from nn.MSELoss",
        # 'mean' is taken for a mean over samples
        misconception="return nn.MSELoss()(a, b)",
        # the right number, but as a constant: no gradient reaches a
        shortcut="return torch.tensor(nn.MSELoss(reduction='sum')(a, b).item() / len(a))",
        # the cell's four samples, typed in
        lucky="return nn.MSELoss(reduction='sum')(a, b) / 4",
        right="return nn.MSELoss(reduction='sum')(a, b) / a.shape[0]",
        alternatives=("return nn.MSELoss(reduction='none')(a, b).sum(dim=1).mean()",
                      "return nn.MSELoss()(a, b) * a.shape[1]",
                      "return nn.MSELoss(reduction='sum')(a, b) / len(a)"),
        also_wrong=("return nn.MSELoss()(a, b) * 3",),
    ),
}
