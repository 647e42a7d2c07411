"""Attempts at the exercises of notebook 12: the reference, the wrong ones, the right
alternatives (see ``attempts.Solution``)."""

from .attempts import Solution

SOLUTIONS: dict[str, Solution] = {
    "12.1": Solution(
        placeholder="train_chunk = ...  # your repair: def train_chunk(cell, opt, state, xs, "
                    "targets): ...",
        # the fix the message suggests: the graph of the chunk before is kept, and the update
        # changes the weights it saved
        misconception="""def train_chunk(cell, opt, state, xs, targets):
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward(retain_graph=True)
    opt.step()
    return state""",
        # no error, but the gradient stops at every step: not through the chunk
        shortcut="""def train_chunk(cell, opt, state, xs, targets):
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, tuple(s.detach() for s in state))
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    return state""",
        # right for chunks of three steps only
        lucky="""def train_chunk(cell, opt, state, xs, targets):
    state = tuple(s.detach() for s in state)
    losses = []
    for t in range(3):
        state = cell(xs[t], state)
        losses.append(((state[0] - targets[t]) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    return state""",
        right="""def train_chunk(cell, opt, state, xs, targets):
    state = tuple(s.detach() for s in state)
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    return state""",
        alternatives=(
            """def train_chunk(cell, opt, state, xs, targets):
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    h, c = state
    return h.detach(), c.detach()""",
            """def train_chunk(cell, opt, state, xs, targets):
    h, c = state[0].detach(), state[1].detach()
    loss = 0
    for x, target in zip(xs, targets):
        h, c = cell(x, (h, c))
        loss = loss + ((h - target) ** 2).mean() / len(xs)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return h, c""",
            # the state cut in place where it enters the chunk
            """def train_chunk(cell, opt, state, xs, targets):
    for s in state:
        s.detach_()
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    return state""",
            # one backward per step into the same gradients: the same sum
            """def train_chunk(cell, opt, state, xs, targets):
    state = tuple(s.detach() for s in state)
    opt.zero_grad()
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    for i, l in enumerate(losses):
        (l / len(losses)).backward(retain_graph=i < len(losses) - 1)
    opt.step()
    return state""",
            # the cut through .data: no graph either
            """def train_chunk(cell, opt, state, xs, targets):
    state = tuple(s.data for s in state)
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    return state""",
        ),
        also_wrong=(
            # only h is cut: c still reaches back into the freed graph
            """def train_chunk(cell, opt, state, xs, targets):
    state = (state[0].detach(), state[1])
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    return state""",
            # no error, but no state is carried from chunk to chunk
            """def train_chunk(cell, opt, state, xs, targets):
    state = tuple(torch.zeros_like(s) for s in state)
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    return state""",
            # the update done by hand through .data, with the check's learning rate as a
            # constant: no optimizer
            """def train_chunk(cell, opt, state, xs, targets):
    state = tuple(s.detach() for s in state)
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    grads = torch.autograd.grad(torch.stack(losses).mean(), list(cell.parameters()))
    for p, g in zip(cell.parameters(), grads):
        p.data -= 0.2 * g
    return state""",
            # no zero_grad(): each chunk's gradient adds to the ones before
            """def train_chunk(cell, opt, state, xs, targets):
    state = tuple(s.detach() for s in state)
    losses = []
    for x, target in zip(xs, targets):
        state = cell(x, state)
        losses.append(((state[0] - target) ** 2).mean())
    torch.stack(losses).mean().backward()
    opt.step()
    return state""",
            # only the last step's loss
            """def train_chunk(cell, opt, state, xs, targets):
    state = tuple(s.detach() for s in state)
    for x, target in zip(xs, targets):
        state = cell(x, state)
    loss = ((state[0] - targets[-1]) ** 2).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    return state""",
        )),
    "12.2": Solution(
        placeholder="loss_fn = ...  # your repair: def loss_fn(model, x, y): ...",
        misconception="""def loss_fn(model, x, y):
    loss = torch.tensor((model(x) - y).abs().mean().item())
    loss.requires_grad = True
    return loss""",
        # the float's value, with a graph attached that carries no gradient
        shortcut="""def loss_fn(model, x, y):
    value = sum(abs(model(x[i]).item() - y[i].item()) for i in range(len(x))) / len(x)
    return torch.tensor(value) + 0 * model(x).sum()""",
        # right only when every error has the same sign
        lucky="""def loss_fn(model, x, y):
    return (model(x) - y).mean().abs()""",
        right="""def loss_fn(model, x, y):
    return (model(x) - y).abs().mean()""",
        alternatives=(
            """def loss_fn(model, x, y):
    return nn.functional.l1_loss(model(x), y)""",
            """def loss_fn(model, x, y):
    errors = [(model(x[i]) - y[i]).abs() for i in range(len(x))]
    return sum(errors) / len(errors)""",
            """def loss_fn(model, x, y):
    return nn.L1Loss()(model(x), y)""",
            # each error weighted by its own sign, held constant: the same value and gradient
            """def loss_fn(model, x, y):
    d = model(x) - y
    return (d * torch.sign(d).detach()).mean()""",
            # the 1-norm of the errors over their count
            """def loss_fn(model, x, y):
    return torch.linalg.vector_norm(model(x) - y, ord=1) / len(x)""",
        ),
        also_wrong=(
            # the right value, but the gradient of another loss (the squared error)
            """def loss_fn(model, x, y):
    value = (model(x) - y).abs().mean().item()
    surrogate = ((model(x) - y) ** 2).mean()
    return surrogate - surrogate.detach() + value""",
            # a shape slip: (n, 1) against (n,) broadcasts to n×n errors
            """def loss_fn(model, x, y):
    return nn.functional.l1_loss(model(x), y.squeeze())""",
            # another loss, with a graph
            """def loss_fn(model, x, y):
    return nn.functional.smooth_l1_loss(model(x), y)""",
            # the detached value made a new leaf
            """def loss_fn(model, x, y):
    return (model(x) - y).abs().mean().detach().requires_grad_()""",
        )),
    "12.3": Solution(
        placeholder="momentum_step = ...  # def momentum_step(params, velocities, lr, mu): ...",
        # the worked example's fix kept, but the update rebinds a local name
        misconception="""def momentum_step(params, velocities, lr, mu):
    for p, v in zip(params, velocities):
        v.mul_(mu).add_(p.grad)
        p = p - lr * v""",
        # a write behind autograd's back
        shortcut="""def momentum_step(params, velocities, lr, mu):
    for p, v in zip(params, velocities):
        v.mul_(mu).add_(p.grad)
        p.data -= lr * v""",
        # the worked example's 0.1, right only for that learning rate
        lucky="""def momentum_step(params, velocities, lr, mu):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            v.mul_(mu).add_(p.grad)
            p -= 0.1 * v""",
        right="""def momentum_step(params, velocities, lr, mu):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            v.mul_(mu).add_(p.grad)
            p -= lr * v""",
        alternatives=(
            """@torch.no_grad()
def momentum_step(params, velocities, lr, mu):
    for p, v in zip(params, velocities):
        v.copy_(mu * v + p.grad)
        p.add_(v, alpha=-lr)""",
            """def momentum_step(params, velocities, lr, mu):
    for i, p in enumerate(params):
        velocities[i] = mu * velocities[i] + p.grad
        with torch.no_grad():
            p.sub_(lr * velocities[i])""",
            """def momentum_step(params, velocities, lr, mu):
    for p, v in zip(params, velocities):
        v.mul_(mu).add_(p.grad)
        p.detach().sub_(lr * v)""",
            # in place with autograd's tracking switched off on the leaf for the update
            """def momentum_step(params, velocities, lr, mu):
    for p, v in zip(params, velocities):
        v.mul_(mu).add_(p.grad)
        p.requires_grad_(False)
        p.sub_(lr * v)
        p.requires_grad_(True)""",
            # copy_ into the tensors the caller holds
            """def momentum_step(params, velocities, lr, mu):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            v.copy_(mu * v + p.grad)
            p.copy_(p - lr * v)""",
        ),
        also_wrong=(
            # in place, but while autograd records: the leaf refuses
            """def momentum_step(params, velocities, lr, mu):
    for p, v in zip(params, velocities):
        v.mul_(mu).add_(p.grad)
        p -= lr * v""",
            # the velocity is rebound, so nothing carries over between calls
            """def momentum_step(params, velocities, lr, mu):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            v = mu * v + p.grad
            p -= lr * v""",
            # torch.optim.SGD kept aside, which ignores the velocities it was given
            """_opts = {}
def momentum_step(params, velocities, lr, mu):
    key = tuple(id(p) for p in params)
    if key not in _opts:
        _opts[key] = torch.optim.SGD(params, lr=lr, momentum=mu)
    _opts[key].step()""",
            # the velocity written into .grad by hand, then a plain SGD step
            """def momentum_step(params, velocities, lr, mu):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            v.mul_(mu).add_(p.grad)
            p.grad.copy_(v)
    torch.optim.SGD(params, lr=lr).step()""",
            # a Nesterov step, not the asked one
            """def momentum_step(params, velocities, lr, mu):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            v.mul_(mu).add_(p.grad)
            p -= lr * (p.grad + mu * v)""",
            # a new optimizer every call: its momentum starts again each time
            """def momentum_step(params, velocities, lr, mu):
    torch.optim.SGD(params, lr=lr, momentum=mu).step()""",
            # the other convention, v = mu·v − lr·grad: the same weights, but not the asked
            # velocities
            """def momentum_step(params, velocities, lr, mu):
    with torch.no_grad():
        for p, v in zip(params, velocities):
            v.mul_(mu).sub_(lr * p.grad)
            p.add_(v)""",
            # written for exactly two parameters, a weight and a bias
            """def momentum_step(params, velocities, lr, mu):
    w, b = params
    vw, vb = velocities
    with torch.no_grad():
        vw.mul_(mu).add_(w.grad)
        vb.mul_(mu).add_(b.grad)
        w -= lr * vw
        b -= lr * vb""",
        )),
}
