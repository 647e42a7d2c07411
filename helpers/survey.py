"""Small tools the notebooks use to survey PyTorch itself: its source, its modules, its graphs.

They hold the plumbing that is not about autograd (reading source with ``ast``, building
every module of a family with workable arguments), so the notebooks can show the results.

    >>> [c.source for c in parameter_calls(nn.Linear)][:1]
    ['Parameter(torch.empty((out_features, in_features), **factory_kwargs))']
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import torch
from torch import nn
from torch.autograd.graph import Node

from helpers.i18n import tr

# --- where a layer makes its parameters ------------------------------------------------------

@dataclass(frozen=True)
class ParameterCall:
    """One ``Parameter(...)`` call found in a constructor's source."""

    owner: str  # the class whose __init__ makes the call (a base class, sometimes)
    source: str  # the call as written
    keywords: dict[str, str]  # each keyword argument it passes -> its value as written


def parameter_calls(cls: type[nn.Module]) -> list[ParameterCall]:
    """Every ``Parameter(...)`` (or ``nn.Parameter(...)``) call in the ``__init__`` of ``cls``
    and of its base classes up to ``nn.Module``, read from PyTorch's source with ``ast``."""
    found = []
    for klass in cls.__mro__:
        if klass is nn.Module or "__init__" not in vars(klass):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(vars(klass)["__init__"])))
        except (OSError, TypeError):  # no source available (a C extension, a frozen build)
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called_name(node) == "Parameter":
                found.append(ParameterCall(klass.__name__, ast.unparse(node),
                                           {k.arg or "**": ast.unparse(k.value)
                                            for k in node.keywords}))
    return found


def _called_name(call: ast.Call) -> str:
    """``f`` for ``f(...)`` and ``m.f(...)``; empty for anything else."""
    func = call.func
    return getattr(func, "id", None) or getattr(func, "attr", None) or ""


# --- every activation and loss module, built and run --------------------------------------------

def exported_modules(module: ModuleType) -> list[str]:
    """Names of the nn.Module classes defined in ``module`` and exported as ``torch.nn.<name>``."""
    return [n for n, c in vars(module).items() if inspect.isclass(c) and issubclass(c, nn.Module)
            and c.__module__ == module.__name__ and getattr(nn, n, None) is c]


# The smallest sensible constructor arguments, for the modules that need some.
NEEDS: dict[str, dict] = {
    "Threshold": dict(threshold=0.1, value=0.0),
    "MultiheadAttention": dict(embed_dim=4, num_heads=2),
    "Softmax": dict(dim=-1), "Softmin": dict(dim=-1), "LogSoftmax": dict(dim=-1),
    "KLDivLoss": dict(reduction="batchmean"),
    "LinearCrossEntropyLoss": dict(in_features=4, num_classes=3),
    "AdaptiveLogSoftmaxWithLoss": dict(in_features=4, n_classes=3, cutoffs=[1]),
}

_LABELS = torch.tensor([0, 2])  # class labels for the classification losses
Make = Callable[..., torch.Tensor]
# Inputs for the modules that need more than one float tensor; f(*shape) makes the first.
_SPECIAL: dict[str, Callable[[Make], tuple]] = {
    "MultiheadAttention": lambda f: (f(2, 2, 4),) * 3, "Softmax2d": lambda f: (f(3, 2, 2),),
    "NLLLoss": lambda f: (f(2, 3), _LABELS), "NLLLoss2d": lambda f: (f(2, 3), _LABELS),
    "CrossEntropyLoss": lambda f: (f(2, 3), _LABELS),
    "MultiMarginLoss": lambda f: (f(2, 3), _LABELS),
    "LinearCrossEntropyLoss": lambda f: (f(2, 4), _LABELS),
    "AdaptiveLogSoftmaxWithLoss": lambda f: (f(2, 4), _LABELS),
    "MultiLabelMarginLoss": lambda f: (f(2, 3), torch.tensor([[0, -1, -1], [1, 2, -1]])),
    "GaussianNLLLoss": lambda f: (f(2, 3), torch.rand(2, 3), torch.ones(2, 3)),
    "CosineEmbeddingLoss": lambda f: (f(2, 3), torch.rand(2, 3), torch.ones(2)),
    "MarginRankingLoss": lambda f: (f(3), torch.rand(3), torch.ones(3)),
    "TripletMarginLoss": lambda f: (f(2, 3), torch.rand(2, 3), torch.rand(2, 3)),
    "TripletMarginWithDistanceLoss": lambda f: (f(2, 3), torch.rand(2, 3), torch.rand(2, 3)),
    "CTCLoss": lambda f: (f(4, 2, 3).log_softmax(-1), torch.tensor([[1, 2], [1, 1]]),
                          torch.tensor([4, 4]), torch.tensor([2, 2])),
}


