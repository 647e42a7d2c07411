"""Exercises for the "try" cells: each one registered here by ID, checked by what the learner did.

A try cell builds what it needs, leaves the learner's part as ``...``, and ends with

    self_check("04.2", answer=answer)          # a value the learner worked out
    self_check("04.3", h=h)                    # or the objects the learner changed

The cell never shows the expected answer: the check below looks at the learner's work (a
value, a hook on a tensor, a frozen parameter, ...) and prints a pass, "not tried yet", or a
hint that points at the idea. Reference solutions live in ``tests/exercise_solutions.py``,
and a test runs every exercise untouched, wrong and solved.

To add one: write a function that takes the cell's keyword arguments and returns True (done
right), False (not yet) or None (untouched), and register it with ``@exercise(id, hint)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

Verify = Callable[..., bool | None]


@dataclass(frozen=True)
class Exercise:
    """One exercise: its ID ("NN.k": notebook NN, k-th try cell), the hint, and its check."""

    id: str
    hint: str
    verify: Verify


EXERCISES: dict[str, Exercise] = {}

NOT_TRIED = "Not tried yet: replace the ... with your code and run the cell again."


def exercise(exercise_id: str, hint: str) -> Callable[[Verify], Verify]:
    """Register the decorated function as the check of exercise ``exercise_id``."""

    def register(verify: Verify) -> Verify:
        if exercise_id in EXERCISES:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        EXERCISES[exercise_id] = Exercise(exercise_id, hint, verify)
        return verify

    return register


def self_check(exercise_id: str, **work: Any) -> None:
    """Check the learner's work on one exercise; print a pass, "not tried yet" or the hint.

    It prints rather than returns, so a cell that ends with it shows the message and nothing
    else. Any keyword argument still ``...`` counts as not tried.
    """
    if exercise_id not in EXERCISES:
        known = ", ".join(sorted(EXERCISES)) or "none"
        raise KeyError(f"No exercise {exercise_id!r}; the registered ones are: {known}")
    ex = EXERCISES[exercise_id]
    if any(value is ... for value in work.values()):
        print(NOT_TRIED)
        return
    try:
        result = ex.verify(**work)
    except Exception as error:  # the learner's object was not what the check expected
        print(f"❌ Not yet ({type(error).__name__}: {error}). Hint: {ex.hint}")
        return
    if result is None:
        print(NOT_TRIED)
    elif result:
        print("✅ Correct.")
    else:
        print(f"❌ Not yet. Hint: {ex.hint}")


def raises(run: Callable[[], object], error: type[Exception] = RuntimeError) -> bool:
    """True when calling ``run`` raises ``error``: a check runs the experiment itself."""
    try:
        run()
    except error:
        return True
    return False


def same(answer: Any, expected: Any) -> bool:
    """True when ``answer`` equals ``expected``: tensors by shape and value (to a small
    tolerance), floats to a tolerance, anything else with ``==`` and the same type."""
    if isinstance(expected, torch.Tensor):
        return (isinstance(answer, torch.Tensor) and answer.shape == expected.shape
                and torch.allclose(answer.detach().float().cpu(), expected.detach().float().cpu(),
                                   rtol=1e-4, atol=1e-6))
    if isinstance(expected, float) and isinstance(answer, int | float):
        return abs(answer - expected) <= 1e-4 * max(1.0, abs(expected))
    return type(answer) is type(expected) and answer == expected


# ---------------------------------------------------------------------------------------------
# The registered exercises, one section per notebook, in notebook order. Keep each section's
# checks together so a notebook's author edits only their own section.
# ---------------------------------------------------------------------------------------------

# == 01 =======================================================================================

@exercise("01.1", hint="loss = sum((a*c)**2). Differentiate one term, (a*c)**2, with respect "
                       "to c, the way a.grad was worked out: the roles of a and c swap.")
def _grad_for_c(answer: Any, a: torch.Tensor, c: torch.Tensor) -> bool:
    """The gradient c would get, worked out from the cell's own a and c."""
    return same(answer, 2 * a.detach() ** 2 * c.detach())


@exercise("01.2", hint="new_ones borrows dtype and device from src, like zeros_like in the "
                       "table above. Does it borrow requires_grad as well?")
def _new_ones_flag(answer: Any, src: torch.Tensor) -> bool:
    """Whether a tensor made by src.new_ones requires grad, asked of the cell's src."""
    return src.requires_grad and same(answer, src.new_ones(2).requires_grad)


@exercise("01.3", hint="x enters only through x > 0. What dtype does a comparison give, and "
                       "can a tensor of that dtype carry requires_grad?")
