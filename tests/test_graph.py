"""helpers.graph.draw: what it drew, asked of the TeachingGraph it returns (its boxes and
links, the model they come from, its layout, legend and note), never parsed from DOT text;
the DOT itself only where it is the subject (raw torchviz, the display without ``dot``)."""

import re

import graphviz
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from helpers.graph import GraphTooLarge, TeachingGraph, backward_nodes, draw


def nodes(g: TeachingGraph) -> dict[str, str]:
    """node id -> label, its lines joined by "\\n" as DOT writes them: from the boxes draw
    keeps (``g.boxes``), not from the DOT text."""
    return {nid: "\\n".join(box.lines) for nid, box in g.boxes.items()}


def edges(g: TeachingGraph) -> set[tuple[str, str]]:
    return set(g.links)


def node_of(g: graphviz.Digraph, first_line: str) -> str:
    """The id of the node whose label starts with this line."""
    (nid,) = [i for i, lab in nodes(g).items() if lab.split("\\n")[0] == first_line]
    return nid


def label(g: graphviz.Digraph, first_line: str) -> str:
    return nodes(g)[node_of(g, first_line)]


def rankdir(g: TeachingGraph) -> str:
    return g.graph_attr["rankdir"]


def article():
    """The article's experiment: y2 = x2 ** w1; z2 = w2 * y2 + 1."""
    torch.manual_seed(0)
    x2 = torch.rand(1, requires_grad=True)
    w1 = torch.tensor([2.0], requires_grad=True)
    w2 = torch.tensor([2.0], requires_grad=True)
    y2 = x2**w1
    z2 = w2 * y2 + 1
    return dict(x2=x2, w1=w1, w2=w2, y2=y2, z2=z2)


def v(t: torch.Tensor) -> str:
    return "[" + ", ".join(f"{x:.4g}" for x in t.tolist()) + "]"


def test_article_before_backward_values_and_missing_grads():
    t = article()
    g = draw(t["z2"], names=t)
    assert isinstance(g, graphviz.Digraph)
    assert f"value {v(t['x2'])}" in label(g, "x2")
    for leaf in ("x2", "w1", "w2"):
        assert "grad: not computed yet" in label(g, leaf)
        assert "leaf input" in label(g, leaf)
    assert "grad: None — not a leaf" in label(g, "y2")
    assert f"value {v(t['y2'])}" in label(g, "y2")
    assert "output" in label(g, "z2")
    kinds = [lab.split("\\n")[0] for lab in nodes(g).values()]
    assert any(re.fullmatch(r"PowBackward\d", k) for k in kinds)
    assert {"MulBackward0", "AddBackward0", "AccumulateGrad"} <= set(kinds)
    saved = [lab for lab in nodes(g).values() if lab.startswith("saved ")]
    assert saved and not any("freed" in lab for lab in saved)
    assert any(f"value {v(t['x2'])}" in lab and "x2" in lab for lab in saved)


def test_edges_follow_the_forward_pass_inputs_first():
    t = article()
    g = draw(t["z2"], names=t, legend=False)
    e = edges(g)
    pow_ = next(i for i, lab in nodes(g).items() if lab.startswith("PowBackward"))
    acc_x2 = next(i for i, lab in nodes(g).items() if lab.endswith("x2.grad"))
    mul, add = node_of(g, "MulBackward0"), node_of(g, "AddBackward0")
    chain = [("x2", acc_x2), (acc_x2, pow_), (pow_, "y2"), ("y2", mul), (mul, add), (add, "z2")]
    for a, b in chain:
        assert (a, b) in e
        assert (b, a) not in e
    assert g.graph_attr["rankdir"] == "LR"


def test_article_after_backward_grads_and_freed_saved_tensors():
    t = article()
    t["z2"].backward()
    g = draw(t["z2"], names=t)
    assert f"grad: {v(t['x2'].grad)}" in label(g, "x2")
    assert f"grad: {v(t['w1'].grad)}" in label(g, "w1")
    assert f"grad: {v(t['y2'])}" in label(g, "w2")  # dz2/dw2 is y2
    assert not any("not computed yet" in lab for lab in nodes(g).values())
    assert "grad: None — not a leaf" in label(g, "y2")
    saved = [lab for lab in nodes(g).values() if lab.startswith("saved ")]
    assert len(saved) >= 4 and all("freed" in lab for lab in saved)


