# %% [markdown] slideshow={"slide_type": "slide"}
# # 12 · When backward() fails: the error messages, explained
#
# You understood the article, went back to your own training loop, and met an error message.
# The common ones are about exactly the machinery of the earlier notebooks: freed graphs,
# in-place changes, leaves, scalars. This notebook (beyond the article) reproduces each one,
# prints the message *your* PyTorch gives, draws the graph where one explains it, and runs
# the fix. Where a popular "fix" makes the message go away and the model stop learning, it
# runs that too, and measures the damage.
#
# **How to read the red cards.** Each is a reproduction that ran just now: `expect_error`
# checks that it still fails as this notebook says and shows your PyTorch's exact message. If
# a release stops raising, the card becomes an error naming the message's ID (E01, E02, ...).
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/12_when_backward_fails.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # Setup: this collection's helpers (cloned first in Colab), seed, device
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else ".."
if ROOT != ".." and not os.path.isdir(ROOT):  # Colab's first run; stops here if git fails
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0)

# %% slideshow={"slide_type": "skip"}
import re

import torch
from IPython.display import Markdown, display
from torch import nn

from helpers import self_check
from helpers.errors import expect_error
from helpers.graph import backward_nodes, draw, saved_tensors
from helpers.measure import saved_bytes_alive

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · "Trying to backward through the graph a second time"
#
# The classic place: a state that crosses from one training step to the next, like the
# hidden state `h` of a recurrent network: each step computes `h` from the previous `h` and
# calls `backward()`. Here in its smallest form: `h = w * h`, and the loss is `h` itself.
#
# **Predict.** The first step works. Why would the second one fail, when it builds a brand new
# loss?

# %% slideshow={"slide_type": "subslide"}
w = torch.tensor(0.8, requires_grad=True)      # one weight, one number of state: a small graph
kept = []                                      # the state after each step, to draw afterwards


def two_steps() -> None:
    h = torch.tensor(1.0)
    for _ in range(2):
        h = w * h                              # the new h is made from the old one
        kept.append(h)
        h.backward()                           # the loss is h itself; step 1: fine; step 2: ...


expect_error("E01", two_steps)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The graph of the second step's loss. Look at the `MulBackward0` that feeds
# `h after step 1`: that is the *first* step's graph, still attached through the old `h`. Its
# saved tensor is dashed: the first `backward()` freed it. The second `backward()` freed its
# own step's saved tensors on the way, then reached the first step's `MulBackward0` and found
# nothing to read.

# %% slideshow={"slide_type": "fragment"}
draw(kept[1], names={"w": w, "h after step 1": kept[0], "h after step 2": kept[1]})

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Three fixes, side by side**, on a real recurrent step, `h = tanh(W @ h + x)` with `32`
# numbers of state. Each runs the same twenty steps, with an optimizer step after every
# `backward()`:
#
# - **recompute**: rebuild `h` from the start of the sequence at every step (exact
#   gradients through all of history);
# - **detach**: `h = h.detach()` where it crosses into the next step (gradients stop at the
#   step boundary: truncated backpropagation through time);
# - **retain_graph=True**: the fix the message itself suggests; once with the optimizer
#   step, once without (gradients only, no updates).

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
T, size = 20, 32
seq_x, seq_y = torch.randn(T, size), torch.randn(T, size)
# shown words, kept apart from the keys the code looks up: a translation changes only these
FIX_LABEL = {"recompute": "recompute", "detach": "detach", "retain_graph": "retain_graph"}


