# %% [markdown] slideshow={"slide_type": "slide"} translates="4940cfaa7d"
# # 12 · 当 backward() 失败时：报错信息详解
#
# 你读懂了文章，回到自己的训练循环，却碰上了一条报错信息。常见的那几条，讲的恰恰是前面几个笔记本里的机制：被释放的图、原地修改、叶节点、标量。本笔记本（超出文章的范围）逐一复现它们，打印出*你的* PyTorch 给出的信息，在图能说明问题的地方画出图，并运行修复方法。有一种流行的「修复」能让报错消失、却让模型停止学习，本笔记本也运行它，并量出它造成的损害。
#
# **怎么看红色卡片。** 每张卡片都是刚刚运行过的一次复现：`expect_error` 检查它是否仍像本笔记本说的那样失败，并显示你的 PyTorch 给出的原文。如果某个 PyTorch 版本不再报这个错，这张卡片就会变成一个报错，指明该信息的编号（E01、E02……）。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/12_when_backward_fails.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="a9912ae1c8"
import re

import torch
from IPython.display import Markdown, display
from torch import nn

from helpers import self_check
from helpers.errors import expect_error
from helpers.graph import backward_nodes, draw, saved_tensors
from helpers.measure import saved_bytes_alive

# %% [markdown] slideshow={"slide_type": "slide"} translates="34f1b571b7"
# ## 1 · `Trying to backward through the graph a second time`
#
# 典型的场景：某个状态从一个训练步延续到下一步，比如循环神经网络的隐藏状态 `h`：每一步都由上一步的 `h` 算出新的 `h`，并调用 `backward()`。这里是它最小的形式：`h = w * h`，损失就是 `h` 本身。
#
# **先预测。** 第一步没问题。第二步明明构建了一个全新的损失，为什么会失败？

# %% slideshow={"slide_type": "subslide"} translates="22319e75e6"
w = torch.tensor(0.8, requires_grad=True)      # 一个权重，状态只有一个数：一张小图
kept = []                                      # 每一步之后的状态，留着之后画图


def two_steps() -> None:
    h = torch.tensor(1.0)
    for _ in range(2):
        h = w * h                              # 新的 h 由旧的 h 算出
        kept.append(h)
        h.backward()                           # 损失就是 h 本身；第 1 步：没问题；第 2 步：……


expect_error("E01", two_steps)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="c5988a4ff5"
# **请看。** 第二步损失的图。注意算出 `h after step 1` 的那个 `MulBackward0`：那是*第一*步的图，仍然通过旧的 `h` 连在这里。它保存的张量画成虚线：第一次 `backward()` 已经把它释放了。第二次 `backward()` 一路上释放了自己这一步保存的张量，然后到达第一步的 `MulBackward0`，却发现没有东西可读。

# %% slideshow={"slide_type": "fragment"} translates="069ec3546b"
draw(kept[1], names={"w": w, "h after step 1": kept[0], "h after step 2": kept[1]})

# %% [markdown] slideshow={"slide_type": "subslide"} translates="ebb795e545"
# **三种修复，并排比较**，用在一个真正的循环步上：`h = tanh(W @ h + x)`，状态有 `32` 个数。每种修复都跑同样的二十步，每次 `backward()` 之后都执行一次优化器更新：
#
# - **重新计算**（`recompute`）：每一步都从序列开头重新构建 `h`（梯度精确，贯穿全部历史）；
# - **分离**（`detach`）：在 `h` 进入下一步的地方写 `h = h.detach()`（梯度停在步与步的边界处：截断的随时间反向传播）；
# - **`retain_graph=True`**：报错信息本身建议的修复；一次带优化器更新，一次不带（只算梯度，不更新）。

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="75ae036ff4"
T, size = 20, 32
seq_x, seq_y = torch.randn(T, size), torch.randn(T, size)
# 显示的文字，与代码查找用的键分开：翻译只改这些
FIX_LABEL = {"recompute": "重新计算", "detach": "分离", "retain_graph": "retain_graph"}


