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


def _no_grad_yet(**leaves: torch.Tensor) -> None:
    """Refuse to run a check's backward() on leaves whose .grad is already set (by hand, or
    by a backward() the learner ran): the check would compare a sum of gradients."""
    if any(t.grad is not None for t in leaves.values()):
        grads = " or ".join(f"{name}.grad" for name in leaves)
        raise ValueError(f"{grads} is already set: leave backward() to the check and run the "
                         "cell again")


# ---------------------------------------------------------------------------------------------
# The registered exercises, one section per notebook, in notebook order. Keep each section's
# checks together so a notebook's author edits only their own section.
# ---------------------------------------------------------------------------------------------

# == 01 =======================================================================================

@exercise("01.1", hint="autograd decides who takes part while loss is being computed, not when "
                       "backward() runs. Did c already require grad at the moment loss was "
                       "computed from it, and did backward() run on that loss?")
def _c_takes_part(a: torch.Tensor, c: torch.Tensor, loss: torch.Tensor) -> bool:
    """c is a leaf that requires grad, loss's graph leads to it, and backward() filled c.grad
    and a.grad with the gradients of ((a * c) ** 2).sum(), worked out again on fresh copies."""
    from helpers.graph import backward_nodes

    if not (isinstance(loss, torch.Tensor) and c.requires_grad and c.is_leaf):
        return False
    # backward() writes c.grad only through an AccumulateGrad node that holds c; a loss
    # computed before c was switched on has none, whatever c.grad was set to by hand
    if not any(getattr(fn, "variable", None) is c for fn in backward_nodes(loss)):
        return False
    a_ref, c_ref = (t.detach().clone().requires_grad_() for t in (a, c))
    loss_ref = ((a_ref * c_ref) ** 2).sum()
    loss_ref.backward()
    return (same(loss, loss_ref) and c.grad is not None and same(c.grad, c_ref.grad)
            and a.grad is not None and same(a.grad, a_ref.grad))


@exercise("01.2", hint="print ones.dtype, ones.requires_grad and ones.is_leaf. A tensor made "
                       "from src borrows some of src's properties, not all of them: look at "
                       "zeros_like(src) in the table above.")
def _ones_of_its_own(ones: Any, src: torch.Tensor) -> bool:
    """ones: two ones with src's dtype and device, a leaf that requires grad."""
    return (isinstance(ones, torch.Tensor) and ones.dtype == src.dtype
            and ones.device == src.device and same(ones, torch.ones(2))
            and ones.requires_grad and ones.is_leaf)


@exercise("01.3", hint="which path from r back to x can autograd follow? A comparison such as "
                       "x > 0 gives a bool tensor, and bool tensors carry no gradient (see the "
                       "integer-valued results above).")
def _positive_part(r: Any, x: torch.Tensor) -> bool:
    """r is x where x > 0 and 0 elsewhere, and the gradient of r.sum() reaches x: 1 where x
    is positive, 0 elsewhere (asked with autograd.grad, so x.grad is left as it is)."""
    if not (isinstance(r, torch.Tensor) and x.requires_grad and r.requires_grad):
        return False
    grad: torch.Tensor | None
    try:
        (grad,) = torch.autograd.grad(r.sum(), x, retain_graph=True, allow_unused=True)
    except RuntimeError:  # the learner's own backward() through r freed it: read what it wrote
        grad = x.grad
    if grad is None:
        return False  # r requires grad, but no path leads from it back to x
    if not same(r, x.detach().clamp(min=0)):
        raise ValueError("r's values are not x where x > 0, 0 elsewhere")
    return same(grad, (x > 0).float())


@exercise("01.4", hint="q's flag was fixed when q was computed; switching p afterwards does "
                       "not reach it. What you need is a q that autograd does not connect to p.")
