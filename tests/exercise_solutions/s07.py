"""Attempts at the exercises of notebook 07: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

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
}
