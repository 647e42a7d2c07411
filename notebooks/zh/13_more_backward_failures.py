# %% [markdown] slideshow={"slide_type": "slide"}
# # 13 · More failures: inference, NumPy, second derivatives
#
# Notebook 12 met the errors of a plain training step. These come once your code does a
# little more: reading an intermediate's gradient, training on features computed under
# `inference_mode()`, handing a tensor to NumPy, taking the gradient of a gradient. You will
# see each message your PyTorch prints and, where there is one, the fix that makes it go, and
# then the one failure that prints nothing at all. The sections carry on the numbering of
# notebook 12.
#
# **How to read the red cards.** Each is a reproduction that ran just now: `expect_error`
# checks that it still fails (or, for E07, warns) as this notebook says and shows your
# PyTorch's exact message. If a release stops doing so, the card becomes an error naming the
# message's ID (E07, E08, ...).
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/13_more_backward_failures.ipynb)

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
from IPython.display import Markdown, display
from torch import nn

from helpers import self_check
from helpers.errors import expect_error
from helpers.graph import draw

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6 · The warning when reading `.grad` of a non-leaf
#
# Only leaves keep `.grad`; an intermediate's gradient is passed on and dropped (notebook 04).
# Reading it is not an error, it is a warning, and the value is `None`.

# %% slideshow={"slide_type": "subslide"}
x = torch.tensor([1.0, 2.0], requires_grad=True)
h = x * 3
(h ** 2).sum().backward()
display(expect_error("E07", lambda: h.grad))

h = x * 3
h.retain_grad()                              # the fix: ask for it before backward
(h ** 2).sum().backward()
print(f"h.grad with retain_grad(): {h.grad.tolist()} (= 2h = {(2 * h).tolist()})")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7 · "Inference tensors cannot be saved for backward"
#
# `torch.inference_mode()` is `no_grad()`'s stricter sibling: tensors made inside it can
# never be *saved for backward* later. Precomputing features under it, then training a head on
# them, fails already in the head's forward pass, where `Linear` saves its input.

# %% slideshow={"slide_type": "subslide"}
encoder, head = nn.Linear(4, 3), nn.Linear(3, 1)
data = torch.randn(8, 4)
with torch.inference_mode():
    features = encoder(data)
print(f"features.is_inference() = {features.is_inference()}")
display(expect_error("E08", lambda: head(features).sum().backward()))  # Linear saves its input

with torch.no_grad():                        # or compute them under no_grad in the first place
    features_ng = encoder(data)
