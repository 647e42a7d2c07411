"""Attempts at the exercises of notebook 06: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "06.1": Solution(
        placeholder="return ...  # one expression",
        # the detach on the wrong part: the gradient reaches x with its sign flipped
        misconception="return x.detach() + (x.round() - x)",
        # a forged hook on x: ones whatever gradient arrives
        shortcut="x.register_hook(lambda grad: torch.ones_like(grad))\n    return x.round()",
        # floor rounds like round only for the cell's values (all below one half)
        lucky="return x + (x.floor() - x).detach()",
        right="return x + (x.round() - x).detach()",
        alternatives=("return (x.round() - x).detach() + x",
                      "return x - x.detach() + x.round()",
                      "return x.detach().round() + x - x.detach()",
                      "return torch.round(x).detach() - x.detach() + x"),
        also_wrong=("return (x + (x.round() - x)).detach()", "return x.round()"),
    ),
    "06.2": Solution(
        placeholder="return ...  # one expression",
        # a detached tensor is taken for a copy: it shares t's memory
        misconception="return t.detach()",
        # the old .data way: the same memory again
        shortcut="return t.data",
        # the cell's numbers typed in
        lucky="return torch.tensor([1.0, 2.0, 3.0])",
        right="return t.detach().clone()",
        alternatives=("return t.clone().detach()", "return torch.tensor(t.tolist())",
                      "return t.detach() * 1", "return torch.clone(t.detach())"),
        also_wrong=("return t.clone()",),
    ),
    "06.3": Solution(
        placeholder="d = ...  # a copy of h's values that you may change",
        # a detached tensor is taken for a copy: it shares h's memory and version counter
        misconception="d = h.detach()",
        # .data escapes the version check: backward multiplies by the changed numbers
        shortcut="d = h.data",
        # the cell's h typed in
        lucky="d = torch.tensor([2.0, 4.0, 6.0])",
        right="d = h.detach().clone()",
        alternatives=("d = h.clone().detach()", "d = h.detach() * 1",
                      "with torch.no_grad():\n        d = h.clone()"),
        also_wrong=("d = h.clone()",),
    ),
    "06.4": Solution(
        placeholder="return ...  # one expression",
        # a slice is a view: detach_() refuses it
        misconception="return p[0:2].detach_()",
        # detaching p itself, in place, then slicing
        shortcut="return p.detach_()[0:2]",
        # the cell's values typed in
        lucky="return torch.tensor([2.0, 4.0])",
        right="return p[0:2].detach()",
        alternatives=("return p.detach()[0:2]", "return p[:2].clone().detach()",
                      "return p.detach()[:2].clone()", "return p[0:2].clone().detach_()"),
        also_wrong=("return p.data[0:2]",),
    ),
}
