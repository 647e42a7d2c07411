# %% [markdown] slideshow={"slide_type": "slide"} translates="dbd13b5747"
# # 01 · requires_grad：谁参与求导
#
# 自动求导跟踪哪些张量，由一个标志决定：`requires_grad`。文章对它提出了四条论断——它的含义、它的默认值、它如何传递，以及谁可以修改它。你将在今天的 PyTorch 上逐一检验，2017 年的写法也包括在内。
#
# 本笔记本检验的论断：**C01**、**C02**、**C03**、**C04**。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/01_requires_grad.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="0771738e1e"
import warnings

import torch
from IPython.display import Markdown, display
from torch import nn
from torch.autograd import Variable

from helpers import check, judge, self_check
from helpers.graph import draw

# %% [markdown] slideshow={"slide_type": "slide"} translates="3d3e41a3ba"
# ## C01 · §1 — `requires_grad=True` 的含义
#
# **论断。** `requires_grad` 为 `True` 的张量参与求导：自动求导可以*为*它计算梯度，梯度也可以*穿过*它向后传递。
#
# *叶节点*是没有 `grad_fn` 的张量：包括所有不需要梯度的张量（哪怕是算出来的），以及你明确要求它需要梯度的张量（如下面的 `a`）；而由需要梯度的张量算出来、因此才需要梯度的张量，不是叶节点。
#
# **我们检验的解读：**（1）需要梯度的叶节点得到的梯度与微积分推出的一致；（2）需要梯度的中间结果会把梯度继续向后传，传给算出它的那些张量；（3）同一计算中 `requires_grad=False` 的张量不阻断任何东西，但不会为它计算梯度，反向传播也不能从它开始。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="93ffc20b4d"
# **讲解。** 需要梯度的张量，就是自动求导会记录对它所做运算的张量，因此反向传播能到达它并填好它的 `.grad`。演示梯度与手算的微积分结果一致，再演示没有这个标志的张量得不到 `.grad`，也不能作为反向传播的起点。
#
# **学生带来的想法。** 文章说这样的张量「可以参与求导」。学生会理解成这个标志让张量*自己计算*梯度；其实它只是让自动求导记录对这个张量做了什么。
#
# **先提问。** 如果 `c` 不需要梯度，`loss.backward()` 之后 `c.grad` 会是什么？能从 `c` 开始调用 `backward()` 吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="90643085dc"
# **先预测。** `a` 需要梯度，`c` 不需要，`h = a * c`，`loss = (h**2).sum()`。`loss.backward()` 之后，`a.grad` 和 `c.grad` 中哪个会被填上？如果 `c` 也需要梯度，`a.grad` 会有什么不同吗？

# %% slideshow={"slide_type": "subslide"} translates="7d71fbb080"
a = torch.tensor([1.0, 2.0], requires_grad=True)  # 参与求导
c = torch.tensor([3.0, -1.0])                      # requires_grad=False
h = a * c                                          # 中间结果：同样需要梯度
loss = (h**2).sum()
loss.backward()                                    # 梯度*穿过* h 到达 a
print("a.grad =", a.grad, "  微积分结果 2c²a =", 2 * c**2 * a.detach())
print("c.grad =", c.grad)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="4957621a27"
# 那么*为*中间结果 `h` 计算的梯度呢？反向传播不会保留它（见笔记本 04），所以我们直接问：`torch.autograd.grad(out, t)` 返回 d out/d t。由于反向传播已经释放了它保存的张量，这里从 `h` 重新构建损失。

# %% slideshow={"slide_type": "-"} translates="0c76173be6"
(dh,) = torch.autograd.grad((h**2).sum(), h)
print("dloss/dh =", dh, "  微积分结果 2h =", (2 * h).detach())

# %% [markdown] slideshow={"slide_type": "subslide"} translates="825ded5742"
# 对常量 `c` 做两项检查。`c` 也参与求导时，`a.grad` 会变吗？能为 `c` 计算梯度，或者从 `c` 开始反向传播吗？