def _q_off_p_on(p: torch.Tensor, q: Any) -> bool | None:
    """q holds p * 3 and no longer requires grad, while p is still a leaf that requires grad."""
    if p.requires_grad and isinstance(q, torch.Tensor) and q.requires_grad:
        return None  # both as the cell made them: nothing was tried
    return (p.requires_grad and p.is_leaf and same(p, torch.ones(2))
            and isinstance(q, torch.Tensor) and not q.requires_grad and same(q, p.detach() * 3))

# == 02 =======================================================================================

@exercise("02.1", hint="freezing is per tensor, and one GRU layer owns several: list "
                       "gru.named_parameters() and switch off every tensor of the second layer "
                       "(its names say which), and none of the first.")
def _gru_second_layer_frozen(gru: torch.nn.GRU) -> bool | None:
    """Exactly the tensors of the GRU's second layer (names ending in _l1) are frozen."""
    flags = {name: p.requires_grad for name, p in gru.named_parameters()}
    if all(flags.values()):
        return None  # nothing frozen yet
    # the same GRU as the cell made: a rebuilt or shrunk one would dodge the task
    expected = dict(torch.nn.GRU(gru.input_size, gru.hidden_size, num_layers=2).named_parameters())
    if set(flags) != set(expected):
        return False
    return all(flags[name] == (not name.endswith("_l1")) for name in flags)


@exercise("02.2", hint="one trainable tensor on the path is enough for C03's spreading rule: "
                       "which tensors of the Linear layer are still trainable? (eval() changes "
                       "how some layers compute, not what autograd records.)")
def _output_needs_no_grad(net: torch.nn.Sequential) -> bool | None:
    """The cell's net (bias frozen) was changed so that its output needs no gradient."""
    layer = net[0]
    if not isinstance(layer, torch.nn.Linear) or layer.in_features != 3:
        return False  # a different network: the task is to change this one
    if layer.weight.requires_grad and net.training:
        return None  # as the cell made it: nothing tried yet
    out = net(_fresh(2, 3, seed=22))
    return not out.requires_grad and out.grad_fn is None


@exercise("02.3", hint="cross entropy cannot send a gradient to its class weight, and the "
                       "weight is a buffer: the very tensor you passed, which a switch on the "
                       "module's parameters never reaches. Give the loss the same numbers in a "
                       "tensor with no history, and leave class_weight requiring grad.")
def _class_weight_without_history(loss_fn: torch.nn.Module, class_weight: torch.Tensor) -> bool:
    """The loss runs, weighs the classes as class_weight does, and class_weight is unchanged."""
    if not class_weight.requires_grad:  # it belongs to whatever learns it: not ours to switch
        return False
    weight = getattr(loss_fn, "weight", None)
    if (not isinstance(weight, torch.Tensor) or weight.requires_grad
            or not torch.equal(weight, class_weight.detach())):
        return False
    # fresh inputs, from their own generator: the loss must still pass a gradient to the logits
    logits = _fresh(6, 3, seed=23).requires_grad_()
    labels = torch.tensor([0, 1, 2, 2, 1, 0])
    loss = loss_fn(logits, labels)
    reference = torch.nn.functional.cross_entropy(logits.detach(), labels,
                                                  weight=class_weight.detach())
    if not same(loss, reference) or loss.grad_fn is None:
        return False
    loss.backward()
    return logits.grad is not None


_DEEPER_BY = 3  # 02.4: how many more backward functions between the loss and mlp3[0].weight


@exercise("02.4", hint="depth is counted from the loss, backward: only backward functions "
                       "between the loss and the op that uses 0.weight push it deeper. Where must "
                       "new layers go for that, and how many backward functions does each add?")
def _weight_pushed_deeper(net: torch.nn.Module, mlp3: torch.nn.Sequential,
                          x: torch.Tensor) -> bool:
    """mlp3[0].weight sits _DEEPER_BY more hops from net(x)'s loss than from mlp3(x)'s."""
    from helpers.survey import graph_depths
    first = mlp3[0]
    if not isinstance(first, torch.nn.Linear):  # mlp3 itself was changed
        return False
    weight = {"w": first.weight}
    before = graph_depths(mlp3(x).pow(2).mean(), weight)["w"][0]
    after = graph_depths(net(x).pow(2).mean(), weight)
    if "w" not in after:  # a copy of the layers, not mlp3's own: its weight is not in the graph
        return False
    return after["w"][0] == before + _DEEPER_BY

