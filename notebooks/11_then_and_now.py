# %% [markdown] slideshow={"slide_type": "slide"}
# # 11 · Then and now: 2017 spellings, checked today
#
# The article was written for PyTorch 0.3, and some of its code reads oddly now: `Variable`,
# `volatile=True`, a `grad_variable` argument. This notebook is a cheat-sheet from 2017's
# spellings to today's, and every row of it is run, not remembered. Most rows are the
# article's own spellings; the rest are others of its time that it never writes (`loss.data[0]`,
# for one). Under each, the row says which.
#
# **How to read it:** each row runs the 2017 spelling and today's on your PyTorch; the
# coloured word says what it did with the old one, and if that stops being true the cell
# fails and names the row.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/11_then_and_now.ipynb)

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
import math

import torch
from IPython.display import Markdown
from torch import nn
from torch.autograd import Variable

from helpers.then_and_now import Sheet, changed, did

sheet = Sheet()  # collects the rows below, for the table at the end

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Tensors and their flags
#
# In 2017 a tensor could not take part in autograd by itself: you wrapped it in a `Variable`,
# which carried `requires_grad`, `volatile`, `.grad` and the raw values in `.data`. Since
# PyTorch 0.4 the tensor carries them itself, except `volatile`. Here is what became of each.
#
# Each row's **outcome** is one of: raises, warns, silently ignored, silently changed,
# silently wrong, works.
# On the slides you see each part's rows as a table; the notebook has the code of each row.

# %% slideshow={"slide_type": "skip"}
sheet.part("Tensors and their flags")


def old():
    v = Variable(torch.ones(3), requires_grad=True)  # 2017: wrap a tensor for autograd
    return did(type(v) is torch.Tensor and v.requires_grad,
               f"it returns a plain {type(v).__name__} with requires_grad={v.requires_grad}")


def new():
    t = torch.ones(3, requires_grad=True)
    return did(t.requires_grad, f"requires_grad={t.requires_grad}")


sheet.row("Variable(torch.ones(3), requires_grad=True)", "torch.ones(3, requires_grad=True)",
          old, new, expect="works", article="Variable(w1,requires_grad=True)")

# %% slideshow={"slide_type": "skip"}
w = torch.ones(3, requires_grad=True)  # a weight that wants gradients


def old():
    x = Variable(torch.ones(3), volatile=True)  # 2017: "no gradients from here on"
    y = x * w
    return did(not y.requires_grad, f"y = x * w still has requires_grad={y.requires_grad}")


def new():
    with torch.no_grad():
        y = torch.ones(3) * w
    with torch.inference_mode():  # stricter and a little faster: for pure inference
        z = torch.ones(3) * w
    return did(not y.requires_grad and not z.requires_grad,
               f"requires_grad={y.requires_grad} under no_grad, {z.requires_grad} under "
               "inference_mode")


sheet.row("Variable(x, volatile=True)", "with torch.no_grad(): / with torch.inference_mode():",
          old, new, expect="warns", match=r"volatile.*no effect", article="volatile=True")


# %% [markdown] slideshow={"slide_type": "notes"}
# `.data` still exists, and that is the trap: it hands you the values *without telling
# autograd*. Here `exp` keeps its output for the backward pass, and we zero that output.

# %% slideshow={"slide_type": "skip"}
def old():
    x = torch.tensor([1.0], requires_grad=True)
    y = x.exp()      # exp saves y: its gradient is y itself
    y.data.zero_()   # 2017: change the values behind autograd's back
    y.backward()
    return did(not y.any().item(), f"no error, and x.grad = {x.grad.item():.4g} "
               f"(the true gradient is e ≈ {math.e:.4g})",
               right=math.isclose(x.grad.item(), math.e, rel_tol=1e-6))


def new():
    x = torch.tensor([1.0], requires_grad=True)
    y = x.exp()
    y.detach().zero_()  # same memory, but autograd counts the change
    try:
        y.backward()
    except RuntimeError as error:
        return did(True, f"backward refuses: {str(error)[:70]}…")
    return did(False, f"no error, and x.grad = {x.grad.item():.4g}")


