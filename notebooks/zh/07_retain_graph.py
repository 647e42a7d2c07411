# %% [markdown] slideshow={"slide_type": "slide"} translates="57c2e4388d"
# # 07 · retain_graph 与多个损失
#
# 文章说 `backward()` 会释放计算图，第二次调用需要 `retain_graph=True`，而且多个损失可以把各自的梯度汇入同一个网络。在这里你会弄清楚究竟*什么*被释放了，保留它要付出什么代价，以及用多个损失训练时，是每个损失各做一次反向传播好，还是对它们的和做一次好。
#
# 这里检验的论断：**C10**、**C11**。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/07_retain_graph.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="3d2f48b6d8"
from statistics import median

import matplotlib.pyplot as plt
import torch
from torch import nn

from helpers import check, judge, self_check
from helpers.graph import draw
from helpers.steps import backward_steps
from helpers.measure import (
    median_seconds,
    peak_memory_bytes,
    saved_bytes_alive,
    saved_for_backward,
    tensor_bytes,
)

# %% [markdown] slideshow={"slide_type": "slide"} translates="abe21b1fac"
# ## C10 · §1 — 「计算图被释放」是什么意思？
#
# **论断。** 默认情况下，每次 `backward()` 都会释放计算图。如果想在不重新做前向计算的情况下，对同一张图再调用一次 `backward()`，第一次调用就必须传入 `retain_graph=True`。
#
# **我们检验的解读：** `backward()` 之后计算图就不在了；再对它做一次 `backward()` 会失败，除非前一次调用传了 `retain_graph=True`。我们来看看图中真正被释放的是哪一部分。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="cbf499fb5f"
# **讲解。** 默认情况下，反向传播会释放计算图保存的张量；第二次反向传播要用到它们时就会失败，除非第一次用 `retain_graph=True` 把它们保留了下来。一张什么都没保存的图，照样可以走两遍。
#
# **学生带来的想法。** 文章说「默认会把整个计算图free掉」。学生想象的是节点都消失了；其实消失的是保存的张量。
#
# **先提问。** `z.backward()` 之后，计算图是没了，还是只没了一部分？`(a + b).sum()` 能反向传播两次吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="e1d43c7890"
# **先预测。** `z.backward()` 之后，下面哪些还存在：反向函数（`z.grad_fn` 及其背后的节点）、它们在前向计算中保存的张量、两者都在，还是都不在？第二次 `z.backward()` 又会怎样？

# %% slideshow={"slide_type": "subslide"} translates="eb4b3f2d57"
x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
w = torch.tensor([3.0, -1.0, 2.0], requires_grad=True)
y = x.exp()          # ExpBackward0 保存它的结果：e^x 的导数就是 e^x
z = (y * w).sum()    # MulBackward0 保存两个因子 y 和 w

print("y.grad_fn 保存了什么：", [a for a in dir(y.grad_fn) if a.startswith("_saved_")])
print("y.grad_fn._saved_result =", y.grad_fn._saved_result)

# %% slideshow={"slide_type": "subslide"} translates="671c771e50"
# 看图：圆角框是反向函数；用点线连在它们上面的橙色椭圆，是它们在前向计算中保存的
# 张量，因为它们的梯度公式要用到这些张量。
draw(z, names={"x": x, "w": w, "y": y, "z": z})

# %% slideshow={"slide_type": "subslide"} translates="da49571629"
# 现在运行一次反向传播（记录每一步），再查看同一个节点，然后试试第二次反向传播。
first_pass = backward_steps(z, names={"x": x, "w": w, "y": y, "z": z})  # 一次真正的 backward()
print("x.grad =", x.grad)
try:
    y.grad_fn._saved_result
    saved_error = None
except RuntimeError as error:
    saved_error = str(error)
print("现在读取 y.grad_fn._saved_result：", "RuntimeError" if saved_error else "还在")

mul = z.grad_fn.next_functions[0][0]
chain = [type(z.grad_fn).__name__, type(mul).__name__,
         [type(fn).__name__ for fn, _ in mul.next_functions]]
print("但节点全都还在：", chain)
print("而且 SumBackward0 仍然知道输入的形状：", z.grad_fn._saved_self_sym_sizes)
try:
    z.backward()
    second_error = None
except RuntimeError as error:
    second_error = str(error)
