# %% [markdown] slideshow={"slide_type": "slide"} translates="414fb2bbd9"
# # 02 · 模块与参数：网络中的 requires_grad
#
# 在网络里，`requires_grad` 天天都在干活，而且大多不用你吩咐。文章就此提出了四条论断：参数默认需要梯度；即使输入不需要梯度，网络的输出也需要；损失模块和激活模块没有参数；权重是叶节点，处在计算图的不同深度。你将逐一检验。
#
# 本笔记本检验的论断：**C15**、**C16**、**C17**、**C25**。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/02_modules_and_parameters.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="ff8228808f"
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

# %% [markdown] slideshow={"slide_type": "slide"} translates="970fcda8e0"
# ## C15 · §2 — 参数默认需要梯度：这写在哪里？
#
# **论断。** `nn.Module` 的参数默认 `requires_grad=True`。文章是通过实验发现这一点的，没能在 PyTorch 的源码里找到出处。
#
# **我们检验的解读：** 几种不同的层，每个参数一开始都是 `requires_grad=True`；并且我们要在 PyTorch 源码中找到决定这一点的那一行。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="a76529eb9b"
# **讲解。** 模块的参数默认需要梯度；这个默认值就写在 `nn.Parameter` 本身里，所以每一层的权重不设任何标志就能训练。
#
# **学生带来的想法。** 文章说这只是「实验证明的」。学生以为必须在每一层上设置这个标志。
#
# **先提问。** 我们搭一个网络，什么都不设置。它的权重需要梯度吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="92a9cf30e0"
# **先预测。** 这个默认值该去哪里找：在 `nn.Module` 里，在每一层的 `__init__` 里，还是别处？

# %% slideshow={"slide_type": "subslide"} translates="8792918f38"
layers = {"Linear": nn.Linear(4, 2), "Conv2d": nn.Conv2d(1, 2, 3), "BatchNorm2d": nn.BatchNorm2d(2),
          "LayerNorm": nn.LayerNorm(4), "Embedding": nn.Embedding(10, 3), "LSTM": nn.LSTM(4, 3),
          "MultiheadAttention": nn.MultiheadAttention(4, 2),
          "TransformerEncoderLayer": nn.TransformerEncoderLayer(8, 2, dim_feedforward=16)}
flags = {}
for name, layer in layers.items():
    flags[name] = [p.requires_grad for p in layer.parameters()]
    buffers = [f"{b}(rg={t.requires_grad})" for b, t in layer.named_buffers()]
    print(f"{name:24} {sum(flags[name])}/{len(flags[name])} 个参数需要梯度"
          + (f"   缓冲区：{', '.join(buffers)}" if buffers else ""))

# %% [markdown] slideshow={"slide_type": "subslide"} translates="14acef4497"
# 看源码：各层用 `Parameter(...)` 构建权重，而默认值由 `Parameter` 带来。下面先列出这个默认值，再列出这些层的构造函数（以及其基类的构造函数）中的每一处 `Parameter(...)` 调用，都是用 `helpers.survey` 从 PyTorch 自己的源码里读出来的：

# %% slideshow={"slide_type": "-"} tags=["hide-input"] translates="639ab276e8"
sig = inspect.signature(nn.Parameter.__new__)
path = Path(inspect.getsourcefile(nn.Parameter))
print("nn.Parameter.__new__", sig, "  位于", path.relative_to(Path(torch.__file__).parent.parent))
calls = {name: parameter_calls(type(layer)) for name, layer in layers.items()}
for name, found in calls.items():
    owners = ", ".join(sorted({c.owner for c in found})) or "（其子模块）"
    passing = {c.keywords["requires_grad"] for c in found if "requires_grad" in c.keywords}
    print(f"{name:24}{len(found):2} 处调用，位于 {owners}"
          + (f"；传入 requires_grad={', '.join(passing)}" if passing else ""))

