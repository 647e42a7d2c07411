# %% [markdown] slideshow={"slide_type": "slide"} translates="3dc3b204c3"
# # 13 · 更多失败：推理、NumPy 与二阶导数
#
# 笔记本 12 讲的是普通训练步骤中的报错。这里的报错会在你的代码多做一点事情时出现：读取中间节点的梯度、在 `inference_mode()` 下算出的特征上训练、把张量交给 NumPy、求梯度的梯度。你会看到你的 PyTorch 打印的每一条信息，以及（如果有的话）让它消失的修复方法，最后是一种什么都不打印的失败。各小节的编号接着笔记本 12 往下排。
#
# **怎么看红色卡片。** 每张卡片都是刚刚运行过的一次复现：`expect_error` 检查它是否仍像本笔记本说的那样失败（E07 则是发出警告），并显示你的 PyTorch 给出的原文。如果某个 PyTorch 版本不再如此，这张卡片就会变成一个报错，指明该信息的编号（E07、E08……）。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/13_more_backward_failures.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="2d6bb415b9"
import inspect

import matplotlib.pyplot as plt
import torch
from IPython.display import Markdown, display
from torch import nn

from helpers import self_check
from helpers.errors import expect_error
from helpers.graph import draw

# %% [markdown] slideshow={"slide_type": "slide"} translates="e0389bbab5"
# ## 6 · 读取非叶节点的 `.grad` 时的警告
#
# 只有叶节点保留 `.grad`；中间节点的梯度传下去之后就被丢弃了（见笔记本 04）。读取它不是错误，而是一条警告，得到的值是 `None`。

# %% slideshow={"slide_type": "subslide"} translates="af648afab6"
x = torch.tensor([1.0, 2.0], requires_grad=True)
h = x * 3
(h ** 2).sum().backward()
display(expect_error("E07", lambda: h.grad))

h = x * 3
h.retain_grad()                              # 修复：在 backward 之前就要求保留它
(h ** 2).sum().backward()
print(f"调用 retain_grad() 后的 h.grad：{h.grad.tolist()}（= 2h = {(2 * h).tolist()}）")

# %% [markdown] slideshow={"slide_type": "slide"} translates="c8536c7bae"
# ## 7 · <span lang="en">"Inference tensors cannot be saved for backward"</span>
#
# `torch.inference_mode()` 是 `no_grad()` 更严格的兄弟：在它里面创建的张量，之后永远不能被*保存下来用于反向传播*。在它下面预先算好特征，再在这些特征上训练一个头部网络 `head`，会在 `head` 的前向计算中就失败，因为 `Linear` 会保存它的输入。

# %% slideshow={"slide_type": "subslide"} translates="3167a242f7"
encoder, head = nn.Linear(4, 3), nn.Linear(3, 1)
data = torch.randn(8, 4)
with torch.inference_mode():
    features = encoder(data)
print(f"features.is_inference() = {features.is_inference()}")
display(expect_error("E08", lambda: head(features).sum().backward()))  # Linear 会保存它的输入

with torch.no_grad():                        # 或者一开始就在 no_grad 下计算特征
    features_ng = encoder(data)
for fix, feats in [("features.clone()", features.clone()), ("在 no_grad() 下", features_ng)]:
    head.zero_grad()
    head(feats).sum().backward()             # 在 inference_mode 之外做的副本是普通张量
    print(f"{fix:14}：可以训练，head.weight.grad 已设置：{head.weight.grad is not None}")

# %% [markdown] slideshow={"slide_type": "slide"} translates="e3281d4cb4"
# ## 8 · <span lang="en">"Can't call numpy() on Tensor that requires grad"</span>
#
# NumPy 对计算图一无所知：对数组做的任何事，自动求导都看不见，而且数组与张量共享内存。PyTorch 要求你用 `detach()` 明确表明这一点。

# %% slideshow={"slide_type": "subslide"} translates="71ba97a0f4"
w = torch.tensor([1.0, 2.0], requires_grad=True)
# 与 NumPy 2 装在一起的 torch 2.2 wheel 会先拒绝任何张量转 NumPy 的调用（"Numpy is not
# available"）：报错目录中的匹配模式涵盖了这种措辞，本单元格其余部分也会如实说明。
display(expect_error("E09", lambda: w.numpy()))

try:
    arr = w.detach().numpy()                 # 修复：有意脱离计算图
except RuntimeError as e:                    # 即上面说的 NumPy 1 / NumPy 2 不匹配
    print(f"这里的 PyTorch 无法把张量交给 NumPy：{e}")
