# %% [markdown] slideshow={"slide_type": "slide"}
# # 07 · retain_graph, several losses, and accumulating gradients
#
# The article says that `backward()` frees the graph, that a second call needs
# `retain_graph=True`, that several losses can pour their gradients into one network, and that
# working out gradients and updating weights are two separate steps. Here you will find out
# exactly *what* gets freed, what keeping it costs, where gradients pile up, and which weights
# an optimizer really touches.
#
# Claims checked here: **C10**, **C11**, **C12**, **C13**.
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
import inspect
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
# accumulate (more on that under C12). A consequence of what is freed: a graph whose nodes
# saved **no tensors** has nothing to free. **See** its graph below: no orange ellipses.
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
# **They bring.** The article presents several backward calls as the way to
# combine losses. Learners then keep graphs alive they do not need, and pay in
# time and memory.
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
for what, n in theory.items():
    print(f"  {what:<46} {n:>9,} B")
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
seconds = {k: median_seconds(f, min_run_time=0.15) for k, f in steps.items()}
peaks = {k: [] for k in steps}
for _ in range(4):  # in turns, to see how far each moves on its own from run to run
    for k, f in steps.items():
        peaks[k].append(peak_memory_bytes(f, device))
zero_grads()
print(f"measured on {device}:", {k: f"{v * 1e3:.2f} ms" for k, v in seconds.items()})
if any(None in runs for runs in peaks.values()):
    print("peak memory: not measurable on this system")
else:
    spread = max(max(runs) - min(runs) for runs in peaks.values())
    gap = abs(median(peaks["backward per loss"]) - median(peaks["backward on the sum"]))
    print("peak memory, 4 runs each:", {k: f"{min(v) / 1024:.0f}-{max(v) / 1024:.0f} KiB"
                                        for k, v in peaks.items()})
    print(f"each way moves by up to {spread / 1024:.0f} KiB between its own runs, "
          + (f"at least the gap between the two ({gap / 1024:.0f} KiB): this measurement "
             "cannot tell them apart" if spread >= gap else
             f"less than the gap between the two ({gap / 1024:.0f} KiB)"))

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
left.bar(list(seconds), [s * 1e3 for s in seconds.values()], color=["tab:orange", "tab:blue"])
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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C12 · §2 — Gradients pile up until you clear them
#
# **The claim.** Working out gradients and updating the weights are two separate steps.
# Gradients that several losses produce on the same parameters can be added up first and
# applied afterwards in one update.
#
# **The reading we test:** `backward()` writes `.grad` and never the weights; `step()`
# changes the weights; `.grad` keeps adding up over calls and iterations until you clear it;
# and adding up gradients over micro-batches, then one `step()`, equals one step on the whole
# batch.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** `backward()` only fills `.grad`; weights change at `step()`.
# Gradients accumulate until they are reset, which is how several losses or
# micro-batches make one update.
#
# **They bring.** Learners believe backward updates the weights, or forget that
# `.grad` accumulates, and then see gradients that grow every iteration.
#
# **Ask first.** We call backward twice without resetting. What happens to
# `.grad`?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** You run forward and backward twice on the same data without clearing. Is
# `.grad` the gradient of one pass or twice that? And after `optimizer.zero_grad()`, what is
# in `.grad`: zeros, or something else?

# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
net = nn.Linear(4, 1)
data, target = torch.randn(8, 4), torch.randn(8, 1)
loss_fn = nn.MSELoss()                      # mean over every element: one per sample here
opt = torch.optim.SGD(net.parameters(), lr=0.1)

loss_fn(net(data), target).backward()
once = net.weight.grad.clone()
loss_fn(net(data), target).backward()       # a new forward pass, a second backward
doubled = torch.allclose(net.weight.grad, 2 * once)
print("after 1 backward:", once, "\nafter 2 backward:", net.weight.grad)

