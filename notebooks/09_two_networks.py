# %% [markdown] slideshow={"slide_type": "slide"}
# # 09 · Two networks, one loss, one optimizer
#
# The article's biggest experiment: it cuts the small image classifier of the CIFAR-10
# tutorial into two networks, `net1` and `net2` (we cut between the convolutions and the
# fully connected layers), and asks whether one `loss.backward()` and one optimizer train
# *both*. You will rerun it, print what the article printed, and check that the order in which
# the two networks are handed to the optimizer changes nothing.
#
# Claims checked here: **C24** (what the article's run printed) and **C23** (both networks learn,
# in either order).
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/09_two_networks.ipynb)

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
import itertools
import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F

from helpers import check, judge, self_check
from helpers.graph import draw


# %% [markdown] slideshow={"slide_type": "slide"}
# ## The article's setup: one classifier, cut in two
#
# `net1` holds the convolutional features (`conv1`, `conv2`, with ReLU and max-pooling) and turns
# a 3×32×32 image into 400 numbers; `net2` is the classifier (`fc1`, `fc2`, `fc3`) that turns
# those 400 numbers into 10 class scores. Together they are the small network of the
# CIFAR-10 tutorial the article started from (the article calls it AlexNet and names only
# `net1.conv1` and `net2.fc3`: where we cut is our reading).

# %% slideshow={"slide_type": "-"}
class Net1(nn.Module):  # the features: image -> 400 numbers
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool = nn.MaxPool2d(2, 2)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        return torch.flatten(x, 1)


# %% slideshow={"slide_type": "subslide"}
class Net2(nn.Module):  # the classifier: 400 numbers -> 10 class scores
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


# %% slideshow={"slide_type": "-"}
net1, net2 = Net1().to(device), Net2().to(device)
init1, init2 = copy.deepcopy(net1), copy.deepcopy(net2)  # the starting point, kept for later
criterion = nn.CrossEntropyLoss()
print(f"net1: {sum(p.numel() for p in net1.parameters()):,} parameters, "
      f"net2: {sum(p.numel() for p in net2.parameters()):,}, on {device}")
with torch.no_grad():
    features = net1(torch.zeros(1, 3, 32, 32, device=device))
print(f"one 3×32×32 image -> net1 -> {features.shape[1]} numbers -> net2 -> "
      f"{net2(features).shape[1]} class scores")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The data.** This notebook downloads nothing: it makes CIFAR-shaped batches itself, each
# example its class's fixed random "template" image plus noise, so there is a real signal and
# the loss visibly falls.
#
# **One change from the article:** its SGD uses `lr=0.001` (with `momentum=0.9`); ours uses
# `lr=0.05`. The article says it changed the tutorial's example slightly and shows the code
# of one training step; that it trained through the tutorial's whole loop over CIFAR-10 is
# our inference. Here there are 30 small batches, and at the article's rate the loss hardly
# moves in 30 steps (C23 measures both rates). Nothing the claims say depends on the rate.

# %% slideshow={"slide_type": "-"}
gen = torch.Generator().manual_seed(0)
templates = torch.randn(10, 3, 32, 32, generator=gen)


def make_batch(n=32):
    labels = torch.randint(0, 10, (n,), generator=gen)
    inputs = templates[labels] + 0.5 * torch.randn(n, 3, 32, 32, generator=gen)
    return inputs.to(device), labels.to(device)


batches = [make_batch() for _ in range(30)]  # the same 30 batches for every run below

# %% [markdown] slideshow={"slide_type": "subslide"}
# Want the real thing? Set `USE_REAL_CIFAR10 = True` and run the cell again: it installs nothing,
# but it needs `torchvision` and an internet connection (it downloads the whole data set), and then
# every run below trains on 30 real CIFAR-10 batches instead. Left `False`, it does nothing.

# %% slideshow={"slide_type": "-"}
USE_REAL_CIFAR10 = False  # opt-in: True downloads CIFAR-10 (needs torchvision + internet)

