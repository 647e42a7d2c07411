# %% [markdown] slideshow={"slide_type": "slide"} translates="4c0554c8b2"
# # 08 · 梯度累加，以及优化器更新了什么
#
# 文章说，求梯度和更新权重是分开的两步，而且优化器可以只更新你选定的参数。在这里你将弄清：梯度在哪里堆积、什么时候被清空，怎样把多个微批次累加成一次更新，以及优化器真正动了哪些权重。
#
# 本笔记本检验的论断：**C12**、**C13**。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/08_accumulate_and_step.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="f32d8eb0c9"
import inspect

import matplotlib.pyplot as plt
import torch
from torch import nn

from helpers import check, judge, self_check
from helpers.graph import draw
from helpers.steps import backward_steps

# %% [markdown] slideshow={"slide_type": "slide"} translates="c81897cabd"
# ## C12 · §2 — 梯度会一直累加，直到你把它清空
#
# **论断。** 求梯度和更新权重是分开的两步。几个损失在同一组参数上产生的梯度，可以先累加起来，之后再一次性用于更新。
#
# **我们检验的解读：** `backward()` 写入 `.grad`，从不改动权重；`step()` 改变权重；`.grad` 会在多次调用、多次迭代中不断累加，直到你把它清空；在多个微批次上累加梯度、再做一次 `step()`，等于在整个批次上做一步。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="10968da1e6"
# **讲解。** `backward()` 只填写 `.grad`；权重在 `step()` 时才改变。梯度会一直累加，直到被重置，几个损失或几个微批次正是这样合成一次更新的。
#
# **学生带来的想法。** 学生以为反向传播会更新权重，或者忘了 `.grad` 会累加，于是看到梯度每次迭代都在变大。
#
# **先提问。** 我们不重置，连续调用两次反向传播。`.grad` 会怎样？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="e512944919"
# **先预测。** 在同一批数据上做两次前向计算和反向传播，中间不清空。`.grad` 是一次的梯度，还是它的两倍？`optimizer.zero_grad()` 之后，`.grad` 里又是什么：全是零，还是别的东西？

# %% slideshow={"slide_type": "subslide"} translates="48891a4389"
torch.manual_seed(0)
net = nn.Linear(4, 1)
data, target = torch.randn(8, 4), torch.randn(8, 1)
loss_fn = nn.MSELoss()                      # 对所有元素取平均：这里每个样本一个元素
opt = torch.optim.SGD(net.parameters(), lr=0.1)

loss_fn(net(data), target).backward()
once = net.weight.grad.clone()
loss_fn(net(data), target).backward()       # 新的一次前向计算，第二次反向传播
doubled = torch.allclose(net.weight.grad, 2 * once)
print("1 次反向传播之后：", once, "\n2 次反向传播之后：", net.weight.grad)

default = inspect.signature(torch.optim.Optimizer.zero_grad).parameters["set_to_none"].default
opt.zero_grad()                             # 如今的默认值：set_to_none=True
none_after = net.weight.grad is None
print(f"zero_grad()（set_to_none={default}）之后 .grad =", net.weight.grad)

loss_fn(net(data), target).backward()
opt.zero_grad(set_to_none=False)            # 2017 年的行为：填零
zeros_after = net.weight.grad is not None and not net.weight.grad.any()
print("zero_grad(set_to_none=False) 之后 .grad =", net.weight.grad)

# %% [markdown] slideshow={"slide_type": "notes"} translates="b222d98bc3"
# `None` 表示「还没有梯度」：下一次 `backward()` 直接存入它的梯度，而不是加到零上，这样既省内存，又省去一次对张量的遍历。在 `zero_grad()` 之后立刻读取 `.grad` 的代码，必须预料到 `None`。默认值在 PyTorch 2.0 中改变；2017 年时 `zero_grad()` 是填零的——文章 §3 代码里的注释说的正是这一点。

