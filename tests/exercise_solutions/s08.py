"""Attempts at the exercises of notebook 08: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

_LOOP = "for xb, yb in zip(data.chunk(k), target.chunk(k), strict=True):\n        "

SOLUTIONS: dict[str, Solution] = {
    "08.1": Solution(
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
    "08.2": Solution(
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
