# %% [markdown] slideshow={"slide_type": "slide"}
# # 08 · Accumulating gradients, and what the optimizer updates
#
# The article says that working out gradients and updating weights are two separate steps,
# and that the optimizer can update only the parameters you choose. Here you will find out
# where gradients pile up and when they are cleared, how to add up micro-batches into one
# update, and which weights an optimizer really touches.
#
# Claims checked here: **C12**, **C13**.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/08_accumulate_and_step.ipynb)

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

import matplotlib.pyplot as plt
import torch
from torch import nn

from helpers import check, judge, self_check
from helpers.graph import draw
from helpers.steps import backward_steps

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


self_check("08.1", accumulate=accumulate, net=net, data=data, target=target)

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
# *through* it to layer 1 — that is claim C27, in `10_freezing`.)

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


self_check("08.2", two_optimizers=two_optimizers)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Read more
#
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.optim.Optimizer.zero_grad`](https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html)
# - [`torch.optim`](https://pytorch.org/docs/stable/optim.html): building and stepping an optimizer

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C12** — `backward()` only writes `.grad`, `step()` only changes weights; `.grad`
#   adds up until cleared — and `zero_grad()` now sets it to `None`. Scale mean losses when
#   accumulating micro-batches.
# - **C13** — every parameter on the path gets a gradient; the optimizer updates only
#   its own — and clears only its own.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [07 · retain_graph and several losses](07_retain_graph.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/07_retain_graph.ipynb))
#
# **Next →:**
# [09 · Two networks, one loss, one optimizer](09_two_networks.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/09_two_networks.ipynb))
