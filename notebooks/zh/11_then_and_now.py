# %% [markdown] slideshow={"slide_type": "slide"} translates="ea84c0d706"
# # 11 · 今昔对照：2017 年的写法，今天再验一遍
#
# 文章是为 PyTorch 0.3 写的，它的一些代码如今读来有些奇怪：`Variable`、`volatile=True`、
# `grad_variable` 参数。这个笔记本是一张从 2017 年的写法到今天写法的速查表，表里的每一行都是实际运行出来的，而不是凭记忆写下的。大多数行是文章自己的写法；其余是同一时期、文章从未写过的写法（比如 `loss.data[0]`）。每一行下面都注明了属于哪一种。
#
# **怎么读：** 每一行都在你的 PyTorch 上分别运行 2017 年的写法和今天的写法；带颜色的词说明今天的 PyTorch 怎样对待旧写法，一旦这一点不再成立，单元格就会失败，并指出是哪一行。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/11_then_and_now.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="ea7e590449"
import math

import torch
from IPython.display import Markdown
from torch import nn
from torch.autograd import Variable

from helpers.then_and_now import Sheet, changed, did

sheet = Sheet()  # 收集下面的各行，供最后的表格使用

# %% [markdown] slideshow={"slide_type": "slide"} translates="c97fdac00b"
# ## 张量及其标志
#
# 2017 年，张量自己不能参与自动求导：你得把它包进一个 `Variable`，由 `Variable` 携带 `requires_grad`、`volatile`、`.grad`，原始数值则放在 `.data` 里。从 PyTorch 0.4 起，这些都由张量自己携带，只有 `volatile` 除外。下面看看它们各自的去向。
#
# 每一行的**结果**是以下之一：报错、警告、悄悄失效、悄悄改变、悄悄出错、仍然可用。在幻灯片上，你看到的是每一部分各行组成的表格；笔记本里则有每一行的代码。

# %% slideshow={"slide_type": "skip"} translates="02150c252d"
sheet.part("Tensors and their flags")


def old():
    v = Variable(torch.ones(3), requires_grad=True)  # 2017 年：把张量包起来，交给自动求导
    return did(type(v) is torch.Tensor and v.requires_grad,
               f"它返回的是普通的 {type(v).__name__}，且 requires_grad={v.requires_grad}")


def new():
    t = torch.ones(3, requires_grad=True)
    return did(t.requires_grad, f"requires_grad={t.requires_grad}")


sheet.row("Variable(torch.ones(3), requires_grad=True)", "torch.ones(3, requires_grad=True)",
          old, new, expect="works", article="Variable(w1,requires_grad=True)")

# %% slideshow={"slide_type": "skip"} translates="8fdbd18c69"
w = torch.ones(3, requires_grad=True)  # 一个需要梯度的权重


def old():
    x = Variable(torch.ones(3), volatile=True)  # 2017 年：“从这里开始不再求梯度”
    y = x * w
    return did(not y.requires_grad, f"y = x * w 的 requires_grad 仍为 {y.requires_grad}")


def new():
    with torch.no_grad():
        y = torch.ones(3) * w
    with torch.inference_mode():  # 更严格，也稍快一些：用于纯推理
        z = torch.ones(3) * w
    return did(not y.requires_grad and not z.requires_grad,
               f"requires_grad={y.requires_grad}（no_grad 下），{z.requires_grad}（"
               "inference_mode 下）")


sheet.row("Variable(x, volatile=True)", "with torch.no_grad(): / with torch.inference_mode():",
          old, new, expect="warns", match=r"volatile.*no effect", article="volatile=True")


# %% [markdown] slideshow={"slide_type": "notes"} translates="819bc3e300"
# `.data` 至今还在，这正是陷阱所在：它把数值交给你，却*不告诉自动求导*。这里 `exp` 为反向传播保存了自己的输出，而我们把这个输出清零。

