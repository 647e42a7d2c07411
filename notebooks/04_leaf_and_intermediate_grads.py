# %% [markdown] slideshow={"slide_type": "slide"}
# # 04 · Leaves, intermediates, and where gradients end up
#
# After `backward()`, some tensors have a `.grad` and some do not. The article explains which,
# with a tiny experiment of its own, and then makes a bold claim about the *shape* of the graph.
# In this notebook you will rerun that experiment, find out where intermediate gradients go,
# catch them with hooks, and decide for yourself whether a computation graph is a binary tree.
#
# Claims checked here: **C21**, **C18**, **C26**, **C22**.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/04_leaf_and_intermediate_grads.ipynb)

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
import warnings
from collections import Counter

import torch
from IPython.display import Markdown, display
from torch import nn
from torch.autograd import Variable
from torchviz import make_dot

from helpers import check, judge, self_check
from helpers.graph import backward_nodes, draw
from helpers.steps import backward_steps
from helpers.survey import graph_depths

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C21 · §3 — The article's experiment
#
# **The claim.** Take two little functions chained together, `y2 = x2 ** w1` and then
# `z2 = w2 * y2 + 1`, where `x2`, `w1` and `w2` all ask for gradients. After `z2.backward()`,
# the article reports that `x2`, `w1` and `w2` each have a gradient, while `y2.grad` is `None`.
#
# **The reading we test:** the three inputs get gradients equal to their calculus values,
# and the intermediate `y2` has none — in the article's 2017 spelling and in today's.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** The article's experiment runs today as written: the leaves get
# gradients that match the calculus, and the intermediate `y2` gets none.
#
# **They bring.** The article's reading <span lang="zh">「只有y2没有保留梯度值」</span>
# holds. Learners take it to mean `y2`'s gradient was never computed; it was,
# and passed on to `x2` and `w1`, then dropped, because `y2` is not a leaf.
#
# **Ask first.** Which of `x2`, `w1`, `w2`, `y2` will have a gradient after
# `z2.backward()`?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Before running the next cell: which of `x2.grad`, `y2.grad`, `w1.grad`,
# `w2.grad` will be `None`? And will the old `Variable` spelling still run at all?
#
# First, the article's experiment in its 2017 spelling, with `Variable` (we add a seed):

# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    w1 = Variable(torch.Tensor([2]), requires_grad=True)
    w2 = Variable(torch.Tensor([2]), requires_grad=True)
    x2 = Variable(torch.rand(1), requires_grad=True)
    y2 = x2**w1
    z2 = w2 * y2 + 1
    z2.backward()
    grads_2017 = {"x2": x2.grad, "y2": y2.grad, "w1": w1.grad, "w2": w2.grad}

print("Variable(...) now returns a", type(x2).__name__)
for name, grad in grads_2017.items():
    print(f"{name}.grad = {grad}")
print("\nWarnings today's PyTorch printed:")
for w in caught:
    print(" -", str(w.message).split(". ")[0] + ".")

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
about_variable = [w for w in caught if "Variable" in str(w.message)]
about_grad = [w for w in caught if "not a leaf" in str(w.message)]
display(Markdown(
    f"`Variable` survives only as a name: it hands back an ordinary `{type(x2).__name__}`"
    + (" and says nothing about itself." if not about_variable
       else f", with {len(about_variable)} warning(s) about itself.")
    + (" The warning about *reading* `y2.grad` says that an intermediate tensor's `.grad` "
       "is not filled in." if about_grad else "")
    + " Now the same experiment in today's idiom:"))

# %% slideshow={"slide_type": "-"}
torch.manual_seed(0)
x2 = torch.rand(1, requires_grad=True)
w1 = torch.tensor([2.0], requires_grad=True)
w2 = torch.tensor([2.0], requires_grad=True)
y2 = x2**w1
z2 = w2 * y2 + 1
steps21 = backward_steps(z2, names={"x2": x2, "w1": w1, "w2": w2, "y2": y2, "z2": z2})  # backward()
print("is_leaf:", {"x2": x2.is_leaf, "w1": w1.is_leaf, "w2": w2.is_leaf, "y2": y2.is_leaf})
depth = {n: d for n, (d, _) in graph_depths(z2, {"x2": x2, "w1": w1, "y2": y2, "w2": w2}).items()}
print("backward functions between z2 and each one (graph_depths):", depth)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Are those gradients *right*? Calculus says, for $z_2 = w_2\,x_2^{w_1} + 1$:
# $\partial z_2/\partial x_2 = w_2 w_1 x_2^{w_1-1}$,
# $\partial z_2/\partial w_1 = w_2\, x_2^{w_1} \ln x_2$, and
# $\partial z_2/\partial w_2 = x_2^{w_1}$.

