"""Attempts at the exercises of notebook 09: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "09.1": Solution(
        placeholder="...  # one call on out here",
        right="out.retain_grad()",
        # a new leaf: it keeps a .grad, but net1 is cut off and learns nothing
        misconception="out = out.detach().requires_grad_()",
        shortcut="out.grad = torch.zeros_like(out)",  # a .grad written by hand
        lucky="out = net1(inputs)\n    out.retain_grad()",  # the cell's batch, not x
        alternatives=("out = out * 1\n    out.retain_grad()",
                      "out = out.view_as(out)\n    out.retain_grad()",
                      "out = out.clone()\n    out.retain_grad()"),
        also_wrong=(
            "out.requires_grad_()",  # it already requires a gradient: nothing more is kept

            "out.register_hook(torch.zeros_like)\n    out.retain_grad()",  # a forged gradient
            "grads = []\n    out.register_hook(grads.append)",  # seen, but .grad not kept
        )),
    "09.2": Solution(
        placeholder="make_optimizer = ...  # def make_optimizer(ps): ... return "
                    "torch.optim.Adam(...)",
        misconception="""def make_optimizer(ps):  # expecting Adam's two buffers to tie the tensors
    return torch.optim.Adam(ps, lr=1e-3)""",
        right="""def make_optimizer(ps):
    ps = list(ps)  # in chain order: the first tensor belongs to whichever network comes first
    return torch.optim.Adam([{"params": ps[:1], "lr": 1e-4}, {"params": ps[1:]}], lr=1e-3)""",
        # runs differ because each call draws a new rate, not because of the order
        shortcut="""def make_optimizer(ps):
    return torch.optim.Adam(ps, lr=1e-3 * (1 + torch.rand(()).item()))""",
        # net1 has four tensors here: in another pair, the first four may be all of them
        lucky="""def make_optimizer(ps):
    ps = list(ps)
    return torch.optim.Adam([{"params": ps[:4], "lr": 1e-4}, {"params": ps[4:]}], lr=1e-3)""",
        alternatives=(
            """def make_optimizer(ps):
    ps = list(ps)
    half = len(ps) // 2
    return torch.optim.Adam([{"params": ps[:half], "lr": 1e-4}, {"params": ps[half:]}],
                            lr=1e-3)""",
            """def make_optimizer(ps):
    first, *rest = ps
    return torch.optim.Adam([{"params": [first], "weight_decay": 0.1}, {"params": rest}])""",
            """def make_optimizer(ps):
    *rest, last = ps
    return torch.optim.Adam([{"params": rest}, {"params": [last], "lr": 1e-4}], lr=1e-3)""",
            """def make_optimizer(ps):
    return torch.optim.Adam([{"params": [p], "lr": 1e-3 / (i + 1)} for i, p in enumerate(ps)])""",
            """def make_optimizer(ps):
    first, *rest = ps
    return torch.optim.Adam([{"params": [first], "betas": (0.5, 0.9)}, {"params": rest}])""",
        ),
        also_wrong=(
            # alternates its rate from call to call: the order plays no part
            """calls = []
def make_optimizer(ps):
    calls.append(1)
    return torch.optim.Adam(ps, lr=1e-3 if len(calls) % 2 else 1e-4)""",
            # a rate counted per call, lined up with the order in which the check calls it
            """calls = []
def make_optimizer(ps):
    calls.append(1)
    return torch.optim.Adam(ps, lr=1e-4 if len(calls) % 4 == 2 else 1e-3)""",
            # the first tensor at a rate so small that it never moves: frozen, not trained
            """def make_optimizer(ps):
    ps = list(ps)
    return torch.optim.Adam([{"params": ps[:1], "lr": 1e-30}, {"params": ps[1:]}], lr=1e-3)""",
            # the order reversed inside: still one order-free Adam
            """def make_optimizer(ps):
    return torch.optim.Adam(list(ps)[::-1], lr=1e-3)""",
            # a rate by the tensor's shape: the same in either order
            """def make_optimizer(ps):
    ps = list(ps)
    convs = [p for p in ps if p.dim() == 4]
    return torch.optim.Adam([{"params": convs, "lr": 1e-4},
                             {"params": [p for p in ps if p.dim() != 4]}], lr=1e-3)""",
        )),
}
