# %% [markdown] slideshow={"slide_type": "slide"} translates="6092a37d99"
# # 00 · 从这里开始：`backward()` 到底是怎么工作的
#
# 2017 年，一篇简短的中文博客文章《关于backward()的一些理解》成了流传最广的 PyTorch 自动求导讲解之一。它提出了 27 条具体的论断。本合集**通过运行 PyTorch** 逐条检验这些论断，画出自动求导构建的计算图，并为每条论断给出一个由代码自己算出的结论——就在你此刻运行的 PyTorch 上。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/00_start_here.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="45970ec2ba"

import torch
from IPython.display import HTML

from helpers.claims import VERDICT_COLOUR, VERDICTS, claim_map_html, verdict_meaning, verdict_word
from helpers.graph import draw
from helpers.torchviz_map import box_map

# %% [markdown] slideshow={"slide_type": "slide"} translates="b0bf621200"
# ## 如何使用这些笔记本
#
# - **在 Jupyter 中**：在仓库里运行 `make lab`，会以 `notebooks/` 为目录打开 JupyterLab；每个笔记本都按从上到下的顺序运行（用 *Run → Run All Cells* 也可以）。
# - **在 Colab 中**：点击任一笔记本顶部的 *Open in Colab* 徽章。它的第一个代码单元格会获取本合集的辅助代码并安装 `torchviz`，此外无需任何准备。
# - **作为幻灯片**：`make` 把每个笔记本构建到 `build/` 中，并在 `build/slides/` 里为每个笔记本生成一套 reveal.js 幻灯片（若 `npm` 已获取 reveal.js 则可离线使用，否则经由 CDN 加载）。每条论断占一张幻灯片。
# - **在 Binder 或 JupyterHub 上**：启动本仓库即可；`environment.yml` 和 `apt.txt` 会装好 Python、PyTorch 和 Graphviz。
#
# 每个笔记本运行完自己的设置单元格后即可独立使用，所以你可以从任何一个开始。

# %% [markdown] slideshow={"slide_type": "slide"} translates="cb57021bf4"
# ## 一段话读懂这篇文章
#
# 文章逐一讲解决定 `backward()` 行为的标志和调用：`requires_grad`（哪些张量参与求导，以及这一点如何传递）、用于推理的旧标志 `volatile`、`detach()`，以及 `retain_graph`。接着它把计算梯度与更新权重区分开，追问为什么只有标量才能不带参数调用 `backward()`，并用一个小实验说明叶节点保留梯度而中间结果不保留；据此，它称计算图是一种二叉树。另一个独立的实验把一个 AlexNet 风格的 CIFAR-10 模型拆成两个网络，说明两者在同一个优化器下都能得到梯度；通过比较这两个实验，它认为网络权重是计算图的叶节点。最后，它关闭一个子网络中参数的 `requires_grad`，从而冻结这个子网络。文章是为 PyTorch 0.3 写的；我们在今天的 PyTorch 上检验它。

# %% [markdown] slideshow={"slide_type": "slide"} translates="17d2ac0130"
# ## 如何看结论
#
# 每条论断都以一张结论卡片收尾。结论不是手写上去的：单元格把它刚刚观察到的结果归为四个词之一，而本合集的论断目录写明了在当前 PyTorch 上预期哪个词。如果新的 PyTorch 版本改变了某个行为，结论就会随之改变，与目录不符，我们的测试就会失败——本合集正是靠这一点保证不说假话的。

# %% slideshow={"slide_type": "fragment"} translates="f8c772710c"
rows = "".join(
    f'<tr><td style="color:{VERDICT_COLOUR[v]};font-weight:bold">{verdict_word(v)}</td>'
    f"<td>{verdict_meaning(v)}</td></tr>"
    for v in VERDICTS
)
HTML(f"<table><tr><th>结论</th><th>含义</th></tr>{rows}</table>")

# %% [markdown] slideshow={"slide_type": "notes"} translates="7f92ecbec9"
# 文章表述含糊的地方，每个笔记本都会说明它检验的是哪种解读：总是取最强的合理解读，这样*成立*的结论才有分量。

# %% [markdown] slideshow={"slide_type": "slide"} translates="62df98382e"
# ## 如何看计算图
#
# 本合集中的图展示自动求导在前向计算中记录下的内容。下面是其中最小、但已经值得一看的一个：权重乘以输入再加上偏置，此时还没有调用 `backward()`。*叶节点*是 `grad_fn` 为 `None` 的张量：它不是由任何被记录下来的运算生成的。规则是：不需要梯度的张量总是叶节点，哪怕它是由别的张量算出来的（`torch.ones(2) * 3`）；需要梯度的张量，只有当它是你亲手设为需要梯度的（`requires_grad=True`，或者是一个参数）时才是叶节点，算出来的则不是。下面的 `x`、`w` 和 `b` 是叶节点；`y` 是算出来的，并且因为 `w` 和 `b` 而需要梯度，所以它不是叶节点。

