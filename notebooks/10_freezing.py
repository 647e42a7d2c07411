# %% [markdown] slideshow={"slide_type": "slide"}
# # 10 · Freezing part of a network
#
# The article ends with a one-line recipe: to stop part of a network from training, set
# `requires_grad = False` on that part's parameters. You will check what it guarantees, watch
# the gradient flow *through* a frozen layer, run four ways of getting it wrong (with their
# fixes), and measure what freezing saves.
#
# Claim checked here: **C27**.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/10_freezing.ipynb)

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
import copy

import matplotlib.pyplot as plt
import torch
from IPython.display import Markdown, display
from torch import nn

from helpers import check, judge, self_check
from helpers.graph import draw
from helpers.measure import median_seconds, peak_memory_bytes, saved_for_backward, tensor_bytes


# %% [markdown] slideshow={"slide_type": "slide"}
# ## C27 · §4 — Freezing with `requires_grad = False`
#
# **The claim.** Setting `requires_grad = False` on every parameter of a sub-module freezes it:
# no gradient is kept for them (`.grad` stays `None`), and backpropagation through the rest of
# the network works just as before. The article's reason, "they are leaves", cannot be it:
# leaves are where `.grad` *is* kept (C18, C21, C25). A frozen parameter is still a leaf;
# `requires_grad=False` is what stops its gradient.
#
# **The reading we test:** after the freeze, training steps leave the frozen layer's `.grad`
# at `None` and its weights **bit-identical**; the layers on either side — the one *before* it
# too, whose gradient crosses the frozen layer — get the gradients they would get without
# the freeze, and learn. And: does this hold however you freeze?

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Setting `requires_grad=False` before training freezes a block: no
# gradient, no change, and the layers before it still learn. Frozen later, a
# stale `.grad`, or a zeroed one with momentum, still moves it, and batch
# normalisation statistics still change in training mode.
#
# **They bring.** The article says such parameters <span
# lang="zh">「不求grad」</span> and so are fixed. Learners freeze halfway through
# training and see weights still moving.
#
# **Ask first.** We freeze a layer after some training steps. Will its weights
# stay where they are?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** You freeze the *middle* layer of a three-layer network. Does the *first* layer
# still learn? Its gradient has to travel back through the frozen layer to get there.

# %% slideshow={"slide_type": "skip"}
def make_model():
    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(),   # 0: before the frozen layer
                         nn.Linear(16, 16), nn.ReLU(),  # 2: the one we freeze
                         nn.Linear(16, 4))              # 4: after it


gen = torch.Generator().manual_seed(0)
x, y = torch.randn(64, 8, generator=gen), torch.randint(0, 4, (64,), generator=gen)
loss_fn = nn.CrossEntropyLoss()
start = make_model()  # every experiment below starts from a copy of these weights

# %% slideshow={"slide_type": "subslide"}
model = copy.deepcopy(start)
for p in model[2].parameters():  # the article's recipe, on the middle layer
    p.requires_grad = False
frozen_start = [p.detach().clone() for p in model[2].parameters()]
first_start = [p.detach().clone() for p in model[0].parameters()]

optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
for _ in range(5):
    optimizer.zero_grad()
    loss_fn(model(x), y).backward()
    optimizer.step()

# %% slideshow={"slide_type": "-"}
frozen_grads_none = all(p.grad is None for p in model[2].parameters())
frozen_same = all(torch.equal(p, q) for p, q in zip(model[2].parameters(), frozen_start,
                                                    strict=True))
first_has_grads = all(p.grad is not None for p in model[0].parameters())
first_moved = all(not torch.equal(p, q) for p, q in zip(model[0].parameters(), first_start,
                                                        strict=True))
print("after 5 steps — frozen layer 2: .grad all None:", frozen_grads_none,
      "| weights bit-identical:", frozen_same, "| is_leaf:", model[2].weight.is_leaf)
print("                 layer 0 (before it): has .grad:", first_has_grads,
      "| weights moved:", first_moved, "| is_leaf:", model[0].weight.is_leaf)