# %% slideshow={"slide_type": "-"}
with torch.no_grad():
    by_hand = {
        "x2": w2 * w1 * x2 ** (w1 - 1),
        "w1": w2 * x2**w1 * torch.log(x2),
        "w2": x2**w1,
    }
autograd = {"x2": x2.grad, "w1": w1.grad, "w2": w2.grad}
for name in by_hand:
    print(f"{name}: autograd {autograd[name].item():.6f}   by hand {by_hand[name].item():.6f}")
leaf_grads_right = all(torch.allclose(autograd[n], by_hand[n]) for n in by_hand)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See** the backward pass you just ran, one node at a time (`backward_steps` ran it with a
# hook on every node). **Predict** first: which leaf gets its gradient first? Each box is a
# tensor you named, with its value and its gradient; the rounded boxes are the backward
# functions; the numbers on the arrows are the gradients sent back along them. Watch `y2`: a
# gradient passes through it, yet its box keeps saying *not a leaf*. The last step is the
# finished graph. The article also says `x2` and `w1` sit at one depth and `y2` and `w2` at
# another: the hop counts printed above check it.

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
steps21

# %% slideshow={"slide_type": "subslide"}
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # we read y2.grad on purpose
    y2_grad = y2.grad
old_spelling_same = all(  # both runs drew x2 after manual_seed(0): the same numbers
    grads_2017[n] is not None and torch.equal(grads_2017[n], autograd[n])
    for n in ("x2", "w1", "w2")
) and grads_2017["y2"] is None
depths_as_article = depth["x2"] == depth["w1"] != depth["y2"] == depth["w2"]
observed = judge(holds=leaf_grads_right and y2_grad is None and old_spelling_same)
check("C21", observed,
      evidence=f"x2.grad={x2.grad.item():.4f}, w1.grad={w1.grad.item():.4f}, "
               f"w2.grad={w2.grad.item():.4f} (all match calculus); y2.grad is {y2_grad}; "
               f"the Variable spelling gives the same gradients: {old_spelling_same}. Depths "
               f"from z2: {depth} — x2 and w1 level, y2 and w2 level, as the article says: "
               f"{depths_as_article}")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Write `doubled(x2, w1, w2)`: new values for the three leaves that make `backward()` give
# `w2` **twice** the gradient the values passed in give it — for any starting values, not
# only the cell's. **Predict first:** which of the three leaves can change `w2.grad` at all?
# `w2_grad` runs the chain for you; the check runs it from other starting values too.

# %% slideshow={"slide_type": "-"}
def w2_grad(x2, w1, w2):
    """w2.grad after z2.backward() in the article's chain, for these leaf values."""
    x2, w1, w2 = (torch.tensor([float(v)], requires_grad=True) for v in (x2, w1, w2))
    (w2 * x2**w1 + 1).backward()
    return w2.grad.item()


def doubled(x2, w1, w2):
    """New values (three numbers) for x2, w1 and w2 that double w2's gradient."""
    return ...  # the three new values, computed from the ones passed in


print("w2.grad from (0.5, 3.0, -1.0):", w2_grad(0.5, 3.0, -1.0))
self_check("04.1", doubled=doubled)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C18 · §3 — Who keeps a gradient?
#
# **The claim.** Only the leaves of the graph keep their gradient in `.grad`. An intermediate
# tensor's gradient is computed, handed backwards, and thrown away; to get at it you must use
# `register_hook`.
#
# **The reading we test:** after `backward()`, intermediates have no `.grad` while leaves that
# need gradients do — and `register_hook` is *the* (only) way to reach an intermediate gradient.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** After backward only leaves that require grad keep `.grad`; an
# intermediate's gradient is passed on and dropped. A hook is one way to see it;
# `retain_grad()` and `torch.autograd.grad` are others.
#
# **They bring.** The article says <span lang="zh">「想要获取中间节点梯度,可以使用
# register_hook」</span> as if hooks were the way. Learners do not know the
# simpler ways.
#
# **Ask first.** After backward, what is `y.grad` for an intermediate `y`? Name
# a way to keep it.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Is a hook really the only way to see `y`'s gradient below? PyTorch has a method
# whose name sounds like it might keep it. And does *every* leaf get a `.grad`?

# %% slideshow={"slide_type": "subslide"}
a = torch.tensor([1.0, 2.0], requires_grad=True)  # a leaf that asks for gradients
k = torch.tensor([3.0, 4.0])                      # a leaf that does not
y = a * k                                          # an intermediate
loss = y.sum()
loss.backward()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    print("a.grad =", a.grad, "| k.grad =", k.grad, "| y.grad =", y.grad)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Two things to notice: the intermediate `y` kept nothing, and the leaf `k` kept nothing
# either — only leaves that *require* gradients collect them. Now the method with the
# promising name, `retain_grad()`:

# %% slideshow={"slide_type": "-"}
y = a * k
y.retain_grad()  # ask autograd to keep this intermediate's gradient
a.grad = None
y.sum().backward()
print("y.grad with retain_grad():", y.grad)
retain_grad_right = y.grad is not None and torch.equal(y.grad, torch.ones(2))

# %% [markdown] slideshow={"slide_type": "subslide"}
# And a third way, which never touches `.grad` at all: ask autograd for the gradient directly.

# %% slideshow={"slide_type": "-"}
y = a * k
(dy,) = torch.autograd.grad(y.sum(), y)
print("torch.autograd.grad gives:", dy)
autograd_grad_right = torch.equal(dy, torch.ones(2))
a.grad = None  # the picture below shows one backward's gradient in a.grad, not a sum

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The view below marks `y` as *retained*: its gradient box holds a value even though
# `y` is not a leaf. Compare it with the `y2` box in the graph above.

# %% slideshow={"slide_type": "-"}
y = a * k
y.retain_grad()
loss = y.sum()
loss.backward()
draw(loss, names={"a": a, "k": k, "y": y, "loss": loss})

# %% slideshow={"slide_type": "subslide"}
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    plain = a * k
    plain.sum().backward()
    plain_grad = plain.grad  # reading a non-leaf's .grad warns; we do it on purpose
intermediate_dropped = plain_grad is None
observed = judge(holds=intermediate_dropped and a.grad is not None and k.grad is None,
                 exception=retain_grad_right or autograd_grad_right)
check("C18", observed,
      evidence=f"after backward() the intermediate's .grad is {plain_grad} and the leaf k "
               f"(no requires_grad) keeps {k.grad}, as claimed; but retain_grad() kept "
               f"y.grad={y.grad.tolist()} and torch.autograd.grad returned {dy.tolist()}: "
               "a hook is not the only way")

# %% [markdown] slideshow={"slide_type": "notes"}
# `retain_grad()` has been in PyTorch since 2017 as well (version 0.2), so the article's
# "only with a hook" was too narrow even then: that is why the verdict is *partly*, not
# *outdated*. Under the hood, `retain_grad()` is itself a hook that autograd installs for you.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Below, `net[:2]` runs a network's first two layers and `net[2:]` the rest. Write
# `hidden_grad(net, x)`: the gradient of `net(x).sum()` with respect to the activations
# `net[:2]` hands on. The check also tries other networks and batches, some with more layers
# after that point.

# %% slideshow={"slide_type": "-"}
net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
x = torch.randn(5, 3)


def hidden_grad(net, x):
    """d net(x).sum() / d net[:2](x), computed by autograd."""
    return ...  # run the network in two parts


self_check("04.2", hidden_grad=hidden_grad, net=net, x=x)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C26 · §3 — Hooks that read, and hooks that change
#
# **The claim.** `register_hook` on an intermediate tensor can record its gradient — and can
# even change it on its way back.
#
# **The reading we test:** a hook sees exactly the gradient calculus predicts, and a hook that
# returns a new tensor changes every gradient computed from it, by the amount we expect.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** A tensor hook sees the gradient flowing through an intermediate, and
# what it returns replaces it, so every gradient passed back through it changes.
#
# **They bring.** The article says hooks can <span lang="zh">「记录甚至更改」</span>
# (record and even change) gradients; learners expect the change to stay at `h`,
# or to reach every leaf.
#
# **Ask first.** The hook doubles the gradient at `h`. Which leaf's gradient
# doubles, and which stays?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** If a hook on `h` doubles the gradient flowing through it, what happens to
# `x.grad`? What about `w.grad`, which does not depend on `h`'s gradient at all?

# %% slideshow={"slide_type": "subslide"}
x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
w = torch.tensor(0.5, requires_grad=True)
h = x * 4                # dh/dx = 4
out = (w * h**2).sum()   # dout/dh = 2 w h

seen = []
h.register_hook(lambda grad: seen.append(grad.clone()))  # a hook that only reads
out.backward()
print("gradient the hook saw at h:", seen[0])
print("calculus says 2*w*h       :", (2 * w * h).detach())
x_grad_plain, w_grad_plain = x.grad.clone(), w.grad.clone()

# %% slideshow={"slide_type": "-"}
x.grad, w.grad = None, None
h = x * 4
out = (w * h**2).sum()
h.register_hook(lambda grad: grad * 2)  # a hook that returns a new gradient
hooked = backward_steps(out, names={"x": x, "w": w, "h": h, "out": out})  # out.backward()
print("x.grad without the hook:", x_grad_plain, " with it:", x.grad)
print("w.grad without the hook:", w_grad_plain, " with it:", w.grad)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See** the hooked backward step by step. `h`'s box has a purple hook mark; at the step
# where the gradient reaches `h`, the box lights up and says what went into the hook and what
# came out. Everything sent on towards `x` after that step carries the doubled value, while
# `w`'s path never passes through `h`.

# %% slideshow={"slide_type": "subslide"}
# The hooked backward, one node at a time: watch h's box at the step the hook fires.
hooked

# %% slideshow={"slide_type": "subslide"}
hook_read_right = torch.allclose(seen[0], (2 * w * h).detach())
hook_changed_x = torch.allclose(x.grad, 2 * x_grad_plain)
w_untouched = torch.allclose(w.grad, w_grad_plain)
observed = judge(holds=hook_read_right and hook_changed_x and w_untouched)
check("C26", observed,
      evidence=f"the reading hook saw {seen[0].tolist()} = 2·w·h; the doubling hook turned "
               f"x.grad {x_grad_plain.tolist()} into {x.grad.tolist()} and left w.grad "
               f"at {w.grad.item()}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Now inside a network. Write `clip_hidden(net, limit)` so that from then on **every**
# backward through `net` clips the gradient arriving at `net[0]`'s output to
# [-limit, limit]. The check calls it on fresh networks with other limits, then runs several
# batches through each.

# %% slideshow={"slide_type": "-"}
net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))