# == 03 =======================================================================================

@exercise("03.1", hint="torch.no_grad() covers only what runs inside its with-block, whatever "
                       "the tensors' history. Where does z's multiplication run, and which of "
                       "its inputs requires grad?")
def _inside_the_block(v: torch.Tensor, h: torch.Tensor, z: Any, kept: Any) -> bool:
    """z = h * v must need no gradient, with v still requiring grad, and autograd must have
    kept nothing for backward while the cell's outer block ran (so no graph was built and then
    thrown away, as ``(h * v).detach()`` would)."""
    if not v.requires_grad or not isinstance(z, torch.Tensor):
        return False
    return (not z.requires_grad and z.grad_fn is None and kept.count == 0
            and same(z, h.detach() * v.detach()))


# The learner's saved_bytes(batch) is tried on batch sizes the notebook never shows.
_UNSEEN_BATCHES = (1, 7, 300)


@exercise("03.2", hint="go through the layers again with the theory cell's rule: a Linear "
                       "layer keeps its input only for its weight's gradient, and its weight "
                       "(Wᵀ, the weight's own storage) only for its input's gradient. Which of "
                       "those does a frozen layer on a tracked input still need? tensor_bytes "
                       "takes one shape per tensor.")
def _frozen_bytes_for_any_batch(saved_bytes: Callable[[int], Any], net: torch.nn.Sequential
                                ) -> bool | None:
    """saved_bytes(batch) must equal what autograd keeps for one forward pass of net with every
    parameter frozen, on an input that requires grad, measured here on a frozen copy of net
    for batch sizes the learner has not seen."""
    import copy

    from helpers.measure import saved_for_backward
    first = net[0]
    if not isinstance(first, torch.nn.Linear):
        return False
    with torch.no_grad():  # worked out from shapes: a function that measures sees nothing here
        answers = {batch: saved_bytes(batch) for batch in _UNSEEN_BATCHES}
    if all(answer is ... for answer in answers.values()):
        return None  # untouched: the function still returns ...
    frozen = copy.deepcopy(net).requires_grad_(False)  # the learner's net keeps its flags
    for batch, answer in answers.items():
        x = torch.randn(batch, first.in_features, device=first.weight.device, requires_grad=True)
        with saved_for_backward() as saved:
            frozen(x)
        if not (isinstance(answer, int | float) and not isinstance(answer, bool)
                and answer == saved.bytes):
            return False
    return True

# == 04 =======================================================================================

def _w2_grad(values: dict[str, float]) -> float:
    """w2.grad after z2.backward() in the article's chain z2 = w2 * x2**w1 + 1, run afresh."""
    x, a, b = (torch.tensor([float(values[n])], requires_grad=True) for n in ("x2", "w1", "w2"))
    (b * x**a + 1).backward()
    assert b.grad is not None
    return b.grad.item()


@exercise("04.1", hint="z2 = w2 * y2 + 1, and w2 multiplies y2: the gradient w2 gets is the "
                       "value it multiplies. Which leaves does y2 = x2 ** w1 depend on?")
def _doubled_w2_grad(start: dict[str, float], x2: torch.Tensor, w1: torch.Tensor,
                     w2: torch.Tensor) -> bool | None:
    """The learner gave a leaf a new value so that backward() made w2.grad twice what the
    starting values give; the check reruns the chain on the leaves' values to be sure the
    gradient came from autograd, not from an assignment."""
    leaves = {"x2": x2, "w1": w1, "w2": w2}
    if not all(isinstance(t, torch.Tensor) and t.numel() == 1 for t in leaves.values()):
        return False
    now = {name: t.item() for name, t in leaves.items()}
    if now == {name: float(value) for name, value in start.items()}:
        return None  # untouched: every leaf still has its starting value
    if w2.grad is None or not same(w2.grad.item(), _w2_grad(now)):
        return False  # not the gradient backward() gives for these values
    return same(w2.grad.item(), 2 * _w2_grad(start))


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

