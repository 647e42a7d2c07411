# %% [markdown] slideshow={"slide_type": "slide"}
# # 01 · requires_grad: who takes part in differentiation
#
# One flag decides which tensors autograd watches: `requires_grad`. The article makes four
# claims about it — what it means, its default, how it spreads, and who may change it. You
# will test each on today's PyTorch, 2017 spellings included.
#
# Claims checked here: **C01**, **C02**, **C03**, **C04**.
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/01_requires_grad.ipynb)

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

import torch
from IPython.display import Markdown, display
from torch import nn
from torch.autograd import Variable

from helpers import check, judge, self_check
from helpers.graph import draw

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C01 · §1 — What `requires_grad=True` means
#
# **The claim.** A tensor whose `requires_grad` is `True` takes part in differentiation:
# autograd can compute a gradient *for* it, and gradients can flow backwards *through* it.
#
# A *leaf* is a tensor with no `grad_fn`: every tensor that requires no grad, even a computed
# one, and one that requires grad because you asked it to (as `a` below), not because it was
# computed from one that does.
#
# **The reading we test:** (1) a leaf that requires grad gets the gradient calculus predicts;
# (2) an intermediate result that requires grad passes the gradient on to what lies behind
# it; (3) a `requires_grad=False` tensor in the same computation blocks nothing, but no
# gradient is computed for it, and backward cannot start from it.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** A tensor that requires grad is one autograd records operations on, so
# backward can reach it and fill its `.grad`. Show the gradient matching the
# calculus by hand, and show that a tensor without the flag gets no `.grad` and
# cannot start a backward pass.
#
# **They bring.** The article says such a tensor <span lang="zh">「可以参与求导」</span>
# (can take part in differentiation). Learners hear that the flag makes a tensor
# *compute* its own gradient; it only makes autograd record what is done with
# it.
#
# **Ask first.** If `c` does not require grad, what will `c.grad` be after
# `loss.backward()`, and can we call backward starting from `c`?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** `a` requires grad, `c` does not, `h = a * c`, `loss = (h**2).sum()`.
# After `loss.backward()`, which of `a.grad` and `c.grad` is filled? Would `a.grad` be any
# different if `c` required grad too?

# %% slideshow={"slide_type": "subslide"}
a = torch.tensor([1.0, 2.0], requires_grad=True)  # takes part
c = torch.tensor([3.0, -1.0])                      # requires_grad=False
h = a * c                                          # an intermediate: requires grad too
loss = (h**2).sum()
loss.backward()                                    # the gradient reaches a *through* h
print("a.grad =", a.grad, "  calculus 2c²a =", 2 * c**2 * a.detach())
print("c.grad =", c.grad)

# %% [markdown] slideshow={"slide_type": "subslide"}
# And a gradient *for* the intermediate `h`? Backward keeps none (notebook 04), so ask:
# `torch.autograd.grad(out, t)` returns d out/d t. The loss is rebuilt from `h`, since
# backward has freed what it saved.

# %% slideshow={"slide_type": "-"}
(dh,) = torch.autograd.grad((h**2).sum(), h)
print("dloss/dh =", dh, "  calculus 2h =", (2 * h).detach())

# %% [markdown] slideshow={"slide_type": "subslide"}
# Two checks on the constant `c`. Does `a.grad` change when `c` takes part as well? And can
# `c` have a gradient computed for it, or start a backward pass?

# %% slideshow={"slide_type": "-"}
c_on = c.clone().requires_grad_()
a_on = a.detach().clone().requires_grad_()
((a_on * c_on) ** 2).sum().backward()
c_blocks_nothing = torch.equal(a_on.grad, a.grad)
print("a.grad when c also takes part:", a_on.grad, "→ same as before:", c_blocks_nothing)

