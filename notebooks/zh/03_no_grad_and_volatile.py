# %% [markdown] slideshow={"slide_type": "slide"} translates="05476d343c"
# # 03 · no_grad 与 volatile：关闭梯度
#
# 只想要预测结果时，跟踪梯度纯属白费功夫。2017 年要关掉它，写的是 `volatile=True`，文章也把它当作推理的*标准*开关。在这个笔记本里，你会在今天的 PyTorch 上运行 2017 年的写法，认识取代它的几个开关（以及一个只是看起来像开关的方法），并实测梯度跟踪到底要付出多少代价。
#
# 本笔记本检验的论断：**C05**、**C06**。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/03_no_grad_and_volatile.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="b00b0e15bd"
import contextlib
import re
import warnings

import matplotlib.pyplot as plt
import torch
from IPython.display import Markdown, display
from torch import nn
from torch.autograd import Variable

from helpers import check, judge, self_check
from helpers.graph import draw
from helpers.measure import median_seconds, peak_memory_bytes, saved_for_backward, tensor_bytes


def first_sentence(error: Exception) -> str:
    """错误的类型和报错信息的第一句：足以认出是哪个错误。"""
    sentence = re.split(r"\.(?=\s|[A-Z])", str(error))[0]  # 不在 "torch.no_grad" 处断开
    return f"{type(error).__name__}: {sentence.rstrip('.')}."


# %% [markdown] slideshow={"slide_type": "slide"} translates="cf36b78e2a"
# ## C05 · §1 — `volatile=True`：2017 年的推理开关
#
# **论断。** 把张量标记为 `volatile=True` 等同于 `requires_grad=False`；这个标记会传给由该张量算出的一切结果，所以只要在输入上设一个标志，整个前向计算的梯度就都关掉了；推理就该这么做。
#
# **我们检验的解读：** 先看 2017 年的写法：`Variable(x, volatile=True)`（或文章的另一种写法 `x.volatile = True`）今天是否仍能关闭梯度，使得由它和一个*需要梯度的权重*算出的结果像 2017 年那样不需要梯度？再看用今天的方式写出的这条规则：在 `torch.no_grad()` 内算出的一切，数值不变，既没有 `requires_grad`，也没有计算图。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="fb0b299091"
# **讲解。** `volatile` 是 PyTorch 0.3 的推理开关；今天它能运行，会发出警告，却什么也不做。现在的开关是上下文管理器 `torch.no_grad()`，危险在于代码悄无声息地照样构建计算图。
#
# **学生带来的想法。** 文章写道「`volatile==True` 就等价于`requires_grad==False`」。学生把这两个标志当作同义词，原封不动地移植旧的推理代码。
#
# **先提问。** `Variable(x, volatile=True)` 今天还能运行吗？运行之后，`x @ w` 会需要梯度吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="465cddf941"
# **先预测。** `Variable(x, volatile=True)` 还能运行吗？如果能，在 `w.requires_grad=True` 时，`y = x @ w` 会需要梯度吗？

# %% slideshow={"slide_type": "subslide"} translates="3e3b738e70"
torch.manual_seed(0)
w = torch.randn(3, 2, requires_grad=True)  # 一个需要梯度的权重
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    x_old = Variable(torch.randn(4, 3), volatile=True)  # 2017 年的写法
    x_old.volatile = True  # 文章的另一种写法
    volatile_flag = x_old.volatile
    with saved_for_backward() as saved_old:
        y_old = x_old @ w

print("x_old.volatile 读出：", volatile_flag)
for message in dict.fromkeys(str(c.message) for c in caught):  # 每种警告只显示一次
    print("警告：", message)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="fa070e546d"
# 警告说得很清楚：`volatile` 已经被移除了。可警告一闪而过，转眼就被忘掉。计算本身又做了什么呢？

# %% slideshow={"slide_type": "-"} translates="b264e3c72c"
print("y_old.requires_grad:", y_old.requires_grad)
print("y_old.grad_fn:      ", type(y_old.grad_fn).__name__)
print("自动求导为反向传播保存的字节数：", saved_old.bytes)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="3680c1665d"
# **请看。** “volatile”输入被画成常量（它本来就不需要梯度），但 `w` 是需要梯度的叶节点，所以自动求导记录了一个 `MmBackward0` 节点，并为它保存了一个张量（橙色椭圆）：一张完整的计算图，恰恰是 volatile 本该阻止的。