def test_show_saved_false_draws_no_saved_tensors():
    t = article()
    g = draw(t["z2"], names=t, show_saved=False)
    assert not [lab for lab in nodes(g).values() if lab.startswith("saved ")]


def test_saved_tensor_overwritten_in_place_is_told():
    a = torch.rand(3, requires_grad=True)
    b = a * 2
    c = b * b
    b.add_(1)
    assert any("modified in place" in lab for lab in nodes(draw(c)).values())


def test_retain_grad_shows_retained_then_value():
    t = article()
    t["y2"].retain_grad()
    assert "grad: retained, not computed yet" in label(draw(t["z2"], names=t), "y2")
    t["z2"].backward()
    assert f"grad (retained): {v(t['w2'])}" in label(draw(t["z2"], names=t), "y2")


def test_hooks_are_marked_on_leaves_and_non_leaves():
    t = article()
    t["y2"].register_hook(lambda g: g)
    t["w1"].register_hook(lambda g: g)
    handle = t["w2"].register_hook(lambda g: g)
    handle.remove()
    g = draw(t["z2"], names=t, legend=False)
    for name, hooked in [("y2", True), ("w1", True), ("w2", False), ("x2", False)]:
        assert ("hook registered" in label(g, name)) is hooked, name
        assert g.boxes[name].hooked is hooked, name  # outlined


def test_detach_is_a_constant_with_a_detach_edge():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    a_det = a.detach()
    out = (a * a_det).sum()
    g = draw(out, names={"a": a, "a_det": a_det})
    assert "constant — not part of backward" in label(g, "a_det")
    assert "grad:" not in label(g, "a_det") and "requires_grad=False" in label(g, "a_det")
    assert ("a", "a_det") in edges(g)
    assert g.links[("a", "a_det")] == "detach"
    # an unnamed root shares memory with its detached copy too
    y = a * 2
    g = draw(y, names={"y_det": y.detach()}, legend=False)
    assert ("output", "y_det") in edges(g)


def test_frozen_parameter_is_a_constant_outside_backward():
    lin = nn.Linear(2, 1)
    lin.weight.requires_grad_(False)
    out = lin(torch.rand(3, 2)).sum()
    g = draw(out, names={"weight": lin.weight, "bias": lin.bias}, legend=False, compact=False)
    assert "frozen parameter" in label(g, "weight")
    assert "constant — not part of backward" in label(g, "weight")
    assert "parameter" in label(g, "bias") and "constant" not in label(g, "bias")
    assert not [e for e in edges(g) if "weight" in e]
    assert not any(lab.endswith("weight.grad") for lab in nodes(g).values())


def small_cnn() -> nn.Sequential:
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(4 * 7 * 7, 10))


def test_modules_collapse_a_small_cnn():
    cnn = small_cnn()
    loss = F.cross_entropy(cnn(torch.rand(2, 3, 16, 16)), torch.tensor([1, 2]))
    full = draw(loss, legend=False, show_saved=False, compact=False)
    g = draw(loss, modules=cnn, legend=False, show_saved=False, compact=False)
    kinds = [lab.split("\\n")[0] for lab in nodes(g).values()]
    assert "0 (Conv2d)" in kinds and "4 (Linear)" in kinds
    assert "112 parameters" in label(g, "0 (Conv2d)")
    assert "grads: not computed yet" in label(g, "4 (Linear)")
    full_kinds = [lab.split("\\n")[0] for lab in nodes(full).values()]
    for op in ("ConvolutionBackward0", "AddmmBackward0", "TBackward0", "AccumulateGrad"):
        assert op in full_kinds and op not in kinds
    assert "ReluBackward0" in kinds  # parameter-free layers stay as one op each
    assert len(nodes(g)) < len(nodes(full))
    e = edges(g)
    assert (node_of(g, "0 (Conv2d)"), node_of(g, "ReluBackward0")) in e
    assert (node_of(g, "ViewBackward0"), node_of(g, "4 (Linear)")) in e
    loss.backward()
    assert "grads: computed" in label(draw(loss, modules=cnn, compact=False), "4 (Linear)")


def test_a_frozen_layer_is_collapsed_through_its_saved_weight():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    model[0].requires_grad_(False)
    x = torch.rand(5, 3, requires_grad=True)
    g = draw(model(x).sum(), modules=model, legend=False, compact=False)
    assert "frozen" in label(g, "0 (Linear)")
    assert "1 backward node collapsed" in label(g, "0 (Linear)")
    assert not any(lab.startswith("Addmm") for lab in nodes(g).values())