def _where_flag(answer: Any, x: torch.Tensor, y: torch.Tensor) -> bool:
    """Whether torch.where(x > 0, y, 0.0) requires grad, for the cell's x and y."""
    return x.requires_grad and same(answer, torch.where(x > 0, y, 0.0).requires_grad)


@exercise("01.4", hint="q's flag was decided when q was computed. Did anything compute q again "
                       "after p changed?")
def _flag_after_the_fact(answer: Any, p: torch.Tensor, q: torch.Tensor) -> bool:
    """q = p * 3 was made while p required grad; p was switched off afterwards."""
    return not p.requires_grad and q.grad_fn is not None and same(answer, q.requires_grad)

# == 02 =======================================================================================

@exercise("02.1", hint="count tensors, not layers: list what one GRU layer owns (its "
                       "named_parameters), then ask how many layers this GRU stacks.")
def _gru_count(answer: Any, gru: torch.nn.Module) -> bool:
    """How many of the cell's GRU's parameter tensors require grad."""
    return same(answer, sum(p.requires_grad for p in gru.parameters()))


@exercise("02.2", hint="one trainable tensor on the path is enough for C03's spreading rule. "
                       "Which tensors of the Linear layer are still trainable?")
def _half_frozen(answer: Any, net: torch.nn.Sequential) -> bool:
    """The cell's net has its first layer's bias frozen and its weight trainable."""
    layer = net[0]
    if not isinstance(layer, torch.nn.Linear) or not isinstance(layer.bias, torch.Tensor):
        return False
    if layer.bias.requires_grad or not layer.weight.requires_grad:
        return False  # not the state the exercise describes
    return same(answer, net(torch.randn(2, layer.in_features)).requires_grad)


@exercise("02.3", hint="C03 would say True. But can cross entropy be differentiated with "
                       "respect to its class weights at all? Read the module's weight argument "
                       "in the docs, or what nll_loss says about it.")
def _weight_that_requires_grad(answer: Any, loss_fn: torch.nn.Module) -> bool:
    """What the cell's loss does with a class weight that requires grad."""
    try:
        outcome: Any = loss_fn(torch.randn(2, 3), torch.tensor([0, 2])).requires_grad
    except RuntimeError:
        outcome = "error"
    return same(answer, outcome)


@exercise("02.4", hint="start from 0.weight's depth in mlp3, printed above. The new layers sit "
                       "between the old ones and the loss: how many backward functions does "
                       "each add on the way?")
def _deeper_weight(answer: Any, net: torch.nn.Sequential, x: torch.Tensor) -> bool:
    """The depth of net[0].weight in the graph of net(x).pow(2).mean()."""
    from helpers.survey import graph_depths
    first = net[0]
    if not isinstance(first, torch.nn.Linear):
        return False
    depth = graph_depths(net(x).pow(2).mean(), {"w": first.weight})["w"][0]
    return same(answer, depth)

# == 03 =======================================================================================

@exercise("03.1", hint="no_grad() covers only what runs inside the with-block. Where is z "
                       "computed, and from which tensors?")
def _outside_the_block(answer: Any, h: torch.Tensor, z: torch.Tensor) -> bool:
    """h was made under no_grad(); z = h * v outside it, with v requiring grad."""
    return h.grad_fn is None and not h.requires_grad and same(answer, z.requires_grad)


@exercise("03.2", hint="go through the table of saved tensors: which ones have the batch as "
                       "their first dimension, and which do not depend on it at all? "
                       "4 bytes per float32.")
def _bytes_for_a_bigger_batch(answer: Any, net: torch.nn.Sequential, batch: int) -> bool:
    """Bytes autograd keeps for one tracked forward pass of net on a batch of ``batch``."""
    from helpers.measure import saved_for_backward
    first = net[0]
    if not isinstance(first, torch.nn.Linear):
        return False
    with saved_for_backward() as saved:
        net(torch.randn(batch, first.in_features, device=first.weight.device))
    return isinstance(answer, int) and not isinstance(answer, bool) and answer == saved.bytes

# == 04 =======================================================================================

@exercise("04.1", hint="z2 = w2 * y2 + 1, and w2 multiplies y2: so dz2/dw2 is the value of y2. "
                       "What is y2 = x2 ** w1 for these numbers?")
def _w2_grad(answer: Any, x2: float, w1: float, w2: float) -> bool:
    """w2.grad after z2.backward() in the article's chain, run on the cell's numbers."""
    x, a, b = (torch.tensor([v], requires_grad=True) for v in (x2, w1, w2))
    (w2_grad,) = torch.autograd.grad(b * x**a + 1, b)
    return isinstance(answer, int | float | torch.Tensor) and same(float(answer), w2_grad.item())