default = inspect.signature(torch.optim.Optimizer.zero_grad).parameters["set_to_none"].default
opt.zero_grad()                             # today's default: set_to_none=True
none_after = net.weight.grad is None
print(f"zero_grad() (set_to_none={default}) leaves .grad =", net.weight.grad)

loss_fn(net(data), target).backward()
opt.zero_grad(set_to_none=False)            # the 2017 behaviour: fill with zeros
zeros_after = net.weight.grad is not None and not net.weight.grad.any()
print("zero_grad(set_to_none=False) leaves .grad =", net.weight.grad)

# %% [markdown] slideshow={"slide_type": "notes"}
# `None` means "no gradient yet": the next `backward()` simply stores its gradient instead of
# adding to zeros, which saves memory and a pass over the tensor. Code that reads `.grad` right
# after `zero_grad()` must expect `None`. The default changed in PyTorch 2.0; in 2017
# `zero_grad()` filled zeros — which is what the comment in the article's §3 code says.

# %% slideshow={"slide_type": "subslide"}
# Now the two steps, one at a time. Watch the weights.
w_before = net.weight.detach().clone()
loss_fn(net(data), target).backward()
unchanged_by_backward = torch.equal(net.weight, w_before)
grad = net.weight.grad.clone()
opt.step()
changed_by_step = not torch.equal(net.weight, w_before)
sgd_rule = torch.allclose(net.weight, w_before - 0.1 * grad)
print(f"weights unchanged after backward(): {unchanged_by_backward}")
print(f"weights changed after step(): {changed_by_step}, and equal to w - lr·grad: {sgd_rule}")

# %% slideshow={"slide_type": "subslide"}
# Predict, then step: which node writes .grad, and does it overwrite or add to what is there?
torch.manual_seed(0)
tiny = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 1))
x_tiny = torch.tensor([[1.0, -1.0]])
tiny(x_tiny).sum().backward()                      # the first backward: .grad filled
# The second, step by step, each Linear one box. Watch a box's ".grad written" count up as
# its AccumulateGrad steps run, and the captions: "was ..., adds to it", not overwrite.
backward_steps(tiny(x_tiny).sum(), modules={"fc1": tiny[0], "fc2": tiny[2]})


# %% [markdown] slideshow={"slide_type": "subslide"}
# Accumulation on purpose: split the batch into 4 micro-batches, call `backward()` on each,
# step once. `MSELoss` takes the **mean** (over every element; here one per sample), so each
# micro-batch loss must be divided by the number of micro-batches:

# %% slideshow={"slide_type": "-"}
def grads_after(micro_batches, scale):
    net.zero_grad()
    for xb, yb in zip(data.chunk(micro_batches), target.chunk(micro_batches), strict=True):
        (loss_fn(net(xb), yb) * scale).backward()
    return torch.cat([p.grad.flatten() for p in net.parameters()])


big = grads_after(1, 1.0)
scaled = grads_after(4, 1 / 4)
unscaled = grads_after(4, 1.0)
micro_equal = torch.allclose(scaled, big, atol=1e-6)
ratio = (unscaled / big).mean().item()
print(f"batch of {len(data)} in 4 micro-batches of {len(data) // 4}, loss / 4 equals the "
      f"big batch: {micro_equal}")
print(f"4 micro-batches, no scaling: {ratio:.2f} × the big batch's gradient")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Left: the gradient's size over five iterations (no `step()`, so every iteration
# computes the same gradient): without `zero_grad()` the line climbs by one gradient per
# iteration, with it the line stays flat. Right: the gradient of each parameter for the whole
# batch and for the two micro-batch versions; the `loss / 4` bars match the whole batch's.

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
iterations = range(1, 6)
norm_kept, norm_cleared = [], []
for clear, norms in ((False, norm_kept), (True, norm_cleared)):
    net.zero_grad()
    for _ in iterations:
        if clear:
            opt.zero_grad()
        loss_fn(net(data), target).backward()
        norms.append(net.weight.grad.norm().item())

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
left.plot(iterations, norm_kept, "o-", label="never cleared")
left.plot(iterations, norm_cleared, "s-", label="zero_grad() each time")
left.set_xlabel("iteration")
left.set_ylabel("norm of weight.grad")
left.set_title(".grad over iterations (no step)", fontsize=10)
left.legend(fontsize=8)
idx = range(len(big))
for k, (label, g) in enumerate([("whole batch", big), ("4 micro, loss/4", scaled),
                                ("4 micro, unscaled", unscaled)]):
    right.bar([i + (k - 1) * 0.27 for i in idx], g.tolist(), width=0.27, label=label)