# %% [markdown] slideshow={"slide_type": "subslide"} translates="74ce54c158"
# **请看。** 每一层的参数，按 `requires_grad` 计数。条形全是同一种颜色：这八种层用默认实参构建时，没有一种会生成关闭了梯度的参数。（这只是我们检验的范围，并非构建层的所有方式：下面的备注就提到一种构建方式，除非另行指定，否则用它建出的层会冻结自己的权重。）

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="dd45ac8e15"
fig, ax = plt.subplots(figsize=(6, 3))
on = [sum(f) for f in flags.values()]
off = [len(f) - sum(f) for f in flags.values()]
ax.barh(list(flags), on, color="khaki", label="requires_grad=True")
ax.barh(list(flags), off, left=on, color="grey", label="requires_grad=False")
ax.set_xlabel("参数张量（个数）")
ax.legend(loc="lower right", fontsize=8)
plt.show()

# %% slideshow={"slide_type": "subslide"} translates="76272186a8"
default = sig.parameters["requires_grad"].default
all_on = all(all(f) for f in flags.values())
found = [c for cs in calls.values() for c in cs]
relying = [c for c in found if "requires_grad" not in c.keywords]  # 它们用的是默认值
passing = sorted({f"{c.owner}: requires_grad={c.keywords['requires_grad']}" for c in found
                  if "requires_grad" in c.keywords})
freeze_default = inspect.signature(nn.Embedding).parameters["_freeze"].default
observed = judge(holds=all_on and default is True and len(relying) > 0)
check("C15", observed,
      evidence=f"{sum(map(len, flags.values()))} 个参数张量（分属 {len(layers)} 种层）"
               f"全都需要梯度；默认值在 nn.Parameter.__new__{sig} 中（{path.name}）；"
               f"在它们的构造函数中共找到 {len(found)} 处 Parameter(...) 调用，其中 "
               f"{len(relying)} 处没有传入 requires_grad；其余的是有意传入的"
               f"（{'; '.join(passing) or '无'}；Embedding 的 _freeze 为 {freeze_default}，"
               "除非另行指定）")

# %% [markdown] slideshow={"slide_type": "notes"} translates="f980739071"
# 缓冲区（BatchNorm 的 `running_mean`、`running_var`、`num_batches_tracked`）也是模块的状态，但不是参数：它们是 `requires_grad=False` 的普通张量，在训练模式下由前向计算更新，而不是由优化器更新。`Embedding` 是这里唯一自己传入该标志的层：`nn.Embedding.from_pretrained(table)` 用它生成一张冻结的表，因为它的 `freeze` 参数默认为 `True`。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="cf51244e90"
# ### 动手试试
#
# 编写 `freeze_second_layer(rnn)`：冻结任意堆叠的 `nn.GRU` 或 `nn.LSTM`（单向或双向）的**第二**层，其余各层保持可训练。堆叠 RNN 的每一层并没有单独的子模块，可供你调用 `requires_grad_(False)`：它的参数张量是按层命名的（列出 `gru.named_parameters()` 看看，再看看 `bidirectional=True` 的）。先预测：一层由几个张量组成？检查会用它自己构建的 RNN。

# %% slideshow={"slide_type": "-"} translates="6222360dce"
gru = nn.GRU(4, 8, num_layers=2)


def freeze_second_layer(rnn):
    """冻结 rnn 第二层的每一个参数张量，且只冻结它们。"""
    ...  # 你的代码


self_check("02.1", freeze_second_layer=freeze_second_layer)


# %% [markdown] slideshow={"slide_type": "slide"} translates="a406017fcb"
# ## C16 · §2 — 即使输入不需要梯度，网络的输出也需要梯度
#
# **论断。** 若 `x.requires_grad` 为 `False`，`y = net(x)` 的 `requires_grad` 仍为 `True`。
#
# **我们检验的解读：** 按文章的语境，`net` 是一个*带可训练参数*的网络，`x` 流经它，并且正常运行（不在 `torch.no_grad()` 下）。我们试五种网络。无参数的网络和 `torch.no_grad()` 不在这一解读之内；我们也把它们展示出来作对比。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="9f904309ea"
# **讲解。** 参数需要梯度的网络，即使输入不需要梯度，输出也需要梯度。梯度是给权重的，不是给数据的。
#
# **学生带来的想法。** 学生以为输入必须需要梯度，网络才能学习，于是在每个批次上都设置它。
#
# **先提问。** 这个批次不需要梯度。网络的输出需要吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="a992fa856e"
# **先预测。** `nn.Embedding` 接收的是*整数*索引，而整数张量根本不能需要梯度。它的输出需要梯度吗？