def run_fix(fix: str, update: bool = True) -> dict:
    """Twenty training steps with one of the fixes; what they cost, and whether they ran."""
    torch.manual_seed(1)
    Wf = (0.3 * torch.randn(size, size)).requires_grad_()
    opt = torch.optim.SGD([Wf], lr=0.01 if update else 0.0)  # lr 0: no step changes Wf
    h, forward_steps, old_nodes = torch.zeros(size), 0, set()
    row = {"fix": FIX_LABEL[fix] if update else f"{FIX_LABEL[fix]}, no updates", "saved Wf": []}
    try:
        for t in range(T):
            if fix == "recompute":
                h = torch.zeros(size)
                for s in range(t + 1):
                    h, forward_steps = torch.tanh(Wf @ h + seq_x[s]), forward_steps + 1
            else:
                h = h.detach() if fix == "detach" else h
                h, forward_steps = torch.tanh(Wf @ h + seq_x[t]), forward_steps + 1
            new = [fn for fn in backward_nodes(h) if fn not in old_nodes]  # this step's nodes
            old_nodes.update(new)
            row["saved Wf"].append(any(  # did this step's graph save Wf itself (its memory)?
                isinstance(v, torch.Tensor) and v.data_ptr() == Wf.data_ptr()
                for fn in new for _, v in saved_tensors(fn)))
            loss = ((h - seq_y[t]) ** 2).sum()
            row["nodes"] = len(backward_nodes(loss))
            opt.zero_grad()
            loss.backward(retain_graph=(fix == "retain_graph"))
            if update:
                opt.step()
        row["outcome"] = f"ran all {T} steps"
    except RuntimeError as error:
        known = ("the in-place error (section 2 explains it)" if "inplace" in str(error)
                 else str(error))
        row["outcome"] = f"failed at step {t + 1}: {known}"
    row["forward"] = forward_steps
    row["held"] = saved_bytes_alive(loss, besides=(Wf,))  # Wf itself is no extra memory
    return row


rows = [run_fix("recompute"), run_fix("detach"), run_fix("retain_graph"),
        run_fix("retain_graph", update=False)]
print(f"{'fix':25} {'forward steps':>13} {'nodes in last backward':>23} "
      f"{'bytes held, Wf aside':>21}  outcome")
for r in rows:
    print(f"{r['fix']:25} {r['forward']:13} {r['nodes']:23} {r['held']:21}  {r['outcome']}")

recompute, detach, retain, retain_only = rows
first = retain["saved Wf"].index(True) + 1  # the first step whose graph saved Wf itself
failed = re.search(r"failed at step (\d+)", retain["outcome"])
why = (f"The graph saved `Wf` itself, not a copy, from step {first} on, and `opt.step()` "
       "changes it in place. ")
if first == 2 and failed and int(failed[1]) == first + 1:
    why = ("Step 1's `h` was zeros, which want no gradient, so its product saved `h` but not "
           "`Wf`. Step 2's graph was the first to save `Wf` — the tensor itself, not a copy — "
           "and `opt.step()` then changed it in place: step 3's backward, reaching back into "
           "that graph, found `Wf` at a newer version than the one saved. ")
display(Markdown(
    f"**What each costs.** *Recompute* ran {recompute['forward']} forward steps for {T} "
    f"training steps: the work grows with the length of history. *Detach* ran "
    f"{detach['forward']}, and its last backward walked {detach['nodes']} nodes instead of "
    f"{recompute['nodes']}: cheap, at the price of gradients that stop at the step boundary. "
    f"*retain_graph=True* {retain['outcome']}. {why}Without updates it ran, but its last "
    f"backward walked {retain_only['nodes']} nodes (all of history, again), and the graph "
    f"still holds {retain_only['held']:,} bytes besides `Wf` itself: the states that every "
    "step so far saved."))


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# `broken_chunk` trains an `nn.LSTMCell`, whose state is a pair `(h, c)`, a chunk of steps at
# a time: one update from the chunk's mean loss. Its second call fails. Write `train_chunk`,
# same arguments, whose gradient runs through every step of a chunk but not into the one
# before. The check compares it with its own on fresh chunks of several lengths.

# %% slideshow={"slide_type": "-"}
def broken_chunk(cell, opt, state, xs, targets):
    losses = []
    for x, target in zip(xs, targets, strict=True):
        state = cell(x, state)                # the new (h, c), made from the old pair
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    return state