# %% slideshow={"slide_type": "skip"} translates="3a83d6ccf0"
def old():
    x = torch.tensor([1.0], requires_grad=True)
    y = x.exp()      # exp 保存了 y：exp 的梯度正是 y 本身
    y.data.zero_()   # 2017 年：背着自动求导改动数值
    y.backward()
    return did(not y.any().item(), f"没有报错，而 x.grad = {x.grad.item():.4g}"
               f"（真正的梯度是 e ≈ {math.e:.4g}）",
               right=math.isclose(x.grad.item(), math.e, rel_tol=1e-6))


def new():
    x = torch.tensor([1.0], requires_grad=True)
    y = x.exp()
    y.detach().zero_()  # 同一块内存，但自动求导会记下这次改动
    try:
        y.backward()
    except RuntimeError as error:
        return did(True, f"backward 拒绝执行：{str(error)[:70]}…")
    return did(False, f"没有报错，而 x.grad = {x.grad.item():.4g}")


sheet.row("y.data", "y.detach()（或把更新放进 with torch.no_grad(): 里）", old, new,
          expect="silently wrong",
          article="x.data，用来取 x 与 x.detach() 共享的值（文章并没有通过它写入任何东西）")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="4498fbbb26"
# 关于张量及其标志的各行，并排对照：

# %% slideshow={"slide_type": "-"} translates="20ace63d80"
sheet.table(part="Tensors and their flags")

# %% [markdown] slideshow={"slide_type": "slide"} translates="c5e0442c6e"
# ## 怎样调用 `backward()`
#
# `backward` 有两个参数改了名（每一行都说明旧名字今天会怎样），损失也少了一个维度：2017 年还没有 0 维张量，所以损失的形状是 `(1,)`，要用 `[0]` 读出它的数值。

# %% slideshow={"slide_type": "skip"} translates="e3ed7cc256"
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
    (x * 3).backward(gradient=torch.tensor([1.0, 10.0]))  # 效果相同，改从张量上调用
    return did(first == x.grad.tolist() == [3.0, 30.0], f"x.grad = {first}，两种写法都是")


sheet.row("torch.autograd.backward(y, grad_variables=v)",
          "torch.autograd.backward(y, grad_tensors=v) / y.backward(gradient=v)", old, new,
          expect="warns", match=r"grad_variables.{0,2} is deprecated",
          article="grad_variable（没有 s），作为 backward() 的参数名")


# %% slideshow={"slide_type": "skip"} translates="74f38a6017"
def old():
    w = torch.ones(2, requires_grad=True)
    loss = nn.MSELoss()(w, torch.zeros(2))  # 用今天的 PyTorch 构造的损失
    loss.backward(torch.tensor([1]))  # 2017 年的初始梯度，适合 2017 年形状为 (1,) 的损失；而这个损失是 0 维的


def new():
    w = torch.ones(2, requires_grad=True)
    loss = nn.MSELoss()(w, torch.zeros(2))
    loss.backward()
    return did(loss.dim() == 0 and w.grad is not None,
               f"loss 的形状为 {tuple(loss.shape)}；w.grad = {w.grad.tolist()}")


sheet.row("loss.backward(torch.tensor([1]))  # 用在今天构造的损失上",
          "loss.backward()  # 0 维的损失", old, new, expect="raises", match=r"shape",
          article="backward(torch.tensor([1]))")


# %% slideshow={"slide_type": "skip"} translates="b8efbb87b0"
def old():
    w = torch.ones(2, requires_grad=True)
    loss = nn.MSELoss()(w, torch.zeros(2))
    return did(True, f"loss.data[0] = {loss.data[0]}")  # 2017 年：损失的数值


def new():
    w = torch.ones(2, requires_grad=True)
    number = nn.MSELoss()(w, torch.zeros(2)).item()
    return did(isinstance(number, float), f"一个 Python {type(number).__name__}：{number}")


sheet.row("loss.data[0]", "loss.item()", old, new, expect="raises", match=r"0-dim",
          article=None)