print("第二次 z.backward()：", second_error)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="401591c84f"
# 所以，*释放*的意思是：**保存的张量**被释放了。节点和它们之间的连接都还在，形状这类不是张量的小数值也还在。第二次反向传播抛出了上面打印的错误：保存的值已经被释放，而 `retain_graph=True` 本可以把它们保留下来。**先预测**，再一个节点一个节点地**观察**第一遍反向传播的回放：每个保存的张量是在哪一步被释放的？是全都到最后才释放，还是各自的节点一运行完就释放？最后一步是反向传播留下的图：每个节点都还在，每个保存的张量都成了虚线的影子。

# %% slideshow={"slide_type": "subslide"} translates="55b8a2eb03"
# 再看一遍第一次反向传播：每个保存的张量是在哪一步被释放的？
first_pass

# %% slideshow={"slide_type": "subslide"} translates="0eae008a2c"
# 第一次调用带上 retain_graph=True，保存的张量就能在这次调用之后留下来。
x.grad = w.grad = None
z = (x.exp() * w).sum()
kept = backward_steps(z, retain_graph=True)  # 同样是 backward(retain_graph=True)，只是记录了下来
print("这一遍中被释放的保存的张量：", [name for step in kept for name in step.freed])
first = x.grad.clone()
z.backward()                      # 能运行：第一次调用什么也没释放
retain_worked = torch.allclose(x.grad, 2 * first)
print("调用一次后的 x.grad：", first, "\n调用两次后的 x.grad：", x.grad)
try:
    z.backward()                  # 第二次调用没有 retain_graph，所以现在已经释放了
    third_failed = False
except RuntimeError:
    third_failed = True
print("第三次调用失败：", third_failed)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="0fafae88bd"
# 注意，第二次调用是把梯度**加到** `x.grad` 上，而不是替换它：梯度会累加（笔记本 08 的 C12 会细讲）。从被释放的是什么，还能推出一点：如果一张图的节点**没有保存任何张量**，就没有东西可释放。**看**下面这张图：没有橙色椭圆。`AddBackward0` 只保存数值 `alpha`，`SumBackward0` 只保存形状：两者都不是张量，也永远不会被释放。

# %% slideshow={"slide_type": "-"} translates="7d06b97fde"
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0], requires_grad=True)
s = (a + b).sum()    # d(a+b)/da = 1，而 sum 的反向只需要形状：没有保存的张量
s.backward()
after_one = a.grad.clone()
s.backward()         # 没有 retain_graph，也没有报错
twice_without_retain = torch.equal(a.grad, 2 * after_one)
print("调用一次后的 a.grad：", after_one, " 两次后：", a.grad)
draw(s, names={"a": a, "b": b, "s": s}, legend=False)

# %% [markdown] slideshow={"slide_type": "notes"} translates="76a7cd3372"
# 报错是在某个节点试图*解包*一个已被反向传播释放的保存的张量时抛出的，而不是来自某个「图已经用过」的标志。梯度与数值无关的运算（加、减、取负、求和）构成的图什么也不用解包，所以可以一遍又一遍地运行：这是实现细节，不要依赖它，结论也不建立在它之上。`retain_graph=True` 不复制任何东西：它只是告诉引擎不要释放保存的张量。

# %% slideshow={"slide_type": "subslide"} translates="797a51958d"
saved_freed = saved_error is not None and "freed" in saved_error
second_failed = second_error is not None and "retain_graph=True" in second_error
nodes_survive = chain == ["SumBackward0", "MulBackward0", ["ExpBackward0", "AccumulateGrad"]]
observed = judge(holds=saved_freed and second_failed and retain_worked and third_failed,
                 exception=nodes_survive)
check("C10", observed,
      evidence="backward() 之后，保存的张量被释放了（读取 _saved_result 会报错），"
               f"但计算图没有：它的节点 {chain} 仍然全都连在一起（{nodes_survive}）；"
               f"第二次 backward() 报错 '{(second_error or '').split(' (')[0]}'，而带上 "
               f"retain_graph=True 就能运行（x.grad 翻倍：{retain_worked}）。(a + b).sum() 的"
               f"节点没有保存张量，它跑了两次反向传播（{twice_without_retain}）")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="97c451c9c9"
# ### 动手试试
#
# 把 Python 数字当作因子：`(2 * a).sum()`。乘以常数，导数也是常数；预测这张图不带 `retain_graph` 能否撑过第二次 `backward()`。然后写出 `twice_mean(v)`：任意张量 `v` 的**平均值**的两倍，而且所用的图**不**保存任何张量。检查会在它自己的张量上调用它，并对每个结果运行两次 `backward()`，都不带 `retain_graph`。