@exercise("04.2", hint="a hook only sees the gradient as it passes by; C18 showed the method "
                       "that asks autograd to keep an intermediate's gradient in its .grad.")
def _kept_intermediate_grad(q: torch.Tensor) -> bool | None:
    """q = a * a, then (3 * q).sum().backward(): q must keep its gradient, and it is 3s."""
    if not q.retains_grad:  # q.grad is only read once kept: reading it otherwise warns
        return None if not q._backward_hooks else False  # untouched, or a hook that keeps nothing
    return q.grad is not None and torch.equal(q.grad, torch.full_like(q, 3.0))


@exercise("04.3", hint="a hook gets the gradient arriving at h and must *return* the new one "
                       "(a hook that returns nothing changes nothing); register it on h before "
                       "out.backward().")
def _clipping_hook(h: torch.Tensor, x: torch.Tensor, w: torch.Tensor) -> bool | None:
    """h = x * 4, out = (w * h**2).sum(): a hook on h clips dout/dh to [-1, 1]."""
    if not h._backward_hooks:
        return None  # untouched: no hook on h
    with torch.no_grad():
        unclipped = 2 * w * h
        expected = 4 * unclipped.clamp(-1, 1)  # the chain rule after the clipped gradient
    changed_what_flows = not torch.allclose(expected, 4 * unclipped)
    return changed_what_flows and x.grad is not None and torch.allclose(x.grad, expected)


@exercise("04.4", hint="one node can take a whole list of tensors: torch.stack and torch.cat "
                       "do. Count the arrows into four.grad_fn with inputs_of.")
def _four_inputs(four: Any) -> bool:
    """four.grad_fn must have four inputs (non-None next_functions)."""
    if not isinstance(four, torch.Tensor) or four.grad_fn is None:
        return False
    return sum(nxt is not None for nxt, _ in four.grad_fn.next_functions) == 4

# == 05 =======================================================================================

@exercise("05.1", hint="v weights the rows of J, and row i of J is the gradient of y[i].")
def _vjp_keeps_one_row(f, x):
    """x.grad, after the learner's y.backward(v), must be the gradient of y[1] alone."""
    if x.grad is None:  # no backward() yet
        return None
    fresh = x.detach().clone().requires_grad_()
    (row,) = torch.autograd.grad(f(fresh)[1], fresh)
    return same(x.grad, row)


@exercise("05.2", hint="backward multiplies every gradient by the one you pass, and that "
                       "gradient must have exactly loss.shape, which is torch.Size([]).")
def _half_gradient(x, target):
    """x.grad must be half of what a bare backward() of the MSE loss gives."""
    if x.grad is None:
        return None
    fresh = x.detach().clone().requires_grad_()
    torch.nn.functional.mse_loss(fresh, target).backward()
    return same(x.grad, fresh.grad / 2)


@exercise("05.3", hint="'mean' divides by every element; start from the summed loss (or from "
                       "reduction='none') and divide by the number of samples yourself.")
def _per_sample_mean(loss, a, b):
    """The learner's loss must send each element the gradient of a per-sample mean."""
    (grad,) = torch.autograd.grad(loss, a)
    return loss.dim() == 0 and same(grad, 2 * (a - b).detach() / a.shape[0])


# == 06 =======================================================================================

@exercise("06.1", hint="The detached term sends nothing back to a; differentiate only the "
                       "a * a term, element by element.")
def _detached_term(answer, a, b):
    """The learner's a.grad for (a.detach() * b + a * a).sum(), checked by running it."""
    fresh = a.detach().clone().requires_grad_()
    (fresh.detach() * b.detach() + fresh * fresh).sum().backward()
    return same(answer, fresh.grad)


@exercise("06.2", hint="Compare each one's data_ptr() with x.data_ptr(); which of them copy?")
def _count_shared(answer, x):
    """How many of detach(), clone(), .data, detach().clone() share x's memory."""
    copies = [x.detach(), x.clone(), x.data, x.detach().clone()]
    return same(answer, sum(c.data_ptr() == x.data_ptr() for c in copies))


@exercise("06.3", hint="A clone has its own memory and its own version counter: change the "
                       "copy and the h that backward saved stays as it was.")
