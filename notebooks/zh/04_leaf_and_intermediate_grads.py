# %% [markdown] slideshow={"slide_type": "slide"} translates="66c20ed8d2"
# # 04 · 叶节点、中间节点，以及梯度最后去了哪里
#
# `backward()` 之后，有的张量有 `.grad`，有的没有。文章用它自己的一个小实验解释了哪些有、哪些没有，接着又对图的*形状*下了一个大胆的论断。在这个笔记本里，你将重跑那个实验，弄清中间节点的梯度去了哪里，用钩子把它们截下来，并自己判断计算图究竟是不是一棵二叉树。
#
# 本笔记本检验的论断：**C21**、**C18**、**C26**、**C22**。
#
# [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/04_leaf_and_intermediate_grads.ipynb)

# %% slideshow={"slide_type": "skip"} tags=["setup"]
import os, subprocess, sys  # 准备：本合集的辅助代码（在 Colab 中先克隆）、随机种子、设备
REPO = "https://github.com/backward-notebooks/backward-notebooks"
ROOT = "/content/backward-notebooks" if "google.colab" in sys.modules else "../.."
if ROOT != "../.." and not os.path.isdir(ROOT):  # Colab 中第一次运行；git 失败时停在这里
    subprocess.run(["git", "clone", "-q", "--depth=1", "-b", "main", REPO, ROOT], check=True)
sys.path.insert(0, ROOT)
from helpers import setup
device = setup(seed=0, lang="zh")

# %% slideshow={"slide_type": "skip"} translates="935958632e"
import warnings
from collections import Counter

import torch
from IPython.display import Markdown, display
from torch import nn
from torch.autograd import Variable
from torchviz import make_dot

from helpers import check, judge, self_check
from helpers.graph import backward_nodes, draw
from helpers.steps import backward_steps
from helpers.survey import graph_depths

# %% [markdown] slideshow={"slide_type": "slide"} translates="fc0a63c04b"
# ## C21 · §3 — 文章的实验
#
# **论断。** 把两个小函数串起来：先 `y2 = x2 ** w1`，再 `z2 = w2 * y2 + 1`，其中 `x2`、`w1`、`w2` 都要求梯度。文章报告说，`z2.backward()` 之后，`x2`、`w1`、`w2` 都有梯度，而 `y2.grad` 是 `None`。
#
# **我们检验的解读：** 三个输入得到的梯度等于微积分算出的值，而中间节点 `y2` 没有梯度——无论用文章 2017 年的写法，还是今天的写法。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="7355654fa3"
# **讲解。** 文章的实验今天照原样就能运行：叶节点得到的梯度与微积分一致，中间节点 `y2` 没有梯度。
#
# **学生带来的想法。** 文章的说法「只有y2没有保留梯度值」成立。学生常把它理解成 `y2` 的梯度根本没有算过；其实算过，还传给了 `x2` 和 `w1`，随后才被丢弃，因为 `y2` 不是叶节点。
#
# **先提问。** `z2.backward()` 之后，`x2`、`w1`、`w2`、`y2` 中哪些会有梯度？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="2abe5c0c9c"
# **先预测。** 运行下一个单元格之前想一想：`x2.grad`、`y2.grad`、`w1.grad`、`w2.grad` 中哪些会是 `None`？旧的 `Variable` 写法还能运行吗？
#
# 先用文章 2017 年的写法、也就是 `Variable` 来做这个实验（我们加了一个随机种子）：

# %% slideshow={"slide_type": "subslide"} translates="63d1c7f8d0"
torch.manual_seed(0)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    w1 = Variable(torch.Tensor([2]), requires_grad=True)
    w2 = Variable(torch.Tensor([2]), requires_grad=True)
    x2 = Variable(torch.rand(1), requires_grad=True)
    y2 = x2**w1
    z2 = w2 * y2 + 1
    z2.backward()
    grads_2017 = {"x2": x2.grad, "y2": y2.grad, "w1": w1.grad, "w2": w2.grad}

print("Variable(...) 现在返回的是", type(x2).__name__)
for name, grad in grads_2017.items():
    print(f"{name}.grad = {grad}")