# %% slideshow={"slide_type": "-"} translates="b5aa1401ad"
def twice_mean(v):
    return ...  # v 的平均值的两倍，所用的图不保存任何张量


self_check("07.1", twice_mean=twice_mean)

# %% [markdown] slideshow={"slide_type": "slide"} translates="f2182809f9"
# ## C11 · §1 — 多个损失，一次前向计算
#
# **论断。** 让网络做一次前向计算，由它算出多个损失。依次对每个损失调用 `backward()`（除最后一个外都带上 `retain_graph=True`），就会把它们的梯度全都累加到同一个网络的参数里。
#
# **我们检验的解读：** 逐个损失调用得到的梯度，等于对损失之和做一次 `backward()` 得到的梯度，而且前面那几次调用确实需要 `retain_graph=True`。然后我们测量，与先求和相比，逐个损失的做法要付出多少代价。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="4b99dfeec9"
# **讲解。** 在一次前向计算之上多次调用反向传播，除最后一次外都带 `retain_graph=True`，累加出的梯度与对损失之和做一次反向传播相同。这个笔记本会测量保留下来的图要付出的代价。
#
# **学生带来的想法。** 文章说，损失比较复杂时，可能需要「多个不同loss的backward()」。学生把它变成了习惯，让用不着的图一直保留着，在时间和内存上付出代价。
#
# **先提问。** 三个损失：调用三次反向传播，还是对它们的和做一次？梯度相同吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="8e6dc597b1"
# **先预测。** 三次 `backward()` 调用给出的梯度，会与对 `loss_a + loss_b + loss_c` 做一次反向传播的梯度完全相同吗？如果相同，哪种做法更快？哪种让保存的张量存活得更久？

# %% slideshow={"slide_type": "subslide"} translates="9b78d6ee0a"
B, D, H, C = 64, 32, 256, 10   # 批次大小、输入数、隐藏单元数、类别数
torch.manual_seed(0)
trunk = nn.Sequential(nn.Linear(D, H), nn.ReLU(), nn.Linear(H, H), nn.ReLU()).to(device)
head = nn.Linear(H, C).to(device)
params = [*trunk.parameters(), *head.parameters()]
inputs = torch.randn(B, D, device=device)
labels = torch.randint(0, C, (B,), device=device)


def forward_and_losses():
    h = trunk(inputs)
    logits = head(h)
    return [nn.functional.cross_entropy(logits, labels),  # 分类
            logits.pow(2).mean(),                         # 让 logits 保持较小
            h.abs().mean()]                               # 让隐藏层保持稀疏


def zero_grads():
    for p in params:
        p.grad = None


loss_a, loss_b, loss_c = forward_and_losses()
loss_a.backward()               # 没有 retain_graph……
try:
    loss_b.backward()           # ……所以共享层保存的张量已经没了
    no_retain_failed = False
except RuntimeError as error:
    no_retain_failed = True
    print("不带 retain_graph 的 loss_b.backward()：", str(error).split(" (")[0])


# %% slideshow={"slide_type": "subslide"} translates="b5967ec550"
def step_each():
    """一次前向计算，然后每个损失各调用一次 backward()：除最后一个外都带 retain_graph=True。"""
    *earlier, last = forward_and_losses()
    for loss in earlier:
        loss.backward(retain_graph=True)
    last.backward()


def step_sum():
    """一次前向计算，然后对损失之和调用一次 backward()。"""
    sum(forward_and_losses()).backward()


zero_grads()
step_each()
grads_each = [p.grad.clone() for p in params]
zero_grads()
step_sum()
grads_sum = [p.grad.clone() for p in params]

pairs = list(zip(grads_each, grads_sum, strict=True))
same_grads = all(torch.allclose(g, s, rtol=1e-5, atol=1e-7) for g, s in pairs)
worst = max((g - s).abs().max().item() for g, s in pairs)
print(f"梯度相同：{same_grads}（最大差值 {worst:.2e}）")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="75da412288"
# 梯度相同。现在来看代价。首先，前向计算为反向传播保存了多少字节（用 `saved_for_backward()` 测量），与按各层形状预测的数值对照：

# %% slideshow={"slide_type": "-"} tags=["hide-input"] translates="b83bc3348e"
with saved_for_backward() as saved:
    losses = forward_and_losses()