failures = []
for what, attempt in [("gradient for c", lambda: torch.autograd.grad((a * c).sum(), c)),
                      ("backward from c", lambda: c.sum().backward())]:
    try:
        attempt()
    except RuntimeError as error:
        failures.append(what)
        print(f"{what}: RuntimeError: {error}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** `a` sits inside the graph, with an `AccumulateGrad` node that writes `a.grad`.
# `c` is the dashed box no arrow touches: the multiplication saved its values (the freed
# "saved other" ellipse), but no backward function leads to `c`.

# %% slideshow={"slide_type": "fragment"}
draw(loss, names={"a": a, "c": c, "h": h, "loss": loss})

# %% slideshow={"slide_type": "subslide"}
a_right = torch.allclose(a.grad, 2 * c**2 * a.detach())
h_right = torch.allclose(dh, 2 * h.detach())
observed = judge(holds=a_right and h_right and c.grad is None and c_blocks_nothing
                 and len(failures) == 2)
check("C01", observed,
      evidence=f"a.grad={a.grad.tolist()} and dloss/dh={dh.tolist()} match calculus; "
               f"c.grad is {c.grad}; a.grad is unchanged when c takes part; asking for c's "
               f"gradient and calling backward() from c (c.sum().backward()) both raise "
               "RuntimeError")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Write `both_grads(f, a, c)`: the gradients of the scalar `f(a, c)` for `a` *and* for `c`,
# for any `f`, where `a` requires grad and `c` arrives as a constant. Use autograd: the check
# brings functions and tensors of its own. **Predict first:** when must `c` start taking
# part?

# %% slideshow={"slide_type": "-"}
def both_grads(f, a, c):
    """(gradient for a, gradient for c) of the scalar f(a, c); c arrives as a constant."""
    return ...  # your lines


self_check("01.1", both_grads=both_grads)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C02 · §1 — The defaults: `requires_grad=False`, `volatile=False`
#
# **The claim.** A freshly made tensor (in 2017: a `Variable`) starts with
# `requires_grad=False` and `volatile=False`.
#
# **The reading we test:** today, every common way of creating a tensor gives
# `requires_grad=False`. For the 2017 half we run `Variable(t)` and `volatile` and watch what
# autograd *does*: in 2017, a result of a volatile input had no graph, even with a weight
# that requires grad.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Fresh tensors still start with `requires_grad=False`, so that half
# holds today. The other half does not: `volatile` is gone, and asking for it
# only prints a warning while a graph gets built anyway.
#
# **They bring.** The article lists <span lang="zh">「requires_grad 和 volatile
# 都等于 False」</span> as two default flags. Learners copy `volatile=True` from old
# code and believe it still switches tracking off.
#
# **Ask first.** We pass `volatile=True` and multiply by a weight that requires
# grad. Graph or no graph?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** `Variable` was merged into `Tensor` in PyTorch 0.4 (2018). Will
# `Variable(t)` still run? What will `.volatile` say — and will PyTorch add anything?

# %% slideshow={"slide_type": "subslide"}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    v = Variable(torch.ones(2))                       # the 2017 spelling
    v_volatile = v.volatile
    print("Variable(...) gives a", type(v).__name__, "| requires_grad =", v.requires_grad,
          "| volatile =", v_volatile)
    v_old = Variable(torch.ones(2), volatile=True)    # how 2017 asked for inference mode
    print("Variable(..., volatile=True).volatile =", v_old.volatile)
weight = torch.ones(2, requires_grad=True)
out_old = v_old * weight                              # in 2017: volatile, no graph
print("v_old * weight: requires_grad =", out_old.requires_grad,
      "| grad_fn =", type(out_old.grad_fn).__name__)
print("\nWarnings:")
for w in caught:
    print(f" - {w.category.__name__}: {w.message}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# And today's ways of making a tensor — including two `*_like` ones, whose source tensor `src`
# requires grad:

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
src = torch.ones(3, requires_grad=True)
made = {
    "torch.tensor([1., 2.])": torch.tensor([1.0, 2.0]), "torch.zeros(3)": torch.zeros(3),
    "torch.ones(3)": torch.ones(3), "torch.randn(3)": torch.randn(3),
    "torch.empty(3)": torch.empty(3), "torch.arange(3.)": torch.arange(3.0),
    "torch.linspace(0, 1, 3)": torch.linspace(0, 1, 3),
    "torch.full((3,), 7.)": torch.full((3,), 7.0),
    "torch.zeros_like(src)": torch.zeros_like(src), "torch.randn_like(src)": torch.randn_like(src),
}
for how, t in made.items():
    print(f"{how:26} requires_grad={t.requires_grad}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** Nothing to draw: a tensor that requires no gradient has no graph behind it. Ask the
# graph view anyway and it tells you why:

# %% slideshow={"slide_type": "fragment"}
try:
    draw(torch.zeros(3) * 2)
except ValueError as error:
    print(error)

# %% slideshow={"slide_type": "subslide"}
default_false = not any(t.requires_grad for t in made.values()) and not v.requires_grad
removed = [str(w.message) for w in caught if "volatile was removed" in str(w.message)]
volatile_ignored = out_old.grad_fn is not None  # 2017: a volatile input recorded no graph
observed = judge(holds=default_false, changed_since_2017=volatile_ignored)
check("C02", observed,
      evidence=f"all {len(made)} creation functions and Variable(t) give requires_grad=False "
               f"(today's half holds); but Variable(t, volatile=True) times a weight that "
               f"requires grad built a graph (grad_fn {type(out_old.grad_fn).__name__}): "
               f"volatile is ignored, and PyTorch warns "
               f"'{removed[0] if removed else 'nothing'}'")

# %% [markdown] slideshow={"slide_type": "notes"}
# Why *outdated* rather than *holds*? `v.volatile` prints `False` only because the flag is
# gone: the stub answers `False` even after `volatile=True`, which no longer changes what
# autograd records. Half of the claim is as true as in 2017; the other half describes a flag
# that no longer exists. Notebook 03 shows what replaced it.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Write `two_ones(src)`: two ones with `src`'s dtype and device, a leaf of their own that
# requires grad, whatever `src` is. **Predict first:** which of `src`'s properties does a
# tensor made *from* it borrow? Try yours on `src`; the check brings its own.

# %% slideshow={"slide_type": "-"}
src = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, device=device, requires_grad=True)


def two_ones(src):
    """Two ones like src (its dtype, its device): a leaf of their own that requires grad."""
    return ...  # your line


self_check("01.2", two_ones=two_ones)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## C03 · §1 — `requires_grad` spreads
#
# **The claim.** If `x.requires_grad` is `True` and `y.requires_grad` is `False`, then
# `z = f(x, y)` has `requires_grad=True`.
#
# **The reading we test:** the strongest one — *any* `f` that uses `x`: arithmetic, matrix
# products, indexing, `torch` functions, and even an in-place op that writes `x` into a
# constant, `y_in`.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Requiring grad spreads from inputs to results for ordinary
# floating-point operations, in-place ones included. It stops at comparisons,
# `argmax` and casts to integers, whose results cannot carry a gradient at all.
#
# **They bring.** The article calls the flag <span lang="zh">「具有传递性」</span>
# (transitive) with no exception. Learners then expect every result computed
# from a tracked tensor to be tracked, indices and masks too.
#
# **Ask first.** `x` requires grad. Does `x > y` require grad? Does
# `x.argmax()`?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Which of these will *not* require grad: `x * y + 1`, `x @ W`, `x[1:]`,
# `torch.sin(x)`, `y_in.add_(x)`, `x > y`, `x.argmax()`?

# %% slideshow={"slide_type": "subslide"}
x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
y = torch.tensor([0.5, 0.5, 0.5])       # requires_grad=False
W = torch.ones(3, 2)                    # requires_grad=False
results = {"x * y + 1": x * y + 1, "x @ W": x @ W, "x[1:]": x[1:], "torch.sin(x)": torch.sin(x),
           "torch.stack([x, y])": torch.stack([x, y]), "torch.maximum(x, y)": torch.maximum(x, y),
           "(x * y).sum()": (x * y).sum()}
y_in = torch.zeros(3)
before = (y_in.requires_grad, y_in.is_leaf)
results["y_in.add_(x)  (in place)"] = y_in.add_(x)
for expr, z in results.items():
    print(f"{expr:26} requires_grad={z.requires_grad!s:5}  grad_fn={type(z.grad_fn).__name__}")
print("y_in before add_: requires_grad, is_leaf =", before, "→ after:",
      (y_in.requires_grad, y_in.is_leaf))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Now three functions of `x` whose result is not a floating-point number:

# %% slideshow={"slide_type": "-"}
integer_valued = {"x > y": x > y, "x.argmax()": x.argmax(), "x.long()": x.long()}
for expr, z in integer_valued.items():
    print(f"{expr:12} dtype={str(z.dtype):12} requires_grad={z.requires_grad}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** `y` and `W` are constants, dashed boxes with no arrow; `x`'s path runs through
# every backward function to `z`. In the second graph, `y_in` was a constant leaf until
# `add_` wrote `x` into it: now `AddBackward0` produces it.

# %% slideshow={"slide_type": "fragment"}
z = torch.sin(x * y) @ W
draw(z, names={"x": x, "y": y, "W": W, "z": z}, legend=False)

# %% slideshow={"slide_type": "subslide"}
draw(y_in, names={"x": x, "y_in": y_in}, legend=False)

# %% slideshow={"slide_type": "fragment"}
floats_spread = all(z.requires_grad for z in results.values())
not_spread = [e for e, z in integer_valued.items() if not z.requires_grad]
observed = judge(holds=floats_spread, exception=bool(not_spread))
check("C03", observed,
      evidence=f"all {len(results)} floating-point results require grad, including the in-place "
               f"y_in.add_(x) (y_in stopped being a leaf); but {', '.join(not_spread)} use x "
               "and do not: integer and bool tensors cannot carry requires_grad")


# %% [markdown] slideshow={"slide_type": "notes"}
# Why does this matter? Masks and indices computed from `x` (`x > 0`, `argmax`) carry no
# gradient back to `x`. The article's next item, `volatile`, stops the spread; notebook 03
# shows its successor, `torch.no_grad()`.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# Write `positive(x)`: the elements of `x` where `x` is positive, 0 elsewhere, so that a
# gradient from the result reaches `x`. The check calls it on tensors of its own shapes.

# %% slideshow={"slide_type": "-"}
def positive(x):
    """x where x > 0, else 0; a gradient from the result must reach x."""
    return ...  # your line


self_check("01.3", positive=positive)


# %% [markdown] slideshow={"slide_type": "slide"}
# ## C04 · §1 — Who may have `requires_grad` set?
#
# **The claim.** Every tensor that takes part in a computation — inputs, intermediate results,
# outputs, network weights — can have `requires_grad` set.
#
# **The reading we test:** the article's four roles, in one training step of a small network:
# inputs (a batch, its integer labels), weights, an intermediate result (the hidden output)
# and outputs (logits, loss). We set each flag to `True` and to `False` with
# `t.requires_grad = ...`, the article's §4 spelling. The rule holds if the roles the
# article's own code sets, inputs and weights, accept both; a role that refuses is an
# exception.

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"]
# **Say.** Any floating-point leaf can be marked, weights and batches alike.
# Integer labels refuse the flag, and results that are not leaves refuse the
# attribute form: their flag follows from how they were computed.
#
# **They bring.** The article says that <span lang="zh">「凡是参与运算的变量」</span>
# (every variable in the computation) can be set. Learners try to set
# `requires_grad` on a hidden activation or on integer labels and are puzzled by
# the error.
#
# **Ask first.** Which of these accept `t.requires_grad = True`: the batch, the
# labels, a hidden activation, the loss?

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Predict.** Which of these will raise an error: switching the hidden output *off*?
# Switching it *on*? Switching the integer labels on? Switching a weight off?

# %% slideshow={"slide_type": "-"}
def try_set(t, value, method=False):
    """Set t's requires_grad; return 'ok' or the error's first sentence."""
    try:
        t.requires_grad_(value) if method else setattr(t, "requires_grad", value)
        return "ok"
    except RuntimeError as error:
        return f"RuntimeError: {str(error).split('. ')[0].rstrip('.')}"


# %% slideshow={"slide_type": "subslide"} tags=["hide-input"]
net4 = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2))
batch, labels = torch.randn(4, 2), torch.tensor([0, 1, 1, 0])
hidden = net4[:2](batch)                              # an intermediate result
logits = net4[2](hidden)                              # the network's output...
loss4 = nn.functional.cross_entropy(logits, labels)   # ...and the loss
roles = {"input": {"batch": batch, "labels": labels}, "weight": {"0.weight": net4[0].weight},
         "intermediate": {"hidden": hidden}, "output": {"logits": logits, "loss": loss4}}
# shown words, kept apart from the keys the code looks up: a translation changes only these
# (LABEL.get(word, word) shows a word that is not listed, such as an error message, as it is)
LABEL = {"input": "input", "weight": "weight", "intermediate": "intermediate",
         "output": "output", "ok": "ok"}
outcome = {}
for role, tensors in roles.items():
    for name, t in tensors.items():
        for value in (True, False):
            result = try_set(t, value)
            outcome[role, name, value] = result
            print(f"{LABEL[role]:13}{name:9} is_leaf={t.is_leaf!s:5} {str(t.dtype):12} = "
                  f"{value!s:5} → {LABEL.get(result, result)}")
from_constants = torch.tensor([1.0, 2.0]) * 3
with torch.no_grad():
    logits_no_grad = net4(batch)
print("\nnot the article's roles:")
for name, t in {"output of constants": from_constants, "logits under no_grad": logits_no_grad,
                "integer at creation": None}.items():
    try:
        result = try_set(t, True) if t is not None else torch.tensor([0, 1], requires_grad=True)
    except RuntimeError as error:  # an integer tensor refuses even when it is made
        result = f"RuntimeError: {error}"
    print(f"{name:22} is_leaf={t.is_leaf if t is not None else '-'!s:5} = True  → "
          f"{LABEL.get(result, result)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The last rows are outputs that *are* leaves: made from constants only, or under
# `torch.no_grad()`, they require no grad, so nothing recorded them and their flag can be set.
# They are not the article's outputs of training. An integer tensor refuses even at creation.

# %% [markdown] slideshow={"slide_type": "subslide"}
# The table used the attribute form, `t.requires_grad = ...`. Now the method form,
# `t.requires_grad_(...)`, on the same intermediate, with its flags printed before and after:

# %% slideshow={"slide_type": "-"}
flags_before = (hidden.requires_grad, hidden.is_leaf)
print("before: (requires_grad, is_leaf) =", flags_before)
method_true = try_set(hidden, True, method=True)
print("hidden.requires_grad_(True): ", LABEL.get(method_true, method_true))
flags_after = (hidden.requires_grad, hidden.is_leaf)
print("after:  (requires_grad, is_leaf) =", flags_after)
method_false = try_set(hidden, False, method=True)
print("hidden.requires_grad_(False):", LABEL.get(method_false, method_false))


# %% slideshow={"slide_type": "-"} tags=["hide-input"]
def said(result: str) -> str:
    """'accepted it' or 'refused it', from what try_set returned."""
    return "accepted it" if result == "ok" else "refused it"


attr_true, attr_false = (outcome["intermediate", "hidden", value] for value in (True, False))
no_op = method_true == "ok" and flags_before == flags_after == (True, False)
display(Markdown(
    f"Asked for `True`, the attribute form (in the table) {said(attr_true)} and the method "
    f"form {said(method_true)}"
    + (": only the attribute form refuses `True`" if attr_true != "ok" and method_true == "ok"
       else "")
    + (". The method had nothing to change: a computed tensor already requires grad, and "
       "after the call `hidden` still does and is still not a leaf" if no_op else "")
    + f". Asked for `False`, the attribute form {said(attr_false)} and the method form "
      f"{said(method_false)}."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **See.** The graph shows why the intermediate is different. The leaf `a4` sits at the edge
# of the graph, where a flag can still be chosen. `inter4` is produced by `MulBackward0`: its
# `requires_grad` is not a setting but a fact about how it was made.

# %% slideshow={"slide_type": "fragment"}
a4 = torch.tensor([1.0, 2.0], requires_grad=True)
inter4 = a4 * 2
draw(inter4, names={"a4": a4, "inter4": inter4}, legend=False)

# %% slideshow={"slide_type": "subslide"}
article_sets = all(res == "ok" for (_, name, _), res in outcome.items()
                   if name in ("batch", "0.weight"))
refused = [f"{name}={v} ({LABEL[role]})"
           for (role, name, v), res in outcome.items() if res != "ok"]
failing_roles = list(dict.fromkeys(role for (role, _, _), res in outcome.items() if res != "ok"))
messages = sorted({res.removeprefix("RuntimeError: ") for res in outcome.values() if res != "ok"})
observed = judge(holds=article_sets, exception=bool(failing_roles))
check("C04", observed,
      evidence=f"with t.requires_grad = value, the batch and the weight "
               f"{'accept' if article_sets else 'do not both accept'} True and False; "
               f"roles with a tensor that refuses: "
               f"{', '.join(LABEL[r] for r in failing_roles) or 'none'} — "
               f"{', '.join(refused) or 'nothing'} ({'; '.join(repr(m) for m in messages)}); "
               f"the method form hidden.requires_grad_(True) {said(method_true)}, changing "
               f"nothing ((requires_grad, is_leaf) {flags_before} before, {flags_after} after)")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Try it
#
# `q = p * 3` requires grad because `p` does, and that flag cannot be switched off. Write
# `loss_q_constant(p)`: `(q * p).sum()` with `q` as a constant, so that `p`'s gradient comes
# only through its direct use, while `p` keeps requiring grad. **Predict first:** would
# `p.requires_grad_(False)` do it? The check brings tensors of its own.

# %% slideshow={"slide_type": "-"}
def loss_q_constant(p):
    """(q * p).sum() for q = p * 3, with q a constant: p's gradient comes only through p."""
    q = ...  # p * 3, as a constant
    return (q * p).sum()


self_check("01.4", loss_q_constant=loss_q_constant)

# %% [markdown] slideshow={"slide_type": "notes"}
# Keeping an intermediate's gradient, and treating one as a constant, are notebooks 04 and
# 06. An integer tensor must become floating point before it can require grad.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Read more
#
# - [Autograd mechanics](https://pytorch.org/docs/stable/notes/autograd.html)
# - [A gentle introduction to `torch.autograd`](https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html)
# - [`torch.Tensor.requires_grad_`](https://pytorch.org/docs/stable/generated/torch.Tensor.requires_grad_.html)
# - [`torch.Tensor.is_leaf`](https://pytorch.org/docs/stable/generated/torch.Tensor.is_leaf.html)
# - [`torch.tensor`](https://pytorch.org/docs/stable/generated/torch.tensor.html)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What this notebook established
#
# - **C01** — `requires_grad=True` tensors get gradients and pass them on; a constant blocks
#   nothing but gets none.
# - **C02** — `requires_grad` still defaults to `False`; `volatile` is gone: `volatile=True`
#   is ignored (a graph is built anyway) and `.volatile` is a stub that warns.
# - **C03** — the flag spreads through every floating-point op, in-place ones too — but not
#   into integer or bool results such as `x > y` or `argmax`.
# - **C04** — inputs and weights (leaves) accept the flag; intermediate results and outputs
#   refuse `t.requires_grad = ...` (the method accepts only `True`, a no-op), and so do
#   integer labels asked for `True`.

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← Previous:**
# [00 · Start here: how `backward()` really works](00_start_here.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/00_start_here.ipynb))
#
# **Next →:**
# [02 · Modules and parameters: requires_grad in a network](02_modules_and_parameters.ipynb)
# ([in Colab](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/02_modules_and_parameters.ipynb))