# %% slideshow={"slide_type": "subslide"} translates="9f52795bc2"
# 现在把这两步拆开，一步一步来。留意权重。
w_before = net.weight.detach().clone()
loss_fn(net(data), target).backward()
unchanged_by_backward = torch.equal(net.weight, w_before)
grad = net.weight.grad.clone()
opt.step()
changed_by_step = not torch.equal(net.weight, w_before)
sgd_rule = torch.allclose(net.weight, w_before - 0.1 * grad)
print(f"backward() 之后权重未变：{unchanged_by_backward}")
print(f"step() 之后权重改变：{changed_by_step}，且等于 w - lr·grad：{sgd_rule}")

# %% slideshow={"slide_type": "subslide"} translates="9ad2158d61"
# 先预测，再单步回放：哪个节点写入 .grad？它是覆盖原有的值，还是加到上面？
torch.manual_seed(0)
tiny = nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 1))
x_tiny = torch.tensor([[1.0, -1.0]])
tiny(x_tiny).sum().backward()                      # 第一次反向传播：.grad 已填写
# 第二次，一步一步来，每个 Linear 一个方框。留意方框里已写入 .grad 的计数随着
# 它的 AccumulateGrad 步骤运行而增加，再看说明文字：在原有的值上累加，而不是覆盖。
backward_steps(tiny(x_tiny).sum(), modules={"fc1": tiny[0], "fc2": tiny[2]})


# %% [markdown] slideshow={"slide_type": "subslide"} translates="33794aadee"
# 有意地累加：把批次分成 4 个微批次，对每个调用 `backward()`，只更新一步。`MSELoss` 取的是**平均值**（对所有元素；这里每个样本一个），所以每个微批次的损失都要除以微批次的个数：

# %% slideshow={"slide_type": "-"} translates="220cb12233"
def grads_after(micro_batches, scale):
    net.zero_grad()
    for xb, yb in zip(data.chunk(micro_batches), target.chunk(micro_batches), strict=True):
        (loss_fn(net(xb), yb) * scale).backward()
    return torch.cat([p.grad.flatten() for p in net.parameters()])


big = grads_after(1, 1.0)
scaled = grads_after(4, 1 / 4)
unscaled = grads_after(4, 1.0)
micro_equal = torch.allclose(scaled, big, atol=1e-6)
ratio = (unscaled / big).mean().item()
print(f"{len(data)} 个样本的批次分成 4 个各含 {len(data) // 4} 个样本的微批次，loss / 4 时梯度"
      f"等于大批次的：{micro_equal}")
print(f"4 个微批次，不缩放：大批次梯度的 {ratio:.2f} 倍")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="8514005615"
# **请看。** 左图：五次迭代中梯度的大小（没有 `step()`，所以每次迭代算出的梯度都一样）：不调用 `zero_grad()`，曲线每次迭代都升高一个梯度的大小；调用它，曲线保持平直。右图：整个批次以及两种微批次做法下每个参数的梯度；`loss / 4` 的柱子与整个批次的一致。

# %% slideshow={"slide_type": "-"} tags=["hide-input"] translates="ee8518b4ec"
iterations = range(1, 6)
norm_kept, norm_cleared = [], []
for clear, norms in ((False, norm_kept), (True, norm_cleared)):
    net.zero_grad()
    for _ in iterations:
        if clear:
            opt.zero_grad()
        loss_fn(net(data), target).backward()
        norms.append(net.weight.grad.norm().item())

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
left.plot(iterations, norm_kept, "o-", label="从不清空")
left.plot(iterations, norm_cleared, "s-", label="每次都 zero_grad()")
left.set_xlabel("迭代")
left.set_ylabel("weight.grad 的范数")
left.set_title("迭代中的 .grad（不调用 step）", fontsize=10)
left.legend(fontsize=8)
idx = range(len(big))
for k, (label, g) in enumerate([("整个批次", big), ("4 个微批次，loss/4", scaled),
                                ("4 个微批次，不缩放", unscaled)]):
    right.bar([i + (k - 1) * 0.27 for i in idx], g.tolist(), width=0.27, label=label)
