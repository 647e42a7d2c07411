# %% [markdown] slideshow={"slide_type": "slide"} translates="b0101a430a"
# # 05 · backward 的参数：标量、向量与雅可比矩阵
#
# 大多数时候，你调用 `loss.backward()` 时括号里什么也不写。但 `backward` 确实接受一个参数，文章对它说了三件事：什么时候可以省略它，省略它等价于传入什么，以及损失模块的输出永远不需要它。在这个笔记本里，你会弄清楚这个参数究竟*是*什么：一个与雅可比矩阵相乘的向量。
#
# 本笔记本检验的论断：**C19**、**C14**、**C20**。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/05_backward_arguments.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="64e380e5df"
import inspect
import warnings
from collections import Counter

import matplotlib.pyplot as plt
import torch
from IPython.display import Markdown, display
from torch import nn
from torch.nn.modules import adaptive as adaptive_modules
from torch.nn.modules import loss as loss_modules

from helpers import check, judge, self_check
from helpers.graph import draw
from helpers.survey import exported_modules

# %% [markdown] slideshow={"slide_type": "slide"} translates="3a93a76a9b"
# ## C19 · §3 — 谁可以不带参数调用 `backward()`？
#
# **论断。** 只有标量才能不带参数地调用 `backward()`。更大的输出必须传入一个梯度，文章称之为 `grad_variable` 参数（这是文章的拼法，没有 s）。
#
# **我们检验的解读：**「标量」指*恰好只有一个元素的张量*，不论它是什么形状。不带参数的 `backward()` 应当对每一种单元素形状都能运行，对更大的输出则失败；更大的输出一旦传入梯度，就应当能运行；我们还会在两个可以写它的地方运行 2017 年的关键字 `grad_variables`（带 s）：`torch.autograd.backward(...)` 和 `y.backward(...)`。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="105df71dc1"
# **讲解。** 反向传播需要一个与输出形状相同的起始梯度；只有一个元素时，它可以默认给出，否则要由你传入。2017 年的关键字 `grad_variables` 如今只在 `torch.autograd.backward` 中还能运行，而且会给出警告。
#
# **学生带来的想法。** 文章把它叫作「grad_variable」，照这个拼法，没有哪个调用接受它。学生会把传入的向量理解成一个缩放因子，而不是与雅可比矩阵相乘的向量。
#
# **先提问。** 一个向量输出：不带参数的 `backward()` 能运行吗？如果传入 `v`，`x.grad` 会变成什么？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="793ae3e218"
# **先预测。** 下面这些输出中，哪些可以在括号里什么都不写就调用 `backward()`：形状 `()`、形状 `(1,)`、形状 `(1, 1)`、形状 `(2,)`？

# %% slideshow={"slide_type": "subslide"} translates="e6ce46dc4b"
bare_ok = {}
for shape in [(), (1,), (1, 1), (2,)]:
    x = torch.ones(shape, requires_grad=True)
    y = 3 * x
    try:
        y.backward()
        bare_ok[shape] = True
        print(f"形状 {str(shape):7}（{y.numel()} 个元素）：运行成功，x.grad = {x.grad.tolist()}")
    except RuntimeError as e:
        bare_ok[shape] = False
        print(f"形状 {str(shape):7}（{y.numel()} 个元素）：RuntimeError: {e}")

# %% [markdown] slideshow={"slide_type": "-"} translates="8bbecb4107"
# 报错信息说的是 *<span lang="en">scalar outputs</span>*（标量输出），可 `(1, 1)` 是一个矩阵，照样运行了。对 `backward` 来说，「标量」指的是**一个元素**：这时只有一个合理的起始梯度 `torch.ones_like(y)`，PyTorch 会替你填上。如果有两个元素，它就得猜每个元素各有多重要，所以干脆拒绝。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="cb6673a863"
# 现在给一个非标量输出传入梯度：先在 `torch.autograd.backward` 和方法 `y.backward` 上使用 2017 年的关键字，再换成今天的名字。`attempt` 每次都新建一个 `y = x ** 2`，所以每次调用都从一张新的图开始。