for fix, feats in [("features.clone()", features.clone()), ("under no_grad()", features_ng)]:
    head.zero_grad()
    head(feats).sum().backward()             # a clone made outside inference_mode is normal
    print(f"{fix:16}: trains, head.weight.grad is set: {head.weight.grad is not None}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 8 · "Can't call numpy() on Tensor that requires grad"
#
# NumPy knows nothing of graphs: anything done to the array is invisible to autograd, and the
# array shares the tensor's memory. PyTorch asks you to say so explicitly with `detach()`.

# %% slideshow={"slide_type": "subslide"}
w = torch.tensor([1.0, 2.0], requires_grad=True)
# torch 2.2 wheels beside NumPy 2 refuse any tensor-to-NumPy call first ("Numpy is not
# available"): the catalog's pattern covers that wording, and the rest of the cell says so.
display(expect_error("E09", lambda: w.numpy()))

try:
    arr = w.detach().numpy()                 # the fix: leave the graph on purpose
except RuntimeError as e:                    # the NumPy 1 / NumPy 2 mismatch above
    print(f"This PyTorch cannot hand tensors to NumPy here: {e}")
else:
    version = w._version
    arr[0] = 100.0                           # a write through NumPy ...
    print(f"w = {w.tolist()}: the same memory; w._version still {w._version} (was {version}),"
          " so autograd cannot see NumPy's writes — which is why it wants detach() first")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 9 · Second derivatives
#
# `torch.autograd.grad` returns a gradient. To differentiate that gradient again, it must
# have a graph of its own: `create_graph=True`.

# %% slideshow={"slide_type": "subslide"}
x = torch.tensor([1.0, 2.0], requires_grad=True)
g, = torch.autograd.grad((x ** 3).sum(), x)
print(f"without create_graph: g = {g.tolist()}, g.grad_fn = {g.grad_fn}")
display(expect_error("E10", lambda: torch.autograd.grad(g.sum(), x)))

g, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
gg, = torch.autograd.grad(g.sum(), x)
print(f"with create_graph: g = 3x² = {g.tolist()} (grad_fn {type(g.grad_fn).__name__}), "
      f"d/dx of it = 6x = {gg.tolist()}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The graph of `g` itself, recorded because of `create_graph=True`: the backward of
# `x ** 3` ran as ordinary operations on `x`. Its saved tensors are dashed: the second
# `torch.autograd.grad` call ran through it and freed them.

# %% slideshow={"slide_type": "fragment"}
draw(g, names={"x": x, "g = 3x²": g}, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Even with `create_graph=True`** it fails for a linear function: the gradient of `3x` is
# the constant 3, with nothing to record. And with two inputs, one of which the gradient does
# not depend on, `grad` refuses unless told that is fine.

# %% slideshow={"slide_type": "subslide"}
g_lin, = torch.autograd.grad((3 * x).sum(), x, create_graph=True)
print(f"gradient of 3x: {g_lin.tolist()}, grad_fn = {g_lin.grad_fn}")
display(expect_error("E11", lambda: torch.autograd.grad(g_lin.sum(), x)))

b = torch.tensor([1.0, 1.0], requires_grad=True)
gx, gb = torch.autograd.grad((x ** 3 + 3 * b).sum(), [x, b], create_graph=True)
display(expect_error("E12", lambda: torch.autograd.grad(gx.sum(), [x, b], retain_graph=True)))

print("allow_unused=True:     ", torch.autograd.grad(gx.sum(), [x, b], allow_unused=True,
                                                    retain_graph=True))
if "materialize_grads" in inspect.signature(torch.autograd.grad).parameters:
    print("materialize_grads=True:", torch.autograd.grad(gx.sum(), [x, b],
                                                         materialize_grads=True))
else:
    print(f"materialize_grads=True: torch {torch.__version__} does not have it yet")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# A loss can contain a gradient. For a `model` that gives one number per row of `x`, a
# *gradient penalty* is the squared length of d model / d x, summed over the rows. Write
# `gradient_penalty(model, x)` returning it as a tensor whose `backward()` reaches the
# model's weights. The check compares value and weight gradients on fresh models.

# %% slideshow={"slide_type": "-"}
model = nn.Linear(3, 1)  # to try yours on; the check brings its own models
gradient_penalty = ...  # def gradient_penalty(model, x): ...
self_check("13.1", gradient_penalty=gradient_penalty)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 10 · The silent one: forgetting `zero_grad()`
#
# `backward()` *adds* into `.grad`. Forget to clear it and each step uses the sum of all
# gradients so far. Nothing raises; the loss curve tells.

# %% slideshow={"slide_type": "skip"}
X, Y = torch.randn(32, 3), torch.randn(32, 1)  # a small regression task for the curves below


# %% slideshow={"slide_type": "subslide"}
def loss_curve(clear: bool, steps: int = 40) -> list[float]:
    torch.manual_seed(3)
    model = nn.Linear(3, 1)
    opt, losses = torch.optim.SGD(model.parameters(), lr=0.05), []
    for _ in range(steps):
        if clear:
            opt.zero_grad()
        loss = nn.functional.mse_loss(model(X), Y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


with_zero, without_zero = loss_curve(True), loss_curve(False)
steps = range(1, len(with_zero) + 1)  # step 1 is the first update, as the sentence counts
fig, ax = plt.subplots(figsize=(6, 2.8))
ax.plot(steps, with_zero, label="opt.zero_grad() every step")
ax.plot(steps, without_zero, label="zero_grad() forgotten")
ax.set_xlabel("step")
ax.set_ylabel("training loss")
ax.set_yscale("log")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

lows = [i for i in range(1, len(without_zero) - 1)  # where the curve turns from down to up
        if without_zero[i - 1] > without_zero[i] <= without_zero[i + 1]]
shown = ", ".join(f"{without_zero[i]:.3g} at step {i + 1}" for i in lows[:4])
then = (f"goes down and up again: {len(lows)} lows in {len(without_zero)} steps ({shown}"
        f"{', …' if len(lows) > 4 else ''}), ending at {without_zero[-1]:.3g}" if lows
        else f"ends at {without_zero[-1]:.3g}")
display(Markdown(
    f"**Look at** the orange curve: with `zero_grad()` the loss ends at {with_zero[-1]:.3g}; "
    f"without it, it {then}. Every step moved the weights by the sum of all the gradients "
    f"so far, so they overshoot{' and swing back' if len(lows) > 1 else ''}."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What `set_to_none=True` changed.** `zero_grad()` used to fill `.grad` with zeros; it now
# sets it to `None` (the default since PyTorch 2.0). Code that reads `p.grad` right after
# now meets `None`, and an optimizer skips a parameter whose gradient is `None`, where a zero
# gradient still gets its weight decay:

# %% slideshow={"slide_type": "fragment"}
default = inspect.signature(torch.optim.Optimizer.zero_grad).parameters["set_to_none"].default
print(f"zero_grad's default on torch {torch.__version__}: set_to_none={default}")
for set_to_none in (True, False):
    p = nn.Parameter(torch.ones(2))
    opt = torch.optim.SGD([p], lr=0.1, weight_decay=0.5)
    (p * 2).sum().backward()
    opt.zero_grad(set_to_none=set_to_none)
    opt.step()                                  # a step with no new gradient
    print(f"set_to_none={set_to_none!s:5}: p.grad = {p.grad}, p after the step = {p.tolist()}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Read more
#
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html): inference mode
# - [`torch.autograd.grad`](https://pytorch.org/docs/stable/generated/torch.autograd.grad.html)
#   (`create_graph`, `allow_unused`, `materialize_grads`)
# - [`torch.Tensor.retain_grad`](https://pytorch.org/docs/stable/generated/torch.Tensor.retain_grad.html)
# - [`torch.inference_mode`](https://pytorch.org/docs/stable/generated/torch.inference_mode.html)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **Non-leaf `.grad`** (E07): `retain_grad()`. **Inference tensors** (E08): `no_grad` or
#   `clone()`. **NumPy** (E09): `detach()` first.
# - **Second derivatives** (E10–E12): `create_graph=True`; a constant gradient has no graph;
#   `allow_unused` / `materialize_grads` for inputs the gradient does not use.
# - **Forgotten `zero_grad()`**: no message at all; the loss curve shows it.
#
# The site's *error index* (`errors.html`) lists every message as the build's PyTorch
# printed it, linked to its card here.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [12 · When backward() fails: the error messages, explained](12_when_backward_fails.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/12_when_backward_fails.ipynb))
