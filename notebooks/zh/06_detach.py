# %% [markdown] slideshow={"slide_type": "slide"} translates="389c27801f"
# # 06 · `detach`：切断计算图
#
# 有时你只想要张量的*值*，不要它的*历史*：为了记录日志，为了把它当作固定的目标，或者为了不让梯度流进网络的某一部分。`detach()` 做的就是这件事。文章对它有三点说法：分离出的张量是什么，它与原张量共享内存，以及 `detach_()` 原地做同样的事。在这个笔记本里，你会逐一检验这三点，并弄清为什么共享内存让旧的 `.data` 属性变得危险。
#
# 本笔记本检验的论断：**C07**、**C08**、**C09**。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/06_detach.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="2b380c880d"
import torch

from helpers import check, judge, self_check
from helpers.graph import draw

# %% [markdown] slideshow={"slide_type": "slide"} translates="8284888348"
# ## C07 · §1 — `detach()` 给你的是什么
#
# **论断。** 如果 `x` 是中间结果，那么 `x.detach()` 是一个值相同、但 `requires_grad=False` 且没有 `grad_fn` 的张量：它没有历史，所以是叶节点，反向传播到了它这里就停止。
#
# **我们检验的解读：** 对中间节点 `h`，`h.detach()` 的值与它相等，并且 `requires_grad=False`、`grad_fn=None`、`is_leaf=True`；当一个计算同时用到某个张量和它分离出的副本时，反向传播只沿着不经过副本的那条路径到达这个张量。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="8ce3c798dc"
# **讲解。** `detach()` 给出值相同、不带历史的张量：一个不需要梯度的叶节点。反向流回的梯度到此为止，所以只有通往参数的其他路径有贡献。
#
# **学生带来的想法。** 文章写道「x’ 也就成了叶节点」，这一点成立；学生接着就以为分离出的副本是独立的数据，下一条论断会纠正这种看法。
#
# **先提问。** 在 `y = a.detach() * b + a` 中，哪条路径把梯度传回 `a`？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="550aeb9567"
# **先预测。** `h = a * 2` 不是叶节点。`h.detach()` 是叶节点吗？在 `y = a.detach() * b + a` 中，执行 `y.sum().backward()` 之后，`a.grad` 会是多少？

# %% slideshow={"slide_type": "subslide"} translates="6695d48911"
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = a * 2              # 中间节点，就像文章里的 x
h_det = h.detach()
for name, t in [("h", h), ("h.detach()", h_det)]:
    print(f"{name:10} 值 {t.tolist()}  requires_grad={t.requires_grad}  "
          f"grad_fn={t.grad_fn}  is_leaf={t.is_leaf}")
# 没有 grad_fn、is_leaf 为真，都是从 requires_grad=False 推出来的（不需要梯度的张量总是
# 叶节点）：这里真正观察到的只有值和标志；其余由下面的反向传播来判定
facts_ok = torch.equal(h, h_det) and not h_det.requires_grad

# %% [markdown] slideshow={"slide_type": "subslide"} translates="dffaba9c75"
# 现在让 `a` 用两次，其中一次经过它分离出的副本。对这个*函数*求导得 `∂y/∂a = b + 1`；如果反向传播在副本处停下，就只有 `+ a` 这条路径算数，`a.grad` 是 `1`。

# %% slideshow={"slide_type": "-"} translates="b5a3671602"
b = torch.tensor([4.0, 5.0, 6.0], requires_grad=True)
a_det = a.detach()
y = a_det * b + a
loss = y.sum()
loss.backward()
print("a.grad =", a.grad, "   b.grad =", b.grad)

a_same = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # 与 a 数值相同的新叶节点
(a_same * b.detach() + a_same).sum().backward()
print("如果不分离，a.grad 会是", a_same.grad)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="f52cf83cc5"
# **请看。** 虚线框是分离出的副本：值与 `a` 相同，一个 `detach()` 箭头表明它从哪里来，并且*没有*箭头从它进入计算图。`a` 的 `AccumulateGrad` 只连向 `AddBackward0`，即 `+ a` 那条路径；`MulBackward0` 只通回 `b`。

