# %% [markdown] slideshow={"slide_type": "slide"} translates="2ce5a12ffe"
# # 10 · 冻结网络的一部分
#
# 文章最后给出了一句话的做法：要让网络的某一部分不再训练，就在这部分的参数上设置 `requires_grad = False`。你将检验这个做法能保证什么，观察梯度如何*穿过*被冻结的层，把四种出错的方式逐一跑一遍（以及各自的修正），并测量冻结能省下什么。
#
# 本笔记本检验的论断：**C27**。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/10_freezing.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="a987171c1c"
import copy

import matplotlib.pyplot as plt
import torch
from IPython.display import Markdown, display
from torch import nn

from helpers import check, judge, self_check
from helpers.graph import draw
from helpers.measure import median_seconds, peak_memory_bytes, saved_for_backward, tensor_bytes


# %% [markdown] slideshow={"slide_type": "slide"} translates="d20da894c6"
# ## C27 · §4 — 用 `requires_grad = False` 冻结
#
# **论断。** 在一个子模块的每个参数上设置 `requires_grad = False` 就能冻结它：不会为这些参数保留梯度（`.grad` 保持为 `None`），而穿过网络其余部分的反向传播照常进行。文章给出的理由「因为是叶节点」站不住：叶节点恰恰是*保留* `.grad` 的地方（C18、C21、C25）。被冻结的参数仍然是叶节点；阻止它得到梯度的是 `requires_grad=False`。
#
# **我们检验的解读：** 冻结之后，训练步让冻结层的 `.grad` 保持为 `None`、权重**逐位不变**；它两侧的层（包括它*之前*的那一层，其梯度要穿过冻结层才能到达）得到的梯度与不冻结时相同，并且照常学习。还有：不论用哪种方式冻结，这都成立吗？

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="f6563aba2f"
# **讲解。** 在训练开始前设置 `requires_grad=False`，就能冻结一块网络：没有梯度，没有变化，它之前的层照样学习。如果是后来才冻结，残留的 `.grad`，或者被清零但与动量一起使用的 `.grad`，仍会让它移动；而在训练模式下，批归一化的统计量也仍会变化。
#
# **学生带来的想法。** 文章说这样的参数「不求grad」，因而固定不变。学生在训练到一半时冻结，却发现权重还在动。
#
# **先提问。** 我们在训练了几步之后冻结一层。它的权重会停在原处吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="665ef9e6ec"
# **先预测。** 你冻结一个三层网络的*中间*一层。*第一*层还会学习吗？它的梯度必须反向穿过被冻结的层才能到达那里。

# %% slideshow={"slide_type": "skip"} translates="d8425dd0e5"
def make_model():
    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(),   # 0：冻结层之前
                         nn.Linear(16, 16), nn.ReLU(),  # 2：我们冻结的这一层
                         nn.Linear(16, 4))              # 4：冻结层之后


gen = torch.Generator().manual_seed(0)
x, y = torch.randn(64, 8, generator=gen), torch.randint(0, 4, (64,), generator=gen)
loss_fn = nn.CrossEntropyLoss()
start = make_model()  # 下面的每个实验都从这些权重的副本开始

# %% slideshow={"slide_type": "subslide"} translates="eed78c8f63"
model = copy.deepcopy(start)
for p in model[2].parameters():  # 文章的做法，用在中间层上
    p.requires_grad = False
frozen_start = [p.detach().clone() for p in model[2].parameters()]
first_start = [p.detach().clone() for p in model[0].parameters()]

optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
for _ in range(5):
    optimizer.zero_grad()
    loss_fn(model(x), y).backward()
    optimizer.step()

# %% slideshow={"slide_type": "-"} translates="1508cf1332"
frozen_grads_none = all(p.grad is None for p in model[2].parameters())
frozen_same = all(torch.equal(p, q) for p, q in zip(model[2].parameters(), frozen_start,
                                                    strict=True))
first_has_grads = all(p.grad is not None for p in model[0].parameters())
first_moved = all(not torch.equal(p, q) for p, q in zip(model[0].parameters(), first_start,
                                                        strict=True))
