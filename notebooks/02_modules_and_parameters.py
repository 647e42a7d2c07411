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
import ast
import copy
import inspect
import textwrap
import warnings
from collections import OrderedDict
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn.modules import activation as activation_modules
from torch.nn.modules import adaptive as adaptive_modules
from torch.nn.modules import loss as loss_modules

from helpers import check, judge, self_check
from helpers.graph import draw

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C15 · §2 — Parameters require grad by default: where is that written?
#
# **The claim.** The parameters of an `nn.Module` have `requires_grad=True` by default. The
# article found this by experiment and could not find it in PyTorch's source.
#
# **The reading we test:** every parameter of several kinds of layer starts with
# `requires_grad=True`, and we find the line of PyTorch's source that decides it.

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
# The source: layers build their weights with `Parameter(...)`, and `Parameter` carries the default.

# %% slideshow={"slide_type": "-"}
sig = inspect.signature(nn.Parameter.__new__)
print("nn.Parameter.__new__", sig)
path = Path(inspect.getsourcefile(nn.Parameter))
print("file:", path.relative_to(Path(torch.__file__).parent.parent))
lines, start = inspect.getsourcelines(nn.Parameter.__new__)
for n, line in enumerate(lines, start):
    if "requires_grad" in line:
        print(f"{n:5} {line.rstrip()}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# And a layer's side: how `nn.Linear.__init__` calls `Parameter` (read from its source with Python's
# `ast` module):

# %% slideshow={"slide_type": "-"}
tree = ast.parse(textwrap.dedent(inspect.getsource(nn.Linear.__init__)))
calls = [node for node in ast.walk(tree)
         if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Parameter"]
for call in calls:
    print("  ", ast.unparse(call), "  keyword arguments:", [k.arg for k in call.keywords])

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Each layer's parameters, counted by their `requires_grad`. The bars are all one
# colour: no built-in layer makes a parameter that is switched off.

# %% slideshow={"slide_type": "subslide"}
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
no_flag_passed = all(not call.keywords and len(call.args) == 1 for call in calls)
observed = judge(holds=all_on and default is True and no_flag_passed)
check("C15", observed,
      evidence=f"{sum(map(len, flags.values()))} parameter tensors in {len(layers)} layer types "
               f"all require grad; the default is in nn.Parameter.__new__{sig} "
               f"({path.name}): layers call Parameter(...) without the argument")

# %% [markdown] slideshow={"slide_type": "notes"}
# Buffers (`running_mean`, `running_var`, `num_batches_tracked` of BatchNorm) are module
# state too, but not parameters: they are plain tensors with `requires_grad=False`, updated by
# the forward pass, not by an optimizer.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# How many parameter tensors of `nn.GRU(4, 8, num_layers=2)` require grad?

# %% slideshow={"slide_type": "-"}
answer = ...  # an int

gru = nn.GRU(4, 8, num_layers=2)
self_check(answer, sum(p.requires_grad for p in gru.parameters()),
           hint="each GRU layer has weight_ih, weight_hh, bias_ih and bias_hh; "
                "how many layers are there?")


# %% [markdown] slideshow={"slide_type": "slide"}
# ## C16 · §2 — A network's output requires grad, even when its input does not
#
# **The claim.** If `x.requires_grad` is `False`, `y = net(x)` still has `requires_grad=True`.
#
# **The reading we test:** the article's context — `net` is a network *with trainable
# parameters* that `x` flows through, run normally (not under `torch.no_grad()`). We try five
# kinds of network. Frozen or parameter-free networks are outside that reading; we show them
# too, for contrast.

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
# Outside the reading: the same MLP frozen, a network without parameters, and the MLP under
# `torch.no_grad()`:

# %% slideshow={"slide_type": "-"}
mlp, x_mlp = nets["MLP"]
frozen = copy.deepcopy(mlp).requires_grad_(False)
no_params = nn.Sequential(nn.ReLU(), nn.Flatten())
with torch.no_grad():
    y_no_grad = mlp(x_mlp)
contrast = {"frozen MLP": frozen(x_mlp), "ReLU+Flatten (no parameters)": no_params(x_mlp),
            "MLP under no_grad()": y_no_grad}
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
# sentence (C17), that parameter-free modules behave differently, and §4 (C27, notebook 08) is
# about freezing. `torch.no_grad()` is the subject of notebook 02.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# In `nn.Sequential(nn.Linear(3, 3), nn.ReLU())`, freeze only the Linear layer's **bias**
# (`requires_grad_(False)`). Does the output of a forward pass on a plain input require grad?

# %% slideshow={"slide_type": "-"}
answer = ...  # True or False

half = nn.Sequential(nn.Linear(3, 3), nn.ReLU())
half[0].bias.requires_grad_(False)
self_check(answer, half(torch.randn(2, 3)).requires_grad,
           hint="one trainable tensor on the path is enough for C03's spreading rule.")


# %% [markdown] slideshow={"slide_type": "slide"}
# ## C17 · §2 — Loss and activation modules: no parameters?
#
# **The claim.** Loss modules and activation modules are `nn.Module`s without parameters, so
# whether their output requires grad depends only on their input.
#
# **The reading we test:** *every* activation module (`torch.nn.modules.activation`) and
# *every* loss module (`torch.nn.modules.loss`, plus `AdaptiveLogSoftmaxWithLoss`) that
# `torch.nn` exports. We list them from PyTorch itself, not from memory.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Out of the fifty-odd modules, how many own parameters? Can you name one? And
# when you give `CrossEntropyLoss` a class `weight`, is that weight a parameter?

# %% slideshow={"slide_type": "subslide"}
def exported(module):
    """Module classes defined in `module` and exported as torch.nn.<name>."""
    return [n for n, c in vars(module).items() if inspect.isclass(c) and issubclass(c, nn.Module)
            and c.__module__ == module.__name__ and getattr(nn, n, None) is c]


FAMILIES = {"activation": exported(activation_modules),
            "loss": exported(loss_modules) + exported(adaptive_modules)}
print({family: len(names) for family, names in FAMILIES.items()})

# %% [markdown] slideshow={"slide_type": "-"}
# Some constructors need arguments; we give them the smallest sensible ones, and a class `weight` to
# every loss that accepts one:

# %% slideshow={"slide_type": "-"}
NEEDS = {"Threshold": dict(threshold=0.1, value=0.0),
         "MultiheadAttention": dict(embed_dim=4, num_heads=2),
         "Softmax": dict(dim=-1), "Softmin": dict(dim=-1), "LogSoftmax": dict(dim=-1),
         "KLDivLoss": dict(reduction="batchmean"),
         "LinearCrossEntropyLoss": dict(in_features=4, num_classes=3),
         "AdaptiveLogSoftmaxWithLoss": dict(in_features=4, n_classes=3, cutoffs=[1])}

# %% slideshow={"slide_type": "subslide"}
built, failed = {}, {}
with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # NLLLoss2d is deprecated but still exported
    for family, names in FAMILIES.items():
        for name in names:
            kwargs = dict(NEEDS.get(name, {}))
            if "weight" in inspect.signature(getattr(nn, name)).parameters:
                kwargs["weight"] = torch.ones(3)
            try:
                built[name] = (family, getattr(nn, name)(**kwargs))
            except Exception as error:  # report it, do not stop the survey
                failed[name] = f"{type(error).__name__}: {error}"
print(f"built {len(built)} modules; could not build: {failed or 'none'}")

# %% slideshow={"slide_type": "skip"}
LAB = torch.tensor([0, 2])  # class labels for the classification losses
SPECIAL = {  # inputs for the modules that need more than one float tensor; f(*shape) makes one
    "MultiheadAttention": lambda f: (f(2, 2, 4),) * 3, "Softmax2d": lambda f: (f(3, 2, 2),),
    "NLLLoss": lambda f: (f(2, 3), LAB), "NLLLoss2d": lambda f: (f(2, 3), LAB),
    "CrossEntropyLoss": lambda f: (f(2, 3), LAB), "MultiMarginLoss": lambda f: (f(2, 3), LAB),
    "LinearCrossEntropyLoss": lambda f: (f(2, 4), LAB),
    "AdaptiveLogSoftmaxWithLoss": lambda f: (f(2, 4), LAB),
    "MultiLabelMarginLoss": lambda f: (f(2, 3), torch.tensor([[0, -1, -1], [1, 2, -1]])),
    "GaussianNLLLoss": lambda f: (f(2, 3), torch.rand(2, 3), torch.ones(2, 3)),
    "CosineEmbeddingLoss": lambda f: (f(2, 3), torch.rand(2, 3), torch.ones(2)),
    "MarginRankingLoss": lambda f: (f(3), torch.rand(3), torch.ones(3)),
    "TripletMarginLoss": lambda f: (f(2, 3), torch.rand(2, 3), torch.rand(2, 3)),
    "TripletMarginWithDistanceLoss": lambda f: (f(2, 3), torch.rand(2, 3), torch.rand(2, 3)),
    "CTCLoss": lambda f: (f(4, 2, 3).log_softmax(-1), torch.tensor([[1, 2], [1, 1]]),
                          torch.tensor([4, 4]), torch.tensor([2, 2])),
}


# %% slideshow={"slide_type": "skip"}
def sample(name, grad):
    """Small inputs for module `name`; the first one requires grad when `grad`."""
    def f(*shape):
        return torch.rand(*shape, requires_grad=grad)
    if name in SPECIAL:
        return SPECIAL[name](f)
    return (f(2, 3, 4),) if built[name][0] == "activation" else (f(2, 3), torch.rand(2, 3))


# %% slideshow={"slide_type": "subslide"}
rows = []
for name, (family, module) in built.items():
    params = [n for n, _ in module.named_parameters()]
    buffers = [f"{n}(rg={b.requires_grad})" for n, b in module.named_buffers()]
    out_plain = first(module(*sample(name, grad=False))).requires_grad
    out_grad = first(module(*sample(name, grad=True))).requires_grad
    rows.append((name, family, params, buffers, out_plain, out_grad))
print(f"{'module':30}{'family':11}{'parameters':14}{'buffers':17}out.rg: input off / on")
for name, family, params, buffers, off, on in rows:
    print(f"{name:30}{family:11}{len(params):<14}{', '.join(buffers) or '-':17}{off!s:6}/ {on}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The modules that break the rule, and where the losses keep their class weights:

# %% slideshow={"slide_type": "-"}
with_params = {r[0]: r[2] for r in rows if r[2]}
with_buffers = [r[0] for r in rows if r[3]]
for name, params in with_params.items():
    print(f"{name:28} parameters: {', '.join(params)}")
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
free = [r for r in rows if not r[2]]
follows_input = all(off is False and on is True for *_, off, on in free)
observed = judge(holds=follows_input and len(free) > len(rows) / 2, exception=bool(with_params))
check("C17", observed,
      evidence=f"{len(free)} of {len(rows)} activation and loss modules have no parameters and "
               f"their output requires grad exactly when the input does; but "
               f"{', '.join(with_params)} own parameters, so their output requires grad "
               f"anyway; class weights ({len(with_buffers)} losses) are buffers. "
               f"Not built: {len(failed)}")

# %% [markdown] slideshow={"slide_type": "notes"}
# `MultiheadAttention` and `PReLU` live in the activation module; `AdaptiveLogSoftmaxWithLoss`
# is a loss head with a whole linear classifier inside; and newer PyTorch versions add more
# (this survey found them by listing `torch.nn`, so a new one shows up on its own). A class
# `weight` given to a loss is registered as a *buffer*: module state, saved in `state_dict()`,
# moved by `.to(device)`, but not returned by `parameters()` and not trained.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# A buffer is stored as the very tensor you pass in. So pass a class weight that *itself*
# requires grad: `nn.CrossEntropyLoss(weight=torch.ones(3, requires_grad=True))`, and call it
# on logits and labels that do not. Does the loss require grad — `True`, `False`, or does the
# call raise (`"error"`)?

# %% slideshow={"slide_type": "-"}
answer = ...  # True, False or "error"

ce = nn.CrossEntropyLoss(weight=torch.ones(3, requires_grad=True))
try:
    expected = ce(torch.randn(2, 3), torch.tensor([0, 2])).requires_grad
except RuntimeError:
    expected = "error"
self_check(answer, expected, hint="C03 would say True. But is cross entropy differentiable "
                                  "with respect to the class weights at all?")


# %% [markdown] slideshow={"slide_type": "slide"}
# ## C25 · §3 — Weights are leaves, at different depths
#
# **The claim.** A network's weights are leaf nodes of the graph, each at its own depth, and
# that is why they keep their gradients — just like the parameters of an ordinary function.
#
# **The reading we test:** in a small three-layer MLP every parameter is a leaf
# (`is_leaf`, no `grad_fn`) with an `AccumulateGrad` node — the same node a plain tensor with
# `requires_grad=True` gets; those nodes sit at different distances from the loss; after
# `backward()` every parameter's `.grad` is kept, while a hidden activation's is not.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Predict.** Count backward functions from the loss: how many hops away is the *first*
# layer's weight? The last layer's bias?

# %% slideshow={"slide_type": "-"}
def leaf_depths(root):
    """Breadth-first search from root.grad_fn: hops to each leaf's AccumulateGrad node."""
    depth, queue, found = {root.grad_fn: 0}, [root.grad_fn], {}
    while queue:
        fn = queue.pop(0)
        if hasattr(fn, "variable"):  # an AccumulateGrad node: it writes variable.grad
            found[id(fn.variable)] = (depth[fn], type(fn).__name__)
        for nxt, _ in fn.next_functions:
            if nxt is not None and nxt not in depth:
                depth[nxt] = depth[fn] + 1
                queue.append(nxt)
    return found


# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
mlp3 = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 1))
x25 = torch.randn(4, 2)
hidden = mlp3[:2](x25)                 # the first layer's activation, an intermediate
loss25 = mlp3[2:](hidden).pow(2).mean()
depths = leaf_depths(loss25)
for name, p in mlp3.named_parameters():
    d, node = depths[id(p)]
    print(f"{name:9} is_leaf={p.is_leaf}  grad_fn={p.grad_fn}  {node} at depth {d}")

# %% slideshow={"slide_type": "subslide"}
loss25.backward()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # reading a non-leaf's .grad warns; we do it on purpose
    hidden_grad = hidden.grad
for name, p in mlp3.named_parameters():
    print(f"{name:9} .grad kept: {p.grad is not None}  (norm {p.grad.norm():.4f})")
print("hidden (intermediate) .grad:", hidden_grad)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Nothing is collapsed here, so each parameter shows its own `AccumulateGrad` node.
# Follow the arrows from `loss` back to each one: the last layer's parameters are a few steps
# away, the first layer's are farthest. After `backward()` each parameter box shows its grad.

# %% slideshow={"slide_type": "fragment"}
params25 = dict(mlp3.named_parameters())
draw(loss25, names={**params25, "x": x25, "hidden": hidden, "loss": loss25},
     legend=False, show_saved=False)

# %% slideshow={"slide_type": "subslide"}
w_plain = torch.randn(1, 2, requires_grad=True)   # an ordinary function's parameter
plain_node = leaf_depths((x25 @ w_plain.T).sum())[id(w_plain)][1]
per_param = [depths[id(p)] for p in mlp3.parameters()]
all_leaves = all(p.is_leaf and p.grad_fn is None and p.grad is not None for p in mlp3.parameters())
same_node = all(node == plain_node for _, node in per_param)
distinct = sorted({d for d, _ in per_param})
observed = judge(holds=all_leaves and same_node and len(distinct) > 1 and hidden_grad is None)
check("C25", observed,
      evidence=f"all {len(per_param)} parameters are leaves, each with its own {plain_node} node "
               f"(as a plain tensor with requires_grad=True has), at depths {distinct}; all keep "
               f".grad after backward(); the hidden activation's .grad is {hidden_grad}")

# %% [markdown] slideshow={"slide_type": "notes"}
# One nuance for later: with `torch.nn.utils.parametrizations` (weight norm, orthogonal
# weights), `layer.weight` is *computed* from hidden parameters on each forward pass, so it is
# not a leaf and keeps no `.grad`; the leaves are the parameters that `named_parameters()`
# lists (`parametrizations.weight.original0`, ...). The rule holds for parameters, not for
# every attribute called `weight`.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Add a fourth linear layer (with a `Tanh` before it) to the end of `mlp3`. At what depth will
# the **first** layer's weight (`0.weight`) sit now?

# %% slideshow={"slide_type": "-"}
answer = ...  # an int

mlp4 = nn.Sequential(*mlp3, nn.Tanh(), nn.Linear(1, 1))
deep = leaf_depths(mlp4(x25).pow(2).mean())[id(mlp4[0].weight)][0]
self_check(answer, deep, hint=f"in mlp3 it was {depths[id(mlp3[0].weight)][0]}; each added layer "
                              "brings one AddmmBackward0 and one TanhBackward0.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C15** — parameters default to `requires_grad=True`: it is the default argument of
#   `nn.Parameter.__new__`.
# - **C16** — a network with trainable parameters gives an output that requires grad.
# - **C17** — most activation and loss modules have no parameters, but `PReLU`,
#   `MultiheadAttention` and the linear-classifier losses do; class weights are buffers.
# - **C25** — parameters are leaves with `AccumulateGrad` nodes at different depths, and keep
#   their `.grad`.
#
# Next: `03_no_grad_and_volatile`, where `volatile` is replaced by `torch.no_grad()`.