def clip_hidden(net, limit):
    """Make every later backward through net clip the gradient at net[0]'s output."""
    return ...  # attach what clips here


clip_hidden(net, 0.1)  # then try net on a batch or two, and look at net[0].bias.grad
self_check("04.3", clip_hidden=clip_hidden)


# %% [markdown] slideshow={"slide_type": "slide"}
# ## C22 · §3 — Is the graph a binary tree?
#
# **The claim.** The article concludes from its two-input example that the computation graph
# is "essentially a binary-tree-like structure".
#
# **The reading we test:** every node has at most two inputs, and no node feeds more than one
# other node (a tree never shares a child). One graph that breaks either rule is enough. And
# where a node *is* shared, we look at what backward does there.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** An operation can take three inputs, and a reused tensor feeds two
# nodes, whose gradients then add. The graph is a directed acyclic graph, not a
# binary tree.
#
# **They bring.** The article concludes <span
# lang="zh">「计算图本质就是一个类似二叉树的结构」</span> (essentially a binary tree). Learners
# then miss that gradients from two uses of a tensor are summed.
#
# **Ask first.** A tensor is used twice. How many arrows leave its node, and
# what happens to the two gradients?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Can you think of one operation with *three* inputs? And what happens to the
# graph when one value is used twice?

# %% slideshow={"slide_type": "subslide"}
def inputs_of(fn):
    """The backward functions (or AccumulateGrad nodes) feeding into `fn`."""
    return [nxt for nxt, _ in fn.next_functions if nxt is not None]