# %% [markdown] slideshow={"slide_type": "subslide"}
# "Works as before" is a strong promise, so compare one backward pass with and without the
# freeze, from the same weights: do layers 0 and 4 get the same gradients?

# %% slideshow={"slide_type": "-"}
frozen, free = copy.deepcopy(start), copy.deepcopy(start)
frozen[2].requires_grad_(False)  # today's one-call spelling of the same loop
loss_fn(frozen(x), y).backward()
loss_fn(free(x), y).backward()
pairs = [(a.grad, b.grad) for i in (0, 4)
         for a, b in zip(frozen[i].parameters(), free[i].parameters(), strict=True)]
same_upstream = all(torch.allclose(a, b) for a, b in pairs)
bit_same = all(torch.equal(a, b) for a, b in pairs)
print(f"layers 0 and 4: same gradients with and without the freeze: {same_upstream} "
      f"(bit-identical: {bit_same})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The network as autograd recorded it, each layer collapsed into one box (drawn
# *before* `backward()`, while the frozen layer's saved weight still ties its op to the layer).
# Look at box `2 (Linear)`: *frozen*, with no *grads* line. The arrows still run through it from
# layer 0 to layer 4: it takes part in backward as a function, only its own weights get no
# gradient.

# %% slideshow={"slide_type": "-"}
loss = loss_fn(frozen(x), y)  # a fresh forward pass, drawn before backward()
draw(loss, names={"x": x, "loss": loss}, modules=frozen)

# %% [markdown] slideshow={"slide_type": "notes"}
# Why does the gradient still cross layer 2? Its output is `h @ W.T + b`. The gradient for
# `h` (what layer 0 needs) is `grad_out @ W`: it *uses* `W` but needs no gradient *for* `W`.
# Freezing drops only the second product, `grad_out.T @ h`. That is why autograd still keeps
# `W` for a frozen layer in the middle of a network (you will meet this again below).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Pitfall 1 · freezing after a `backward()`
#
# The recipe sets a flag; it does not clear what is already there. Freeze a layer right after a
# `backward()` — say, halfway through a training step — and then call `step()`.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Is the frozen layer's `.grad` `None` now? Will `step()` touch its weights?

# %% slideshow={"slide_type": "-"}
model = copy.deepcopy(start)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn(model(x), y).backward()
model[2].requires_grad_(False)  # frozen *after* the backward()
stale_grad = model[2].weight.grad is not None
before = model[2].weight.detach().clone()
optimizer.step()
stale_moved = not torch.equal(before, model[2].weight)
print("frozen layer's .grad is None:", not stale_grad, "| step() moved its weights:", stale_moved)


# %% [markdown] slideshow={"slide_type": "subslide"}
# `step()` never looks at `requires_grad`: it updates every parameter whose `.grad` is not
# `None`. How long the damage lasts depends on how the loop clears gradients. Below, layer 2
# trains for one step, then is frozen in the next one: after its `backward()`, before it, or
# after it with `.grad` set to `None`; with momentum and weight decay, and either `zero_grad`:

# %% slideshow={"slide_type": "-"}
def drift(zero_to_none, freeze, steps=8):
    """How far layer 2's weight moves at each step after the one where it is frozen
    ("after" or "before" that step's backward(), or "clear": after, and .grad set to None)."""
    model = copy.deepcopy(start)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01)
    moves = []
    for step in range(steps + 1):  # step 0 trains layer 2; step 1 freezes it
        opt.zero_grad(set_to_none=zero_to_none)
        if step == 1 and freeze == "before":
            model[2].requires_grad_(False)
        loss_fn(model(x), y).backward()
        if step == 1 and freeze != "before":
            model[2].requires_grad_(False)
            if freeze == "clear":
                for p in model[2].parameters():
                    p.grad = None
        before = model[2].weight.detach().clone()
        opt.step()
        if step >= 1:
            moves.append((model[2].weight - before).abs().max().item())
    return moves


# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** How far the "frozen" weight moved at each step from the freeze on. Wherever its
# `.grad` is a tensor of zeros (the 2017 `zero_grad`, which zeroes in place), the momentum
# buffer and weight decay keep pushing it, even when the freeze came *before* the
# `backward()`. Wherever `.grad` is `None`, `step()` skips it.