print("\n如今的 PyTorch 打印的警告：")
for w in caught:
    print(" -", str(w.message).split(". ")[0] + ".")

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="b1550a901f"
about_variable = [w for w in caught if "Variable" in str(w.message)]
about_grad = [w for w in caught if "not a leaf" in str(w.message)]
display(Markdown(
    f"`Variable` 如今只剩一个名字：它返回的是一个普通的 `{type(x2).__name__}`"
    + ("，也不会就自己发出任何警告。" if not about_variable
       else f"，并就它自己发出了 {len(about_variable)} 条警告。")
    + ("关于*读取* `y2.grad` 的那条警告是说：中间节点张量的 `.grad` "
       "不会被填充。" if about_grad else "")
    + "下面用今天的写法重做同一个实验："))

# %% slideshow={"slide_type": "-"} translates="7e3a3bc29f"
torch.manual_seed(0)
x2 = torch.rand(1, requires_grad=True)
w1 = torch.tensor([2.0], requires_grad=True)
w2 = torch.tensor([2.0], requires_grad=True)
y2 = x2**w1
z2 = w2 * y2 + 1
steps21 = backward_steps(z2, names={"x2": x2, "w1": w1, "w2": w2, "y2": y2, "z2": z2})  # backward()
print("is_leaf:", {"x2": x2.is_leaf, "w1": w1.is_leaf, "w2": w2.is_leaf, "y2": y2.is_leaf})
depth = {n: d for n, (d, _) in graph_depths(z2, {"x2": x2, "w1": w1, "y2": y2, "w2": w2}).items()}
print("从 z2 到各张量要经过的反向函数个数（graph_depths）：", depth)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="1798eb5125"
# 这些梯度*对*吗？对 $z_2 = w_2\,x_2^{w_1} + 1$，微积分给出：$\partial z_2/\partial x_2 = w_2 w_1 x_2^{w_1-1}$，$\partial z_2/\partial w_1 = w_2\, x_2^{w_1} \ln x_2$，以及 $\partial z_2/\partial w_2 = x_2^{w_1}$。

# %% slideshow={"slide_type": "-"} translates="8b06428ace"
with torch.no_grad():
    by_hand = {
        "x2": w2 * w1 * x2 ** (w1 - 1),
        "w1": w2 * x2**w1 * torch.log(x2),
        "w2": x2**w1,
    }
autograd = {"x2": x2.grad, "w1": w1.grad, "w2": w2.grad}
for name in by_hand:
    print(f"{name}：自动求导 {autograd[name].item():.6f}   手算 {by_hand[name].item():.6f}")
leaf_grads_right = all(torch.allclose(autograd[n], by_hand[n]) for n in by_hand)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="a774c6e9a6"
# 逐个节点地**看一看**刚才运行的反向传播（`backward_steps` 在每个节点上挂了钩子来运行它）。先**预测**：哪个叶节点最先得到梯度？每个方框是一个你起了名字的张量，标着它的值和梯度；圆角框是反向函数；箭头上的数字是沿箭头传回的梯度。留意 `y2`：有梯度流经它，它的方框却一直写着*不是叶节点*。最后一步是完成后的图。文章还说 `x2` 和 `w1` 在同一深度，`y2` 和 `w2` 在另一深度：上面打印的跳数可以验证这一点。

# %% slideshow={"slide_type": "subslide"} tags=["hide-input"] translates="a793b4cab2"
steps21

# %% slideshow={"slide_type": "subslide"} translates="2ebd74e08d"
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # 我们是有意读取 y2.grad 的
    y2_grad = y2.grad
old_spelling_same = all(  # 两次运行都在 manual_seed(0) 之后抽取 x2：数值相同
    grads_2017[n] is not None and torch.equal(grads_2017[n], autograd[n])
    for n in ("x2", "w1", "w2")
) and grads_2017["y2"] is None
depths_as_article = depth["x2"] == depth["w1"] != depth["y2"] == depth["w2"]
observed = judge(holds=leaf_grads_right and y2_grad is None and old_spelling_same)
check("C21", observed,
      evidence=f"x2.grad={x2.grad.item():.4f}，w1.grad={w1.grad.item():.4f}，"
               f"w2.grad={w2.grad.item():.4f}（都与微积分一致）；y2.grad 为 {y2_grad}；"
               f"Variable 写法给出的梯度相同：{old_spelling_same}。从 z2 算起的"
               f"深度：{depth}——x2 与 w1 同层，y2 与 w2 同层，与文章所说一致："
               f"{depths_as_article}")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="1b166c19b7"
