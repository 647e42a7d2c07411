# %% [markdown] slideshow={"slide_type": "slide"}
# # 06 · detach: cutting the graph
#
# Sometimes you want a tensor's *values* without its *history*: to log it, to use it as a fixed
# target, or to stop gradients flowing into part of a network. `detach()` does that. The article
# says three things about it: what the detached tensor is, that it shares memory with the
# original, and that `detach_()` does the same in place. In this notebook you will check each
# one, and find out why sharing memory makes the old `.data` attribute dangerous.
#
# Claims checked here: **C07**, **C08**, **C09**.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/06_detach.ipynb)

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

from helpers import check, judge, self_check
from helpers.graph import draw

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C07 · §1 — What `detach()` gives you
#
# **The claim.** If `x` is an intermediate result, `x.detach()` is a tensor with the same
# values but `requires_grad=False` and no `grad_fn`: it has no history, so it is a leaf, and
# backpropagation that reaches it stops there.
#
# **The reading we test:** for an intermediate `h`, `h.detach()` has equal values,
# `requires_grad=False`, `grad_fn=None` and `is_leaf=True`; and when a computation uses both a
# tensor and its detached copy, backward reaches the tensor only along the path that did not go
# through the copy.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** `detach()` gives the same values with no history: a leaf that does
# not require grad. Gradients flowing back stop there, so only the other paths
# to a parameter contribute.
#
# **They bring.** The article writes <span lang="zh">「x’ 也就成了叶节点」</span> (it
# becomes a leaf), which holds; learners then assume a detached copy is
# independent data, which the next claim corrects.
#
# **Ask first.** In `y = a.detach() * b + a`, which path carries a gradient back
# to `a`?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** `h = a * 2` is not a leaf. Is `h.detach()` a leaf? And in
# `y = a.detach() * b + a`, what will `a.grad` be after `y.sum().backward()`?

# %% slideshow={"slide_type": "subslide"}
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = a * 2              # an intermediate, like the article's x
h_det = h.detach()
for name, t in [("h", h), ("h.detach()", h_det)]:
    print(f"{name:10} values {t.tolist()}  requires_grad={t.requires_grad}  "
          f"grad_fn={t.grad_fn}  is_leaf={t.is_leaf}")
# no grad_fn and is_leaf follow from requires_grad=False (a tensor that needs no gradient is
# always a leaf): only the values and the flag are observations here; backward decides below
facts_ok = torch.equal(h, h_det) and not h_det.requires_grad

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now use `a` twice, once through its detached copy. Calculus on the *function* says
# `∂y/∂a = b + 1`; if backward stops at the copy, only the `+ a` path counts and `a.grad`
# is `1`.

# %% slideshow={"slide_type": "-"}
b = torch.tensor([4.0, 5.0, 6.0], requires_grad=True)
a_det = a.detach()
y = a_det * b + a
loss = y.sum()
loss.backward()
print("a.grad =", a.grad, "   b.grad =", b.grad)

a_same = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # a's numbers, a fresh leaf
(a_same * b.detach() + a_same).sum().backward()
print("without the detach, a.grad would be", a_same.grad)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The dashed box is the detached copy: the same values as `a`, a `detach()` arrow
# showing where it came from, and *no* arrow from it into the graph. `a`'s `AccumulateGrad`
# feeds only `AddBackward0`, the path of `+ a`; `MulBackward0` leads back to `b` alone.

# %% slideshow={"slide_type": "fragment"}
draw(loss, names={"a": a, "a.detach()": a_det, "b": b, "y": y, "loss": loss}, legend=False)

# %% slideshow={"slide_type": "subslide"}
stops_there = (torch.equal(a.grad, torch.ones(3)) and torch.equal(b.grad, a_det)
               and torch.equal(a_same.grad, (b + 1).detach()))
observed = judge(holds=facts_ok and stops_there)
check("C07", observed,
      evidence=f"h.detach() has h's values, requires_grad={h_det.requires_grad}, "
               f"grad_fn={h_det.grad_fn}, is_leaf={h_det.is_leaf}; through y = a.detach()*b + a, "
               f"a.grad = {a.grad.tolist()} (only the + a path), not b + 1 = "
               f"{a_same.grad.tolist()}")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# `x.round()` has the values you want, but the gradient it sends back is zero everywhere.