right.set_xticks(idx, ["w1", "w2", "w3", "w4", "b"])
right.set_ylabel("梯度")
right.set_title("一个批次 vs 4 个微批次", fontsize=10)
right.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% slideshow={"slide_type": "subslide"} translates="682f8cec12"
observed = judge(holds=doubled and unchanged_by_backward and changed_by_step and micro_equal)
check("C12", observed,
      evidence=f"两次 backward() 调用使 .grad 翻倍（{doubled}）；backward() 后权重"
               f"不变（{unchanged_by_backward}），step() 后权重改变（{changed_by_step}）；"
               f"4 个微批次配合 loss/4 得到了整个批次的梯度（{micro_equal}），"
               f"不缩放则为 {ratio:.2f} 倍；zero_grad() 如今把 .grad 设为 None（{none_after}），"
               f"set_to_none=False 时填零（{zeros_after}）")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="5baca498bc"
# ### 动手试试
#
# 这次用 `nn.MSELoss(reduction="sum")`，并把批次分成 `k` 个微批次：对每个微批次的损失调用 `backward()`，缩放（或不缩放），使累加出的梯度等于整个批次的梯度。检查时会用 `k=2` 在我们的 `net` 上运行 `accumulate`，也会在它自己的网络、批次和 `k` 上运行。

# %% slideshow={"slide_type": "-"} translates="2a7ff443c4"
sum_loss = nn.MSELoss(reduction="sum")


def accumulate(net, data, target, k):
    net.zero_grad()
    ...  # k 个微批次（data.chunk(k)、target.chunk(k)），对每个的 sum_loss 调用一次 backward()


self_check("08.1", accumulate=accumulate, net=net, data=data, target=target)

# %% [markdown] slideshow={"slide_type": "slide"} translates="b796a9856e"
# ## C13 · §2 — 梯度流向各处；优化器只更新交给它的参数
#
# **论断。** 反向传播沿着路径上的每个参数应用链式法则，但优化器可以只更新你选定的参数。
#
# **我们检验的解读：** 在一个三层网络里，优化器只管第 1 层和第 3 层，`backward()` 仍会给*每一*层的参数一个 `.grad`——第 1 层的梯度只能穿过第 2 层才能到达——而 `step()` 改变第 1 层和第 3 层，第 2 层则逐位保持不变。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="650f3f4d11"
# **讲解。** 链式法则穿过路径上的每一层，所以每一层都会得到 `.grad`。优化器只移动交给它的那些参数。
#
# **学生带来的想法。** 文章说更新时「可以只更新想要更新的网络的参数」。学生由此推断：没有交给优化器的层，也得不到梯度。
#
# **先提问。** 第 2 层没有交给优化器。反向传播之后，它有 `.grad` 吗？`step` 之后，它动了吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="3a9437e446"
# **先预测。** 第 2 层不在优化器里。第 1 层还会得到梯度吗？第 2 层呢？`step()` 会改变哪些参数？

# %% slideshow={"slide_type": "subslide"} translates="6f0323928f"
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))
layers = {"layer1": model[0], "layer2": model[2], "layer3": model[4]}
chosen = [*layers["layer1"].parameters(), *layers["layer3"].parameters()]
opt = torch.optim.SGD(chosen, lr=0.1)

named = {f"{k}.{n}": p for k, layer in layers.items() for n, p in layer.named_parameters()}
before = {name: p.detach().clone() for name, p in named.items()}
x, y = torch.randn(16, 4), torch.randn(16, 1)
loss = nn.functional.mse_loss(model(x), y)
loss.backward()
has_grad = {name: p.grad is not None for name, p in named.items()}
opt.step()