# ### 动手试试
#
# 写出 `doubled(x2, w1, w2)`：为三个叶节点算出新值，使 `backward()` 给 `w2` 的梯度是用传入的值时的**两倍**——对任何初始值都成立，而不只是这个单元格里的值。**先预测：** 三个叶节点中，哪些能影响 `w2.grad`？`w2_grad` 会替你运行这条链；检查时还会从别的初始值出发再运行。

# %% slideshow={"slide_type": "-"} translates="c87ef637fc"
def w2_grad(x2, w1, w2):
    """在文章的这条链里，用这些叶节点的值运行 z2.backward() 之后的 w2.grad。"""
    x2, w1, w2 = (torch.tensor([float(v)], requires_grad=True) for v in (x2, w1, w2))
    (w2 * x2**w1 + 1).backward()
    return w2.grad.item()


def doubled(x2, w1, w2):
    """x2、w1、w2 的新值（三个数），使 w2 的梯度翻倍。"""
    return ...  # 三个新值，由传入的值算出


print("从 (0.5, 3.0, -1.0) 出发的 w2.grad：", w2_grad(0.5, 3.0, -1.0))
self_check("04.1", doubled=doubled)

# %% [markdown] slideshow={"slide_type": "slide"} translates="d18a021899"
# ## C18 · §3 — 谁会保留梯度？
#
# **论断。** 只有图的叶节点会把梯度保留在 `.grad` 里。中间节点张量的梯度被算出、向后传递，然后就被丢掉；想拿到它，必须用 `register_hook`。
#
# **我们检验的解读：** `backward()` 之后，中间节点没有 `.grad`，而需要梯度的叶节点有——并且要拿到中间节点的梯度，`register_hook` 是*唯一*的办法。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="972ef068a7"
# **讲解。** 反向传播之后，只有要求梯度的叶节点会保留 `.grad`；中间节点的梯度传下去后就被丢弃。钩子是看到它的一种办法；`retain_grad()` 和 `torch.autograd.grad` 也都可以。
#
# **学生带来的想法。** 文章说「想要获取中间节点梯度,可以使用 register_hook」，仿佛钩子就是唯一的办法。学生不知道还有更简单的办法。
#
# **先提问。** 反向传播之后，中间节点 `y` 的 `y.grad` 是什么？说出一种保留它的办法。

# %% [markdown] slideshow={"slide_type": "fragment"} translates="3c0d5e8987"
# **先预测。** 要看到下面 `y` 的梯度，钩子真的是唯一的办法吗？PyTorch 有一个方法，名字听上去就像能把它留住。另外，是不是*每个*叶节点都会得到 `.grad`？

# %% slideshow={"slide_type": "subslide"} translates="b90a3118cb"
a = torch.tensor([1.0, 2.0], requires_grad=True)  # 一个要求梯度的叶节点
k = torch.tensor([3.0, 4.0])                      # 一个不要求梯度的叶节点
y = a * k                                          # 一个中间节点
loss = y.sum()
loss.backward()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    print("a.grad =", a.grad, "| k.grad =", k.grad, "| y.grad =", y.grad)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="f1d8959907"
# 有两点值得注意：中间节点 `y` 什么也没保留，叶节点 `k` 也什么都没保留——只有*要求*梯度的叶节点才会收集梯度。现在来试试那个名字听上去就很对路的方法：`retain_grad()`。

# %% slideshow={"slide_type": "-"} translates="4926773ddf"
y = a * k
y.retain_grad()  # 让自动求导保留这个中间节点的梯度
a.grad = None
y.sum().backward()
print("用了 retain_grad() 的 y.grad：", y.grad)
retain_grad_right = y.grad is not None and torch.equal(y.grad, torch.ones(2))