# %% slideshow={"slide_type": "-"} translates="87c70babdc"
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
v = torch.ones(3)


def attempt(label, call):
    """运行 call(x ** 2)；打印并返回 x.grad（出错时为 None）和所有警告。"""
    x.grad = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            call(x**2)
            outcome = f"运行成功，x.grad = {x.grad.tolist()}"
        except TypeError as e:
            outcome = f"TypeError: {e}"
    notes = [f"{w.category.__name__}: {w.message}" for w in caught]
    print(label, "\n   ", outcome, *("\n    " + n for n in notes))
    return x.grad, notes


# %% slideshow={"slide_type": "subslide"} translates="bbe802eed3"
# 四种写法，每种都作用于新建的 y = x ** 2，v = [1, 1, 1]：
old_fn = attempt("torch.autograd.backward(y, grad_variables=v)",
                 lambda y: torch.autograd.backward(y, grad_variables=v))
old_method = attempt("y.backward(grad_variables=v)", lambda y: y.backward(grad_variables=v))
new_fn = attempt("torch.autograd.backward(y, grad_tensors=v)",
                 lambda y: torch.autograd.backward(y, grad_tensors=v))
new_method = attempt("y.backward(gradient=v)", lambda y: y.backward(gradient=v))

# %% slideshow={"slide_type": "subslide"} translates="53222b86a2"
old_ran, old_warned = old_fn[0] is not None, bool(old_fn[1])
spelling_2017 = ("会失败" if not old_ran else "能运行，但会发出警告" if old_warned
                    else "能运行，且没有任何提示")
display(Markdown(
    "2017 年的关键字 `torch.autograd.backward(y, grad_variables=v)` "
    f"**{spelling_2017}**（在 torch {torch.__version__} 上）。"
    "方法 `y.backward(grad_variables=v)` "
    f"{'抛出了 TypeError' if old_method[0] is None else '能运行'}：它的关键字在 "
    "2017 年就已经是 `gradient`，但 PyTorch 0.2 的文档字符串把这个参数写成了 "
    "`grad_variables`，文章很可能就是从那里取的名字。今天的名字："
    "`y.backward` 用 `gradient=`，`torch.autograd.backward` 用 `grad_tensors=`。"))


# %% [markdown] slideshow={"slide_type": "subslide"} translates="5bd8a8fa21"
# ### 梯度参数的含义
#
# 设 `y = f(x)`，`f: ℝ³ → ℝ²`，雅可比矩阵 `J` 是由所有 `∂y_i/∂x_j` 组成的 2×3 矩阵。`y.backward(v)` 并不计算 `J`；它只用一趟反向传播就算出行向量 `v @ J`（即 *向量-雅可比积*），并把它加到 `x.grad` 上。单元素输出上不带参数的 `backward()`，就是 `v = [1.]` 的情形。

# %% slideshow={"slide_type": "subslide"} translates="e39027c56d"
def f(x):
    return torch.stack([x[0] * x[1], x[1] + x[2] ** 2])


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
J = torch.autograd.functional.jacobian(f, x)
x0, x1, x2 = x.tolist()
J_by_hand = torch.tensor([[x1, x0, 0.0], [0.0, 1.0, 2 * x2]])
print("J =\n", J, "\n手算：\n", J_by_hand)

v = torch.tensor([1.0, 10.0])
y = f(x)
y.backward(v)
print("y.backward(v) 之后的 x.grad：", x.grad)
print("v @ J                      ：", v @ J)
vjp_ok = torch.allclose(x.grad, v @ J) and torch.allclose(J, J_by_hand)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="06c4dedb87"
# **请看。** `x` 是左边的叶节点，它的梯度框里显示的是 `v @ J`。`y` 是带双线框的输出，有两个元素，正是不带参数的 `backward()` 会拒绝的那种。虚线椭圆是反向传播需要用到的 `x` 的值，反向传播一结束，它们就被释放了。