def run_fix(fix: str, update: bool = True) -> dict:
    """用其中一种修复跑二十个训练步；返回它们的开销，以及是否跑完。"""
    torch.manual_seed(1)
    Wf = (0.3 * torch.randn(size, size)).requires_grad_()
    opt = torch.optim.SGD([Wf], lr=0.01 if update else 0.0)  # lr 为 0：没有哪一步会改变 Wf
    h, forward_steps, old_nodes = torch.zeros(size), 0, set()
    row = {"fix": FIX_LABEL[fix] if update else f"{FIX_LABEL[fix]}，不更新", "saved Wf": []}
    try:
        for t in range(T):
            if fix == "recompute":
                h = torch.zeros(size)
                for s in range(t + 1):
                    h, forward_steps = torch.tanh(Wf @ h + seq_x[s]), forward_steps + 1
            else:
                h = h.detach() if fix == "detach" else h
                h, forward_steps = torch.tanh(Wf @ h + seq_x[t]), forward_steps + 1
            new = [fn for fn in backward_nodes(h) if fn not in old_nodes]  # 这一步的节点
            old_nodes.update(new)
            row["saved Wf"].append(any(  # 这一步的图是否保存了 Wf 本身（它的内存）？
                isinstance(v, torch.Tensor) and v.data_ptr() == Wf.data_ptr()
                for fn in new for _, v in saved_tensors(fn)))
            loss = ((h - seq_y[t]) ** 2).sum()
            row["nodes"] = len(backward_nodes(loss))
            opt.zero_grad()
            loss.backward(retain_graph=(fix == "retain_graph"))
            if update:
                opt.step()
        row["outcome"] = f"跑完了全部 {T} 步"
    except RuntimeError as error:
        known = ("原地操作报错（第 2 节会解释）" if "inplace" in str(error)
                 else str(error))
        row["outcome"] = f"在第 {t + 1} 步失败：{known}"
    row["forward"] = forward_steps
    row["held"] = saved_bytes_alive(loss, besides=(Wf,))  # Wf 本身不算额外的内存
    return row


rows = [run_fix("recompute"), run_fix("detach"), run_fix("retain_graph"),
        run_fix("retain_graph", update=False)]
print(f"{'前向步数':>9} {'最后一次反向的节点数':>13} "
      f"{'占用字节（Wf 除外）':>13}  {'修复方法':s}——结果")
for r in rows:
    print(f"{r['forward']:13} {r['nodes']:23} {r['held']:21}  {r['fix']:s}——{r['outcome']}")

recompute, detach, retain, retain_only = rows
first = retain["saved Wf"].index(True) + 1  # 图里第一次保存了 Wf 本身的那一步
failed = re.search(r"在第 (\d+) 步失败", retain["outcome"])
why = (f"从第 {first} 步起，图保存的是 `Wf` 本身而不是副本，而 `opt.step()` "
       "会原地修改它。")
if first == 2 and failed and int(failed[1]) == first + 1:
    why = ("第 1 步的 `h` 全是零，不需要梯度，所以那一步的乘法保存了 `h`，却没有保存 "
           "`Wf`。第 2 步的图最先保存了 `Wf`——是这个张量本身，不是副本——"
           "随后 `opt.step()` 原地修改了它：第 3 步的反向传播回溯到那张图时，"
           "发现 `Wf` 的版本比保存时的新。")
display(Markdown(
    f"**各自的代价。** *重新计算*为 {T} 个训练步跑了 {recompute['forward']} "
    f"次前向计算：工作量随历史长度增长。*分离*跑了 "
    f"{detach['forward']} 次，最后一次反向传播走过 {detach['nodes']} 个节点，而不是 "
    f"{recompute['nodes']} 个：开销很小，代价是梯度停在步与步的边界处。"
    f"*retain_graph=True* {retain['outcome']}。{why}不更新时它能跑完，但最后一次"
    f"反向传播走过了 {retain_only['nodes']} 个节点（又是全部历史），而且除了 `Wf` 本身，"
    f"图仍占着 {retain_only['held']:,} 字节：那是到目前为止每一"
    "步保存下来的状态。"))


