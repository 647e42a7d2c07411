# %% [markdown] slideshow={"slide_type": "slide"}
# # 05 · backward's argument: scalars, vectors and Jacobians
#
# Most of the time you call `loss.backward()` with nothing in the brackets. But `backward` does
# take an argument, and the article says three things about it: when you may leave it out, what
# leaving it out is equivalent to, and that a loss module's output never needs it. In this
# notebook you will find out what that argument *is*: a vector multiplied into a Jacobian.
#
# Claims checked here: **C19**, **C14**, **C20**.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/05_backward_arguments.ipynb)

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
from collections import Counter

import matplotlib.pyplot as plt
import torch
from IPython.display import Markdown, display
from torch import nn
from torch.nn.modules import adaptive as adaptive_modules
from torch.nn.modules import loss as loss_modules

from helpers import check, judge, self_check
from helpers.graph import draw
from helpers.survey import exported_modules

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C19 · §3 — Who may call `backward()` with no argument?
#
# **The claim.** Only a scalar may call `backward()` bare. Anything bigger must be handed a
# gradient, which the article calls the `grad_variable` argument (its spelling, no s).
#
# **The reading we test:** "scalar" means *a tensor with exactly one element*, whatever its
# shape. A bare `backward()` should work for every one-element shape and fail for anything
# larger; a larger output should work once it is given a gradient; and we run 2017's keyword,
# `grad_variables` (with the s), in both places you could write it:
# `torch.autograd.backward(...)` and `y.backward(...)`.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Backward needs a starting gradient of the output's shape; for a
# single element it can be implied, otherwise you pass it. The 2017 keyword
# `grad_variables` now runs only in `torch.autograd.backward`, with a warning.
#
# **They bring.** The article names it <span lang="zh">「grad_variable」</span>,
# which no call accepts as spelled. Learners read the passed vector as a scaling
# factor, not as the vector multiplied with the Jacobian.
#
# **Ask first.** A vector output: will bare `backward()` run? If we pass `v`,
# what does `x.grad` become?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Which of these outputs can call `backward()` with nothing in the brackets:
# shape `()`, shape `(1,)`, shape `(1, 1)`, shape `(2,)`?

# %% slideshow={"slide_type": "subslide"}
bare_ok = {}
for shape in [(), (1,), (1, 1), (2,)]:
    x = torch.ones(shape, requires_grad=True)
    y = 3 * x
    try:
        y.backward()
        bare_ok[shape] = True
        print(f"shape {str(shape):7} ({y.numel()} element):  ran, x.grad = {x.grad.tolist()}")
    except RuntimeError as e:
        bare_ok[shape] = False
        print(f"shape {str(shape):7} ({y.numel()} elements): RuntimeError: {e}")

# %% [markdown] slideshow={"slide_type": "-"}
# The error message says *scalar outputs*, yet `(1, 1)` is a matrix and still worked. For
# `backward`, "scalar" means **one element**: then there is only one sensible gradient to
# start from, `torch.ones_like(y)`, and PyTorch fills it in for you. With two elements it
# would have to guess how much each one matters, so it refuses.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now a non-scalar output, given a gradient: 2017's keyword on `torch.autograd.backward` and
# on the method `y.backward`, then today's names. `attempt` builds a fresh `y = x ** 2` each
# time, so every call starts from a new graph.

# %% slideshow={"slide_type": "-"}
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
v = torch.ones(3)


def attempt(label, call):
    """Run call(x ** 2); print and return x.grad (None if it raised) and any warnings."""
    x.grad = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            call(x**2)
            outcome = f"ran, x.grad = {x.grad.tolist()}"
        except TypeError as e:
            outcome = f"TypeError: {e}"
    notes = [f"{w.category.__name__}: {w.message}" for w in caught]
    print(label, "\n   ", outcome, *("\n    " + n for n in notes))
    return x.grad, notes