class Net1(nn.Module):
    """AlexNet-shaped feature extractor for 3x32x32 inputs (narrow, to stay fast)."""

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, 2, 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x).view(x.size(0), 8 * 2 * 2)


class Net2(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(32, 16), nn.Linear(16, 16), nn.Linear(16, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Scaled(nn.Module):
    """A module with a parameter of its own (scale) beside a child (fc)."""

    def __init__(self) -> None:
        super().__init__()
        self.scale = nn.Parameter(torch.tensor(2.0))
        self.fc = nn.Linear(2, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x) * self.scale


def test_a_module_s_own_parameter_is_named_beside_its_collapsed_children():
    model = Scaled()
    g = draw(model(torch.ones(3, 2)).sum(), modules=model, legend=False)
    firsts = [lab.split("\\n")[0] for lab in nodes(g).values()]
    assert "scale ()" in firsts and "fc (Linear)" in firsts
    assert not any(f.startswith("leaf") for f in firsts)


def test_modules_dict_collapses_two_networks_in_order():
    torch.manual_seed(0)
    net1, net2 = Net1(), Net2()
    loss = F.cross_entropy(net2(net1(torch.rand(2, 3, 32, 32))), torch.tensor([1, 2]))
    g = draw(loss, modules={"net1": net1, "net2": net2}, legend=False, compact=False)
    n1, n2 = node_of(g, "net1 (Net1)"), node_of(g, "net2 (Net2)")
    e = edges(g)
    assert (n2, n1) not in e and (n1, n2) not in e  # the flatten ops sit between them
    assert not any(lab.startswith(("Addmm", "Convolution")) for lab in nodes(g).values())

    def reaches(a: str, b: str) -> bool:
        todo, seen = [a], set()
        while todo:
            x = todo.pop()
            seen.add(x)
            todo += [d for s, d in e if s == x and d not in seen]
        return b in seen

    assert reaches(n1, n2) and not reaches(n2, n1)
    # The ReLUs between the convs (and between fc1..fc3) sit inside the boxes; only net1's
    # trailing ReLU -> MaxPool -> view stays outside, feeding net2.
    assert [lab for lab in nodes(g).values() if lab.startswith("Relu")] == ["ReluBackward0"]
    assert not [a for a, b in e if b == n1]  # the input needs no grad: nothing flows into net1
    assert [a for a, b in e if b == n2] == [node_of(g, "ViewBackward0")]
    for p in net1.parameters():
        p.requires_grad_(False)
    loss = F.cross_entropy(net2(net1(torch.rand(2, 3, 32, 32))), torch.tensor([1, 2]))
    g = draw(loss, modules={"net1": net1, "net2": net2}, compact=False)
    assert "no gradient for its parameters" in label(g, "net1 (Net1)")


@pytest.mark.parametrize("root, got", [([1.0], "list"), (3, "int"), (nn.Linear(1, 1), "Linear")])
def test_non_tensor_root_is_a_type_error(root, got):
    with pytest.raises(TypeError, match=rf"draw\(\) wants tensors .*got {got}"):
        draw(root)


def test_tensor_outside_any_graph_is_a_value_error():
    with pytest.raises(ValueError, match="has no grad_fn: it was not computed from a tensor"):
        draw(torch.ones(2) * 3)


def test_a_leaf_that_requires_grad_is_a_one_node_graph():
    w = torch.tensor([1.5], requires_grad=True)
    g = draw(w, names={"w": w}, legend=False)
    assert list(nodes(g)) == ["w"] and "grad: not computed yet" in label(g, "w")


@pytest.mark.parametrize("names", [[("x", 1)], {"x": 1.0}, {1: torch.ones(1)}])
def test_bad_names_is_a_type_error(names):
    x = torch.ones(1, requires_grad=True)
    with pytest.raises(TypeError, match="names= wants a dict of name -> tensor"):
        draw(x * 2, names=names)


def test_too_many_nodes_says_how_to_collapse():
    x = torch.ones(1, requires_grad=True)
    y = x
    for _ in range(40):
        y = y * 1.5
    with pytest.raises(GraphTooLarge, match=r"has \d+ nodes \(max_nodes=30\).*modules=model"):
        draw(y, max_nodes=30)
    draw(y, max_nodes=200)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # torchviz's LooseVersion
def test_raw_is_plain_torchviz():
    from torchviz import make_dot

    t = article()
    g = draw(t["z2"], names=t, raw=True)
    assert isinstance(g, TeachingGraph)
    assert g.source == make_dot(t["z2"], params=t).source


def test_missing_dot_shows_install_hints_and_source(monkeypatch, tmp_path):
    t = article()
    g = draw(t["z2"], names=t)
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no `dot` on it
    with pytest.raises(graphviz.ExecutableNotFound):
        graphviz.Digraph(body=g.body)._repr_mimebundle_()  # the plain Digraph's traceback
    bundle = g._repr_mimebundle_()
    page, text = bundle["text/html"], bundle["text/plain"]
    for hint in ("sudo apt-get install graphviz", "brew install graphviz",
                 "conda install -c conda-forge graphviz", "winget install graphviz"):
        assert hint in page and hint in text
    assert "<pre>" in page and "digraph {" in page and "AddBackward0" in page
    assert g.source in text


def test_pipe_svg_when_dot_is_present():
    t = article()
    svg = draw(t["z2"], names=t).pipe(format="svg", encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "PowBackward" in svg


def test_ipython_display_without_dot_shows_the_message(monkeypatch, tmp_path):
    from IPython.core import formatters
    t = article()
    monkeypatch.setenv("PATH", str(tmp_path))
    data, _ = formatters.DisplayFormatter().format(draw(t["z2"], names=t))
    assert "image/svg+xml" not in data
    assert "sudo apt-get install graphviz" in data["text/html"]
    assert "digraph {" in data["text/plain"]


def test_the_legend_is_a_key_under_the_graph_with_the_styles_it_uses():
    t = article()
    g = draw(t["z2"], names=t)
    assert g.legend and g.under.startswith("<table")
    legend = " ".join(g.legend)
    for text in ("leaf input", "intermediate (non-leaf)", "output: backward starts here",
                 "AccumulateGrad", "saved tensor"):
        assert text in legend
    for text in ("parameter (nn.Parameter)", "constant — not part", "hook registered",
                 "sub-module, collapsed"):  # not in this graph, so not in its key
        assert text not in legend
    t["w1"].register_hook(lambda grad: grad)
    assert "hook registered" in draw(t["z2"], names=t).legend
    plain = draw(t["z2"], names=t, legend=False)
    assert not plain.legend and not plain.under


def mlp(depth: int = 3) -> tuple[nn.Sequential, torch.Tensor]:
    torch.manual_seed(0)
    layers = [m for _ in range(depth) for m in (nn.Linear(4, 4), nn.Tanh())]
    model = nn.Sequential(*layers[:-1])
    return model, model(torch.rand(5, 4)).pow(2).mean()


def test_compact_joins_each_parameter_straight_to_the_op_that_uses_it():
    model, loss = mlp()
    full, g = draw(loss, compact=False, legend=False), draw(loss, legend=False)  # default on
    shown = " ".join(nodes(full).values()), " ".join(nodes(g).values())
    assert "AccumulateGrad" in shown[0] and "TBackward0" in shown[0]
    assert "AccumulateGrad" not in shown[1] and "TBackward0" not in shown[1]  # hidden
    # what stays: every parameter, its shape and grad line, the ops and the loss
    model, loss = mlp()
    names = {f"W{i}": model[2 * i].weight for i in range(3)} | {"loss": loss}
    g = draw(loss, names=names, legend=False)
    for i in range(3):
        lab = label(g, f"W{i} (4, 4)")
        assert "grad: not computed yet" in lab and "requires_grad" not in lab
        addmm = [b for a, b in edges(g) if a == node_of(g, f"W{i} (4, 4)")]
        assert len(addmm) == 1 and nodes(g)[addmm[0]].startswith("AddmmBackward0")
        assert g.model.edges[(node_of(g, f"W{i} (4, 4)"), addmm[0])].label == ".T"
    assert label(g, "loss ()").endswith("grad: None — not a leaf")
    kinds = [lab.split("\\n")[0] for lab in nodes(g).values()]
    assert kinds.count("AddmmBackward0") == 3
    assert any("MeanBackward0" in lab for lab in nodes(g).values())
    loss.backward()
    assert "grad: norm" in label(draw(loss, names=names), "W0 (4, 4)")


def test_compact_lists_saved_tensors_in_the_op_unless_asked_for_ellipses():
    _, loss = mlp(1)
    g = draw(loss, legend=False)
    assert not [lab for lab in nodes(g).values() if lab.startswith("saved ")]
    assert any("\\nsaved " in lab for lab in nodes(g).values())
    loss.backward()
    assert any("(freed)" in lab for lab in nodes(draw(loss, legend=False)).values())
    assert [lab for lab in nodes(draw(loss, show_saved=True)).values()
            if lab.startswith("saved ")]


def test_compact_puts_a_row_of_plain_ops_in_one_box():
    x = torch.rand(3, requires_grad=True)
    y = (x * 2).relu().exp().sum()
    g = draw(y, names={"x": x}, compact=True, legend=False)
    (box,) = [lab for lab in nodes(g).values() if "ReluBackward0" in lab]
    assert box.split("\\n")[:4] == ["MulBackward0", "ReluBackward0", "ExpBackward0",
                                     "SumBackward0"]
    assert ("x", node_of(g, "MulBackward0")) in edges(g)


def test_a_long_chain_is_drawn_top_to_bottom():
    _, loss = mlp(1)
    assert rankdir(draw(loss)) == "LR"
    _, loss = mlp(6)
    assert rankdir(draw(loss, compact=False, show_saved=False)) == "TB"
    assert rankdir(draw(loss, compact=False, rankdir="LR")) == "LR"
    with pytest.raises(ValueError, match='rankdir= wants "LR" or "TB"'):
        draw(loss, rankdir="RL")


def test_a_transformer_layer_collapsed_fits_a_page_at_readable_size():
    """About a hundred backward nodes: with modules= it fits a 1280 px page (a 1158 px
    column) with its smallest text (10 pt, 15.5 px glyphs) at least 10 px tall."""
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(d_model=16, nhead=2)
    loss = layer(torch.rand(5, 2, 16)).sum()
    assert len(backward_nodes(loss)) >= 50
    svg = draw(loss, modules=layer).pipe(format="svg", encoding="utf-8")
    width, height = (float(v) for v in re.search(r'<svg width="(\d+)pt" height="(\d+)pt"',
                                                  svg).groups())
    smallest = min(float(f) for f in re.findall(r'font-size="([\d.]+)"', svg))
    px_per_pt = 4 / 3
    scale = min(1.0, 1158 / (width * px_per_pt))
    assert smallest * 1.55 * scale >= 10, (width, height, smallest)
    with pytest.raises(GraphTooLarge, match="modules=model"):
        draw(loss, max_nodes=40)


def doubling_chain(steps: int, values: int = 1):
    """x -> x*2 -> ... with every step named: a row of wide boxes, none of them a network."""
    x = torch.arange(1.0, values + 1, requires_grad=True)
    names, h = {"x": x}, x
    for i in range(steps):
        h = h * 2
        names[f"h{i}"] = h
    return h, names


def svg_size(g: graphviz.Digraph) -> tuple[float, float]:
    svg = g.pipe(format="svg", encoding="utf-8")
    w, h = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    return float(w), float(h)


def test_a_graph_too_wide_for_a_notebook_column_is_turned_top_to_bottom():
    """Jupyter's column is about 900 px: a graph wider than 900 pt has its 10 pt text under
    10 px there. Turned top to bottom it fits (and a slide's 470 px keeps it readable)."""
    h, names = doubling_chain(3)
    assert svg_size(draw(h, names=names, compact=True, rankdir="LR"))[0] > 900  # the premise
    g = draw(h, names=names, compact=True)
    assert rankdir(g) == "TB"
    width, height = svg_size(g)
    assert width <= 900 and height <= 490
    assert rankdir(draw(h, names=names, compact=True, rankdir="LR")) == "LR"  # asked


def test_a_teaching_graph_too_wide_and_too_tall_is_stacked_to_fit():
    """Notebook 01's first graph: every box named, too wide left to right and too tall turned.
    Stacked, each leaf sits beside its AccumulateGrad and each tensor beside the op that made
    it, so the row is as long as its ops: it fits both the column and a slide."""
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    c = torch.tensor([3.0, -1.0])
    h = a * c
    loss = (h**2).sum()
    loss.backward()
    names = {"a": a, "c": c, "h": h, "loss": loss}
    for rankdir in ("LR", "TB"):  # the premise: neither plain layout fits
        width, height = svg_size(draw(loss, names=names, rankdir=rankdir))
        assert width > 900 or height > 490
    g = draw(loss, names=names)
    width, height = svg_size(g)
    assert width <= 900 and height <= 490
    for pair in [("a", "AccumulateGrad_a"), ("MulBackward0", "h"), ("SumBackward0", "loss"),
                 ("PowBackward0", "PowBackward0.self")]:
        assert pair in g.stacked
    assert not g.note


def test_a_graph_that_fits_keeps_its_direction_and_its_exact_dot():
    x = torch.tensor([2.0])
    w = torch.tensor([3.0], requires_grad=True)
    y = x * w
    g = draw(y, names={"x": x, "w": w, "y": y})
    assert svg_size(g)[0] <= 900 and rankdir(g) == "LR" and not g.stacked
    assert g.source == draw(y, names={"x": x, "w": w, "y": y}, rankdir="LR").source  # the DOT
    assert not g.note


def test_a_graph_that_fits_neither_way_keeps_its_direction_and_says_what_to_do():
    h, names = doubling_chain(3, values=4)
    small = draw(h, names=names, compact=False, show_saved=False)
    assert rankdir(small) == "LR"  # turned it would be too tall for a slide
    assert not small.note  # a few boxes: a teaching graph, no note
    h, names = doubling_chain(16, values=4)  # a model-sized chain: 33 boxes
    g = draw(h, names=names, compact=False, show_saved=False)
    assert g.note == ("too big to read in a notebook or on a slide: draw one part, or pass "
                      "modules=")
    assert "<b>legend</b> · too big" in g.under  # in the legend's title row: no taller
    plain = draw(h, names=names, compact=False, show_saved=False, legend=False)
    assert plain.under.startswith("too big to read")


def test_in_chinese_the_boxes_speak_chinese_and_api_words_stay_english():
    from helpers.fonts import font_for, graph_font
    from helpers.graph import saved_tensors
    from helpers.i18n import speaking

    t = article()
    with speaking("zh"):
        g = draw(t["z2"], names=t)
        font = graph_font()
    assert font == (font_for("zh") or "Helvetica")  # the first CJK font this machine has
    assert g.node_attr["fontname"] == g.edge_attr["fontname"] == font
    assert f'fontname="{font}"' in g.source or f"fontname={font}" in g.source  # in the DOT
    x2, y2 = label(g, "x2").split("\\n"), label(g, "y2").split("\\n")
    assert x2[1] == "叶节点输入" and "requires_grad=True" in x2 and x2[-1] == "grad: 尚未计算"
    assert y2[1] == "中间节点（非叶节点）" and y2[-1] == "grad: None——不是叶节点"
    kinds = {lab.split("\\n")[0] for lab in nodes(g).values()}
    assert {"MulBackward0", "AddBackward0", "AccumulateGrad"} <= kinds  # API words
    assert "AccumulateGrad\\n→ x2.grad" in nodes(g).values()
    assert "叶节点输入\nbackward 填写其 .grad" in g.legend and "<b>图例</b>" in g.under
    assert not [line for lab in nodes(g).values() for line in lab.split("\\n")
                if line in ("leaf input", "intermediate (non-leaf)", "output")]
    t["z2"].backward()
    with speaking("zh"):
        freed = [lab for lab in nodes(draw(t["z2"], names=t)).values()
                 if lab.startswith("保存的 ")]
        words = {why for fn in backward_nodes(t["z2"]) for _, why in saved_tensors(fn)}
    assert freed and all(lab.endswith("已被 backward() 释放") for lab in freed)
    assert words == {"已被 backward() 释放"}
    english = {why for fn in backward_nodes(t["z2"]) for _, why in saved_tensors(fn)}
    assert english == {"freed by backward()"}  # English unless setup(lang=...) chose


def test_in_chinese_a_graph_is_drawn_large_enough_for_12_px_text(monkeypatch):
    """The page shrinks by what 12 px over English's 10 px asks, less what the language's
    taller glyph box gives: Noto Sans CJK's box (1.45 em) already makes up for it against
    DejaVu Sans (1.16 em); a font with a Latin-sized box would not."""
    from helpers import fonts
    from helpers.i18n import speaking
    from helpers.render import PAGE, page

    assert page() == PAGE
    with speaking("zh"):
        if fonts.glyph_box(fonts.graph_font()) and fonts.glyph_box("DejaVu Sans"):
            ratio = 1.2 * fonts.glyph_box("DejaVu Sans") / fonts.glyph_box(fonts.graph_font())
            assert page().wide == pytest.approx(PAGE.wide / max(1.0, ratio))
        monkeypatch.setattr(fonts, "glyph_box", lambda family: 1.16)  # a Latin-sized box
        assert page().wide == pytest.approx(PAGE.wide * 10 / 12)
        assert page().tall == pytest.approx(PAGE.tall * 10 / 12)