print("5 步之后，冻结的第 2 层：.grad 全为 None：", frozen_grads_none,
      "| 权重逐位不变：", frozen_same, "| is_leaf:", model[2].weight.is_leaf)
print("        它之前的第 0 层：有 .grad：", first_has_grads,
      "| 权重移动了：", first_moved, "| is_leaf:", model[0].weight.is_leaf)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="9d849fcbb9"
# 「照常进行」是一个很强的承诺，所以从相同的权重出发，比较冻结与不冻结时的一次反向传播：第 0 层和第 4 层得到的梯度相同吗？

# %% slideshow={"slide_type": "-"} translates="9b0f1fb8c4"
frozen, free = copy.deepcopy(start), copy.deepcopy(start)
frozen[2].requires_grad_(False)  # 上面那个循环，如今一次调用就能写完
loss_fn(frozen(x), y).backward()
loss_fn(free(x), y).backward()
pairs = [(a.grad, b.grad) for i in (0, 4)
         for a, b in zip(frozen[i].parameters(), free[i].parameters(), strict=True)]
same_upstream = all(torch.allclose(a, b) for a, b in pairs)
bit_same = all(torch.equal(a, b) for a, b in pairs)
print(f"第 0 层和第 4 层：冻结与否，梯度都相同：{same_upstream}"
      f"（逐位相同：{bit_same}）")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="760a38c4a5"
# **请看。** 自动求导所记录的网络，每一层折叠成一个框（在 `backward()` *之前*画出，这时冻结层保存的权重仍把它的操作与该层联系在一起）。看框 `2 (Linear)`：它标为*冻结*，没有*梯度*那一行。箭头仍然穿过它，从第 0 层通到第 4 层：它作为一个函数参与反向传播，只是它自己的权重得不到梯度。

# %% slideshow={"slide_type": "-"} translates="e0ac93d5dd"
loss = loss_fn(frozen(x), y)  # 一次新的前向计算，在 backward() 之前画出
draw(loss, names={"x": x, "loss": loss}, modules=frozen)

# %% [markdown] slideshow={"slide_type": "notes"} translates="c893d8d7be"
# 为什么梯度仍能穿过第 2 层？它的输出是 `h @ W.T + b`。关于 `h` 的梯度（第 0 层需要的）是 `grad_out @ W`：它*用到* `W`，但不需要*关于* `W` 的梯度。冻结省掉的只是第二个乘积 `grad_out.T @ h`。这就是为什么对于网络中间的冻结层，自动求导仍然保存 `W`（下文还会再遇到这一点）。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="e811fe7c21"
# ### 陷阱 1 · 在 `backward()` 之后冻结
#
# 这个做法只是设置一个标志，并不清除已经存在的东西。在一次 `backward()` 之后立刻冻结一层（比如在一个训练步进行到一半时），然后调用 `step()`。

# %% [markdown] slideshow={"slide_type": "fragment"} translates="bcd4191a0b"
# **先预测。** 冻结层的 `.grad` 现在是 `None` 吗？`step()` 会动它的权重吗？

# %% slideshow={"slide_type": "-"} translates="2580369bd5"
model = copy.deepcopy(start)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn(model(x), y).backward()
model[2].requires_grad_(False)  # 在 backward() *之后*才冻结
stale_grad = model[2].weight.grad is not None
before = model[2].weight.detach().clone()
optimizer.step()
stale_moved = not torch.equal(before, model[2].weight)
print("冻结层的 .grad 为 None：", not stale_grad, "| step() 移动了它的权重：", stale_moved)


# %% [markdown] slideshow={"slide_type": "subslide"} translates="4ca9695876"
# `step()` 从不查看 `requires_grad`：它会更新每一个 `.grad` 不为 `None` 的参数。损害持续多久，取决于循环如何清除梯度。下面，第 2 层先训练一步，然后在下一步中被冻结：在该步的 `backward()` 之后、之前，或者之后并把 `.grad` 设为 `None`；都带动量和权重衰减，并分别搭配两种 `zero_grad`：