# %% [markdown] slideshow={"slide_type": "subslide"} translates="f2891ffd5b"
# ### 动手试试
#
# `broken_chunk` 训练一个 `nn.LSTMCell`（它的状态是一对 `(h, c)`），每次训练一段（chunk）连续的若干步：用这一段的平均损失做一次更新。它第二次被调用时会失败。写一个参数相同的 `train_chunk`，让梯度贯穿一段中的每一步，但不进入前一段。检查会在几段长度各异的新数据上，把它和检查自带的实现做比较。

# %% slideshow={"slide_type": "-"} translates="9e8272d2a3"
def broken_chunk(cell, opt, state, xs, targets):
    losses = []
    for x, target in zip(xs, targets, strict=True):
        state = cell(x, state)                # 新的 (h, c)，由旧的那一对算出
        losses.append(((state[0] - target) ** 2).mean())
    opt.zero_grad()
    torch.stack(losses).mean().backward()
    opt.step()
    return state


train_chunk = ...  # 你的修复：def train_chunk(cell, opt, state, xs, targets): ...
self_check("12.1", train=train_chunk)

# %% [markdown] slideshow={"slide_type": "slide"} translates="ba6dd19aa4"
# ## 2 · `… modified by an inplace operation: … is at version N; expected version M`
#
# 为了计算梯度，有些反向函数会保留（*保存*）前向计算中的张量。每个张量都有一个版本计数器 `_version`，每次原地操作都会让它增加。保存的张量会记住自己被保存时的版本；反向传播时会拿来比较。
#
# **先预测。** `y = a ** 2` 会保存 `a`。如果接着运行 `a.add_(1)`，报错信息会引用哪两个数？

# %% slideshow={"slide_type": "subslide"} translates="b281259e99"
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
a = x * 2
y = a ** 2                                   # PowBackward0 保存它的输入 a
(name, saved), = saved_tensors(y.grad_fn)
version_when_saved = a._version
print(f"{type(y.grad_fn).__name__} 保存了 '{name}'：是 a 的内存吗？"
      f"{saved.data_ptr() == a.data_ptr()}；保存时 a._version = {version_when_saved}")
a.add_(1)                                    # 原地修改：保存的值没了
print(f"a.add_(1) 之后：a._version = {a._version}")

error = expect_error("E02", lambda: y.sum().backward())
display(error)

now, then = map(int, re.search(r"is at version (\d+); expected version (\d+)",
                               error.message).groups())
display(Markdown(f"报错信息引用的是版本 **{now}**（`a._version` 现在的值："
                 f"{a._version}）和 **{then}**（`PowBackward0` 保存它时的值："
                 f"{version_when_saved}）。是否吻合："
                 f"{now == a._version and then == version_when_saved}。"))

# %% [markdown] slideshow={"slide_type": "subslide"} translates="06193b33ee"
# **请看。** 挂在 `PowBackward0` 上的那个保存的张量，画出时带着它已被原地修改的警告：它装的已不再是计算 `a ** 2` 时所用的值。方框 `a` 孤零零地漂在一边：原地加法给了它一段新的历史（`AddBackward0`，即报错信息里的 <span lang="en">"output 0 of Add"</span>），而 `y` 的图里没有这段历史。

# %% slideshow={"slide_type": "fragment"} translates="93639286cf"
draw(y.sum(), names={"x": x, "a": a, "y": y}, legend=False)


# %% [markdown] slideshow={"slide_type": "subslide"} translates="3c121d10c4"
# **输入还是输出？** 原地修改不能碰哪个张量，取决于反向函数保存了什么：`a ** 2` 的导数是 `2a`，所以 `pow` 保存它的*输入*；`exp(a)` 的导数就是 `exp(a)` 本身，所以 `exp` 保存它的*输出*。四次运行：分别修改两者的输入或输出，然后调用 backward。