# %% slideshow={"slide_type": "-"}
loops = {"after backward, zero_grad(set_to_none=False)": drift(False, "after"),
         "after backward, zero_grad()": drift(True, "after"),
         "before backward, zero_grad(set_to_none=False)": drift(False, "before"),
         "before backward, zero_grad()": drift(True, "before"),
         "after, p.grad = None, zero_grad(set_to_none=False)": drift(False, "clear")}
# shown words, kept apart from the keys the code looks up: a translation changes only these
LOOP_LABEL = {"after backward, zero_grad(set_to_none=False)":
              "after backward, zero_grad(set_to_none=False)",
              "after backward, zero_grad()": "after backward, zero_grad()",
              "before backward, zero_grad(set_to_none=False)":
              "before backward, zero_grad(set_to_none=False)",
              "before backward, zero_grad()": "before backward, zero_grad()",
              "after, p.grad = None, zero_grad(set_to_none=False)":
              "after, p.grad = None, zero_grad(set_to_none=False)"}
for name, moves in loops.items():
    print(f"frozen {LOOP_LABEL[name]:51} moved in {sum(m > 0 for m in moves)} of "
          f"{len(moves)} steps")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same five runs, step by step: how far the frozen layer's weight moved at each step.

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(6, 3))
for (name, moves), marker in zip(loops.items(), "osv^x", strict=True):
    ax.plot(range(1, len(moves) + 1), moves, marker=marker, label=LOOP_LABEL[name])
ax.set(xlabel="training step after the freeze", ylabel="largest |Δ weight| of layer 2",
       title="A layer frozen in the middle of training (CPU)")
ax.legend(fontsize=7)
plt.show()


# %% [markdown] slideshow={"slide_type": "notes"}
# When each fix works. Freezing *before* the step's `backward()` works only if the layer's
# `.grad` is `None` by then (today's `zero_grad()`, or a layer that never had one); with
# in-place zeroing, momentum and weight decay move it every step (third line). `p.grad = None`
# at the freeze works with either `zero_grad` (last line): zeroing in place touches only
# gradients that exist. An optimizer built after the freeze over the trainable parameters
# always works (next pitfall). Adam is no safer: its running averages move a weight whose
# gradient is zero.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Pitfall 2 · all parameters, or only the trainable ones?
#
# Two common ways to build the optimizer after a freeze: pass `model.parameters()` as usual,
# or pass only what still trains, `filter(lambda p: p.requires_grad, model.parameters())`.
# Below, both train for 5 steps with a loop that zeroes gradients in place (the default
# before PyTorch 2.0) and weight decay; once after a clean freeze, once after a freeze that
# followed a `backward()` (a warm-up pass, say).

# %% slideshow={"slide_type": "-"}
def train_frozen(filtered, warm_up, steps=5):
    model = copy.deepcopy(start)
    if warm_up:
        loss_fn(model(x), y).backward()  # a backward() before the freeze
    model[2].requires_grad_(False)
    params = (filter(lambda p: p.requires_grad, model.parameters()) if filtered
              else model.parameters())
    opt = torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=0.01)
    for _ in range(steps):
        opt.zero_grad(set_to_none=False)  # zeroes .grad tensors, keeps them
        loss_fn(model(x), y).backward()
        opt.step()
    return model, opt


# %% slideshow={"slide_type": "subslide"}
def layer2_moved(model):
    return not all(torch.equal(p, q) for p, q in zip(model[2].parameters(),
                                                     start[2].parameters(), strict=True))


results = {(f, w): train_frozen(f, w) for f in (False, True) for w in (False, True)}
for (filtered, warm_up), (m, opt) in results.items():
    print(f"{'filtered' if filtered else 'all params':10} | "
          f"{'after a backward' if warm_up else 'clean freeze':16} | optimizer holds "
          f"{len(opt.param_groups[0]['params'])} tensors | layer 2 moved: {layer2_moved(m)}")

clean_all, clean_filtered = results[(False, False)][0], results[(True, False)][0]
clean_same = all(torch.equal(p, q) for p, q in zip(clean_all.parameters(),
                                                   clean_filtered.parameters(), strict=True))