# %% slideshow={"slide_type": "-"} translates="953ef68937"
def drift(zero_to_none, freeze, steps=8):
    """第 2 层的权重从被冻结的那一步起，每一步移动了多远（在那一步的 backward()
    之后冻结："after"，之前冻结："before"，或 "clear"：之后冻结并把 .grad 设为 None）。"""
    model = copy.deepcopy(start)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=0.01)
    moves = []
    for step in range(steps + 1):  # 第 0 步训练第 2 层；第 1 步冻结它
        opt.zero_grad(set_to_none=zero_to_none)
        if step == 1 and freeze == "before":
            model[2].requires_grad_(False)
        loss_fn(model(x), y).backward()
        if step == 1 and freeze != "before":
            model[2].requires_grad_(False)
            if freeze == "clear":
                for p in model[2].parameters():
                    p.grad = None
        before = model[2].weight.detach().clone()
        opt.step()
        if step >= 1:
            moves.append((model[2].weight - before).abs().max().item())
    return moves


# %% [markdown] slideshow={"slide_type": "subslide"} translates="38f3c962bc"
# **请看。** 从冻结那一步起，「冻结的」权重每一步移动了多远。只要它的 `.grad` 是一个全零张量（2017 年的 `zero_grad` 就是原地清零），动量缓冲区和权重衰减就会一直推动它，即使冻结发生在 `backward()` *之前*也一样。只要 `.grad` 为 `None`，`step()` 就会跳过它。

# %% slideshow={"slide_type": "-"} translates="6bb63f379b"
loops = {"after backward, zero_grad(set_to_none=False)": drift(False, "after"),
         "after backward, zero_grad()": drift(True, "after"),
         "before backward, zero_grad(set_to_none=False)": drift(False, "before"),
         "before backward, zero_grad()": drift(True, "before"),
         "after, p.grad = None, zero_grad(set_to_none=False)": drift(False, "clear")}
# 显示的文字，与代码查找用的键分开：翻译只改这些
LOOP_LABEL = {"after backward, zero_grad(set_to_none=False)":
              "backward() 之后冻结，zero_grad(set_to_none=False)",
              "after backward, zero_grad()": "backward() 之后冻结，zero_grad()",
              "before backward, zero_grad(set_to_none=False)":
              "backward() 之前冻结，zero_grad(set_to_none=False)",
              "before backward, zero_grad()": "backward() 之前冻结，zero_grad()",
              "after, p.grad = None, zero_grad(set_to_none=False)":
              "backward() 之后冻结并令 p.grad = None，zero_grad(set_to_none=False)"}
for name, moves in loops.items():
    print(f"移动了 {sum(m > 0 for m in moves)} / {len(moves)} 步：{LOOP_LABEL[name]:s}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="e7f0fcc7f2"
# 还是这五次运行，逐步来看：冻结层的权重在每一步移动了多远。

# %% slideshow={"slide_type": "-"} tags=["hide-input"] translates="890dea4d7c"
fig, ax = plt.subplots(figsize=(6, 3))
for (name, moves), marker in zip(loops.items(), "osv^x", strict=True):
    ax.plot(range(1, len(moves) + 1), moves, marker=marker, label=LOOP_LABEL[name])
ax.set(xlabel="冻结之后的训练步", ylabel="第 2 层权重的最大 |Δ|",
       title="训练中途冻结的层（CPU）")
ax.legend(fontsize=7)
plt.show()


# %% [markdown] slideshow={"slide_type": "notes"} translates="a4b693763c"
# 每种修正在什么时候有效。在该步的 `backward()` *之前*冻结，只有当该层的 `.grad` 这时已经是 `None` 时才有效（如今的 `zero_grad()`，或者该层从来没有过 `.grad`）；若是原地清零，动量和权重衰减每一步都会移动它（第三行）。在冻结时执行 `p.grad = None`，搭配哪种 `zero_grad` 都有效（最后一行）：原地清零只会触及已经存在的梯度。在冻结之后、只用可训练参数构建的优化器总是有效（见下一个陷阱）。Adam 也并不更安全：它的滑动平均会移动梯度为零的权重。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="6e9c96c9db"
# ### 陷阱 2 · 传入全部参数，还是只传可训练的参数？
#
# 冻结之后构建优化器，常见的有两种写法：照常传入 `model.parameters()`，或者只传入仍在训练的参数 `filter(lambda p: p.requires_grad, model.parameters())`。下面两者都训练 5 步，循环中原地清零梯度（PyTorch 2.0 之前的默认行为），并带权重衰减；一次是在干净地冻结之后，一次是在某次 `backward()` 之后才冻结（比如先做了一次预热）。

# %% slideshow={"slide_type": "-"} translates="2e60c8c19b"
def train_frozen(filtered, warm_up, steps=5):
    model = copy.deepcopy(start)
    if warm_up:
        loss_fn(model(x), y).backward()  # 冻结之前的一次 backward()
    model[2].requires_grad_(False)
    params = (filter(lambda p: p.requires_grad, model.parameters()) if filtered
              else model.parameters())
    opt = torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=0.01)
    for _ in range(steps):
        opt.zero_grad(set_to_none=False)  # 把 .grad 张量清零，但保留它们
        loss_fn(model(x), y).backward()
        opt.step()
    return model, opt