# %% slideshow={"slide_type": "-"} translates="cc4f009da7"
draw(y, names={"x": x, "y": y})

# %% [markdown] slideshow={"slide_type": "notes"} translates="6a8dd9a4ad"
# **为什么是这个结论。** 结论取决于两项观察，每一项本来都可能是另一种结果。规则：两个元素的输出在不传梯度时必须报错，传入梯度时必须给出 `v @ J`。名字：2017 年的 `torch.autograd.backward(..., grad_variables=...)` 今天要么不声不响地运行（什么都没变），要么警告或失败（*已过时*；结论卡片仍会记录规则是否成立）。方法调用的 `TypeError` 不算数：`y.backward` 从来就不接受这个关键字。

# %% slideshow={"slide_type": "subslide"} translates="abcf1131ee"
rule_holds = (bare_ok[()] and bare_ok[(1,)] and bare_ok[(1, 1)] and not bare_ok[(2,)]
              and new_fn[0] is not None and new_method[0] is not None and vjp_ok)
observed = judge(holds=rule_holds, changed_since_2017=not old_ran or old_warned)
check("C19", observed,
      evidence=f"规则：不带参数的 backward() 在形状 "
               f"{[s for s, ok in bare_ok.items() if ok]} 上能运行，在 "
               f"{[s for s, ok in bare_ok.items() if not ok]} 上报错；传入梯度时，y.backward(v) "
               f"给出 v @ J = {(v @ J).tolist()}。2017 年的写法 "
               f"torch.autograd.backward(y, grad_variables=v) {spelling_2017}"
               f"{'：' + '；'.join(old_fn[1]) if old_fn[1] else ''}；今天：gradient= / "
               "grad_tensors=")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="4d1908d30f"
# ### 动手试试
#
# 下面的 `g` 现在返回一个**矩阵**，`x` 的每个元素对应一行。写出 `pick(y)`：它返回的 `v` 要让 `y.backward(v)` 给 `x` 的梯度恰好只是 **`y` 第二列之和**的梯度，无论有多少行。检查还会换用别的输入和另一个两列的函数来试。

# %% slideshow={"slide_type": "-"} translates="df2c1072d1"
def g(x):
    return torch.stack([x**2, x * x.sum()], dim=1)  # 形状 (len(x), 2)


def pick(y):
    """让 y.backward(v) 给出 y[:, 1].sum() 的梯度的那个 v。"""
    return ...  # 为这个 y 构造的张量


print("g(x) 的形状为", tuple(g(x).shape))
self_check("05.1", pick=pick, g=g, x=x)

# %% [markdown] slideshow={"slide_type": "slide"} translates="4de92ae29f"
# ## C14 · §2 — `backward()` 与 `backward(torch.tensor([1]))` 相同吗？
#
# **论断。** 对于标量结果，不带参数的 `backward()` 等同于把单元素张量 `[1]` 作为梯度传入。
#
# **我们检验的解读：** 把文章的写法 `loss.backward(torch.tensor([1]))`，以及它的浮点版本 `torch.tensor([1.])`（以防失败的原因是整数类型），用在按今天 PyTorch 的方式得到的损失上；然后把同样的写法用在形状为 `(1,)` 的损失上，2017 年的损失就是这个样子。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="754b93b561"
# **讲解。** 对标量损失，`backward()` 以 1 作为链式法则的起点。单元素的起始梯度适合 2017 年形状为 `(1,)` 的损失（当时的 `torch` 还没有 `torch.tensor`）；今天的损失没有维度，于是形状冲突。
#
# **学生带来的想法。** 文章把「`backward(torch.tensor([1]))`」写作等价形式。学生照抄这个起始梯度，用在现代的损失上，就会遇到形状不匹配。
#
# **先提问。** 我们的损失形状是 `()`。那么 `loss.backward(torch.tensor([1]))` 能运行吗？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="26990f7598"
# **先预测。** 今天的损失模块返回形状为 `()` 的张量。PyTorch 会接受形状为 `(1,)` 的梯度，像在几乎其他所有地方一样对它做广播，还是拒绝？