# %% slideshow={"slide_type": "-"} translates="4d6664015d"
c_on = c.clone().requires_grad_()
a_on = a.detach().clone().requires_grad_()
((a_on * c_on) ** 2).sum().backward()
c_blocks_nothing = torch.equal(a_on.grad, a.grad)
print("c 也参与求导时，a.grad =", a_on.grad, "→ 与之前相同：", c_blocks_nothing)

failures = []
for what, attempt in [("为 c 求梯度", lambda: torch.autograd.grad((a * c).sum(), c)),
                      ("从 c 开始 backward", lambda: c.sum().backward())]:
    try:
        attempt()
    except RuntimeError as error:
        failures.append(what)
        print(f"{what}：RuntimeError: {error}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="b4e40f8719"
# **请看。** `a` 位于计算图之中，有一个写入 `a.grad` 的 `AccumulateGrad` 节点。`c` 是那个没有任何箭头相连的虚线框：乘法保存了它的值（那个已释放的 <span lang="en">“saved other”</span> 椭圆），但没有任何反向函数通向 `c`。

# %% slideshow={"slide_type": "fragment"} translates="29f7444617"
draw(loss, names={"a": a, "c": c, "h": h, "loss": loss})

# %% slideshow={"slide_type": "subslide"} translates="37e8015485"
a_right = torch.allclose(a.grad, 2 * c**2 * a.detach())
h_right = torch.allclose(dh, 2 * h.detach())
observed = judge(holds=a_right and h_right and c.grad is None and c_blocks_nothing
                 and len(failures) == 2)
check("C01", observed,
      evidence=f"a.grad={a.grad.tolist()} 与 dloss/dh={dh.tolist()} 都和微积分结果一致；"
               f"c.grad 为 {c.grad}；c 参与求导时 a.grad 不变；为 c 求梯度，"
               f"以及从 c 调用 backward()（c.sum().backward()），都会抛出 "
               "RuntimeError")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="0ec5488c3f"
# ### 动手试试
#
# 编写 `both_grads(f, a, c)`：对任意 `f`，返回标量 `f(a, c)` 对 `a` *和*对 `c` 的梯度，其中 `a` 需要梯度，`c` 作为常量传入。请用自动求导来算：检查时会用它自己的函数和张量。**先预测：** `c` 必须在什么时候开始参与求导？

# %% slideshow={"slide_type": "-"} translates="32a792c3f0"
def both_grads(f, a, c):
    """标量 f(a, c) 的（对 a 的梯度，对 c 的梯度）；c 作为常量传入。"""
    return ...  # 你的代码


self_check("01.1", both_grads=both_grads)

# %% [markdown] slideshow={"slide_type": "slide"} translates="c2ca10e6c9"
# ## C02 · §1 — 默认值：`requires_grad=False`、`volatile=False`
#
# **论断。** 新创建的张量（在 2017 年是 `Variable`）一开始 `requires_grad=False` 且 `volatile=False`。
#
# **我们检验的解读：** 今天，所有常见的张量创建方式都给出 `requires_grad=False`。对于 2017 年的那一半，我们运行 `Variable(t)` 和 `volatile`，观察自动求导*实际做了*什么：在 2017 年，以 volatile 张量为输入的结果没有计算图，即使乘上一个需要梯度的权重也是如此。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="937d8c1f41"
# **讲解。** 新张量仍以 `requires_grad=False` 开始，所以这一半今天依然成立。另一半则不然：`volatile` 已被移除，使用它只会打印一条警告，计算图照样会被构建。
#
# **学生带来的想法。** 文章把「requires_grad 和 volatile 都等于 `False`」列为两个默认标志。学生从旧代码里照抄 `volatile=True`，以为它仍能关闭跟踪。
#
# **先提问。** 我们传入 `volatile=True`，再乘上一个需要梯度的权重。会有计算图吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="2386ebfb50"
# **先预测。** `Variable` 在 PyTorch 0.4（2018 年）中并入了 `Tensor`。`Variable(t)` 还能运行吗？`.volatile` 会给出什么——PyTorch 还会额外说些什么吗？

# %% slideshow={"slide_type": "subslide"} translates="7d8afc75a3"
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    v = Variable(torch.ones(2))                       # 2017 年的写法
    v_volatile = v.volatile
    print("Variable(...) 得到的是", type(v).__name__, "| requires_grad =", v.requires_grad,
          "| volatile =", v_volatile)
    v_old = Variable(torch.ones(2), volatile=True)    # 2017 年进入推理模式的写法
    print("Variable(..., volatile=True).volatile =", v_old.volatile)
weight = torch.ones(2, requires_grad=True)
out_old = v_old * weight                              # 在 2017 年：volatile，没有计算图
print("v_old * weight: requires_grad =", out_old.requires_grad,
      "| grad_fn =", type(out_old.grad_fn).__name__)
print("\n警告：")
for w in caught:
    print(f" - {w.category.__name__}: {w.message}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="d08bf0fbbc"
# 再看今天创建张量的各种方式——其中包括两个 `*_like` 函数，它们的源张量 `src` 需要梯度：

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="565a194835"
src = torch.ones(3, requires_grad=True)
made = {
    "torch.tensor([1., 2.])": torch.tensor([1.0, 2.0]), "torch.zeros(3)": torch.zeros(3),
    "torch.ones(3)": torch.ones(3), "torch.randn(3)": torch.randn(3),
    "torch.empty(3)": torch.empty(3), "torch.arange(3.)": torch.arange(3.0),
    "torch.linspace(0, 1, 3)": torch.linspace(0, 1, 3),
    "torch.full((3,), 7.)": torch.full((3,), 7.0),
    "torch.zeros_like(src)": torch.zeros_like(src), "torch.randn_like(src)": torch.randn_like(src),
}
for how, t in made.items():
    print(f"{how:26} requires_grad={t.requires_grad}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="419cb8d471"
# **请看。** 没什么可画的：不需要梯度的张量背后没有计算图。如果非要让计算图视图来画，它会告诉你原因：

# %% slideshow={"slide_type": "fragment"} translates="164a978a84"
try:
    draw(torch.zeros(3) * 2)
except ValueError as error:
    print(error)

# %% slideshow={"slide_type": "subslide"} translates="74c345a00e"
default_false = not any(t.requires_grad for t in made.values()) and not v.requires_grad
removed = [str(w.message) for w in caught if "volatile was removed" in str(w.message)]
volatile_ignored = out_old.grad_fn is not None  # 2017 年：volatile 输入不记录计算图
observed = judge(holds=default_false, changed_since_2017=volatile_ignored)
check("C02", observed,
      evidence=f"全部 {len(made)} 种创建函数以及 Variable(t) 都给出 requires_grad=False"
               f"（今天的那一半成立）；但 Variable(t, volatile=True) 乘上一个需要梯度的权重，"
               f"构建了计算图（grad_fn {type(out_old.grad_fn).__name__}）："
               f"volatile 被忽略，而且 PyTorch 会警告 "
               f"“{removed[0] if removed else '（无）'}”")

# %% [markdown] slideshow={"slide_type": "notes"} translates="7b21d470d7"
# 为什么是*已过时*而不是*成立*？`v.volatile` 打印 `False`，只是因为这个标志已经不存在了：即使传了 `volatile=True`，这个存根也回答 `False`，而 `volatile=True` 已不再改变自动求导记录的内容。论断的一半和 2017 年时一样正确；另一半描述的是一个已经不存在的标志。笔记本 03 会展示取代它的是什么。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="62c010880a"
# ### 动手试试
#
# 编写 `two_ones(src)`：返回一个含两个 1 的张量，dtype 和设备与 `src` 相同，并且是一个独立的、需要梯度的叶节点——无论 `src` 是什么。**先预测：** *由* `src` 创建的张量会沿用 `src` 的哪些属性？先在 `src` 上试试你的函数；检查时会用它自己的张量。

# %% slideshow={"slide_type": "-"} translates="2569f2c0b8"
src = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, device=device, requires_grad=True)


def two_ones(src):
    """两个 1，像 src 一样（相同的 dtype、相同的设备）：一个独立的、需要梯度的叶节点。"""
    return ...  # 你的一行代码


self_check("01.2", two_ones=two_ones)

# %% [markdown] slideshow={"slide_type": "slide"} translates="af7eda1b09"
# ## C03 · §1 — `requires_grad` 会传递
#
# **论断。** 如果 `x.requires_grad` 为 `True`，`y.requires_grad` 为 `False`，那么 `z = f(x, y)` 的 `requires_grad=True`。
#
# **我们检验的解读：** 最强的那种——*任何*用到 `x` 的 `f`：算术运算、矩阵乘法、索引、`torch` 函数，甚至是把 `x` 写进常量 `y_in` 的原地操作。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="a1b5d8ec43"
# **讲解。** 对普通的浮点运算（包括原地操作），需要梯度这一属性会从输入传递到结果。它在比较运算、`argmax` 和转为整数类型处停下，这些结果根本无法携带梯度。
#
# **学生带来的想法。** 文章说这个标志「具有传递性」，没有提任何例外。于是学生以为，由被跟踪的张量算出的每个结果都会被跟踪，索引和掩码也不例外。
#
# **先提问。** `x` 需要梯度。`x > y` 需要梯度吗？`x.argmax()` 呢？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="07f4614d2b"
# **先预测。** 下面哪些*不*需要梯度：`x * y + 1`、`x @ W`、`x[1:]`、`torch.sin(x)`、`y_in.add_(x)`、`x > y`、`x.argmax()`？

# %% slideshow={"slide_type": "subslide"} translates="1b0f8b1240"
x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
y = torch.tensor([0.5, 0.5, 0.5])       # requires_grad=False
W = torch.ones(3, 2)                    # requires_grad=False
results = {"x * y + 1": x * y + 1, "x @ W": x @ W, "x[1:]": x[1:], "torch.sin(x)": torch.sin(x),
           "torch.stack([x, y])": torch.stack([x, y]), "torch.maximum(x, y)": torch.maximum(x, y),
           "(x * y).sum()": (x * y).sum()}
y_in = torch.zeros(3)
before = (y_in.requires_grad, y_in.is_leaf)
results["y_in.add_(x)  (原地)"] = y_in.add_(x)
for expr, z in results.items():
    print(f"{expr:26} requires_grad={z.requires_grad!s:5}  grad_fn={type(z.grad_fn).__name__}")
print("add_ 之前 y_in 的 (requires_grad, is_leaf) =", before, "→ 之后：",
      (y_in.requires_grad, y_in.is_leaf))

# %% [markdown] slideshow={"slide_type": "subslide"} translates="5d27dad90b"
# 接下来是 `x` 的三个函数，它们的结果不是浮点数：

# %% slideshow={"slide_type": "-"} translates="079372acf1"
integer_valued = {"x > y": x > y, "x.argmax()": x.argmax(), "x.long()": x.long()}
for expr, z in integer_valued.items():
    print(f"{expr:12} dtype={str(z.dtype):12} requires_grad={z.requires_grad}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="eebd62a207"
# **请看。** `y` 和 `W` 是常量，即没有箭头的虚线框；`x` 的路径穿过每一个反向函数，直到 `z`。在第二个图中，`y_in` 原本是一个常量叶节点，直到 `add_` 把 `x` 写进了它：现在它由 `AddBackward0` 产生。

# %% slideshow={"slide_type": "fragment"} translates="57d0730dea"
z = torch.sin(x * y) @ W
draw(z, names={"x": x, "y": y, "W": W, "z": z}, legend=False)

# %% slideshow={"slide_type": "subslide"} translates="8530cce2b2"
draw(y_in, names={"x": x, "y_in": y_in}, legend=False)

# %% slideshow={"slide_type": "fragment"} translates="fa03335eb0"
floats_spread = all(z.requires_grad for z in results.values())
not_spread = [e for e, z in integer_valued.items() if not z.requires_grad]
observed = judge(holds=floats_spread, exception=bool(not_spread))
check("C03", observed,
      evidence=f"全部 {len(results)} 个浮点结果都需要梯度，包括原地操作 "
               f"y_in.add_(x)（y_in 不再是叶节点）；但 {', '.join(not_spread)} 用到了 x，"
               "却不需要梯度：整数和布尔张量不能带有 requires_grad")


# %% [markdown] slideshow={"slide_type": "notes"} translates="19ac448b63"
# 这为什么重要？由 `x` 算出的掩码和索引（`x > 0`、`argmax`）不会把梯度传回 `x`。文章的下一项 `volatile` 会阻止这种传递；笔记本 03 会展示它的继任者 `torch.no_grad()`。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="acad14cc41"
# ### 动手试试
#
# 编写 `positive(x)`：在 `x` 为正的位置取 `x` 的元素，其余位置取 0，并且让来自结果的梯度能到达 `x`。检查时会用它自己的各种形状的张量来调用它。

# %% slideshow={"slide_type": "-"} translates="2f9272aeec"
def positive(x):
    """x > 0 处取 x，否则取 0；来自结果的梯度必须能到达 x。"""
    return ...  # 你的一行代码


self_check("01.3", positive=positive)


# %% [markdown] slideshow={"slide_type": "slide"} translates="7d82d910ee"
# ## C04 · §1 — 哪些张量可以设置 `requires_grad`？
#
# **论断。** 参与计算的每一个张量——输入、中间结果、输出、网络权重——都可以设置 `requires_grad`。
#
# **我们检验的解读：** 文章说的四种角色，放在一个小网络的一步训练中：输入（一个批次及其整数标签）、权重、中间结果（隐藏层输出）和输出（logits、损失）。我们用 `t.requires_grad = ...`（文章 §4 的写法）把每个标志分别设为 `True` 和 `False`。如果文章自己的代码所设置的角色——输入和权重——两个值都接受，规则就成立；拒绝的角色算作例外。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="64091f84a2"
# **讲解。** 任何浮点叶节点都可以设置这个标志，权重和批次数据都一样。整数标签拒绝这个标志；非叶节点的结果拒绝属性写法：它们的标志取决于它们是怎样算出来的。
#
# **学生带来的想法。** 文章说「凡是参与运算的变量」都可以设置。学生试着在隐藏层激活或整数标签上设置 `requires_grad`，结果被报错弄糊涂了。
#
# **先提问。** 下面哪些接受 `t.requires_grad = True`：批次数据、标签、隐藏层激活、损失？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="fe35b70cff"
# **先预测。** 下面哪些会报错：把隐藏层输出的标志*关掉*？*打开*？打开整数标签的标志？关掉某个权重的标志？

# %% slideshow={"slide_type": "-"} translates="76560ca9ae"
def try_set(t, value, method=False):
    """设置 t 的 requires_grad；返回 'ok'，或者错误信息的第一句。"""
    try:
        t.requires_grad_(value) if method else setattr(t, "requires_grad", value)
        return "ok"
    except RuntimeError as error:
        return f"RuntimeError: {str(error).split('. ')[0].rstrip('.')}"


# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="34eb1b317a"
net4 = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2))
batch, labels = torch.randn(4, 2), torch.tensor([0, 1, 1, 0])
hidden = net4[:2](batch)                              # 中间结果
logits = net4[2](hidden)                              # 网络的输出……
loss4 = nn.functional.cross_entropy(logits, labels)   # ……以及损失
roles = {"input": {"batch": batch, "labels": labels}, "weight": {"0.weight": net4[0].weight},
         "intermediate": {"hidden": hidden}, "output": {"logits": logits, "loss": loss4}}
# 显示用的词，与代码查找的键分开：翻译只改这里
# （LABEL.get(word, word) 对没有列出的词，比如报错信息，原样显示）
LABEL = {"input": "输入", "weight": "权重", "intermediate": "中间结果",
         "output": "输出", "ok": "可以"}
outcome = {}
for role, tensors in roles.items():
    for name, t in tensors.items():
        for value in (True, False):
            result = try_set(t, value)
            outcome[role, name, value] = result
            # 用全角空格（U+3000）把角色名补足到 5 个汉字宽，中文标签才能对齐
            print(f"{LABEL[role]:　<5}{name:9} is_leaf={t.is_leaf!s:5} {str(t.dtype):12} = "
                  f"{value!s:5} → {LABEL.get(result, result)}")
from_constants = torch.tensor([1.0, 2.0]) * 3
with torch.no_grad():
    logits_no_grad = net4(batch)
print("\n不属于文章所说角色的张量：")
for name, t in {"只由常量算出的输出": from_constants, "no_grad 下的 logits": logits_no_grad,
                "创建时就是整数": None}.items():
    try:
        result = try_set(t, True) if t is not None else torch.tensor([0, 1], requires_grad=True)
    except RuntimeError as error:  # 整数张量在创建时就拒绝
        result = f"RuntimeError: {error}"
    print(f"{name:22} is_leaf={t.is_leaf if t is not None else '-'!s:5} = True  → "
          f"{LABEL.get(result, result)}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="725696d952"
# 最后几行是*本身就是*叶节点的输出：它们只由常量算出，或是在 `torch.no_grad()` 下算出，不需要梯度，因此没有被记录，它们的标志可以设置。它们不是文章所说的训练中的输出。整数张量则在创建时就会拒绝。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="2f5ae71fb2"
# 上表用的是属性写法 `t.requires_grad = ...`。现在对同一个中间结果使用方法写法 `t.requires_grad_(...)`，并打印调用前后的标志：

# %% slideshow={"slide_type": "-"} translates="b2271a1b1c"
flags_before = (hidden.requires_grad, hidden.is_leaf)
print("调用前：(requires_grad, is_leaf) =", flags_before)
method_true = try_set(hidden, True, method=True)
print("hidden.requires_grad_(True): ", LABEL.get(method_true, method_true))
flags_after = (hidden.requires_grad, hidden.is_leaf)
print("调用后：(requires_grad, is_leaf) =", flags_after)
method_false = try_set(hidden, False, method=True)
print("hidden.requires_grad_(False):", LABEL.get(method_false, method_false))


# %% slideshow={"slide_type": "-"} tags=["hide-input"] translates="120b93919b"
def said(result: str) -> str:
    """由 try_set 的返回值得出“接受了”或“拒绝了”。"""
    return "接受了" if result == "ok" else "拒绝了"


attr_true, attr_false = (outcome["intermediate", "hidden", value] for value in (True, False))
no_op = method_true == "ok" and flags_before == flags_after == (True, False)
display(Markdown(
    f"要求设为 `True` 时，属性写法（见上表）{said(attr_true)}，方法写法"
    f"{said(method_true)}"
    + ("：只有属性写法拒绝 `True`" if attr_true != "ok" and method_true == "ok"
       else "")
    + ("。方法写法其实无事可做：算出来的张量本来就需要梯度，"
       "调用之后 `hidden` 仍然需要梯度，也仍然不是叶节点" if no_op else "")
    + f"。要求设为 `False` 时，属性写法{said(attr_false)}，方法写法"
      f"{said(method_false)}。"))

# %% [markdown] slideshow={"slide_type": "subslide"} translates="6cd61e275a"
# **请看。** 这个图说明了中间结果为什么与众不同。叶节点 `a4` 位于计算图的边缘，在那里标志仍然可以选择。`inter4` 由 `MulBackward0` 产生：它的 `requires_grad` 不是一项设置，而是由它的产生方式决定的事实。

# %% slideshow={"slide_type": "fragment"} translates="33afee3d96"
a4 = torch.tensor([1.0, 2.0], requires_grad=True)
inter4 = a4 * 2
draw(inter4, names={"a4": a4, "inter4": inter4}, legend=False)

# %% slideshow={"slide_type": "subslide"} translates="8b8272ef20"
article_sets = all(res == "ok" for (_, name, _), res in outcome.items()
                   if name in ("batch", "0.weight"))
refused = [f"{name}={v}（{LABEL[role]}）"
           for (role, name, v), res in outcome.items() if res != "ok"]
failing_roles = list(dict.fromkeys(role for (role, _, _), res in outcome.items() if res != "ok"))
messages = sorted({res.removeprefix("RuntimeError: ") for res in outcome.values() if res != "ok"})
observed = judge(holds=article_sets, exception=bool(failing_roles))
check("C04", observed,
      evidence=f"用 t.requires_grad = value 设置时，批次和权重"
               f"{'都接受' if article_sets else '并不都接受'} True 和 False；"
               f"有张量拒绝的角色："
               f"{'、'.join(LABEL[r] for r in failing_roles) or '无'} —— "
               f"{'、'.join(refused) or '无'}（{'; '.join(repr(m) for m in messages)}）；"
               f"方法写法 hidden.requires_grad_(True) {said(method_true)}，却什么也没改变"
               f"（(requires_grad, is_leaf) 调用前为 {flags_before}，调用后为 {flags_after}）")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="bbce51de65"
# ### 动手试试
#
# `q = p * 3` 因为 `p` 需要梯度而需要梯度，而且这个标志无法关掉。编写 `loss_q_constant(p)`：返回 `(q * p).sum()`，其中 `q` 作为常量，使 `p` 的梯度只来自 `p` 被直接使用的那一处，同时 `p` 仍然需要梯度。**先预测：** `p.requires_grad_(False)` 能做到吗？检查时会用它自己的张量。

# %% slideshow={"slide_type": "-"} translates="791da9dec8"
def loss_q_constant(p):
    """q = p * 3 时的 (q * p).sum()，q 作为常量：p 的梯度只经由 p 的直接使用而来。"""
    q = ...  # p * 3，作为常量
    return (q * p).sum()


self_check("01.4", loss_q_constant=loss_q_constant)

# %% [markdown] slideshow={"slide_type": "notes"} translates="ad5424883e"
# 保留中间结果的梯度、把中间结果当作常量，分别是笔记本 04 和 06 的内容。整数张量必须先转为浮点类型，才能需要梯度。

# %% [markdown] slideshow={"slide_type": "slide"} translates="898de17c1d"
# ## 延伸阅读
#
# - [自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.autograd` 入门](https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html)
# - [`torch.Tensor.requires_grad_`](https://pytorch.org/docs/stable/generated/torch.Tensor.requires_grad_.html)
# - [`torch.Tensor.is_leaf`](https://pytorch.org/docs/stable/generated/torch.Tensor.is_leaf.html)
# - [`torch.tensor`](https://pytorch.org/docs/stable/generated/torch.tensor.html)

# %% [markdown] slideshow={"slide_type": "slide"} translates="6a39e985b7"
# ## 本笔记本确立了什么
#
# - **C01** — `requires_grad=True` 的张量会得到梯度，也会把梯度继续传下去；常量不阻断任何东西，但自己得不到梯度。
# - **C02** — `requires_grad` 的默认值仍是 `False`；`volatile` 已被移除：`volatile=True` 会被忽略（计算图照样构建），`.volatile` 只是一个会发出警告的存根。
# - **C03** — 这个标志会传过每一个浮点运算，原地操作也不例外——但不会传到 `x > y` 或 `argmax` 这样的整数或布尔结果上。
# - **C04** — 输入和权重（叶节点）接受这个标志；中间结果和输出拒绝 `t.requires_grad = ...`（方法写法只接受 `True`，且什么也不做）；整数标签被要求设为 `True` 时同样拒绝。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [00 · 从这里开始：`backward()` 到底是怎么工作的](00_start_here.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/00_start_here.ipynb))
#
# **下一篇 →：**
# [02 · 模块与参数：网络中的 requires_grad](02_modules_and_parameters.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/02_modules_and_parameters.ipynb))
