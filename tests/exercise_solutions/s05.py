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
            "return nn.functional.one_hot(torch.ones(len(y), dtype=torch.long), 2)",
            "return torch.zeros_like(y).index_fill(1, torch.tensor([1]), 1.0)",
            # autograd's own gradient of the column sum with respect to y
            "return torch.autograd.grad(y[:, 1].sum(), y, retain_graph=True)[0]",
            "return torch.tensor([0.0, 1.0]).expand_as(y)",
            "return torch.stack([torch.zeros_like(y[:, 0]), torch.ones_like(y[:, 1])], dim=1)",
            "v = torch.zeros(y.shape)\n    v[:, -1] = 1.0\n    return v",
        ),
        also_wrong=("v = torch.zeros_like(y)\n    v[1] = 1\n    return v",
                    "return torch.ones_like(y)",
                    # the first column zeroed in y itself, then ones everywhere
                    "y[:, 0] = 0\n    return torch.ones_like(y)"),
    ),
    "05.2": Solution(
        placeholder="return ...  # a tensor made for these losses",
        # one number for them all, as if backward broadcast the gradient
        misconception="return torch.tensor(1 / losses.numel())",
        # the mean's backward run by the function itself, and a gradient that adds nothing
        shortcut="losses.mean().backward()\n    return torch.zeros_like(losses)",
        # the cell's three losses typed in
        lucky="return torch.full_like(losses, 1 / 3)",
        right="return torch.ones_like(losses) / losses.numel()",
        alternatives=("return torch.full_like(losses, 1 / losses.numel())",
                      "return losses.new_full(losses.shape, 1.0 / torch.numel(losses))",
                      "return torch.ones(losses.shape) / losses.numel()",
                      "return torch.ones_like(losses) / len(losses.flatten())",
                      "return torch.ones_like(losses) / losses.nelement()",
                      # autograd's own gradient of the mean with respect to the losses
                      "return torch.autograd.grad(losses.mean(), losses, retain_graph=True)[0]"),
        # the sum's gradient; and a mean over the first dimension only
        also_wrong=("return torch.ones_like(losses)",
                    # the losses divided in place, then ones: the mean made in the output
                    "losses.div_(losses.numel())\n    return torch.ones_like(losses)",
                    "return torch.full_like(losses, 1 / len(losses)) if losses.dim() else "
                    "torch.ones_like(losses)"),
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
                      "return nn.MSELoss(reduction='sum')(a, b) / len(a)",
                      "return nn.functional.mse_loss(a, b, reduction='sum') / a.size(0)",
                      "return nn.MSELoss()(a, b) * a.numel() / len(a)"),
        also_wrong=("return nn.MSELoss()(a, b) * 3",
                    # the squared errors written out by hand, bypassing nn.MSELoss
                    "return ((a - b) ** 2).sum(dim=1).mean()"),
    ),
}