right.set_xticks(idx, ["w1", "w2", "w3", "w4", "b"])
right.set_ylabel("gradient")
right.set_title("one batch vs 4 micro-batches", fontsize=10)
right.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% slideshow={"slide_type": "subslide"}
observed = judge(holds=doubled and unchanged_by_backward and changed_by_step and micro_equal)
check("C12", observed,
      evidence=f"two backward() calls doubled .grad ({doubled}); weights unchanged after "
               f"backward() ({unchanged_by_backward}) and changed by step() ({changed_by_step}); "
               f"4 micro-batches with loss/4 gave the whole batch's gradient ({micro_equal}), "
               f"unscaled {ratio:.2f}×; zero_grad() now leaves .grad None ({none_after}), "
               f"zeros with set_to_none=False ({zeros_after})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Now with `nn.MSELoss(reduction="sum")`, and the batch split into `k` micro-batches: call
# `backward()` on each micro-batch's loss, scaled (or not) so that the accumulated gradient
# equals the whole batch's. The check runs `accumulate` on our `net` with `k=2`, and on nets,
# batches and `k` of its own.

# %% slideshow={"slide_type": "-"}
sum_loss = nn.MSELoss(reduction="sum")


def accumulate(net, data, target, k):
    net.zero_grad()
    ...  # k micro-batches (data.chunk(k), target.chunk(k)), a backward() on each one's sum_loss


self_check("07.3", accumulate=accumulate, net=net, data=data, target=target)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C13 · §2 — Gradients flow everywhere; the optimizer updates only what you give it
#
# **The claim.** Backpropagation applies the chain rule through every parameter on the path,
# yet the optimizer can update just the parameters you choose.
#
# **The reading we test:** in a three-layer network with an optimizer over layers 1 and 3
# only, `backward()` gives *every* layer's parameters a `.grad` — layer 1's gradient can only
# arrive by passing through layer 2 — and `step()` changes layers 1 and 3 while leaving layer 2
# bit-for-bit unchanged.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** The chain rule passes through every layer on the path, so all of them
# get a `.grad`. The optimizer moves only the parameters it was given.
#
# **They bring.** The article says the update <span
# lang="zh">「可以只更新想要更新的网络的参数」</span> (can update only what you want). Learners
# conclude that a layer left out of the optimizer also gets no gradient.
#
# **Ask first.** Layer two is left out of the optimizer. After backward, does it
# have a `.grad`? After step, did it move?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Layer 2 is not in the optimizer. Does layer 1 still get a gradient? Does
# layer 2? Which parameters will `step()` change?

# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))
layers = {"layer1": model[0], "layer2": model[2], "layer3": model[4]}
chosen = [*layers["layer1"].parameters(), *layers["layer3"].parameters()]
opt = torch.optim.SGD(chosen, lr=0.1)

named = {f"{k}.{n}": p for k, layer in layers.items() for n, p in layer.named_parameters()}
before = {name: p.detach().clone() for name, p in named.items()}
x, y = torch.randn(16, 4), torch.randn(16, 1)
loss = nn.functional.mse_loss(model(x), y)
loss.backward()
has_grad = {name: p.grad is not None for name, p in named.items()}
opt.step()

in_opt = {id(p) for group in opt.param_groups for p in group["params"]}
changed = {name: not torch.equal(p, before[name]) for name, p in named.items()}
print(f"{'parameter':<15}{'in optimizer':>14}{'has .grad':>11}{'changed by step':>17}")
for name, p in named.items():
    print(f"{name:<15}{str(id(p) in in_opt):>14}{str(has_grad[name]):>11}"
          f"{str(changed[name]):>17}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Each layer is collapsed into one box. The only road from the loss back to layer 1
# runs through layer 2: its box says its gradients were computed, even though no optimizer
# will ever use them.

# %% slideshow={"slide_type": "fragment"}
draw(loss, names={"x": x, "loss": loss}, modules=layers, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"}
# A trap that follows from this: `opt.zero_grad()` clears only the optimizer's own parameters,
# so layer 2's `.grad` keeps growing, iteration after iteration. (`model.zero_grad()` clears
# every parameter of the model. And if layer 2 should not learn at all, computing its gradient
# is wasted work: switch its `requires_grad` off instead; backpropagation still passes
# *through* it to layer 1 — that is claim C27, in `09_freezing`.)

# %% slideshow={"slide_type": "-"}
layer2_grad = layers["layer2"].weight.grad.clone()
opt.zero_grad()
nn.functional.mse_loss(model(x), y).backward()
print("layer1.weight.grad restarted from None, now norm",
      f"{layers['layer1'].weight.grad.norm():.4f}")
print(f"layer2.weight.grad norm: {layer2_grad.norm():.4f} -> "
      f"{layers['layer2'].weight.grad.norm():.4f} (never cleared)")

# %% slideshow={"slide_type": "subslide"}
follows_optimizer = all(changed[name] == (id(p) in in_opt) for name, p in named.items())
observed = judge(holds=all(has_grad.values()) and follows_optimizer)
check("C13", observed,
      evidence=f"after backward() all {len(named)} parameters had a .grad "
               f"({sum(has_grad.values())} of {len(named)}), layer 2's included; step() changed "
               f"{sorted(n for n in named if changed[n])} and left "
               f"{sorted(n for n in named if not changed[n])} equal (torch.equal)")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Two rates in one model: write `two_optimizers(model)` returning `(fast, slow)`: SGD at
# `lr=0.1` for the **last** `Linear` layer, SGD at `lr=0.01` for the **first**; the layers in
# between must not move, though the first one's gradient crosses them. For any
# `nn.Sequential` of `Linear` layers and activations: the check builds its own, runs one
# `backward()`, `fast.step()` and `slow.step()`, and compares each move with `lr · grad`.

# %% slideshow={"slide_type": "-"}
def two_optimizers(model):
    return ...  # (fast, slow): two SGD optimizers, as asked above


self_check("07.4", two_optimizers=two_optimizers)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Read more
#
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.Tensor.backward`](https://pytorch.org/docs/stable/generated/torch.Tensor.backward.html)
#   (`retain_graph`)
# - [`torch.Tensor.register_hook`](https://pytorch.org/docs/stable/generated/torch.Tensor.register_hook.html)
# - [`torch.optim.Optimizer.zero_grad`](https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html)
# - [`torch.optim`](https://pytorch.org/docs/stable/optim.html): building and stepping an optimizer

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C10** — `backward()` frees the **saved tensors**, not the graph: its nodes and links
#   survive, so "frees the graph" is too broad. A second call through nodes that saved
#   tensors fails unless the first had `retain_graph=True`.
# - **C11** — per-loss `backward()` calls with `retain_graph=True` give the same gradients as
#   one backward on the sum; the sum does less work (the shared part is backwarded once) and
#   leaves nothing retained.
# - **C12** — `backward()` only writes `.grad`, `step()` only changes weights; `.grad`
#   adds up until cleared — and `zero_grad()` now sets it to `None`. Scale mean losses when
#   accumulating micro-batches.
# - **C13** — every parameter on the path gets a gradient; the optimizer updates only
#   its own — and clears only its own.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [06 · detach: cutting the graph](06_detach.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/06_detach.ipynb))
#
# **Next →:**
# [08 · Two networks, one loss, one optimizer](08_two_networks.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/08_two_networks.ipynb))