def _clone_keeps_gradient(a, d, out):
    """d holds h + 1, and backward through out still gives a the true gradient."""
    if not torch.equal(d.detach(), 2 * a.detach() + 1):
        return False  # d should hold h's values (2a) plus one
    out.backward()  # raises if the change reached h through a shared version counter
    fresh = a.detach().clone().requires_grad_()
    ((fresh * 2) ** 2).sum().backward()
    return same(a.grad, fresh.grad)


@exercise("06.4", hint="The refusal is about being a view, not about gradients.")
def _view_detach_raises(answer):
    """True if detach_() on a slice of a tensor that needs no gradient raises."""
    p = torch.zeros(3)
    return same(answer, raises(lambda: p[0:2].detach_()))


# == 07 =======================================================================================

@exercise("07.1", hint="list the _saved_ attributes of (2 * a).grad_fn and read them: what did "
                       "PyTorch turn the 2 into?")
def _scalar_factor_survives(answer):
    """True if (2 * a).sum() survives a second backward() without retain_graph."""
    a = torch.ones(2, requires_grad=True)
    t = (2 * a).sum()
    t.backward()
    return same(answer, not raises(t.backward))


@exercise("07.2", hint="put the hook on the tensor the question names; it fires once per "
                       "backward() that reaches it, so follow each loss back to the input.")
def _hook_counts_layer1(handle, calls, step, weight):
    """Run one training step; the learner's hook must count what a hook on `weight` counts."""
    mine: list[int] = []
    probe = weight.register_hook(lambda grad: mine.append(1))
    try:
        step()
    finally:
        probe.remove()
        handle.remove()
    return len(calls) == len(mine)


@exercise("07.3", hint="a sum over 8 rows is the sum over the first 4 plus the sum over the "
                       "last 4.")
def _sum_loss_micro_batches(net, data, target):
    """The accumulated micro-batch gradients must equal the whole batch's, parameter by
    parameter."""
    import copy

    if all(p.grad is None for p in net.parameters()):  # no backward() in the loop yet
        return None
    whole = copy.deepcopy(net)
    whole.zero_grad()
    torch.nn.MSELoss(reduction="sum")(whole(data), target).backward()
    return all(p.grad is not None and same(p.grad, q.grad)
               for p, q in zip(net.parameters(), whole.parameters(), strict=True))


@exercise("07.4", hint="an optimizer updates exactly the tensors you hand it: which module "
                       "holds layer 3's weight and bias?")
def _optimizer_over_layer3(opt, model, x, y):
    """One step with the learner's optimizer must move layer 3 (model[4]) and nothing else."""
    before = [p.detach().clone() for p in model.parameters()]
    model.zero_grad()
    torch.nn.functional.mse_loss(model(x), y).backward()
    opt.step()
    layer3 = {id(p) for p in model[4].parameters()}
    return all(torch.equal(p, q) != (id(p) in layer3)
               for p, q in zip(model.parameters(), before, strict=True))


# == 08 =======================================================================================

@exercise("08.1", hint="the warning above named the method: it asks PyTorch to keep the .grad "
                       "of a tensor that stays inside the graph.")
def _keeps_outputs1_grad(outputs1):
    """outputs1 still comes out of net1 (not a new leaf) and kept its gradient."""
    if outputs1.is_leaf:  # cut out of the graph: it gets a .grad, but net1 gets nothing
        return False
    if not outputs1.retains_grad:  # untouched (reading .grad now would only warn)
        return None
    return outputs1.grad is not None and outputs1.grad.shape == outputs1.shape


@exercise("08.2", hint="does Adam's update of one tensor read any other tensor's gradient or "
                       "state?")
def _adam_order(answer, train):
    """True if training with Adam in both chain orders gives bit-identical parameters."""
    def adam(ps):
        return torch.optim.Adam(ps, lr=1e-3)

    runs = [train(order, steps=10, make_optimizer=adam)[0]
            for order in (["net1", "net2"], ["net2", "net1"])]
    first, second = ([p for name in ("net1", "net2") for p in nets[name].parameters()]
                     for nets in runs)
    return same(answer, all(torch.equal(p, q) for p, q in zip(first, second, strict=True)))


# == 09 =======================================================================================

@exercise("09.1", hint="freezing is per parameter tensor: every parameter of model[0], and "
                       "nothing else, needs requires_grad=False before the backward().")
def _froze_first_layer(model):
    """Exactly model[0]'s parameters are frozen, and after a backward() only they lack .grad."""
    if all(p.requires_grad for p in model.parameters()):  # nothing frozen yet
        return None
    first = {id(p) for p in model[0].parameters()}
    return all((id(p) in first) == (not p.requires_grad) == (p.grad is None)
               for p in model.parameters())