# %% [markdown] slideshow={"slide_type": "subslide"} translates="92c4be237a"
# 还有第三种办法，完全不碰 `.grad`：直接向自动求导要这个梯度。

# %% slideshow={"slide_type": "-"} translates="a4ab893499"
y = a * k
(dy,) = torch.autograd.grad(y.sum(), y)
print("torch.autograd.grad 给出：", dy)
autograd_grad_right = torch.equal(dy, torch.ones(2))
a.grad = None  # 让下面的图在 a.grad 里只显示一次反向传播的梯度，而不是累加的和

# %% [markdown] slideshow={"slide_type": "subslide"} translates="b9d64f33d7"
# **请看。** 下面的图把 `y` 标为*已保留*：尽管 `y` 不是叶节点，它的梯度框里也有值。把它和上面那张图里 `y2` 的方框比较一下。

# %% slideshow={"slide_type": "-"} translates="3f8bea3e9a"
y = a * k
y.retain_grad()
loss = y.sum()
loss.backward()
draw(loss, names={"a": a, "k": k, "y": y, "loss": loss})

# %% slideshow={"slide_type": "subslide"} translates="40b3aad229"
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    plain = a * k
    plain.sum().backward()
    plain_grad = plain.grad  # 读取非叶节点的 .grad 会发出警告；我们是有意这样做的
intermediate_dropped = plain_grad is None
observed = judge(holds=intermediate_dropped and a.grad is not None and k.grad is None,
                 exception=retain_grad_right or autograd_grad_right)
check("C18", observed,
      evidence=f"backward() 之后，中间节点的 .grad 为 {plain_grad}，叶节点 k"
               f"（没有 requires_grad）保留的是 {k.grad}，与论断相符；但 retain_grad() 保留了 "
               f"y.grad={y.grad.tolist()}，torch.autograd.grad 也返回了 {dy.tolist()}："
               "钩子并不是唯一的办法")

# %% [markdown] slideshow={"slide_type": "notes"} translates="805a3caf2d"
# `retain_grad()` 早在 2017 年（0.2 版）就已进入 PyTorch，所以文章认为只能用钩子，这个说法即便在当时也太窄了：这就是结论为*部分成立*、而不是*已过时*的原因。在底层，`retain_grad()` 本身就是自动求导替你装上的一个钩子。

# %% [markdown] slideshow={"slide_type": "subslide"} translates="b2090d1d37"
# ### 动手试试
#
# 下面的 `net[:2]` 运行网络的前两层，`net[2:]` 运行其余部分。写出 `hidden_grad(net, x)`：`net(x).sum()` 对 `net[:2]` 传出的激活值的梯度。检查时还会试别的网络和批次，其中有些在那个位置之后还有更多层。

# %% slideshow={"slide_type": "-"} translates="daf295ad78"
net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
x = torch.randn(5, 3)


def hidden_grad(net, x):
    """d net(x).sum() / d net[:2](x)，由自动求导算出。"""
    return ...  # 把网络分成两段来运行


self_check("04.2", hidden_grad=hidden_grad, net=net, x=x)

# %% [markdown] slideshow={"slide_type": "slide"} translates="38db307cbf"
# ## C26 · §3 — 只读的钩子，和改写梯度的钩子
#
# **论断。** 在中间节点张量上用 `register_hook` 可以记录它的梯度——甚至可以在梯度往回传的途中改掉它。
#
# **我们检验的解读：** 钩子看到的梯度恰好就是微积分预测的值；而返回一个新张量的钩子，会按我们预期的幅度改变由它算出的每一个梯度。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="95b2faa3db"
# **讲解。** 张量钩子能看到流经中间节点的梯度，它的返回值会替换这个梯度，所以经它往回传的每个梯度都会随之改变。
#
# **学生带来的想法。** 文章说钩子可以「记录甚至更改」梯度；学生以为改动只停留在 `h` 处，或者会波及每一个叶节点。
#
# **先提问。** 钩子把 `h` 处的梯度翻倍。哪个叶节点的梯度会翻倍，哪个不变？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="ca1e7da45a"
# **先预测。** 如果 `h` 上的钩子把流经它的梯度翻倍，`x.grad` 会怎样？`w.grad` 又会怎样？它根本不依赖 `h` 的梯度。