# %% slideshow={"slide_type": "subslide"} translates="528fade5eb"
def first(out):
    return out if isinstance(out, torch.Tensor) else out[0]  # LSTM 返回一个元组


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

# %% [markdown] slideshow={"slide_type": "subslide"} translates="deeebf4424"
# 解读之外的情形：一个没有参数的网络，以及在 `torch.no_grad()` 下运行的 MLP：

# %% slideshow={"slide_type": "-"} translates="b0d509e502"
mlp, x_mlp = nets["MLP"]
no_params = nn.Sequential(nn.ReLU(), nn.Flatten())
with torch.no_grad():
    y_no_grad = mlp(x_mlp)
contrast = {"ReLU+Flatten（无参数）": no_params(x_mlp), "no_grad() 下的 MLP": y_no_grad}
for name, y_out in contrast.items():
    print(f"{name:30} y.requires_grad={y_out.requires_grad}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="f17689b32b"
# **请看。** 下面是一个两层网络，每一层折叠成一个框。`x` 是计算图之外的常量；计算图从各层的参数开始，`y` 是它的输出。

# %% slideshow={"slide_type": "fragment"} translates="879ee84649"
net = nn.Sequential(OrderedDict(fc1=nn.Linear(4, 3), act=nn.ReLU(), fc2=nn.Linear(3, 2)))
x16 = torch.randn(5, 4)
y16 = net(x16)
draw(y16, names={"x": x16, "y": y16}, modules=net, legend=False)

# %% slideshow={"slide_type": "subslide"} translates="03027f8bd8"
in_reading = all(not nets[n][1].requires_grad and y_out.requires_grad for n, y_out in outs.items())
outside = {n: y_out.requires_grad for n, y_out in contrast.items()}
observed = judge(holds=in_reading)
check("C16", observed,
      evidence=f"{len(outs)} 个带可训练参数的网络，输入都不需要梯度：输出"
               f"全都需要梯度（Embedding 的输入甚至是整数张量）。"
               f"文章语境之外：{outside}")

# %% [markdown] slideshow={"slide_type": "notes"} translates="e4864c946c"
# 对照情形不算作文章的错：文章自己在下一句（C17）就说了，无参数的模块表现不同。`torch.no_grad()` 是笔记本 03 的主题，冻结（§4，C27）是笔记本 10 的主题。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="114b3fcdd6"
# ### 动手试试
#
# 下面的单元格构建 `nn.Sequential(nn.Linear(3, 3), nn.ReLU())`，并且只冻结其中 Linear 层的 **偏置**。先预测：对普通输入，`half(x)` 仍然需要梯度吗？然后编写 `make_gradient_free(net)`：修改任意网络的参数（不改它的输入，也不改它的前向计算），使它在普通输入上的输出不需要梯度，而被跟踪的输入仍能得到自己的梯度。检查会用它自己的网络。

# %% slideshow={"slide_type": "-"} translates="befe2df2f3"
half = nn.Sequential(nn.Linear(3, 3), nn.ReLU())
half[0].bias.requires_grad_(False)


def make_gradient_free(net):
    """修改 net 的参数，使它在普通输入上的输出不需要梯度。"""
    ...  # 你的代码


self_check("02.2", make_gradient_free=make_gradient_free, net=half)

# %% [markdown] slideshow={"slide_type": "slide"} translates="4a542def71"
# ## C17 · §2 — 损失模块和激活模块：没有参数？
#
# **论断。** 损失模块和激活模块都是没有参数的 `nn.Module`，所以它们的输出是否需要梯度只取决于输入。
#
# **我们检验的解读：** 凡是 `torch.nn` 导出的：`torch.nn.modules.activation` 中的*每一个*模块，以及*每一个*损失模块（`torch.nn.modules.loss`，外加 `AdaptiveLogSoftmaxWithLoss`）。我们从 PyTorch 本身把它们列出来，而不是凭记忆。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="5f3d633301"
# **讲解。** 大多数激活函数和损失函数不拥有参数，所以当且仅当有输入需要梯度时，它们的输出才需要梯度。少数几个拥有参数，那么不论输入如何，输出都需要梯度。
#
# **学生带来的想法。** 文章说这两种「并没有网络参数」。学生把它推广到所有激活函数和损失函数，忽略了其中有些是会学习的。
#
# **先提问。** 有没有自带参数的激活函数？这会改变什么？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="4f96dde3e9"
# **先预测。** 这五十来个模块中，有几个拥有参数？你能说出一个吗？另外，给 `CrossEntropyLoss` 传一个类别 `weight` 时，这个权重是参数吗？

# %% [markdown] slideshow={"slide_type": "skip"} translates="7245cff564"
# `helpers.survey` 用尽可能简单的合理实参构建每个模块（凡是接受类别 `weight` 的损失都给它一个），然后先在不需要梯度、再在需要梯度的输入上运行它：

# %% slideshow={"slide_type": "skip"} tags=["hide-input"] translates="c213833257"
FAMILIES = {"activation": exported_modules(activation_modules),
            "loss": exported_modules(loss_modules) + exported_modules(adaptive_modules)}
# 显示用的词，与代码查找的键分开：翻译只改这里
FAMILY = {"activation": "激活函数", "loss": "损失函数"}
rows, failed = survey_modules(FAMILIES, class_weight=torch.ones(3))
print(f"构建了 {len(rows)} 个模块；无法构建：{failed or '无'}\n")
# 宽度按显示宽度算：一个汉字占两个英文字符宽
print(f"{'模块':28}{'种类':9}{'参数':12}{'缓冲区':14}out.rg：输入关 / 开")
for r in rows:
    print(f"{r.name:30}{FAMILY[r.family]:7}{len(r.parameters):<14}{', '.join(r.buffers) or '-':17}"
          f"{r.out_plain!s:6}/ {r.out_grad}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="19976ab202"
# 下面是打破规则的模块，以及各个损失存放类别权重的地方。`MultiheadAttention` 被归在 `torch.nn.modules.activation` 里，但它是注意力层而不是激活函数，所以单独列出：

# %% slideshow={"slide_type": "-"} translates="7bde516da3"
NOT_AN_ACTIVATION = {"MultiheadAttention"}  # 归在激活模块里，实为注意力层
with_params = {r.name: r for r in rows if r.parameters}
groups = {"activations": [n for n, r in with_params.items()
                          if r.family == "activation" and n not in NOT_AN_ACTIVATION],
          "losses": [n for n, r in with_params.items() if r.family == "loss"],
          "filed as activation": [n for n in with_params if n in NOT_AN_ACTIVATION]}
# 显示用的词，与代码查找的键分开：翻译只改这里
GROUP = {"activations": "激活函数", "losses": "损失函数",
         "filed as activation": "归在激活模块"}
for group, names in groups.items():
    for name in names:
        # 用全角空格（U+3000）把组名补足到 6 个汉字宽，中文标签才能对齐
        print(f"{GROUP[group]:　<6} {name:28} 参数：{', '.join(with_params[name].parameters)}")
with_buffers = [r.name for r in rows if r.buffers]
print("\n缓冲区（类别权重）而非参数，见于：", ", ".join(with_buffers))

# %% [markdown] slideshow={"slide_type": "subslide"} translates="95911c9fd1"
# **请看。** 每种各取一个模块，看看后果。`x` 不需要梯度。经过 `nn.ReLU()` 时什么都不记录：输出没有 `grad_fn`。经过 `nn.PReLU()` 时（它的斜率是参数），就出现了一张计算图：

# %% slideshow={"slide_type": "-"} translates="5c58ed7928"
x17 = torch.tensor([-1.0, 2.0])
relu_out, prelu = nn.ReLU()(x17), nn.PReLU()
prelu_out = prelu(x17)
print("ReLU :", relu_out.requires_grad, relu_out.grad_fn, "| PReLU:", prelu_out.requires_grad)
draw(prelu_out, names={"x": x17, "prelu.weight": prelu.weight, "out": prelu_out}, legend=False)

# %% slideshow={"slide_type": "subslide"} translates="1379990a66"
free = [r for r in rows if not r.parameters]
follows_input = all(not r.out_plain and r.out_grad for r in free)
breakers = groups["activations"] + groups["losses"]
observed = judge(holds=follows_input and len(free) > len(rows) / 2, exception=bool(breakers))
check("C17", observed,
      evidence=f"{len(free)} 个模块（共 {len(rows)} 个）没有参数，当且仅当输入需要梯度时，"
               f"其输出才需要梯度；但激活函数 "
               f"{', '.join(groups['activations']) or '无'} 和损失函数 "
               f"{', '.join(groups['losses']) or '无'} 拥有参数，所以它们的输出"
               f"无论如何都需要梯度（{', '.join(groups['filed as activation'])} 归在"
               f"激活模块里，实为注意力层）；类别权重"
               f"（{len(with_buffers)} 个损失）是缓冲区。未能构建：{len(failed)}")

# %% [markdown] slideshow={"slide_type": "notes"} translates="b2fde82c35"
# `PReLU` 是真正的激活函数，带一个可学习的斜率。带参数的损失是内含线性分类器的损失*头*；较新版本 PyTorch 新增的此类模块也会自动出现在这里，因为这次调查列的是 `torch.nn` 的全部导出。传给损失的类别 `weight` 是一个*缓冲区*：它是模块状态，保存在 `state_dict()` 里，随 `.to(device)` 移动，但不由 `parameters()` 返回，也不会被训练。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="26d7c07926"
# ### 动手试试
#
# 缓冲区存的就是你传入的那个张量本身。假设类别权重来自某个会学习它们的东西，因此下面的 `class_weight` 需要梯度。先预测：在不需要梯度的 `logits` 和 `labels` 上调用 `nn.CrossEntropyLoss(weight=class_weight)` 会怎样？试一试。然后编写 `weighted_ce(class_weight)`：一个能运行的交叉熵损失模块，按 `class_weight` 的方式给各类别加权，并且不改动 `class_weight`。检查会用它自己的类别权重。

# %% slideshow={"slide_type": "-"} translates="05a756c59a"
class_weight = torch.tensor([1.0, 2.0, 0.5], requires_grad=True)  # 在别处学到的
logits, labels = torch.randn(4, 3), torch.tensor([0, 1, 2, 1])


def weighted_ce(class_weight):
    """一个交叉熵损失模块，按 class_weight 的方式给各类别加权。"""
    return ...  # 你的损失模块


self_check("02.3", weighted_ce=weighted_ce)

# %% [markdown] slideshow={"slide_type": "slide"} translates="c79c6fa713"
# ## C25 · §3 — 权重是叶节点，处在不同深度
#
# **论断。** 网络的权重是计算图的叶节点，各自处在不同的深度，正因如此它们的梯度才会被保留，就和普通函数的参数一样。
#
# **我们检验的解读：** 在一个小型三层 MLP 中，每个参数都是叶节点，各由一个自己的 `AccumulateGrad` 节点持有，就像 `requires_grad=True` 的普通张量一样；这些节点离损失的距离各不相同；`backward()` 之后，每个参数的 `.grad` 都被保留，而隐藏层激活的不会。
#
# **先预测。** 从损失开始数反向函数：*第一*层的权重离它几跳？最后一层的偏置呢？（`helpers.survey` 中的 `graph_depths` 会从 `loss.grad_fn` 出发，按广度优先来数。）

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="b52f95fcbf"
# **讲解。** 每个参数都是叶节点，由它自己的节点持有，处在自己的深度；正因如此，它的梯度会被保留，和任何叶节点张量一样。
#
# **学生带来的想法。** 文章起初以为网络与函数不同，是因为有「register_xx_hook()」。学生也有同样的想法：模块是靠某种特殊机制保留梯度的。
#
# **先提问。** 层的权重是叶节点吗？是什么让它的梯度留了下来？

# %% slideshow={"slide_type": "subslide"} translates="5ace5f54bb"
torch.manual_seed(0)
mlp3 = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 1))
x25 = torch.randn(4, 2)
hidden = mlp3[:2](x25)                 # 第一层的激活，一个中间节点
loss25 = mlp3[2:](hidden).pow(2).mean()
params25 = dict(mlp3.named_parameters())
depths = graph_depths(loss25, params25)
loss25.backward()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # 读取非叶节点的 .grad 会发出警告；我们是有意为之
    hidden_grad = hidden.grad
