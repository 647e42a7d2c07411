"""helpers.steps: backward_steps records what autograd really did, and shows it as a stepper."""

from __future__ import annotations

import base64
import math
import re
from html.parser import HTMLParser

import pytest
import torch

from helpers import steps as steps_module
from helpers.graph import backward_nodes
from helpers.labels import value
from helpers.steps import Steps, backward_steps


def article(hook: bool = False) -> dict[str, torch.Tensor]:
    """The article's experiment: y2 = x2 ** w1; z2 = w2 * y2 + 1."""
    x2 = torch.tensor(2.0, requires_grad=True)
    w1 = torch.tensor(3.0, requires_grad=True)
    w2 = torch.tensor(0.5, requires_grad=True)
    y2 = x2**w1
    if hook:
        y2.register_hook(lambda g: g * 2)
    z2 = w2 * y2 + 1
    return {"x2": x2, "w1": w1, "w2": w2, "y2": y2, "z2": z2}


def run(t: dict[str, torch.Tensor], **kwargs: object) -> Steps:
    return backward_steps(t["z2"], names=t, **kwargs)


def step_of(steps: Steps, node: str) -> steps_module.Step:
    (found,) = [s for s in steps if s.node == node]
    return found


def test_the_order_is_the_order_autograd_ran_the_nodes():
    t = article()
    seen = []  # our own recording, independent of backward_steps
    for fn in backward_nodes(t["z2"]):
        fn.register_prehook(lambda grads, fn=fn: seen.append(fn))
    steps = run(t)
    assert [s.fn for s in steps] == seen
    assert len(seen) == len(backward_nodes(t["z2"])) == 6
    assert [s.node for s in steps][:2] == ["AddBackward0", "MulBackward0"]
    assert all(s.node == "AccumulateGrad" for s in steps if s.wrote is not None)


def test_gradients_sent_are_the_chain_rule_on_the_article_experiment():
    t = article()
    steps = run(t)
    x2, w1, w2, y2 = 2.0, 3.0, 0.5, 8.0
    mul = step_of(steps, "MulBackward0")
    assert [g.item() for g in mul.grad_in] == [1.0]
    assert [g.item() for g in mul.grad_out] == [y2, w2]  # d z2/d w2 = y2, d z2/d y2 = w2
    assert mul.to == ("w2", "y2")
    power = step_of(steps, "PowBackward1")
    assert power.grad_in[0].item() == w2
    assert power.grad_out[0].item() == pytest.approx(w2 * w1 * x2 ** (w1 - 1))  # to x2
    assert power.grad_out[1].item() == pytest.approx(w2 * y2 * math.log(x2))  # to w1
    assert power.to == ("x2", "w1")
    add = steps[0]
    assert add.grad_in[0].item() == 1.0 and add.grad_out[1] is None  # the constant 1 gets none
    wrote = {s.wrote.leaf: s.wrote.grad.item() for s in steps if s.wrote is not None}
    assert wrote == pytest.approx({"w2": y2, "x2": w2 * w1 * x2 ** (w1 - 1),
                                   "w1": w2 * y2 * math.log(x2)})
    assert mul.caption == ("MulBackward0 receives 1; sends 8 to w2 and 0.5 to y2; "
                           "frees its saved other and self")


def test_freed_is_what_reading_the_saved_attributes_shows_after_each_step():
    t = article()
    fns = backward_nodes(t["z2"])

    def unreadable() -> set[tuple[object, str]]:
        gone = set()
        for fn in fns:
            for attr in (a for a in dir(fn) if a.startswith("_saved_")):
                try:
                    getattr(fn, attr)
                except RuntimeError:
                    gone.add((fn, attr.removeprefix("_saved_")))
        return gone

    looks = []  # at each node's start: the saved tensors that can no longer be read
    for fn in fns:
        fn.register_prehook(lambda grads: looks.append(unreadable()))
    steps = run(t)
    looks.append(unreadable())  # after the last step
    for k, step in enumerate(steps):
        released = looks[k + 1] - looks[k]
        assert released == {(step.fn, a) for a in step.freed}, step.caption
    assert sum(len(s.freed) for s in steps) == 5  # Mul: self, other; Pow: self, exponent, result


def test_grads_afterwards_equal_a_plain_backward():
    plain, watched = article(hook=True), article(hook=True)
    plain["z2"].backward()
    run(watched)
    for name in ("x2", "w1", "w2"):
        assert torch.equal(watched[name].grad, plain[name].grad), name


