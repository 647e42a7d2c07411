"""Attempts at the exercises of notebook 02: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

_BODY = "    ...  # your lines"

SOLUTIONS: dict[str, Solution] = {
    "02.1": Solution(
        placeholder=_BODY,
        right="""    for name, p in rnn.named_parameters():
        if "_l1" in name:
            p.requires_grad_(False)""",
        # one tensor of the layer, as if a layer were one weight
        misconception="    rnn.weight_hh_l1.requires_grad_(False)",
        # gradients zeroed by a hook: the layer's tensors still require grad
        shortcut="""    for name, p in rnn.named_parameters():
        if "_l1" in name:
            p.register_hook(torch.zeros_like)""",
        # right for the cell's one-direction GRU; misses a second direction's _l1_reverse
        lucky="""    for name, p in rnn.named_parameters():
        if name.endswith("_l1"):
            p.requires_grad_(False)""",
        alternatives=(
            """    for name, p in rnn.named_parameters():
        p.requires_grad_("_l1" not in name)""",
            """    for name, p in rnn.named_parameters():
        if name.split("_")[2] == "l1":
            p.requires_grad = False""",
        ),
        also_wrong=(
            # by position: the cell's GRU has four tensors a layer, not every RNN does
            "    for p in list(rnn.parameters())[4:8]:\n        p.requires_grad_(False)",
            "    rnn.requires_grad_(False)",  # every layer
            # all_weights[1] is layer 0's reverse direction in a bidirectional RNN
            "    for p in rnn.all_weights[1]:\n        p.requires_grad_(False)",
        )),
    "02.2": Solution(
        placeholder=_BODY,
        right="    net.requires_grad_(False)",
        misconception="    net.eval()",
        # the forward pass run under no_grad: the input's gradient is cut off too
        shortcut="    net.forward = torch.no_grad()(net.forward)",
        # right for the cell's net, whose only other parameter is already frozen
        lucky="    net[0].weight.requires_grad_(False)",
        alternatives=(
            "    for p in net.parameters():\n        p.requires_grad_(False)",
            "    for p in net.parameters():\n        p.requires_grad = False",
            "    for _, p in net.named_parameters():\n        p.requires_grad_(False)",
        ),
        also_wrong=(
            # the output detached by a hook: the weights still require grad
            "    net.register_forward_hook(lambda module, inputs, out: out.detach())",
            """    for m in net.modules():
        if isinstance(m, nn.Linear):
            m.weight.requires_grad_(False)""",  # biases, and other layers, still trainable
        )),
    "02.3": Solution(
        placeholder="    return ...  # your loss module",
        right="    return nn.CrossEntropyLoss(weight=class_weight.detach())",
        misconception="    return nn.CrossEntropyLoss(weight=class_weight).requires_grad_(False)",
        # the caller's tensor switched off, instead of a tensor without history
        shortcut="    class_weight.requires_grad_(False)\n"
                 "    return nn.CrossEntropyLoss(weight=class_weight)",
        # the cell's numbers, typed in
        lucky="    return nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5]))",
        alternatives=(
            "    return nn.CrossEntropyLoss(weight=class_weight.detach().clone())",
            "    with torch.no_grad():\n"
            "        return nn.CrossEntropyLoss(weight=class_weight * 1)",
            "    return nn.CrossEntropyLoss(weight=torch.tensor(class_weight.tolist()))",
        ),
        also_wrong=("    return nn.CrossEntropyLoss(weight=class_weight)",)),
    "02.4": Solution(
        placeholder="    return ...  # your nn.Sequential",
        right="    return nn.Sequential(*net, *[nn.Tanh() for _ in range(k)])",
        # new layers before the first weight's op: between it and the input, not the loss
        misconception="    return nn.Sequential(*[nn.Tanh() for _ in range(k)], *net)",
        # a copy of the layers: its weight is another tensor
        shortcut="    import copy\n"
                 "    return nn.Sequential(*copy.deepcopy(net), *[nn.Tanh() for _ in range(k)])",
        # a fixed three layers, whatever k is
        lucky="    return nn.Sequential(*net, nn.Tanh(), nn.Tanh(), nn.Tanh())",
        alternatives=(
            "    return nn.Sequential(net, *[nn.Tanh() for _ in range(k)])",
            "    layers = list(net)\n    for _ in range(k):\n        layers.append(nn.Sigmoid())\n"
            "    return nn.Sequential(*layers)",
        ),
        also_wrong=(
            "    return nn.Sequential(*net, *[nn.Identity() for _ in range(k)])",  # adds no op
            # one backward function each, but only on a one-feature output
            "    return nn.Sequential(*net, *[nn.Linear(1, 1) for _ in range(k)])",
        )),
}
