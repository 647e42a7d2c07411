"""Attempts at the exercises of notebook 04: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

_HIDDEN = "return ...  # run the network in two parts"

SOLUTIONS: dict[str, Solution] = {
    "04.1": Solution(
        placeholder="return ...  # the three new values, computed from the ones passed in",
        # w2's own value does not enter its gradient
        misconception="return x2, w1, 2 * w2",
        # the cell's answer typed in as numbers, not computed from the values passed in
        shortcut="return 0.5 * 2 ** (1 / 3), 3.0, -1.0",
        # lowering w1 by one doubles x2 ** w1 only when x2 is 0.5, as in the cell
        lucky="return x2, w1 - 1, w2",
        right="return x2 * 2 ** (1 / w1), w1, w2",
        alternatives=(
            "import math\n    return x2, w1 + math.log(2) / math.log(x2), w2",
            "return [(2 * x2**w1) ** (1 / w1), w1, 7.0]",
            "return torch.tensor(x2) * 2 ** (1 / w1), torch.tensor(w1), w2",
        ),
        also_wrong=("return 2 * x2, w1, w2",),
    ),
    "04.2": Solution(
        placeholder=_HIDDEN,
        # an intermediate keeps no .grad after backward()
        misconception="h = net[:2](x)\n    net[2:](h).sum().backward()\n    return h.grad",
        # the gradient worked out by hand for the cell's net (a Linear after the hidden layer)
        shortcut="return net[2].weight.sum(0).expand(len(x), -1)",
        # right only while the rest of the network is the single layer net[2]
        lucky="h = net[:2](x)\n    h.retain_grad()\n    net[2](h).sum().backward()\n"
              "    return h.grad",
        right="h = net[:2](x)\n    h.retain_grad()\n    net[2:](h).sum().backward()\n"
              "    return h.grad",
        alternatives=(
            "h = net[:2](x)\n    return torch.autograd.grad(net[2:](h).sum(), h)[0]",
            "h = net[1](net[0](x))\n    seen = []\n    h.register_hook(seen.append)\n"
            "    net[2:](h).sum().backward()\n    return seen[0]",
            "h = net[:2](x).detach().requires_grad_()\n    net[2:](h).sum().backward()\n"
            "    return h.grad",
            "h = net[:2](x).detach()\n"
            "    return torch.autograd.functional.jacobian(lambda a: net[2:](a).sum(), h)",
            "h = net[:2](x).detach()\n"
            "    return torch.func.vmap(torch.func.grad(lambda row: net[2:](row).sum()))(h)",
            "out, back = torch.func.vjp(net[2:], net[:2](x).detach())\n"
            "    return back(torch.ones_like(out))[0]",
            # the gradient arriving at the first layer after the split, from a module hook
            "seen = []\n    handle = net[2].register_full_backward_hook(\n"
            "        lambda module, grad_in, grad_out: seen.append(grad_in[0]))\n"
            "    net(x).sum().backward()\n    handle.remove()\n    return seen[0]",
        ),
        also_wrong=("return torch.autograd.grad(net(x).sum(), net[0].weight)[0]",
                    # finite differences in float64: close enough to pass on values alone
                    "import copy\n    rest = copy.deepcopy(net[2:]).double()\n"
                    "    h = net[:2](x).detach().double()\n    g = torch.zeros_like(h)\n"
                    "    with torch.no_grad():\n        for i in range(h.shape[0]):\n"
                    "            for j in range(h.shape[1]):\n"
                    "                e = torch.zeros_like(h)\n                e[i, j] = 1e-4\n"
                    "                g[i, j] = (rest(h + e).sum() - rest(h - e).sum()) / 2e-4\n"
                    "    return g.float()",
                    # finite differences in one run: the nudged copies stacked into one batch
                    "import copy\n    h = net[:2](x).detach().double()\n    n, k = h.shape\n"
                    "    rest = copy.deepcopy(net[2:]).double()\n"
                    "    nudged = h.repeat(2 * k, 1, 1)\n    for j in range(k):\n"
                    "        nudged[2 * j, :, j] += 1e-4\n        nudged[2 * j + 1, :, j] -= 1e-4\n"
                    "    with torch.no_grad():\n"
                    "        out = rest(nudged.reshape(-1, k)).reshape(2 * k, n, -1).sum(-1)\n"
                    "    return torch.stack([(out[2 * j] - out[2 * j + 1]) / 2e-4\n"
                    "                        for j in range(k)], dim=1).float()",
                    # finite differences that call each layer's forward, past its hooks
                    "import copy\n    h = net[:2](x).detach().double()\n"
                    "    rest = copy.deepcopy(net[2:]).double()\n\n"
                    "    def f(a):\n        for layer in rest:\n            a = layer.forward(a)\n"
                    "        return a.sum()\n\n"
                    "    g = torch.zeros_like(h)\n    with torch.no_grad():\n"
                    "        for i in range(h.shape[0]):\n"
                    "            for j in range(h.shape[1]):\n"
                    "                e = torch.zeros_like(h)\n                e[i, j] = 1e-4\n"
                    "                g[i, j] = (f(h + e) - f(h - e)) / 2e-4\n"
                    "    return g.float()"),
    ),
    "04.3": Solution(
        placeholder="return ...  # attach what clips here",
        # a hook on one forward's output: later forwards make new tensors without it
        misconception="h = net[0](torch.randn(4, 3))\n"
                      "    h.register_hook(lambda grad: grad.clamp(-limit, limit))",
        # the parameters' gradients clipped instead of the activations' gradient
        shortcut="for p in net[0].parameters():\n"
                 "        p.register_hook(lambda grad: grad.clamp(-limit, limit))",
        # the cell's limit typed in
        lucky="def attach(module, inputs, out):\n"
              "        out.register_hook(lambda g: g.clamp(-0.1, 0.1))\n\n"
              "    net[0].register_forward_hook(attach)",
        right="def attach(module, inputs, out):\n"
              "        out.register_hook(lambda grad: grad.clamp(-limit, limit))\n\n"
              "    net[0].register_forward_hook(attach)",
        alternatives=(
            "def clip(grad):\n        return torch.clamp(grad, -limit, limit)\n\n"
            "    def attach(module, inputs, out):\n        out.register_hook(clip)\n\n"
            "    return net[0].register_forward_hook(attach)",
            # module backward hooks: the gradient at Tanh's input is the one at net[0]'s output
            "net[1].register_full_backward_hook(\n"
            "        lambda module, grad_in, grad_out: (grad_in[0].clamp(-limit, limit),))",
            "net[0].register_full_backward_pre_hook(\n"
            "        lambda module, grad_out: (grad_out[0].clamp(-limit, limit),))",
        ),
        also_wrong=(
            # a forward hook that returns the handle: it becomes net[0]'s output
            "net[0].register_forward_hook(\n"
            "        lambda module, inputs, out: out.register_hook(\n"
            "            lambda grad: grad.clamp(-limit, limit)))",
            # a hook that computes the clip and returns nothing
            "def clip(grad):\n        grad.clamp(-limit, limit)\n\n"
            "    def attach(module, inputs, out):\n        out.register_hook(clip)\n\n"
            "    net[0].register_forward_hook(attach)",
            # the clip one layer later, at Tanh's output
            "net[2].register_full_backward_pre_hook(\n"
            "        lambda module, grad_out: (grad_out[0].clamp(-limit, limit),))",
            # squashing instead of clipping
            "def attach(module, inputs, out):\n        out.register_hook(torch.tanh)\n\n"
            "    net[0].register_forward_hook(attach)",
        ),
    ),
    "04.4": Solution(
        placeholder="return ...  # one operation on p, q and r",
        # four leaves in the graph, but every node has two inputs: a binary tree again
        misconception="return p + q + r + p",
        # a new leaf instead of p as the fourth input
        shortcut="return torch.cat([p, q, r, torch.ones_like(p, requires_grad=True)])",
        # stack wants equal lengths: right on the cell's p, q, r only
        lucky="return torch.stack([p, q, r, p])",
        right="return torch.cat([p, q, r, p])",
        alternatives=("return torch.cat((p, p, q, r), dim=0)",
                      "return torch.hstack([q, p, r, p])",
                      "return torch.cat([p, q, r, p * 1])"),
        also_wrong=("return torch.cat([p, q, r])", "return torch.cat([p, q, r, p * 2])"),
    ),
}