def test_grad_tensors_and_inputs_pass_through():
    plain, watched = article(), article()
    torch.autograd.backward([plain["z2"]], grad_tensors=[torch.tensor(3.0)], inputs=[plain["x2"]])
    steps = run(watched, grad_tensors=[torch.tensor(3.0)], inputs=[watched["x2"]])
    assert steps[0].grad_in[0].item() == 3.0
    assert torch.equal(watched["x2"].grad, plain["x2"].grad)
    assert watched["w1"].grad is None and watched["w2"].grad is None
    assert [s.wrote.leaf for s in steps if s.wrote is not None] == ["x2"]


def test_retain_graph_passes_through_and_a_second_pass_accumulates():
    t = article()
    first = run(t, retain_graph=True)
    assert all(not s.freed for s in first)
    second = run(t)
    assert sum(len(s.freed) for s in second) == 5
    w2 = step_of_leaf(second, "w2")
    assert w2.before.item() == 8.0 and w2.grad.item() == 16.0
    assert "was 8, adds to it" in [s for s in second if s.wrote and s.wrote.leaf == "w2"][0].caption


def step_of_leaf(steps: Steps, leaf: str) -> steps_module.Wrote:
    (found,) = [s.wrote for s in steps if s.wrote is not None and s.wrote.leaf == leaf]
    return found


def test_a_freed_graph_says_retain_graph_is_the_fix():
    t = article()
    t["z2"].backward()
    with pytest.raises(RuntimeError, match=r"already used by a backward\(\).*retain_graph=True"):
        run(t)


@pytest.mark.parametrize("roots, error, words", [
    ((), TypeError, "at least one tensor"),
    ((3.0,), TypeError, "got float"),
    (([torch.ones(1)],), TypeError, "pass them separately"),
    ((torch.ones(2),), ValueError, "has no grad_fn.*requires_grad=True"),
    ((torch.ones(2, requires_grad=True),), ValueError, "it is a leaf"),
])
def test_bad_roots_get_a_clear_error(roots, error, words):
    with pytest.raises(error, match=words):
        backward_steps(*roots)


def test_bad_names_and_unknown_arguments_get_a_clear_error():
    t = article()
    with pytest.raises(TypeError, match=r"backward_steps\(\): names= wants a dict"):
        backward_steps(t["z2"], names=[t["x2"]])
    with pytest.raises(TypeError, match="passes on only"):
        backward_steps(t["z2"], retain=True)
    assert t["x2"].grad is None  # nothing ran


class Keeping(steps_module._Recorder):
    made: list[steps_module._Recorder] = []

    def __init__(self, graph: steps_module._Graph) -> None:
        super().__init__(graph)
        Keeping.made.append(self)


def test_hooks_are_removed_afterwards_also_when_backward_raises(monkeypatch):
    monkeypatch.setattr(steps_module, "_Recorder", Keeping)
    t = article()
    steps = run(t, retain_graph=True)
    count = len(steps)
    t["z2"].backward(retain_graph=True)  # a hook left behind would record more steps
    assert len(steps) == count

    def broken(grad: torch.Tensor) -> torch.Tensor:
        raise ValueError("a broken hook")

    handle = t["y2"].register_hook(broken)
    with pytest.raises(ValueError, match="a broken hook"):
        run(t, retain_graph=True)
    recorder = Keeping.made[-1]
    count = len(recorder.steps)
    assert count > 0  # it got part of the way
    assert list(t["y2"]._backward_hooks.values()) == [broken]  # our spy on it is gone
    handle.remove()
    t["z2"].backward()
    assert len(recorder.steps) == count


def test_a_tensor_used_twice_receives_two_gradients_summed():
    x = torch.tensor(1.5, requires_grad=True)
    a = x * 2
    z = a * 3 + a * 4
    steps = backward_steps(z, names={"x": x, "a": a})
    sent = [g.item() for s in steps for g, who in zip(s.grad_out, s.to, strict=True)
            if who == "a"]
    assert sorted(sent) == [3.0, 4.0]
    (made_a,) = [s for s in steps if s.fn is a.grad_fn]
    assert made_a.grad_in[0].item() == 7.0
    senders = [k for k, s in enumerate(steps) if "a" in s.to]
    assert steps.index(made_a) > max(senders)  # it waits for both
    assert x.grad.item() == 14.0