# %% slideshow={"slide_type": "fragment"} translates="4bbfc629fd"
def in_place_then_backward(op, change: str) -> str:
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True) * 1
    y = op(a)
    (a if change == "input" else y).add_(1)
    try:
        y.sum().backward()
        return "backward 成功"
    except RuntimeError:
        return "失败"


ops = {"a ** 2": lambda t: t ** 2, "a.exp()": torch.exp}
for label, op in ops.items():
    print(f"{label:8} 保存 {saved_tensors(op(torch.ones(1, requires_grad=True)).grad_fn)[0][0]:7}"
          f" | 修改输入：{in_place_then_backward(op, 'input'):15}"
          f"| 修改输出：{in_place_then_backward(op, 'output')}")


# %% slideshow={"slide_type": "subslide"} translates="1a2123c7dd"
def exp_output_changed() -> None:
    b = torch.tensor([1.0, 2.0, 3.0], requires_grad=True) * 1
    e = b.exp()
    e.add_(1)                                # exp 保存的正是 e 本身
    e.sum().backward()


expect_error("E03", exp_output_changed)

# %% [markdown] slideshow={"slide_type": "fragment"} translates="b1d5de4ef2"
# **修复方法**，两种情况都一样：改成非原地的写法（`a = a + 1`，得到一个新张量；保存的那个保留原值），或者修改 `clone()` 出来的副本，而不是保存的张量。要在大模型里找出罪魁祸首，`torch.autograd.set_detect_anomaly(True)` 会在报错上方打印出创建那个失败节点的前向计算代码行。

# %% [markdown] slideshow={"slide_type": "slide"} translates="2432f6594e"
# ## 3 · `element 0 of tensors does not require grad and does not have a grad_fn`
#
# 对一个没有历史的张量调用了 `backward()`：在权重和损失之间的某个地方，图被切断了。下面是四种常见的切断方式，每种后面都跟着 `backward()`：

# %% slideshow={"slide_type": "subslide"} translates="eb2e70e38e"
w = torch.tensor([0.5, -0.3], requires_grad=True)
inp = torch.tensor([1.0, 2.0])


def under_no_grad() -> torch.Tensor:
    with torch.no_grad():
        return (w * inp).sum()


cuts = {
    ".item() 后再 torch.tensor": lambda: torch.tensor((w * inp).sum().item()),
    "在 torch.no_grad() 下计算": under_no_grad,
    "detach()": lambda: (w * inp).sum().detach(),
    "转为 int 再转回 float": lambda: (10 * w * inp).long().float().sum(),
}
for how, make in cuts.items():
    loss = make()
    try:
        loss.backward()
        outcome = "backward 成功"
    except RuntimeError as e:
        outcome = "E04" if "does not have a grad_fn" in str(e) else str(e)
    print(f"{how:31} grad_fn={str(loss.grad_fn):5} requires_grad={loss.requires_grad!s:5} "
          f"-> {outcome}")

expect_error("E04", lambda: torch.tensor((w * inp).sum().item()).backward())

# %% [markdown] slideshow={"slide_type": "subslide"} translates="8d0f7172ee"
# **一步一步看。** 以 `.item()` 这种切断为例，逐个结果来看：Python 浮点数没有历史，由它构造的张量是一个全新的叶节点。

# %% slideshow={"slide_type": "fragment"} translates="31c960d983"
chain = [("w * inp", w * inp)]
chain.append(("(w * inp).sum()", chain[-1][1].sum()))
chain.append(("(…).item()", chain[-1][1].item()))
chain.append(("torch.tensor(…)", torch.tensor(chain[-1][1])))
for label, value in chain:
    if isinstance(value, torch.Tensor):
        fn = type(value.grad_fn).__name__ if value.grad_fn is not None else None
        print(f"{label:17} tensor  grad_fn={fn}  is_leaf={value.is_leaf}")
    else:
        print(f"{label:17} {type(value).__name__:7} {value!r}：根本没有图")