print("clean freeze: the two models are bit-identical:", clean_same)

# %% [markdown] slideshow={"slide_type": "subslide"}
# After a clean freeze the two are the same: SGD skips a parameter whose `.grad` is `None`,
# so handing it frozen parameters costs nothing. After a freeze that followed a `backward()`,
# the frozen layer has zero-valued gradient *tensors*, and the optimizer that holds it applies
# weight decay and momentum to it; the filtered one never sees it. The price of filtering: the
# optimizer does not know that layer at all, so a layer you unfreeze later silently stays put
# (try it below).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Pitfall 3 · `model.eval()` freezes nothing
#
# `eval()` switches layers like dropout and batch norm to inference behaviour. Does it stop
# training?

# %% slideshow={"slide_type": "-"}
model = copy.deepcopy(start)
model.eval()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn(model(x), y).backward()
optimizer.step()
n_moved = sum(not torch.equal(p, q) for p, q in zip(model.parameters(), start.parameters(),
                                                     strict=True))
print(f"model.training={model.training}; requires_grad still True everywhere: "
      f"{all(p.requires_grad for p in model.parameters())}; "
      f"{n_moved} of {len(list(model.parameters()))} tensors moved")


# %% [markdown] slideshow={"slide_type": "notes"}
# `eval()` and `requires_grad` are independent switches: `eval()` changes what the forward pass
# *computes*, `requires_grad=False` what backward *records*. For inference you usually want
# both `eval()` and `torch.no_grad()` (see `03_no_grad_and_volatile`).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Pitfall 4 · a frozen BatchNorm still learns its statistics
#
# A `BatchNorm` layer has two kinds of state: its weight and bias, which are parameters and
# which `requires_grad=False` freezes; and its running mean and variance, which are *buffers*
# that every forward pass in training mode updates, no gradient involved. Below, a model's
# first block (`Linear` + `BatchNorm1d`) is frozen, and the rest trains for a few steps.
#
# **Predict.** Does the frozen block's `running_mean` change? What would stop it?

