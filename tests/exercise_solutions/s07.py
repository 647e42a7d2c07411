"""Attempts at the exercises of notebook 07: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

_LOOP = "for xb, yb in zip(data.chunk(k), target.chunk(k), strict=True):\n        "
_HOOK = "handle = ...  # a hook on layer 1's weight that appends to calls"

SOLUTIONS: dict[str, Solution] = {
    "07.1": Solution(
        placeholder="return ...  # twice the mean of v, from a graph that saves no tensor",
        right="return (v + v).mean()",
        misconception="return 2 * v.mean()",  # the 2 becomes a tensor that MulBackward0 saves
        shortcut="return v.mean() + v.detach().mean()",  # a constant where the op was asked
        lucky="return v.sum()",  # twice the mean of two numbers, and of no other count
        alternatives=("return v.mean() + v.mean()", "return torch.mean(v.add(v))",
                      "return (v - -v).mean()", "return torch.stack([v, v]).sum(0).mean()",
                      "return v.expand(2, *v.shape).sum(0).mean()"),
        also_wrong=(
            "return v.sum() / v.numel() * 2",
            "return (v * 2.0).mean()",  # a float is a Python number too: saved like the 2
            # a gradient formula of one's own: a graph that saves nothing, by hand
            "class TwiceMean(torch.autograd.Function):\n"
            "        @staticmethod\n"
            "        def forward(ctx, v):\n"
            "            ctx.shape = v.shape\n"
            "            return 2 * v.mean()\n\n"
            "        @staticmethod\n"
            "        def backward(ctx, grad):\n"
            "            return grad * 2 / ctx.shape.numel() * torch.ones(ctx.shape)\n\n"
            "    return TwiceMean.apply(v)")),
    "07.2": Solution(
        placeholder=_HOOK,
        right="handle = trunk[0].weight.register_hook(lambda grad: calls.append(1))",
        # counts forward passes, not the gradients that reach the weight
        misconception="handle = trunk[0].register_forward_hook(lambda m, args, out: "
                      "calls.append(1))",
        # the count written in by hand, and a hook that records nothing
        shortcut="calls.extend([1, 1, 1])\n"
                 "handle = trunk[0].weight.register_hook(lambda grad: None)",
        # right for one step of three losses, then stops counting
        lucky="handle = trunk[0].weight.register_hook(\n"
              "    lambda grad: calls.append(1) if len(calls) < 3 else None)",
        alternatives=(
            "handle = trunk[0].weight.register_post_accumulate_grad_hook("
            "lambda p: calls.append(1))",
            "handle = trunk[0].weight.register_hook(lambda grad: calls.append(grad.norm()))",
            "handle = trunk[0].weight.register_hook(calls.append)",
            "handle = next(trunk.parameters()).register_hook(lambda grad: calls.append(1))"),
        also_wrong=("handle = head.weight.register_hook(lambda grad: calls.append(1))",
                    # layer 1's bias: as often here, but not the tensor asked for
                    "handle = trunk[0].bias.register_hook(lambda grad: calls.append(1))",
                    # the module's backward hook: the gradient of its output, not its weight
                    "handle = trunk[0].register_full_backward_hook(\n"
                    "    lambda m, grad_in, grad_out: calls.append(1))")),
    "07.3": Solution(
        placeholder="...  # k micro-batches (data.chunk(k), target.chunk(k)), a backward() on "
                    "each one's sum_loss",
        right=_LOOP + "sum_loss(net(xb), yb).backward()",
        misconception=_LOOP + "(sum_loss(net(xb), yb) / k).backward()",  # as for a mean loss
        # the whole batch in one forward and one backward(), and no micro-batches
        shortcut="sum_loss(net(data), target).backward()",
        lucky=_LOOP + "(sum_loss(net(xb), yb) * 2 / k).backward()",  # right for k = 2 only
        alternatives=(
            _LOOP + "loss = sum_loss(net(xb), yb)\n        loss.backward()",
            _LOOP + "torch.autograd.backward(sum_loss(net(xb), yb))",
            "for i in range(k):\n"
            "        sum_loss(net(data.chunk(k)[i]), target.chunk(k)[i]).backward()",
            # every k-th sample: other micro-batches, the same sum
            "for i in range(k):\n        sum_loss(net(data[i::k]), target[i::k]).backward()",
            "for xb, yb in zip(data.tensor_split(k), target.tensor_split(k), strict=True):\n"
            "        sum_loss(net(xb), yb).backward()"),
        also_wrong=(
            # .grad written by hand from autograd.grad: nothing accumulated by backward()
            "params = list(net.parameters())\n    " + _LOOP
            + "grads = torch.autograd.grad(sum_loss(net(xb), yb), params)\n"
              "        for p, g in zip(params, grads, strict=True):\n"
              "            p.grad = g if p.grad is None else p.grad + g",
            # k forward passes, but one backward() on their sum: nothing accumulated in .grad
            "sum(sum_loss(net(xb), yb)\n"
            "    for xb, yb in zip(data.chunk(k), target.chunk(k), strict=True)).backward()",
            # a loop over micro-batches that forgets the last one
            "for xb, yb in list(zip(data.chunk(k), target.chunk(k), strict=True))[:-1]:\n"
            "        sum_loss(net(xb), yb).backward()",)),
    "07.4": Solution(
        placeholder="return ...  # (fast, slow): two SGD optimizers, as asked above",
        right="linears = [m for m in model if isinstance(m, nn.Linear)]\n"
              "    return (torch.optim.SGD(linears[-1].parameters(), lr=0.1),\n"
              "            torch.optim.SGD(linears[0].parameters(), lr=0.01))",
        # the fast one over everything: a tensor in two optimizers moves twice
        misconception="return (torch.optim.SGD(model.parameters(), lr=0.1),\n"
                      "            torch.optim.SGD(model[0].parameters(), lr=0.01))",
        # one rate for both, and the first layer's gradient scaled down by a hook
        shortcut="for p in model[0].parameters():\n"
                 "        p.register_hook(lambda grad: grad / 10)\n"
                 "    return (torch.optim.SGD(model[-1].parameters(), lr=0.1),\n"
                 "            torch.optim.SGD(model[0].parameters(), lr=0.1))",
        lucky="return (torch.optim.SGD(model[4].parameters(), lr=0.1),\n"
              "            torch.optim.SGD(model[0].parameters(), lr=0.01))",
        alternatives=(
            "return (torch.optim.SGD(model[-1].parameters(), lr=0.1),\n"
            "            torch.optim.SGD(model[0].parameters(), lr=0.01))",
            "names = [n for n, m in model.named_children() if isinstance(m, nn.Linear)]\n"
            "    first, last = model.get_submodule(names[0]), model.get_submodule(names[-1])\n"
            "    for m in model:\n"
            "        if m is not first and m is not last:\n"
            "            m.requires_grad_(False)  # frozen: the gradient still flows through\n"
            "    return (torch.optim.SGD(last.parameters(), lr=0.1),\n"
            "            torch.optim.SGD(first.parameters(), lr=0.01))",
            "linears = [m for m in model.modules() if isinstance(m, nn.Linear)]\n"
            "    return (torch.optim.SGD([{\"params\": linears[-1].parameters()}], lr=0.1),\n"
            "            torch.optim.SGD(linears[0].parameters(), lr=0.01))"),
        also_wrong=(
            # the rates swapped
            "return (torch.optim.SGD(model[0].parameters(), lr=0.1),\n"
            "            torch.optim.SGD(model[-1].parameters(), lr=0.01))",
            # the weights only: a layer's bias is a parameter of it too
            "return (torch.optim.SGD([model[-1].weight], lr=0.1),\n"
            "            torch.optim.SGD([model[0].weight], lr=0.01))",
            # the layers in between zeroed instead of left out: they move (to zero)
            "for m in list(model)[1:-1]:\n"
            "        for p in m.parameters():\n"
            "            p.data.zero_()\n"
            "    return (torch.optim.SGD(model[-1].parameters(), lr=0.1),\n"
            "            torch.optim.SGD(model[0].parameters(), lr=0.01))",)),
}