# %% slideshow={"slide_type": "subslide"} translates="533bcb6f35"
def layer2_moved(model):
    return not all(torch.equal(p, q) for p, q in zip(model[2].parameters(),
                                                     start[2].parameters(), strict=True))


results = {(f, w): train_frozen(f, w) for f in (False, True) for w in (False, True)}
for (filtered, warm_up), (m, opt) in results.items():
    print(f"{'只传可训练' if filtered else '传全部参数':10} | "
          f"{'先 backward 再冻结' if warm_up else '干净冻结':16} | 优化器持有 "
          f"{len(opt.param_groups[0]['params'])} 个张量 | 第 2 层移动了：{layer2_moved(m)}")

clean_all, clean_filtered = results[(False, False)][0], results[(True, False)][0]
clean_same = all(torch.equal(p, q) for p, q in zip(clean_all.parameters(),
                                                   clean_filtered.parameters(), strict=True))
print("干净冻结：两个模型逐位相同：", clean_same)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="9c551cb934"
# 干净冻结之后，两者完全一样：SGD 会跳过 `.grad` 为 `None` 的参数，所以把冻结的参数交给它不花任何代价。而在某次 `backward()` 之后才冻结时，冻结层留有值为零的梯度*张量*，持有该层的优化器会对它施加权重衰减和动量；只传可训练参数的优化器则根本看不到它。过滤的代价是：优化器完全不知道那一层，所以你之后解冻的层会悄悄地原地不动（下面来试试）。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="168915d681"
# ### 陷阱 3 · `model.eval()` 什么也不冻结
#
# `eval()` 把 dropout、批归一化这类层切换到推理时的行为。它能让训练停下来吗？

# %% slideshow={"slide_type": "-"} translates="1b12e8fe19"
model = copy.deepcopy(start)
model.eval()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn(model(x), y).backward()
optimizer.step()
n_moved = sum(not torch.equal(p, q) for p, q in zip(model.parameters(), start.parameters(),
                                                     strict=True))
print(f"model.training={model.training}；各处的 requires_grad 仍为 True："
      f"{all(p.requires_grad for p in model.parameters())}；"
      f"{n_moved} 个张量移动了（共 {len(list(model.parameters()))} 个）")


# %% [markdown] slideshow={"slide_type": "notes"} translates="94bb9612f0"
# `eval()` 和 `requires_grad` 是两个互不相干的开关：`eval()` 改变前向计算*算什么*，`requires_grad=False` 改变反向传播*记录什么*。做推理时，通常两者都要：`eval()` 和 `torch.no_grad()`（见 `03_no_grad_and_volatile`）。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="684e84d096"
# ### 陷阱 4 · 冻结的 BatchNorm 仍在学习它的统计量
#
# `BatchNorm` 层有两类状态：一类是它的权重和偏置，这是参数，`requires_grad=False` 能冻结它们；另一类是它的滑动均值和方差，这是*缓冲区*，训练模式下每次前向计算都会更新它们，与梯度无关。下面把模型的第一块（`Linear` + `BatchNorm1d`）冻结，其余部分训练几步。
#
# **先预测。** 冻结块的 `running_mean` 会变吗？怎样才能让它不变？

