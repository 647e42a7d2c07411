# %% [markdown] slideshow={"slide_type": "slide"}
# # 07 · retain_graph and several losses
#
# The article says that `backward()` frees the graph, that a second call needs
# `retain_graph=True`, and that several losses can pour their gradients into one network.
# Here you will find out exactly *what* gets freed, what keeping it costs, and whether one
# backward per loss or one on their sum is the better way to train on several losses.
#
# Claims checked here: **C10**, **C11**.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/07_retain_graph.ipynb)

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
from statistics import median

import matplotlib.pyplot as plt
import torch
from torch import nn

from helpers import check, judge, self_check
from helpers.graph import draw
from helpers.steps import backward_steps
from helpers.measure import (
    median_seconds,
    peak_memory_bytes,
    saved_bytes_alive,
    saved_for_backward,
    tensor_bytes,
)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C10 · §1 — What does "the graph is freed" mean?
#
# **The claim.** By default every `backward()` frees the computation graph. If you want to
# call `backward()` again on the same graph, without running the forward pass again, the
# first call has to be given `retain_graph=True`.
#
# **The reading we test:** after `backward()` the graph is gone, and a second `backward()`
# through it fails unless the earlier call passed `retain_graph=True`. We look at which part
# of the graph is really freed.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** By default backward frees the tensors the graph saved; a second
# backward through them fails, unless the first kept them with
# `retain_graph=True`. A graph that saved nothing can be walked twice anyway.
#
# **They bring.** The article says <span lang="zh">「默认会把整个计算图free掉」</span>
# (frees the whole graph). Learners picture the nodes disappearing; it is the
# saved tensors that go.
#
# **Ask first.** After `z.backward()`, is the graph gone, or only part of it?
# Can `(a + b).sum()` be backpropagated twice?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** After `z.backward()`, which of these still exist: the backward functions
# (`z.grad_fn` and the nodes behind it), the tensors they saved during the forward pass, both,
# or neither? And what does a second `z.backward()` do?

# %% slideshow={"slide_type": "subslide"}
x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
w = torch.tensor([3.0, -1.0, 2.0], requires_grad=True)
y = x.exp()          # ExpBackward0 keeps its result: the derivative of e^x is e^x
z = (y * w).sum()    # MulBackward0 keeps both factors, y and w

print("what y.grad_fn saved:", [a for a in dir(y.grad_fn) if a.startswith("_saved_")])
print("y.grad_fn._saved_result =", y.grad_fn._saved_result)

# %% slideshow={"slide_type": "subslide"}
# See: rounded boxes are backward functions; the orange ellipses tied to them by dotted lines
# are the tensors they saved in the forward pass, because their gradient formula needs them.
draw(z, names={"x": x, "w": w, "y": y, "z": z})

# %% slideshow={"slide_type": "subslide"}
# Now run backward once (recording each step), poke at the same node, try a second backward.
first_pass = backward_steps(z, names={"x": x, "w": w, "y": y, "z": z})  # a real backward()
print("x.grad =", x.grad)
try:
    y.grad_fn._saved_result
    saved_error = None
except RuntimeError as error:
    saved_error = str(error)
print("reading y.grad_fn._saved_result now:", "RuntimeError" if saved_error else "still there")

mul = z.grad_fn.next_functions[0][0]
chain = [type(z.grad_fn).__name__, type(mul).__name__,
         [type(fn).__name__ for fn, _ in mul.next_functions]]
print("but the nodes are all still here:", chain)
print("and SumBackward0 still knows the input's shape:", z.grad_fn._saved_self_sym_sizes)
try:
    z.backward()
    second_error = None
except RuntimeError as error:
    second_error = str(error)
print("second z.backward():", second_error)

# %% [markdown] slideshow={"slide_type": "subslide"}
# So *freed* means: the **saved tensors** are released. The nodes and their links stay, and so
# do small non-tensor values such as a shape. The second backward raised the error printed
# above: saved values were already freed, and `retain_graph=True` would have kept them.
# **Predict**, then **watch** the first pass again, one node at a time: at which step is each
# saved tensor freed — all at the end, or each as soon as its node has run? The last step is
# the graph as backward left it: every node still there, every saved tensor a dashed ghost.

# %% slideshow={"slide_type": "subslide"}
# The first pass again: at which step is each saved tensor freed?
first_pass

# %% slideshow={"slide_type": "subslide"}
# With retain_graph=True on the first call, the saved tensors survive it.
x.grad = w.grad = None
z = (x.exp() * w).sum()
kept = backward_steps(z, retain_graph=True)  # the same backward(retain_graph=True), recorded
print("saved tensors freed during that pass:", [name for step in kept for name in step.freed])
first = x.grad.clone()
z.backward()                      # works: nothing was freed by the first call
retain_worked = torch.allclose(x.grad, 2 * first)
print("x.grad after one call:", first, "\nafter two calls:   ", x.grad)
try:
    z.backward()                  # the second call had no retain_graph, so now it is freed
    third_failed = False
