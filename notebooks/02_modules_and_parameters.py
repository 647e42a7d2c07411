# %% [markdown] slideshow={"slide_type": "slide"}
# # 02 · Modules and parameters: requires_grad in a network
#
# Networks are where `requires_grad` does its everyday work, mostly without being asked. The
# article makes four claims about it: parameters require grad by default, a network's output
# requires grad even when its input does not, loss and activation modules have no parameters,
# and weights are leaves at different depths of the graph. You will test each one.
#
# Claims checked here: **C15**, **C16**, **C17**, **C25**.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/02_modules_and_parameters.ipynb)

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
import warnings
from collections import OrderedDict
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from IPython.display import Markdown, display
from torch import nn
from torch.nn.modules import activation as activation_modules
from torch.nn.modules import adaptive as adaptive_modules
from torch.nn.modules import loss as loss_modules

from helpers import check, judge, self_check
from helpers.graph import backward_nodes, draw
from helpers.survey import exported_modules, graph_depths, parameter_calls, survey_modules

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C15 · §2 — Parameters require grad by default: where is that written?
#
# **The claim.** The parameters of an `nn.Module` have `requires_grad=True` by default. The
# article found this by experiment and could not find it in PyTorch's source.
#
# **The reading we test:** every parameter of several kinds of layer starts with
# `requires_grad=True`, and we find the line of PyTorch's source that decides it.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Module parameters require grad by default; the default sits in
# `nn.Parameter` itself, which is why every layer's weights train without any
# flag.
#
# **They bring.** The article found it only <span lang="zh">「实验证明的」</span> (by
# experiment). Learners think they must set the flag on each layer.
#
# **Ask first.** We build a network and set nothing. Do its weights require
# grad?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Where would you look for the default: in `nn.Module`, in each layer's
# `__init__`, or somewhere else?

# %% slideshow={"slide_type": "subslide"}
layers = {"Linear": nn.Linear(4, 2), "Conv2d": nn.Conv2d(1, 2, 3), "BatchNorm2d": nn.BatchNorm2d(2),
          "LayerNorm": nn.LayerNorm(4), "Embedding": nn.Embedding(10, 3), "LSTM": nn.LSTM(4, 3),
          "MultiheadAttention": nn.MultiheadAttention(4, 2),
          "TransformerEncoderLayer": nn.TransformerEncoderLayer(8, 2, dim_feedforward=16)}
flags = {}
for name, layer in layers.items():
    flags[name] = [p.requires_grad for p in layer.parameters()]
    buffers = [f"{b}(rg={t.requires_grad})" for b, t in layer.named_buffers()]
    print(f"{name:24} {sum(flags[name])}/{len(flags[name])} parameters require grad"
          + (f"   buffers: {', '.join(buffers)}" if buffers else ""))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The source: layers build their weights with `Parameter(...)`, and `Parameter` carries the
# default. Below, the default, then every `Parameter(...)` call in these layers' constructors
# (and their base classes'), read from PyTorch's own source with `helpers.survey`:

# %% slideshow={"slide_type": "-"} tags=["hide-input"]
sig = inspect.signature(nn.Parameter.__new__)
path = Path(inspect.getsourcefile(nn.Parameter))
print("nn.Parameter.__new__", sig, "  in", path.relative_to(Path(torch.__file__).parent.parent))
calls = {name: parameter_calls(type(layer)) for name, layer in layers.items()}
for name, found in calls.items():
    owners = ", ".join(sorted({c.owner for c in found})) or "(its sub-modules)"
    passing = {c.keywords["requires_grad"] for c in found if "requires_grad" in c.keywords}
    print(f"{name:24}{len(found):2} calls, in {owners}"
          + (f"; passes requires_grad={', '.join(passing)}" if passing else ""))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Each layer's parameters, counted by their `requires_grad`. The bars are all one
