# %% [markdown] slideshow={"slide_type": "slide"}
# # 03 · no_grad and volatile: switching gradients off
#
# When you only want predictions, tracking gradients is wasted work. In 2017 you asked for that
# with `volatile=True`, and the article presents it as *the* inference switch. In this notebook
# you will run the 2017 spelling on today's PyTorch, meet the switches that replaced it (and
# one that only looks like them), and measure what gradient tracking really costs.
#
# Claims checked here: **C05**, **C06**.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/03_no_grad_and_volatile.ipynb)

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
import contextlib
import re
import warnings

import matplotlib.pyplot as plt
import torch
from IPython.display import Markdown, display
from torch import nn
from torch.autograd import Variable

from helpers import check, judge, self_check
from helpers.graph import draw
from helpers.measure import median_seconds, peak_memory_bytes, saved_for_backward, tensor_bytes


def first_sentence(error: Exception) -> str:
    """An error's type and the first sentence of its message: enough to recognise it."""
    sentence = re.split(r"\.(?=\s|[A-Z])", str(error))[0]  # not at "torch.no_grad"
    return f"{type(error).__name__}: {sentence.rstrip('.')}."


# %% [markdown] slideshow={"slide_type": "slide"}
# ## C05 · §1 — `volatile=True`, the 2017 inference switch
#
# **The claim.** Marking a tensor `volatile=True` is the same as `requires_grad=False`; the mark
# spreads to everything computed from that tensor, so one flag on the input switches gradients
# off for the whole forward pass; and that is how you run inference.
#
# **The reading we test:** first the 2017 spelling: does `Variable(x, volatile=True)` (or
# `x.volatile = True`, the article's other spelling) still switch gradients off, so that a
# result computed from it *with a weight that requires grad* does not require grad, as in
# 2017? Then the rule written today's way: inside `torch.no_grad()`, everything computed comes
# out with the same values, no `requires_grad` and no graph.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** `volatile` was the inference switch of PyTorch 0.3; today it runs,
# warns, and does nothing. The switch now is a context, `torch.no_grad()`, and
# the danger is code that silently keeps building graphs.
#
# **They bring.** The article states <span lang="zh">「volatile==True
# 就等价于requires_grad==False」</span>. Learners take the two flags for synonyms, and
# port old inference code unchanged.
#
# **Ask first.** Will `Variable(x, volatile=True)` still run today, and will `x
# @ w` then require grad?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Will `Variable(x, volatile=True)` still run? If it does, will `y = x @ w`, with
# `w.requires_grad=True`, require grad?

# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
w = torch.randn(3, 2, requires_grad=True)  # a weight that asks for gradients
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    x_old = Variable(torch.randn(4, 3), volatile=True)  # the 2017 spelling
    x_old.volatile = True  # the article's other spelling
    volatile_flag = x_old.volatile
    with saved_for_backward() as saved_old:
        y_old = x_old @ w

print("x_old.volatile reads:", volatile_flag)
for message in dict.fromkeys(str(c.message) for c in caught):  # each distinct warning once
    print("warning:", message)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The warnings say it plainly: `volatile` is gone. But a warning scrolls past and is forgotten.
# What does the computation itself do?

# %% slideshow={"slide_type": "-"}
print("y_old.requires_grad:", y_old.requires_grad)
print("y_old.grad_fn:      ", type(y_old.grad_fn).__name__)
print("bytes autograd kept for backward:", saved_old.bytes)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The "volatile" input is drawn as a constant (it never needed gradients), but `w` is a
# leaf that does, so autograd recorded a `MmBackward0` node and saved a tensor for it (the
# orange ellipse): a full graph, exactly what volatile was meant to prevent.

# %% slideshow={"slide_type": "fragment"}
draw(y_old, names={"x_old": x_old, "w": w, "y_old": y_old})

# %% [markdown] slideshow={"slide_type": "subslide"}
# Today's spelling of "no gradients for this computation" is a context manager:

# %% slideshow={"slide_type": "-"}
with torch.no_grad():
    y_new = x_old @ w
    z_new = torch.relu(y_new) * w.sum()  # one step further, still inside the block
print("under torch.no_grad(): y requires_grad =", y_new.requires_grad, "| grad_fn =",
      y_new.grad_fn, "| one step on:", z_new.requires_grad)
print("same values as y_old:", torch.equal(y_new, y_old))

# %% slideshow={"slide_type": "subslide"}
removed = [str(c.message) for c in caught if "volatile was removed" in str(c.message)]
volatile_ignored = y_old.requires_grad and y_old.grad_fn is not None  # 2017: no graph
no_grad_rule = (not y_new.requires_grad and y_new.grad_fn is None and not z_new.requires_grad
                and torch.equal(y_new, y_old))
observed = judge(holds=no_grad_rule, changed_since_2017=volatile_ignored)
check("C05", observed,
      evidence=f"Variable(x, volatile=True) runs and warns '{removed[0] if removed else 'nothing'}'"
               f"; x.volatile reads {volatile_flag}; y = x @ w has requires_grad="
               f"{y_old.requires_grad} (grad_fn {type(y_old.grad_fn).__name__}) and kept "
               f"{saved_old.bytes} bytes for backward; written today's way, under "
               f"torch.no_grad() y and what follows from it have requires_grad="
               f"{y_new.requires_grad or z_new.requires_grad} and the same values")


# %% [markdown] slideshow={"slide_type": "notes"}
# In PyTorch 0.3, `volatile` was *stronger* than `requires_grad=False`: a volatile input made
# every result volatile, even when a weight required grad, while a plain `requires_grad=False`
# input did not. So "volatile equals requires_grad=False" was loose even in 2017. PyTorch 0.4
# (April 2018) replaced the flag with `torch.no_grad()`. The danger today is the silent part:
# code ported from 2017 still runs, and quietly builds graphs during inference.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# A 2017 evaluation function marked its input and let the flag spread:
# `return model(Variable(batch, volatile=True))`. Port it: `evaluate(model, batch)` must return
# the model's output with no graph behind it, keep nothing for backward while it runs, and
# leave the model's flags as they are. **Predict first:** is there a flag you could put on
# `batch` today, in volatile's place? The check calls your function on models and batches of
# its own, some of which require grad.

# %% slideshow={"slide_type": "-"}
def evaluate(model, batch):
    """The model's output on batch: no graph behind it, nothing kept for backward."""
    return ...  # today's way


self_check("03.1", evaluate=evaluate)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Today's switches, and what their tensors can do afterwards
#
# `volatile` had one job. Today three tools do it, with different trade-offs, and a fourth
# (`model.eval()`) is often mistaken for one of them:
#
# - `torch.no_grad()` — records no graph inside the block (also a decorator:
#   `@torch.no_grad()` on an evaluation function);
# - `torch.inference_mode()` — the same, and it also skips autograd's bookkeeping: view
#   tracking, and the *version counter*, each tensor's count of its in-place changes, by which
#   backward notices that a tensor it saved was changed (notebooks 06 and 12). That can save a
#   little time, but its tensors stay marked;
# - `torch.set_grad_enabled(flag)` — `no_grad` with an on/off argument;
# - `model.eval()` — changes how some layers behave; gradients stay **on**.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### `torch.no_grad()` — no graph inside, ordinary tensors outside

# %% slideshow={"slide_type": "-"}
p = torch.randn(3, requires_grad=True)
with torch.no_grad():
    h = p * 2
print("h.requires_grad:", h.requires_grad, "| is_leaf:", h.is_leaf, "| grad_fn:", h.grad_fn)

q = torch.randn(3, requires_grad=True)
(h * q).sum().backward()  # later, h enters a new graph as a constant
print("q.grad equals h:", torch.equal(q.grad, h))
h.requires_grad_()  # a leaf already, it may even start to require grad
print("after requires_grad_(): requires_grad", h.requires_grad, "| is_leaf:", h.is_leaf)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### `torch.inference_mode()` — less bookkeeping, but its tensors stay marked