# %% slideshow={"slide_type": "fragment"} translates="ddeff59c83"
draw(y_old, names={"x_old": x_old, "w": w, "y_old": y_old})

# %% [markdown] slideshow={"slide_type": "subslide"} translates="55d9afb92b"
# 今天要表达“这段计算不要梯度”，写法是一个上下文管理器：

# %% slideshow={"slide_type": "-"} translates="6f0b1b9913"
with torch.no_grad():
    y_new = x_old @ w
    z_new = torch.relu(y_new) * w.sum()  # 再多算一步，仍在块内
print("在 torch.no_grad() 下：y 的 requires_grad =", y_new.requires_grad, "| grad_fn =",
      y_new.grad_fn, "| 再算一步：", z_new.requires_grad)
print("与 y_old 数值相同：", torch.equal(y_new, y_old))

# %% slideshow={"slide_type": "subslide"} translates="c1692f2c16"
removed = [str(c.message) for c in caught if "volatile was removed" in str(c.message)]
volatile_ignored = y_old.requires_grad and y_old.grad_fn is not None  # 2017 年：没有计算图
no_grad_rule = (not y_new.requires_grad and y_new.grad_fn is None and not z_new.requires_grad
                and torch.equal(y_new, y_old))
observed = judge(holds=no_grad_rule, changed_since_2017=volatile_ignored)
check("C05", observed,
      evidence=f"Variable(x, volatile=True) 能运行，并警告“{removed[0] if removed else '（无）'}"
               f"”；x.volatile 读出 {volatile_flag}；y = x @ w 的 requires_grad="
               f"{y_old.requires_grad}（grad_fn 为 {type(y_old.grad_fn).__name__}），"
               f"并为反向传播保存了 {saved_old.bytes} 字节；改用今天的写法，在 "
               f"torch.no_grad() 下，y 及由它算出的结果 requires_grad="
               f"{y_new.requires_grad or z_new.requires_grad}，数值不变")


# %% [markdown] slideshow={"slide_type": "notes"} translates="2f1020974d"
# 在 PyTorch 0.3 中，`volatile` 比 `requires_grad=False` *更强*：volatile 输入会让每个结果都成为 volatile，即使有权重需要梯度也是如此；而普通的 `requires_grad=False` 输入则不会。所以“`volatile` 等于 `requires_grad=False`”即使在 2017 年也不严谨。PyTorch 0.4（2018 年 4 月）用 `torch.no_grad()` 取代了这个标志。今天的危险在于它不出声：从 2017 年搬来的代码照样能运行，却在推理时悄悄地构建计算图。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="0cd25e73cc"
# ### 动手试试
#
# 一个 2017 年的评估函数给输入打上标记，让标记自行传下去：`return model(Variable(batch, volatile=True))`。请把它改成今天的写法：`evaluate(model, batch)` 必须返回模型的输出，背后没有计算图，运行期间不为反向传播保存任何东西，也不改动模型的标志。**先预测：** 今天有没有哪个标志，可以代替 volatile 加在 `batch` 上？检查会用它自己的模型和批次调用你的函数，其中有些需要梯度。

# %% slideshow={"slide_type": "-"} translates="ee6f0b5112"
def evaluate(model, batch):
    """模型在 batch 上的输出：背后没有计算图，不为反向传播保存任何东西。"""
    return ...  # 今天的写法


self_check("03.1", evaluate=evaluate)