# colour: none of these eight layers, built with its default arguments, makes a parameter that
# is switched off. (That is what we tested, not every way to build a layer: the notes below
# name one that freezes its weights unless told otherwise.)

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
fig, ax = plt.subplots(figsize=(6, 3))
on = [sum(f) for f in flags.values()]
off = [len(f) - sum(f) for f in flags.values()]
ax.barh(list(flags), on, color="khaki", label="requires_grad=True")
ax.barh(list(flags), off, left=on, color="grey", label="requires_grad=False")
ax.set_xlabel("parameter tensors (count)")
ax.legend(loc="lower right", fontsize=8)
plt.show()

# %% slideshow={"slide_type": "subslide"}
default = sig.parameters["requires_grad"].default
all_on = all(all(f) for f in flags.values())
found = [c for cs in calls.values() for c in cs]
relying = [c for c in found if "requires_grad" not in c.keywords]  # they take the default
passing = sorted({f"{c.owner}: requires_grad={c.keywords['requires_grad']}" for c in found
                  if "requires_grad" in c.keywords})
freeze_default = inspect.signature(nn.Embedding).parameters["_freeze"].default
observed = judge(holds=all_on and default is True and len(relying) > 0)
check("C15", observed,
      evidence=f"{sum(map(len, flags.values()))} parameter tensors in {len(layers)} layer types "
               f"all require grad; the default is in nn.Parameter.__new__{sig} ({path.name}); "
               f"{len(relying)} of the {len(found)} Parameter(...) calls found in their "
               f"constructors pass no requires_grad; the others pass it on purpose "
               f"({'; '.join(passing) or 'none'}; Embedding's _freeze is {freeze_default} "
               "unless asked)")

# %% [markdown] slideshow={"slide_type": "notes"}
# Buffers (`running_mean`, `running_var`, `num_batches_tracked` of BatchNorm) are module
# state too, but not parameters: they are plain tensors with `requires_grad=False`, updated by
# the forward pass in training mode, not by an optimizer. `Embedding` is the one layer here
# that passes the flag itself: `nn.Embedding.from_pretrained(table)` uses it to make a frozen
# table, because its `freeze` argument defaults to `True`.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Write `freeze_second_layer(rnn)`: freeze the **second** layer of any stacked `nn.GRU` or
# `nn.LSTM`, with one direction or two, and leave every other layer trainable. A stacked RNN
# has no sub-module per layer to call `requires_grad_(False)` on: its parameter tensors are
# named by layer (list `gru.named_parameters()`, and a `bidirectional=True` one's too).
# Predict first: how many tensors make up one layer? The check builds RNNs of its own.

# %% slideshow={"slide_type": "-"}
gru = nn.GRU(4, 8, num_layers=2)


def freeze_second_layer(rnn):
    """Freeze every parameter tensor of rnn's second layer, and only those."""
    ...  # your lines


self_check("02.1", freeze_second_layer=freeze_second_layer)


# %% [markdown] slideshow={"slide_type": "slide"}
# ## C16 · §2 — A network's output requires grad, even when its input does not
#
# **The claim.** If `x.requires_grad` is `False`, `y = net(x)` still has `requires_grad=True`.
#
# **The reading we test:** the article's context — `net` is a network *with trainable
# parameters* that `x` flows through, run normally (not under `torch.no_grad()`). We try five
# kinds of network. Parameter-free networks and `torch.no_grad()` are outside that reading;
# we show them too, for contrast.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** A network whose parameters require grad returns outputs that require
# grad, even when the input does not. The gradient is for the weights, not the
# data.
#
# **They bring.** Learners think the input must require grad for the network to
# learn, and set it on every batch.
#
# **Ask first.** The batch does not require grad. Does the network's output?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** `nn.Embedding` takes *integer* indices, which cannot require grad at all. Will
# its output require grad?

# %% slideshow={"slide_type": "subslide"}
def first(out):
    return out if isinstance(out, torch.Tensor) else out[0]  # LSTM returns a tuple


