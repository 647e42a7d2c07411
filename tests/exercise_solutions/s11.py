"""Attempts at the exercises of notebook 11: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "11.1": Solution(
        placeholder="train_step = ...  # your repaired copy: def train_step(cell, opt, h, x, "
                    "target): ...",
        misconception="""def train_step(cell, opt, h, x, target):
    h = torch.tanh(cell(torch.cat([x, h])))
    loss = ((h - target) ** 2).mean()
    opt.zero_grad()
    loss.backward(retain_graph=True)
    opt.step()
    return h, loss""",
        right="""def train_step(cell, opt, h, x, target):
    h = torch.tanh(cell(torch.cat([x, h.detach()])))
    loss = ((h - target) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    return h, loss"""),
    "11.2": Solution(
        placeholder="loss_fn = ...  # your repair: def loss_fn(model, x, y): ...",
        misconception="""def loss_fn(model, x, y):
    loss = torch.tensor((model(x) - y).abs().mean().item())
    loss.requires_grad = True
    return loss""",
        right="""def loss_fn(model, x, y):
    return (model(x) - y).abs().mean()"""),
    "11.3": Solution(
        placeholder="sgd_step = ...  # your repair: def sgd_step(params, lr): ...",
        misconception="""def sgd_step(params, lr):
    for p in params:
        p = p - lr * p.grad""",
        right="""def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad"""),
    "11.4": Solution(
        placeholder="second_derivative = ...  # your repair: def second_derivative(f, x): ...",
        misconception="""def second_derivative(f, x):
    g, = torch.autograd.grad(f(x).sum(), x)
    return torch.autograd.grad(g.sum(), x)[0]""",
        right="""def second_derivative(f, x):
    g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    if g.grad_fn is None:  # a constant first derivative: nothing left to differentiate
        return torch.zeros_like(x)
    return torch.autograd.grad(g.sum(), x)[0]"""),
}