except RuntimeError:
    third_failed = True
print("third call fails:", third_failed)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Notice that the second call **added** to `x.grad` instead of replacing it: gradients
# accumulate (more on that in notebook 08, under C12). A consequence of what is freed: a graph
# whose nodes saved **no tensors** has nothing to free. **See** its graph below: no orange ellipses.
# `AddBackward0` keeps only the number `alpha`, and `SumBackward0` only the shape:
# neither is a tensor, nor ever freed.

# %% slideshow={"slide_type": "-"}
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0], requires_grad=True)
s = (a + b).sum()    # d(a+b)/da = 1 and sum's backward only needs a shape: no saved tensors
s.backward()
after_one = a.grad.clone()
s.backward()         # no retain_graph, and no error
twice_without_retain = torch.equal(a.grad, 2 * after_one)
print("a.grad after one call:", after_one, " after two:", a.grad)
draw(s, names={"a": a, "b": b, "s": s}, legend=False)

# %% [markdown] slideshow={"slide_type": "notes"}
# The error is raised when a node tries to *unpack* a saved tensor that backward already
# released, not by a "graph was used" flag. A graph of ops whose gradients do not depend on
# values (add, subtract, negate, sum) unpacks nothing, so it runs again and again: an
# implementation detail not to build on, and not what the verdict rests on.
# `retain_graph=True` copies nothing: it tells the engine not to release the saved tensors.

# %% slideshow={"slide_type": "subslide"}
saved_freed = saved_error is not None and "freed" in saved_error
second_failed = second_error is not None and "retain_graph=True" in second_error
nodes_survive = chain == ["SumBackward0", "MulBackward0", ["ExpBackward0", "AccumulateGrad"]]
observed = judge(holds=saved_freed and second_failed and retain_worked and third_failed,
                 exception=nodes_survive)
check("C10", observed,
      evidence="after backward() the saved tensors are freed (reading _saved_result raises), "
               f"but the graph is not: its nodes {chain} are all still linked ({nodes_survive}); "
               f"a second backward() raises '{(second_error or '').split(' (')[0]}', and works "
               f"with retain_graph=True (x.grad doubled: {retain_worked}). (a + b).sum(), whose "
               f"nodes saved no tensors, ran backward twice ({twice_without_retain})")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# A Python number as a factor: `(2 * a).sum()`. Multiplying by a constant has a constant
# derivative; predict whether this graph survives a second `backward()` without
# `retain_graph`. Then write `twice_mean(v)`: twice the **mean** of any tensor `v`, from a
# graph that saves **no** tensor. The check calls it on tensors of its own and runs `backward()`
# twice on each result, without `retain_graph`.

# %% slideshow={"slide_type": "-"}
def twice_mean(v):
    return ...  # twice the mean of v, from a graph that saves no tensor


self_check("07.1", twice_mean=twice_mean)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C11 · §1 — Several losses, one forward pass
#
# **The claim.** Run the network forward once and compute several losses from it. Calling
# `backward()` on each loss in turn — with `retain_graph=True` on all but the last — adds all
# their gradients into the same network's parameters.
#
# **The reading we test:** the gradients from the per-loss calls equal those of a single
# `backward()` on the sum of the losses, and `retain_graph=True` is really needed for the
# earlier calls. Then we measure what the per-loss way costs next to summing first.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Several backward calls over one forward pass, all but the last with
# `retain_graph=True`, add up to the same gradients as one backward on the sum
# of the losses. The notebook measures what the kept graphs cost.
#
# **They bring.** The article allows for <span lang="zh">「多个不同loss的backward()」</span>
# (a backward per loss) when losses are complex. Learners make it their habit,
# keep graphs alive they do not need, and pay in time and memory.
#
# **Ask first.** Three losses: three backward calls or one backward on their
# sum. Same gradients?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Will three `backward()` calls give exactly the gradients of one backward on
# `loss_a + loss_b + loss_c`? If so, which way is faster, and which keeps saved tensors alive
# for longer?

# %% slideshow={"slide_type": "subslide"}
B, D, H, C = 64, 32, 256, 10   # batch, inputs, hidden units, classes
torch.manual_seed(0)
trunk = nn.Sequential(nn.Linear(D, H), nn.ReLU(), nn.Linear(H, H), nn.ReLU()).to(device)
head = nn.Linear(H, C).to(device)
params = [*trunk.parameters(), *head.parameters()]
inputs = torch.randn(B, D, device=device)
labels = torch.randint(0, C, (B,), device=device)