# Write `round_through(x)`: a tensor with `x.round()`'s values that backward treats as if it
# were `x` itself, so the gradient arriving at it reaches `x` unchanged. The check tries fresh
# tensors and weighted gradients.

# %% slideshow={"slide_type": "-"}
def round_through(x):
    """x.round()'s values; on the way back, the gradient passes to x as it arrives."""
    return ...  # one expression


x = torch.tensor([0.3, 1.2, 2.4], requires_grad=True)
self_check("06.1", round_through=round_through, x=x)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C08 · §1 — Same data, different tensors
#
# **The claim.** `x` and `x.detach()` point to the same underlying data, the one `x.data`
# also points to.
#
# **The reading we test:** the two are different Python objects, but a write through either
# one is seen by the other, their `data_ptr()` is the same, and `x.data` is that same memory
# too.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** `x`, `x.detach()` and `x.data` are separate tensor objects over one
# storage. Writing through any of them changes all three.
#
# **They bring.** Learners assume `detach()` copies. The article gets this
# right; the trap is in the learner's habit, not the text.
#
# **Ask first.** We write into the detached tensor. Does `x` change?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** You set `d = x.detach()` and then `d[0] = 100`. Does `x[0]` change? And if you
# change `x`, does `d` see it?

# %% slideshow={"slide_type": "subslide"}
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
d, x_data = x.detach(), x.data
print("same object:", d is x, x_data is x, "| same memory:",
      d.data_ptr() == x.data_ptr(), x_data.data_ptr() == x.data_ptr())

d[0] = 100.0                 # write through the detached tensor ...
with torch.no_grad():
    x[1] = -5.0              # ... and through x (a leaf that needs grad: only under no_grad)
x_data[2] = 42.0             # ... and through x.data
print("x =", x.tolist(), " d =", d.tolist(), " x.data =", x_data.tolist())

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Both copies hang off `x` as dashed constants with the same three numbers. The
# drawing labels the edge `detach()` for `x.data` too: the picture cannot tell them apart,
# because the difference is not in the memory. The next section shows where it is.

# %% slideshow={"slide_type": "fragment"}
y = (x * 2).sum()
draw(y, names={"x": x, "x.detach()": d, "x.data": x_data, "y": y}, legend=False)

# %% slideshow={"slide_type": "subslide"}
same_memory = d.data_ptr() == x.data_ptr() == x_data.data_ptr()
seen_both_ways = x[0].item() == 100.0 and d[1].item() == -5.0 and d[2].item() == 42.0
observed = judge(holds=same_memory and seen_both_ways and d is not x)
check("C08", observed,
      evidence=f"x, x.detach() and x.data have one data_ptr ({same_memory}); writing d[0]=100, "
               f"x[1]=-5 and x.data[2]=42 left all three at {x.tolist()}; they are "
               "separate tensor objects over one storage")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Write `snapshot(t)`: a tensor with `t`'s values that keeps them when `t` is later changed in
# place, and that carries no history. The check tries `x` below, a tensor that needs no
# gradient and an intermediate, changing each in place afterwards.

# %% slideshow={"slide_type": "-"}
def snapshot(t):
    """t's values, out of reach of later in-place changes to t, with no history."""
    return ...  # one expression


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
self_check("06.2", snapshot=snapshot, x=x)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Sharing memory has a price: the version counter
#
# Autograd saves some tensors for backward: `h ** 2` keeps `h`, because its derivative is
# `2h`. Sharing memory means you can change a saved tensor behind autograd's back. To notice,
# every tensor carries a **version counter**, bumped by each in-place change; backward
# compares it with the version it saved.
#
# Not the article's claim, but why "they share data" matters.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** You add 1, in place, to a detached copy of `h` after `h ** 2` saved it, then
# call `backward()`: an error, or a gradient? And if the change goes through `h.data` instead?