in_opt = {id(p) for group in opt.param_groups for p in group["params"]}
changed = {name: not torch.equal(p, before[name]) for name, p in named.items()}
print(f"{'参数':<13}{'在优化器中':>9}{'有 .grad':>10}{'被 step 改变':>14}")
for name, p in named.items():
    print(f"{name:<15}{str(id(p) in in_opt):>14}{str(has_grad[name]):>11}"
          f"{str(changed[name]):>17}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="ecc1830948"
# **请看。** 每一层都折叠成一个方框。从损失回到第 1 层的唯一道路穿过第 2 层：这一层的方框表明其梯度已经算出，尽管没有哪个优化器会用到它们。

# %% slideshow={"slide_type": "fragment"} translates="fed07900b0"
draw(loss, names={"x": x, "loss": loss}, modules=layers, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="91ef8a2406"
# 由此引出一个陷阱：`opt.zero_grad()` 只清空优化器自己的参数，所以第 2 层的 `.grad` 会随着迭代一次次变大。（`model.zero_grad()` 会清空模型的每一个参数。而如果第 2 层根本不该学习，算它的梯度就是白费功夫：不如把它的 `requires_grad` 关掉；反向传播仍会*穿过*它到达第 1 层——这是论断 C27，见 `10_freezing`。）

# %% slideshow={"slide_type": "-"} translates="a8a5e458aa"
layer2_grad = layers["layer2"].weight.grad.clone()
opt.zero_grad()
nn.functional.mse_loss(model(x), y).backward()
print("layer1.weight.grad 从 None 重新开始，现在的范数为",
      f"{layers['layer1'].weight.grad.norm():.4f}")
print(f"layer2.weight.grad 的范数：{layer2_grad.norm():.4f} -> "
      f"{layers['layer2'].weight.grad.norm():.4f}（从未清空）")

# %% slideshow={"slide_type": "subslide"} translates="307168ea9f"
follows_optimizer = all(changed[name] == (id(p) in in_opt) for name, p in named.items())
observed = judge(holds=all(has_grad.values()) and follows_optimizer)
check("C13", observed,
      evidence=f"backward() 之后全部 {len(named)} 个参数都有 .grad"
               f"（{sum(has_grad.values())}/{len(named)}），第 2 层的也不例外；step() 改变了 "
               f"{sorted(n for n in named if changed[n])}，而 "
               f"{sorted(n for n in named if not changed[n])} 保持相等（torch.equal）")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="401708bc0b"
# ### 动手试试
#
# 一个模型，两种学习率：写出 `two_optimizers(model)`，返回 `(fast, slow)`：**最后一个** `Linear` 层用 `lr=0.1` 的 SGD，**第一个**用 `lr=0.01` 的 SGD；中间的层不能动，尽管第一层的梯度要穿过它们。它要适用于任何由 `Linear` 层和激活函数组成的 `nn.Sequential`：检查时会自己搭一个，运行一次 `backward()`、`fast.step()` 和 `slow.step()`，再把每个参数的移动量与 `lr · grad` 比较。

# %% slideshow={"slide_type": "-"} translates="ab1ebc5c3a"
def two_optimizers(model):
    return ...  # (fast, slow)：两个 SGD 优化器，要求见上


self_check("08.2", two_optimizers=two_optimizers)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="a45209dfdd"
# ### 延伸阅读
#
# - [自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.optim.Optimizer.zero_grad`](https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html)
# - [`torch.optim`](https://pytorch.org/docs/stable/optim.html)：创建优化器并执行更新

# %% [markdown] slideshow={"slide_type": "slide"} translates="6a66480559"
# ## 本笔记本确立了什么
#
# - **C12** —— `backward()` 只写入 `.grad`，`step()` 只改变权重；`.grad` 会一直累加，直到被清空——而 `zero_grad()` 如今把它设为 `None`。累加微批次时，要对取平均的损失做缩放。
# - **C13** —— 路径上的每个参数都会得到梯度；优化器只更新它自己的参数——也只清空它自己的参数。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [07 · retain_graph 与多个损失](07_retain_graph.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/07_retain_graph.ipynb))
#
# **下一篇 →：**
# [09 · 两个网络，一个损失，一个优化器](09_two_networks.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/09_two_networks.ipynb))
