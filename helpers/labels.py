"""Every text a box or an edge of a graph shows, for every view (``draw``, the stepper, the
torchviz table): a tensor's label (long and compact), a saved tensor's, a module's, values
and gradients, and the words for a saved tensor that is gone.

Reads helpers.model only; knows nothing of graphviz or HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from helpers.i18n import N_, tr
from helpers.model import TENSOR_KINDS, Node, SavedState, hooked, saved, storage

__all__ = ["GONE", "GONE_WORD", "KIND_WORDS", "SMALL", "accumulate_label", "and_list",
           "box_label", "draw_module_label", "frozen_module_label", "function_label", "gone",
           "grad_line", "saved_label", "saved_summary", "saved_tensors", "short_label", "shown",
           "step_module_label", "tensor_label", "value", "values"]

SMALL = 4  # show a tensor's values when it has at most this many elements
# What a saved tensor that can no longer be read says, by its state (``gone`` translates),
# and its one word in compact mode's line.
GONE = {SavedState.FREED: N_("freed by backward()"),
        SavedState.OVERWRITTEN: N_("modified in place:\nbackward will fail")}
GONE_WORD = {SavedState.FREED: N_("freed"), SavedState.OVERWRITTEN: N_("modified")}
# The line under a tensor's name that says its kind (helpers.model.tensor_kind's answers).
KIND_WORDS = {"leaf input": N_("leaf input"), "parameter": N_("parameter"),
              "output": N_("output"), "intermediate": N_("intermediate (non-leaf)"),
              "constant": N_("constant — not part of backward")}


def gone(state: SavedState) -> str:
    """The words for a saved tensor that can no longer be read, in the language spoken."""
    return tr(GONE[state])


def saved_tensors(fn: object) -> list[tuple[str, torch.Tensor | str]]:
    """The tensors a backward node saved, as (name, tensor) pairs; where one can no longer be
    read, (name, why) with why a str in the language spoken: "freed by backward()", or
    "modified in place" (English unless setup(lang=...) chose another)."""
    return [(s.name, s.tensor if s.tensor is not None else gone(s.state)) for s in saved(fn)]


def _fmt(v: object) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return f"{v:.4g}"


def value(t: torch.Tensor) -> str:
    """A tensor's values when small (4 significant digits), else its norm."""
    t = t.detach()
    if t.numel() <= SMALL:
        return _fmt(t.cpu().tolist())
    if t.is_floating_point():
        return tr("norm {norm}").format(norm=f"{t.norm():.4g}")
    return tr("({dtype}, not shown)").format(dtype=t.dtype)


def shown(t: torch.Tensor | None) -> str:
    """A tensor's values as draw shows them; "None" where there is no tensor."""
    return "None" if t is None else value(t)


