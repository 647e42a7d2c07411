"""Attempts at the exercises of notebook 13: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "13.1": Solution(
        placeholder="gradient_penalty = ...  # def gradient_penalty(model, x): ...",
        # the gradient computed outside any graph
        misconception="""def gradient_penalty(model, x):
    x.requires_grad_()
    g, = torch.autograd.grad(model(x).sum(), x)
    return (g ** 2).sum()""",
        # a graph forged afterwards: it ends at g and never reaches the weights
        shortcut="""def gradient_penalty(model, x):
    x.requires_grad_()
    g, = torch.autograd.grad(model(x).sum(), x)
    g.requires_grad_()
    return (g ** 2).sum()""",
        # right for the cell's nn.Linear, whose input gradient is its weight on every row
        lucky="""def gradient_penalty(model, x):
    return len(x) * (model.weight ** 2).sum()""",
        right="""def gradient_penalty(model, x):
    x = x.clone().requires_grad_()
    g, = torch.autograd.grad(model(x).sum(), x, create_graph=True)
    return (g ** 2).sum()""",
        alternatives=(
            """def gradient_penalty(model, x):
    x.requires_grad_(True)
    out = model(x)
    g, = torch.autograd.grad(out, x, grad_outputs=torch.ones_like(out), create_graph=True)
    return g.norm(dim=1).pow(2).sum()""",
            """def gradient_penalty(model, x):
    x = x.detach().requires_grad_()
    model(x).sum().backward(create_graph=True, inputs=[x])
    return (x.grad * x.grad).sum()""",
            # torch.func: the per-row gradient by vmap over grad
            """def gradient_penalty(model, x):
    g = torch.func.vmap(torch.func.grad(lambda xi: model(xi).squeeze()))(x)
    return (g ** 2).sum()""",
            # one row at a time
            """def gradient_penalty(model, x):
    total = 0
    for xi in x:
        xi = xi.clone().requires_grad_()
        g, = torch.autograd.grad(model(xi).sum(), xi, create_graph=True)
        total = total + (g ** 2).sum()
    return total""",
            # backward(create_graph=True), then x.grad
            """def gradient_penalty(model, x):
    x.requires_grad_()
    model(x).sum().backward(create_graph=True)
    return (x.grad ** 2).sum()""",
            # autograd.functional.jacobian with create_graph=True
            """def gradient_penalty(model, x):
    J = torch.autograd.functional.jacobian(lambda t: model(t).sum(), x, create_graph=True)
    return (J ** 2).sum()""",
        ),
        also_wrong=(
            # finite differences instead of autograd: a graph to the weights, inexact values
            """def gradient_penalty(model, x):
    eps, columns = 1e-3, []
    for j in range(x.shape[1]):
        step = torch.zeros_like(x)
        step[:, j] = eps
        columns.append((model(x + step) - model(x - step)).squeeze(-1) / (2 * eps))
    return (torch.stack(columns, dim=1) ** 2).sum()""",
            # the gradient with respect to the weights, not the input
            """def gradient_penalty(model, x):
    gs = torch.autograd.grad(model(x).sum(), list(model.parameters()), create_graph=True)
    return sum((g ** 2).sum() for g in gs)""",
            # the length, not its square
            """def gradient_penalty(model, x):
    x = x.clone().requires_grad_()
    g, = torch.autograd.grad(model(x).sum(), x, create_graph=True)
    return g.norm(dim=1).sum()""",
            # finite differences with a larger step: close, not exact
            """def gradient_penalty(model, x):
    eps, columns = 1e-2, []
    for j in range(x.shape[1]):
        step = torch.zeros_like(x)
        step[:, j] = eps
        columns.append((model(x + step) - model(x - step)).squeeze(-1) / (2 * eps))
    return (torch.stack(columns, dim=1) ** 2).sum()""",
            # the right value, detached, plus a zero that reaches the weights
            """def gradient_penalty(model, x):
    x.requires_grad_()
    g, = torch.autograd.grad(model(x).sum(), x, create_graph=True)
    return (g.detach() ** 2).sum() + 0 * sum(p.sum() for p in model.parameters())""",
        )),
}