# %% slideshow={"slide_type": "fragment"} translates="9c5d205216"
draw(loss, names={"a": a, "a.detach()": a_det, "b": b, "y": y, "loss": loss}, legend=False)

# %% slideshow={"slide_type": "subslide"} translates="6ca6bed2ce"
stops_there = (torch.equal(a.grad, torch.ones(3)) and torch.equal(b.grad, a_det)
               and torch.equal(a_same.grad, (b + 1).detach()))
observed = judge(holds=facts_ok and stops_there)
check("C07", observed,
      evidence=f"h.detach() 的值与 h 相同，requires_grad={h_det.requires_grad}，"
               f"grad_fn={h_det.grad_fn}，is_leaf={h_det.is_leaf}；经过 y = a.detach()*b + a，"
               f"a.grad = {a.grad.tolist()}（只有 + a 这条路径），而不是 b + 1 = "
               f"{a_same.grad.tolist()}")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="79e9c56572"
# ### 动手试试
#
# `x.round()` 的值正是你想要的，但它传回的梯度处处为零。写出 `round_through(x)`：一个值等于 `x.round()` 的张量，反向传播却把它当成 `x` 本身，于是到达它的梯度原样传给 `x`。检查会用新的张量和加权的梯度来试。

# %% slideshow={"slide_type": "-"} translates="2bfeac5472"
def round_through(x):
    """x.round() 的值；反向时，梯度原样传给 x。"""
    return ...  # 一个表达式


x = torch.tensor([0.3, 1.2, 2.4], requires_grad=True)
self_check("06.1", round_through=round_through, x=x)

# %% [markdown] slideshow={"slide_type": "slide"} translates="df242390da"
# ## C08 · §1 — 数据相同，张量不同
#
# **论断。** `x` 和 `x.detach()` 指向同一份底层数据，也就是 `x.data` 指向的那一份。
#
# **我们检验的解读：** 两者是不同的 Python 对象，但通过其中任何一个写入，另一个都看得到；它们的 `data_ptr()` 相同，`x.data` 也是同一块内存。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="ad327fe738"
# **讲解。** `x`、`x.detach()` 和 `x.data` 是同一块存储上的三个不同张量对象。通过其中任何一个写入，三者都会改变。
#
# **学生带来的想法。** 学生以为 `detach()` 会复制数据。文章这里说得没错；陷阱在学生的习惯里，而不在文章里。
#
# **先提问。** 我们往分离出的张量里写入。`x` 会变吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="ec8f05f76d"
# **先预测。** 你令 `d = x.detach()`，然后执行 `d[0] = 100`。`x[0]` 会变吗？反过来，如果你修改 `x`，`d` 看得到吗？

# %% slideshow={"slide_type": "subslide"} translates="d7929a797d"
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
d, x_data = x.detach(), x.data
print("同一个对象：", d is x, x_data is x, "| 同一块内存：",
      d.data_ptr() == x.data_ptr(), x_data.data_ptr() == x.data_ptr())

d[0] = 100.0                 # 通过分离出的张量写入……
with torch.no_grad():
    x[1] = -5.0              # ……通过 x 写入（它是需要梯度的叶节点：只能在 no_grad 下写）
x_data[2] = 42.0             # ……再通过 x.data 写入
print("x =", x.tolist(), " d =", d.tolist(), " x.data =", x_data.tolist())

# %% [markdown] slideshow={"slide_type": "subslide"} translates="e7f6793ac4"
# **请看。** 两个副本都以虚线常量的形式挂在 `x` 上，都是同样的三个数。对 `x.data`，图中的边也标着 `detach()`：图分辨不出两者，因为区别不在内存里。下一节会说明区别在哪里。

# %% slideshow={"slide_type": "fragment"} translates="cd431ba701"
y = (x * 2).sum()
draw(y, names={"x": x, "x.detach()": d, "x.data": x_data, "y": y}, legend=False)