# %% slideshow={"slide_type": "-"} translates="efabd6f8e3"
def train_with_frozen_bn(eval_frozen, steps=3):
    """冻结第一块（Linear + BatchNorm），训练其余部分；返回模型。"""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 4))
    frozen = model[:2]  # 一个装着同样两个模块的 Sequential
    frozen.requires_grad_(False)
    model.train()
    if eval_frozen:
        frozen.eval()  # 冻结块按推理方式计算：只用滑动统计量
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    return model


# %% slideshow={"slide_type": "subslide"} translates="9c0ae94c3e"
# 训练两次：先让冻结块留在训练模式，再把它切换到评估模式。
bn_fresh = nn.BatchNorm1d(16)  # 每个 BatchNorm 的起点：均值 0，权重 1
bn_moved = {}
for label, eval_frozen in (("requires_grad=False", False), ("... + frozen.eval()", True)):
    bn = train_with_frozen_bn(eval_frozen)[1]
    bn_moved[eval_frozen] = (bn.running_mean - bn_fresh.running_mean).abs().max().item()
    print(f"{label:22} running_mean 移动了 {bn_moved[eval_frozen]:.4f}，共计入 "
          f"{bn.num_batches_tracked.item()} 个批次；BatchNorm 的权重不变："
          f"{torch.equal(bn.weight, bn_fresh.weight)}")
model = train_with_frozen_bn(eval_frozen=True)
model.train()
print("之后再调用 model.train()，冻结的 BatchNorm 又回到训练模式：",
      model[1].training)

# %% [markdown] slideshow={"slide_type": "-"} translates="bd515a8524"
# `requires_grad=False` 冻结了 BatchNorm 的权重和偏置，却没有冻结它的滑动统计量：它们是缓冲区，训练模式下每次前向计算都会更新。对冻结部分调用 `.eval()` 是缺少的另一半；由于 `model.train()` 会把每个子模块都切换回训练模式，每次调用 `model.train()` 之后都要再调用一次。

# %% slideshow={"slide_type": "subslide"} translates="ab41be0787"
holds = (frozen_grads_none and frozen_same and first_has_grads and first_moved
         and same_upstream)
bn_stats_moved = bn_moved[False] > 0 and bn_moved[True] == 0
exception = (stale_grad and stale_moved) or bn_stats_moved
old_loop = loops["after backward, zero_grad(set_to_none=False)"]
frozen_first = loops["before backward, zero_grad(set_to_none=False)"]
check("C27", judge(holds=holds, exception=exception),
      evidence=f"在任何 backward() 之前冻结：5 步之后，第 2 层的 .grad 为 None"
               f"（{frozen_grads_none}），权重逐位不变（{frozen_same}）；"
               f"它之前的第 0 层仍得到梯度（{first_has_grads}），照常学习"
               f"（{first_moved}），梯度与不冻结时相同（{same_upstream}）。但"
               f"若在一次 backward() 之后冻结，它的 .grad 不为 None（{stale_grad}），step() "
               f"移动了它的权重（{stale_moved}）；使用 zero_grad(set_to_none=False) 时，权重"
               f"移动的步数为 {sum(m > 0 for m in old_loop)} / {len(old_loop)}，在该步的 "
               f"backward() 之前冻结时为 {sum(m > 0 for m in frozen_first)} 步，"
               f"因为第 2 层此前训练过。而冻结的 "
               f"BatchNorm 的 running_mean 在训练模式下仍移动了 {bn_moved[False]:.4f}"
               f"（对冻结块调用 .eval() 之后为 {bn_moved[True]:.4f}）")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="68b18969c3"
# ### 动手试试
#
# 陷阱 2 中只传可训练参数的优化器，构建时没有包含冻结层；现在那一层应该重新训练。编写 `unfreeze(model, optimizer, i)`：之后第 `i` 层要用 `optimizer` 及其设置（包括动量）来训练。先预测：只调用 `model[i].requires_grad_(True)` 能让它动起来吗？检查会冻结、训练并解冻它自己的模型，再把接下来几步与正确的结果比较。