@exercise("06.1", hint="the term must still multiply a by b, but backward may reach only b "
                       "through it: detach() cuts every road through the tensor you call it "
                       "on, so choose that tensor with care.")
def _detached_factor(loss: Any, a: torch.Tensor, b: torch.Tensor) -> bool:
    """loss has the value of (a * b + a * a).sum(), and its backward() gives a only the
    a * a term's gradient (2a) while b still gets the a * b term's (a)."""
    _no_grad_yet(a=a, b=b)
    if not isinstance(loss, torch.Tensor) or loss.grad_fn is None:
        return False  # not built from a and b by autograd
    with torch.no_grad():
        value = (a * b + a * a).sum()
    if not same(loss.detach(), value):
        return False
    loss.backward()  # the experiment: which gradients reach a and b through the learner's loss
    return (a.grad is not None and b.grad is not None
            and same(a.grad, 2 * a.detach()) and same(b.grad, a.detach()))


@exercise("06.2", hint="detach() gives up the history but keeps x's memory; the same values can "
                       "also sit in memory of their own. Compare data_ptr() and grad_fn of what "
                       "you made with x's.")
def _independent_snapshot(snapshot: Any, x: torch.Tensor) -> bool:
    """snapshot has x's values and no history, and an in-place change to x does not reach it."""
    if not isinstance(snapshot, torch.Tensor) or not same(snapshot, x.detach()):
        return False
    if snapshot.requires_grad or snapshot.grad_fn is not None:
        return False  # still part of x's graph
    before = x.detach().clone()
    with torch.no_grad():  # x is a leaf that needs grad: change it in place only under no_grad
        x.add_(1)
    try:
        return torch.equal(snapshot, before)  # a tensor that shares x's memory now shows x + 1
    finally:
        with torch.no_grad():
            x.copy_(before)  # put x back as the cell made it


@exercise("06.3", hint="A clone has its own memory and its own version counter: change the "
                       "copy and the h that backward saved stays as it was.")
def _clone_keeps_gradient(a, d, out):
    """d is a copy of h with 1 added in place, and backward through out still gives a the
    true gradient."""
    if not torch.equal(d.detach(), 2 * a.detach() + 1):
        return False  # d should hold h's values (2a) plus one
    if d.grad_fn is not None or d._version == 0:
        return False  # h + 1 computed anew, not a copy changed in place: the lesson skipped
    out.backward()  # raises if the change reached h through a shared version counter
    fresh = a.detach().clone().requires_grad_()
    ((fresh * 2) ** 2).sum().backward()
    return same(a.grad, fresh.grad)


@exercise("06.4", hint="a slice is a view of p, and a view cannot be cut from its history in "
                       "place, whether or not p needs a gradient; the method without the "
                       "trailing _ makes a new tensor instead.")
def _detached_slice(first_two: Callable[[torch.Tensor], Any]) -> bool | None:
    """first_two(p) returns p[0:2]'s values with no history and leaves p unchanged, for an
    intermediate that needs a gradient and for a tensor that needs none."""
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    for p in (a * 2, torch.zeros(3)):
        had = (p.requires_grad, p.grad_fn)
        values = p.detach().clone()
        try:
            part = first_two(p)
        except RuntimeError as error:  # PyTorch's first sentence says why; the rest is about DDP
            raise RuntimeError(str(error).split(". ")[0]) from None
        if part is ...:
            return None  # untouched
        if not isinstance(part, torch.Tensor) or not same(part, values[0:2]):
            return False
        if part.requires_grad or part.grad_fn is not None:
            return False  # still in p's history
        if (p.requires_grad, p.grad_fn) != had or not torch.equal(p, values):
            return False  # p itself was changed
    return True


# == 07 =======================================================================================