@dataclass(frozen=True)
class SurveyRow:
    """One module of the survey: what it owns, and whether its output requires grad."""

    name: str
    family: str
    parameters: tuple[str, ...]
    buffers: tuple[str, ...]  # "name(rg=False)" for each buffer
    out_plain: bool  # output.requires_grad when the input does not require grad
    out_grad: bool  # ... and when it does


def survey_modules(families: Mapping[str, list[str]],
                   class_weight: torch.Tensor) -> tuple[list[SurveyRow], dict[str, str]]:
    """Build every module named in ``families`` (``class_weight`` for every one that takes a
    ``weight``), run it on an input that does not and one that does require grad, and return
    one row per module plus ``{name: error}`` for those that could not be built."""
    rows, failed = [], {}
    for family, names in families.items():
        for name in names:
            kwargs = dict(NEEDS.get(name, {}))
            if "weight" in inspect.signature(getattr(nn, name)).parameters:
                kwargs["weight"] = class_weight
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", FutureWarning)  # deprecated, still exported
                    module = getattr(nn, name)(**kwargs)
            except Exception as error:  # report it, do not stop the survey
                failed[name] = f"{type(error).__name__}: {error}"
                continue
            outs = [_first(module(*_inputs(name, family, grad))).requires_grad
                    for grad in (False, True)]
            rows.append(SurveyRow(
                name, family, tuple(n for n, _ in module.named_parameters()),
                tuple(f"{n}(rg={b.requires_grad})" for n, b in module.named_buffers()), *outs))
    return rows, failed


def _inputs(name: str, family: str, grad: bool) -> tuple:
    """Small inputs for module ``name``; the first one requires grad when ``grad``."""
    def f(*shape: int) -> torch.Tensor:
        return torch.rand(*shape, requires_grad=grad)
    if name in _SPECIAL:
        return _SPECIAL[name](f)
    return (f(2, 3, 4),) if family == "activation" else (f(2, 3), torch.rand(2, 3))


def _first(out: Any) -> torch.Tensor:
    """The first tensor of a module's output (MultiheadAttention returns a tuple)."""
    return out if isinstance(out, torch.Tensor) else out[0]


# --- how deep a tensor sits in the graph --------------------------------------------------------

def graph_depths(root: torch.Tensor,
                 tensors: Mapping[str, torch.Tensor]) -> dict[str, tuple[int, str]]:
    """Hops from ``root.grad_fn`` to each named tensor's node, by breadth-first search, with the
    node's type. A leaf's node is its ``AccumulateGrad``; an intermediate's is its ``grad_fn``.
    Tensors the search does not reach are left out."""
    if root.grad_fn is None:
        raise ValueError(tr("graph_depths(root, ...): root has no grad_fn, so there is no graph "
                            "behind it (did it come from tensors that require grad?)"))
    depth, queue = {root.grad_fn: 0}, [root.grad_fn]
    while queue:
        fn = queue.pop(0)
        for nxt, _ in fn.next_functions:
            if nxt is not None and nxt not in depth:
                depth[nxt] = depth[fn] + 1
                queue.append(nxt)
    leaf_node = {id(fn.variable): fn for fn in depth if hasattr(fn, "variable")}
    found = {}
    for name, t in tensors.items():
        node: Node | None = t.grad_fn if t.grad_fn is not None else leaf_node.get(id(t))
        if node is not None and node in depth:
            found[name] = (depth[node], type(node).__name__)
    return found


__all__ = ["NEEDS", "ParameterCall", "SurveyRow", "exported_modules", "graph_depths",
           "parameter_calls", "survey_modules"]