# %% slideshow={"slide_type": "-"}
def train_with_frozen_bn(eval_frozen, steps=3):
    """Freeze the first block (Linear + BatchNorm), train the rest; return the model."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 4))
    frozen = model[:2]  # a Sequential holding the same two modules
    frozen.requires_grad_(False)
    model.train()
    if eval_frozen:
        frozen.eval()  # the frozen block computes as in inference: running statistics only
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    return model


# %% slideshow={"slide_type": "subslide"}
# Train it twice: the frozen block left in train mode, then switched to eval mode.
bn_fresh = nn.BatchNorm1d(16)  # where every BatchNorm starts: mean 0, weight 1
bn_moved = {}
for label, eval_frozen in (("requires_grad=False", False), ("... and frozen.eval()", True)):
    bn = train_with_frozen_bn(eval_frozen)[1]
    bn_moved[eval_frozen] = (bn.running_mean - bn_fresh.running_mean).abs().max().item()
    print(f"{label:22} running_mean moved by {bn_moved[eval_frozen]:.4f} after "
          f"{bn.num_batches_tracked.item()} tracked batches; BatchNorm weight unchanged: "
          f"{torch.equal(bn.weight, bn_fresh.weight)}")
model = train_with_frozen_bn(eval_frozen=True)
model.train()
print("after a later model.train(), the frozen BatchNorm is in train mode again:",
      model[1].training)

# %% [markdown] slideshow={"slide_type": "-"}
# `requires_grad=False` froze the BatchNorm's weight and bias, but not its running statistics:
# they are buffers, updated by every forward pass in train mode. `.eval()` on the frozen part
# is the missing half; since `model.train()` switches every sub-module back, call it again
# after each `model.train()`.

# %% slideshow={"slide_type": "subslide"}
holds = (frozen_grads_none and frozen_same and first_has_grads and first_moved
         and same_upstream)
bn_stats_moved = bn_moved[False] > 0 and bn_moved[True] == 0
exception = (stale_grad and stale_moved) or bn_stats_moved
old_loop = loops["after backward, zero_grad(set_to_none=False)"]
frozen_first = loops["before backward, zero_grad(set_to_none=False)"]
check("C27", judge(holds=holds, exception=exception),
      evidence=f"frozen before any backward(): after 5 steps layer 2's .grad is None "
               f"({frozen_grads_none}) and its weights are bit-identical ({frozen_same}); "
               f"layer 0 before it still gets gradients ({first_has_grads}), learns "
               f"({first_moved}), with the same gradients as unfrozen ({same_upstream}). But "
               f"frozen after a backward(), its .grad is not None ({stale_grad}) and step() "
               f"moved its weights ({stale_moved}); with zero_grad(set_to_none=False) they "
               f"moved in {sum(m > 0 for m in old_loop)} of {len(old_loop)} steps, and in "
               f"{sum(m > 0 for m in frozen_first)} when frozen before that step's backward(), "
               f"as layer 2 had trained before. And a frozen "
               f"BatchNorm's running_mean still moved by {bn_moved[False]:.4f} in train mode "
               f"(by {bn_moved[True]:.4f} after .eval() on the frozen block)")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Pitfall 2's filtered optimizer was built without the frozen layer; now that layer should
# train again. Write `unfreeze(model, optimizer, i)`: afterwards layer `i` trains with
# `optimizer` and its settings (momentum included). Predict: does
# `model[i].requires_grad_(True)` alone make it move? The check freezes, trains and unfreezes
# models of its own, and compares the next steps with the right ones.

# %% slideshow={"slide_type": "-"}
def unfreeze(model, optimizer, i):
    ...  # make layer i train again, with this optimizer and its settings


self_check("10.1", unfreeze=unfreeze)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What freezing saves
#
# Frozen parameters need no weight gradient, so backward should do less work. And a frozen
# layer at the *start* of the network needs no graph at all: nothing before it asks for a
# gradient. Measure it on a deeper network: four `Linear(512, 512)` + ReLU blocks and a
# `Linear(512, 10)` head, batch 256, on the notebook's `device`.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Freezing the first *k* of the five layers: does backward time fall in proportion
# to *k*? And freezing one layer in the *middle*: how much memory does that save?

# %% slideshow={"slide_type": "-"}
B, D = 256, 512
deep = nn.Sequential(*[m for _ in range(4) for m in (nn.Linear(D, D), nn.ReLU())],
                     nn.Linear(D, 10)).to(device)
xb, yb = torch.randn(B, D, device=device), torch.randint(0, 10, (B,), device=device)
linears = [i for i, m in enumerate(deep) if isinstance(m, nn.Linear)]  # positions 0 2 4 6 8
configs = {"none": [], **{f"first {k}": linears[:k] for k in range(1, 5)},
           "middle (3rd)": [4]}  # the third of the five Linear layers, deep[4]
# shown words, kept apart from the keys the code looks up: a translation changes only these
CONFIG_LABEL = {"none": "none", **{f"first {k}": f"first {k}" for k in range(1, 5)},
                "middle (3rd)": "middle (3rd)"}
print(f"measuring on {device}: batch {B}, {len(linears) - 1} hidden Linear({D}, {D}) layers "
      f"and a Linear({D}, 10) head")


# %% [markdown] slideshow={"slide_type": "subslide"}
# What theory predicts, from the rules each op follows: a trainable `Linear` keeps its input
# (for its weight gradient); a `Linear` whose input carries a gradient keeps its weight (for the
# input gradient); a ReLU whose input carries a gradient keeps its output; the loss keeps its
# log-probabilities, the targets and a count. Each tensor counts once. The work: each weight
# gradient and each input gradient of a `Linear` is one matrix product of `2·B·in·out` flops.

# %% slideshow={"slide_type": "-"}
def predicted(model):
    """Bytes autograd must keep and backward flops, from the rules above."""
    keep, flops, carries, width = {}, 0, False, D
    for i, layer in enumerate(model):
        if isinstance(layer, nn.Linear):
            trainable, width = layer.weight.requires_grad, layer.out_features
            product = 2 * B * layer.weight.numel()  # flops of one gradient matrix product
            if trainable:  # weight gradient: needs the input
                keep[f"act{i}"], flops = (B, layer.in_features), flops + product
            if carries:  # input gradient: needs the weight
                keep[f"w{i}"], flops = tuple(layer.weight.shape), flops + product
            carries = carries or trainable
        elif carries:
            keep[f"act{i + 1}"] = (B, width)  # a ReLU keeps its output: the next layer's input
    loss_bytes = tensor_bytes((B, 10), ()) + tensor_bytes((B,), dtype=torch.int64)
    return tensor_bytes(*keep.values()) + loss_bytes, flops


# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
def build(frozen_layers):
    """A copy of `deep` with those layers frozen, one forward pass, and the bytes it saved."""
    m = copy.deepcopy(deep)
    for i in frozen_layers:
        m[i].requires_grad_(False)
    with saved_for_backward() as saved:
        loss = loss_fn(m(xb), yb)
    return m, loss, saved.bytes


runs = {name: build(frozen_layers) for name, frozen_layers in configs.items()}


def backward_only(m, loss):  # the backward pass alone, on a graph kept for reuse
    trainable = [p for p in m.parameters() if p.requires_grad]
    return lambda: torch.autograd.grad(loss, trainable, retain_graph=True)


times = {name: [] for name in runs}
for _ in range(3):  # take turns, and keep each one's best: a busy machine only adds delay
    for name, (m, loss, _) in runs.items():
        times[name].append(median_seconds(backward_only(m, loss), min_run_time=0.1))


# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
def train_step(m):
    return lambda: loss_fn(m(xb), yb).backward()


rows = []
for name, (m, loss, saved_bytes) in runs.items():
    loss.backward()  # one real backward, into .grad: count what it computed
    counted = sum(p.grad.numel() for p in m.parameters() if p.grad is not None)
    theory = sum(p.numel() for p in m.parameters() if p.requires_grad)
    peak = peak_memory_bytes(train_step(m), device)  # None where it can't be measured
    rows.append((name, counted, theory, saved_bytes, *predicted(m), min(times[name]), peak))

print(f"{'frozen':11}{'grad elements':>15}{'(theory)':>11}{'saved MB':>10}{'(theory)':>10}"
      f"{'backward ms':>13}{'GFLOP (theory)':>16}")
for name, counted, theory, saved_b, theory_b, flops, seconds, _ in rows:
    print(f"{CONFIG_LABEL[name]:11}{counted:>15,}{theory:>11,}{saved_b / 1e6:>10.3f}"
          f"{theory_b / 1e6:>10.3f}{seconds * 1e3:>13.2f}{flops / 1e9:>16.3f}")
peaks = [r[-1] for r in rows]
print("peak memory of a training step:", "not measurable on this system" if peaks[0] is None
      else [f"{p / 1e6:.1f} MB" for p in peaks], f"— device: {device}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Bars are measured, black dots are theory. For time, theory is the flop count scaled
# so that "none" matches its measured time; look at whether the bars follow the dots.

# %% slideshow={"slide_type": "subslide"}
names = [CONFIG_LABEL[r[0]] for r in rows]
series = [("backward time (ms)", [r[6] * 1e3 for r in rows],
           [r[5] / rows[0][5] * rows[0][6] * 1e3 for r in rows]),
          ("saved for backward (MB)", [r[3] / 1e6 for r in rows], [r[4] / 1e6 for r in rows]),
          ("gradient elements (millions)", [r[1] / 1e6 for r in rows], [r[2] / 1e6 for r in rows])]
fig, axes = plt.subplots(1, 3, figsize=(11, 3))
for ax, (label, measured, theory) in zip(axes, series, strict=True):
    ax.bar(names, measured, color="tab:blue")
    ax.plot(names, theory, "ko", label="theory")
    ax.set(ylabel=label, xlabel="layers frozen")
    ax.tick_params(axis="x", rotation=45, labelsize=8)
axes[0].legend()
fig.suptitle(f"What freezing saves (measured on {device})")
fig.tight_layout()
plt.show()

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
by_name = {r[0]: r for r in rows}
none, first4, middle = by_name["none"], by_name["first 4"], by_name["middle (3rd)"]
# The peak is coarse on a CPU (the process's high-water mark): measure the same step again to
# see how much it moves by itself before comparing two configurations with it.
again = [peak_memory_bytes(train_step(runs["none"][0]), device) for _ in range(3)]
if none[-1] is None or None in again:
    peak_sentence = "The peak memory of a training step cannot be measured on this system."
else:
    spread = max(again + [none[-1]]) - min(again + [none[-1]])
    difference = none[-1] - middle[-1]
    peak_sentence = (
        f"The peak memory of a whole training step (on {device}): {none[-1] / 1e6:.1f} MB with "
        f"nothing frozen, {middle[-1] / 1e6:.1f} MB with the middle layer frozen; the same "
        f"unfrozen step, run four times, moved by {spread / 1e6:.1f} MB on its own, "
        + ("so this measurement cannot tell the two apart." if spread >= abs(difference)
           else "less than the difference between them."))


display(Markdown(
    "Freezing a *prefix* of the network saves the most: no graph is recorded before the first "
    "trainable layer, so its activations are never kept and its backward never runs (first 4 "
    f"frozen: {first4[3] / 1e6:.3f} MB saved for backward instead of {none[3] / 1e6:.3f} MB). "
    "Freezing the layer in the *middle* saves its weight gradient: "
    f"{none[1] - middle[1]:,} fewer gradient elements, so {(none[1] - middle[1]) * 4 / 1e6:.2f} "
    f"MB less `.grad`, and {(none[5] - middle[5]) / 1e9:.3f} of the {none[5] / 1e9:.3f} GFLOP "
    "of backward. It does **not** change what is saved for backward "
    f"({middle[3] / 1e6:.3f} MB against {none[3] / 1e6:.3f} MB): the ReLU before it keeps the "
    "very tensor the layer no longer needs, and the layer must keep its weight to pass the "
    "gradient on. " + peak_sentence))

# %% [markdown] slideshow={"slide_type": "notes"}
# The time is `torch.autograd.grad(loss, trainable)` on a retained graph: backward alone,
# without the forward pass or writing `.grad`; each configuration is timed three times, in
# turns, keeping its best median. Timings stay noisy and follow the flop counts only roughly;
# flop counts, gradient elements and saved bytes are exact. `saved_for_backward()` counts each
# storage once (a ReLU output the next layer also saves, or a weight saved as its transpose
# view, costs once), as the theory does. The peak memory is what the process (or the GPU)
# reached during one forward and backward, temporaries included; on a CPU it is the coarser
# resident-memory high-water mark.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Read more
#
# - [`torch.nn.Module.requires_grad_`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.requires_grad_)
#   and [`torch.nn.Module.eval`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval)
# - [Autograd mechanics: locally disabling gradient computation](https://pytorch.org/docs/stable/notes/autograd.html#locally-disabling-gradient-computation)
# - [`torch.nn.BatchNorm1d`](https://pytorch.org/docs/stable/generated/torch.nn.BatchNorm1d.html)
# - [`torch.optim.Optimizer.zero_grad`](https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html)
# - [`torch.optim`](https://pytorch.org/docs/stable/optim.html): what an optimizer holds

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C27** — `requires_grad = False` (not being a leaf) freezes a sub-module: no gradient
#   for it, weights untouched, and the gradient still flows *through* it, unchanged. The
#   exception: a `.grad` left from an earlier `backward()` lets `step()` move the "frozen"
#   weights (for good with in-place zeroing and momentum, even if frozen before the step's
#   `backward()`). A BatchNorm's running statistics need `.eval()` too. Also: `eval()` alone
#   freezes no weights; filtering the optimizer always works; freezing the first layers saves
#   far more than freezing middle ones.
#
# That is the end of the article's claims: `build/claims.html` lists every verdict.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [09 · Two networks, one loss, one optimizer](09_two_networks.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/09_two_networks.ipynb))
#
# **Next →:**
# [11 · Then and now: 2017 spellings, checked today](11_then_and_now.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/11_then_and_now.ipynb))
