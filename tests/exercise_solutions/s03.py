"""Attempts at the exercises of notebook 03: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "03.1": Solution(placeholder="    z = ...  # z = h * v, so that z needs no gradient",
                     misconception="    z = h.detach() * v",
                     right="        z = h * v  # moved into the no_grad block"),
    "03.2": Solution(placeholder="return ...  # from the layer shapes, with tensor_bytes",
                     # wrong: the theory cell's formula, for a net whose weights are tracked
                     misconception="return tensor_bytes((batch, D_IN), (batch, D_HID), "
                                   "(batch, D_HID), net[2].weight.shape, net[4].weight.shape)",
                     right="return tensor_bytes(net[0].weight.shape, (batch, D_HID), "
                           "net[2].weight.shape, (batch, D_HID), net[4].weight.shape)"),
}