# %% slideshow={"slide_type": "-"}
with torch.inference_mode():
    a = p * 2
print("a.requires_grad:", a.requires_grad, "| a.is_inference():", a.is_inference())

q.grad = None
try:
    (a * q).sum().backward()  # multiplication must save a for backward
except RuntimeError as e:
    print("a * q ->", first_sentence(e))
(a + q).sum().backward()  # addition saves nothing, so this is allowed
print("a + q -> fine, q.grad =", q.grad)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The error is about **saving**: an inference tensor has no version counter, so backward could
# not guard it. Nor may it be changed in place outside the block:

# %% slideshow={"slide_type": "-"}
before = a.clone()
try:
    a.add_(1)
except RuntimeError as e:
    print("a.add_(1) ->", first_sentence(e))
changed = not torch.equal(a, before)
print("a before:", before, "| after:", a, "— the failed add_ wrote its result anyway: the "
      "error is no guard for the values" if changed else "— unchanged")

b = a.clone()  # one way out the error suggests (the other: torch.no_grad() instead)
b.add_(1)
print("b.is_inference():", b.is_inference(), "| b * q requires grad:", (b * q).requires_grad)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### `torch.set_grad_enabled(flag)` — one code path for training and evaluation

# %% slideshow={"slide_type": "-"}
lin = nn.Linear(3, 1)
x4 = torch.randn(4, 3)

def forward(model, inputs, train):
    with torch.set_grad_enabled(train):  # as a context manager, with an argument
        return model(inputs)

print("train=True :", forward(lin, x4, True).requires_grad)
print("train=False:", forward(lin, x4, False).requires_grad)

torch.set_grad_enabled(False)  # as a plain call: off from here on...
print("after set_grad_enabled(False):", torch.is_grad_enabled(), lin(x4).requires_grad)
torch.set_grad_enabled(True)  # ...until you switch it back on yourself
print("after set_grad_enabled(True): ", torch.is_grad_enabled(), lin(x4).requires_grad)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### `model.eval()` — a different switch altogether
#
# `eval()` switches Dropout and BatchNorm to their evaluation behaviour. Watch what it does, and
# what it does not do, to gradient tracking. For inference you usually want both:
# `model.eval()` for the layers, and `torch.no_grad()` or `torch.inference_mode()` for autograd.

# %% slideshow={"slide_type": "-"}
torch.manual_seed(0)
net_d = nn.Sequential(nn.Linear(3, 8), nn.BatchNorm1d(8), nn.Dropout(p=0.5))
x8 = torch.randn(4, 3)

net_d.train()
print("train(): two calls agree?", torch.equal(net_d(x8), net_d(x8)))  # new dropout mask each call
net_d.eval()
out = net_d(x8)
print("eval():  two calls agree?", torch.equal(out, net_d(x8)))
print("after eval(): out.requires_grad =", out.requires_grad,
      "| grad enabled:", torch.is_grad_enabled())
mean_before = net_d[1].running_mean.clone()
net_d(x8)  # in eval mode BatchNorm uses its running statistics and does not update them
print("eval() forward left BatchNorm's running mean unchanged:",
      torch.equal(mean_before, net_d[1].running_mean))


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### All at once: what a tensor made under each switch can do later
#
# Read the table row by row: which switches leave ordinary tensors behind, and which one leaves
# tensors with lasting restrictions?

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
def afterwards(mode) -> dict:
    """Make t = p * 2 under `mode`, then try things with t once the mode is over."""
    def fresh():
        with mode():
            return p * 2
    row = {"requires_grad": str(fresh().requires_grad)}
    for test, step in [("saved by t * q", lambda t: t * q),
                       ("requires_grad_()", lambda t: t.requires_grad_()),
                       ("in-place add_(1)", lambda t: t.add_(1))]:
        try:
            step(fresh())
            row[test] = "ok"
        except RuntimeError:
            row[test] = "RuntimeError"
    return row


