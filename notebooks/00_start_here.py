# %% [markdown] slideshow={"slide_type": "slide"}
# # 00 · Start here: how `backward()` really works
#
# In 2017 a short Chinese blog post, *"Some understanding of backward()"*, became one of the
# most shared explanations of PyTorch's autograd. It makes 27 concrete claims. This collection
# checks every one of them **by running PyTorch**, draws the graphs autograd builds, and gives
# each claim a verdict that the code itself computes — on the PyTorch you are running now.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/00_start_here.ipynb)

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

import torch
from IPython.display import HTML

from helpers.claims import VERDICT_COLOUR, VERDICTS, claim_map_html, verdict_meaning, verdict_word
from helpers.graph import draw
from helpers.torchviz_map import box_map

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How to use these notebooks
#
# - **In Jupyter**: `make lab` in the repository opens JupyterLab on `notebooks/`; run each
#   notebook top to bottom (*Run → Run All Cells* works too).
# - **In Colab**: click the *Open in Colab* badge at the top of any notebook. Its first code
#   cell fetches this collection's helpers and installs `torchviz`; nothing else is needed.
# - **As slides**: `make` builds every notebook into `build/`, with a reveal.js slide deck per
#   notebook in `build/slides/` (offline where `npm` fetched reveal.js, else via a CDN). Each
#   claim is one slide.
# - **On Binder or JupyterHub**: launch the repository; `environment.yml` and `apt.txt` bring
#   Python, PyTorch and Graphviz.
#
# Each notebook stands alone after its setup cell, so you can start anywhere.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The article in one paragraph
#
# The article walks through the flags and calls that decide what `backward()` does:
# `requires_grad` (who takes part in differentiation and how that spreads), the old
# `volatile` flag for inference, `detach()`, and `retain_graph`. It then separates computing
# gradients from updating weights, asks why only a scalar can call `backward()` with no
# argument, and runs a small experiment showing that leaves keep gradients while
# intermediate results do not; from it, it calls the graph a kind of binary tree. A second,
# separate experiment splits an AlexNet-style CIFAR-10 model into two networks and shows
# that both get gradients under one optimizer; comparing the two, it argues that network
# weights are leaves of the graph. Last, it freezes a sub-network by switching off its
# parameters' `requires_grad`. It was written for PyTorch 0.3; we test it on today's.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Reading a verdict
#
# Every claim ends in a verdict card. The verdict is not typed in: the cell turns what it just
# observed into one of four words, and the collection's catalog says which word it expects on
# current PyTorch. If a new PyTorch release changes a behaviour, the verdict changes, the
# catalog disagrees, and our tests fail — that is how this collection stays honest.

# %% slideshow={"slide_type": "fragment"}
rows = "".join(
    f'<tr><td style="color:{VERDICT_COLOUR[v]};font-weight:bold">{verdict_word(v)}</td>'
    f"<td>{verdict_meaning(v)}</td></tr>"
    for v in VERDICTS
)
HTML(f"<table><tr><th>verdict</th><th>meaning</th></tr>{rows}</table>")

# %% [markdown] slideshow={"slide_type": "notes"}
# Where the article is vague, each notebook says which reading it tested: always the
# strongest reasonable one, so a verdict of *holds* means something.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Reading a graph
#
# The graphs in this collection show what autograd records during the forward pass. Here is
# the smallest interesting one: a weight times an input, plus a bias, before `backward()`.
# A *leaf* is a tensor whose `grad_fn` is `None`: no recorded operation made it. The rule: a
# tensor that does not require grad is always a leaf, even one computed from others
# (`torch.ones(2) * 3`); one that requires grad is a leaf only if you made it so yourself
# (`requires_grad=True`, a parameter), not if it was computed. Below, `x`, `w` and `b` are
# leaves; `y` was computed, and requires grad through `w` and `b`, so it is not.