else:
    version = w._version
    arr[0] = 100.0                           # 通过 NumPy 写入……
    print(f"w = {w.tolist()}：同一块内存；w._version 仍是 {w._version}（之前是 {version}），"
          "所以自动求导看不到 NumPy 的写入——这正是它要求先调用 detach() 的原因")

# %% [markdown] slideshow={"slide_type": "slide"} translates="0a730d4228"
# ## 9 · 二阶导数
#
# `torch.autograd.grad` 返回一个梯度。要对这个梯度再求导，它必须有自己的计算图：`create_graph=True`。

# %% slideshow={"slide_type": "subslide"} translates="88bed7759f"
x = torch.tensor([1.0, 2.0], requires_grad=True)
g, = torch.autograd.grad((x ** 3).sum(), x)
print(f"不带 create_graph：g = {g.tolist()}，g.grad_fn = {g.grad_fn}")
display(expect_error("E10", lambda: torch.autograd.grad(g.sum(), x)))

g, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
gg, = torch.autograd.grad(g.sum(), x)
print(f"带 create_graph：g = 3x² = {g.tolist()}（grad_fn {type(g.grad_fn).__name__}），"
      f"它的 d/dx = 6x = {gg.tolist()}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="8fa78b593a"
# **请看。** 这是 `g` 本身的计算图，因为 `create_graph=True` 才被记录下来：`x ** 3` 的反向计算是作为对 `x` 的普通运算来运行的。它保存的张量画成了虚线：第二次调用 `torch.autograd.grad` 时经过了这个图，并释放了这些张量。

# %% slideshow={"slide_type": "fragment"} translates="546f9da11e"
draw(g, names={"x": x, "g = 3x²": g}, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="b2f08e25dd"
# **即使有 `create_graph=True`**，对线性函数也会失败：`3x` 的梯度是常数 3，没有什么可记录的。而在有两个输入、梯度与其中一个无关时，除非明确告诉 `grad` 这没关系，否则它会拒绝。

# %% slideshow={"slide_type": "subslide"} translates="ba60c9ceef"
g_lin, = torch.autograd.grad((3 * x).sum(), x, create_graph=True)
print(f"3x 的梯度：{g_lin.tolist()}，grad_fn = {g_lin.grad_fn}")
display(expect_error("E11", lambda: torch.autograd.grad(g_lin.sum(), x)))

b = torch.tensor([1.0, 1.0], requires_grad=True)
gx, gb = torch.autograd.grad((x ** 3 + 3 * b).sum(), [x, b], create_graph=True)
display(expect_error("E12", lambda: torch.autograd.grad(gx.sum(), [x, b], retain_graph=True)))

print("allow_unused=True:     ", torch.autograd.grad(gx.sum(), [x, b], allow_unused=True,
                                                    retain_graph=True))
if "materialize_grads" in inspect.signature(torch.autograd.grad).parameters:
    print("materialize_grads=True:", torch.autograd.grad(gx.sum(), [x, b],
                                                         materialize_grads=True))
else:
    print(f"materialize_grads=True：torch {torch.__version__} 还没有这个参数")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="32299afb37"
# ### 动手试试
#
# 损失里也可以包含梯度。对于一个为 `x` 的每一行给出一个数的 `model`，*梯度惩罚*是 d model / d x 的长度的平方，再对各行求和。编写 `gradient_penalty(model, x)`，把它作为张量返回，并且这个张量的 `backward()` 要能到达模型的权重。检查时会在新建的模型上比较数值和权重的梯度。

# %% slideshow={"slide_type": "-"} translates="e779f08e81"
model = nn.Linear(3, 1)  # 用来试你的函数；检查时会用它自己的模型
gradient_penalty = ...  # def gradient_penalty(model, x): ...
self_check("13.1", gradient_penalty=gradient_penalty)

# %% [markdown] slideshow={"slide_type": "slide"} translates="f5dd042312"
# ## 10 · 悄悄出错的那一个：忘了 `zero_grad()`
#
# `backward()` 会把梯度*累加*到 `.grad` 中。忘了清零，每一步用的就是到目前为止所有梯度之和。不会有任何报错；损失曲线会露出马脚。

# %% slideshow={"slide_type": "skip"} translates="d18036093c"
X, Y = torch.randn(32, 3), torch.randn(32, 1)  # 为下面的曲线准备的一个小回归任务


# %% slideshow={"slide_type": "subslide"} translates="dd688b83b2"
def loss_curve(clear: bool, steps: int = 40) -> list[float]:
    torch.manual_seed(3)
    model = nn.Linear(3, 1)
    opt, losses = torch.optim.SGD(model.parameters(), lr=0.05), []
    for _ in range(steps):
        if clear:
            opt.zero_grad()
        loss = nn.functional.mse_loss(model(X), Y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


with_zero, without_zero = loss_curve(True), loss_curve(False)
steps = range(1, len(with_zero) + 1)  # 第 1 步就是第一次更新，与下面那句话的计数方式一致
fig, ax = plt.subplots(figsize=(6, 2.8))
ax.plot(steps, with_zero, label="每一步都调用 opt.zero_grad()")
ax.plot(steps, without_zero, label="忘了调用 zero_grad()")
ax.set_xlabel("步")
ax.set_ylabel("训练损失")
ax.set_yscale("log")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

lows = [i for i in range(1, len(without_zero) - 1)  # 曲线由降转升的位置
        if without_zero[i - 1] > without_zero[i] <= without_zero[i + 1]]
shown = "、".join(f"{without_zero[i]:.3g}（第 {i + 1} 步）" for i in lows[:4])
then = (f"降了又升：{len(without_zero)} 步中出现 {len(lows)} 个低谷（{shown}"
        f"{'、…' if len(lows) > 4 else ''}），最终为 {without_zero[-1]:.3g}" if lows
        else f"最终为 {without_zero[-1]:.3g}")
display(Markdown(
    f"**请看**橙色曲线：调用 `zero_grad()` 时，损失最终为 {with_zero[-1]:.3g}；"
    f"忘了调用时，损失{then}。每一步都按到目前为止所有梯度之和来移动权重，"
    f"所以权重会冲过头{'，然后又摆回来' if len(lows) > 1 else ''}。"))

# %% [markdown] slideshow={"slide_type": "subslide"} translates="125c8cc79b"
# **`set_to_none=True` 改变了什么。** `zero_grad()` 过去把 `.grad` 填成零；现在它把 `.grad` 设为 `None`（自 PyTorch 2.0 起的默认行为）。紧接着读取 `p.grad` 的代码现在会遇到 `None`；而且优化器会跳过梯度为 `None` 的参数，而梯度为零的参数仍会受到权重衰减：

# %% slideshow={"slide_type": "fragment"} translates="24e549d406"
default = inspect.signature(torch.optim.Optimizer.zero_grad).parameters["set_to_none"].default
print(f"torch {torch.__version__} 上 zero_grad 的默认值：set_to_none={default}")
for set_to_none in (True, False):
    p = nn.Parameter(torch.ones(2))
    opt = torch.optim.SGD([p], lr=0.1, weight_decay=0.5)
    (p * 2).sum().backward()
    opt.zero_grad(set_to_none=set_to_none)
    opt.step()                                  # 没有新梯度的一步
    print(f"set_to_none={set_to_none!s:5}：p.grad = {p.grad}，这一步之后 p = {p.tolist()}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="25ad9aedb8"
# ### 延伸阅读
#
# - [自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)：推理模式
# - [`torch.autograd.grad`](https://pytorch.org/docs/stable/generated/torch.autograd.grad.html)（`create_graph`、`allow_unused`、`materialize_grads`）
# - [`torch.Tensor.retain_grad`](https://pytorch.org/docs/stable/generated/torch.Tensor.retain_grad.html)
# - [`torch.inference_mode`](https://pytorch.org/docs/stable/generated/torch.inference_mode.html)

# %% [markdown] slideshow={"slide_type": "slide"} translates="09b35c86d9"
# ## 本笔记本确立了什么
#
# - **非叶节点的 `.grad`**（E07）：`retain_grad()`。**推理张量**（E08）：`no_grad` 或 `clone()`。**NumPy**（E09）：先 `detach()`。
# - **二阶导数**（E10–E12）：`create_graph=True`；常数梯度没有计算图；对梯度用不到的输入，用 `allow_unused` / `materialize_grads`。
# - **忘了 `zero_grad()`**：没有任何信息；损失曲线会暴露它。
#
# 网站的*报错索引*（`errors.html`）按构建所用的 PyTorch 打印的原样列出每条报错信息，并链接到这里对应的卡片。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [12 · 当 backward() 失败时：报错信息详解](12_when_backward_fails.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/12_when_backward_fails.ipynb))