# %% slideshow={"slide_type": "skip"} translates="05645c1458"
def old():
    x = torch.ones(2, requires_grad=True)
    z = (x * x).sum()
    z.backward(retain_variables=True)  # 到 0.2 时就已弃用：文章用的是 retain_graph
    z.backward()


def new():
    x = torch.ones(2, requires_grad=True)
    z = (x * x).sum()
    z.backward(retain_graph=True)
    z.backward()  # 图还在：梯度累加
    return did(x.grad.tolist() == [4.0, 4.0], f"两次 backward 调用；x.grad = {x.grad.tolist()}")


sheet.row("z.backward(retain_variables=True)", "z.backward(retain_graph=True)", old, new,
          expect="raises", match=r"retain_variables", article=None)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="16b4bca7ae"
# 关于调用 `backward()` 的各行，并排对照：

# %% slideshow={"slide_type": "-"} translates="60a62442aa"
sheet.table(part="Calling backward()")

# %% [markdown] slideshow={"slide_type": "slide"} translates="f44226bf83"
# ## 训练循环
#
# 训练代码里的三种写法：清空梯度、让损失求和，以及模块的反向钩子。它们都不会报错；看看它们实际各做了什么。

# %% slideshow={"slide_type": "skip"} translates="19670d393c"
sheet.part("The training loop")


def trained_once() -> tuple[nn.Parameter, torch.optim.Optimizer]:
    """一个刚被 backward 填好 .grad 的参数，以及管理它的优化器。"""
    p = nn.Parameter(torch.ones(2))
    (2 * p).sum().backward()
    return p, torch.optim.SGD([p], lr=0.1)


def old():
    p, optimizer = trained_once()
    optimizer.zero_grad()  # 2017 年：“把每个 .grad 置为 0”
    if p.grad is not None and not p.grad.any():
        return did(True, "p.grad 全为零")
    return changed(f"p.grad 是 {p.grad}，不是零")


def new():
    p, optimizer = trained_once()
    optimizer.zero_grad()
    freed = p.grad is None
    (2 * p).sum().backward()
    optimizer.zero_grad(set_to_none=False)  # 确实需要零的时候
    return did(freed and not p.grad.any(),
               f"p.grad 为 None；用 set_to_none=False 时为 {p.grad.tolist()}")


sheet.row("optimizer.zero_grad()  # 梯度变为 0",
          "optimizer.zero_grad()  # 梯度变为 None（set_to_none=False 时为 0）", old, new,
          expect="silently changed", article="optimizer.zero_grad()，用来把每个梯度置为 0")

# %% slideshow={"slide_type": "skip"} translates="a81d3d356f"
pred, target = torch.tensor([1.0, 2.0]), torch.zeros(2)


def old():
    total = nn.MSELoss(size_average=False)(pred, target)  # 2017 年：求和，而不是取平均
    each = nn.MSELoss(reduce=False)(pred, target)  # 2017 年：每个元素一个损失
    return did(total.item() == 5.0 and each.tolist() == [1.0, 4.0],
               f"总和 {total.item()}；逐元素 {each.tolist()}")


def new():
    total = nn.MSELoss(reduction="sum")(pred, target)
    each = nn.MSELoss(reduction="none")(pred, target)
    return did(total.item() == 5.0 and each.tolist() == [1.0, 4.0],
               f"总和 {total.item()}；逐元素 {each.tolist()}")


sheet.row("nn.MSELoss(size_average=False) / (reduce=False)",
          "nn.MSELoss(reduction='sum') / (reduction='none')", old, new,
          expect="warns", match=r"size_average and reduce", article=None)


# %% [markdown] slideshow={"slide_type": "notes"} translates="ad222380ad"
# 模块的反向钩子应当看到模块*输入*的梯度。2017 年的钩子看到的却是模块最后一个运算的 `grad_input`：对 `nn.Linear` 来说是三个张量。（文章只点名提到了 `register_hook`，另外笼统地提了一句 `register_xx_hook`。）

