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
    "01.1": Solution(placeholder="answer = ...", wrong="answer = 2 * c**2 * a.detach()",
                     right="answer = 2 * a.detach() ** 2 * c"),
    "01.2": Solution(placeholder="answer = ...", wrong="answer = True", right="answer = False"),
    "01.3": Solution(placeholder="answer = ...", wrong="answer = True", right="answer = False"),
    "01.4": Solution(placeholder="answer = ...", wrong="answer = False", right="answer = True"),
    # == 02 ==
    "02.1": Solution(placeholder="answer = ...", wrong="answer = 4", right="answer = 8"),
    "02.2": Solution(placeholder="answer = ...", wrong="answer = False", right="answer = True"),
    "02.3": Solution(placeholder="answer = ...", wrong="answer = True", right='answer = "error"'),
    "02.4": Solution(placeholder="answer = ...", wrong="answer = 9", right="answer = 10"),
    # == 03 ==
    "03.1": Solution(placeholder="answer = ...", wrong="answer = False", right="answer = True"),
    "03.2": Solution(placeholder="answer = ...", wrong="answer = 2 * saved_on.bytes",
                     right="answer = tensor_bytes((2 * B, D_IN), (2 * B, D_HID), (2 * B, D_HID), "
                           "(D_HID, D_HID), (D_OUT, D_HID))"),
    # == 04 ==
    "04.1": Solution(placeholder="answer = ...", wrong="answer = -0.75", right="answer = 0.125"),
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
    "06.1": Solution(placeholder="answer = ...  # a tensor of shape (3,)",
                     wrong="answer = torch.tensor([1.0, 1.0, 1.0])",
                     right="answer = torch.tensor([2.0, 4.0, 6.0])"),
    "06.2": Solution(placeholder="answer = ...  # how many of the four",
                     wrong="answer = 3", right="answer = 2"),
    "06.3": Solution(placeholder="d = ...  # copy h's values, then add 1 to the copy in place",
                     wrong="d = h.data; d.add_(1)",
                     right="d = h.detach().clone(); d.add_(1)"),
    "06.4": Solution(placeholder="answer = ...  # True or False",
                     wrong="answer = False", right="answer = True"),
    # == 07 ==
    "07.1": Solution(placeholder="answer = ...  # True or False",
                     wrong="answer = True", right="answer = False"),
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
    "08.2": Solution(placeholder="answer = ...  # True or False",
                     wrong="answer = False", right="answer = True"),
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