def parents(root):
    """For every node behind root, how many nodes use its result: a tree allows one."""
    return Counter(child for fn in backward_nodes(root) for child in inputs_of(fn))


p = torch.tensor([1.0, 2.0], requires_grad=True)
q = torch.tensor([3.0, 4.0], requires_grad=True)
r = torch.tensor([5.0, 6.0], requires_grad=True)
three = torch.addcmul(p, q, r)           # p + q * r, one node with three inputs
print(type(three.grad_fn).__name__, "has", len(inputs_of(three.grad_fn)), "inputs")

u = p * 2
sin_u, cos_u = u.sin(), u.cos()          # u is used twice
shared = (sin_u + cos_u).sum()
uses = parents(shared)
print("u's node", type(u.grad_fn).__name__, "has", uses[u.grad_fn], "parents")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** In the first graph, one node (`AddcmulBackward0`) takes three arrows in. In the
# second, `u` (made by `MulBackward0`) sends arrows *out* to two different nodes, which meet
# again at `AddBackward0`: the graph merges again after it splits, which no tree can do. The
# graph is a **directed acyclic graph**.

# %% slideshow={"slide_type": "-"}
draw(three, names={"p": p, "q": q, "r": r, "three": three})

# %% slideshow={"slide_type": "subslide"}
# Step through the second graph and watch u's node: two gradients arrive on its two outgoing
# arrows, and it runs once, with their sum (retain_graph=True: we use the graph again).
backward_steps(shared, names={"p": p, "u": u, "shared": shared}, retain_graph=True)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Here is the same second graph as plain `torchviz.make_dot` draws it (the lesson of this cell
# is torchviz itself): no values, and each arrow drawn from a node to the node that consumes
# its result, so the arrows point towards the loss, the way data flowed forward. Backward walks
# them in reverse.

# %% slideshow={"slide_type": "subslide"}
make_dot(shared, params={"p": p})

# %% [markdown] slideshow={"slide_type": "subslide"}
# A shared node is where gradients **add up**. `u` sends its value to two nodes, so on the way
# back two gradients arrive at `u`'s node, one from each. Compute each one on its own, then
# the gradient autograd gives `u`:

# %% slideshow={"slide_type": "-"}
g_sin, g_cos = torch.autograd.grad(shared, (sin_u, cos_u), retain_graph=True)
(from_sin,) = torch.autograd.grad(sin_u, u, g_sin, retain_graph=True)  # what the sin path sends
(from_cos,) = torch.autograd.grad(cos_u, u, g_cos, retain_graph=True)  # what the cos path sends
(at_u,) = torch.autograd.grad(shared, u, retain_graph=True)
print("arriving from sin:", from_sin, "\narriving from cos:", from_cos)
print("their sum:        ", from_sin + from_cos, "\nautograd at u:    ", at_u)
adds_up = torch.allclose(from_sin + from_cos, at_u)
print("the shared node's gradient is the sum:", adds_up)

# %% [markdown] slideshow={"slide_type": "notes"}
# The same addition happens to a leaf's `.grad` across several `backward()` calls: gradients
# accumulate instead of replacing each other. Notebook `08_accumulate_and_step` builds on that.

# %% slideshow={"slide_type": "subslide"}
widest = max(len(inputs_of(fn)) for fn in backward_nodes(three))
most_parents = max(uses.values())
observed = judge(holds=widest <= 2 and most_parents <= 1)
check("C22", observed,
      evidence=f"addcmul makes a node with {widest} inputs, and reusing u gives its node "
               f"{most_parents} parents: the graph is a DAG, not a binary tree; at the shared "
               f"node the two incoming gradients add up to autograd's: {adds_up}")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Write `four_inputs(p, q, r)`: one operation on `p`, `q` and `r` whose own node has **four**
# inputs, with `p` feeding it twice, so that after `four.sum().backward()` `p.grad` is 2 in
# every element and `q.grad`, `r.grad` are 1. It must work for 1-D tensors of any lengths.

# %% slideshow={"slide_type": "-"}
def four_inputs(p, q, r):
    """One operation whose node has four inputs, p among them twice."""
    return ...  # one operation on p, q and r


self_check("04.4", four_inputs=four_inputs, p=p, q=q, r=r)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Read more
#
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html)
# - [A gentle introduction to `torch.autograd`](https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html)
# - [`torch.Tensor.retain_grad`](https://pytorch.org/docs/stable/generated/torch.Tensor.retain_grad.html)
# - [`torch.Tensor.register_hook`](https://pytorch.org/docs/stable/generated/torch.Tensor.register_hook.html)
# - [`torch.Tensor.is_leaf`](https://pytorch.org/docs/stable/generated/torch.Tensor.is_leaf.html)
# - [`torch.autograd.grad`](https://pytorch.org/docs/stable/generated/torch.autograd.grad.html)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C21** — the article's experiment still gives the result it reported, `Variable` or not;
#   `x2` and `w1` do sit one level deeper than `y2` and `w2`.
# - **C18** — intermediates keep no `.grad`, but `retain_grad()` and `torch.autograd.grad` reach
#   them too: a hook is one way, not the only one.
# - **C26** — hooks read and rewrite gradients, and only the paths through them change.
# - **C22** — the graph is a directed acyclic graph: nodes can have three inputs, and values
#   can be shared; at a shared node the incoming gradients add up.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [03 · no_grad and volatile: switching gradients off](03_no_grad_and_volatile.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/03_no_grad_and_volatile.ipynb))
#
# **Next →:**
# [05 · backward's argument: scalars, vectors and Jacobians](05_backward_arguments.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/05_backward_arguments.ipynb))