# %% slideshow={"slide_type": "subslide"}
# The four spellings, each on a fresh y = x ** 2 with v = [1, 1, 1]:
old_fn = attempt("torch.autograd.backward(y, grad_variables=v)",
                 lambda y: torch.autograd.backward(y, grad_variables=v))
old_method = attempt("y.backward(grad_variables=v)", lambda y: y.backward(grad_variables=v))
new_fn = attempt("torch.autograd.backward(y, grad_tensors=v)",
                 lambda y: torch.autograd.backward(y, grad_tensors=v))
new_method = attempt("y.backward(gradient=v)", lambda y: y.backward(gradient=v))

# %% slideshow={"slide_type": "subslide"}
old_ran, old_warned = old_fn[0] is not None, bool(old_fn[1])
spelling_2017 = ("fails" if not old_ran else "runs, but warns" if old_warned
                    else "runs without a word")
display(Markdown(
    "2017's keyword, `torch.autograd.backward(y, grad_variables=v)`, "
    f"**{spelling_2017}** on torch {torch.__version__}. "
    "The method `y.backward(grad_variables=v)` "
    f"{'raised a TypeError' if old_method[0] is None else 'ran'}: its keyword was already "
    "`gradient` in 2017, but its docstring in PyTorch 0.2 listed the argument as "
    "`grad_variables`, which is likely where the article took the name. Today's names: "
    "`gradient=` for `y.backward`, `grad_tensors=` for `torch.autograd.backward`."))


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### What the gradient argument means
#
# For `y = f(x)` with `f: ℝ³ → ℝ²`, the Jacobian `J` is the 2×3 matrix of every
# `∂y_i/∂x_j`. `y.backward(v)` does not compute `J`; it computes the row vector `v @ J` in one
# sweep (a *vector–Jacobian product*) and adds it to `x.grad`. A bare `backward()` on a
# one-element output is the case `v = [1.]`.

# %% slideshow={"slide_type": "subslide"}
def f(x):
    return torch.stack([x[0] * x[1], x[1] + x[2] ** 2])


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
J = torch.autograd.functional.jacobian(f, x)
x0, x1, x2 = x.tolist()
J_by_hand = torch.tensor([[x1, x0, 0.0], [0.0, 1.0, 2 * x2]])
print("J =\n", J, "\nby hand:\n", J_by_hand)

v = torch.tensor([1.0, 10.0])
y = f(x)
y.backward(v)
print("x.grad after y.backward(v):", x.grad)
print("v @ J                     :", v @ J)
vjp_ok = torch.allclose(x.grad, v @ J) and torch.allclose(J, J_by_hand)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** `x` is the leaf on the left; its gradient box shows `v @ J`. `y` is the double-boxed
# output with two elements, the kind a bare `backward()` refuses. The dashed ellipses are the
# values of `x` that backward needed, freed once it had run.

# %% slideshow={"slide_type": "-"}
draw(y, names={"x": x, "y": y})

# %% [markdown] slideshow={"slide_type": "notes"}
# **Why this verdict.** Two observations decide it, each of which could have come out either
# way. The rule: a two-element output must raise without a gradient and give `v @ J` with
# one. The name: 2017's `torch.autograd.backward(..., grad_variables=...)` either runs
# silently today (nothing changed) or warns or fails (*outdated*; the card still records
# whether the rule holds). The method's `TypeError` does not count: `y.backward` never took
# that keyword.

# %% slideshow={"slide_type": "subslide"}
rule_holds = (bare_ok[()] and bare_ok[(1,)] and bare_ok[(1, 1)] and not bare_ok[(2,)]
              and new_fn[0] is not None and new_method[0] is not None and vjp_ok)