# %% [markdown] slideshow={"slide_type": "slide"} translates="2b8c61844b"
# ## 今天的开关，以及它们的张量事后还能做什么
#
# `volatile` 只干一件事。今天有三个工具来做这件事，各有取舍；还有第四个（`model.eval()`）常被误当成其中之一：
#
# - `torch.no_grad()` —— 块内不记录计算图（也可以当装饰器用：在评估函数上加 `@torch.no_grad()`）；
# - `torch.inference_mode()` —— 作用相同，还省掉了自动求导的簿记工作：视图跟踪，以及*版本计数器*，即每个张量对自身原地修改的计数，反向传播靠它发现自己保存的张量被改过（见笔记本 06 和 12）。这能省下一点时间，但它产生的张量会一直带着标记；
# - `torch.set_grad_enabled(flag)` —— 带开/关参数的 `no_grad`；
# - `model.eval()` —— 改变某些层的行为；梯度仍然**开着**。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="c85bec943c"
# ### `torch.no_grad()` —— 块内没有计算图，块外是普通张量

# %% slideshow={"slide_type": "-"} translates="8e7ead3ce0"
p = torch.randn(3, requires_grad=True)
with torch.no_grad():
    h = p * 2
print("h.requires_grad:", h.requires_grad, "| is_leaf:", h.is_leaf, "| grad_fn:", h.grad_fn)

q = torch.randn(3, requires_grad=True)
(h * q).sum().backward()  # 之后，h 作为常量进入一张新的计算图
print("q.grad 等于 h：", torch.equal(q.grad, h))
h.requires_grad_()  # 它本来就是叶节点，甚至可以开始需要梯度
print("requires_grad_() 之后：requires_grad", h.requires_grad, "| is_leaf:", h.is_leaf)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="b332dcea6a"
# ### `torch.inference_mode()` —— 簿记更少，但它的张量一直带着标记

# %% slideshow={"slide_type": "-"} translates="98e7dd49d9"
with torch.inference_mode():
    a = p * 2
print("a.requires_grad:", a.requires_grad, "| a.is_inference():", a.is_inference())

q.grad = None
try:
    (a * q).sum().backward()  # 乘法必须为反向传播保存 a
except RuntimeError as e:
    print("a * q ->", first_sentence(e))
(a + q).sum().backward()  # 加法什么也不保存，所以允许
print("a + q -> 没问题，q.grad =", q.grad)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="b9480ee3f7"
# 这个错误与**保存**有关：推理张量没有版本计数器，反向传播就无法保护它。出了块之后，也不能原地修改它：

# %% slideshow={"slide_type": "-"} translates="492e4b4042"
before = a.clone()
try:
    a.add_(1)
except RuntimeError as e:
    print("a.add_(1) ->", first_sentence(e))
changed = not torch.equal(a, before)
print("a 修改前：", before, "| 修改后：", a, "—— 失败的 add_ 照样写入了结果：这个错误"
      "保护不了数值" if changed else "—— 没有变")

b = a.clone()  # 报错信息建议的一种出路（另一种：改用 torch.no_grad()）
b.add_(1)
print("b.is_inference():", b.is_inference(), "| b * q 需要梯度：", (b * q).requires_grad)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="f296b66655"
# ### `torch.set_grad_enabled(flag)` —— 训练和评估共用一条代码路径

# %% slideshow={"slide_type": "-"} translates="20a0b48317"
lin = nn.Linear(3, 1)
x4 = torch.randn(4, 3)

def forward(model, inputs, train):
    with torch.set_grad_enabled(train):  # 作为带参数的上下文管理器
        return model(inputs)

print("train=True :", forward(lin, x4, True).requires_grad)
print("train=False:", forward(lin, x4, False).requires_grad)

torch.set_grad_enabled(False)  # 作为普通调用：从这里起关闭……
print("set_grad_enabled(False) 之后：", torch.is_grad_enabled(), lin(x4).requires_grad)
torch.set_grad_enabled(True)  # ……直到你自己重新打开
print("set_grad_enabled(True) 之后： ", torch.is_grad_enabled(), lin(x4).requires_grad)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="998bb4b373"
# ### `model.eval()` —— 完全是另一种开关
#
# `eval()` 把 Dropout 和 BatchNorm 切换到评估时的行为。看看它对梯度跟踪做了什么、没做什么。推理时通常两样都要：`model.eval()` 管层，`torch.no_grad()` 或 `torch.inference_mode()` 管自动求导。