for name, p in params25.items():
    d, node = depths[name]
    print(f"{name:9} is_leaf={p.is_leaf}  grad_fn={p.grad_fn}  {node} 位于深度 {d}  "
          f"保留了 .grad：{p.grad is not None}")
print("hidden（中间节点）的 .grad：", hidden_grad)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="4b1ffda385"
# **请看。** 整个网络的紧凑画法：每个参数的箭头直接指向使用它的操作，一个灰色框列出一串操作，每行一个。顺着箭头走到 `loss`：`4.weight` 和 `4.bias` 连向紧挨着它的那个框，`0.weight` 和 `0.bias` 连向离它最远、生成 `hidden` 的那个框。每个参数框都显示它的梯度。

# %% slideshow={"slide_type": "fragment"} translates="7d403268d6"
draw(loss25, names={**params25, "x": x25, "hidden": hidden, "loss": loss25}, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="9e46fdc2e1"
# **请看。** 只取最后一层，完整画出（`compact=False`），输入为第二个隐藏层激活：`4.weight` 和 `4.bias` 各自连向自己的 `AccumulateGrad` 框，也就是写入它们 `.grad` 的节点（它们的梯度就是上面那次 `backward()` 留下的）。在上一张图里，每个参数的箭头就代表这样一个框。

# %% slideshow={"slide_type": "fragment"} translates="0b75b504d9"
last_in = mlp3[:4](x25).detach()       # 第二个隐藏层激活，作为普通数据
last_out = mlp3[4](last_in)
draw(last_out, names={"4.weight": mlp3[4].weight, "4.bias": mlp3[4].bias, "out": last_out},
     legend=False, show_saved=False, compact=False)  # compact=False：保留 AccumulateGrad

# %% [markdown] slideshow={"slide_type": "notes"} translates="b657b0a81e"
# “参数的框是 `AccumulateGrad`”有一个例外：使用 `torch.nn.utils.parametrizations` 时，`layer.weight` 在每次前向计算时由 `named_parameters()` 列出的参数算出来，得到 `AccumulateGrad` 的是那些参数，而不是它。

# %% slideshow={"slide_type": "subslide"} translates="9c312be157"
w_plain = torch.randn(1, 2, requires_grad=True)   # 普通函数的参数
plain_node = graph_depths((x25 @ w_plain.T).sum(), {"w": w_plain})["w"][1]
per_param = list(depths.values())
all_leaves = all(p.is_leaf and p.grad_fn is None and p.grad is not None for p in mlp3.parameters())
holders = {}  # 每个参数 -> 图中持有它的节点（即 AccumulateGrad 的 .variable）
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
      evidence=f"全部 {len(per_param)} 个参数都是叶节点；计算图中每个参数"
               f"{'都由它自己的' if own_node else '并非都由各自独有的'}节点持有（{len(holders)} 个参数"
               f"分布在 {len({id(f) for fns in holders.values() for f in fns})} 个不同的 "
               f"{'/'.join(node_types)} 节点中；requires_grad=True 的普通张量得到的"
               f"节点类型是 {plain_node}），所处深度为 {distinct}；在 "
               f"backward() 之后全都保留 .grad；隐藏层激活的 .grad 为 {hidden_grad}")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="e909adbc02"