# %% slideshow={"slide_type": "subslide"}
x = torch.tensor([2.0])                      # an input: needs no gradient
w = torch.nn.Parameter(torch.tensor([3.0]))  # a parameter: a leaf that wants a gradient
b = torch.tensor([1.0], requires_grad=True)  # a plain leaf that wants a gradient
y = w * x + b
draw(y, names={"x": x, "w": w, "b": b, "y": y})

# %% [markdown] slideshow={"slide_type": "subslide"}
# Data flows from left to right: leaves first, output last. A graph that would not fit the
# page is turned to run top to bottom (or back), and a big one may be *stacked*, some boxes
# beside the box they are joined to: whatever the page direction, follow the arrows, which
# point from the leaves towards the output. The legend names every kind of box. Look at `x`:
# it is drawn apart, as a constant, because nothing will flow back into it. Look at
# `MulBackward0`'s box: it lists what the multiplication kept so that backward can run. An
# op's operands are called `self` (the first) and `other` (the second), so "saved other" means
# it kept `x`, the second operand of `w * x`: `w`'s gradient needs it.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now run `backward()` and draw the same graph again. Look at two things: the gradients now
# filled in on `w` and `b`, and the saved tensors, which are marked **freed** — backward
# released them once it had used them.

# %% slideshow={"slide_type": "-"}
y.backward()
draw(y, names={"x": x, "w": w, "b": b, "y": y})

# %% [markdown] slideshow={"slide_type": "notes"}
# This graph is drawn *compact* (it holds an `nn.Parameter`): each leaf's arrow goes straight
# into the op that uses it, and each op lists what it saved in its own box. Graphs drawn in
# full add an `AccumulateGrad` box between each leaf that wants a gradient and its op (the
# node that writes the leaf's `.grad`), and an ellipse, dotted to its op, per saved tensor.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The same graph, as torchviz draws it
#
# Forums and tutorials draw graphs with `torchviz.make_dot`. Here is the same `y` drawn by
# plain torchviz — `draw(..., raw=True)` calls `make_dot`. Look at what is missing: it runs
# top to bottom, shows shapes but no values or gradients, and `x` is not there at all.

# %% slideshow={"slide_type": "subslide"}
draw(y, names={"x": x, "w": w, "b": b, "y": y}, raw=True)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Which box is which? This table is computed from the two pictures: for every box torchviz
# drew, the tensor or backward function behind it and the teaching view's box for it. In
# torchviz, blue boxes are leaves, green is the output, grey boxes are backward functions.

# %% slideshow={"slide_type": "-"}
box_map(y, names={"x": x, "w": w, "b": b, "y": y})

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The map: every claim, its verdict, and where it is settled
#
# Each row is one claim of the article, in our words, with its section (§), its verdict, and
# the notebook that settles it. The verdicts come from this machine's last build if there is
# one, otherwise from the catalog; the line above the table says which.

# %% slideshow={"slide_type": "subslide"}
HTML(claim_map_html())

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Beyond the article
#
# Three notebooks go beyond the article:
#
# - [11 · Then and now](11_then_and_now.ipynb): a cheat-sheet from 2017 spellings, the
#   article's (`Variable`, `volatile`) and others (`loss.data[0]`, ...), to today's, every
#   row run and checked on your PyTorch.
# - [12 · When backward fails](12_when_backward_fails.ipynb) and
#   [13 · More backward failures](13_more_backward_failures.ipynb): the errors and warnings
#   autograd gives you, and one failure that prints nothing, reproduced one by one, with what
#   each means and how to fix it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Read more
#
# - PyTorch's own note on [autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html):
#   how the graph is recorded, saved tensors, `no_grad` and `inference_mode`, in-place checks.
# - The official [autograd tutorial](https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html):
#   a gentle first run of `backward()` on a small model.

# %% [markdown] slideshow={"slide_type": "slide"}
# Ready? Start with `01_requires_grad`, or jump to the claim you doubt most.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **Next →:**
# [01 · requires_grad: who takes part in differentiation](01_requires_grad.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/01_requires_grad.ipynb))