# == 10 =======================================================================================

# == 11 =======================================================================================

def _fresh(*shape: int, seed: int) -> torch.Tensor:
    """Fresh data for a check, from its own generator: the notebook's random state is left
    alone, and every run of a check sees the same numbers."""
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


def _linear(n_in: int, n_out: int, seed: int) -> torch.nn.Linear:
    """A small nn.Linear with weights from `_fresh`, so a check does not draw from the
    global generator."""
    layer = torch.nn.Linear(n_in, n_out)
    with torch.no_grad():
        layer.weight.copy_(_fresh(n_out, n_in, seed=seed) * 0.5)
        layer.bias.zero_()
    return layer


@exercise("11.1", hint="h reaches back into the graph of the step before, which backward() "
                       "already freed. Cut what crosses from one step to the next, not the "
                       "step's own graph, and keep the optimizer step.")
def _carried_state_trains(step):
    from helpers.graph import backward_nodes

    cell = _linear(8, 4, seed=111)  # reads [x, h]: the state passes through the weights
    opt = torch.optim.SGD(cell.parameters(), lr=0.1)
    xs, targets = _fresh(6, 4, seed=112), torch.tanh(_fresh(6, 4, seed=113))
    before = cell.weight.detach().clone()
    epochs, bounded = [], True
    for _ in range(15):  # the same short sequence, again and again: the loss must go down
        h, losses, sizes = torch.zeros(4), [], []
        for x, target in zip(xs, targets, strict=True):
            h, loss = step(cell, opt, h, x, target)
            losses.append(loss.item() if isinstance(loss, torch.Tensor) else float(loss))
            sizes.append(len(backward_nodes(h)) if h.grad_fn is not None else 0)
        # the state handed on must not drag along a graph that grows with every step
        bounded = bounded and len(set(sizes[1:])) <= 1
        epochs.append(sum(losses) / len(losses))
    changed = not torch.equal(before, cell.weight.detach())
    return changed and bounded and epochs[-1] < 0.8 * epochs[0]


@exercise("11.2", hint="Every number the loss is made of must stay a tensor computed from "
                       "model(x): a Python float has no history, and requires_grad=True on a "
                       "new tensor does not give it one.")
def _loss_keeps_its_graph(loss_fn):
    model = _linear(3, 1, seed=121)
    x, y = _fresh(16, 3, seed=122), _fresh(16, 1, seed=123)
    loss = loss_fn(model, x, y)
    if not isinstance(loss, torch.Tensor) or loss.grad_fn is None:
        return False
    reference = (model(x) - y).abs().mean()
    if not same(loss.detach().reshape(()), reference.detach()):
        return False  # a different loss: the mean absolute error was asked for
    before = model.weight.detach().clone()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(20):
        opt.zero_grad()
        loss = loss_fn(model, x, y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return not torch.equal(before, model.weight.detach()) and losses[-1] < losses[0]


@exercise("11.3", hint="The update must change the leaf itself, in place, while autograd is "
                       "not recording: a new tensor bound to a local name changes nothing.")
def _sgd_updates_leaves(step):
    w = _fresh(3, seed=131).requires_grad_()
    b = torch.zeros(1, requires_grad=True)
    x, y = _fresh(32, 3, seed=132), _fresh(32, seed=133)
    losses: list[float] = []
    for _ in range(20):
        w.grad = b.grad = None
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        assert w.grad is not None and b.grad is not None  # both took part in the loss
        expected = [(w - 0.1 * w.grad).detach(), (b - 0.1 * b.grad).detach()]
        step([w, b], 0.1)
        if not (w.is_leaf and b.is_leaf and w.requires_grad and b.requires_grad):
            return False  # the parameters must stay leaves that learn
        if not (same(w.detach(), expected[0]) and same(b.detach(), expected[1])):
            return False
        losses.append(loss.item())
    return losses[-1] < losses[0]


@exercise("11.4", hint="The first gradient must itself be recorded in a graph to be "
                       "differentiated again; and a first gradient that is a constant has no "
                       "graph at all, so its derivative is zero.")
def _second_derivative_is_right(second_derivative):
    x = _fresh(5, seed=141)
    cases = [(torch.sin, -torch.sin(x)), (lambda t: t ** 3, 6 * x),
             (lambda t: 3 * t + 1, torch.zeros(5))]
    for f, expected in cases:
        got = second_derivative(f, x.clone().requires_grad_())
        if not same(got, expected):
            return False
    return True


__all__ = ["EXERCISES", "Exercise", "exercise", "raises", "same", "self_check"]