# %% slideshow={"slide_type": "-"} translates="72adc941b6"
torch.manual_seed(0)
net_d = nn.Sequential(nn.Linear(3, 8), nn.BatchNorm1d(8), nn.Dropout(p=0.5))
x8 = torch.randn(4, 3)

net_d.train()
print("train()：两次调用结果一致？", torch.equal(net_d(x8), net_d(x8)))  # 每次都换新的 dropout 掩码
net_d.eval()
out = net_d(x8)
print("eval()： 两次调用结果一致？", torch.equal(out, net_d(x8)))
print("eval() 之后：out.requires_grad =", out.requires_grad,
      "| 梯度开启：", torch.is_grad_enabled())
mean_before = net_d[1].running_mean.clone()
net_d(x8)  # 评估模式下，BatchNorm 使用其滑动统计量，且不更新它们
print("eval() 下的前向计算没有改动 BatchNorm 的滑动均值：",
      torch.equal(mean_before, net_d[1].running_mean))


# %% [markdown] slideshow={"slide_type": "subslide"} translates="4ca7f64f09"
# ### 汇总：在各个开关下创建的张量，事后能做什么
#
# 逐行读这张表：哪些开关留下的是普通张量，哪一个留下的张量带着长久的限制？

# %% slideshow={"slide_type": "-"} tags=["hide-input"] translates="00a535babf"
def afterwards(mode) -> dict:
    """在 `mode` 下创建 t = p * 2，等这个模式结束后，再拿 t 试几种操作。"""
    def fresh():
        with mode():
            return p * 2
    row = {"requires_grad": str(fresh().requires_grad)}
    for test, step in [("saved by t * q", lambda t: t * q),
                       ("requires_grad_()", lambda t: t.requires_grad_()),
                       ("in-place add_(1)", lambda t: t.add_(1))]:
        try:
            step(fresh())
            row[test] = "可以"
        except RuntimeError:
            row[test] = "RuntimeError"
    return row


modes = {"tracking on": contextlib.nullcontext, "no_grad()": torch.no_grad,
         "inference_mode()": torch.inference_mode,
         "set_grad_enabled(False)": lambda: torch.set_grad_enabled(False)}
columns = ["requires_grad", "saved by t * q", "requires_grad_()", "in-place add_(1)"]
# 显示用的词，与代码查找的键分开：翻译只改这里
# （LABEL.get(word, word) 对没有列出的词，比如 API 名称，原样显示）
LABEL = {"tracking on": "跟踪开启", "saved by t * q": "被 t * q 保存",
         "in-place add_(1)": "原地 add_(1)"}
print(f"{'创建时所在的模式':16}" + "".join(f"{LABEL.get(c, c):>21}" for c in columns))
for name, mode in modes.items():
    row = afterwards(mode)
    print(f"{LABEL.get(name, name):24}" + "".join(f"{row[c]:>21}" for c in columns))

# %% [markdown] slideshow={"slide_type": "slide"} translates="422d534864"
# ## C06 · §1 — 跟踪改变的是代价，而不是答案
#
# **论断。** 推理时，跟踪不跟踪梯度对结果没有影响，但会改变时间和内存上的代价；而且只需一个关闭跟踪的开关，就不必在每个参数上设置 `requires_grad=False`。
#
# **我们检验的解读**（对象是 `device` 上的一个小型 MLP）：
# 1. 跟踪与不跟踪时的输出相等；
# 2. 跟踪时，自动求导会为反向传播保存张量（字节数 > 0）；不跟踪时一个也不保存（0 字节）；时间和峰值内存只展示、不评判：它们取决于机器及其负载；
# 3. `with torch.no_grad()` 的输出与在每个参数上设置 `requires_grad=False` 时相同，两者都不保留计算图。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="98f8fdd487"
# **讲解。** 无论跟踪开还是关，输出都完全相同；变的是自动求导为反向传播保存的内存，以及花费的时间。一个 `torch.no_grad()` 块就能代替每个参数上的一个标志。
#
# **学生带来的想法。** 文章的观点「对结果是没有影响的」是对的，但学生常常相信相反的说法：`no_grad` 会改变预测结果，或者 `model.eval()` 会关闭跟踪。
#
# **先提问。** 在 `torch.no_grad()` 内，模型的输出会不同吗？保存的内存会更少吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="eddcd0b446"
# **先预测。** 下面的 MLP 在大小为 128 的批次上，把特征依次映射为 64 → 256 → 256 → 10。在一次跟踪梯度的前向计算中，自动求导会保存每个操作的反向计算将要用到的东西。你猜是哪些张量：输入、权重、隐藏层激活值，还是输出？（规则和字节数在运行之后给出。）

