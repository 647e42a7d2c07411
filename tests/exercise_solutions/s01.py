"""Attempts at the exercises of notebook 01: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "01.1": Solution(
        placeholder="    return ...  # your lines",
        right="    c.requires_grad_()\n    f(a, c).backward()\n    return a.grad, c.grad",
        # c switched on after f has run: the graph was already built without it
        misconception="    out = f(a, c)\n    c.requires_grad_()\n    out.backward()\n"
                      "    return a.grad, c.grad",
        # finite differences for c instead of autograd
        shortcut="""    f(a, c).backward()
    eps, flat = 1e-3, c.reshape(-1)
    steps = torch.eye(flat.numel()) * eps
    grad_c = torch.stack([(f(a.detach(), (flat + s).reshape(c.shape))
                           - f(a.detach(), (flat - s).reshape(c.shape))) / (2 * eps)
                          for s in steps])
    return a.grad, grad_c.reshape(c.shape)""",
        # calculus for the cell's own f, ((a * c) ** 2).sum(), whatever f is
        lucky="    return 2 * c**2 * a.detach(), 2 * a.detach()**2 * c",
        alternatives=(
            "    c = c.clone().requires_grad_()\n    f(a, c).backward()\n"
            "    return a.grad, c.grad",
            "    c = c.detach().requires_grad_()\n    return torch.autograd.grad(f(a, c), (a, c))",
            "    c.requires_grad = True\n    loss = f(a, c)\n    loss.backward()\n"
            "    return (a.grad, c.grad)",
            # torch.func's grad transform: autograd too, c taking part inside it
            "    return torch.func.grad(f, argnums=(0, 1))(a.detach(), c)",
            "    return torch.autograd.functional.vjp(f, (a, c))[1]",
        )),
    "01.2": Solution(
        placeholder="    return ...  # your line",
        right="    return src.new_ones(2, requires_grad=True)",
        misconception="    return src.new_ones(2)",
        # ones written into src's own memory
        shortcut="    return src.data[:2].fill_(1).requires_grad_()",
        # the cell's dtype typed in: right for src, not for float32 or float16
        lucky="    return torch.ones(2, dtype=torch.float64, device=device, requires_grad=True)",
        alternatives=(
            "    return src.new_ones(2).requires_grad_()",
            "    return torch.ones(2, dtype=src.dtype, device=src.device, requires_grad=True)",
            "    ones = src.new_ones((2,))\n    ones.requires_grad = True\n    return ones",
            "    return src.new_full((2,), 1.0, requires_grad=True)",
            "    return torch.ones(2, dtype=src.dtype, device=src.device).requires_grad_()",
        ),
        also_wrong=(
            "    return torch.ones_like(src[:2], requires_grad=True)",  # src of one element
            "    return src.new_ones(2) + 0 * src[:2]",  # computed from src: not a leaf
        )),
    "01.3": Solution(
        placeholder="    return ...  # your line",
        right="    return torch.where(x > 0, x, 0.0)",
        # the mask itself: a bool comparison carries no gradient
        misconception="    return torch.where(x > 0, 1.0, 0.0)",
        # the right values, cut off from x
        shortcut="    return x.detach().clamp(min=0).requires_grad_()",
        # the cell's own signs, typed in
        lucky="    return x * torch.tensor([1.0, 0.0, 1.0])",
        alternatives=(
            "    return torch.relu(x)",
            "    return x.clamp(min=0)",
            "    return x * (x > 0)",
            "    return x * (x > 0).float()",
            "    return torch.nn.functional.relu(x)",
            "    return torch.maximum(x, torch.zeros_like(x))",
            "    return x.masked_fill(x <= 0, 0)",
            "    return (x + x.abs()) / 2",
        ),
        also_wrong=(
            "    return x + (x.clamp(min=0) - x).detach()",  # values right, gradient 1 everywhere
            "    return x[x > 0]",  # only the positive elements
        )),
    "01.4": Solution(
        placeholder="    q = ...  # p * 3, as a constant",
        right="    with torch.no_grad():\n        q = p * 3",
        # a computed tensor's flag cannot be switched: this raises
        misconception="    q = p * 3\n    q.requires_grad_(False)",
        # the gradient through q halved by a hook: the right numbers, two paths still
        shortcut="    q = p * 3\n    p.register_hook(lambda grad: grad / 2)",
        # right only for a p of ones
        lucky="    q = torch.full_like(p, 3.0)",
        alternatives=(
            "    q = p.detach() * 3",
            "    q = (p * 3).detach()",
            # p switched off while q is computed, and on again: q has no history
            "    p.requires_grad_(False)\n    q = p * 3\n    p.requires_grad_(True)",
            "    q = p * 3\n    q.detach_()",
            "    with torch.set_grad_enabled(False):\n        q = p * 3",
        ),
        also_wrong=(
            "    p.requires_grad_(False)\n    q = p * 3",  # p stops taking part at all
            # the gradient through q zeroed by a hook: the right numbers, two paths still
            "    q = p * 3\n    q.register_hook(torch.zeros_like)",
        )),
}