# ### 动手试试
#
# 编写 `push_deeper(net, k)`：返回一个 `nn.Sequential`，由 `net` 自己的层（就是 `net[0].weight` 这个张量本身）和你任选的新层组成，其中 `net[0].weight` 离损失（和上面一样，取输出的 `.pow(2).mean()`）比在 `net` 中远 **k** 个反向函数。先预测：新层应该放在哪里？每个新层增加几个反向函数？用 `graph_depths` 在 `mlp3` 上量一量；检查会用它自己的网络和 `k`。

# %% slideshow={"slide_type": "-"} translates="419675a112"
def push_deeper(net, k):
    """一个由 net 自己的层组成的 nn.Sequential，其中 net[0].weight 的位置深了 k 跳。"""
    return ...  # 你的 nn.Sequential


self_check("02.4", push_deeper=push_deeper)


# %% [markdown] slideshow={"slide_type": "slide"} translates="1f28335f01"
# ## 模块钩子 · §3 — `register_xx_hook()` 是做什么用的
#
# 文章起初以为，网络之所以保留权重的梯度，*是因为*模块有 `register_xx_hook()` 方法；后来才得出结论：原因在于权重是叶节点，C25 刚刚证实了这一点。模块钩子用来观察或更改进出一个模块的东西：前向时的激活，反向时的梯度。下面这个模块的前向计算执行两个操作，先 `x * w`，再 `+ b`：