# %% [markdown] slideshow={"slide_type": "fragment"} translates="1e5d7e944e"
# **诱人的错误修复**，很多回答里都贴过：`loss.requires_grad = True`。报错消失了。用它把一个小模型训练五步，再在图完好的情况下训练五步。

# %% slideshow={"slide_type": "subslide"} translates="f421b94bcd"
X, Y = torch.randn(32, 3), torch.randn(32, 1)


def five_steps(posted_fix: bool) -> tuple[list[float], float]:
    torch.manual_seed(2)
    model = nn.Linear(3, 1)
    start = model.weight.detach().clone()
    opt, losses = torch.optim.SGD(model.parameters(), lr=0.1), []
    for _ in range(5):
        loss = nn.functional.mse_loss(model(X), Y)
        if posted_fix:                          # 图被切断，然后又被「修好」
            loss = torch.tensor(loss.item())
            loss.requires_grad = True
        opt.zero_grad()
        loss.backward()                         # 两种情况都不报错
        opt.step()
        losses.append(round(loss.item(), 4))
    return losses, (model.weight.detach() - start).norm().item()


moved = {}
for posted_fix in (True, False):
    losses, moved[posted_fix] = five_steps(posted_fix)
    print(f"{'loss.requires_grad = True' if posted_fix else '图完好':26} 损失 {losses}"
          f"  权重移动了 {moved[posted_fix]:.4f}")
display(Markdown(
    f"用了网上贴的修复，权重移动了 {moved[True]:.4f}（图完好时："
    f"{moved[False]:.4f}）。这个修复让损失成了一个新的叶节点：`backward()` 填充了*它自己*的 "
    "`.grad` 就停下了，没有任何权重得到梯度，`opt.step()` 把它们全都跳过了。正确的"
    "修复是找到切断之处（见上面的表），从权重开始，一路都用张量来"
    "计算损失。"))


# %% [markdown] slideshow={"slide_type": "subslide"} translates="615053ecf3"
# ### 动手试试
#
# `broken_loss` 用 `.item()` 逐个样本计算平均绝对误差，然后套用网上贴的那个修复。写一个参数相同的 `loss_fn`，值相同，*而且*梯度能让模型学习；检查会在新的模型上试它。

# %% slideshow={"slide_type": "-"} translates="251382aabd"
def broken_loss(model, x, y):
    errors = [abs(model(x[i]).item() - y[i].item()) for i in range(len(x))]
    loss = torch.tensor(sum(errors) / len(errors))
    loss.requires_grad = True
    return loss


loss_fn = ...  # 你的修复：def loss_fn(model, x, y): ...
self_check("12.2", loss_fn=loss_fn)

# %% [markdown] slideshow={"slide_type": "slide"} translates="c2f5041d5e"
# ## 4 · `a leaf Variable that requires grad is being used in an in-place operation`
#
# 手写的一步 SGD，`w -= lr * w.grad`，作用在一个需要梯度的权重 `w` 上。自动求导若要照做，就得把这次更新记进图里，让权重本身变成一次运算的结果。它拒绝这样做。

# %% slideshow={"slide_type": "subslide"} translates="cfc2e97af8"
w = torch.tensor([1.0, -1.0], requires_grad=True)
((w * inp).sum() ** 2).backward()
display(expect_error("E05", lambda: w.sub_(0.1 * w.grad)))  # 即 `w -= 0.1 * w.grad` 实际执行的操作

with torch.no_grad():                  # 修复：这次更新不属于任何图
    w -= 0.1 * w.grad
print(f"已原地更新：w = {w.tolist()}，仍是叶节点：{w.is_leaf}")