def test_a_hook_that_changes_the_gradient_shows_and_changes_what_follows():
    t = article(hook=True)
    steps = run(t)
    power = step_of(steps, "PowBackward1")
    (fired,) = power.hooks
    assert (fired.tensor, fired.before.item(), fired.after.item()) == ("y2", 0.5, 1.0)
    assert power.grad_in[0].item() == 1.0  # what the hook returned, not what Mul sent
    assert power.grad_out[0].item() == pytest.approx(1.0 * 3.0 * 2.0**2)
    assert sum(len(s.hooks) for s in steps) == 1
    assert power.caption.startswith("the hook on y2 turns 0.5 into 1; PowBackward1 receives 1")


def test_a_post_accumulate_grad_hook_shows_at_its_leaf_step():
    t = article()
    if not hasattr(t["x2"], "register_post_accumulate_grad_hook"):
        pytest.skip("torch without post-accumulate-grad hooks")
    t["x2"].register_post_accumulate_grad_hook(lambda leaf: leaf.grad.mul_(10))
    steps = run(t)
    (step,) = [s for s in steps if s.hooks]
    assert step.wrote.leaf == "x2" and step.hooks[0].after.item() == 60.0


def test_unnamed_leaves_and_parameters_get_names():
    model = torch.nn.Linear(2, 1)
    loss = model(torch.ones(1, 2)).sum()
    steps = backward_steps(loss, modules=model)
    assert sorted(s.wrote.leaf for s in steps if s.wrote) == ["bias", "weight"]
    u, v = torch.tensor(1.0, requires_grad=True), torch.tensor(2.0, requires_grad=True)
    steps = backward_steps(u * v)
    assert sorted(s.wrote.leaf for s in steps if s.wrote) == ["leaf", "leaf 2"]


def test_a_module_s_own_parameter_is_named_as_draw_names_it():
    from tests.test_graph import Scaled

    model = Scaled()
    steps = backward_steps(model(torch.ones(3, 2)).sum(), modules=model)
    assert sorted(s.wrote.leaf for s in steps if s.wrote) == ["fc.bias", "fc.weight", "scale"]


def test_a_saved_tensor_says_which_box_it_holds_the_values_of():
    steps = run(article())
    first = steps[0]._picture  # after AddBackward0: every saved tensor is still alive
    saved = sorted(label for label in first.values() if label.startswith("saved self"))
    assert saved == ["saved self ()\nvalue 0.5\n(the values of w2)",
                     "saved self ()\nvalue 2\n(the values of x2)"]  # as draw labels them


class Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.classes: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        self.classes += (a.get("class") or "").split()
        if tag == "img":
            self.images.append(a["src"])


def svg_of(src: str) -> str:
    return base64.b64decode(src.split(",", 1)[1]).decode()


def test_the_html_is_a_stepper_with_one_frame_per_step():
    t = article(hook=True)
    steps = run(t)
    page = Parts()
    page.feed(steps._repr_html_())
    assert page.classes.count("backward-steps") == 1
    assert page.classes.count("step") == len(steps) == len(page.images)
    assert "http" not in steps._repr_html_().replace("http://www.w3.org", "")  # no network
    frames = [svg_of(src) for src in page.images]
    assert 'fill="gold"' in frames[0] and frames[0].count('stroke="#cd0000"') >= 2  # Add runs now
    assert "hook fired: 0.5 → 1" in frames[3] and "hook fired" not in frames[1]
    assert re.findall(r'font-size="([\d.]+)"', frames[0]) and all(
        float(s) >= 11 for f in frames for s in re.findall(r'font-size="([\d.]+)"', f))


def places(svg: str) -> dict[str, str]:
    """Each node's title -> the coordinates of its outline."""
    found = re.findall(r'class="node">\s*<title>([^<]+)</title>\s*<(?:polygon|ellipse|path)'
                       r'[^>]*?(?:points|cx|d)="([^"]+)"', svg)
    return dict(found)


def test_every_frame_has_the_same_layout():
    steps = run(article())
    frames = steps.frames()
    first = places(frames[0])
    assert len(first) == len(steps._graph.kind)  # every box found
    for f in frames[1:]:
        assert re.search(r'<svg width="[^"]+" height="[^"]+"', f).group() == \
            re.search(r'<svg width="[^"]+" height="[^"]+"', frames[0]).group()
        assert places(f) == first