@exercise("07.1", hint="a Python number in an op becomes a tensor, and an op may save it: read "
                       "the _saved_ attributes of the nodes behind your t. Which ops in C10's "
                       "graph without orange ellipses saved nothing?")
def _graph_saves_nothing(t: Any, a: torch.Tensor) -> bool:
    """t is twice the sum of a, built from a, and backward() runs through it twice without
    retain_graph: two calls leave a.grad at 2 + 2."""
    _no_grad_yet(a=a)
    if not isinstance(t, torch.Tensor) or t.grad_fn is None or t.dim() != 0:
        return False  # not one number built by autograd
    if not same(t.detach(), 2 * a.detach().sum()):
        return False
    t.backward()
    if raises(t.backward):  # a saved tensor was freed by the first call
        return False
    return a.grad is not None and same(a.grad, torch.full_like(a, 4.0))


@exercise("07.2", hint="put the hook on the tensor the question names; it fires once per "
                       "backward() that reaches it, so follow each loss back to the input.")
def _hook_counts_layer1(handle, calls, step, weight):
    """The learner's hook sits on `weight`, and in one training step it counts what a hook
    of ours on `weight` counts."""
    if handle.id not in (weight._backward_hooks or {}):  # a hook elsewhere may fire as often
        handle.remove()  # the learner's cell runs again: leave no stray hook behind
        return False
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

@exercise("08.1", hint="04_leaf_and_intermediate_grads (C18) showed a method that asks "
                       "PyTorch to keep the .grad of a tensor that stays inside the graph.")
def _keeps_outputs1_grad(outputs1):
    """outputs1 still comes out of net1 (not a new leaf) and kept its gradient."""
    if outputs1.is_leaf:  # cut out of the graph: it gets a .grad, but net1 gets nothing
        return False
    if not outputs1.retains_grad:  # untouched (reading .grad now would only warn)
        return None
    return outputs1.grad is not None and outputs1.grad.shape == outputs1.shape


@exercise("08.2", hint="Adam updates each tensor from its own gradient and its own two "
                       "buffers, so no Adam setting alone links two tensors. What does an "
                       "optimizer know about the order at all, and what could you tie to that?")
def _adam_made_order_dependent(make_optimizer: Callable[..., Any],
                               train: Callable[..., Any]) -> bool:
    """make_optimizer builds an Adam that trains every tensor, and the two chain orders then
    end in different networks, while the same order twice ends in the same one."""
    made: list[Any] = []

    def recorded(ps):  # keep each optimizer that train() builds, to look inside it afterwards
        made.append(make_optimizer(ps))
        return made[-1]

    def trained(order):  # both networks' tensors after training, net1's first
        nets = train(order, steps=10, make_optimizer=recorded)[0]
        return [p for name in ("net1", "net2") for p in nets[name].parameters()]

    orders = (["net1", "net2"], ["net2", "net1"], ["net1", "net2"])  # the third: a control
    runs = [trained(order) for order in orders]
    if len(made) != len(orders):
        return False
    for opt, tensors in zip(made, runs, strict=True):
        handed = [p for group in opt.param_groups for p in group["params"]]
        if (not isinstance(opt, torch.optim.Adam)
                or sorted(map(id, handed)) != sorted(map(id, tensors))  # all of them, once
                or any(float(group["lr"]) <= 0 for group in opt.param_groups)):
            return False

    def equal(a, b):
        return all(torch.equal(p, q) for p, q in zip(a, b, strict=True))

    return equal(runs[0], runs[2]) and not equal(runs[0], runs[1])


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
            with torch.no_grad():  # the recurrence: the new state is made from the old one
                expected = torch.tanh(cell(torch.cat([x, h])))
            h, loss = step(cell, opt, h, x, target)
            if not same(h.detach(), expected):
                return False  # the state was not carried (or not computed as before)
            losses.append(loss.item() if isinstance(loss, torch.Tensor) else float(loss))
            sizes.append(len(backward_nodes(h)))  # a leaf has none: 0
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
