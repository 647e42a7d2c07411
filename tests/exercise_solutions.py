"""Reference solutions of every exercise, kept out of the notebooks.

Each entry names the text of the try cell to replace and what to put there: ``wrong`` is a
plausible mistake (it must get the hint), ``right`` the reference solution (it must pass).
The text to replace must occur exactly once in the exercise's cell (usually a line like
``answer = ...`` or a lone ``...``). ``tests/test_exercises.py`` runs each notebook once and,
at each try cell, runs it untouched, with ``wrong`` and with ``right``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Solution:
    """What to replace in the try cell (``placeholder``) for a wrong and a right attempt."""

    placeholder: str
    wrong: str
    right: str


SOLUTIONS: dict[str, Solution] = {
    # == 01 ==
    "01.1": Solution(placeholder="loss = ...  # your lines: loss from a and c, and backward(), "
                                 "with c taking part",
                     wrong="loss = ((a * c) ** 2).sum()\nc.requires_grad_()\nloss.backward()",
                     right="c.requires_grad_()\nloss = ((a * c) ** 2).sum()\nloss.backward()"),
    "01.2": Solution(placeholder="ones = ...", wrong="ones = src.new_ones(2)",
                     right="ones = src.new_ones(2, requires_grad=True)"),
    "01.3": Solution(placeholder="r = ...", wrong="r = torch.where(x > 0, 1.0, 0.0)",
                     right="r = torch.where(x > 0, x, 0.0)"),
    "01.4": Solution(placeholder="...  # your line(s): q must stop requiring grad, p must "
                                 "keep requiring it",
                     wrong="p.requires_grad_(False)", right="q = q.detach()"),
    # == 02 ==
    "02.1": Solution(placeholder="...  # freeze the second layer here",
                     wrong="gru.weight_hh_l1.requires_grad_(False)",
                     right="""for name, p in gru.named_parameters():
    p.requires_grad_(not name.endswith("_l1"))"""),
    "02.2": Solution(placeholder="...  # your line: change half so that its output needs no "
                                 "gradient",
                     wrong="half.eval()", right="half[0].weight.requires_grad_(False)"),
    "02.3": Solution(placeholder="ce = ...  # your loss module",
                     wrong="ce = nn.CrossEntropyLoss(weight=class_weight).requires_grad_(False)",
                     right="ce = nn.CrossEntropyLoss(weight=class_weight.detach())"),
    "02.4": Solution(placeholder="deeper = ...  # nn.Sequential(...) with mlp3's layers in it",
                     wrong="deeper = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 2), "
                           "*mlp3)",
                     right="deeper = nn.Sequential(*mlp3, nn.Tanh(), nn.Linear(1, 1), nn.Tanh())"),
    # == 03 ==
    "03.1": Solution(placeholder="    z = ...  # z = h * v, so that z needs no gradient",
                     wrong="    z = h.detach() * v",
                     right="        z = h * v  # moved into the no_grad block"),
    "03.2": Solution(placeholder="return ...  # from the layer shapes, with tensor_bytes",
                     # wrong: the theory cell's formula, for a net whose weights are tracked
                     wrong="return tensor_bytes((batch, D_IN), (batch, D_HID), (batch, D_HID), "
                           "net[2].weight.shape, net[4].weight.shape)",
                     right="return tensor_bytes(net[0].weight.shape, (batch, D_HID), "
                           "net[2].weight.shape, (batch, D_HID), net[4].weight.shape)"),
    # == 04 ==
    "04.1": Solution(placeholder="...  # give one leaf a new value here",
                     wrong="w2 = torch.tensor([-2.0], requires_grad=True)",
                     right="w1 = torch.tensor([2.0], requires_grad=True)"),
    "04.2": Solution(placeholder="...  # make autograd keep q's gradient here",
                     wrong="q.register_hook(lambda grad: grad)", right="q.retain_grad()"),
    "04.3": Solution(placeholder="...  # register your clipping hook on h here",
                     wrong="h.register_hook(lambda grad: print(grad.clamp(-1, 1)))",
                     right="h.register_hook(lambda grad: grad.clamp(-1, 1))"),
    "04.4": Solution(placeholder="four = ...", wrong="four = torch.stack([p, q, r])",
                     right="four = torch.cat([p, q, r, p * 2])"),
    # == 05 ==
    "05.1": Solution(placeholder="...  # your y.backward(v) here",
                     wrong="y.backward(torch.ones(2))",
                     right="y.backward(torch.tensor([0.0, 1.0]))"),
    "05.2": Solution(placeholder="...  # your loss.backward(...) here",
                     wrong="loss.backward(torch.tensor(2.0))",
                     right="loss.backward(torch.tensor(0.5))"),
    "05.3": Solution(placeholder="loss = ...  # one number: the per-sample mean described above",
                     wrong="loss = nn.MSELoss()(a, b)",
                     right="loss = nn.MSELoss(reduction='sum')(a, b) / a.shape[0]"),
    # == 06 ==
    "06.1": Solution(placeholder="loss = ...  # the value of (a * b + a * a).sum(); its a * b "
                                 "term sends a nothing",
                     wrong="loss = ((a * b).detach() + a * a).sum()",
                     right="loss = (a.detach() * b + a * a).sum()"),
    "06.2": Solution(placeholder="snapshot = ...  # x's values, out of reach of later in-place "
                                 "changes to x, no history",
                     wrong="snapshot = x.detach()", right="snapshot = x.detach().clone()"),
    "06.3": Solution(placeholder="d = ...  # copy h's values, then add 1 to the copy in place",
                     wrong="d = h.data; d.add_(1)",
                     right="d = h.detach().clone(); d.add_(1)"),
    "06.4": Solution(placeholder="return ...  # one expression",
                     wrong="return p[0:2].detach_()", right="return p[0:2].detach()"),
    # == 07 ==
    "07.1": Solution(placeholder="t = ...  # twice the sum of a, from a graph that saves no tensor",
                     wrong="t = (2 * a).sum()", right="t = (a + a).sum()"),
    "07.2": Solution(placeholder="handle = ...  # a hook on layer 1's weight that appends to calls",
                     wrong="handle = head.weight.register_hook(lambda grad: calls.append(1))",
                     right="handle = trunk[0].weight.register_hook(lambda grad: calls.append(1))"),
    "07.3": Solution(placeholder="...  # this micro-batch's backward(), scaled as it must be",
                     wrong="(loss / 2).backward()", right="loss.backward()"),
    "07.4": Solution(placeholder="only3 = ...  # an SGD optimizer (lr=0.1) over layer 3 only",
                     wrong="only3 = torch.optim.SGD(fresh.parameters(), lr=0.1)",
                     right="only3 = torch.optim.SGD(fresh[4].parameters(), lr=0.1)"),
    # == 08 ==
    "08.1": Solution(placeholder="...  # one call on outputs1 here",
                     wrong="outputs1 = outputs1.detach().requires_grad_()",
                     right="outputs1.retain_grad()"),
    "08.2": Solution(
        placeholder="make_optimizer = ...  # def make_optimizer(ps): ... return "
                    "torch.optim.Adam(...)",
        wrong="""def make_optimizer(ps):  # expecting Adam's two buffers to tie the tensors
    return torch.optim.Adam(ps, lr=1e-3)""",
        right="""def make_optimizer(ps):
    ps = list(ps)  # in chain order: the first four belong to whichever network comes first
    return torch.optim.Adam([{"params": ps[:4], "lr": 1e-4}, {"params": ps[4:]}], lr=1e-3)"""),
    # == 09 ==
    "09.1": Solution(placeholder="...  # freeze model[0] here",
                     wrong="model[0].weight.requires_grad = False",
                     right="model[0].requires_grad_(False)"),
    # == 10 ==
    # == 11 ==
    "11.1": Solution(
        placeholder="train_step = ...  # your repaired copy: def train_step(cell, opt, h, x, "
                    "target): ...",
        wrong="""def train_step(cell, opt, h, x, target):
    h = torch.tanh(cell(torch.cat([x, h])))
    loss = ((h - target) ** 2).mean()
    opt.zero_grad()
    loss.backward(retain_graph=True)
    opt.step()
    return h, loss""",
        right="""def train_step(cell, opt, h, x, target):
    h = torch.tanh(cell(torch.cat([x, h.detach()])))
    loss = ((h - target) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    return h, loss"""),
    "11.2": Solution(
        placeholder="loss_fn = ...  # your repair: def loss_fn(model, x, y): ...",
        wrong="""def loss_fn(model, x, y):
    loss = torch.tensor((model(x) - y).abs().mean().item())
    loss.requires_grad = True
    return loss""",
        right="""def loss_fn(model, x, y):
    return (model(x) - y).abs().mean()"""),
    "11.3": Solution(
        placeholder="sgd_step = ...  # your repair: def sgd_step(params, lr): ...",
        wrong="""def sgd_step(params, lr):
    for p in params:
        p = p - lr * p.grad""",
        right="""def sgd_step(params, lr):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad"""),
    "11.4": Solution(
        placeholder="second_derivative = ...  # your repair: def second_derivative(f, x): ...",
        wrong="""def second_derivative(f, x):
    g, = torch.autograd.grad(f(x).sum(), x)
    return torch.autograd.grad(g.sum(), x)[0]""",
        right="""def second_derivative(f, x):
    g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    if g.grad_fn is None:  # a constant first derivative: nothing left to differentiate
        return torch.zeros_like(x)
    return torch.autograd.grad(g.sum(), x)[0]"""),
}