# %% slideshow={"slide_type": "subslide"} translates="28a80c7660"
class Affine(nn.Module):
    """y = x * w + b：一个模块，两个自动求导操作。"""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.tensor([2.0, 3.0]))
        self.b = nn.Parameter(torch.tensor([0.5, -0.5]))

    def forward(self, x):
        return x * self.w + self.b


x_h = torch.tensor([1.0, -1.0], requires_grad=True)
upstream = torch.tensor([1.0, 10.0])  # 将到达模块输出处的梯度
seen = {}
full = Affine()
full.register_forward_hook(lambda mod, inputs, out: seen.update(fwd=(inputs[0], out)))
full.register_full_backward_hook(lambda mod, g_in, g_out: seen.update(full=g_in[0]))
(full(x_h) * upstream).sum().backward()
print("前向钩子看到：  输入", seen["fwd"][0].tolist(), "→ 输出",
      seen["fwd"][1].tolist())
print("完整反向钩子：  grad_input[0] =", seen["full"].tolist(),
      "| x.grad =", x_h.grad.tolist())

# %% slideshow={"slide_type": "subslide"} translates="f59a6d7bf5"
# 旧的 Module.register_backward_hook（自 PyTorch 1.8 起已弃用），用在同样的模块上：
old = Affine()
x_h.grad = None
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old.register_backward_hook(lambda mod, g_in, g_out: seen.update(old=g_in))
    (old(x_h) * upstream).sum().backward()