theory = {
    "layer-1 input (B×D)": tensor_bytes((B, D)),
    "2 ReLU outputs = inputs of layers 2, 3 (B×H)": tensor_bytes((B, H), (B, H)),
    "weights of layers 2, 3 (H×H, C×H)": tensor_bytes((H, H), (C, H)),
    "logits, for pow (B×C)": tensor_bytes((B, C)),
    "log-softmax + int64 labels + 1 weight": tensor_bytes((B, C), ())
    + tensor_bytes((B,), dtype=torch.int64),
}
# 显示的文字，与代码查找用的键分开：翻译只改这些
THEORY_LABEL = {
    "layer-1 input (B×D)": "第 1 层的输入 (B×D)",
    "2 ReLU outputs = inputs of layers 2, 3 (B×H)":
        "2 个 ReLU 输出 = 第 2、3 层的输入 (B×H)",
    "weights of layers 2, 3 (H×H, C×H)": "第 2、3 层的权重 (H×H, C×H)",
    "logits, for pow (B×C)": "供 pow 使用的 logits (B×C)",
    "log-softmax + int64 labels + 1 weight": "log-softmax + int64 标签 + 1 个权重",
}
for what, n in theory.items():
    print(f"  {n:>9,} B  {THEORY_LABEL[what]:s}")
print(f"理论值：{sum(theory.values()):,} B   实测：{saved.bytes:,} B，共 {saved.count} 次保存")
weights = theory["weights of layers 2, 3 (H×H, C×H)"]
print(f"其中权重本来就存活着：{weights:,} B；跟踪额外增加的激活值："
      f"{saved.bytes - weights:,} B")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="9870bbd545"
# 然后看这些字节**存活**多久（`saved_bytes_alive` 把一张仍可读取的图中保存的张量加起来），以及两种做法各走一步所用的时间和内存峰值。
#
# **请看。** 左：一次前向计算加反向传播所用的时间（只展示，不作判断：机器可能正忙）。右：每次调用之后仍然存活的保存的张量的字节数。逐个损失那条线的最后一点不是零：不带 `retain_graph` 的调用，只释放它*经过*的那些节点所保存的东西。只被 `loss_a` 和 `loss_b` 用到的分支，在反向传播时带了 `retain_graph=True`，所以它们保存的张量会一直存活，直到这两个损失张量本身被删除（`del losses`）。

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="8570d8d7c0"
zero_grads()
losses = forward_and_losses()
alive_each = [saved_bytes_alive(*losses)]
for i, loss in enumerate(losses):
    loss.backward(retain_graph=i < len(losses) - 1)
    alive_each.append(saved_bytes_alive(*losses))
zero_grads()
total = sum(forward_and_losses())
alive_sum = [saved_bytes_alive(total)]
total.backward()
alive_sum.append(saved_bytes_alive(total))
print("存活字节数，逐个损失反向传播：", alive_each)
print("存活字节数，对总和反向传播：  ", alive_sum)

steps = {"backward per loss": step_each, "backward on the sum": step_sum}
# 显示的文字，与代码查找用的键分开：翻译只改这些
STEP_LABEL = {"backward per loss": "逐个损失反向传播",
              "backward on the sum": "对总和反向传播"}
seconds = {k: median_seconds(f, min_run_time=0.15) for k, f in steps.items()}
peaks = {k: [] for k in steps}
for _ in range(4):  # 轮流运行，看每种做法在自己的各次运行之间会变动多少
    for k, f in steps.items():
        peaks[k].append(peak_memory_bytes(f, device))
zero_grads()
print(f"在 {device} 上测得：",
      {STEP_LABEL[k]: f"{v * 1e3:.2f} ms" for k, v in seconds.items()})
if any(None in runs for runs in peaks.values()):
    print("内存峰值：在这个系统上无法测量")
else:
    spread = max(max(runs) - min(runs) for runs in peaks.values())
    gap = abs(median(peaks["backward per loss"]) - median(peaks["backward on the sum"]))
    print("内存峰值，各运行 4 次：",
          {STEP_LABEL[k]: f"{min(v) / 1024:.0f}-{max(v) / 1024:.0f} KiB"
           for k, v in peaks.items()})
    print(f"每种做法在自己的各次运行之间最多相差 {spread / 1024:.0f} KiB，"
          + (f"不小于两者之间的差距（{gap / 1024:.0f} KiB）：这项测量"
             "区分不出两者" if spread >= gap else
             f"小于两者之间的差距（{gap / 1024:.0f} KiB）"))

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
left.bar([STEP_LABEL[k] for k in seconds], [s * 1e3 for s in seconds.values()],
         color=["tab:orange", "tab:blue"])