# %% slideshow={"slide_type": "-"} translates="e353cd09a1"
def unfreeze(model, optimizer, i):
    ...  # 让第 i 层重新训练，用这个优化器及其设置


self_check("10.1", unfreeze=unfreeze)

# %% [markdown] slideshow={"slide_type": "slide"} translates="f539869191"
# ## 冻结能省下什么
#
# 被冻结的参数不需要权重梯度，所以反向传播应该少做一些工作。而位于网络*开头*的冻结层根本不需要计算图：它之前没有任何东西需要梯度。在一个更深的网络上测一测：四个 `Linear(512, 512)` + ReLU 块和一个 `Linear(512, 10)` 头，批次大小 256，在本笔记本的 `device` 上运行。

# %% [markdown] slideshow={"slide_type": "fragment"} translates="fc105fee4f"
# **先预测。** 冻结五层中的前 *k* 层：反向传播的时间会随 *k* 成比例下降吗？只冻结*中间*的一层，又能省下多少内存？

# %% slideshow={"slide_type": "-"} translates="ffc7bcc392"
B, D = 256, 512
deep = nn.Sequential(*[m for _ in range(4) for m in (nn.Linear(D, D), nn.ReLU())],
                     nn.Linear(D, 10)).to(device)
xb, yb = torch.randn(B, D, device=device), torch.randint(0, 10, (B,), device=device)
linears = [i for i, m in enumerate(deep) if isinstance(m, nn.Linear)]  # 位置 0 2 4 6 8
configs = {"none": [], **{f"first {k}": linears[:k] for k in range(1, 5)},
           "middle (3rd)": [4]}  # 五个 Linear 层中的第三个，即 deep[4]
# 显示的文字，与代码查找用的键分开：翻译只改这些
CONFIG_LABEL = {"none": "不冻结", **{f"first {k}": f"前 {k} 层" for k in range(1, 5)},
                "middle (3rd)": "中间（第 3 层）"}
print(f"在 {device} 上测量：批次大小 {B}，{len(linears) - 1} 个隐藏层 Linear({D}, {D})，"
      f"外加一个 Linear({D}, 10) 头")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="5bb3d8b376"
# 按每种操作遵循的规则，理论预测如下：可训练的 `Linear` 保存它的输入（用于求权重梯度）；输入需要梯度的 `Linear` 保存它的权重（用于求输入梯度）；输入需要梯度的 ReLU 保存它的输出；损失保存它的对数概率、目标和一个计数。每个张量只计一次。计算量：`Linear` 的每个权重梯度和每个输入梯度都是一次矩阵乘法，计 `2·B·in·out` 次浮点运算。

# %% slideshow={"slide_type": "-"} translates="8ab06a99ed"
def predicted(model):
    """按上面的规则算出：自动求导必须保存的字节数，以及反向传播的浮点运算量。"""
    keep, flops, carries, width = {}, 0, False, D
    for i, layer in enumerate(model):
        if isinstance(layer, nn.Linear):
            trainable, width = layer.weight.requires_grad, layer.out_features
            product = 2 * B * layer.weight.numel()  # 一次梯度矩阵乘法的浮点运算量
            if trainable:  # 权重梯度：需要输入
                keep[f"act{i}"], flops = (B, layer.in_features), flops + product
            if carries:  # 输入梯度：需要权重
                keep[f"w{i}"], flops = tuple(layer.weight.shape), flops + product
            carries = carries or trainable
        elif carries:
            keep[f"act{i + 1}"] = (B, width)  # ReLU 保存它的输出：即下一层的输入
    loss_bytes = tensor_bytes((B, 10), ()) + tensor_bytes((B,), dtype=torch.int64)
    return tensor_bytes(*keep.values()) + loss_bytes, flops


# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="8e2e95c6f3"
def build(frozen_layers):
    """`deep` 的一个副本：冻结给定的层，做一次前向计算，返回它保存的字节数。"""
    m = copy.deepcopy(deep)
    for i in frozen_layers:
        m[i].requires_grad_(False)
    with saved_for_backward() as saved:
        loss = loss_fn(m(xb), yb)
    return m, loss, saved.bytes