# %% slideshow={"slide_type": "subslide"} translates="66cfdfdbc9"
x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
w = torch.tensor(0.5, requires_grad=True)
h = x * 4                # dh/dx = 4
out = (w * h**2).sum()   # dout/dh = 2 w h

seen = []
h.register_hook(lambda grad: seen.append(grad.clone()))  # 一个只读的钩子
out.backward()
print("钩子在 h 处看到的梯度：", seen[0])
print("微积分给出的 2*w*h：   ", (2 * w * h).detach())
x_grad_plain, w_grad_plain = x.grad.clone(), w.grad.clone()

# %% slideshow={"slide_type": "-"} translates="dfd421ecfe"
x.grad, w.grad = None, None
h = x * 4
out = (w * h**2).sum()
h.register_hook(lambda grad: grad * 2)  # 一个返回新梯度的钩子
hooked = backward_steps(out, names={"x": x, "w": w, "h": h, "out": out})  # out.backward()
print("x.grad 不加钩子：", x_grad_plain, " 加了钩子：", x.grad)
print("w.grad 不加钩子：", w_grad_plain, " 加了钩子：", w.grad)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="751b650591"
# 一步一步地**看一看**加了钩子的反向传播。`h` 的方框上有一个紫色的钩子标记；在梯度到达 `h` 的那一步，这个方框会亮起来，写明进入钩子的是什么、出来的是什么。那一步之后朝 `x` 方向传下去的一切都带着翻倍后的值，而 `w` 的路径从不经过 `h`。

# %% slideshow={"slide_type": "subslide"} translates="e9d7a3c1e0"
# 逐个节点回放加了钩子的反向传播：留意钩子触发的那一步 h 的方框。
hooked

# %% slideshow={"slide_type": "subslide"} translates="7e13cbc939"
hook_read_right = torch.allclose(seen[0], (2 * w * h).detach())
hook_changed_x = torch.allclose(x.grad, 2 * x_grad_plain)
w_untouched = torch.allclose(w.grad, w_grad_plain)
observed = judge(holds=hook_read_right and hook_changed_x and w_untouched)
check("C26", observed,
      evidence=f"只读的钩子看到 {seen[0].tolist()} = 2·w·h；翻倍的钩子把 "
               f"x.grad 从 {x_grad_plain.tolist()} 变成了 {x.grad.tolist()}，而 w.grad "
               f"保持为 {w.grad.item()}")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="4af5c49451"
# ### 动手试试
#
# 现在放到网络里。写出 `clip_hidden(net, limit)`，使得从此以后，**每一次**经过 `net` 的反向传播，都会把到达 `net[0]` 输出处的梯度裁剪到 [-limit, limit]。检查时会在新的网络上、用别的 limit 调用它，再让每个网络跑几个批次。

# %% slideshow={"slide_type": "-"} translates="502828e94f"
net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))


def clip_hidden(net, limit):
    """让之后每一次经过 net 的反向传播，都裁剪 net[0] 输出处的梯度。"""
    return ...  # 在这里挂上负责裁剪的东西


clip_hidden(net, 0.1)  # 然后拿一两个批次试试 net，看看 net[0].bias.grad
self_check("04.3", clip_hidden=clip_hidden)


# %% [markdown] slideshow={"slide_type": "slide"} translates="e0d8984f13"
# ## C22 · §3 — 图是一棵二叉树吗？
#
# **论断。** 文章从它那个两输入的例子得出结论：计算图「本质就是一个类似二叉树的结构」。
#
# **我们检验的解读：** 每个节点至多有两个输入，并且没有哪个节点同时为一个以上的其他节点提供输入（树从不共享子节点）。只要有一张图违反其中任意一条，就足以推翻它。而在*确实*有节点被共享的地方，我们再看看反向传播在那里做了什么。