# %% slideshow={"slide_type": "subslide"} translates="2dfefdc36e"
torch.manual_seed(0)
B, D_IN, D_HID, D_OUT = 128, 64, 256, 10
net = nn.Sequential(nn.Linear(D_IN, D_HID), nn.ReLU(), nn.Linear(D_HID, D_HID), nn.ReLU(),
                    nn.Linear(D_HID, D_OUT)).to(device)
x = torch.randn(B, D_IN, device=device)
print(f"测量设备：{device} | 批次 {B} | 各层：", [tuple(m.weight.shape[::-1]) for m in
                                                        net if isinstance(m, nn.Linear)])

with saved_for_backward(x, *net.parameters()) as saved_on:
    y_on = net(x)
with torch.no_grad(), saved_for_backward() as saved_off:
    y_off = net(x)
with torch.inference_mode(), saved_for_backward() as saved_inf:
    y_inf = net(x)

print("输出相等（torch.equal）：no_grad", torch.equal(y_on, y_off),
      "| inference_mode", torch.equal(y_on, y_inf))
print(f"为反向传播保存：跟踪开启 {saved_on.bytes:,} B（{saved_on.count} 次保存）| "
      f"no_grad {saved_off.bytes} B | inference_mode {saved_inf.bytes} B")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="2389791674"
# **逐层看理论。** Linear 层在权重需要梯度时保存自己的*输入*（权重的梯度由它算出），在输入需要梯度时保存自己的*权重*，形式为 `Wᵀ`（第一层的 `x` 不需要梯度）。ReLU 保存自己的*输出*：梯度只在输出为正的位置通过。ReLU 的输出同时也是下一个 Linear 层的输入：同一个张量，保存两次，只存一份。
#
# | 层 | 保存 | 形状 |
# |---|---|---|
# | Linear 1 | 它的输入 `x` | B × 64 |
# | ReLU 1 | 它的输出 `h1` | B × 256 |
# | Linear 2 | `h1`（再次）和 `W2ᵀ` | 256 × 256 |
# | ReLU 2 | 它的输出 `h2` | B × 256 |
# | Linear 3 | `h2`（再次）和 `W3ᵀ` | 256 × 10 |

# %% slideshow={"slide_type": "subslide"} translates="cad896edf6"
theory_input = tensor_bytes((B, D_IN))  # x：叶节点，本来就在内存里
theory_acts = tensor_bytes((B, D_HID), (B, D_HID))  # h1、h2：跟踪额外占用的内存
theory_weights = tensor_bytes(net[2].weight.shape, net[4].weight.shape)  # W2ᵀ、W3ᵀ
theory_total = theory_input + theory_acts + theory_weights

print(f"{'':28}{'理论':>10}{'实测':>10}")
print(f"{'保存的总量':28}{theory_total:>10,}{saved_on.bytes:>10,}")
print(f"{'原本就有：x, W2, W3':28}{theory_input + theory_weights:>10,}"
      f"{saved_on.existing_bytes:>10,}")