w_new = w - 0.1 * w.grad               # 另一种诱人的修复：得到的是新张量，而不是一次更新
print(f"w = w - lr * w.grad 得到的是叶节点吗？{w_new.is_leaf}"
      f"（grad_fn={type(w_new.grad_fn).__name__}）："
      "下一次 backward() 不会填充它的 .grad")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="079a8ba362"
# ### 动手试试
#
# 带动量的 SGD 为每个参数保存一个速度 `v`：`v ← mu·v + grad`，然后 `p ← p − lr·v`。写出 `momentum_step(params, velocities, lr, mu)`：原地完成这样的一步，参数要始终是叶节点；速度从零开始，在多次调用之间延续。检查会把它和 `torch.optim.SGD(momentum=mu)` 并排运行。

# %% slideshow={"slide_type": "-"} translates="589a2be69b"
momentum_step = ...  # def momentum_step(params, velocities, lr, mu): ...
self_check("12.3", step=momentum_step)

# %% [markdown] slideshow={"slide_type": "slide"} translates="ecbc7485b4"
# ## 5 · `grad can be implicitly created only for scalar outputs`
#
# 不带参数的 `backward()` 意味着「从 `d(loss)/d(loss) = 1` 开始」，这只对单个数有意义。常见的原因是损失每个设备或每个样本各有一项，比如 `nn.DataParallel` 从各个副本收集回来的结果。
#
# `y.backward(v)` 算的是加权和 `(y * v).sum()` 的梯度（下面会验证）。对于按设备分开的损失，修复方法是先归约，`per_device.mean().backward()`：等同于 `v = [1/n, …]`。

# %% slideshow={"slide_type": "subslide"} translates="4998f6874f"
w = torch.tensor([1.0, 2.0], requires_grad=True)
per_device = torch.stack([(w * 3).sum(), (w ** 2).sum()])   # 每个设备一个损失
display(expect_error("E06", lambda: per_device.backward()))

v = torch.tensor([0.5, 0.5])
per_device.backward(v, retain_graph=True)
with_v, w.grad = w.grad.clone(), None
(per_device * v).sum().backward()
print(f"y.backward(v): {with_v.tolist()}   (y * v).sum().backward(): {w.grad.tolist()}  "
      f"相等：{torch.equal(with_v, w.grad)}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="385dd3b144"
# ### 延伸阅读
#
# - [自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)：保存的张量、原地操作及其版本计数器
# - [异常检测](https://pytorch.org/docs/stable/autograd.html#anomaly-detection)

# %% [markdown] slideshow={"slide_type": "slide"} translates="aff24f343b"
# ## 本笔记本确立了什么
#
# - **图已被释放**（E01）：跨越训练步的状态把旧的、已释放的图一起拖了进来；在边界处对它 `detach()`。`retain_graph=True` 掩盖了这个报错，接着又撞上下一个。
# - **版本计数器**（E02、E03）：反向函数保存过的张量被原地修改了；`pow` 保存输入，`exp` 保存输出。改成非原地的写法。
# - **没有 `grad_fn`**（E04）：图被切断了（`.item()`、`no_grad`、`detach`、整数类型转换）；`loss.requires_grad = True` 让报错消失，而权重永远不动。
# - **叶节点原地修改**（E05）：在 `torch.no_grad()` 下更新权重。
# - **不是标量**（E06）：`y.backward(v)` 就是 `(y * v).sum().backward()`；先归约。
#
# 网站的*报错索引*（`errors.html`）按构建所用的 PyTorch 打印的原样列出每条报错信息，并链接到这里对应的卡片。笔记本 13（`13_more_backward_failures`）接着讲普通训练步之外会遇到的报错，以及那种什么都不打印的失败。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [11 · 今昔对照：2017 年的写法，今天再验一遍](11_then_and_now.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/11_then_and_now.ipynb))
#
# **下一篇 →：**
# [13 · 更多失败：推理、NumPy 与二阶导数](13_more_backward_failures.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/13_more_backward_failures.ipynb))