runs = {name: build(frozen_layers) for name, frozen_layers in configs.items()}


def backward_only(m, loss):  # 只做反向传播，在一个保留下来、可重复使用的图上
    trainable = [p for p in m.parameters() if p.requires_grad]
    return lambda: torch.autograd.grad(loss, trainable, retain_graph=True)


times = {name: [] for name in runs}
for _ in range(3):  # 轮流计时，各取最好成绩：机器繁忙只会增加延迟
    for name, (m, loss, _) in runs.items():
        times[name].append(median_seconds(backward_only(m, loss), min_run_time=0.1))


# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="9321cd02ac"
def train_step(m):
    return lambda: loss_fn(m(xb), yb).backward()


rows = []
for name, (m, loss, saved_bytes) in runs.items():
    loss.backward()  # 一次真正写入 .grad 的反向传播：数一数它算了什么
    counted = sum(p.grad.numel() for p in m.parameters() if p.grad is not None)
    theory = sum(p.numel() for p in m.parameters() if p.requires_grad)
    peak = peak_memory_bytes(train_step(m), device)  # 无法测量时为 None
    rows.append((name, counted, theory, saved_bytes, *predicted(m), min(times[name]), peak))

print(f"{'梯度元素数':>10}{'（理论）':>7}{'保存 MB':>8}{'（理论）':>6}"
      f"{'反向 ms':>11}{'GFLOP（理论）':>12}  {'冻结的层':s}")
for name, counted, theory, saved_b, theory_b, flops, seconds, _ in rows:
    print(f"{counted:>15,}{theory:>11,}{saved_b / 1e6:>10.3f}{theory_b / 1e6:>10.3f}"
          f"{seconds * 1e3:>13.2f}{flops / 1e9:>16.3f}  {CONFIG_LABEL[name]:s}")