nets = {"Linear": (nn.Linear(4, 2), torch.randn(3, 4)),
        "MLP": (nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)), torch.randn(3, 4)),
        "Conv2d+ReLU": (nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU()), torch.randn(1, 1, 5, 5)),
        "Embedding": (nn.Embedding(10, 3), torch.tensor([1, 4, 7])),
        "LSTM": (nn.LSTM(4, 3), torch.randn(2, 1, 4))}
outs = {name: first(net(x_in)) for name, (net, x_in) in nets.items()}
for name, y_out in outs.items():
    x_in = nets[name][1]
    print(f"{name:12} x.requires_grad={x_in.requires_grad}  →  "
          f"y.requires_grad={y_out.requires_grad}  (grad_fn {type(y_out.grad_fn).__name__})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Outside the reading: a network without parameters, and the MLP under `torch.no_grad()`:

# %% slideshow={"slide_type": "-"}
mlp, x_mlp = nets["MLP"]
no_params = nn.Sequential(nn.ReLU(), nn.Flatten())
with torch.no_grad():
    y_no_grad = mlp(x_mlp)
contrast = {"ReLU+Flatten (no parameters)": no_params(x_mlp), "MLP under no_grad()": y_no_grad}
for name, y_out in contrast.items():
    print(f"{name:30} y.requires_grad={y_out.requires_grad}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Here is a two-layer network drawn with each layer collapsed into one box. `x` is a
# constant outside the graph; the graph starts at the layers' parameters, and `y` is its
# output.

# %% slideshow={"slide_type": "fragment"}
net = nn.Sequential(OrderedDict(fc1=nn.Linear(4, 3), act=nn.ReLU(), fc2=nn.Linear(3, 2)))
x16 = torch.randn(5, 4)
y16 = net(x16)
draw(y16, names={"x": x16, "y": y16}, modules=net, legend=False)

# %% slideshow={"slide_type": "subslide"}
in_reading = all(not nets[n][1].requires_grad and y_out.requires_grad for n, y_out in outs.items())
outside = {n: y_out.requires_grad for n, y_out in contrast.items()}
observed = judge(holds=in_reading)
check("C16", observed,
      evidence=f"{len(outs)} networks with trainable parameters, inputs not requiring grad: all "
               f"outputs require grad (Embedding's input is even an integer tensor). Outside "
               f"the article's context: {outside}")

# %% [markdown] slideshow={"slide_type": "notes"}
# The contrast cases are not counted against the article: it says itself, in the next
# sentence (C17), that parameter-free modules behave differently. `torch.no_grad()` is the
# subject of notebook 03, and freezing (§4, C27) that of notebook 10.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# The cell below builds `nn.Sequential(nn.Linear(3, 3), nn.ReLU())` and freezes only the
# Linear layer's **bias**. Predict first: does `half(x)` on a plain input still require grad?
# Then write `make_gradient_free(net)`: change any network's parameters (not its input, not
# its forward pass) so that its output on a plain input needs no gradient, while a tracked
# input still gets its gradient. The check brings networks of its own.

# %% slideshow={"slide_type": "-"}
half = nn.Sequential(nn.Linear(3, 3), nn.ReLU())
half[0].bias.requires_grad_(False)


def make_gradient_free(net):
    """Change net's parameters so that its output on a plain input needs no gradient."""
    ...  # your lines


self_check("02.2", make_gradient_free=make_gradient_free, net=half)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C17 · §2 — Loss and activation modules: no parameters?
#
# **The claim.** Loss modules and activation modules are `nn.Module`s without parameters, so
# whether their output requires grad depends only on their input.
#
# **The reading we test:** *every* module in `torch.nn.modules.activation` and *every* loss
# module (`torch.nn.modules.loss`, plus `AdaptiveLogSoftmaxWithLoss`) that `torch.nn` exports.
# We list them from PyTorch itself, not from memory.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Most activations and losses own no parameters, so their output
# requires grad exactly when an input does. A few own parameters, and then the
# output requires grad regardless.
#
# **They bring.** The article says these <span lang="zh">「并没有网络参数」</span> (have
# no parameters). Learners generalise to every activation and loss, and miss
# that some learn.
#
# **Ask first.** Is there an activation with parameters of its own? What does
# that change?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Out of the fifty-odd modules, how many own parameters? Can you name one? And
# when you give `CrossEntropyLoss` a class `weight`, is that weight a parameter?

# %% [markdown] slideshow={"slide_type": "skip"}
# `helpers.survey` builds each one with the smallest sensible arguments (and a class `weight`
# for every loss that takes one), then runs it on an input that does not, and then does,
# require grad:

# %% slideshow={"slide_type": "skip"} tags=["hide-input"]
FAMILIES = {"activation": exported_modules(activation_modules),
            "loss": exported_modules(loss_modules) + exported_modules(adaptive_modules)}
# shown words, kept apart from the keys the code looks up: a translation changes only these
FAMILY = {"activation": "activation", "loss": "loss"}
rows, failed = survey_modules(FAMILIES, class_weight=torch.ones(3))
print(f"built {len(rows)} modules; could not build: {failed or 'none'}\n")
print(f"{'module':30}{'family':11}{'parameters':14}{'buffers':17}out.rg: input off / on")
for r in rows:
    print(f"{r.name:30}{FAMILY[r.family]:11}{len(r.parameters):<14}{', '.join(r.buffers) or '-':17}"
          f"{r.out_plain!s:6}/ {r.out_grad}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The modules that break the rule, and where the losses keep their class weights.
# `MultiheadAttention` is filed in `torch.nn.modules.activation`, but it is an attention
# layer, not an activation, so it is listed apart:

# %% slideshow={"slide_type": "-"}
NOT_AN_ACTIVATION = {"MultiheadAttention"}  # filed with the activations; an attention layer
with_params = {r.name: r for r in rows if r.parameters}
groups = {"activations": [n for n, r in with_params.items()
                          if r.family == "activation" and n not in NOT_AN_ACTIVATION],
          "losses": [n for n, r in with_params.items() if r.family == "loss"],
          "filed as activation": [n for n in with_params if n in NOT_AN_ACTIVATION]}
# shown words, kept apart from the keys the code looks up: a translation changes only these
GROUP = {"activations": "activations", "losses": "losses",
         "filed as activation": "filed as activation"}
for group, names in groups.items():
    for name in names:
        print(f"{GROUP[group]:20} {name:28} parameters: {', '.join(with_params[name].parameters)}")
with_buffers = [r.name for r in rows if r.buffers]
print("\nbuffers (class weight), not parameters, in:", ", ".join(with_buffers))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The consequence, on one module of each kind. `x` does not require grad. Through
# `nn.ReLU()` nothing is recorded: the output has no `grad_fn`. Through `nn.PReLU()`, whose
# slope is a parameter, a graph appears:

# %% slideshow={"slide_type": "-"}
x17 = torch.tensor([-1.0, 2.0])
relu_out, prelu = nn.ReLU()(x17), nn.PReLU()
prelu_out = prelu(x17)
print("ReLU :", relu_out.requires_grad, relu_out.grad_fn, "| PReLU:", prelu_out.requires_grad)
draw(prelu_out, names={"x": x17, "prelu.weight": prelu.weight, "out": prelu_out}, legend=False)

# %% slideshow={"slide_type": "subslide"}
free = [r for r in rows if not r.parameters]
follows_input = all(not r.out_plain and r.out_grad for r in free)
breakers = groups["activations"] + groups["losses"]
observed = judge(holds=follows_input and len(free) > len(rows) / 2, exception=bool(breakers))
check("C17", observed,
      evidence=f"{len(free)} of {len(rows)} modules have no parameters and their output "
               f"requires grad exactly when the input does; but the activation(s) "
               f"{', '.join(groups['activations']) or 'none'} and the loss(es) "
               f"{', '.join(groups['losses']) or 'none'} own parameters, so their output "
               f"requires grad anyway ({', '.join(groups['filed as activation'])}, filed with "
               f"the activations, is an attention layer); class weights "
               f"({len(with_buffers)} losses) are buffers. Not built: {len(failed)}")

# %% [markdown] slideshow={"slide_type": "notes"}
# `PReLU` is a true activation with a learned slope. The losses with parameters are loss
# *heads* with a linear classifier inside; a newer PyTorch's additions would show up here on
# their own, since the survey lists `torch.nn`. A class `weight` given to a loss is a
# *buffer*: module state, saved in `state_dict()`, moved by `.to(device)`, but not returned
# by `parameters()` and not trained.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# A buffer is stored as the very tensor you pass in. Say the class weights come from something
# that learns them, so `class_weight` below requires grad. Predict first: what does
# `nn.CrossEntropyLoss(weight=class_weight)` do when you call it on `logits` and `labels`,
# which do not? Try it. Then write `weighted_ce(class_weight)`: a cross-entropy loss module
# that runs and weighs the classes as `class_weight` does, leaving `class_weight` as it is.
# The check brings class weights of its own.

# %% slideshow={"slide_type": "-"}
class_weight = torch.tensor([1.0, 2.0, 0.5], requires_grad=True)  # learned elsewhere
logits, labels = torch.randn(4, 3), torch.tensor([0, 1, 2, 1])


def weighted_ce(class_weight):
    """A cross-entropy loss module that weighs the classes as class_weight does."""
    return ...  # your loss module


self_check("02.3", weighted_ce=weighted_ce)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C25 · §3 — Weights are leaves, at different depths
#
# **The claim.** A network's weights are leaf nodes of the graph, each at its own depth, and
# that is why they keep their gradients — just like the parameters of an ordinary function.
#
# **The reading we test:** in a small three-layer MLP every parameter is a leaf held by an
# `AccumulateGrad` node of its own, as a plain tensor with `requires_grad=True` is; those
# nodes sit at different distances from the loss; after `backward()` every parameter's
# `.grad` is kept, a hidden activation's not.
#
# **Predict.** Count backward functions from the loss: how many hops away is the *first*
# layer's weight? The last layer's bias? (`graph_depths` from `helpers.survey` counts them,
# breadth-first from `loss.grad_fn`.)

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Every parameter is a leaf, held by its own node at its own depth, and
# that is why its gradient is kept, as for any leaf tensor.
#
# **They bring.** The article first thought networks differ from functions
# because of <span lang="zh">「register_xx_hook()」</span>. Learners share the
# idea that modules keep gradients by some special mechanism.
#
# **Ask first.** Is a layer's weight a leaf? What makes its gradient stay?

# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
mlp3 = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 1))
x25 = torch.randn(4, 2)
hidden = mlp3[:2](x25)                 # the first layer's activation, an intermediate
loss25 = mlp3[2:](hidden).pow(2).mean()
params25 = dict(mlp3.named_parameters())
depths = graph_depths(loss25, params25)
loss25.backward()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # reading a non-leaf's .grad warns; we do it on purpose
    hidden_grad = hidden.grad
for name, p in params25.items():
    d, node = depths[name]
    print(f"{name:9} is_leaf={p.is_leaf}  grad_fn={p.grad_fn}  {node} at depth {d}  "
          f".grad kept: {p.grad is not None}")
print("hidden (intermediate) .grad:", hidden_grad)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The whole network, drawn compact: each parameter's arrow goes straight into the op
# that uses it, and a grey box lists a chain of ops, one per line. Follow the arrows to
# `loss`: `4.weight` and `4.bias` feed the box next to it, `0.weight` and `0.bias` the box
# farthest from it, the one that makes `hidden`. Each parameter box shows its grad.

# %% slideshow={"slide_type": "fragment"}
draw(loss25, names={**params25, "x": x25, "hidden": hidden, "loss": loss25}, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The last layer alone, drawn in full (`compact=False`), on the second hidden
# activation: `4.weight` and `4.bias` each feed their own `AccumulateGrad` box, the node that
# writes their `.grad` (their grads are the ones the `backward()` above left). In the picture
# above each parameter's arrow stands for such a box.

# %% slideshow={"slide_type": "fragment"}
last_in = mlp3[:4](x25).detach()       # the second hidden activation, as plain data
last_out = mlp3[4](last_in)
draw(last_out, names={"4.weight": mlp3[4].weight, "4.bias": mlp3[4].bias, "out": last_out},
     legend=False, show_saved=False, compact=False)  # compact=False: keep AccumulateGrad

# %% [markdown] slideshow={"slide_type": "notes"}
# One exception to "a parameter's box is an `AccumulateGrad`": with
# `torch.nn.utils.parametrizations`, `layer.weight` is computed on each forward pass from the
# parameters that `named_parameters()` lists, and those get the `AccumulateGrad`, not it.

# %% slideshow={"slide_type": "subslide"}
w_plain = torch.randn(1, 2, requires_grad=True)   # an ordinary function's parameter
plain_node = graph_depths((x25 @ w_plain.T).sum(), {"w": w_plain})["w"][1]
per_param = list(depths.values())
all_leaves = all(p.is_leaf and p.grad_fn is None and p.grad is not None for p in mlp3.parameters())
holders = {}  # each parameter -> the graph's nodes that hold it (an AccumulateGrad's .variable)
for fn in backward_nodes(loss25):
    for name, p in params25.items():
        if getattr(fn, "variable", None) is p:
            holders.setdefault(name, []).append(fn)
own_node = (set(holders) == set(params25) and all(len(fns) == 1 for fns in holders.values())
            and len({id(fns[0]) for fns in holders.values()}) == len(params25))
node_types = sorted({type(fns[0]).__name__ for fns in holders.values()})
distinct = sorted({d for d, _ in per_param})
observed = judge(holds=all_leaves and own_node and len(distinct) > 1 and hidden_grad is None)
check("C25", observed,
      evidence=f"all {len(per_param)} parameters are leaves; the graph holds each one in "
               f"{'its own' if own_node else 'not one own'} node ({len(holders)} parameters "
               f"found in {len({id(f) for fns in holders.values() for f in fns})} distinct "
               f"{'/'.join(node_types)} nodes; a plain tensor with requires_grad=True gets "
               f"the kind {plain_node}), at depths {distinct}; all keep .grad after "
               f"backward(); the hidden activation's .grad is {hidden_grad}")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Write `push_deeper(net, k)`: an `nn.Sequential` of `net`'s own layers (the very tensor
# `net[0].weight`) and new layers of your choice, in which `net[0].weight` sits **k** backward
# functions farther from the loss (`.pow(2).mean()` of the output, as above) than in `net`.
# Predict first: where must the new layers go, and how many backward functions does each add?
# Measure on `mlp3` with `graph_depths`; the check brings networks and `k`s of its own.

# %% slideshow={"slide_type": "-"}
def push_deeper(net, k):
    """An nn.Sequential with net's own layers, in which net[0].weight sits k hops deeper."""
    return ...  # your nn.Sequential


self_check("02.4", push_deeper=push_deeper)


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Module hooks · §3 — what `register_xx_hook()` is for
#
# The article first thought networks kept their weights' gradients *because* modules have
# `register_xx_hook()` methods, then concluded it is because weights are leaves, as C25 just
# confirmed. Module hooks watch, or change, what goes into and out of a module: activations
# on the way forward, gradients on the way back.
# Here is a module whose forward runs two operations, `x * w` and then `+ b`:

# %% slideshow={"slide_type": "subslide"}
class Affine(nn.Module):
    """y = x * w + b: one module, two autograd operations."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.tensor([2.0, 3.0]))
        self.b = nn.Parameter(torch.tensor([0.5, -0.5]))

    def forward(self, x):
        return x * self.w + self.b


x_h = torch.tensor([1.0, -1.0], requires_grad=True)
upstream = torch.tensor([1.0, 10.0])  # the gradient that will arrive at the module's output
seen = {}
full = Affine()
full.register_forward_hook(lambda mod, inputs, out: seen.update(fwd=(inputs[0], out)))
full.register_full_backward_hook(lambda mod, g_in, g_out: seen.update(full=g_in[0]))
(full(x_h) * upstream).sum().backward()
print("forward hook saw      input", seen["fwd"][0].tolist(), "→ output",
      seen["fwd"][1].tolist())
print("full backward hook:   grad_input[0] =", seen["full"].tolist(),
      "| x.grad =", x_h.grad.tolist())

# %% slideshow={"slide_type": "subslide"}
# The older Module.register_backward_hook (deprecated since PyTorch 1.8), on the same module:
old = Affine()
x_h.grad = None
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old.register_backward_hook(lambda mod, g_in, g_out: seen.update(old=g_in))
    (old(x_h) * upstream).sum().backward()
print("deprecated hook:      grad_input =", [g.tolist() for g in seen["old"]])
print("warning:", str(caught[0].message).split(". ")[0] + "." if caught else "none")

# %% slideshow={"slide_type": "subslide"}
full_is_dx = torch.allclose(seen["full"], x_h.grad)
old_is_dx = any(g.shape == x_h.shape and torch.allclose(g, x_h.grad) for g in seen["old"])
old_is_last_op = all(torch.equal(g, upstream) for g in seen["old"])
display(Markdown(
    f"The full hook's `grad_input` {'is' if full_is_dx else 'is not'} the gradient with "
    f"respect to the module's input: it equals `x.grad`, {x_h.grad.tolist()}. The deprecated "
    f"hook's `grad_input` {'does not contain' if not old_is_dx else 'contains'} it: it reported "
    f"{[g.tolist() for g in seen['old']]}, which "
    f"{'are' if old_is_last_op else 'are not'} the gradients with respect to the inputs of "
    "the module's *last* operation (`x * w` and `b`), not of the module."))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Read more
#
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html)
# - [A gentle introduction to `torch.autograd`](https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html)
# - [`torch.nn.parameter.Parameter`](https://pytorch.org/docs/stable/generated/torch.nn.parameter.Parameter.html)
# - [`torch.nn.PReLU`](https://pytorch.org/docs/stable/generated/torch.nn.PReLU.html)
# - [`torch.nn.Module.register_forward_hook`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_forward_hook)
# - [`torch.nn.Module.register_full_backward_hook`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C15** — parameters default to `requires_grad=True`: it is the default argument of
#   `nn.Parameter.__new__`.
# - **C16** — a network with trainable parameters gives an output that requires grad.
# - **C17** — most activation and loss modules have no parameters, but `PReLU` and the loss
#   heads with a linear classifier inside do (and `MultiheadAttention`, filed with the
#   activations); class weights are buffers.
# - **C25** — parameters are leaves, each held by its own `AccumulateGrad` node, at different
#   depths, and keep their `.grad`.
# - **Module hooks** — watch or change a module's inputs, outputs and gradients; use
#   `register_full_backward_hook`, whose `grad_input` is the gradient for the module's input.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [01 · requires_grad: who takes part in differentiation](01_requires_grad.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/01_requires_grad.ipynb))
#
# **Next →:**
# [03 · no_grad and volatile: switching gradients off](03_no_grad_and_volatile.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/03_no_grad_and_volatile.ipynb))