# %% slideshow={"slide_type": "subslide"}
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = a * 2
out = (h**2).sum()           # PowBackward0 saves h
d = h.detach()
print("before: h._version =", h._version, " d._version =", d._version)
d.add_(1)
print("after:  h._version =", h._version, " d._version =", d._version)
try:
    out.backward()
except RuntimeError as e:
    detach_error = str(e)
    print("RuntimeError:", e)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The detached copy shares `h`'s version counter, so autograd saw the change and refused.
# In the graph, the dashed ellipse tied to `PowBackward0`, the `h` it saved, is marked as
# modified in place.

# %% slideshow={"slide_type": "fragment"}
draw(out, names={"a": a, "h": h, "h.detach()": d, "out": out}, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now the same change through `h.data`. Here `out = Σ (2a)² = 4 Σ a²`, so the correct
# gradient is `∂out/∂a = 8a`.

# %% slideshow={"slide_type": "-"}
a.grad = None
h = a * 2
out = (h**2).sum()
h_data = h.data
print("before: h._version =", h._version, " h.data._version =", h_data._version)
h_data.add_(1)
print("after:  h._version =", h._version, " h.data._version =", h_data._version)
print("PowBackward0 saved h, which now holds", out.grad_fn.next_functions[0][0]._saved_self)
out.backward()               # no error ...
correct = 8 * a.detach()
print("a.grad =", a.grad, "  correct:", correct, "  out was", out.item())
data_silently_wrong = not torch.allclose(a.grad, correct)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** `out` is still 56, computed from `h = [2, 4, 6]`, but `h`'s box now holds
# `[3, 5, 7]`, and `h` is the tensor `PowBackward0` saved. Its ellipse carries no warning this
# time, only *freed by backward()*: backward multiplied by the wrong numbers and said nothing,
# so the gradient in `a`'s box is not `8a`. `h.data` has a version counter of its own, and
# `h`'s stayed at 0.

# %% slideshow={"slide_type": "fragment"}
draw(out, names={"a": a, "h": h, "h.data": h_data, "out": out}, legend=False)


# %% [markdown] slideshow={"slide_type": "notes"}
# That is why today's code uses `detach()` (and `torch.no_grad()` for updates such as
# `p -= lr * p.grad`) rather than `.data`: with `detach()` a mistake becomes an error; with
# `.data` it becomes a wrong gradient that trains quietly. `.data` is a leftover of the
# `Variable` era, when it was the way to reach the tensor inside a `Variable`.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# You need `h`'s values plus one, changed in place, while `out` still needs the `h` it saved,
# and the result feeds a second loss whose gradient must reach `a`. In `bumped_copy(h)`, make
# `d` from `h`: yours to change in place, still on `a`'s graph. The check runs it on
# `h = a * 2` for the `a` below and fresh ones, backpropagates through `out` and your result,
# and compares `a.grad` with calculus.

# %% slideshow={"slide_type": "-"}
def bumped_copy(h):
    """h's values plus one, in a tensor of their own that keeps h's history."""
    d = ...  # made from h: yours to change in place, still on a's graph
    return d.add_(1)


a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
self_check("06.3", bumped_copy=bumped_copy, a=a)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C09 · §1 — `detach_()`: in place
#
# **The claim.** `x.detach_()` does not make a new tensor: it detaches `x` itself.
#
# **The reading we test:** `detach_()` returns the very object it was called on, over the same
# memory, which afterwards has `requires_grad=False` and `grad_fn=None` — and it does so for
# any tensor you call it on, slices and views included.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** `detach_()` changes the tensor itself: same object, now without
# history. On a view it refuses with an error.
#
# **They bring.** The article says it <span lang="zh">「直接修改 x 本身」</span>
# (modifies x itself) without exceptions. Learners apply it to a slice and meet
# an error they did not expect.
#
# **Ask first.** Will `h[0:2].detach_()` work?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Does `h.detach_()` hand back the same Python object? And does it work on a
# slice such as `h[0:2]`?

# %% slideshow={"slide_type": "subslide"}
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = a * 2
memory = h.data_ptr()
print("before: requires_grad", h.requires_grad, " grad_fn", h.grad_fn, " is_leaf", h.is_leaf)
returned = h.detach_()
print("after:  requires_grad", h.requires_grad, " grad_fn", h.grad_fn, " is_leaf", h.is_leaf)
in_place_ok = returned is h and h.data_ptr() == memory and not h.requires_grad
print("same object:", returned is h, " same memory:", h.data_ptr() == memory)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Detach `h` in place, then use it. `h` is now a dashed constant, and `a` sits on its
# own: nothing leads from it to `y`, so its gradient stays *not computed yet*, while `b` gets
# one.

# %% slideshow={"slide_type": "fragment"}
b = torch.tensor([4.0, 5.0, 6.0], requires_grad=True)
h = a * 2
h.detach_()
y = (h * b).sum()
y.backward()
draw(y, names={"a": a, "h": h, "b": b, "y": y}, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"}
# One exception: a *view* of another tensor (a slice, a `view()`) cannot be detached in place.

# %% slideshow={"slide_type": "-"}
h = a * 2
refused = {}
for label, view in [("h[0:2]", h[0:2]), ("h.view(3)", h.view(3))]:
    try:
        view.detach_()
        refused[label] = None
        print(label, "detached in place")
    except RuntimeError as e:
        refused[label] = str(e)
        print(f"{label}: RuntimeError: {str(e).split('. ')[0]}.")

# %% [markdown] slideshow={"slide_type": "notes"}
# A view shares more than memory with its base: its autograd record is tied to the base's, so
# that an in-place change to either is replayed correctly in backward. Detaching the view
# alone, in place, would cut that tie on one side only, so PyTorch refuses and asks for a new
# tensor. Its full message also mentions DistributedDataParallel, where gradients can be views.

# %% slideshow={"slide_type": "subslide"}
views_refused = all(msg is not None for msg in refused.values())
observed = judge(holds=in_place_ok and a.grad is None and b.grad is not None,
                 exception=views_refused)
first_message = next((m for m in refused.values() if m), "")
check("C09", observed,
      evidence=f"h.detach_() returned h itself, over the same memory, now requires_grad=False "
               f"and grad_fn=None; but on views {[k for k, m in refused.items() if m]} it raised "
               f"'{first_message.split('. ')[0]}.'")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Write `detach_all(tensors)`: one history-free tensor per input, in order: the very object
# passed in, detached **in place**, wherever PyTorch allows it; a new one otherwise. The check
# passes lists of intermediates, their views and tensors that need no gradient. Predict first:
# would `torch.zeros(3)[1:].detach_()` run?

# %% slideshow={"slide_type": "-"}
def detach_all(tensors):
    """One tensor per input, cut from its history: in place where allowed, else a new one."""
    return ...  # a list, in the order of tensors


self_check("06.4", detach_all=detach_all)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Read more
#
# - [`torch.Tensor.detach`](https://pytorch.org/docs/stable/generated/torch.Tensor.detach.html)
# - [`torch.Tensor.detach_`](https://pytorch.org/docs/stable/generated/torch.Tensor.detach_.html)
# - [`torch.Tensor.clone`](https://pytorch.org/docs/stable/generated/torch.clone.html)
# - [Autograd mechanics: in-place operations](https://pytorch.org/docs/stable/notes/autograd.html#in-place-operations-with-autograd)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C07** — `detach()` gives the same values with no history: a leaf with
#   `requires_grad=False`, and backward does not pass through it.
# - **C08** — `x`, `x.detach()` and `x.data` share one memory; writes show up both ways.
#   `detach()` also shares the version counter, so changing a saved tensor through it is
#   an error; through `.data`, which does not, it is a silently wrong gradient.
# - **C09** — `detach_()` detaches the tensor itself, in place, but refuses on views:
#   there you need `detach()`.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [05 · backward's argument: scalars, vectors and Jacobians](05_backward_arguments.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/05_backward_arguments.ipynb))
#
# **Next →:**
# [07 · retain_graph and several losses](07_retain_graph.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/07_retain_graph.ipynb))