print("已弃用的钩子：  grad_input =", [g.tolist() for g in seen["old"]])
print("警告：", str(caught[0].message).split(". ")[0] + "." if caught else "无")

# %% slideshow={"slide_type": "subslide"} translates="a4ed6f44dd"
full_is_dx = torch.allclose(seen["full"], x_h.grad)
old_is_dx = any(g.shape == x_h.shape and torch.allclose(g, x_h.grad) for g in seen["old"])
old_is_last_op = all(torch.equal(g, upstream) for g in seen["old"])
display(Markdown(
    f"完整钩子的 `grad_input` {'就是' if full_is_dx else '不是'}关于"
    f"模块输入的梯度：它等于 `x.grad`，即 {x_h.grad.tolist()}。已弃用"
    f"钩子的 `grad_input` {'不包含' if not old_is_dx else '包含'}它：它报告的是 "
    f"{[g.tolist() for g in seen['old']]}，这些"
    f"{'是' if old_is_last_op else '不是'}关于模块*最后一个*操作（`x * w` 和 `b`）的"
    "输入的梯度，而不是关于模块输入的梯度。"))

# %% [markdown] slideshow={"slide_type": "slide"} translates="b08e7dd3e7"
# ## 延伸阅读
#
# - [自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.autograd` 简明入门](https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html)
# - [`torch.nn.parameter.Parameter`](https://pytorch.org/docs/stable/generated/torch.nn.parameter.Parameter.html)
# - [`torch.nn.PReLU`](https://pytorch.org/docs/stable/generated/torch.nn.PReLU.html)
# - [`torch.nn.Module.register_forward_hook`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_forward_hook)
# - [`torch.nn.Module.register_full_backward_hook`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook)

# %% [markdown] slideshow={"slide_type": "slide"} translates="8965d8703f"
# ## 本笔记本确立了什么
#
# - **C15** — 参数默认 `requires_grad=True`：这是 `nn.Parameter.__new__` 的默认实参。
# - **C16** — 带可训练参数的网络，其输出需要梯度。
# - **C17** — 大多数激活模块和损失模块没有参数，但 `PReLU` 和内含线性分类器的损失头有参数（归在激活模块里的 `MultiheadAttention` 也有）；类别权重是缓冲区。
# - **C25** — 参数是叶节点，各由一个自己的 `AccumulateGrad` 节点持有，处在不同深度，并保留各自的 `.grad`。
# - **模块钩子** — 观察或更改模块的输入、输出和梯度；请使用 `register_full_backward_hook`，它的 `grad_input` 才是关于模块输入的梯度。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [01 · requires_grad：谁参与求导](01_requires_grad.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/01_requires_grad.ipynb))
#
# **下一篇 →：**
# [03 · no_grad 与 volatile：关闭梯度](03_no_grad_and_volatile.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/03_no_grad_and_volatile.ipynb))