observed = judge(holds=rule_holds, changed_since_2017=not old_ran or old_warned)
check("C19", observed,
      evidence=f"the rule: bare backward() ran for shapes "
               f"{[s for s, ok in bare_ok.items() if ok]} and raised for "
               f"{[s for s, ok in bare_ok.items() if not ok]}; with a gradient, y.backward(v) "
               f"gave v @ J = {(v @ J).tolist()}. 2017's spelling "
               f"torch.autograd.backward(y, grad_variables=v) {spelling_2017}"
               f"{': ' + '; '.join(old_fn[1]) if old_fn[1] else ''}; today: gradient= / "
               "grad_tensors=")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Now `g` below returns a **matrix**, one row per element of `x`. Write `pick(y)`: the `v`
# for which `y.backward(v)` gives `x` the gradient of **the sum of `y`'s second column**
# alone, whatever the number of rows. The check also tries other inputs and another
# two-column function.

# %% slideshow={"slide_type": "-"}
def g(x):
    return torch.stack([x**2, x * x.sum()], dim=1)  # shape (len(x), 2)


def pick(y):
    """The v that makes y.backward(v) give the gradient of y[:, 1].sum()."""
    return ...  # a tensor built for this y


print("g(x) has shape", tuple(g(x).shape))
self_check("05.1", pick=pick, g=g, x=x)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C14 · §2 — Is `backward()` the same as `backward(torch.tensor([1]))`?
#
# **The claim.** For a scalar result, a bare `backward()` is the same as passing the
# one-element tensor `[1]` as the gradient.
#
# **The reading we test:** the article's spelling, `loss.backward(torch.tensor([1]))`,
# and its float twin `torch.tensor([1.])` (in case the integer type is what fails), on a loss
# made the way today's PyTorch makes losses; then the same spellings on a shape-`(1,)` loss,
# which is what a 2017 loss looked like.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** For a scalar loss, `backward()` seeds the chain rule with one. A
# one-element seed fitted the shape-`(1,)` losses of 2017 (whose `torch` had no
# `torch.tensor` yet); today's losses have no dimensions, so the shapes clash.
#
# **They bring.** The article writes <span
# lang="zh">「backward(torch.tensor([1]))」</span> as the equivalent. Learners
# copy that seed and meet a shape mismatch on a modern loss.
#
# **Ask first.** Our loss has shape `()`. Will
# `loss.backward(torch.tensor([1]))` run?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Today's loss modules return a tensor of shape `()`. Will PyTorch accept a
# gradient of shape `(1,)` for it — broadcast it, as it does almost everywhere else — or
# refuse?

# %% slideshow={"slide_type": "subslide"}
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
target = torch.zeros(3)


def grad_after(loss, *gradient):
    """x.grad after loss.backward(*gradient), and what happened ("ran" or the error)."""
    x.grad = None
    try:
        loss.backward(*gradient)
        return x.grad.clone(), "ran"
    except RuntimeError as e:
        return None, f"RuntimeError: {e}"


loss = nn.MSELoss()(x, target)
print("today's loss:", loss, " shape", tuple(loss.shape))
g_bare, _ = grad_after(nn.MSELoss()(x, target))
print("backward()                   → x.grad =", g_bare)

# %% slideshow={"slide_type": "subslide"}
# Now the article's gradient, [1], and its float twin, [1.]:
g_int, said_int = grad_after(nn.MSELoss()(x, target), torch.tensor([1]))
print("backward(torch.tensor([1]))  →", said_int)
g_float, said_float = grad_after(nn.MSELoss()(x, target), torch.tensor([1.0]))
print("backward(torch.tensor([1.])) →", said_float)
refused = [s for s, g in (("torch.tensor([1])", g_int), ("torch.tensor([1.])", g_float))
           if g is None]
# shown words, kept apart from the code's logic: a translation changes only these
VERB = {"one": "is", "more": "are"}
display(Markdown(
    f"On torch {torch.__version__}, {len(refused)} of the 2 spellings "
    f"{VERB['one' if len(refused) == 1 else 'more']} refused"
    + (": the gradient must have *exactly* the output's shape, and a shape-`()` loss wants a "
       "shape-`()` gradient." if refused else ".")))