def test_the_last_frame_shows_the_finished_state():
    plain, watched = article(), article()
    plain["z2"].backward()
    last = run(watched).frames()[-1]
    for name in ("x2", "w1", "w2"):
        assert f"grad: {plain[name].grad.item():.4g}" in last
    assert last.count("freed by backward()") == 5
    assert "not computed yet" not in last


def test_too_big_a_graph_is_listed_in_words(monkeypatch):
    monkeypatch.setattr(steps_module, "MAX_NODES", 3)
    steps = run(article())
    page = Parts()
    page.feed(steps._repr_html_())
    assert page.classes.count("step") == len(steps) and not page.images
    assert "too many to draw" in steps._repr_html_()


def mlp() -> tuple[torch.nn.Sequential, torch.Tensor]:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Tanh(),
                               torch.nn.Linear(2, 1)), torch.tensor([[1.0, -1.0]])


def titles(svg: str) -> list[str]:
    return list(places(svg))


def test_modules_collapse_into_one_box_each_and_the_steps_stay_the_same():
    net, x = mlp()
    plain = backward_steps(net(x).sum())
    net.zero_grad()
    steps = backward_steps(net(x).sum(), modules={"fc1": net[0], "fc2": net[2]})
    assert [s.node for s in steps] == [s.node for s in plain]  # every node still one step
    assert all(torch.equal(a, b) for s, p in zip(steps, plain, strict=True)
               for a, b in zip(s.grad_out, p.grad_out, strict=True) if a is not None)
    for svg in steps.frames():
        boxes = titles(svg)
        assert boxes.count("module fc1") == boxes.count("module fc2") == 1
        assert not [b for b in boxes if "AccumulateGrad" in b or "Addmm" in b]
        assert "TanhBackward0" in boxes  # a parameter-free op between them stays visible
    assert "fc1 (Linear)" in steps.frames()[0] and "2 parameter tensors" in steps.frames()[0]
    assert ".grad written: 0 of 2" in steps.frames()[0]
    assert steps.frames()[-1].count(".grad written: 2 of 2") == 2


def test_a_step_inside_a_module_lights_its_box_and_the_boundary_carries_the_gradient():
    net, x = mlp()
    steps = backward_steps(net(x).sum(), modules={"fc1": net[0], "fc2": net[2]})
    inside = {"module fc2": [1, 2, 3, 4], "module fc1": [6, 7, 8, 9]}  # 0 Sum, 5 Tanh
    for k, svg in enumerate(steps.frames()):
        lit = [m for m in inside if re.search(
            rf'<title>{m}</title>\s*<polygon fill="gold"', svg)]
        assert lit == [m for m, ks in inside.items() if k in ks]
    tanh = step_of(steps, "TanhBackward0")
    into_tanh = re.escape(value(tanh.grad_in[0]).replace("-", "&#45;"))
    edge = re.search(r"<title>TanhBackward0&#45;&gt;module fc2</title>.*?</g>",
                     steps.frames()[1], re.S).group()
    assert re.search(into_tanh, edge)  # fc2 sends it across its boundary, on its arrow


def test_modules_leave_the_grads_of_a_plain_backward():
    net, x = mlp()
    net(x).sum().backward()
    plain = [p.grad.clone() for p in net.parameters()]
    net.zero_grad(set_to_none=True)
    backward_steps(net(x).sum(), modules=net)
    assert all(torch.equal(p.grad, g) for p, g in zip(net.parameters(), plain, strict=True))


def test_in_chinese_the_stepper_speaks_chinese():
    from helpers.i18n import language_info, speaking
    from helpers.stepper_html import MIN_SCALE, min_scale

    with speaking("zh"):  # as after setup(lang="zh"): the frames' labels are made as it runs
        steps = run(article())
        caption = steps[1].caption
        page = steps._repr_html_()
        from helpers.fonts import text_scale

        assert min_scale() == pytest.approx(MIN_SCALE * text_scale())  # (fonts' tests)
    assert caption == "MulBackward0 收到 1；传出 8 给 w2 和 0.5 给 y2；释放它保存的 other 和 self"
    assert "◀ 上一步" in page and "第 1 步，共 6 步" in page and "第 2 步（共 6 步）：" in page
    assert f"'{language_info('zh').fonts[0]}'" in page  # CJK fonts in its font-family
    frames = [svg_of(src) for src in re.findall(r'<img src="([^"]+)"', page)]
    assert "叶节点输入" in frames[0] and "AccumulateGrad" in frames[0]
    assert steps[1].caption.startswith("MulBackward0 receives 1")  # English by default