# %% slideshow={"slide_type": "subslide"} translates="c24e6b73b2"
same_memory = d.data_ptr() == x.data_ptr() == x_data.data_ptr()
seen_both_ways = x[0].item() == 100.0 and d[1].item() == -5.0 and d[2].item() == 42.0
observed = judge(holds=same_memory and seen_both_ways and d is not x)
check("C08", observed,
      evidence=f"x、x.detach() 和 x.data 的 data_ptr 相同（{same_memory}）；写入 d[0]=100、"
               f"x[1]=-5 和 x.data[2]=42 之后，三者都是 {x.tolist()}；它们是"
               "同一块存储上的不同张量对象")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="921e95e557"
# ### 动手试试
#
# 写出 `snapshot(t)`：一个值与 `t` 相同的张量，之后 `t` 被原地修改时，它的值保持不变，而且它不带历史。检查会用下面的 `x`、一个不需要梯度的张量和一个中间节点来试，之后分别对它们做原地修改。

# %% slideshow={"slide_type": "-"} translates="657c1c4db5"
def snapshot(t):
    """t 的值，不受之后对 t 的原地修改影响，也不带历史。"""
    return ...  # 一个表达式


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
self_check("06.2", snapshot=snapshot, x=x)

# %% [markdown] slideshow={"slide_type": "slide"} translates="ce2524e7a8"
# ## 共享内存的代价：版本计数器
#
# 自动求导会为反向传播保存一些张量：`h ** 2` 会保存 `h`，因为它的导数是 `2h`。共享内存意味着你可以背着自动求导修改保存的张量。为了察觉这种修改，每个张量都带有一个**版本计数器**，每次原地修改都会让它加一；反向传播会把它与保存时记下的版本相比较。
#
# 这不是文章的论断，却说明了「它们共享数据」为什么要紧。

# %% [markdown] slideshow={"slide_type": "fragment"} translates="f7b082087c"
# **先预测。** 在 `h ** 2` 保存了 `h` 之后，你给 `h` 分离出的副本原地加 1，再调用 `backward()`：会报错，还是得到梯度？如果改成通过 `h.data` 修改呢？

# %% slideshow={"slide_type": "subslide"} translates="48ec16726e"
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = a * 2
out = (h**2).sum()           # PowBackward0 保存了 h
d = h.detach()
print("修改前：h._version =", h._version, " d._version =", d._version)
d.add_(1)
print("修改后：h._version =", h._version, " d._version =", d._version)
try:
    out.backward()
except RuntimeError as e:
    detach_error = str(e)
    print("RuntimeError:", e)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="44a23abfae"
# 分离出的副本与 `h` 共用版本计数器，所以自动求导发现了这次修改，拒绝执行。在图中，连到 `PowBackward0` 的虚线椭圆，也就是它保存的 `h`，被标注为已原地修改。

