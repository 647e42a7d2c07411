# %% [markdown] slideshow={"slide_type": "slide"} translates="22e7af1fe8"
# # 09 · 两个网络，一个损失，一个优化器
#
# 这是文章里最大的一个实验：它把 CIFAR-10 教程里那个小图像分类器拆成两个网络 `net1` 和 `net2`（我们在卷积层和全连接层之间切开），然后问：一次 `loss.backward()` 加一个优化器，能不能把*两个*网络都训练起来？你将重跑这个实验，打印出文章当年打印的内容，并验证两个网络交给优化器的先后顺序不会改变任何结果。
#
# 本笔记本检验的论断：**C24**（文章那次运行打印了什么）和 **C23**（两个网络都在学习，顺序怎样都一样）。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/09_two_networks.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="f9ccea90f8"
import copy
import itertools
import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F

from helpers import check, judge, self_check
from helpers.graph import draw


# %% [markdown] slideshow={"slide_type": "slide"} translates="abae83783c"
# ## 文章的设定：一个分类器，一分为二
#
# `net1` 是卷积特征部分（`conv1`、`conv2`，加上 ReLU 和最大池化），把一张 3×32×32 的图像变成 400 个数；`net2` 是分类器（`fc1`、`fc2`、`fc3`），把这 400 个数变成 10 个类别得分。两者合起来，正是文章所依据的 CIFAR-10 教程里的那个小网络（文章称它为 AlexNet，且只提到了 `net1.conv1` 和 `net2.fc3`：从哪里切开是我们的解读）。

# %% slideshow={"slide_type": "-"} translates="df0c4aee00"
class Net1(nn.Module):  # 特征部分：图像 -> 400 个数
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool = nn.MaxPool2d(2, 2)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        return torch.flatten(x, 1)


# %% slideshow={"slide_type": "subslide"} translates="98e02e4b08"
class Net2(nn.Module):  # 分类器：400 个数 -> 10 个类别得分
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


# %% slideshow={"slide_type": "-"} translates="d8948a7e7d"
net1, net2 = Net1().to(device), Net2().to(device)
init1, init2 = copy.deepcopy(net1), copy.deepcopy(net2)  # 起点，留着后面用
criterion = nn.CrossEntropyLoss()
print(f"net1：{sum(p.numel() for p in net1.parameters()):,} 个参数，"
      f"net2：{sum(p.numel() for p in net2.parameters()):,} 个，在 {device} 上")
with torch.no_grad():
    features = net1(torch.zeros(1, 3, 32, 32, device=device))
print(f"一张 3×32×32 的图像 -> net1 -> {features.shape[1]} 个数 -> net2 -> "
      f"{net2(features).shape[1]} 个类别得分")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="5f6a96ce81"
# **数据。** 本笔记本不下载任何东西：它自己生成 CIFAR 形状的批次，每个样本是其类别固定的随机「模板」图像加上噪声，所以数据里有真实的信号，损失会明显下降。
#
# **与文章的一处不同：** 文章的 SGD 用 `lr=0.001`（加上 `momentum=0.9`）；我们用 `lr=0.05`。文章说它对教程的例子稍作改动，并给出了一个训练步的代码；说它用教程的完整循环在 CIFAR-10 上训练，则是我们的推断。这里只有 30 个小批次，按文章的学习率，30 步内损失几乎不动（C23 对两种学习率都做了测量）。论断所说的一切都不取决于学习率。

# %% slideshow={"slide_type": "-"} translates="58f6915152"
gen = torch.Generator().manual_seed(0)
templates = torch.randn(10, 3, 32, 32, generator=gen)


def make_batch(n=32):
    labels = torch.randint(0, 10, (n,), generator=gen)
    inputs = templates[labels] + 0.5 * torch.randn(n, 3, 32, 32, generator=gen)
    return inputs.to(device), labels.to(device)


batches = [make_batch() for _ in range(30)]  # 下面每次运行都用这同样的 30 个批次

# %% [markdown] slideshow={"slide_type": "subslide"} translates="8086394471"
# 想用真实数据？设 `USE_REAL_CIFAR10 = True` 再运行这个单元格：它不安装任何东西，但需要 `torchvision` 和网络连接（它会下载整个数据集），之后下面的每次运行都改在 30 个真实的 CIFAR-10 批次上训练。保持 `False`，它就什么也不做。

# %% slideshow={"slide_type": "-"} translates="51991cfa5e"
USE_REAL_CIFAR10 = False  # 可选：True 会下载 CIFAR-10（需要 torchvision 和网络）