def and_list(words: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(words) == 1:
        return words[0]
    return tr("{items} and {last}").format(items=", ".join(words[:-1]), last=words[-1])


def values(ts: Sequence[torch.Tensor | None]) -> str:
    """The values of the tensors there are, "a and b"; "nothing" when there are none."""
    found = [value(t) for t in ts if t is not None]
    return and_list(found) if found else tr("nothing")


def grad_line(t: torch.Tensor) -> str:
    """The .grad line: its value, or why there is none."""
    if t.is_leaf:
        return tr("grad: not computed yet") if t.grad is None else f"grad: {value(t.grad)}"
    if not t.retains_grad:  # reading .grad here would only warn; say why instead
        return tr("grad: None — not a leaf")
    if t.grad is None:
        return tr("grad: retained, not computed yet")
    return tr("grad (retained): {value}").format(value=value(t.grad))


def tensor_label(name: str, t: torch.Tensor, kind: str, hooked: bool) -> str:
    """A tensor's box: name, kind, shape, value, requires_grad, .grad, hook."""
    word = KIND_WORDS.get(kind, kind)
    frozen = kind == "constant" and isinstance(t, nn.Parameter)
    what = [*([tr("frozen parameter")] if frozen else []), tr(word)]
    if word == name and not frozen:  # a box named "output" says so once
        what = []
    lines = [name, *what, tr("shape {shape}").format(shape=tuple(t.shape)),
             tr("value {value}").format(value=value(t)), f"requires_grad={t.requires_grad}"]
    if t.requires_grad:
        lines.append(grad_line(t))
    if hooked:
        lines.append(tr("hook registered"))
    return "\n".join(lines)


def short_label(name: str, t: torch.Tensor, kind: str, hooked: bool) -> str:
    """Compact mode's tensor box: name and shape, the value when small, the grad line.

    The kind and ``requires_grad`` go, the box's colour says them (see the legend); a
    constant still says it is one.
    """
    lines = [f"{name} {tuple(t.shape)}"]
    if t.numel() <= SMALL:
        lines.append(tr("value {value}").format(value=value(t)))
    if kind == "constant":
        lines.append(tr("frozen parameter, constant — not part of backward")
                     if isinstance(t, nn.Parameter) else tr(KIND_WORDS["constant"]))
    else:
        lines.append(grad_line(t))
    return "\n".join(lines + ([tr("hook registered")] if hooked else []))


def saved_label(attr: str, t: torch.Tensor | str,
                boxes: Sequence[tuple[str, torch.Tensor]]) -> str:
    """A saved tensor's ellipse: its name, shape and value, and which named tensor's values it
    holds (the same object, else the same memory); or, gone, why (``t`` the words)."""
    if isinstance(t, str):
        return tr("saved {name}").format(name=attr) + f"\n{t}"
    same = next((n for n, b in boxes if b is t), None) or next(
        (n for n, b in boxes if b.numel() and storage(b) == storage(t) and b.shape == t.shape),
        None)
    lines = [tr("saved {name} {shape}").format(name=attr, shape=tuple(t.shape)),
             tr("value {value}").format(value=value(t))]
    return "\n".join(lines + ([tr("(the values of {name})").format(name=same)] if same else []))


def saved_summary(fns: list) -> str:
    """Compact mode: what backward nodes saved, as one line ("" when nothing)."""
    found = [s for fn in fns for s in saved(fn)]
    if not found:
        return ""
    names = ", ".join(dict.fromkeys(s.name for s in found))
    words = {tr(GONE_WORD[s.state]) for s in found if s.state is not SavedState.ALIVE}
    return "\n" + tr("saved {name}").format(name=names) + (
        f" ({', '.join(sorted(words))})" if words else "")


def draw_module_label(key: str, module: nn.Module, ops: int, compact: bool = False) -> str:
    """draw's module box: name, class, size, frozen or not, whether its parameters have
    gradients yet, and (not compact) how many backward nodes it stands for."""
    params = list(module.parameters())
    trainable = sum(p.requires_grad for p in params)
    if trainable == len(params):
        state = "requires_grad=True"
    elif trainable == 0:
        state = tr("frozen")
    else:
        state = tr("{frozen} of {count} tensors frozen").format(
            frozen=len(params) - trainable, count=len(params))
    size = tr("{count} parameters").format(count=f"{sum(p.numel() for p in params):,}")
    lines = [f"{key} ({type(module).__name__})",
             size + ("" if compact and trainable == len(params) else ("\n" if compact else ", ")
                     + state)]
    if trainable:
        grads = sum(p.grad is not None for p in params if p.requires_grad)
        lines.append(tr("grads: computed") if grads == trainable
                     else tr("grads: not computed yet") if not grads
                     else tr("grads: {done} of {count} computed").format(done=grads,
                                                                         count=trainable))
    ops_line = (tr("{count} backward node collapsed") if ops == 1
                else tr("{count} backward nodes collapsed")).format(count=ops)
    return "\n".join(lines + ([ops_line] if ops and not compact else []))


def step_module_label(key: str, module: nn.Module, wrote: int, accumulators: int) -> str:
    """The stepper's module box: "fc1 (Linear)", its parameter tensors, and how many .grad
    the steps so far wrote. (It differs from draw's on purpose: a frame counts steps.)"""
    n = sum(1 for _ in module.parameters())
    tensors = tr("{count} parameter tensor") if n == 1 else tr("{count} parameter tensors")
    return (f"{key} ({type(module).__name__})\n{tensors.format(count=n)}\n"
            + tr(".grad written: {done} of {count}").format(done=wrote, count=accumulators))


def function_label(run: Sequence[object], compact: bool = False, show_saved: bool = True) -> str:
    """A backward node's box: its class's name; compact, a run of ops one per line, a long
    name broken before "Backward", and (unless drawn as ellipses) what they saved."""
    names = [type(f).__name__ for f in run]
    if not compact:
        return names[0]
    if len(run) == 1 and len(names[0]) > 18:
        names = [names[0].replace("Backward", "\nBackward", 1)]
    return "\n".join(names) + ("" if show_saved else saved_summary(list(run)))


def accumulate_label(leaf: str) -> str:
    """An AccumulateGrad's box: which leaf's .grad it writes."""
    return f"AccumulateGrad\n→ {leaf}.grad"


def frozen_module_label(key: str, module: nn.Module) -> str:
    """draw's box for a module whose parameters are all frozen and whose ops are gone."""
    return draw_module_label(key, module, 0) + "\n" + tr("no gradient for its parameters")


def box_label(node: Node, named: Sequence[tuple[str, torch.Tensor]], compact: bool = False,
              show_saved: bool = True) -> str:
    """The text of any box of the model's graph, as draw shows it (``named``: the tensors a
    saved tensor's values are looked up in; ``compact``: the short tensor labels)."""
    if node.kind in TENSOR_KINDS or (node.kind == "constant" and node.module is None):
        t = node.tensor
        assert t is not None  # a tensor box has its tensor
        is_hooked = node.kind != "constant" and hooked(t)
        return (short_label if compact else tensor_label)(node.name, t, node.kind, is_hooked)
    if node.kind == "saved":
        kept = node.tensor if node.tensor is not None else gone(node.state)
        return saved_label(node.name, kept, named)
    if node.kind == "accumulate":
        return accumulate_label(node.name)
    if node.kind == "function":
        return function_label(node.run, compact, show_saved)
    assert node.module is not None  # a module's box, collapsed or frozen
    if node.kind == "constant":
        return frozen_module_label(node.name, node.module)
    return draw_module_label(node.name, node.module, node.members, compact)