# %% slideshow={"slide_type": "fragment"} translates="5f1333b37b"
draw(out, names={"a": a, "h": h, "h.detach()": d, "out": out}, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="f54ff74687"
# 现在通过 `h.data` 做同样的修改。这里 `out = Σ (2a)² = 4 Σ a²`，所以正确的梯度是 `∂out/∂a = 8a`。

# %% slideshow={"slide_type": "-"} translates="48722a9f7e"
a.grad = None
h = a * 2
out = (h**2).sum()
h_data = h.data
print("修改前：h._version =", h._version, " h.data._version =", h_data._version)
h_data.add_(1)
print("修改后：h._version =", h._version, " h.data._version =", h_data._version)
print("PowBackward0 保存的 h 现在的值是", out.grad_fn.next_functions[0][0]._saved_self)
out.backward()               # 没有报错……
correct = 8 * a.detach()
print("a.grad =", a.grad, "  正确值：", correct, "  而 out 是", out.item())
data_silently_wrong = not torch.allclose(a.grad, correct)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="1cd7ed5ddf"
# **请看。** `out` 仍是 56，由 `h = [2, 4, 6]` 算出，但 `h` 的框里现在是 `[3, 5, 7]`，而 `h` 正是 `PowBackward0` 保存的张量。这一次它的椭圆上没有警告，只写着*已被 backward() 释放*：反向传播乘上了错误的数，却一声不吭，所以 `a` 框里的梯度不是 `8a`。`h.data` 有自己的版本计数器，`h` 的计数器一直停在 0。

# %% slideshow={"slide_type": "fragment"} translates="1f952bdd3b"
draw(out, names={"a": a, "h": h, "h.data": h_data, "out": out}, legend=False)


# %% [markdown] slideshow={"slide_type": "notes"} translates="921bf0699c"
# 这就是为什么今天的代码用 `detach()`（像 `p -= lr * p.grad` 这样的更新则用 `torch.no_grad()`），而不用 `.data`：用 `detach()`，失误会变成报错；用 `.data`，失误会变成一个错误的梯度，悄悄地训练下去。`.data` 是 `Variable` 时代的遗留物，那时要拿到 `Variable` 里面的张量，靠的就是它。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="d813b28515"
# ### 动手试试
#
# 你需要 `h` 的值加一，而且要原地修改，而 `out` 仍需要它保存的那个 `h`；结果还要进入第二个损失，这个损失的梯度必须传到 `a`。在 `bumped_copy(h)` 中，从 `h` 造出 `d`：你可以对它做原地修改，而它仍在 `a` 的计算图上。检查会在 `h = a * 2` 上运行它，`a` 取下面的值以及一些新值，经过 `out` 和你的结果做反向传播，再把 `a.grad` 与微积分算出的值比较。

# %% slideshow={"slide_type": "-"} translates="6e1ff00223"
def bumped_copy(h):
    """h 的值加一，放在一个独立的张量里，并保留 h 的历史。"""
    d = ...  # 从 h 造出：可以原地修改，仍在 a 的计算图上
    return d.add_(1)


a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
self_check("06.3", bumped_copy=bumped_copy, a=a)

# %% [markdown] slideshow={"slide_type": "slide"} translates="47529b69ba"
# ## C09 · §1 — `detach_()`：原地分离
#
# **论断。** `x.detach_()` 不会创建新张量：它分离的是 `x` 本身。
#
# **我们检验的解读：** `detach_()` 返回的正是调用它的那个对象，内存不变，之后它的 `requires_grad=False`、`grad_fn=None`；而且对任何张量调用都是如此，切片和视图也不例外。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="fda625eef2"
# **讲解。** `detach_()` 改变的是张量本身：同一个对象，从此没有历史。对视图调用它，则会报错。
#
# **学生带来的想法。** 文章说它「直接修改 x 本身」，没提任何例外。学生把它用在切片上，就碰到了意想不到的报错。
#
# **先提问。** `h[0:2].detach_()` 能行吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="e4957a8687"
# **先预测。** `h.detach_()` 返回的是同一个 Python 对象吗？它对 `h[0:2]` 这样的切片管用吗？

# %% slideshow={"slide_type": "subslide"} translates="9bfe27f07a"
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = a * 2
memory = h.data_ptr()
print("分离前：requires_grad", h.requires_grad, " grad_fn", h.grad_fn, " is_leaf", h.is_leaf)
returned = h.detach_()
print("分离后：requires_grad", h.requires_grad, " grad_fn", h.grad_fn, " is_leaf", h.is_leaf)
in_place_ok = returned is h and h.data_ptr() == memory and not h.requires_grad
print("同一个对象：", returned is h, " 同一块内存：", h.data_ptr() == memory)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="ef7529cb44"
# **请看。** 原地分离 `h`，然后使用它。`h` 现在是虚线常量，`a` 孤零零地待在一边：没有任何路径从它通向 `y`，所以它的梯度仍是*尚未计算*，而 `b` 得到了梯度。

# %% slideshow={"slide_type": "fragment"} translates="519719d4bb"
b = torch.tensor([4.0, 5.0, 6.0], requires_grad=True)
h = a * 2
h.detach_()
y = (h * b).sum()
y.backward()
draw(y, names={"a": a, "h": h, "b": b, "y": y}, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="4b7b418c30"
# 有一个例外：另一个张量的*视图*（切片、`view()`）不能原地分离。

# %% slideshow={"slide_type": "-"} translates="2e67af42b5"
h = a * 2
refused = {}
for label, view in [("h[0:2]", h[0:2]), ("h.view(3)", h.view(3))]:
    try:
        view.detach_()
        refused[label] = None
        print(label, "已原地分离")
    except RuntimeError as e:
        refused[label] = str(e)
        print(f"{label}: RuntimeError: {str(e).split('. ')[0]}.")

# %% [markdown] slideshow={"slide_type": "notes"} translates="0937d09fba"
# 视图与它的基张量共享的不只是内存：它的自动求导记录与基张量的绑在一起，这样对任何一方的原地修改都能在反向传播中正确重放。单独把视图原地分离，只会从一侧切断这种联系，所以 PyTorch 拒绝执行，并要求你创建新张量。它的完整报错信息还提到了 DistributedDataParallel，那里的梯度可能是视图。

# %% slideshow={"slide_type": "subslide"} translates="043215d1fa"
views_refused = all(msg is not None for msg in refused.values())
observed = judge(holds=in_place_ok and a.grad is None and b.grad is not None,
                 exception=views_refused)
first_message = next((m for m in refused.values() if m), "")
check("C09", observed,
      evidence=f"h.detach_() 返回的就是 h 本身，内存不变，现在 requires_grad=False "
               f"且 grad_fn=None；但在视图 {[k for k, m in refused.items() if m]} 上它报错："
               f"「{first_message.split('. ')[0]}.」")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="b4164a6e74"
# ### 动手试试
#
# 写出 `detach_all(tensors)`：每个输入对应一个不带历史的张量，顺序不变：只要 PyTorch 允许，就是传入的那个对象本身，**原地**分离；否则就是一个新张量。检查会传入由中间节点、它们的视图和不需要梯度的张量组成的列表。先预测：`torch.zeros(3)[1:].detach_()` 能运行吗？

# %% slideshow={"slide_type": "-"} translates="ccfcb3a508"
def detach_all(tensors):
    """每个输入对应一个张量，切断其历史：能原地就原地，否则新建一个。"""
    return ...  # 一个列表，顺序与 tensors 相同


self_check("06.4", detach_all=detach_all)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="58a0b8e461"
# ### 延伸阅读
#
# - [`torch.Tensor.detach`](https://pytorch.org/docs/stable/generated/torch.Tensor.detach.html)
# - [`torch.Tensor.detach_`](https://pytorch.org/docs/stable/generated/torch.Tensor.detach_.html)
# - [`torch.Tensor.clone`](https://pytorch.org/docs/stable/generated/torch.clone.html)
# - [自动求导机制：原地操作](https://pytorch.org/docs/stable/notes/autograd.html#in-place-operations-with-autograd)

# %% [markdown] slideshow={"slide_type": "slide"} translates="c58bfa4e02"
# ## 本笔记本确立了什么
#
# - **C07** —— `detach()` 给出值相同、不带历史的张量：一个 `requires_grad=False` 的叶节点，反向传播不会穿过它。
# - **C08** —— `x`、`x.detach()` 和 `x.data` 共享同一块内存；无论从哪一方写入，另一方都看得到。`detach()` 还共享版本计数器，所以通过它修改保存的张量会报错；通过不共享版本计数器的 `.data` 修改，得到的则是一个悄悄出错的梯度。
# - **C09** —— `detach_()` 原地分离张量本身，但对视图会拒绝：那里要用 `detach()`。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [05 · backward 的参数：标量、向量与雅可比矩阵](05_backward_arguments.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/05_backward_arguments.ipynb))
#
# **下一篇 →：**
# [07 · retain_graph 与多个损失](07_retain_graph.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/07_retain_graph.ipynb))