# %% slideshow={"slide_type": "subslide"}
# The true equivalent of a bare backward() today: a gradient of the loss's own shape, ().
g_scalar, _ = grad_after(nn.MSELoss()(x, target), torch.tensor(1.0))
g_ones, _ = grad_after(loss, torch.ones_like(loss))
print("backward(torch.tensor(1.))   → x.grad =", g_scalar)
print("backward(ones_like(loss))    → x.grad =", g_ones)
today_equivalent = torch.equal(g_scalar, g_bare) and torch.equal(g_ones, g_bare)


# %% [markdown] slideshow={"slide_type": "subslide"}
# In 2017 (PyTorch 0.3) there were no 0-dimensional tensors, and no `torch.tensor` either: it
# came in PyTorch 0.4, so code of the time wrote `torch.Tensor([1])` where the article writes
# `torch.tensor([1])`. A loss then had shape `(1,)`, so a `[1]` gradient had exactly its shape.
# Rebuild such a loss with `.reshape(1)` and try all three spellings:

# %% slideshow={"slide_type": "-"}
def loss_2017():
    return nn.MSELoss()(x, target).reshape(1)  # shape (1,), like a 2017 loss


print("2017-shaped loss:", loss_2017())
g_2017 = {}
for spelling, grad in [("torch.Tensor([1])", torch.Tensor([1])),
                       ("torch.tensor([1.])", torch.tensor([1.0])),
                       ("torch.tensor([1])", torch.tensor([1]))]:
    g_2017[spelling], said = grad_after(loss_2017(), grad)
    print(f"backward({spelling:18}) → {said}, x.grad = {g_2017[spelling]}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Two outputs of the same computation, drawn together: today's `loss`, and
# `loss.reshape(1)` made from it. Read the shape line of each double box: `()` for today's
# loss, `(1,)` for the 2017-shaped one, which is one `ViewBackward0` further along. A gradient
# handed to `backward` must match the box it starts from.

# %% slideshow={"slide_type": "-"}
old_style = loss.reshape(1)  # one view of today's loss: the same computation, shape (1,)
draw(loss, old_style, names={"x": x, "loss (today)": loss, "loss (2017 shape)": old_style},
     legend=False)

# %% slideshow={"slide_type": "subslide"}
modern_refuses = g_int is None and g_float is None
worked_on_2017_shape = all(g is not None and torch.equal(g, g_bare) for g in g_2017.values())
observed = judge(holds=today_equivalent,  # the rule, today's way: a gradient of 1, shape ()
                 changed_since_2017=modern_refuses and worked_on_2017_shape)
check("C14", observed,
      evidence=f"on today's 0-dim loss, backward(torch.tensor([1])) → {said_int.rstrip('.')}; "
               f"backward(torch.tensor([1.])) → {said_float.rstrip('.')}. On a loss "
               "reshaped to (1,), as 2017's were, torch.Tensor([1]), torch.tensor([1.]) and "
               "torch.tensor([1]) "
               f"gave the same x.grad as backward() ({worked_on_2017_shape}: "
               f"{[round(g, 4) for g in g_bare.tolist()]}); today's equivalent is "
               f"backward(torch.tensor(1.)) / torch.ones_like(loss) (same grads: "
               f"{today_equivalent})")


# %% [markdown] slideshow={"slide_type": "notes"}
# PyTorch 0.4 turned losses into 0-dimensional tensors (that is also when `loss.data[0]` gave
# way to `loss.item()`). In arithmetic the two shapes mix freely — a shape-`()` tensor is
# broadcast up to `(1,)` — but `backward` checks the gradient's shape strictly, on purpose: a
# gradient of the wrong shape is almost always a bug. Notice also that the integer
# `torch.tensor([1])` is accepted on the `(1,)` loss: autograd converts the gradient to the
# output's dtype.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Write `mean_seed(losses)`: the gradient to pass to `losses.backward(...)` when `losses` holds
# several losses (as `reduction='none'` returns them), so that the gradients come out as
# `losses.mean()` would give them. It must work for any shape, one-element losses included.

# %% slideshow={"slide_type": "-"}
def mean_seed(losses):
    """What to pass to losses.backward(...) to get the gradients of losses.mean()."""
    return ...  # a tensor made for these losses


print("losses for this x:", nn.MSELoss(reduction="none")(x, target).detach())
self_check("05.2", mean_seed=mean_seed, x=x, target=target)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C20 · §3 — What do loss modules return?
#
# **The claim.** PyTorch's `nn.*Loss` modules all give one number for a minibatch: the mean, or
# the sum, of the per-sample results.
#
# **The reading we test:** *every* `nn.*Loss` class, used with its defaults, reduces the
# minibatch to one number that is the plain mean or sum of the per-sample losses. We survey
# the loss classes `torch.nn` exports (listed as in notebook 02, plus
# `AdaptiveLogSoftmaxWithLoss`), then look for a class whose default breaks that. A setting
# you opt into, such as `reduction='none'`, is no exception.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Nearly every loss class reduces to the mean by default, and
# `reduction='none'` gives one loss per sample. A mean divides by every element,
# not only the batch.
#
# **They bring.** The article says the losses give <span lang="zh">「平均/求和
# 后的值」</span> (a mean or sum over the minibatch). Learners assume dividing by
# the batch size, and one class has no `reduction` argument at all.
#
# **Ask first.** `MSELoss` on a batch of four rows of three: divided by four, or
# by twelve?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** `torch.nn` has a couple of dozen loss classes. How many of them default to
# `'mean'`? Is there one that does not return a single number at all?

# %% slideshow={"slide_type": "subslide"}
NO_ARG = "(no reduction argument)"
loss_classes = sorted(exported_modules(loss_modules) + exported_modules(adaptive_modules))
defaults = {}
for name in loss_classes:
    param = inspect.signature(getattr(nn, name).__init__).parameters.get("reduction")
    defaults[name] = param.default if param is not None else NO_ARG
print(f"{len(loss_classes)} loss classes; default reduction:", dict(Counter(defaults.values())))
print("not 'mean':", {n: d for n, d in defaults.items() if d != "mean"})

asm = nn.AdaptiveLogSoftmaxWithLoss(in_features=8, n_classes=10, cutoffs=[4])
result = asm(torch.randn(5, 8), torch.randint(0, 10, (5,)))
print(type(result).__name__, "with fields", result._fields)
print("output:", tuple(result.output.shape), " loss:", tuple(result.loss.shape))
asm_not_one_number = not isinstance(result, torch.Tensor)
asm_loss_is_mean = torch.allclose(result.loss, -result.output.mean())
print("loss == -output.mean():", asm_loss_is_mean)

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
display(Markdown(
    "`AdaptiveLogSoftmaxWithLoss` has no `reduction` argument and returns "
    + ("a *named pair*, not one number: `output`, each sample's log-probability of its "
       "target, and `loss`, " if asm_not_one_number else "one number, ")
    + ("the **negative** of their mean." if asm_loss_is_mean else "not the negative mean.")
    + " Now the setting "
    + ("every other class has" if list(defaults.values()).count(NO_ARG) == 1
       else "most classes have")
    + ": `reduction='none'`."))

# %% slideshow={"slide_type": "-"}
N = 8
logits = torch.randn(N, 4, requires_grad=True)
labels = torch.randint(0, 4, (N,))
per_sample = nn.CrossEntropyLoss(reduction="none")(logits, labels)
print("reduction='none':", tuple(per_sample.shape), per_sample.detach())
print("'mean':", nn.CrossEntropyLoss()(logits, labels).item(),
      " per_sample.mean():", per_sample.mean().item())
print("'sum' :", nn.CrossEntropyLoss(reduction="sum")(logits, labels).item(),
      " per_sample.sum(): ", per_sample.sum().item())

# %% [markdown] slideshow={"slide_type": "subslide"}
# What does the choice do to the gradients? The mean divides the loss by `N`, so it should
# divide every gradient by `N` too:

# %% slideshow={"slide_type": "-"}
grads = {}
for reduction in ("mean", "sum"):
    logits.grad = None
    nn.CrossEntropyLoss(reduction=reduction)(logits, labels).backward()
    grads[reduction] = logits.grad.clone()
scale_is_N = torch.allclose(grads["mean"] * N, grads["sum"], rtol=1e-6, atol=0)
print(f"mean grads × {N} == sum grads: {scale_is_N}",
      f"(max difference {(grads['mean'] * N - grads['sum']).abs().max().item():.1e}, "
      f"bit-for-bit: {torch.equal(grads['mean'] * N, grads['sum'])})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# And "mean" is not always an average over the minibatch. An elementwise loss such as
# `MSELoss` divides by the number of **elements**, not by the batch size (a per-sample mean
# only if each sample's loss is the mean of its elements, not their sum); `CTCLoss` first
# divides each sample's loss by its target length; `KLDivLoss` divides by every element too:

# %% slideshow={"slide_type": "-"}
a, b = torch.randn(4, 3), torch.randn(4, 3)  # 4 samples of 3 numbers each
mse_divisor = (nn.MSELoss(reduction="sum")(a, b) / nn.MSELoss()(a, b)).item()
mse_per_element = round(mse_divisor) == a.numel() != a.shape[0]
print(f"MSELoss on a {a.shape[0]}×{a.shape[1]} input: 'sum' / 'mean' = {mse_divisor:.0f}, the "
      f"number of elements ({a.numel()}), not the batch size ({a.shape[0]})")

T, B, C = 12, 3, 5
log_probs = torch.randn(T, B, C).log_softmax(2)
targets, target_lengths = torch.randint(1, C, (B, 4)), torch.tensor([4, 2, 3])
ctc_args = (log_probs, targets, torch.full((B,), T), target_lengths)
ctc_none, ctc_mean = nn.CTCLoss(reduction="none")(*ctc_args), nn.CTCLoss()(*ctc_args)
print("CTC 'mean':", ctc_mean.item(), " plain mean:", ctc_none.mean().item(),
      " mean of loss/length:", (ctc_none / target_lengths).mean().item())
ctc_mean_not_plain = not torch.allclose(ctc_mean, ctc_none.mean())

# %% slideshow={"slide_type": "subslide"}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    nn.KLDivLoss()(torch.randn(4, 5).log_softmax(1), torch.randn(4, 5).softmax(1))
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
if not caught:
    print("KLDivLoss gave no warning on this PyTorch")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Left: the eight per-sample losses that `reduction='none'` returns, and the one
# number `'mean'` keeps of them. Right: every element of the `'mean'` gradient against the
# same element of the `'sum'` gradient — they lie on a line of slope `1/N`.

# %% slideshow={"slide_type": "subslide"}
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
left.bar(range(N), per_sample.tolist(), color="lightsteelblue", label="reduction='none'")
left.axhline(per_sample.mean().item(), color="darkorange", label="'mean'")
left.set(xlabel="sample in the minibatch", ylabel="cross-entropy (nats)")
left.legend(fontsize=8)
right.scatter(grads["sum"].flatten().tolist(), grads["mean"].flatten().tolist(), s=12)
right.axline((0, 0), slope=1 / N, color="grey", lw=0.8, label=f"slope 1/{N}")
right.set(xlabel="gradient with 'sum' (per logit)", ylabel="gradient with 'mean'")
right.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% slideshow={"slide_type": "subslide"}
with_arg = {n: d for n, d in defaults.items() if d != NO_ARG}
default_reduces = (all(d in ("mean", "sum") for d in with_arg.values())
                   and nn.CrossEntropyLoss()(logits, labels).dim() == 0 and scale_is_N)
# Exceptions, each seen with a class's defaults: a pair instead of one number, a mean over
# elements rather than samples, a mean of losses divided by their target lengths.
observed = judge(holds=default_reduces,
                 exception=asm_not_one_number or mse_per_element or ctc_mean_not_plain)
check("C20", observed,
      evidence=f"{sum(d == 'mean' for d in defaults.values())} of the {len(defaults)} loss "
               f"classes torch.nn exports default to 'mean' (mean grads × {N} == sum grads: "
               f"{scale_is_N}); but by default "
               f"{[n for n, d in defaults.items() if d == NO_ARG]} returns {result._fields} "
               f"(not one number: {asm_not_one_number}); MSELoss 'mean' on a "
               f"{a.shape[0]}×{a.shape[1]} input divides by {mse_divisor:.0f} (every "
               f"element), not by the batch size {a.shape[0]}; CTCLoss 'mean' is "
               f"{ctc_mean.item():.3f}, not the plain mean {ctc_none.mean().item():.3f}. "
               f"(reduction='none', opted into, gives shape {tuple(per_sample.shape)}.)")

# %% [markdown] slideshow={"slide_type": "notes"}
# Before `reduction=` (PyTorch 0.4.1) the same choice was spelled with two flags,
# `size_average` and `reduce`; they still run, with a warning that tells you the
# `reduction=` equivalent. `CrossEntropyLoss(weight=...)` is one more "mean" that is not a
# plain mean: it divides by the sum of the weights of the targets seen.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# You want a **per-sample** mean: add up each sample's squared errors, then average over the
# samples (the rows). Write `per_sample_mse(a, b)` with `nn.MSELoss`. The check calls it on the
# batch below and on batches of other shapes, and looks at the gradient it sends back to `a`.

# %% slideshow={"slide_type": "-"}
a, b = torch.randn(4, 3, requires_grad=True), torch.randn(4, 3)


def per_sample_mse(a, b):
    """One number: each row's squared errors added up, then averaged over the rows."""
    return ...  # built from nn.MSELoss


self_check("05.3", per_sample_mse=per_sample_mse, a=a, b=b)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Read more
#
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.Tensor.backward`](https://pytorch.org/docs/stable/generated/torch.Tensor.backward.html)
# - [`torch.autograd.backward`](https://pytorch.org/docs/stable/generated/torch.autograd.backward.html)
# - [`torch.autograd.functional.jacobian`](https://pytorch.org/docs/stable/generated/torch.autograd.functional.jacobian.html)
# - [Loss functions in `torch.nn`](https://pytorch.org/docs/stable/nn.html#loss-functions),
#   e.g. [`nn.MSELoss`](https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C19** — the rule holds: a bare `backward()` works for any one-element output and is
#   refused for more; what you pass instead is the `v` of a vector–Jacobian product. The
#   name is 2017's: today `gradient=` / `grad_tensors=`; the verdict card says what 2017's
#   `grad_variables=` does on your PyTorch.
# - **C14** — on today's PyTorch, `backward(torch.tensor([1]))` matched a bare `backward()`
#   on a loss reshaped to 2017's `(1,)`, but is refused on today's 0-dim losses; the
#   equivalent now is `torch.tensor(1.)`.
# - **C20** — nearly every loss defaults to `'mean'` (for `CrossEntropyLoss`, gradients `1/N`
#   of `'sum'`), but some defaults are not a mean over the batch: elementwise losses divide
#   by every element, `CTCLoss` by target lengths, and `AdaptiveLogSoftmaxWithLoss` returns a
#   pair.
#   `reduction='none'`, opted into, gives them unreduced.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [04 · Leaves, intermediates, and where gradients end up](04_leaf_and_intermediate_grads.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/04_leaf_and_intermediate_grads.ipynb))
#
# **Next →:**
# [06 · detach: cutting the graph](06_detach.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/06_detach.ipynb))