# %% slideshow={"slide_type": "subslide"} translates="79edcbed1b"
x = torch.tensor([2.0])                      # 输入：不需要梯度
w = torch.nn.Parameter(torch.tensor([3.0]))  # 参数：需要梯度的叶节点
b = torch.tensor([1.0], requires_grad=True)  # 需要梯度的普通叶节点
y = w * x + b
draw(y, names={"x": x, "w": w, "b": b, "y": y})

# %% [markdown] slideshow={"slide_type": "subslide"} translates="c3411000c3"
# 数据从左向右流动：叶节点在前，输出在最后。页面放不下的图会改为从上到下（或反过来）排列，大图还可能被*堆叠*，把一些框放在与之相连的框旁边：无论页面方向如何，都顺着箭头看，箭头从叶节点指向输出。图例说明了每一种框。看 `x`：它被单独画出，作为常量，因为不会有任何东西反向流入它。看 `MulBackward0` 的框：它列出了这次乘法为了能运行反向传播而保存的东西。一个运算的操作数称为 `self`（第一个）和 `other`（第二个），所以 <span lang="en">“saved other”</span> 的意思是它保存了 `x`，即 `w * x` 的第二个操作数：计算 `w` 的梯度需要它。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="e0850b8755"
# 现在运行 `backward()`，再把同一个图画一遍。留意两处：`w` 和 `b` 上现在填入了梯度；保存的张量被标记为**已释放**——反向传播用完它们后就把它们释放了。

# %% slideshow={"slide_type": "-"} translates="1ee0f7ba00"
y.backward()
draw(y, names={"x": x, "w": w, "b": b, "y": y})

# %% [markdown] slideshow={"slide_type": "notes"} translates="25fa74932f"
# 这个图采用*紧凑*画法（因为它含有一个 `nn.Parameter`）：每个叶节点的箭头直接连到使用它的运算，每个运算在自己的框里列出它保存的内容。完整画法的图会在每个需要梯度的叶节点和它的运算之间加一个 `AccumulateGrad` 框（即写入该叶节点 `.grad` 的节点），并为每个保存的张量画一个椭圆，用点线连到它的运算。

# %% [markdown] slideshow={"slide_type": "slide"} translates="66faac7b0c"
# ## 同一个图，torchviz 的画法
#
# 论坛和教程常用 `torchviz.make_dot` 画图。下面是原版 torchviz 画出的同一个 `y`——`draw(..., raw=True)` 调用的就是 `make_dot`。看看少了什么：它从上往下排列，显示形状却不显示数值和梯度，而且根本没有 `x`。

# %% slideshow={"slide_type": "subslide"} translates="6791fc17c4"
draw(y, names={"x": x, "w": w, "b": b, "y": y}, raw=True)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="d1b1dbb8e0"
# 哪个框对应哪个？这张表是从两张图计算出来的：对 torchviz 画出的每个框，列出它背后的张量或反向函数，以及教学视图中与之对应的框。在 torchviz 里，蓝色框是叶节点，绿色框是输出，灰色框是反向函数。

# %% slideshow={"slide_type": "-"} translates="f7bc93f121"
box_map(y, names={"x": x, "w": w, "b": b, "y": y})

# %% [markdown] slideshow={"slide_type": "slide"} translates="1a9a91e4ff"
# ## 全景图：每条论断、它的结论，以及在哪里得出
#
# 每一行是文章的一条论断（用我们的话转述），附有它所在的小节（§）、它的结论，以及给出结论的笔记本。结论来自本机最近一次构建（如果有的话），否则来自论断目录；表格上方的那行字会说明是哪一种。

# %% slideshow={"slide_type": "subslide"} translates="e87bf2d502"
HTML(claim_map_html())

# %% [markdown] slideshow={"slide_type": "slide"} translates="b7ddfa7fd9"
# ## 文章之外
#
# 有三个笔记本超出了文章的范围：
#
# - [11 · 今昔对照](11_then_and_now.ipynb)：一张速查表，把 2017 年的写法——文章里的（`Variable`、`volatile`）和别处的（`loss.data[0]` 等）——对照到今天的写法，每一行都在你的 PyTorch 上运行并检验过。
# - [12 · `backward()` 出错时](12_when_backward_fails.ipynb) 和 [13 · 更多失败](13_more_backward_failures.ipynb)：自动求导给出的报错和警告，外加一种什么都不打印的失败，逐一复现，并说明各自的含义和修复方法。

# %% [markdown] slideshow={"slide_type": "slide"} translates="5b1044043a"
# ## 延伸阅读
#
# - PyTorch 官方关于[自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)的说明：计算图如何记录、保存的张量、`no_grad` 与 `inference_mode`、原地操作检查。
# - 官方的[自动求导教程](https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html)：在一个小模型上初次运行 `backward()`，入门友好。

# %% [markdown] slideshow={"slide_type": "slide"} translates="c4c0f76b13"
# 准备好了吗？从 `01_requires_grad` 开始，或者直接跳到你最怀疑的那条论断。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **下一篇 →：**
# [01 · requires_grad：谁参与求导](01_requires_grad.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/01_requires_grad.ipynb))