left.set_ylabel("每步时间的中位数（ms）")
left.set_title(f"在 {device} 上的前向计算 + 反向传播", fontsize=10)
right.step(range(len(alive_each)), [b / 1024 for b in alive_each], where="post",
           marker="o", color="tab:orange", label="逐个损失反向传播")
right.step(range(len(alive_sum)), [b / 1024 for b in alive_sum], where="post",
           marker="s", color="tab:blue", label="对总和反向传播")
right.set_xticks(range(4), ["前向计算", "第 1 次调用", "第 2 次调用", "第 3 次调用"])
right.set_ylabel("仍存活的保存的张量（KiB）")
right.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"} translates="8636acd548"
# 字节都去了哪里：第 1 层的权重没有被保存，因为只有在求对输入的梯度时才需要它，而 `inputs` 不需要梯度。第 2、3 层的权重是按引用保存的（不复制），所以不额外占用内存；跟踪额外增加的是激活值。`saved_for_backward()` 对每块存储只计一次：一个 ReLU 输出同时也是下一层的输入，它只存一次，也只计一次。
#
# 逐个损失的做法为什么工作量更大：每次 `backward()` 都要走遍从它的损失到叶节点之间的每个节点，所以共享的主干要为每个损失各做一次反向传播；而求和的做法只让一个合并后的梯度穿过主干一次（自动求导会在分支汇合处把传来的梯度相加，就像逐个损失的调用在 `.grad` 中所做的那样）。优先使用 `sum(losses).backward()`；只有在两次调用之间需要做点什么时（比如取出每个损失各自的梯度），才逐个损失调用。

# %% slideshow={"slide_type": "subslide"} translates="8d8046bd40"
observed = judge(holds=same_grads and no_retain_failed)
check("C11", observed,
      evidence=f"三次 backward() 调用（前两次带 retain_graph）给出的梯度，与对总和做一次"
               f"反向传播相同（最大差值 {worst:.1e}）；不带 "
               f"retain_graph 时第二次调用失败。在 {device} 上的代价：每步 "
               f"{seconds['backward per loss'] * 1e3:.2f} ms 对 "
               f"{seconds['backward on the sum'] * 1e3:.2f} ms；保存了 {saved.bytes:,} B（理论值 "
               f"{sum(theory.values()):,} B），最后一次逐个损失的调用之后仍有 {alive_each[-1]:,} B "
               "存活")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="98805c6cf3"
# ### 动手试试
#
# 在逐个损失的做法中，用我们的三个损失训练一步，梯度会到达第 1 层的权重（`trunk[0].weight`）多少次？先预测，再去数：在这个权重上注册一个钩子，每次都向 `calls` 追加一项。检查会运行它自己的训练步和反向传播，并把 `len(calls)` 与它自己数出的次数比较。

# %% slideshow={"slide_type": "-"} translates="c4b4cdc30a"
calls = []
handle = ...  # 第 1 层权重上的一个钩子，每次运行都向 calls 追加一项
self_check("07.2", handle=handle, calls=calls, step=step_each, weight=trunk[0].weight)
zero_grads()

# %% [markdown] slideshow={"slide_type": "subslide"} translates="9446fa04fc"
# ### 延伸阅读
#
# - [自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.Tensor.backward`](https://pytorch.org/docs/stable/generated/torch.Tensor.backward.html)（`retain_graph`）
# - [`torch.Tensor.register_hook`](https://pytorch.org/docs/stable/generated/torch.Tensor.register_hook.html)

# %% [markdown] slideshow={"slide_type": "slide"} translates="cd9d811e7a"
# ## 本笔记本确立了什么
#
# - **C10** —— `backward()` 释放的是**保存的张量**，而不是计算图：图的节点和连接都还在，所以「释放计算图」说得太宽泛了。第二次调用如果要经过保存了张量的节点，就会失败，除非第一次调用带了 `retain_graph=True`。
# - **C11** —— 带 `retain_graph=True` 逐个损失调用 `backward()`，给出的梯度与对总和做一次反向传播相同；求和的做法工作量更少（共享部分只反向传播一次），而且不会留下任何被保留的东西。
#
# 两个论断都展示了梯度在 `.grad` 中的累加。笔记本 08（`08_accumulate_and_step`）接着讲下去：累加什么时候停止，以及优化器拿这些梯度做什么。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [06 · `detach`：切断计算图](06_detach.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/06_detach.ipynb))
#
# **下一篇 →：**
# [08 · 梯度累加，以及优化器更新了什么](08_accumulate_and_step.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/08_accumulate_and_step.ipynb))