peaks = [r[-1] for r in rows]
print("一个训练步的内存峰值：", "在此系统上无法测量" if peaks[0] is None
      else [f"{p / 1e6:.1f} MB" for p in peaks], f"——设备：{device}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="db385e21d3"
# **请看。** 条形是测量值，黑点是理论值。对时间而言，理论值是把浮点运算量按比例缩放，使「不冻结」与它的实测时间一致；看看条形是否跟着黑点走。

# %% slideshow={"slide_type": "subslide"} translates="9706460cde"
names = [CONFIG_LABEL[r[0]] for r in rows]
series = [("反向传播时间（ms）", [r[6] * 1e3 for r in rows],
           [r[5] / rows[0][5] * rows[0][6] * 1e3 for r in rows]),
          ("为反向传播保存的量（MB）", [r[3] / 1e6 for r in rows], [r[4] / 1e6 for r in rows]),
          ("梯度元素（百万个）", [r[1] / 1e6 for r in rows], [r[2] / 1e6 for r in rows])]
fig, axes = plt.subplots(1, 3, figsize=(11, 3))
for ax, (label, measured, theory) in zip(axes, series, strict=True):
    ax.bar(names, measured, color="tab:blue")
    ax.plot(names, theory, "ko", label="理论")
    ax.set(ylabel=label, xlabel="冻结的层")
    ax.tick_params(axis="x", rotation=45, labelsize=8)
axes[0].legend()
fig.suptitle(f"冻结能省下什么（在 {device} 上测得）")
fig.tight_layout()
plt.show()

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="bc813a923d"
by_name = {r[0]: r for r in rows}
none, first4, middle = by_name["none"], by_name["first 4"], by_name["middle (3rd)"]
# 在 CPU 上峰值很粗略（只是进程的内存高水位）：先把同一步再测几次，看它自己会浮动多少，
# 再用它比较两种配置。
again = [peak_memory_bytes(train_step(runs["none"][0]), device) for _ in range(3)]
if none[-1] is None or None in again:
    peak_sentence = "在此系统上无法测量一个训练步的内存峰值。"
else:
    spread = max(again + [none[-1]]) - min(again + [none[-1]])
    difference = none[-1] - middle[-1]
    peak_sentence = (
        f"一个完整训练步的内存峰值（在 {device} 上）：不冻结时为 {none[-1] / 1e6:.1f} MB，"
        f"冻结中间层时为 {middle[-1] / 1e6:.1f} MB；同一个"
        f"不冻结的训练步运行四次，自身就浮动了 {spread / 1e6:.1f} MB，"
        + ("所以这项测量分辨不出两者。" if spread >= abs(difference)
           else "小于两者之差。"))


display(Markdown(
    "冻结网络的*前缀*省得最多：在第一个可训练层之前不记录任何计算图，所以前面这些层的激活从不"
    "保存，它们的反向传播也从不运行（冻结前 4 "
    f"层：为反向传播保存 {first4[3] / 1e6:.3f} MB，而不是 {none[3] / 1e6:.3f} MB）。"
    "冻结*中间*那一层，省下的是它的权重梯度："
    f"梯度元素少了 {none[1] - middle[1]:,} 个，`.grad` 少占 {(none[1] - middle[1]) * 4 / 1e6:.2f} "
    f"MB，反向传播少做 {(none[5] - middle[5]) / 1e9:.3f} GFLOP（共 {none[5] / 1e9:.3f} GFLOP）。"
    "它**不**改变为反向传播保存的量"
    f"（{middle[3] / 1e6:.3f} MB 对 {none[3] / 1e6:.3f} MB）：它之前的 ReLU 保存的正是"
    "该层不再需要的那个张量，而该层为了把梯度继续传下去，"
    "也必须保存它的权重。" + peak_sentence))

# %% [markdown] slideshow={"slide_type": "notes"} translates="6426ee6418"
# 这里的时间是在保留的计算图上执行 `torch.autograd.grad(loss, trainable)` 所用的时间：只有反向传播，不含前向计算，也不写入 `.grad`；每种配置轮流计时三次，取其中最好的中位数。计时仍然有噪声，只是大致跟随浮点运算量；而浮点运算量、梯度元素数和保存的字节数都是精确的。`saved_for_backward()` 对每块存储只计一次（下一层也保存的 ReLU 输出，或者以转置视图形式保存的权重，都只算一次），理论值也是这样算的。内存峰值是进程（或 GPU）在一次前向计算和反向传播期间达到的最高用量，包括临时张量；在 CPU 上，它是更粗略的常驻内存高水位。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="103f62e52e"
# ### 延伸阅读
#
# - [`torch.nn.Module.requires_grad_`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.requires_grad_) 和 [`torch.nn.Module.eval`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval)
# - [自动求导机制：局部禁用梯度计算](https://pytorch.org/docs/stable/notes/autograd.html#locally-disabling-gradient-computation)
# - [`torch.nn.BatchNorm1d`](https://pytorch.org/docs/stable/generated/torch.nn.BatchNorm1d.html)
# - [`torch.optim.Optimizer.zero_grad`](https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html)
# - [`torch.optim`](https://pytorch.org/docs/stable/optim.html)：优化器持有什么

# %% [markdown] slideshow={"slide_type": "slide"} translates="6232e858a8"
# ## 本笔记本确立了什么
#
# - **C27** —— 冻结子模块靠的是 `requires_grad = False`（而不是因为它是叶节点）：它得不到梯度，权重不动，梯度仍然原样*穿过*它。例外：早先某次 `backward()` 留下的 `.grad` 会让 `step()` 移动「冻结的」权重（在原地清零加动量时会一直移动下去，即使是在该步的 `backward()` 之前冻结）。BatchNorm 的滑动统计量还需要 `.eval()`。另外：单靠 `eval()` 冻结不了任何权重；过滤优化器的参数总是有效；冻结开头几层比冻结中间几层省得多。
#
# 文章的论断到此为止：`build/claims.html` 列出了每一条结论。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [09 · 两个网络，一个损失，一个优化器](09_two_networks.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/09_two_networks.ipynb))
#
# **下一篇 →：**
# [11 · 今昔对照：2017 年的写法，今天再验一遍](11_then_and_now.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/11_then_and_now.ipynb))