if USE_REAL_CIFAR10:
    import torchvision
    from torchvision import transforms

    to_tensor = transforms.Compose(
        [transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    cifar = torchvision.datasets.CIFAR10(root="./data", train=True, download=True,
                                         transform=to_tensor)
    loader = torch.utils.data.DataLoader(cifar, batch_size=32, shuffle=True)
    batches = [(x.to(device), y.to(device)) for x, y in itertools.islice(loader, 30)]
print("训练数据：", "真实的 CIFAR-10" if USE_REAL_CIFAR10 else "合成的，CIFAR 形状")

# %% [markdown] slideshow={"slide_type": "slide"} translates="3f776ca60e"
# ## C24 · §3 — 文章那次运行打印了什么
#
# **论断。** 文章把一个批次依次送进 `net1` 和 `net2`，算出一个损失，调用一次 `backward()`，然后打印六样东西：输入不需要梯度，也没有梯度；`net1` 的输出（`outputs1`）需要梯度，但同样没有梯度；而两个网络中各有一个参数——`net1.conv1.bias` 和 `net2.fc3.bias`——确实有梯度。
#
# **我们检验的解读：** 今天执行同样的步骤（`zero_grad`、两次前向计算、损失、`backward`、六次打印、`step`），打印出同样的六个结果。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="818004c207"
# **讲解。** 文章打印的值都能复现：输入既不需要梯度，也得不到梯度；作为中间节点的输出需要梯度，却不保留梯度；两个网络的偏置都得到了梯度。
#
# **学生带来的想法。** 学生以为 `outputs1.grad` 会有值，因为它需要梯度；其实只有叶节点才保留梯度。
#
# **先提问。** `outputs1` 需要梯度。反向传播之后，`outputs1.grad` 会有值吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="dfb9746767"
# **先预测。** 输入从来没有要求过梯度。这会不会让接收它的网络 `net1` 也得不到梯度？`outputs1` 位于两个网络之间：它的 `.grad` 里会有东西吗？

# %% slideshow={"slide_type": "subslide"} translates="20770c2a15"
optimizer = torch.optim.SGD(itertools.chain(net1.parameters(), net2.parameters()),
                            lr=0.05, momentum=0.9)  # 文章：lr=0.001（见上文）
inputs, labels = batches[0]

optimizer.zero_grad()
outputs1 = net1(inputs)       # inputs.requires_grad 为 False：这没关系
outputs2 = net2(outputs1)
loss = criterion(outputs2, labels)
loss.backward()

# %% slideshow={"slide_type": "subslide"} translates="263c76858f"
print("inputs.requires_grad:  ", inputs.requires_grad)
print("inputs.grad:           ", inputs.grad)
print("outputs1.requires_grad:", outputs1.requires_grad)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    outputs1_grad = outputs1.grad   # 如今读取它会发出警告
print("outputs1.grad:         ", outputs1_grad)
print("net1.conv1.bias.grad:  ", net1.conv1.bias.grad)
print("net2.fc3.bias.grad:    ", net2.fc3.bias.grad)
print("\n我们读取 outputs1.grad 时，今天的 PyTorch 给出的警告：")
for w in caught:
    print(f" - {w.category.__name__}: {str(w.message).split('. ')[0]}.")

# %% slideshow={"slide_type": "-"} translates="237bcfbfb5"
optimizer.step()  # 文章的最后一行：更新两个网络

# %% [markdown] slideshow={"slide_type": "subslide"} translates="7f24ad0f8f"
# 这六个值都和文章的一样。唯一的新东西是那条警告：文章用的 PyTorch 0.3 一声不响地打印出 `None`；如今读取一个非叶节点的 `.grad`，而反向传播又没被要求填充它时，PyTorch 会发出警告，因为这个 `None` 几乎总是意味着哪里写错了。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="a18e6c16fd"
# **请看。** 整个流程画成一张图，每个网络折叠成一个方框。注意三点：`inputs` 在图的*外面*（它是常量：没有任何东西流回它）；`outputs1` 是两个方框之间的中间节点（所以没有 `.grad`）；两个方框都标明梯度已经算出——一次反向传播到达了两个网络。

# %% slideshow={"slide_type": "-"} translates="379df6f534"
draw(loss, names={"inputs": inputs, "outputs1": outputs1, "loss": loss},
     modules={"net1": net1, "net2": net2})

# %% [markdown] slideshow={"slide_type": "notes"} translates="20d7b3181c"
# `conv2` 之后的 ReLU、最大池化和 flatten 单独出现在 `net1` 方框下方的一个灰色方框里：它们没有参数，所以图无法判断它们属于哪个网络（见 `draw` 的文档字符串）。

# %% slideshow={"slide_type": "subslide"} translates="f33b749f71"
# 输入的两个值照文章那样打印，但只对可能出现别的结果的部分下结论：一个创建时
# 没有设 requires_grad 的张量，在任何版本的 PyTorch 上都不会得到 .grad。
observed = judge(holds=(outputs1.requires_grad and outputs1_grad is None
                        and net1.conv1.bias.grad is not None
                        and net2.fc3.bias.grad is not None))
check("C24", observed,
      evidence=f"inputs.requires_grad={inputs.requires_grad}，inputs.grad={inputs.grad}；"
               f"outputs1.requires_grad={outputs1.requires_grad}，outputs1.grad={outputs1_grad}"
               f"（读取它时有 {len(caught)} 条警告）；net1.conv1.bias.grad 的范数为 "
               f"{net1.conv1.bias.grad.norm():.3g}，net2.fc3.bias.grad 的范数为 "
               f"{net2.fc3.bias.grad.norm():.3g}")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="7339509675"
# ### 动手试试
#
# `outputs1.grad` 是 `None`。写一个 `features(x)`：返回 `net1` 对批次 `x` 的输出，它仍然是 `net1` 的输出（这样 `net1` 仍能学习），但 PyTorch 会保留它的 `.grad`：在返回之前多调用一次。检查会用它自己的一个批次来调用它。然后看看 `outputs1.grad.shape`：形状里的每个数，各自数的是什么？

# %% slideshow={"slide_type": "-"} translates="01377b7ebf"
def features(x):
    out = net1(x)
    ...  # 在这里对 out 调用一次
    return out


outputs1 = features(inputs)
criterion(net2(outputs1), labels).backward()
self_check("09.1", features=features, net1=net1, net2=net2)


# %% [markdown] slideshow={"slide_type": "slide"} translates="1d3abda065"
# ## C23 · §3 — 一次反向传播，一个优化器，两个网络都在学习
#
# **论断。** 对于 `x → net1 → y → net2 → z`，一次 `loss.backward()` 就让两个网络的参数都得到梯度，一个作用于 `itertools.chain(net1.parameters(), net2.parameters())` 的优化器会更新两者，而且在 chain 里 `net1` 和 `net2` 谁先谁后没有区别。
#
# **我们检验的解读**（最强的那种）：`step()` 之后，两个网络的每个参数都变了；从同一起点、在同样的数据上，按两种顺序串联参数分别训练，最终得到的参数**逐位相同**，前提是同一顺序训练两次本身就逐位相同（否则：差异不超过同一顺序两次运行之差的十倍）。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="9b85c5826f"
# **讲解。** 两个网络在一次前向计算中串起来，构成同一张图：一次反向传播让两者都得到梯度，一个作用于两者的优化器把两者都更新。`itertools.chain` 里的顺序什么也不改变。
#
# **学生带来的想法。** 文章担心反向传播会「只更新net1」。学生也有同样的担心，或者以为需要第二个优化器。
#
# **先提问。** 一次 `loss.backward()` 穿过两个网络：哪些参数会得到梯度？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="217b608c77"
# **先预测。** 上面文章的那个单元格已经执行过一次 `step()`。`net1` 和 `net2` 的哪些参数变了？如果从同一起点训练两次，一次用 `chain(net1, net2)`，一次用 `chain(net2, net1)`，权重会不同吗——哪怕只差最后一位？

# %% slideshow={"slide_type": "subslide"} translates="70e18fb45f"
def moved(net, start):
    """net 的参数张量中，有多少个与 `start` 中对应的张量不同。"""
    pairs = zip(net.parameters(), start.parameters(), strict=True)
    return sum(not torch.equal(p, q) for p, q in pairs)


n1, n2 = len(list(net1.parameters())), len(list(net2.parameters()))
print(f"一次 step() 之后：net1 变了 {moved(net1, init1)} 个张量（共 {n1} 个），"
      f"net2 变了 {moved(net2, init2)} 个（共 {n2} 个）")
both_moved = moved(net1, init1) == n1 and moved(net2, init2) == n2


# %% [markdown] slideshow={"slide_type": "subslide"} translates="d1ae09f5e3"
# 现在从同一起点、在同样的 30 个批次上训练两次：一次把 `net1` 的参数放在 chain 的前面，一次把 `net2` 的放在前面。

# %% slideshow={"slide_type": "-"} translates="59274f83b2"
def train(order, steps=30, make_optimizer=None):
    """复制起点网络；把它们的参数按 `order` 串起来，训练它们。"""
    nets = {"net1": copy.deepcopy(init1), "net2": copy.deepcopy(init2)}
    params = itertools.chain(*(nets[name].parameters() for name in order))
    opt = (make_optimizer or (lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)))(params)
    losses = []
    for x, y in batches[:steps]:
        opt.zero_grad()
        loss = criterion(nets["net2"](nets["net1"](x)), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return nets, losses


def params(nets):
    return [p for name in ("net1", "net2") for p in nets[name].parameters()]


def max_diff(x, y):
    return max((p - q).abs().max().item() for p, q in zip(params(x), params(y), strict=True))


# %% slideshow={"slide_type": "subslide"} translates="cc6d782fdf"
torch.backends.cudnn.deterministic = True  # 在 GPU 上：卷积结果可复现（在 CPU 上不起作用）
torch.backends.cudnn.benchmark = False

a, losses_a = train(["net1", "net2"])
b, losses_b = train(["net2", "net1"])
again, _ = train(["net1", "net2"])  # 对照：同一顺序训练两次

# %% slideshow={"slide_type": "-"} translates="d48c44c8e3"
identical = all(torch.equal(p, q) for p, q in zip(params(a), params(b), strict=True))
swap_diff, rerun_diff = max_diff(a, b), max_diff(a, again)
repeatable = rerun_diff == 0  # 这个设备把同一顺序训练两次，能得到逐位相同的结果吗？
print(f"chain(net1, net2) 对比 chain(net2, net1)：全部 "
      f"{len(params(a))} 个张量逐位相同：{identical}（最大差异 {swap_diff}）")
print(f"对照，同一顺序两次：最大差异 {rerun_diff}，所以在 {device} 上我们要求"
      + ("参数逐位相同" if repeatable
         else "两种顺序之差至多为它的十倍"))


def article_sgd(ps):  # 文章的优化器设置
    return torch.optim.SGD(ps, lr=0.001, momentum=0.9)


_, losses_article_lr = train(["net1", "net2"], make_optimizer=article_sgd)
for rate, ls in (("0.001（文章的）", losses_article_lr), ("0.05（我们的）", losses_a)):
    print(f"lr={rate}：损失 {ls[0]:.3f} -> {ls[-1]:.3f}（{len(ls)} 步之后）")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="7bc8aa29e3"
# **请看。** 两次运行每一步的损失。如果顺序在哪里有影响，两条曲线就会在某一步分开：橙色虚线就会离开蓝线。灰色点线是按文章的学习率进行的同样训练。

# %% slideshow={"slide_type": "-"} translates="153c6d6673"
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(losses_a, label="chain(net1, net2)", linewidth=3)
ax.plot(losses_b, label="chain(net2, net1)", linestyle="--")
ax.plot(losses_article_lr, label="chain(net1, net2), lr=0.001", color="grey", linestyle=":")
ax.set(xlabel="训练步（每批 32 个样本）", ylabel="交叉熵损失（nats）",
       title=f"两种顺序，同一起点，同样的数据（{device}）")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"} translates="0e75fb2f63"
# 为什么顺序什么也不改变？带动量的 SGD 为**每个参数张量**保存一个缓冲区，并用每个张量自己的梯度和缓冲区来更新它：`buf ← 0.9·buf + grad`，然后 `p ← p − lr·buf`。没有哪一步会把两个参数混在一起，所以列表的顺序只决定每个张量*何时*被处理，从不决定它*变成什么*；而 `backward()` 对优化器一无所知。顺序只会出现在按位置给参数编号的地方，比如优化器的 `state_dict`（见下文）。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="e9ddb92812"
# **把两个网络连在一起的，是计算图里的这条链。** 用 `.detach()` 在两个网络之间把图切开，同样的一次 `backward()` 就会停在切口处：`net1` 什么也得不到。

# %% slideshow={"slide_type": "-"} translates="7c1300d219"
net1.zero_grad()
net2.zero_grad()
outputs1 = net1(inputs)
cut = outputs1.detach()
loss_cut = criterion(net2(cut), labels)
loss_cut.backward()
net1_grads = [p.grad for p in net1.parameters()]
print("net1 中梯度为 None 的张量：", sum(g is None for g in net1_grads), "/", len(net1_grads))
print("net2 中梯度为 None 的张量：", sum(p.grad is None for p in net2.parameters()), "/", n2)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="994498457b"
# 在 `loss_cut` 的图里，`net1` 不见了：`cut`，即分离出来的 `outputs1`，是一个常量，只通过 `detach()` 虚线边与 `outputs1` 相连（共享内存，不连着图）。

# %% slideshow={"slide_type": "-"} translates="4bb70133ef"
draw(loss_cut, names={"outputs1": outputs1, "outputs1.detach()": cut, "loss": loss_cut},
     modules={"net1": net1, "net2": net2}, legend=False)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="680580ee75"
# **顺序真正会体现出来的地方：** 优化器保存的状态。`state_dict()` 按 chain 的顺序把参数编号为 0、1、2、…，所以把它加载进一个按*另一种*顺序构建的优化器，就会把每个动量缓冲区交给错误的张量。

# %% slideshow={"slide_type": "-"} translates="8578939e8d"
saved_state = optimizer.state_dict()  # 文章的优化器：chain(net1, net2)，走了一步
swapped = torch.optim.SGD(itertools.chain(net2.parameters(), net1.parameters()),
                          lr=0.05, momentum=0.9)
swapped.load_state_dict(saved_state)  # 不报错……
first = next(net2.parameters())       # ……但 net2.fc1.weight 现在拿到的是 net1.conv1 的缓冲区
buffer = swapped.state[first]["momentum_buffer"]
print(f"net2.fc1.weight {tuple(first.shape)} 得到的动量缓冲区形状为 "
      f"{tuple(buffer.shape)}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="5c0e86a229"
# 这关系到保存和恢复训练，而不是一次训练算出了什么，所以不算作反驳文章论断的证据；恢复训练时，按同样的方式构建优化器就行。

# %% slideshow={"slide_type": "fragment"} translates="d7d7f3877a"
detach_cuts = all(g is None for g in net1_grads) and all(
    p.grad is not None for p in net2.parameters())
order_free = identical if repeatable else swap_diff <= 10 * rerun_diff
observed = judge(holds=both_moved and order_free)
check("C23", observed,
      evidence=f"一次 step() 让 net1 的全部 {n1} 个张量和 net2 的全部 {n2} 个都变了；"
               f"{len(losses_a)} 步之后，chain(net1, net2) 和 chain(net2, net1) 给出的"
               f"参数逐位相同：{identical}（最大差异 {swap_diff}；"
               f"同一顺序两次：{rerun_diff}，所以"
               + ("要求逐位相同" if repeatable else "要求在它的十倍以内")
               + f"）；损失 {losses_a[0]:.3f} -> {losses_a[-1]:.3f}；两个网络之间加上 "
               f".detach() 后，net1 得不到梯度：{detach_cuts}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="1494ea87d1"
# ### 动手试试
#
# 对 **Adam** 来说，顺序也无关紧要吗？它为每个参数保存两个缓冲区。先预测。然后写 `make_optimizer(ps)`：给定按 chain 顺序排列的参数，返回一个训练其中*每一个*参数（学习率都不为零）的 `torch.optim.Adam`，使得对于任意两个网络，两种顺序最终得到**不同**的网络。检查会用它按两种顺序训练，既通过 `train(order, steps=10, ...)`，也在它自己的一对小网络上，并把同一顺序训练两次作为对照。（优化器接受一个张量列表，或者一个*参数组*列表：像 `{"params": [...], "lr": 1e-4}` 这样的字典，每组有各自的设置。）

# %% slideshow={"slide_type": "-"} translates="83e763de19"
make_optimizer = ...  # def make_optimizer(ps): ... return torch.optim.Adam(...)
self_check("09.2", make_optimizer=make_optimizer, train=train)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="fc3041e748"
# ### 延伸阅读
#
# - [`torch.nn.Module`](https://pytorch.org/docs/stable/generated/torch.nn.Module.html)（`parameters()`、`zero_grad()`）
# - [`torch.optim`](https://pytorch.org/docs/stable/optim.html) 和 [`torch.optim.SGD`](https://pytorch.org/docs/stable/generated/torch.optim.SGD.html)
# - [`torch.Tensor.is_leaf`](https://pytorch.org/docs/stable/generated/torch.Tensor.is_leaf.html)
# - [自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)

# %% [markdown] slideshow={"slide_type": "slide"} translates="b0d2c21a9f"
# ## 本笔记本确立了什么
#
# - **C24** —— 文章的那次运行，今天打印的和 2017 年一样：输入和 `outputs1` 都没有梯度（如今读取后者会发出警告），两个网络的参数都有梯度。
# - **C23** —— 一次 `backward()` 加一个作用于串联参数的优化器，就能训练两个网络，而且 chain 的顺序什么也不改变：只要同一顺序运行两次结果逐位相同，两种顺序的结果就逐位相同；能让 `net1` 停下来的，是在两个网络之间加一个 `.detach()`。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [08 · 梯度累加，以及优化器更新了什么](08_accumulate_and_step.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/08_accumulate_and_step.ipynb))
#
# **下一篇 →：**
# [10 · 冻结网络的一部分](10_freezing.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/10_freezing.ipynb))