train_chunk = ...  # your repair: def train_chunk(cell, opt, state, xs, targets): ...
self_check("12.1", train=train_chunk)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · "… modified by an inplace operation: … is at version N; expected version M"
#
# To compute gradients, some backward functions keep (*save*) tensors from the forward pass.
# Every tensor has a version counter, `_version`, that each in-place operation increases.
# A saved tensor remembers the version it had when it was saved; backward compares.
#
# **Predict.** `y = a ** 2` saves `a`. If you then run `a.add_(1)`, which two numbers will
# the message quote?

# %% slideshow={"slide_type": "subslide"}
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
a = x * 2
y = a ** 2                                   # PowBackward0 saves its input, a
(name, saved), = saved_tensors(y.grad_fn)
version_when_saved = a._version
print(f"{type(y.grad_fn).__name__} saved '{name}': the memory of a? "
      f"{saved.data_ptr() == a.data_ptr()}; a._version when saved = {version_when_saved}")
a.add_(1)                                    # in place: the saved values are gone
print(f"after a.add_(1): a._version = {a._version}")

error = expect_error("E02", lambda: y.sum().backward())
display(error)

now, then = map(int, re.search(r"is at version (\d+); expected version (\d+)",
                               error.message).groups())
display(Markdown(f"The message quotes version **{now}** (what `a._version` is now: "
                 f"{a._version}) against **{then}** (what it was when `PowBackward0` saved "
                 f"it: {version_when_saved}). Match: "
                 f"{now == a._version and then == version_when_saved}."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The saved tensor hanging off `PowBackward0` is drawn with the warning that it was
# modified in place: it no longer holds the values `a ** 2` was computed from. The box `a`
# floats apart: the in-place add gave it a new history (`AddBackward0`, the "output 0 of Add"
# in the message) that `y`'s graph lacks.

# %% slideshow={"slide_type": "fragment"}
draw(y.sum(), names={"x": x, "a": a, "y": y}, legend=False)


# %% [markdown] slideshow={"slide_type": "subslide"}
# **Input or output?** Which tensor an in-place change must not touch depends on what the
# backward function saved: the derivative of `a ** 2` is `2a`, so `pow` keeps its *input*;
# the derivative of `exp(a)` is `exp(a)` itself, so `exp` keeps its *output*. Four runs: change
# the input or the output of each, then call backward.

# %% slideshow={"slide_type": "fragment"}
def in_place_then_backward(op, change: str) -> str:
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True) * 1
    y = op(a)
    (a if change == "input" else y).add_(1)
    try:
        y.sum().backward()
        return "backward works"
    except RuntimeError:
        return "fails"


ops = {"a ** 2": lambda t: t ** 2, "a.exp()": torch.exp}
for label, op in ops.items():
    print(f"{label:8} saves {saved_tensors(op(torch.ones(1, requires_grad=True)).grad_fn)[0][0]:7}"
          f" | change the input: {in_place_then_backward(op, 'input'):15}"
          f"| change the output: {in_place_then_backward(op, 'output')}")


# %% slideshow={"slide_type": "subslide"}
def exp_output_changed() -> None:
    b = torch.tensor([1.0, 2.0, 3.0], requires_grad=True) * 1
    e = b.exp()
    e.add_(1)                                # exp saved e itself
    e.sum().backward()


expect_error("E03", exp_output_changed)

# %% [markdown] slideshow={"slide_type": "fragment"}
# **The fix**, either way: write it out of place (`a = a + 1`, a new tensor; the saved one
# keeps its values), or change a `clone()` instead of the saved tensor. To find the culprit in
# a big model, `torch.autograd.set_detect_anomaly(True)` prints, just above the error, the
# forward line that created the node which failed.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · "element 0 of tensors does not require grad and does not have a grad_fn"
#
# `backward()` was called on a tensor with no history. Somewhere between the weights and the
# loss the graph was cut. Four common cuts, each followed by `backward()`:

# %% slideshow={"slide_type": "subslide"}
w = torch.tensor([0.5, -0.3], requires_grad=True)
inp = torch.tensor([1.0, 2.0])


def under_no_grad() -> torch.Tensor:
    with torch.no_grad():
        return (w * inp).sum()


cuts = {
    ".item(), then torch.tensor": lambda: torch.tensor((w * inp).sum().item()),
    "computed under torch.no_grad()": under_no_grad,
    "detach()": lambda: (w * inp).sum().detach(),
    "an integer cast, then float": lambda: (10 * w * inp).long().float().sum(),
}
for how, make in cuts.items():
    loss = make()
    try:
        loss.backward()
        outcome = "backward works"
    except RuntimeError as e:
        outcome = "E04" if "does not have a grad_fn" in str(e) else str(e)
    print(f"{how:31} grad_fn={str(loss.grad_fn):5} requires_grad={loss.requires_grad!s:5} "
          f"-> {outcome}")

expect_error("E04", lambda: torch.tensor((w * inp).sum().item()).backward())

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See it step by step.** The `.item()` cut, result by result: a Python float has no
# history, and a tensor made from it is a fresh leaf.

# %% slideshow={"slide_type": "fragment"}
chain = [("w * inp", w * inp)]
chain.append(("(w * inp).sum()", chain[-1][1].sum()))
chain.append(("(…).item()", chain[-1][1].item()))
chain.append(("torch.tensor(…)", torch.tensor(chain[-1][1])))
for label, value in chain:
    if isinstance(value, torch.Tensor):
        fn = type(value.grad_fn).__name__ if value.grad_fn is not None else None
        print(f"{label:17} tensor  grad_fn={fn}  is_leaf={value.is_leaf}")
    else:
        print(f"{label:17} {type(value).__name__:7} {value!r}: no graph at all")

# %% [markdown] slideshow={"slide_type": "fragment"}
# **The tempting wrong fix**, posted in many answers: `loss.requires_grad = True`. The error
# goes away. Train a small model five steps with it, and five steps with the graph intact.

# %% slideshow={"slide_type": "subslide"}
X, Y = torch.randn(32, 3), torch.randn(32, 1)


def five_steps(posted_fix: bool) -> tuple[list[float], float]:
    torch.manual_seed(2)
    model = nn.Linear(3, 1)
    start = model.weight.detach().clone()
    opt, losses = torch.optim.SGD(model.parameters(), lr=0.1), []
    for _ in range(5):
        loss = nn.functional.mse_loss(model(X), Y)
        if posted_fix:                          # the graph is cut, then "repaired"
            loss = torch.tensor(loss.item())
            loss.requires_grad = True
        opt.zero_grad()
        loss.backward()                         # no error either way
        opt.step()
        losses.append(round(loss.item(), 4))
    return losses, (model.weight.detach() - start).norm().item()


moved = {}
for posted_fix in (True, False):
    losses, moved[posted_fix] = five_steps(posted_fix)
    print(f"{'loss.requires_grad = True' if posted_fix else 'graph intact':26} losses {losses}"
          f"  weights moved by {moved[posted_fix]:.4f}")
display(Markdown(
    f"With the posted fix the weights moved by {moved[True]:.4f} (with the graph intact: "
    f"{moved[False]:.4f}). The fix made the loss a new leaf: `backward()` filled *its* `.grad` "
    "and stopped there, no weight got a gradient, and `opt.step()` skipped them all. The right "
    "fix is to find the cut (the table above) and compute the loss from tensors, all the way "
    "from the weights."))


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# `broken_loss` computes the mean absolute error one sample at a time with `.item()`, then
# applies the posted fix. Write a `loss_fn`, same arguments, with the same value *and* the
# gradient that lets the model learn; the check tries it on fresh models.

# %% slideshow={"slide_type": "-"}
def broken_loss(model, x, y):
    errors = [abs(model(x[i]).item() - y[i].item()) for i in range(len(x))]
    loss = torch.tensor(sum(errors) / len(errors))
    loss.requires_grad = True
    return loss


loss_fn = ...  # your repair: def loss_fn(model, x, y): ...
self_check("12.2", loss_fn=loss_fn)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · "a leaf Variable that requires grad is being used in an in-place operation"
#
# A hand-written SGD step, `w -= lr * w.grad`, on a weight `w` that requires grad. Autograd
# would have to record the update as part of the graph, turning the weight itself into the
# result of an operation. It refuses.

# %% slideshow={"slide_type": "subslide"}
w = torch.tensor([1.0, -1.0], requires_grad=True)
((w * inp).sum() ** 2).backward()
display(expect_error("E05", lambda: w.sub_(0.1 * w.grad)))  # what `w -= 0.1 * w.grad` runs

with torch.no_grad():                  # the fix: the update is not part of any graph
    w -= 0.1 * w.grad
print(f"updated in place: w = {w.tolist()}, still a leaf: {w.is_leaf}")

w_new = w - 0.1 * w.grad               # the other tempting fix: a new tensor, not an update
print(f"w = w - lr * w.grad gives a leaf? {w_new.is_leaf} "
      f"(grad_fn={type(w_new.grad_fn).__name__}): "
      "the next backward() would not fill its .grad")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# SGD with momentum keeps a velocity `v` per parameter: `v ← mu·v + grad`, then
# `p ← p − lr·v`. Write `momentum_step(params, velocities, lr, mu)`: one such step, in place,
# on parameters that stay leaves; the velocities start as zeros and carry over between
# calls. The check runs it beside `torch.optim.SGD(momentum=mu)`.

# %% slideshow={"slide_type": "-"}
momentum_step = ...  # def momentum_step(params, velocities, lr, mu): ...
self_check("12.3", step=momentum_step)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · "grad can be implicitly created only for scalar outputs"
#
# `backward()` with no argument means "start from d(loss)/d(loss) = 1", which only makes sense
# for one number. The usual cause is a loss with one entry per device or per sample, e.g.
# what `nn.DataParallel` gathers from its replicas.
#
# `y.backward(v)` is the gradient of the weighted sum `(y * v).sum()` (checked below). For
# per-device losses the fix is to reduce them first, `per_device.mean().backward()`: the
# same as `v = [1/n, …]`.

# %% slideshow={"slide_type": "subslide"}
w = torch.tensor([1.0, 2.0], requires_grad=True)
per_device = torch.stack([(w * 3).sum(), (w ** 2).sum()])   # one loss per device
display(expect_error("E06", lambda: per_device.backward()))

v = torch.tensor([0.5, 0.5])
per_device.backward(v, retain_graph=True)
with_v, w.grad = w.grad.clone(), None
(per_device * v).sum().backward()
print(f"y.backward(v): {with_v.tolist()}   (y * v).sum().backward(): {w.grad.tolist()}  "
      f"equal: {torch.equal(with_v, w.grad)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Read more
#
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html): saved tensors,
#   in-place operations and their version counters
# - [Anomaly detection](https://pytorch.org/docs/stable/autograd.html#anomaly-detection)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **Freed graph** (E01): the state crossing steps drags the old, freed graph along;
#   `detach()` it at the boundary. `retain_graph=True` hides the error and then meets the next.
# - **Version counter** (E02, E03): an in-place change of a tensor a backward function saved;
#   `pow` saves its input, `exp` its output. Write it out of place.
# - **No grad_fn** (E04): the graph was cut (`.item()`, `no_grad`, `detach`, an integer cast);
#   `loss.requires_grad = True` silences it and the weights never move.
# - **Leaf in place** (E05): update weights under `torch.no_grad()`.
# - **Not a scalar** (E06): `y.backward(v)` is `(y * v).sum().backward()`; reduce first.
#
# The site's *error index* (`errors.html`) lists every message as the build's PyTorch
# printed it, linked to its card here. Notebook 13 (`13_more_backward_failures`) goes on with
# the messages you meet beyond a plain training step, and with the failure that prints none.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [11 · Then and now: 2017 spellings, checked today](11_then_and_now.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/11_then_and_now.ipynb))
#
# **Next →:**
# [13 · More failures: inference, NumPy, second derivatives](13_more_backward_failures.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/13_more_backward_failures.ipynb))