# %% slideshow={"slide_type": "subslide"} translates="c043cb55ae"
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
target = torch.zeros(3)


def grad_after(loss, *gradient):
    """loss.backward(*gradient) 之后的 x.grad，以及发生了什么（"运行成功"或报错）。"""
    x.grad = None
    try:
        loss.backward(*gradient)
        return x.grad.clone(), "运行成功"
    except RuntimeError as e:
        return None, f"RuntimeError: {e}"


loss = nn.MSELoss()(x, target)
print("今天的损失：", loss, " 形状", tuple(loss.shape))
g_bare, _ = grad_after(nn.MSELoss()(x, target))
print("backward()                   → x.grad =", g_bare)

# %% slideshow={"slide_type": "subslide"} translates="b176dbff82"
# 现在用文章的梯度 [1]，以及它的浮点版本 [1.]：
g_int, said_int = grad_after(nn.MSELoss()(x, target), torch.tensor([1]))
print("backward(torch.tensor([1]))  →", said_int)
g_float, said_float = grad_after(nn.MSELoss()(x, target), torch.tensor([1.0]))
print("backward(torch.tensor([1.])) →", said_float)
refused = [s for s, g in (("torch.tensor([1])", g_int), ("torch.tensor([1.])", g_float))
           if g is None]
# 显示用的词，与代码的逻辑分开：翻译只改这里（中文的动词不分单复数，两处都留空）
VERB = {"one": "", "more": ""}
display(Markdown(
    f"在 torch {torch.__version__} 上，这 2 种写法中有 {len(refused)} 种"
    f"{VERB['one' if len(refused) == 1 else 'more']}被拒绝"
    + ("：梯度的形状必须与输出*完全*相同，形状为 `()` 的损失要的是形状为 `()` 的"
       "梯度。" if refused else "。")))

# %% slideshow={"slide_type": "subslide"} translates="8267fd2392"
# 今天与不带参数的 backward() 真正等价的写法：梯度的形状与损失自身相同，即 ()。
g_scalar, _ = grad_after(nn.MSELoss()(x, target), torch.tensor(1.0))
g_ones, _ = grad_after(loss, torch.ones_like(loss))
print("backward(torch.tensor(1.))   → x.grad =", g_scalar)
print("backward(ones_like(loss))    → x.grad =", g_ones)
today_equivalent = torch.equal(g_scalar, g_bare) and torch.equal(g_ones, g_bare)


# %% [markdown] slideshow={"slide_type": "subslide"} translates="efb539c296"
# 2017 年（PyTorch 0.3）还没有 0 维张量，也没有 `torch.tensor`：它到 PyTorch 0.4 才出现，所以在文章写 `torch.tensor([1])` 的地方，当时的代码写的是 `torch.Tensor([1])`。那时的损失形状是 `(1,)`，所以梯度 `[1]` 的形状恰好与它一致。用 `.reshape(1)` 重建这样一个损失，把三种写法都试一遍：

# %% slideshow={"slide_type": "-"} translates="00842c59c9"
def loss_2017():
    return nn.MSELoss()(x, target).reshape(1)  # 形状 (1,)，和 2017 年的损失一样