sheet.row("y.data", "y.detach() (or the update inside with torch.no_grad():)", old, new,
          expect="silently wrong",
          article="x.data, for the values x and x.detach() share (it writes nothing through it)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The rows about tensors and their flags, side by side:

# %% slideshow={"slide_type": "-"}
sheet.table(part="Tensors and their flags")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How you call `backward()`
#
# Two of `backward`'s argument names were renamed (each row says what the old one does today),
# and losses lost a dimension: in 2017 there were no 0-dimensional tensors, so a loss had
# shape `(1,)` and you read its number with `[0]`.

# %% slideshow={"slide_type": "skip"}
sheet.part("Calling backward()")


def old():
    x = torch.ones(2, requires_grad=True)
    torch.autograd.backward(x * 3, grad_variables=torch.tensor([1.0, 10.0]))
    return did(x.grad.tolist() == [3.0, 30.0], f"x.grad = {x.grad.tolist()}")


def new():
    x = torch.ones(2, requires_grad=True)
    torch.autograd.backward(x * 3, grad_tensors=torch.tensor([1.0, 10.0]))
    first = x.grad.tolist()
    x.grad = None
    (x * 3).backward(gradient=torch.tensor([1.0, 10.0]))  # the same, from the tensor
    return did(first == x.grad.tolist() == [3.0, 30.0], f"x.grad = {first}, both ways")


sheet.row("torch.autograd.backward(y, grad_variables=v)",
          "torch.autograd.backward(y, grad_tensors=v) / y.backward(gradient=v)", old, new,
          expect="warns", match=r"grad_variables.{0,2} is deprecated",
          article="grad_variable (no s) for the argument of backward()")


# %% slideshow={"slide_type": "skip"}
def old():
    w = torch.ones(2, requires_grad=True)
    loss = nn.MSELoss()(w, torch.zeros(2))  # a loss made today
    loss.backward(torch.tensor([1]))  # 2017's seed, fit for 2017's (1,) loss; this one is 0-dim


def new():
    w = torch.ones(2, requires_grad=True)
    loss = nn.MSELoss()(w, torch.zeros(2))
    loss.backward()
    return did(loss.dim() == 0 and w.grad is not None,
               f"loss has shape {tuple(loss.shape)}; w.grad = {w.grad.tolist()}")


sheet.row("loss.backward(torch.tensor([1]))  # on a loss made today",
          "loss.backward()  # a 0-dim loss", old, new, expect="raises", match=r"shape",
          article="backward(torch.tensor([1]))")


# %% slideshow={"slide_type": "skip"}
def old():
    w = torch.ones(2, requires_grad=True)
    loss = nn.MSELoss()(w, torch.zeros(2))
    return did(True, f"loss.data[0] = {loss.data[0]}")  # 2017: the loss's number


def new():
    w = torch.ones(2, requires_grad=True)
    number = nn.MSELoss()(w, torch.zeros(2)).item()
    return did(isinstance(number, float), f"a Python {type(number).__name__}: {number}")


sheet.row("loss.data[0]", "loss.item()", old, new, expect="raises", match=r"0-dim",
          article=None)


# %% slideshow={"slide_type": "skip"}
def old():
    x = torch.ones(2, requires_grad=True)
    z = (x * x).sum()
    z.backward(retain_variables=True)  # deprecated by 0.2 already: the article has retain_graph
    z.backward()


def new():
    x = torch.ones(2, requires_grad=True)
    z = (x * x).sum()
    z.backward(retain_graph=True)
    z.backward()  # the graph is still there: gradients add up
    return did(x.grad.tolist() == [4.0, 4.0], f"two backward calls; x.grad = {x.grad.tolist()}")


sheet.row("z.backward(retain_variables=True)", "z.backward(retain_graph=True)", old, new,
          expect="raises", match=r"retain_variables", article=None)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The rows about calling `backward()`, side by side:

# %% slideshow={"slide_type": "-"}
sheet.table(part="Calling backward()")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The training loop
#
# Three spellings from training code: clearing gradients, asking a loss for a sum, and a
# module's backward hook. None of them raises. Watch what each does instead.

# %% slideshow={"slide_type": "skip"}
sheet.part("The training loop")


def trained_once() -> tuple[nn.Parameter, torch.optim.Optimizer]:
    """A parameter whose .grad backward has just filled, and an optimizer over it."""
    p = nn.Parameter(torch.ones(2))
    (2 * p).sum().backward()
    return p, torch.optim.SGD([p], lr=0.1)


def old():
    p, optimizer = trained_once()
    optimizer.zero_grad()  # 2017: "set every .grad to 0"
    if p.grad is not None and not p.grad.any():
        return did(True, "p.grad is all zeros")
    return changed(f"p.grad is {p.grad}, not zeros")


def new():
    p, optimizer = trained_once()
    optimizer.zero_grad()
    freed = p.grad is None
    (2 * p).sum().backward()
    optimizer.zero_grad(set_to_none=False)  # when you really want zeros
    return did(freed and not p.grad.any(),
               f"p.grad is None; with set_to_none=False it is {p.grad.tolist()}")


sheet.row("optimizer.zero_grad()  # grads become 0",
          "optimizer.zero_grad()  # grads become None (set_to_none=False: 0)", old, new,
          expect="silently changed", article="optimizer.zero_grad(), to set each grad to 0")

# %% slideshow={"slide_type": "skip"}
pred, target = torch.tensor([1.0, 2.0]), torch.zeros(2)


def old():
    total = nn.MSELoss(size_average=False)(pred, target)  # 2017: sum, not mean
    each = nn.MSELoss(reduce=False)(pred, target)  # 2017: one loss per element
    return did(total.item() == 5.0 and each.tolist() == [1.0, 4.0],
               f"sum {total.item()}; per element {each.tolist()}")


def new():
    total = nn.MSELoss(reduction="sum")(pred, target)
    each = nn.MSELoss(reduction="none")(pred, target)
    return did(total.item() == 5.0 and each.tolist() == [1.0, 4.0],
               f"sum {total.item()}; per element {each.tolist()}")


sheet.row("nn.MSELoss(size_average=False) / (reduce=False)",
          "nn.MSELoss(reduction='sum') / (reduction='none')", old, new,
          expect="warns", match=r"size_average and reduce", article=None)


# %% [markdown] slideshow={"slide_type": "notes"}
# A module's backward hook should see the gradient of the module's *input*. The 2017 hook sees
# the `grad_input` of the module's last operation instead: for `nn.Linear`, three tensors.
# (The article names only `register_hook` and, loosely, `register_xx_hook`.)

# %% slideshow={"slide_type": "skip"}
def hooked(register) -> tuple[tuple, torch.Tensor]:
    """What a backward hook on nn.Linear(2, 2) receives as grad_input, and the input's grad."""
    layer, x, got = nn.Linear(2, 2), torch.ones(1, 2, requires_grad=True), []
    register(layer, lambda module, grad_input, grad_output: got.append(grad_input))
    layer(x).sum().backward()
    return got[0], x.grad


def old():
    grad_input, x_grad = hooked(nn.Module.register_backward_hook)
    shapes = [tuple(g.shape) for g in grad_input if g is not None]
    is_input = len(grad_input) == 1 and torch.equal(grad_input[0], x_grad)
    return did(not is_input, f"grad_input: {len(grad_input)} tensors, shapes {shapes}")


def new():
    grad_input, x_grad = hooked(nn.Module.register_full_backward_hook)
    is_input = len(grad_input) == 1 and torch.equal(grad_input[0], x_grad)
    return did(is_input, f"grad_input: {len(grad_input)} tensor, the input's gradient")


sheet.row("module.register_backward_hook(hook)", "module.register_full_backward_hook(hook)",
          old, new, expect="warns", match=r"non-full backward hook", article=None)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The rows from the training loop, side by side:

# %% slideshow={"slide_type": "-"}
sheet.table(part="The training loop")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The whole sheet
#
# Every row above, in one table, as this run observed it: the cheat-sheet to keep.

# %% slideshow={"slide_type": "subslide"}
sheet.table(compact=True)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Read more
#
# - [PyTorch 0.4.0 migration guide](https://pytorch.org/blog/pytorch-0_4_0-migration-guide/)
#   — where `Variable` and `volatile` went
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.no_grad`](https://pytorch.org/docs/stable/generated/torch.no_grad.html) and
#   [`torch.inference_mode`](https://pytorch.org/docs/stable/generated/torch.inference_mode.html)
# - [`torch.autograd.backward`](https://pytorch.org/docs/stable/generated/torch.autograd.backward.html)
# - [`Optimizer.zero_grad`](https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html)
# - [`Module.register_full_backward_hook`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What changed since 2017, counted
#
# The tally below is counted from the rows this run checked.

# %% slideshow={"slide_type": "-"}
sheet.summary()

# %% slideshow={"slide_type": "fragment"} tags=["hide-input"]
counts = sheet.tally()
quiet = counts["silently ignored"] + counts["silently changed"]
mine = sum(r.article is not None for r in sheet.rows.values())
idle = sum(bool(r.then.also) for r in sheet.rows.values())  # warned, and did not work
idle_note = f" (for {idle} of them, the run shows it no longer does what it did)" if idle else ""
Markdown(
    f"Of the **{len(sheet.rows)}** 2017 spellings on this sheet ({mine} of them the "
    f"article's), **{counts['raises']}** raise an error on torch {torch.__version__}, "
    f"**{counts['warns']}** warn"
    f"{idle_note}, "
    f"**{quiet}** run without a word yet no longer do what they "
    f"did, **{counts['silently wrong']}** run without a word and give a wrong result, and "
    f"**{counts['works']}** still work. Watch the quiet ones most: nothing on screen tells "
    "you that anything is amiss."
)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [10 · Freezing part of a network](10_freezing.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/10_freezing.ipynb))
#
# **Next →:**
# [12 · When backward() fails: the error messages, explained](12_when_backward_fails.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/12_when_backward_fails.ipynb))