print(f"{'跟踪新增：h1 + h2':28}{theory_acts:>10,}{saved_on.added_bytes:>10,}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="c2046db874"
# `W2ᵀ` 是 `W2` 的*视图*，共用同一块存储，因此不占新的内存。跟踪真正新增的是激活值 `h1 + h2`，这部分随批次大小 `B` 增长。
#
# **请看。** 在同一个 `x` 上再跑一遍前两层（整个 MLP 太宽，画出来没法看）。每个橙色椭圆都是为反向传播保存的张量，用点线连到保存它的操作：`x`、两次 `h1`（ReLU 一次，第二个 Linear 一次）以及 `W2ᵀ`，图中把它标作 W2 的值：它与 W2 共用存储。第三层与第二层相同。

# %% slideshow={"slide_type": "subslide"} translates="8d620c5fb2"
h1 = net[1](net[0](x))  # 在同一个 x 上再跑一遍前两层
two_layers = net[2](h1)
draw(two_layers, names={"x": x, "W1": net[0].weight, "b1": net[0].bias, "h1": h1,
                        "W2": net[2].weight, "b2": net[2].bias}, legend=False, show_saved=True)


# %% [markdown] slideshow={"slide_type": "subslide"} translates="2174ed2a4d"
# 现在看时间。下面每个函数运行一次前向计算；`median_seconds` 用 `torch.utils.benchmark` 为它计时，`peak_memory_bytes` 测量它运行期间内存涨了多少（在 GPU 上用 CUDA 分配器的统计数据，在 Linux 的 CPU 上用常驻内存的最高水位）。

# %% slideshow={"slide_type": "-"} translates="d21d41b29a"
def forward_on():
    return net(x)

def forward_no_grad():
    with torch.no_grad():
        return net(x)

def forward_inference():
    with torch.inference_mode():
        return net(x)


runs = {"tracking on": forward_on, "no_grad": forward_no_grad, "inference_mode": forward_inference}
# 显示用的词，与代码查找的键分开：翻译只改这里
RUN_LABEL = {"tracking on": "跟踪开启", "no_grad": "no_grad", "inference_mode": "inference_mode"}
secs = {k: median_seconds(f, min_run_time=0.1) for k, f in runs.items()}
peaks = {k: peak_memory_bytes(f, device) for k, f in runs.items()}
added_bytes = {"tracking on": saved_on.added_bytes, "no_grad": saved_off.added_bytes,
               "inference_mode": saved_inf.added_bytes}  # 为反向传播保存的、x 和权重之外的部分

# %% slideshow={"slide_type": "subslide"} translates="68a1aaec3c"
# 每种方式在这台机器上的代价：时间、跟踪为反向传播新增的字节数、峰值内存。
print("测量设备：", device)
for k in runs:
    peak = f"{peaks[k]:,} B" if peaks[k] is not None else "在此系统上无法测量"
    # 名称放在行末：中文名称和英文名称的显示宽度不同，放在前面会把数字列挤歪
    print(f"{secs[k] * 1e6:9.1f} µs   新增 {added_bytes[k]:>9,} B   峰值 {peak}  {RUN_LABEL[k]:s}")
ratio = secs["inference_mode"] / secs["no_grad"]
display(Markdown(
    f"这次在 `{device}` 上，`inference_mode` 每次前向计算用时 {secs['inference_mode'] * 1e6:.1f} "
    f"µs，`no_grad` 用时 {secs['no_grad'] * 1e6:.1f} µs：推理模式"
    f"{'快' if ratio < 1 else '慢'}了 {abs(1 - ratio):.1%}。它能省下的是"
    "逐个张量的簿记工作（版本计数器、视图跟踪），与这个 MLP 的矩阵乘法相比微不足道，"
    "所以在繁忙的机器上谁快谁慢都有可能：再运行一次这个单元格，比较一下。"))

# %% [markdown] slideshow={"slide_type": "subslide"} translates="41c5ab6e8d"
# **请看。** 左：每次前向计算的时间（有噪声，在共享的 CPU 上尤其如此）。中：跟踪新增的内存（`h1` 和 `h2`）。右（在能测量时）：一次前向计算的峰值内存。跟踪时，为反向传播保存的激活值到最后都还在内存里；不跟踪时，每个激活值在下一层用完后就被释放。

# %% slideshow={"slide_type": "-"} tags=["hide-input"] translates="9499d30ace"
panels = [("每次前向计算的时间（µs）", {k: s * 1e6 for k, s in secs.items()}),
          ("为反向传播新增（KiB）", {k: b / 1024 for k, b in added_bytes.items()})]
if all(v is not None for v in peaks.values()):
    panels.append(("峰值内存（KiB）", {k: b / 1024 for k, b in peaks.items()}))
fig, axes = plt.subplots(1, len(panels), figsize=(3.2 * len(panels), 3))
for ax, (label, values) in zip(axes, panels, strict=True):
    bars = ax.bar([RUN_LABEL[k] for k in values], list(values.values()),
                  color=["tab:red", "tab:blue", "tab:green"])
    ax.bar_label(bars, fmt="%.0f", fontsize=8)
    ax.set_ylabel(label)
    ax.tick_params(axis="x", labelrotation=25)
fig.suptitle(f"MLP 的一次前向计算，批次 {B}，设备 {device}")
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"} translates="62b31134c1"
# 在 CPU 上，几根时间柱往往相差不大：与矩阵乘法相比，记录计算图的开销很小；而内存的差别是精确的。试试更大的批次或更宽的隐藏层。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="c0166a9cd8"
# ### 一个开关，还是每个参数一个标志？
#
# 文章提到的另一种做法：自己在每个参数上设置 `requires_grad=False`。

# %% slideshow={"slide_type": "-"} translates="4d3905c38e"
param_list = list(net.parameters())
for param in param_list:  # 逐个参数的做法：每个参数都要动一遍……
    param.requires_grad_(False)
with saved_for_backward() as saved_frozen:
    y_frozen = net(x)
print(f"改动的标志数：{len(param_list)} | y_frozen.requires_grad：{y_frozen.requires_grad}"
      f" | 为反向传播保存：{saved_frozen.bytes} B")
print("与 no_grad 下的输出相同：", torch.equal(y_frozen, y_off))


# %% [markdown] slideshow={"slide_type": "subslide"} translates="5bd0821818"
# 答案相同，也没有计算图。但这些标志现在留在了*模型里*，而且管不到输入：

# %% slideshow={"slide_type": "skip"} tags=["hide-input"] translates="13239b66e0"
def kept_names(model, inputs):
    """逐层运行 model，按顺序给自动求导为反向传播保存的每块存储起名。"""
    saved = []
    with torch.autograd.graph.saved_tensors_hooks(
            lambda t: saved.append(t.untyped_storage().data_ptr()) or t, lambda t: t):
        acts = [inputs]
        for layer in model:
            acts.append(layer(acts[-1]))
    label = {acts[0].untyped_storage().data_ptr(): "x"}
    for i, layer in enumerate(model):
        if isinstance(layer, nn.Linear):
            label[layer.weight.untyped_storage().data_ptr()] = f"W{i // 2 + 1}ᵀ"
        else:
            label[acts[i + 1].untyped_storage().data_ptr()] = f"h{i // 2 + 1}"
    return list(dict.fromkeys(label.get(ptr, "另一个张量") for ptr in saved))


# %% slideshow={"slide_type": "-"} translates="c36b9ffd88"
x_tracked = x.clone().requires_grad_()  # 例如来自另一个网络的输入
with saved_for_backward() as saved_leak:
    y_leak = net(x_tracked)
print(f"冻结的模型、需要梯度的输入：requires_grad {y_leak.requires_grad}，"
      f"为反向传播保存了 {saved_leak.bytes:,} B：{', '.join(kept_names(net, x_tracked))}")
try:
    net(x).sum().backward()  # 后来有人训练这个模型，却忘了这些标志
except RuntimeError as e:
    print("训练被改动过的模型 ->", first_sentence(e))

# %% slideshow={"slide_type": "subslide"} translates="7977c2c4d7"
for param in param_list:  # ……事后还得记得改回来
    param.requires_grad_(True)
print("模型已恢复：", all(param.requires_grad for param in net.parameters()))

with torch.no_grad(), saved_for_backward() as saved_switch:
    y_switch = net(x_tracked)  # 一个开关连输入也管住了，而且什么都不改动
print(f"no_grad、需要梯度的输入：requires_grad {y_switch.requires_grad}，"
      f"保存了 {saved_switch.bytes} B")

# %% slideshow={"slide_type": "subslide"} translates="0afc8e86ff"
results_equal = torch.allclose(y_on, y_off) and torch.allclose(y_on, y_inf)
tracking_costs = saved_on.bytes > 0 and saved_off.bytes == 0 and saved_inf.bytes == 0
one_switch_same = (torch.allclose(y_frozen, y_off) and y_frozen.grad_fn is None
                   and y_off.grad_fn is None and saved_frozen.bytes == 0)
observed = judge(holds=results_equal and tracking_costs and one_switch_same)
check("C06", observed,
      evidence=f"在 {device} 上：跟踪与不跟踪时输出相等（torch.equal "
               f"{torch.equal(y_on, y_off)}）；跟踪时为反向传播保存了 {saved_on.bytes:,} B"
               f"（由各层形状预测为 {theory_total:,} B），no_grad 和 "
               f"inference_mode 分别保存了 {saved_off.bytes} B 和 {saved_inf.bytes} B；一次前向计算"
               f"跟踪时用时 {secs['tracking on'] * 1e6:.0f} µs，"
               f"不跟踪时 {secs['no_grad'] * 1e6:.0f} µs（只展示、不评判）；no_grad 等同于"
               f"在全部 {len(param_list)} 个参数上设置 requires_grad=False，而且不改动"
               "模型")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="03c44c56de"
# ### 动手试试
#
# 冻结的 `net` 在需要梯度的输入上保存了五个张量（见上文）：每个 `Wᵀ`，以及两个 ReLU 的 `h1`、`h2`；没有哪个 Linear 保存了自己的输入。现在来看常见的微调情形：只冻结**第一个** Linear 层，其余可训练，输入是普通张量（不需要梯度）。请写出 `saved_bytes(batch)`：这个网络在 `batch` 行的输入上做一次前向计算时，自动求导保存的字节数；要根据形状用 `tensor_bytes` 算出来（每个张量一个形状），而不是实测。**先预测：** 哪些层会保存东西？检查会在按这种方式设置的 `net` 副本上，用你没见过的批次大小来测量。

# %% slideshow={"slide_type": "-"} translates="0b9e1fdfb3"
def saved_bytes(batch: int) -> int:
    """只冻结第一个 Linear 时，`net` 在不需要梯度的 `batch` 行输入上做一次前向计算，
    自动求导保存的字节数。"""
    return ...  # 根据各层形状，用 tensor_bytes 算


self_check("03.2", saved_bytes=saved_bytes, net=net)

# %% [markdown] slideshow={"slide_type": "slide"} translates="f9da662484"
# ## 延伸阅读
#
# - [自动求导机制：局部禁用梯度计算](https://pytorch.org/docs/stable/notes/autograd.html#locally-disabling-gradient-computation)
# - [`torch.no_grad`](https://pytorch.org/docs/stable/generated/torch.no_grad.html)
# - [`torch.inference_mode`](https://pytorch.org/docs/stable/generated/torch.inference_mode.html)
# - [`torch.set_grad_enabled`](https://pytorch.org/docs/stable/generated/torch.set_grad_enabled.html)
# - [`torch.nn.Module.eval`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval)
# - [`torch.autograd` 入门](https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html)

# %% [markdown] slideshow={"slide_type": "slide"} translates="355f97c2d1"
# ## 本笔记本确立了什么
#
# - **C05** —— `volatile=True` 仍能运行，但只会发出警告：“volatile”结果需要梯度，并且保留计算图。今天的开关是 `torch.no_grad()`、`torch.inference_mode()` 和 `torch.set_grad_enabled(False)`；`model.eval()` 改变的是层的行为，而不是梯度跟踪。
# - **C06** —— 跟踪开或关，输出都相同；跟踪时，自动求导保存的正是各层形状所预测的张量，不跟踪时一个也不保存；一个 `torch.no_grad()` 就能做到在每个参数上设标志所做的事，还能管住输入，而且不改动模型。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [02 · 模块与参数：网络中的 requires_grad](02_modules_and_parameters.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/02_modules_and_parameters.ipynb))
#
# **下一篇 →：**
# [04 · 叶节点、中间节点，以及梯度最后去了哪里](04_leaf_and_intermediate_grads.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/04_leaf_and_intermediate_grads.ipynb))