if USE_REAL_CIFAR10:
    import torchvision
    from torchvision import transforms

    to_tensor = transforms.Compose(
        [transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    cifar = torchvision.datasets.CIFAR10(root="./data", train=True, download=True,
                                         transform=to_tensor)
    loader = torch.utils.data.DataLoader(cifar, batch_size=32, shuffle=True)
    batches = [(x.to(device), y.to(device)) for x, y in itertools.islice(loader, 30)]
print("training data:", "real CIFAR-10" if USE_REAL_CIFAR10 else "synthetic, CIFAR-shaped")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C24 · §3 — What the article's run printed
#
# **The claim.** The article feeds a batch through `net1` and then `net2`, computes one loss,
# calls `backward()` once, and prints six things: the input does not require a gradient and has
# none; `net1`'s output (`outputs1`) requires a gradient but has none either; and a parameter
# in each network — `net1.conv1.bias` and `net2.fc3.bias` — does have a gradient.
#
# **The reading we test:** the same sequence today (`zero_grad`, two forward passes, loss,
# `backward`, the six prints, `step`) prints the same six results.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** The article's printed values reproduce: the input neither requires
# grad nor gets one, the intermediate output requires grad but keeps none, and
# both networks' biases get gradients.
#
# **They bring.** Learners expect `outputs1.grad` to be filled, since it
# requires grad; only leaves keep gradients.
#
# **Ask first.** `outputs1` requires grad. Will `outputs1.grad` be filled after
# backward?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** The input never asked for a gradient. Does that stop `net1`, the network it
# feeds, from getting gradients? And `outputs1` sits between the two networks: will its
# `.grad` hold anything?

# %% slideshow={"slide_type": "subslide"}
optimizer = torch.optim.SGD(itertools.chain(net1.parameters(), net2.parameters()),
                            lr=0.05, momentum=0.9)  # the article: lr=0.001 (see above)
inputs, labels = batches[0]

optimizer.zero_grad()
outputs1 = net1(inputs)       # inputs.requires_grad is False: that is fine
outputs2 = net2(outputs1)
loss = criterion(outputs2, labels)
loss.backward()

# %% slideshow={"slide_type": "subslide"}
print("inputs.requires_grad:  ", inputs.requires_grad)
print("inputs.grad:           ", inputs.grad)
print("outputs1.requires_grad:", outputs1.requires_grad)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    outputs1_grad = outputs1.grad   # today this read warns
print("outputs1.grad:         ", outputs1_grad)
print("net1.conv1.bias.grad:  ", net1.conv1.bias.grad)
print("net2.fc3.bias.grad:    ", net2.fc3.bias.grad)
print("\nThe warning today's PyTorch gave when we read outputs1.grad:")
for w in caught:
    print(f" - {w.category.__name__}: {str(w.message).split('. ')[0]}.")

# %% slideshow={"slide_type": "-"}
optimizer.step()  # the article's last line: update both networks

# %% [markdown] slideshow={"slide_type": "subslide"}
# The six values are the article's. The one new thing is the warning: the article's PyTorch 0.3
# printed `None` silently; today's warns when you read the `.grad` of a non-leaf that backward
# was not asked to fill, because that `None` is almost always a mistake.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The whole pipeline as one graph, with each network collapsed into a single box.
# Look at three things: `inputs` sits *outside* the graph (a constant: nothing flows back into
# it); `outputs1` is an intermediate between the two boxes (so no `.grad`); and both boxes
# say *grads: computed* — one backward pass reached both networks.

# %% slideshow={"slide_type": "-"}
draw(loss, names={"inputs": inputs, "outputs1": outputs1, "loss": loss},
     modules={"net1": net1, "net2": net2})

# %% [markdown] slideshow={"slide_type": "notes"}
# The ReLU, max-pool and flatten after `conv2` appear in a grey box of their own, below
# `net1`'s: they have no parameters, so the graph cannot tell which network they belong to
# (see `draw`'s docstring).

# %% slideshow={"slide_type": "subslide"}
# The inputs' two values are printed as the article did, but judge only what could come out
# otherwise: a tensor made without requires_grad never gets a .grad, on any PyTorch.
observed = judge(holds=(outputs1.requires_grad and outputs1_grad is None
                        and net1.conv1.bias.grad is not None
                        and net2.fc3.bias.grad is not None))
check("C24", observed,
      evidence=f"inputs.requires_grad={inputs.requires_grad}, inputs.grad={inputs.grad}; "
               f"outputs1.requires_grad={outputs1.requires_grad}, outputs1.grad={outputs1_grad} "
               f"({len(caught)} warning on reading it); net1.conv1.bias.grad has norm "
               f"{net1.conv1.bias.grad.norm():.3g}, net2.fc3.bias.grad has norm "
               f"{net2.fc3.bias.grad.norm():.3g}")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# `outputs1.grad` was `None`. Write `features(x)`: `net1`'s output for a batch `x`, still the
# output of `net1` (so that `net1` still learns), whose `.grad` PyTorch keeps: one extra call
# before you return it. The check calls it on a batch of its own. Then look at
# `outputs1.grad.shape`: what does each of its numbers count?

# %% slideshow={"slide_type": "-"}
def features(x):
    out = net1(x)
    ...  # one call on out here
    return out


outputs1 = features(inputs)
criterion(net2(outputs1), labels).backward()
self_check("09.1", features=features, net1=net1, net2=net2)


# %% [markdown] slideshow={"slide_type": "slide"}
# ## C23 · §3 — One backward, one optimizer, both networks learn
#
# **The claim.** With `x → net1 → y → net2 → z`, one `loss.backward()` gives gradients to the
# parameters of both networks, one optimizer over
# `itertools.chain(net1.parameters(), net2.parameters())` updates both, and it makes no
# difference whether `net1` or `net2` comes first in the chain.
#
# **The reading we test** (the strongest one): after `step()` every parameter of both networks
# has moved; training with the chain in either order, from the same start on the same data,
# ends with **bit-identical** parameters, wherever one order trained twice is bit-identical
# (elsewhere: within ten times the difference between two runs of one order).

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Two networks chained in one forward pass form one graph: one backward
# fills both, and one optimizer over both updates both. The order inside
# `itertools.chain` changes nothing.
#
# **They bring.** The article worried that backward might <span
# lang="zh">「只更新net1」</span> (update only net1). Learners share the worry, or
# think a second optimizer is needed.
#
# **Ask first.** One `loss.backward()` through both networks: which parameters
# get gradients?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** The article's cell above already ran one `step()`. Which of `net1`'s and
# `net2`'s parameters moved? And if you train twice from the same start, once with
# `chain(net1, net2)` and once with `chain(net2, net1)`, will the weights differ — even in the
# last bit?

# %% slideshow={"slide_type": "subslide"}
def moved(net, start):
    """How many of net's parameter tensors differ from the same tensor in `start`."""
    pairs = zip(net.parameters(), start.parameters(), strict=True)
    return sum(not torch.equal(p, q) for p, q in pairs)


n1, n2 = len(list(net1.parameters())), len(list(net2.parameters()))
print(f"after one step(): {moved(net1, init1)} of {n1} tensors of net1 moved, "
      f"{moved(net2, init2)} of {n2} of net2")
both_moved = moved(net1, init1) == n1 and moved(net2, init2) == n2


# %% [markdown] slideshow={"slide_type": "subslide"}
# Now train from the same starting point on the same 30 batches, twice: once with `net1`'s
# parameters first in the chain, once with `net2`'s first.

# %% slideshow={"slide_type": "-"}
def train(order, steps=30, make_optimizer=None):
    """Copy the starting nets; train them with their parameters chained in `order`."""
    nets = {"net1": copy.deepcopy(init1), "net2": copy.deepcopy(init2)}
    params = itertools.chain(*(nets[name].parameters() for name in order))
    opt = (make_optimizer or (lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)))(params)
    losses = []
    for x, y in batches[:steps]:
        opt.zero_grad()
        loss = criterion(nets["net2"](nets["net1"](x)), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return nets, losses


def params(nets):
    return [p for name in ("net1", "net2") for p in nets[name].parameters()]


def max_diff(x, y):
    return max((p - q).abs().max().item() for p, q in zip(params(x), params(y), strict=True))


# %% slideshow={"slide_type": "subslide"}
torch.backends.cudnn.deterministic = True  # on a GPU: reproducible convolutions (no-op on CPU)
torch.backends.cudnn.benchmark = False

a, losses_a = train(["net1", "net2"])
b, losses_b = train(["net2", "net1"])
again, _ = train(["net1", "net2"])  # a control: the same order twice

# %% slideshow={"slide_type": "-"}
identical = all(torch.equal(p, q) for p, q in zip(params(a), params(b), strict=True))
swap_diff, rerun_diff = max_diff(a, b), max_diff(a, again)
repeatable = rerun_diff == 0  # does this device train one order twice to the same bits?
print(f"chain(net1, net2) vs chain(net2, net1): bit-identical on all "
      f"{len(params(a))} tensors: {identical} (largest difference {swap_diff})")
print(f"control, the same order twice: largest difference {rerun_diff}, so on {device} we ask "
      + ("for bit-identical parameters" if repeatable
         else "only that the two orders differ by at most ten times that"))


def article_sgd(ps):  # the article's optimizer settings
    return torch.optim.SGD(ps, lr=0.001, momentum=0.9)


_, losses_article_lr = train(["net1", "net2"], make_optimizer=article_sgd)
for rate, ls in (("0.001 (the article's)", losses_article_lr), ("0.05 (ours)", losses_a)):
    print(f"lr={rate}: loss {ls[0]:.3f} -> {ls[-1]:.3f} after {len(ls)} steps")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Both runs' losses, step by step. If the order mattered anywhere, the two curves
# would part at some step; the dashed orange line should then leave the blue one. The grey
# dotted line is the same training at the article's learning rate.

# %% slideshow={"slide_type": "-"}
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(losses_a, label="chain(net1, net2)", linewidth=3)
ax.plot(losses_b, label="chain(net2, net1)", linestyle="--")
ax.plot(losses_article_lr, label="chain(net1, net2), lr=0.001", color="grey", linestyle=":")
ax.set(xlabel="training step (batch of 32)", ylabel="cross-entropy loss (nats)",
       title=f"Both orders, same start, same data ({device})")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Why does the order change nothing? SGD with momentum keeps one buffer **per parameter
# tensor** and updates each tensor from its own gradient and buffer: `buf ← 0.9·buf + grad`,
# then `p ← p − lr·buf`. No step mixes two parameters, so the list's order decides only *when*
# each tensor is visited, never *what* it becomes; and `backward()` knows nothing of the
# optimizer. The order shows up wherever parameters are numbered by position, as in the
# optimizer's `state_dict` (below).

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The chain is what connects them.** Cut the graph between the networks with `.detach()` and
# the same single `backward()` stops at the cut: `net1` gets nothing.

# %% slideshow={"slide_type": "-"}
net1.zero_grad()
net2.zero_grad()
outputs1 = net1(inputs)
cut = outputs1.detach()
loss_cut = criterion(net2(cut), labels)
loss_cut.backward()
net1_grads = [p.grad for p in net1.parameters()]
print("net1 grads that are None:", sum(g is None for g in net1_grads), "of", len(net1_grads))
print("net2 grads that are None:", sum(p.grad is None for p in net2.parameters()), "of", n2)

# %% [markdown] slideshow={"slide_type": "subslide"}
# In the graph of `loss_cut`, `net1` is absent: `cut`, the detached `outputs1`, is a
# constant, linked to `outputs1` only by the dashed `detach()` edge (shared memory, no graph).

# %% slideshow={"slide_type": "-"}
draw(loss_cut, names={"outputs1": outputs1, "outputs1.detach()": cut, "loss": loss_cut},
     modules={"net1": net1, "net2": net2}, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Where the order does show up:** the optimizer's saved state. `state_dict()` numbers the
# parameters 0, 1, 2, … in chain order, so loading it into an optimizer built with the *other*
# order hands each momentum buffer to the wrong tensor.

# %% slideshow={"slide_type": "-"}
saved_state = optimizer.state_dict()  # the article's optimizer: chain(net1, net2), one step
swapped = torch.optim.SGD(itertools.chain(net2.parameters(), net1.parameters()),
                          lr=0.05, momentum=0.9)
swapped.load_state_dict(saved_state)  # no error...
first = next(net2.parameters())       # ...but net2.fc1.weight now holds net1.conv1's buffer
buffer = swapped.state[first]["momentum_buffer"]
print(f"net2.fc1.weight {tuple(first.shape)} got a momentum buffer of shape "
      f"{tuple(buffer.shape)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# That is about saving and resuming, not about what one training run computes, so it does not
# count against the article's claim; just build the optimizer the same way when you resume.

# %% slideshow={"slide_type": "fragment"}
detach_cuts = all(g is None for g in net1_grads) and all(
    p.grad is not None for p in net2.parameters())
order_free = identical if repeatable else swap_diff <= 10 * rerun_diff
observed = judge(holds=both_moved and order_free)
check("C23", observed,
      evidence=f"one step() moved all {n1} tensors of net1 and all {n2} of net2; after "
               f"{len(losses_a)} steps, chain(net1, net2) and chain(net2, net1) gave "
               f"bit-identical parameters: {identical} (largest difference {swap_diff}; the "
               f"same order twice: {rerun_diff}, so "
               + ("bit-identity was asked" if repeatable else "within ten times that was asked")
               + f"); loss {losses_a[0]:.3f} -> {losses_a[-1]:.3f}; with .detach() between "
               f"them net1 got no gradients: {detach_cuts}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Is the order free for **Adam** too? It keeps two buffers per parameter. Predict first.
# Then write `make_optimizer(ps)`: given the parameters in chain order, it returns a
# `torch.optim.Adam` that trains *every* one of them (no learning rate of zero) such that, for
# any two networks, the two orders end in **different** networks. The check trains with it in
# both orders, through `train(order, steps=10, ...)` and on a small pair of its own, with one
# order twice as a control. (An optimizer takes a list of tensors, or of *parameter groups*:
# dicts such as `{"params": [...], "lr": 1e-4}`, each with its own settings.)

# %% slideshow={"slide_type": "-"}
make_optimizer = ...  # def make_optimizer(ps): ... return torch.optim.Adam(...)
self_check("09.2", make_optimizer=make_optimizer, train=train)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Read more
#
# - [`torch.nn.Module`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html)
#   (`parameters()`, `zero_grad()`)
# - [`torch.optim`](https://pytorch.org/docs/stable/optim.html) and
#   [`torch.optim.SGD`](https://pytorch.org/docs/stable/generated/torch.optim.SGD.html)
# - [`torch.Tensor.is_leaf`](https://pytorch.org/docs/stable/generated/torch.Tensor.is_leaf.html)
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C24** — the article's run prints today what it printed in 2017: no gradient for the input
#   or for `outputs1` (reading the latter now warns), gradients for both networks' parameters.
# - **C23** — one `backward()` and one optimizer over the chained parameters train both
#   networks, and the order of the chain changes nothing: bit-identical results wherever one
#   order, run twice, is; a `.detach()` between the networks is what would stop `net1`.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [08 · Accumulating gradients, and what the optimizer updates](08_accumulate_and_step.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/08_accumulate_and_step.ipynb))
#
# **Next →:**
# [10 · Freezing part of a network](10_freezing.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/10_freezing.ipynb))