# %% [markdown] slideshow={"slide_type": "notes"} tags=["teacher-notes"] translates="31a12fb49f"
# **讲解。** 一个运算可以有三个输入，一个被重复使用的张量会为两个节点提供输入，这两处传回的梯度随后相加。图是有向无环图，而不是二叉树。
#
# **学生带来的想法。** 文章的结论是「计算图本质就是一个类似二叉树的结构」。学生于是忽略了：一个张量被用了两次，两处的梯度会相加。
#
# **先提问。** 一个张量被用了两次。从它的节点出发有几条箭头？两个梯度会怎样？

# %% [markdown] slideshow={"slide_type": "fragment"} translates="edbd1fa8e1"
# **先预测。** 你能想到一个有*三个*输入的运算吗？一个值被用了两次时，图又会变成什么样？

# %% slideshow={"slide_type": "subslide"} translates="012c94af1b"
def inputs_of(fn):
    """为 `fn` 提供输入的反向函数（或 AccumulateGrad 节点）。"""
    return [nxt for nxt, _ in fn.next_functions if nxt is not None]


def parents(root):
    """对 root 背后的每个节点，数一数有多少个节点使用它的结果：树只允许一个。"""
    return Counter(child for fn in backward_nodes(root) for child in inputs_of(fn))


p = torch.tensor([1.0, 2.0], requires_grad=True)
q = torch.tensor([3.0, 4.0], requires_grad=True)
r = torch.tensor([5.0, 6.0], requires_grad=True)
three = torch.addcmul(p, q, r)           # p + q * r，一个有三个输入的节点
print(type(three.grad_fn).__name__, "有", len(inputs_of(three.grad_fn)), "个输入")

u = p * 2
sin_u, cos_u = u.sin(), u.cos()          # u 被用了两次
shared = (sin_u + cos_u).sum()
uses = parents(shared)
print("u 的节点", type(u.grad_fn).__name__, "有", uses[u.grad_fn], "个父节点")

# %% [markdown] slideshow={"slide_type": "subslide"} translates="7110401874"
# **请看。** 在第一张图里，一个节点（`AddcmulBackward0`）有三条箭头进来。在第二张图里，`u`（由 `MulBackward0` 产生）向*外*发出箭头，指向两个不同的节点，它们又在 `AddBackward0` 处汇合：图分叉之后又重新合并，这是任何树都做不到的。图是一张**有向无环图**。

# %% slideshow={"slide_type": "-"} translates="863677eac7"
draw(three, names={"p": p, "q": q, "r": r, "three": three})

# %% slideshow={"slide_type": "subslide"} translates="ce74baa191"
# 单步回放第二张图，留意 u 的节点：两个梯度沿它的两条出边到达，
# 它只运行一次，用的是两者之和（retain_graph=True：我们还要再用这张图）。
backward_steps(shared, names={"p": p, "u": u, "shared": shared}, retain_graph=True)

# %% [markdown] slideshow={"slide_type": "subslide"} translates="d705c7b4c4"
# 下面还是第二张图，这次原样用 `torchviz.make_dot` 来画（这个单元格讲的就是 torchviz 本身）：没有数值，每条箭头从一个节点画向使用其结果的节点，所以箭头指向损失，也就是前向计算时数据流动的方向。反向传播沿着它们逆向而行。

# %% slideshow={"slide_type": "subslide"} translates="3f42fd1c83"
make_dot(shared, params={"p": p})

# %% [markdown] slideshow={"slide_type": "subslide"} translates="bb408d6ce9"
# 共享节点正是梯度**相加**的地方。`u` 把它的值送给两个节点，所以在往回传时，有两个梯度到达 `u` 的节点，每条路径各一个。分别算出每一个，再看自动求导给 `u` 的梯度：

# %% slideshow={"slide_type": "-"} translates="f26e7bc5e4"
g_sin, g_cos = torch.autograd.grad(shared, (sin_u, cos_u), retain_graph=True)
(from_sin,) = torch.autograd.grad(sin_u, u, g_sin, retain_graph=True)  # sin 这条路径送回的
(from_cos,) = torch.autograd.grad(cos_u, u, g_cos, retain_graph=True)  # cos 这条路径送回的
(at_u,) = torch.autograd.grad(shared, u, retain_graph=True)
print("从 sin 传来：    ", from_sin, "\n从 cos 传来：    ", from_cos)
print("两者之和：       ", from_sin + from_cos, "\n自动求导在 u 处：", at_u)
adds_up = torch.allclose(from_sin + from_cos, at_u)
print("共享节点的梯度等于两者之和：", adds_up)