# %% slideshow={"slide_type": "skip"} translates="6ec001c2b6"
def hooked(register) -> tuple[tuple, torch.Tensor]:
    """nn.Linear(2, 2) 上的反向钩子收到的 grad_input，以及输入的梯度。"""
    layer, x, got = nn.Linear(2, 2), torch.ones(1, 2, requires_grad=True), []
    register(layer, lambda module, grad_input, grad_output: got.append(grad_input))
    layer(x).sum().backward()
    return got[0], x.grad


def old():
    grad_input, x_grad = hooked(nn.Module.register_backward_hook)
    shapes = [tuple(g.shape) for g in grad_input if g is not None]
    is_input = len(grad_input) == 1 and torch.equal(grad_input[0], x_grad)
    return did(not is_input, f"grad_input：{len(grad_input)} 个张量，形状为 {shapes}")


def new():
    grad_input, x_grad = hooked(nn.Module.register_full_backward_hook)
    is_input = len(grad_input) == 1 and torch.equal(grad_input[0], x_grad)
    return did(is_input, f"grad_input：{len(grad_input)} 个张量，即输入的梯度")


sheet.row("module.register_backward_hook(hook)", "module.register_full_backward_hook(hook)",
          old, new, expect="warns", match=r"non-full backward hook", article=None)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="c55e15df5a"
# 训练循环中的各行，并排对照：

# %% slideshow={"slide_type": "-"} translates="b9f97bd2e3"
sheet.table(part="The training loop")

# %% [markdown] slideshow={"slide_type": "slide"} translates="ec2620e085"
# ## 完整的速查表
#
# 上面各行汇成一张表，内容都是这次运行实际观察到的：这就是值得收藏的速查表。

# %% slideshow={"slide_type": "subslide"} translates="1c70706e7d"
sheet.table(compact=True)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="0543802702"
# ### 延伸阅读
#
# - [PyTorch 0.4.0 迁移指南](https://pytorch.org/blog/pytorch-0_4_0-migration-guide/)
#   ——`Variable` 和 `volatile` 的去向
# - [自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.no_grad`](https://pytorch.org/docs/stable/generated/torch.no_grad.html) 和
#   [`torch.inference_mode`](https://pytorch.org/docs/stable/generated/torch.inference_mode.html)
# - [`torch.autograd.backward`](https://pytorch.org/docs/stable/generated/torch.autograd.backward.html)
# - [`Optimizer.zero_grad`](https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html)
# - [`Module.register_full_backward_hook`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook)

# %% [markdown] slideshow={"slide_type": "slide"} translates="1551616c58"
# ## 2017 年以来的变化，逐一计数
#
# 下面的统计，是从这次运行检查过的各行中数出来的。

# %% slideshow={"slide_type": "-"} translates="4054ffb7d9"
sheet.summary()

# %% slideshow={"slide_type": "fragment"} tags=["hide-input"] translates="8d50cbd586"
counts = sheet.tally()
quiet = counts["silently ignored"] + counts["silently changed"]
mine = sum(r.article is not None for r in sheet.rows.values())
idle = sum(bool(r.then.also) for r in sheet.rows.values())  # 发出了警告，而且没有起作用
idle_note = f"（运行表明其中 {idle} 种已不再做原来的事）" if idle else ""
Markdown(
    f"这张速查表上的 **{len(sheet.rows)}** 种 2017 年写法中（{mine} 种出自"
    f"文章），**{counts['raises']}** 种在 torch {torch.__version__} 上报错，"
    f"**{counts['warns']}** 种发出警告"
    f"{idle_note}，"
    f"**{quiet}** 种悄无声息地运行，却已不再做原来"
    f"的事，**{counts['silently wrong']}** 种悄无声息地运行并给出错误的结果，"
    f"**{counts['works']}** 种仍然可用。最要提防的是悄无声息的那些：屏幕上没有任何"
    "提示告诉你出了问题。"
)

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [10 · 冻结网络的一部分](10_freezing.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/10_freezing.ipynb))
#
# **下一篇 →：**
# [12 · 当 backward() 失败时：报错信息详解](12_when_backward_fails.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/12_when_backward_fails.ipynb))