print("2017 年形状的损失：", loss_2017())
g_2017 = {}
for spelling, grad in [("torch.Tensor([1])", torch.Tensor([1])),
                       ("torch.tensor([1.])", torch.tensor([1.0])),
                       ("torch.tensor([1])", torch.tensor([1]))]:
    g_2017[spelling], said = grad_after(loss_2017(), grad)
    print(f"backward({spelling:18}) → {said}，x.grad = {g_2017[spelling]}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="5a95d5f48a"
# **请看。** 同一个计算的两个输出画在一起：今天的 `loss`，以及由它得到的 `loss.reshape(1)`。看每个双线框里写形状的那一行：今天的损失是 `()`，2017 年形状的那个是 `(1,)`，它还要再往后经过一个 `ViewBackward0`。传给 `backward` 的梯度必须与它出发的那个框相符。

# %% slideshow={"slide_type": "-"} translates="c266573d5d"
old_style = loss.reshape(1)  # 今天这个损失的一个视图：同一个计算，形状 (1,)
draw(loss, old_style, names={"x": x, "loss (today)": loss, "loss (2017 shape)": old_style},
     legend=False)

# %% slideshow={"slide_type": "subslide"} translates="b69f8df987"
modern_refuses = g_int is None and g_float is None
worked_on_2017_shape = all(g is not None and torch.equal(g, g_bare) for g in g_2017.values())
observed = judge(holds=today_equivalent,  # 用今天的方式表述的规则：形状为 () 的梯度 1
                 changed_since_2017=modern_refuses and worked_on_2017_shape)
check("C14", observed,
      evidence=f"在今天的 0 维损失上，backward(torch.tensor([1])) → {said_int.rstrip('.')}；"
               f"backward(torch.tensor([1.])) → {said_float.rstrip('.')}。在像 2017 年那样"
               "变形为 (1,) 的损失上，torch.Tensor([1])、torch.tensor([1.]) 和 "
               "torch.tensor([1]) "
               f"给出的 x.grad 与 backward() 相同（{worked_on_2017_shape}："
               f"{[round(g, 4) for g in g_bare.tolist()]}）；今天的等价写法是 "
               f"backward(torch.tensor(1.)) / torch.ones_like(loss)（梯度相同："
               f"{today_equivalent}）")


# %% [markdown] slideshow={"slide_type": "notes"} translates="04ea2a335d"
# PyTorch 0.4 把损失变成了 0 维张量（`loss.data[0]` 也是在那时让位给 `loss.item()` 的）。在算术运算里，这两种形状可以随意混用，形状为 `()` 的张量会被广播成 `(1,)`；但 `backward` 会严格检查梯度的形状，这是有意为之：形状不对的梯度几乎总是 bug。还要注意，整数的 `torch.tensor([1])` 在 `(1,)` 的损失上被接受了：自动求导会把梯度转换成输出的 dtype。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="5bd640c07d"
# ### 动手试试
#
# 写出 `mean_seed(losses)`：当 `losses` 里装着多个损失时（就像 `reduction='none'` 返回的那样），它给出要传给 `losses.backward(...)` 的梯度，使得到的梯度与 `losses.mean()` 给出的一样。它必须适用于任何形状，包括只有一个元素的损失。

# %% slideshow={"slide_type": "-"} translates="8944999683"
def mean_seed(losses):
    """要传给 losses.backward(...) 什么，才能得到 losses.mean() 的梯度。"""
    return ...  # 为这些损失构造的张量


print("这个 x 的各个损失：", nn.MSELoss(reduction="none")(x, target).detach())
self_check("05.2", mean_seed=mean_seed, x=x, target=target)

# %% [markdown] slideshow={"slide_type": "slide"} translates="49cab2bb47"
# ## C20 · §3 — 损失模块返回什么？
#
# **论断。** PyTorch 的 `nn.*Loss` 模块对一个小批量都只给出一个数：各样本结果的平均值或总和。
#
# **我们检验的解读：** *每一个* `nn.*Loss` 类在使用默认设置时，都把小批量归约成一个数，而这个数就是各样本损失的简单平均或总和。我们清点 `torch.nn` 导出的损失类（列法与笔记本 02 相同，再加上 `AdaptiveLogSoftmaxWithLoss`），然后寻找默认行为打破这一点的类。需要你主动选择的设置，比如 `reduction='none'`，不算例外。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="44e5e8d50a"
# **讲解。** 几乎每个损失类默认都归约为平均值，`reduction='none'` 则给出每个样本各自的损失。平均值除以的是全部元素的个数，而不只是批次大小。
#
# **学生带来的想法。** 文章说这些损失给出的是「平均/求和后的值」。学生以为是除以批次大小；另外，有一个类根本没有 `reduction` 参数。
#
# **先提问。** 对一个 4 行、每行 3 个数的批次用 `MSELoss`：是除以四，还是除以十二？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="229de9d9af"
# **先预测。** `torch.nn` 有二十来个损失类。其中有多少个默认是 `'mean'`？有没有哪个类返回的根本不是单个数？

# %% slideshow={"slide_type": "subslide"} translates="fdff235c51"
NO_ARG = "（没有 reduction 参数）"
loss_classes = sorted(exported_modules(loss_modules) + exported_modules(adaptive_modules))
defaults = {}
for name in loss_classes:
    param = inspect.signature(getattr(nn, name).__init__).parameters.get("reduction")
    defaults[name] = param.default if param is not None else NO_ARG
print(f"{len(loss_classes)} 个损失类；默认的 reduction：", dict(Counter(defaults.values())))
print("不是 'mean' 的：", {n: d for n, d in defaults.items() if d != "mean"})

asm = nn.AdaptiveLogSoftmaxWithLoss(in_features=8, n_classes=10, cutoffs=[4])
result = asm(torch.randn(5, 8), torch.randint(0, 10, (5,)))
print(type(result).__name__, "字段为", result._fields)
print("output:", tuple(result.output.shape), " loss:", tuple(result.loss.shape))
asm_not_one_number = not isinstance(result, torch.Tensor)
asm_loss_is_mean = torch.allclose(result.loss, -result.output.mean())
print("loss == -output.mean():", asm_loss_is_mean)

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="ef2aef8132"
display(Markdown(
    "`AdaptiveLogSoftmaxWithLoss` 没有 `reduction` 参数，它返回的是"
    + ("一个*具名二元组*，而不是单个数：`output` 是每个样本在其目标类别上的对数概率，`loss` "
       "是" if asm_not_one_number else "单个数：")
    + ("它们平均值的**相反数**。" if asm_loss_is_mean else "但不是平均值的相反数。")
    + "接下来看"
    + ("其余每个类都有" if list(defaults.values()).count(NO_ARG) == 1
       else "大多数类都有")
    + "的设置：`reduction='none'`。"))

# %% slideshow={"slide_type": "-"} translates="0ca0c0153b"
N = 8
logits = torch.randn(N, 4, requires_grad=True)
labels = torch.randint(0, 4, (N,))
per_sample = nn.CrossEntropyLoss(reduction="none")(logits, labels)
print("reduction='none':", tuple(per_sample.shape), per_sample.detach())
print("'mean':", nn.CrossEntropyLoss()(logits, labels).item(),
      " per_sample.mean():", per_sample.mean().item())
print("'sum' :", nn.CrossEntropyLoss(reduction="sum")(logits, labels).item(),
      " per_sample.sum(): ", per_sample.sum().item())

# %% [markdown] slideshow={"slide_type": "subslide"} translates="7364e53640"
# 这个选择对梯度有什么影响？平均值把损失除以了 `N`，所以它也应该把每个梯度都除以 `N`：

# %% slideshow={"slide_type": "-"} translates="1e1566df4e"
grads = {}
for reduction in ("mean", "sum"):
    logits.grad = None
    nn.CrossEntropyLoss(reduction=reduction)(logits, labels).backward()
    grads[reduction] = logits.grad.clone()
scale_is_N = torch.allclose(grads["mean"] * N, grads["sum"], rtol=1e-6, atol=0)
print(f"mean 的梯度 × {N} == sum 的梯度：{scale_is_N}",
      f"（最大差值 {(grads['mean'] * N - grads['sum']).abs().max().item():.1e}，"
      f"逐位相同：{torch.equal(grads['mean'] * N, grads['sum'])}）")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="daa0209e2a"
# 而且「mean」并不总是对小批量求平均。像 `MSELoss` 这样逐元素计算的损失，除以的是 **元素**的个数，而不是批次大小（只有当每个样本的损失是其各元素的平均而不是总和时，它才是按样本求的平均）；`CTCLoss` 先把每个样本的损失除以它的目标长度；`KLDivLoss` 也是除以全部元素的个数：

# %% slideshow={"slide_type": "-"} translates="a4de7fdd94"
a, b = torch.randn(4, 3), torch.randn(4, 3)  # 4 个样本，每个样本 3 个数
mse_divisor = (nn.MSELoss(reduction="sum")(a, b) / nn.MSELoss()(a, b)).item()
mse_per_element = round(mse_divisor) == a.numel() != a.shape[0]
print(f"MSELoss 作用于 {a.shape[0]}×{a.shape[1]} 的输入：'sum' / 'mean' = {mse_divisor:.0f}，即"
      f"元素个数（{a.numel()}），而不是批次大小（{a.shape[0]}）")

T, B, C = 12, 3, 5
log_probs = torch.randn(T, B, C).log_softmax(2)
targets, target_lengths = torch.randint(1, C, (B, 4)), torch.tensor([4, 2, 3])
ctc_args = (log_probs, targets, torch.full((B,), T), target_lengths)
ctc_none, ctc_mean = nn.CTCLoss(reduction="none")(*ctc_args), nn.CTCLoss()(*ctc_args)
print("CTC 'mean'：", ctc_mean.item(), " 简单平均：", ctc_none.mean().item(),
      " （损失/目标长度）的平均：", (ctc_none / target_lengths).mean().item())
ctc_mean_not_plain = not torch.allclose(ctc_mean, ctc_none.mean())

# %% slideshow={"slide_type": "subslide"} translates="8141fe95f4"
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    nn.KLDivLoss()(torch.randn(4, 5).log_softmax(1), torch.randn(4, 5).softmax(1))
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
if not caught:
    print("在这个版本的 PyTorch 上，KLDivLoss 没有给出警告")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="1bf3c67b54"
# **请看。** 左：`reduction='none'` 返回的八个样本各自的损失，以及 `'mean'` 从中留下的那一个数。右：`'mean'` 梯度的每个元素，对照 `'sum'` 梯度中的同一个元素，它们落在一条斜率为 `1/N` 的直线上。

# %% slideshow={"slide_type": "subslide"} translates="7c79b05789"
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
left.bar(range(N), per_sample.tolist(), color="lightsteelblue", label="reduction='none'")
left.axhline(per_sample.mean().item(), color="darkorange", label="'mean'")
left.set(xlabel="小批量中的样本", ylabel="交叉熵（nats）")
left.legend(fontsize=8)
right.scatter(grads["sum"].flatten().tolist(), grads["mean"].flatten().tolist(), s=12)
right.axline((0, 0), slope=1 / N, color="grey", lw=0.8, label=f"斜率 1/{N}")
right.set(xlabel="用 'sum' 时的梯度（每个 logit）", ylabel="用 'mean' 时的梯度")
right.legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% slideshow={"slide_type": "subslide"} translates="a8ecc761fd"
with_arg = {n: d for n, d in defaults.items() if d != NO_ARG}
default_reduces = (all(d in ("mean", "sum") for d in with_arg.values())
                   and nn.CrossEntropyLoss()(logits, labels).dim() == 0 and scale_is_N)
# 例外，每一个都是在某个类的默认设置下看到的：返回一对值而不是一个数；对元素而不是对
# 样本求平均；对除以目标长度之后的损失求平均。
observed = judge(holds=default_reduces,
                 exception=asm_not_one_number or mse_per_element or ctc_mean_not_plain)
check("C20", observed,
      evidence=f"torch.nn 导出的损失类中，{sum(d == 'mean' for d in defaults.values())} 个"
               f"（共 {len(defaults)} 个）默认是 'mean'（mean 的梯度 × {N} == sum 的梯度："
               f"{scale_is_N}）；但在默认设置下，"
               f"{[n for n, d in defaults.items() if d == NO_ARG]} 返回的是 {result._fields}"
               f"（不是一个数：{asm_not_one_number}）；MSELoss 的 'mean' 在 "
               f"{a.shape[0]}×{a.shape[1]} 的输入上除以 {mse_divisor:.0f}（全部"
               f"元素的个数），而不是批次大小 {a.shape[0]}；CTCLoss 的 'mean' 是 "
               f"{ctc_mean.item():.3f}，而不是简单平均 {ctc_none.mean().item():.3f}。"
               f"（主动选择 reduction='none' 时，得到的形状是 {tuple(per_sample.shape)}。）")

# %% [markdown] slideshow={"slide_type": "notes"} translates="54fd0b7f95"
# 在有 `reduction=` 之前（PyTorch 0.4.1），同样的选择是用两个标志 `size_average` 和 `reduce` 来表达的；它们至今仍能运行，但会给出警告，告诉你对应的 `reduction=` 写法。`CrossEntropyLoss(weight=...)` 是又一个并非简单平均的「mean」：它除以的是所见各目标的权重之和。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="1bb60af785"
# ### 动手试试
#
# 你想要的是**按样本**求平均：先把每个样本的平方误差加起来，再对各样本（各行）求平均。用 `nn.MSELoss` 写出 `per_sample_mse(a, b)`。检查会在下面这个批次以及其他形状的批次上调用它，并查看它传回给 `a` 的梯度。

# %% slideshow={"slide_type": "-"} translates="1acd47935d"
a, b = torch.randn(4, 3, requires_grad=True), torch.randn(4, 3)


def per_sample_mse(a, b):
    """一个数：每一行的平方误差加起来，再对各行求平均。"""
    return ...  # 用 nn.MSELoss 构造


self_check("05.3", per_sample_mse=per_sample_mse, a=a, b=b)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="10b8e723f2"
# ### 延伸阅读
#
# - [自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.Tensor.backward`](https://pytorch.org/docs/stable/generated/torch.Tensor.backward.html)
# - [`torch.autograd.backward`](https://pytorch.org/docs/stable/generated/torch.autograd.backward.html)
# - [`torch.autograd.functional.jacobian`](https://pytorch.org/docs/stable/generated/torch.autograd.functional.jacobian.html)
# - [`torch.nn` 中的损失函数](https://pytorch.org/docs/stable/nn.html#loss-functions)，例如 [`nn.MSELoss`](https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html)

# %% [markdown] slideshow={"slide_type": "slide"} translates="ea9016e0b8"
# ## 本笔记本确立了什么
#
# - **C19** —— 规则成立：不带参数的 `backward()` 对任何单元素输出都能运行，元素更多时则被拒绝；你改为传入的，是向量-雅可比积中的 `v`。名字是 2017 年的：今天是 `gradient=` / `grad_tensors=`；结论卡片会说明 2017 年的 `grad_variables=` 在你的 PyTorch 上表现如何。
# - **C14** —— 在今天的 PyTorch 上，`backward(torch.tensor([1]))` 在变形为 2017 年的 `(1,)` 的损失上与不带参数的 `backward()` 结果一致，但在今天的 0 维损失上会被拒绝；现在的等价写法是 `torch.tensor(1.)`。
# - **C20** —— 几乎每个损失默认都是 `'mean'`（对 `CrossEntropyLoss` 而言，梯度是 `'sum'` 的 `1/N`），但有些默认并不是对批次求平均：逐元素的损失除以全部元素的个数，`CTCLoss` 除以目标长度，`AdaptiveLogSoftmaxWithLoss` 则返回一对值。主动选择 `reduction='none'`，就能得到未经归约的损失。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [04 · 叶节点、中间节点，以及梯度最后去了哪里](04_leaf_and_intermediate_grads.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/04_leaf_and_intermediate_grads.ipynb))
#
# **下一篇 →：**
# [06 · `detach`：切断计算图](06_detach.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/06_detach.ipynb))
