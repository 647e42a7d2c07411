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
                      "return torch.round(x).detach() - x.detach() + x",
                      "return x + (x.round() - x).data",
                      # a straight-through Function of one's own
                      "class RoundThrough(torch.autograd.Function):\n"
                      "        @staticmethod\n        def forward(ctx, v):\n"
                      "            return v.round()\n\n"
                      "        @staticmethod\n        def backward(ctx, grad):\n"
                      "            return grad\n\n    return RoundThrough.apply(x)"),
        also_wrong=("return (x + (x.round() - x)).detach()", "return x.round()",
                    # hooks that relay the gradient arriving at the result to x, past round()
                    "store = {}\n    out = x.round()\n"
                    "    out.register_hook(lambda g: store.__setitem__('g', g))\n"
                    "    x.register_hook(lambda g: store['g'])\n    return out"),
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
                      "return torch.empty_like(t).copy_(t.detach())",
                      "return t.data.clone()", "return t.detach() + 0",
                      "return t.detach() * 1", "return torch.clone(t.detach())"),
        # a clone keeps the history; a contiguous tensor is t itself
        also_wrong=("return t.clone()", "return t.detach().contiguous()"),
    ),
    "06.3": Solution(
        placeholder="d = ...  # made from h: yours to change in place, still on a's graph",
        # a detached tensor is taken for a copy: it shares h's memory and version counter
        misconception="d = h.detach()",
        # .data escapes the version check and leaves the graph: a wrong gradient, silently
        shortcut="d = h.data",
        # built from the cell's a, not from the h passed in
        lucky="d = (a * 2).clone()",
        right="d = h.clone()",
        alternatives=("d = h * 1", "d = torch.clone(h)", "d = h + 0", "d = h.clone()[:]",
                      "d = h.clone(memory_format=torch.contiguous_format)"),
        # 06.2's snapshot: its own memory, but cut from the graph; h itself; a view of h
        also_wrong=("d = h.detach().clone()", "d = h", "d = h.view(-1)", "d = h.data.clone()",
                    "d = h.contiguous()", "d = h.reshape(h.shape)",
                    "with torch.no_grad():\n        d = h.clone()"),
    ),
    "06.4": Solution(
        placeholder="return ...  # a list, in the order of tensors",
        # detach_() taken to work on anything: a view refuses
        misconception="return [t.detach_() for t in tensors]",
        # new tensors everywhere: nothing detached in place
        shortcut="return [t.data for t in tensors]",
        # the cell's list: one tensor, then views
        lucky="return [tensors[0].detach_()] + [t.detach() for t in tensors[1:]]",
        right="out = []\n    for t in tensors:\n        try:\n            out.append(t.detach_())\n"
              "        except RuntimeError:\n            out.append(t.detach())\n    return out",
        alternatives=("return [t.detach() if t._is_view() else t.detach_() for t in tensors]",
                      "return [t.detach_() if t._base is None else t.detach() for t in tensors]",
                      "return [t.detach().clone() if t._is_view() else t.detach_() "
                      "for t in tensors]"),
        # only tensors that need a gradient detached in place; new tensors everywhere
        also_wrong=("return [t.detach_() if t.requires_grad and not t._is_view() else t.detach()"
                    " for t in tensors]",
                    "return [t.detach() for t in tensors]",
                    "return [t.data if t._is_view() else t.detach_() for t in tensors]"),
    ),
}