# %% [markdown] slideshow={"slide_type": "notes"} translates="b9797c1e01"
# 在多次 `backward()` 调用之间，叶节点的 `.grad` 也会发生同样的加法：梯度是累加，而不是互相替换。笔记本 `08_accumulate_and_step` 就在此基础上展开。

# %% slideshow={"slide_type": "subslide"} translates="1912066ff3"
widest = max(len(inputs_of(fn)) for fn in backward_nodes(three))
most_parents = max(uses.values())
observed = judge(holds=widest <= 2 and most_parents <= 1)
check("C22", observed,
      evidence=f"addcmul 产生了一个有 {widest} 个输入的节点，重复使用 u 让它的节点有 "
               f"{most_parents} 个父节点：图是有向无环图（DAG），不是二叉树；在共享"
               f"节点处，传入的两个梯度相加后等于自动求导的结果：{adds_up}")


# %% [markdown] slideshow={"slide_type": "subslide"} translates="eee18b499e"
# ### 动手试试
#
# 写出 `four_inputs(p, q, r)`：对 `p`、`q`、`r` 做一个运算，它自己的节点有**四个**输入，其中 `p` 输入两次，使得 `four.sum().backward()` 之后 `p.grad` 的每个元素都是 2，`q.grad` 和 `r.grad` 都是 1。它必须对任意长度的 1 维张量都适用。

# %% slideshow={"slide_type": "-"} translates="5b360e2c85"
def four_inputs(p, q, r):
    """一个运算，它的节点有四个输入，其中 p 出现两次。"""
    return ...  # 对 p、q、r 做一个运算


self_check("04.4", four_inputs=four_inputs, p=p, q=q, r=r)

# %% [markdown] slideshow={"slide_type": "slide"} translates="a8a897378f"
# ## 延伸阅读
#
# - [自动求导机制](https://pytorch.org/docs/stable/notes/autograd.html)
# - [`torch.autograd` 简明入门](https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html)
# - [`torch.Tensor.retain_grad`](https://pytorch.org/docs/stable/generated/torch.Tensor.retain_grad.html)
# - [`torch.Tensor.register_hook`](https://pytorch.org/docs/stable/generated/torch.Tensor.register_hook.html)
# - [`torch.Tensor.is_leaf`](https://pytorch.org/docs/stable/generated/torch.Tensor.is_leaf.html)
# - [`torch.autograd.grad`](https://pytorch.org/docs/stable/generated/torch.autograd.grad.html)

# %% [markdown] slideshow={"slide_type": "slide"} translates="f3718c32b5"
# ## 本笔记本确立了什么
#
# - **C21** —— 文章的实验至今仍给出它报告的结果，用不用 `Variable` 都一样；`x2` 和 `w1` 确实比 `y2` 和 `w2` 深一层。
# - **C18** —— 中间节点不保留 `.grad`，但 `retain_grad()` 和 `torch.autograd.grad` 也能拿到它们的梯度：钩子只是其中一种办法，而不是唯一的办法。
# - **C26** —— 钩子能读取和改写梯度，而且只有经过钩子的路径会改变。
# - **C22** —— 图是有向无环图：节点可以有三个输入，值可以被共享；在共享节点处，传入的梯度会相加。

# %% [markdown] slideshow={"slide_type": "skip"} tags=["nav"]
# ---
#
# **← 上一篇：**
# [03 · no_grad 与 volatile：关闭梯度](03_no_grad_and_volatile.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/03_no_grad_and_volatile.ipynb))
#
# **下一篇 →：**
# [05 · backward 的参数：标量、向量与雅可比矩阵](05_backward_arguments.ipynb)
# ([在 Colab 中打开](https://colab.research.google.com/github/backward-notebooks/backward-notebooks/blob/main/notebooks/zh/05_backward_arguments.ipynb))
