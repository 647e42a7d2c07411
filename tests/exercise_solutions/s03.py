"""Attempts at the exercises of notebook 03: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

_EVAL = "    return ...  # today's way"

SOLUTIONS: dict[str, Solution] = {
    "03.1": Solution(
        placeholder=_EVAL,
        right="    with torch.no_grad():\n        return model(batch)",
        # the 2017 idea, today: mark the input, and expect the mark to spread
        misconception="    return model(batch.detach())",
        # a graph built, and kept for backward, then thrown away
        shortcut="    return model(batch).detach()",
        # right on one Linear layer only, not on the check's other models
        lucky="    with torch.no_grad():\n        return batch @ model.weight.T + model.bias",
        alternatives=(
            "    with torch.set_grad_enabled(False):\n        return model(batch)",
            "    with torch.inference_mode():\n        return model(batch)",
            "    with torch.no_grad():\n        out = model(batch)\n    return out",
            "    torch.set_grad_enabled(False)\n    out = model(batch)\n"
            "    torch.set_grad_enabled(True)\n    return out",
            # the per-parameter way, flags put back: C06 shows it gives the same
            "    flags = [p.requires_grad for p in model.parameters()]\n"
            "    model.requires_grad_(False)\n    out = model(batch.detach())\n"
            "    for p, flag in zip(model.parameters(), flags):\n"
            "        p.requires_grad_(flag)\n    return out",
        ),
        also_wrong=(
            "    return model(Variable(batch, volatile=True))",  # the 2017 code, unported
            "    model.eval()\n    return model(batch)",
            "    model.requires_grad_(False)\n    return model(batch)",  # changes the model
            "    torch.set_grad_enabled(False)\n    return model(batch)",  # left off after it
        )),
    "03.2": Solution(
        placeholder="return ...  # from the layer shapes, with tensor_bytes",
        right="return tensor_bytes((batch, D_HID), (batch, D_HID), net[4].weight.shape)",
        # a Linear always keeps its weight: W2ᵀ counted though h1 needs no gradient
        misconception="return tensor_bytes((batch, D_HID), net[2].weight.shape, "
                      "(batch, D_HID), net[4].weight.shape)",
        # measured, not worked out: under the check's no_grad() it sees nothing
        shortcut="""with saved_for_backward() as seen:
        net(torch.randn(batch, D_IN, device=device))
    return seen.bytes""",
        # the number for the cell's batch of 128, whatever the batch
        lucky="return 2 * tensor_bytes((B, D_HID)) + tensor_bytes((D_OUT, D_HID))",
        alternatives=(
            "return 2 * tensor_bytes((batch, D_HID)) + tensor_bytes((D_OUT, D_HID))",
            "return 4 * (2 * batch * D_HID + D_OUT * D_HID)",
        ),
        also_wrong=(
            # the frozen net on a tracked input, printed above: not this case
            "return tensor_bytes(net[0].weight.shape, (batch, D_HID), net[2].weight.shape, "
            "(batch, D_HID), net[4].weight.shape)",
            # measured with gradients switched back on inside the check's no_grad()
            """import copy
    tuned = copy.deepcopy(net)
    tuned[0].requires_grad_(False)
    with torch.enable_grad(), saved_for_backward() as seen:
        tuned(torch.randn(batch, D_IN, device=device))
    return seen.bytes""",
            # measured on the meta device: shapes without data, still a forward pass
            """import copy
    tuned = copy.deepcopy(net).to("meta")
    tuned[0].requires_grad_(False)
    with torch.enable_grad(), saved_for_backward() as seen:
        tuned(torch.randn(batch, D_IN, device="meta"))
    return seen.bytes""",
            # h2 counted twice: saved twice, but stored once
            "return tensor_bytes((batch, D_HID), (batch, D_HID), (batch, D_HID), "
            "net[4].weight.shape)",
        )),
}