def forward_and_losses():
    h = trunk(inputs)
    logits = head(h)
    return [nn.functional.cross_entropy(logits, labels),  # classify
            logits.pow(2).mean(),                         # keep the logits small
            h.abs().mean()]                               # keep the hidden layer sparse


def zero_grads():
    for p in params:
        p.grad = None


loss_a, loss_b, loss_c = forward_and_losses()
loss_a.backward()               # no retain_graph ...
try:
    loss_b.backward()           # ... so the shared layers' saved tensors are gone
    no_retain_failed = False
except RuntimeError as error:
    no_retain_failed = True
    print("loss_b.backward() without retain_graph:", str(error).split(" (")[0])


# %% slideshow={"slide_type": "subslide"}
def step_each():
    """One forward pass, then backward() per loss: retain_graph=True on all but the last."""
    *earlier, last = forward_and_losses()
    for loss in earlier:
        loss.backward(retain_graph=True)
    last.backward()


def step_sum():
    """One forward pass, then one backward() on the sum of the losses."""
    sum(forward_and_losses()).backward()


zero_grads()
step_each()
grads_each = [p.grad.clone() for p in params]
zero_grads()
step_sum()
grads_sum = [p.grad.clone() for p in params]

pairs = list(zip(grads_each, grads_sum, strict=True))
same_grads = all(torch.allclose(g, s, rtol=1e-5, atol=1e-7) for g, s in pairs)
worst = max((g - s).abs().max().item() for g, s in pairs)
print(f"same gradients: {same_grads} (largest difference {worst:.2e})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Same gradients — now the cost. First, how many bytes the forward pass saves for backward
# (measured with `saved_for_backward()`), next to what the layer shapes predict:

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
with saved_for_backward() as saved:
    losses = forward_and_losses()

theory = {
    "layer-1 input (B×D)": tensor_bytes((B, D)),
    "2 ReLU outputs = inputs of layers 2, 3 (B×H)": tensor_bytes((B, H), (B, H)),
    "weights of layers 2, 3 (H×H, C×H)": tensor_bytes((H, H), (C, H)),
    "logits, for pow (B×C)": tensor_bytes((B, C)),
    "log-softmax + int64 labels + 1 weight": tensor_bytes((B, C), ())
    + tensor_bytes((B,), dtype=torch.int64),
}
# shown words, kept apart from the keys the code looks up: a translation changes only these
THEORY_LABEL = {
    "layer-1 input (B×D)": "layer-1 input (B×D)",
    "2 ReLU outputs = inputs of layers 2, 3 (B×H)":
        "2 ReLU outputs = inputs of layers 2, 3 (B×H)",
    "weights of layers 2, 3 (H×H, C×H)": "weights of layers 2, 3 (H×H, C×H)",
    "logits, for pow (B×C)": "logits, for pow (B×C)",
    "log-softmax + int64 labels + 1 weight": "log-softmax + int64 labels + 1 weight",
}
for what, n in theory.items():
    print(f"  {THEORY_LABEL[what]:<46} {n:>9,} B")
print(f"theory: {sum(theory.values()):,} B   measured: {saved.bytes:,} B in {saved.count} saves")
weights = theory["weights of layers 2, 3 (H×H, C×H)"]
print(f"of which weights, alive anyway: {weights:,} B; activations that tracking adds: "
      f"{saved.bytes - weights:,} B")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Then how long those bytes stay **alive** (`saved_bytes_alive` adds up the saved tensors of a
# graph that can still be read), and the time and peak memory of one step each way.
#
# **See.** Left: time for one forward plus backward (shown, not judged: the machine may be
# busy). Right: the bytes of saved tensors still alive after each call. The per-loss run's
# last point is not zero: a call without `retain_graph` frees only what the nodes it *ran
# through* saved. The branches that only `loss_a` and `loss_b` used were backwarded with
# `retain_graph=True`, so their saved tensors stay alive until those loss tensors themselves
# are deleted (`del losses`).

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
zero_grads()
losses = forward_and_losses()
alive_each = [saved_bytes_alive(*losses)]
for i, loss in enumerate(losses):
    loss.backward(retain_graph=i < len(losses) - 1)
    alive_each.append(saved_bytes_alive(*losses))
zero_grads()
total = sum(forward_and_losses())
alive_sum = [saved_bytes_alive(total)]
total.backward()
alive_sum.append(saved_bytes_alive(total))
print("bytes alive, one backward per loss:  ", alive_each)
print("bytes alive, one backward on the sum:", alive_sum)

steps = {"backward per loss": step_each, "backward on the sum": step_sum}
# shown words, kept apart from the keys the code looks up: a translation changes only these
STEP_LABEL = {"backward per loss": "backward per loss",
              "backward on the sum": "backward on the sum"}
seconds = {k: median_seconds(f, min_run_time=0.15) for k, f in steps.items()}
peaks = {k: [] for k in steps}
for _ in range(4):  # in turns, to see how far each moves on its own from run to run
    for k, f in steps.items():
        peaks[k].append(peak_memory_bytes(f, device))
zero_grads()
print(f"measured on {device}:",
      {STEP_LABEL[k]: f"{v * 1e3:.2f} ms" for k, v in seconds.items()})
if any(None in runs for runs in peaks.values()):
    print("peak memory: not measurable on this system")
else:
    spread = max(max(runs) - min(runs) for runs in peaks.values())
    gap = abs(median(peaks["backward per loss"]) - median(peaks["backward on the sum"]))
    print("peak memory, 4 runs each:",
          {STEP_LABEL[k]: f"{min(v) / 1024:.0f}-{max(v) / 1024:.0f} KiB"
           for k, v in peaks.items()})
    print(f"each way moves by up to {spread / 1024:.0f} KiB between its own runs, "
          + (f"at least the gap between the two ({gap / 1024:.0f} KiB): this measurement "
             "cannot tell them apart" if spread >= gap else
             f"less than the gap between the two ({gap / 1024:.0f} KiB)"))

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
left.bar([STEP_LABEL[k] for k in seconds], [s * 1e3 for s in seconds.values()],
         color=["tab:orange", "tab:blue"])
left.set_ylabel("median time per step (ms)")
left.set_title(f"forward + backward on {device}", fontsize=10)
right.step(range(len(alive_each)), [b / 1024 for b in alive_each], where="post",
           marker="o", color="tab:orange", label="backward per loss")
right.step(range(len(alive_sum)), [b / 1024 for b in alive_sum], where="post",
           marker="s", color="tab:blue", label="backward on the sum")
right.set_xticks(range(4), ["forward", "call 1", "call 2", "call 3"])
right.set_ylabel("saved tensors alive (KiB)")
right.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Where the bytes go: layer 1's weight is not saved, because it is only needed for the
# gradient with respect to the input, and `inputs` does not require one. The weights of
# layers 2 and 3 are saved by reference (no copy), so they cost nothing extra; the
# activations are what tracking adds. `saved_for_backward()` counts each storage once: a ReLU
# output that is also the next layer's input is stored, and counted, once.
#
# Why the per-loss way does more work: each `backward()` walks every node between its loss
# and the leaves, so the shared trunk is backwarded once per loss, while the sum sends one
# combined gradient through it once (autograd adds the incoming gradients where the branches
# meet, as the per-loss calls did in `.grad`). Prefer `sum(losses).backward()`; keep per-loss
# calls for when you need something in between, such as each loss's own gradient.

# %% slideshow={"slide_type": "subslide"}
observed = judge(holds=same_grads and no_retain_failed)
check("C11", observed,
      evidence=f"three backward() calls (retain_graph on the first two) gave the same gradients "
               f"as one backward on the sum (largest difference {worst:.1e}); without "
               f"retain_graph the second call failed. Cost on {device}: "
               f"{seconds['backward per loss'] * 1e3:.2f} ms vs "
               f"{seconds['backward on the sum'] * 1e3:.2f} ms per step; {saved.bytes:,} B saved "
               f"(theory {sum(theory.values()):,} B), {alive_each[-1]:,} B still alive after the "
               "last per-loss call")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# In the per-loss way, how many times does the gradient reach layer 1's weight
# (`trunk[0].weight`) during one training step with our three losses? Predict it, then count
# it: register a hook on that weight that appends to `calls` each time. The check runs
# training steps and backward passes of its own, and compares `len(calls)` with its count.

# %% slideshow={"slide_type": "-"}
calls = []
handle = ...  # a hook on layer 1's weight that appends to calls
self_check("07.2", handle=handle, calls=calls, step=step_each, weight=trunk[0].weight)
zero_grads()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Read more
#
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.Tensor.backward`](https://pytorch.org/docs/stable/generated/torch.Tensor.backward.html)
#   (`retain_graph`)
# - [`torch.Tensor.register_hook`](https://pytorch.org/docs/stable/generated/torch.Tensor.register_hook.html)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C10** — `backward()` frees the **saved tensors**, not the graph: its nodes and links
#   survive, so "frees the graph" is too broad. A second call through nodes that saved
#   tensors fails unless the first had `retain_graph=True`.
# - **C11** — per-loss `backward()` calls with `retain_graph=True` give the same gradients as
#   one backward on the sum; the sum does less work (the shared part is backwarded once) and
#   leaves nothing retained.
#
# Both showed gradients adding up in `.grad`. Notebook 08 (`08_accumulate_and_step`) picks
# that up: when the adding stops, and what the optimizer does with it.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [06 · detach: cutting the graph](06_detach.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/06_detach.ipynb))
#
# **Next →:**
# [08 · Accumulating gradients, and what the optimizer updates](08_accumulate_and_step.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/08_accumulate_and_step.ipynb))