modes = {"tracking on": contextlib.nullcontext, "no_grad()": torch.no_grad,
         "inference_mode()": torch.inference_mode,
         "set_grad_enabled(False)": lambda: torch.set_grad_enabled(False)}
columns = ["requires_grad", "saved by t * q", "requires_grad_()", "in-place add_(1)"]
# shown words, kept apart from the keys the code looks up: a translation changes only these
# (LABEL.get(word, word) shows a word that is not listed, such as an API name, as it is)
LABEL = {"tracking on": "tracking on", "saved by t * q": "saved by t * q",
         "in-place add_(1)": "in-place add_(1)"}
print(f"{'made under':24}" + "".join(f"{LABEL.get(c, c):>21}" for c in columns))
for name, mode in modes.items():
    row = afterwards(mode)
    print(f"{LABEL.get(name, name):24}" + "".join(f"{row[c]:>21}" for c in columns))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C06 · §1 — Tracking changes the cost, not the answer
#
# **The claim.** For inference, whether gradients are tracked makes no difference to the
# results, but it does change the cost in time and memory; and one switch that turns tracking
# off spares you setting `requires_grad=False` on every parameter.
#
# **The reading we test,** for a small MLP on `device`:
# 1. the outputs with and without tracking are equal;
# 2. with tracking autograd keeps tensors for backward (bytes > 0); without it, none (0 bytes);
#    time and peak memory are shown, not judged: they depend on the machine and its load;
# 3. `with torch.no_grad()` gives the same outputs as `requires_grad=False` on every parameter,
#    and neither keeps a graph.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** With tracking on or off, the outputs are identical; what changes is
# the memory autograd keeps for backward and the time it takes. One
# `torch.no_grad()` block replaces a flag on every parameter.
#
# **They bring.** The article's point <span lang="zh">「对结果是没有影响的」</span> (no
# effect on the result) is right, but learners often believe the opposite: that
# `no_grad` changes predictions, or that `model.eval()` switches tracking off.
#
# **Ask first.** Inside `torch.no_grad()`, will the model's outputs differ? Will
# less memory be kept?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** The MLP below maps 64 → 256 → 256 → 10 features on a batch of 128. During one
# forward pass with tracking, autograd keeps what each operation's backward will need. Which
# tensors would you guess that is: the input, the weights, the hidden activations, the
# output? (The rule, and the bytes, come after the run.)

# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
B, D_IN, D_HID, D_OUT = 128, 64, 256, 10
net = nn.Sequential(nn.Linear(D_IN, D_HID), nn.ReLU(), nn.Linear(D_HID, D_HID), nn.ReLU(),
                    nn.Linear(D_HID, D_OUT)).to(device)
x = torch.randn(B, D_IN, device=device)
print(f"measuring on: {device} | batch {B} | layers:", [tuple(m.weight.shape[::-1]) for m in
                                                        net if isinstance(m, nn.Linear)])

with saved_for_backward(x, *net.parameters()) as saved_on:
    y_on = net(x)
with torch.no_grad(), saved_for_backward() as saved_off:
    y_off = net(x)
with torch.inference_mode(), saved_for_backward() as saved_inf:
    y_inf = net(x)

print("outputs equal (torch.equal): no_grad", torch.equal(y_on, y_off),
      "| inference_mode", torch.equal(y_on, y_inf))
print(f"kept for backward: tracking on {saved_on.bytes:,} B ({saved_on.count} saves) | "
      f"no_grad {saved_off.bytes} B | inference_mode {saved_inf.bytes} B")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The theory, layer by layer.** A Linear layer keeps its *input* when its weight needs a
# gradient (the weight's gradient is made from it), and its *weight*, as `Wᵀ`, when its input
# needs one (the first layer's `x` does not). A ReLU keeps its *output*: the gradient passes
# where the output is positive. The ReLU's output is also the next Linear's input: one tensor,
# saved twice, stored once.
#
# | layer | keeps | shape |
# |---|---|---|
# | Linear 1 | its input `x` | B × 64 |
# | ReLU 1 | its output `h1` | B × 256 |
# | Linear 2 | `h1` (again) and `W2ᵀ` | 256 × 256 |
# | ReLU 2 | its output `h2` | B × 256 |
# | Linear 3 | `h2` (again) and `W3ᵀ` | 256 × 10 |

# %% slideshow={"slide_type": "subslide"}
theory_input = tensor_bytes((B, D_IN))  # x: a leaf, it lives anyway
theory_acts = tensor_bytes((B, D_HID), (B, D_HID))  # h1, h2: memory tracking adds
theory_weights = tensor_bytes(net[2].weight.shape, net[4].weight.shape)  # W2ᵀ, W3ᵀ
theory_total = theory_input + theory_acts + theory_weights

print(f"{'':28}{'theory':>10}{'measured':>10}")
print(f"{'all saved storages':28}{theory_total:>10,}{saved_on.bytes:>10,}")
print(f"{'living anyway: x, W2, W3':28}{theory_input + theory_weights:>10,}"
      f"{saved_on.existing_bytes:>10,}")
print(f"{'added: h1 + h2':28}{theory_acts:>10,}{saved_on.added_bytes:>10,}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# `W2ᵀ` is a *view* of `W2`, the same storage, so it costs no new memory. What tracking really
# adds is the activations, `h1 + h2`, and that part grows with the batch `B`.
#
# **See.** The first two layers, run again on the same `x` (the whole MLP is too wide to read).
# Every orange ellipse is a tensor kept for backward, joined by a dotted line to the op that
# saved it: `x`, `h1` twice (by the ReLU and by the second Linear) and `W2ᵀ`, which the graph
# labels "the values of W2": it shares W2's storage. The third layer repeats the second.

# %% slideshow={"slide_type": "subslide"}
h1 = net[1](net[0](x))  # the first two layers again, on the same x
two_layers = net[2](h1)
draw(two_layers, names={"x": x, "W1": net[0].weight, "b1": net[0].bias, "h1": h1,
                        "W2": net[2].weight, "b2": net[2].bias}, legend=False, show_saved=True)


# %% [markdown] slideshow={"slide_type": "subslide"}
# Now time. Each function below runs one forward pass; `median_seconds` times it with
# `torch.utils.benchmark`, and `peak_memory_bytes` measures how far memory rose while it ran
# (CUDA's allocator statistics on a GPU, the resident-memory high-water mark on a Linux CPU).

# %% slideshow={"slide_type": "-"}
def forward_on():
    return net(x)

def forward_no_grad():
    with torch.no_grad():
        return net(x)

def forward_inference():
    with torch.inference_mode():
        return net(x)


runs = {"tracking on": forward_on, "no_grad": forward_no_grad, "inference_mode": forward_inference}
# shown words, kept apart from the keys the code looks up: a translation changes only these
RUN_LABEL = {"tracking on": "tracking on", "no_grad": "no_grad", "inference_mode": "inference_mode"}
secs = {k: median_seconds(f, min_run_time=0.1) for k, f in runs.items()}
peaks = {k: peak_memory_bytes(f, device) for k, f in runs.items()}
added_bytes = {"tracking on": saved_on.added_bytes, "no_grad": saved_off.added_bytes,
               "inference_mode": saved_inf.added_bytes}  # kept for backward, beyond x and weights

# %% slideshow={"slide_type": "subslide"}
# What each way cost on this machine: time, bytes tracking added for backward, peak memory.
print("measured on:", device)
for k in runs:
    peak = f"{peaks[k]:,} B" if peaks[k] is not None else "not measurable on this system"
    print(f"{RUN_LABEL[k]:15}{secs[k] * 1e6:9.1f} µs   added {added_bytes[k]:>9,} B   peak {peak}")
ratio = secs["inference_mode"] / secs["no_grad"]
display(Markdown(
    f"In this run on `{device}`, `inference_mode` took {secs['inference_mode'] * 1e6:.1f} µs "
    f"per forward pass and `no_grad` {secs['no_grad'] * 1e6:.1f} µs: inference mode was "
    f"{abs(1 - ratio):.1%} {'faster' if ratio < 1 else 'slower'}. What it can save is "
    "per-tensor bookkeeping (version counters, view tracking), small next to this MLP's matrix "
    "products, so either order can come out on a busy machine: run the cell again and compare."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Left: time per forward pass (noisy, on a shared CPU especially). Middle: the memory
# tracking adds (`h1` and `h2`). Right, where it could be measured: the peak memory of one
# forward pass. With tracking, the activations kept for backward are all alive at the end;
# without it, each is freed once the next layer has used it.

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
panels = [("time per forward (µs)", {k: s * 1e6 for k, s in secs.items()}),
          ("added for backward (KiB)", {k: b / 1024 for k, b in added_bytes.items()})]
if all(v is not None for v in peaks.values()):
    panels.append(("peak memory (KiB)", {k: b / 1024 for k, b in peaks.items()}))
fig, axes = plt.subplots(1, len(panels), figsize=(3.2 * len(panels), 3))
for ax, (label, values) in zip(axes, panels, strict=True):
    bars = ax.bar([RUN_LABEL[k] for k in values], list(values.values()),
                  color=["tab:red", "tab:blue", "tab:green"])
    ax.bar_label(bars, fmt="%.0f", fontsize=8)
    ax.set_ylabel(label)
    ax.tick_params(axis="x", labelrotation=25)
fig.suptitle(f"one forward pass of the MLP, batch {B}, on {device}")
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# The time bars are often close on a CPU: recording the graph is cheap next to the matrix
# products, while the memory difference is exact. Try a larger batch or hidden size.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### One switch, or one flag per parameter?
#
# The alternative the article mentions: set `requires_grad=False` on every parameter yourself.

# %% slideshow={"slide_type": "-"}
param_list = list(net.parameters())
for param in param_list:  # the per-parameter way: touch every parameter...
    param.requires_grad_(False)
with saved_for_backward() as saved_frozen:
    y_frozen = net(x)
print(f"flags flipped: {len(param_list)} | y_frozen.requires_grad: {y_frozen.requires_grad}"
      f" | kept for backward: {saved_frozen.bytes} B")
print("same output as under no_grad:", torch.equal(y_frozen, y_off))


# %% [markdown] slideshow={"slide_type": "subslide"}
# Same answer, no graph. But the flags now live *in the model*, and they do not cover the input:

# %% slideshow={"slide_type": "skip"} tags=["hide-input"]
def kept_names(model, inputs):
    """Run model layer by layer and name, in order, each storage autograd keeps for backward."""
    saved = []
    with torch.autograd.graph.saved_tensors_hooks(
            lambda t: saved.append(t.untyped_storage().data_ptr()) or t, lambda t: t):
        acts = [inputs]
        for layer in model:
            acts.append(layer(acts[-1]))
    label = {acts[0].untyped_storage().data_ptr(): "x"}
    for i, layer in enumerate(model):
        if isinstance(layer, nn.Linear):
            label[layer.weight.untyped_storage().data_ptr()] = f"W{i // 2 + 1}ᵀ"
        else:
            label[acts[i + 1].untyped_storage().data_ptr()] = f"h{i // 2 + 1}"
    return list(dict.fromkeys(label.get(ptr, "another tensor") for ptr in saved))


# %% slideshow={"slide_type": "-"}
x_tracked = x.clone().requires_grad_()  # e.g. an input that came out of another network
with saved_for_backward() as saved_leak:
    y_leak = net(x_tracked)
print(f"frozen model, tracked input: requires_grad {y_leak.requires_grad}, "
      f"kept {saved_leak.bytes:,} B for backward: {', '.join(kept_names(net, x_tracked))}")
try:
    net(x).sum().backward()  # later, someone trains the model and forgot the flags
except RuntimeError as e:
    print("training the mutated model ->", first_sentence(e))

# %% slideshow={"slide_type": "subslide"}
for param in param_list:  # ...and remember to undo it afterwards
    param.requires_grad_(True)
print("model restored:", all(param.requires_grad for param in net.parameters()))

with torch.no_grad(), saved_for_backward() as saved_switch:
    y_switch = net(x_tracked)  # one switch covers the input too, and touches nothing
print(f"no_grad, tracked input: requires_grad {y_switch.requires_grad}, "
      f"kept {saved_switch.bytes} B")

# %% slideshow={"slide_type": "subslide"}
results_equal = torch.allclose(y_on, y_off) and torch.allclose(y_on, y_inf)
tracking_costs = saved_on.bytes > 0 and saved_off.bytes == 0 and saved_inf.bytes == 0
one_switch_same = (torch.allclose(y_frozen, y_off) and y_frozen.grad_fn is None
                   and y_off.grad_fn is None and saved_frozen.bytes == 0)
observed = judge(holds=results_equal and tracking_costs and one_switch_same)
check("C06", observed,
      evidence=f"on {device}: outputs with and without tracking equal (torch.equal "
               f"{torch.equal(y_on, y_off)}); tracking kept {saved_on.bytes:,} B for backward "
               f"({theory_total:,} B predicted from the layer shapes), no_grad and "
               f"inference_mode kept {saved_off.bytes} and {saved_inf.bytes} B; one forward "
               f"took {secs['tracking on'] * 1e6:.0f} µs with tracking, "
               f"{secs['no_grad'] * 1e6:.0f} µs without (shown, not judged); no_grad equals "
               f"requires_grad=False on all {len(param_list)} parameters, without touching "
               "the model")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# The frozen `net` on a tracked input kept five tensors (above): each `Wᵀ` and the ReLUs'
# `h1`, `h2`; no Linear kept its input. Now the usual fine-tuning case: only the
# **first** Linear layer frozen, the others trainable, on a plain input (no `requires_grad`).
# Write `saved_bytes(batch)`, the bytes autograd keeps for one forward pass of that net on
# `batch` rows, from the shapes with `tensor_bytes` (one shape per tensor), not by measuring.
# **Predict first:** which layers keep anything at all? The check measures a copy of `net`
# set up that way for batch sizes you have not seen.

# %% slideshow={"slide_type": "-"}
def saved_bytes(batch: int) -> int:
    """Bytes autograd keeps for one forward pass of `net` with only its first Linear frozen,
    on a `batch`-row input that does not require grad."""
    return ...  # from the layer shapes, with tensor_bytes


self_check("03.2", saved_bytes=saved_bytes, net=net)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Read more
#
# - [Autograd mechanics: locally disabling gradient computation](https://pytorch.org/docs/stable/notes/autograd.html#locally-disabling-gradient-computation)
# - [`torch.no_grad`](https://pytorch.org/docs/stable/generated/torch.no_grad.html)
# - [`torch.inference_mode`](https://pytorch.org/docs/stable/generated/torch.inference_mode.html)
# - [`torch.set_grad_enabled`](https://pytorch.org/docs/stable/generated/torch.set_grad_enabled.html)
# - [`torch.nn.Module.eval`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval)
# - [A gentle introduction to `torch.autograd`](https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C05** — `volatile=True` still runs but only warns: the "volatile" result requires grad and
#   keeps a graph. Today's switches are `torch.no_grad()`, `torch.inference_mode()` and
#   `torch.set_grad_enabled(False)`; `model.eval()` changes layers, not gradient tracking.
# - **C06** — tracking on or off, the outputs are the same; with tracking autograd keeps the
#   tensors the layer shapes predict, without it none; one `torch.no_grad()` does what a flag
#   on every parameter does, covers the input too, and leaves the model untouched.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [02 · Modules and parameters: requires_grad in a network](02_modules_and_parameters.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/02_modules_and_parameters.ipynb))
#
# **Next →:**
# [04 · Leaves, intermediates, and where gradients end up](04_leaf_and_intermediate_grads.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/04_leaf_and_intermediate_grads.ipynb))
