"""The errors backward() raises, reproduced and recorded like the claims.

Notebooks 12 and 13 reproduce the messages a learner meets in their own code. Each
reproduction runs inside ``expect_error``, which checks that it still fails the way the catalog
below says (the exception's type and a recognisable part of its message), shows the exact
message this PyTorch printed, and records it for the build (when ``BACKWARD_ERRORS`` names a
file):

    >>> expect_error("E05", lambda: (torch.ones(2, requires_grad=True) * 2).backward())

When a PyTorch release stops raising (or raises something else), ``expect_error`` raises
``ErrorChanged`` naming the error's ID, and the build fails the way a changed verdict does.
The catalog ``EXPECTED`` is the one home of the IDs, titles, types and patterns; the build
checks that a notebook recorded every error the catalog gives it.
"""

from __future__ import annotations

import html
import json
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

from helpers import palette
from helpers.fonts import small_text_style
from helpers.i18n import N_, tr

N12, N13 = "12_when_backward_fails", "13_more_backward_failures"


@dataclass(frozen=True)
class ExpectedError:
    """One error (or warning) a notebook reproduces: what must be raised, and how it reads.

    ``pattern`` is a regular expression searched for in the message. Where the wording
    differs between the PyTorch releases we support (2.2 to 2.13), it matches both.
    """

    id: str
    title: str  # English, marked with N_(): a card shows tr(title); the ledger keeps English
    error_type: type[Exception]  # for a warning: the warning's category
    pattern: str
    notebook: str
    warning: bool = False


def _e(id: str, title: str, pattern: str, error_type: type[Exception] = RuntimeError,
       warning: bool = False, notebook: str = N12) -> ExpectedError:
    return ExpectedError(id, title, error_type, pattern, notebook, warning)


EXPECTED: dict[str, ExpectedError] = {
    e.id: e
    for e in [
        _e("E01", N_("backward() through a graph a second time"),
           r"Trying to backward through the graph a second time"),
        # torch 2.2 ends the hint with set_detect_anomaly(True); 2.13 adds check_nan=False:
        # the pattern stops before the hint.
        _e("E02", N_("an in-place change of a tensor that x ** 2 saved (its input)"),
           r"modified by an inplace operation: .*is at version \d+; expected version \d+"),
        _e("E03", N_("an in-place change of a tensor that exp() saved (its output)"),
           # older releases name the node ("ExpBackward0"), 2.13 the op ("Exp"): both match
           r"modified by an inplace operation: .*output 0 of Exp"),
        _e("E04", N_("backward() on a loss whose graph was cut"),
           r"element 0 of tensors does not require grad and does not have a grad_fn"),
        _e("E05", N_("an in-place update of a leaf that requires grad"),
           r"a leaf Variable that requires grad is being used in an in-place operation"),
        _e("E06", N_("backward() on a tensor that is not a scalar"),
           r"grad can be implicitly created only for scalar outputs"),
        _e("E07", N_("reading .grad of a tensor that is not a leaf"),
           r"\.grad attribute of a Tensor that is not a leaf Tensor is being accessed",
           error_type=UserWarning, warning=True, notebook=N13),
        # torch 2.2 says "Inference tensors cannot be saved for backward. To work around ...";
        # later releases add a sentence between: the pattern is the shared start.
        _e("E08", N_("a tensor made under inference_mode() used in training"),
           r"Inference tensors cannot be saved for backward", notebook=N13),
        # torch 2.2 wheels (built for NumPy 1) beside NumPy 2 refuse every tensor-to-NumPy
        # call before looking at requires_grad: that wording is accepted too.
        _e("E09", N_("numpy() on a tensor that requires grad"),
           r"Can't call numpy\(\) on Tensor that requires grad|Numpy is not available",
           notebook=N13),
        _e("E10", N_("a second derivative without create_graph=True"),
           r"element 0 of tensors does not require grad and does not have a grad_fn",
           notebook=N13),
        _e("E11", N_("a second derivative of a linear function, even with create_graph=True"),
           r"element 0 of tensors does not require grad and does not have a grad_fn",
           notebook=N13),
        # older releases say "One of the differentiated Tensors appears to not have been used",
        # newer ones "The differentiated Tensor at index 1 appears ...": the shared part matches
        _e("E12", N_("autograd.grad for an input the output does not depend on"),
           r"appears to not have been used in the graph", notebook=N13),
    ]
}


class UnknownError(KeyError):
    """An error ID that is not in ``EXPECTED``."""

    def __str__(self) -> str:
        return str(self.args[0])


class ErrorChanged(AssertionError):
    """A reproduction no longer fails the way the catalog says: PyTorch changed (or the
    reproduction did). The message names the error's ID."""


@dataclass(frozen=True)
class CapturedError:
    """What ``expect_error`` returns: the exact message, shown as a card in Jupyter."""

    id: str
    title: str
    error_type: str  # the exception's (or warning's) class name
    message: str  # exactly as this PyTorch printed it
    notebook: str
    torch: str
    warning: bool = False

    @property
    def anchor(self) -> str:
        """The card's HTML id: the error index links here."""
        return f"error-{self.id}"

    def record(self) -> dict[str, str]:
        """The JSON object the build gathers into build/errors.json (the anchor: for the
        error index's link to the card)."""
        return {"id": self.id, "title": self.title, "error_type": self.error_type,
                "message": self.message, "notebook": self.notebook, "torch": self.torch,
                "anchor": self.anchor}

    def __str__(self) -> str:
        raised = tr("warned") if self.warning else tr("raised")
        return (f"[{self.id}] {tr(self.title)}\n  {raised} {self.error_type}: {self.message}\n"
                f"  torch {self.torch}")

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = palette.WARNING if self.warning else palette.ERROR  # AA on their tints
        tint = palette.ERROR_CARD_TINT
        raised = tr("warned") if self.warning else tr("raised")
        printed = tr("exactly as torch {version} printed it").format(
            version=html.escape(self.torch))
        return (
            f'<div class="error-card" id="{self.anchor}" style="border-left:6px solid '
            f'{colour};padding:0.5em 1em;margin:0.5em 0;background:{colour}{tint}">'
            f"<div><strong>{self.id}</strong> · {html.escape(tr(self.title))} · "
            f'<span style="color:{colour};font-weight:bold">{raised} '
            f"{html.escape(self.error_type)}</span></div>"
            f'<div style="font-family:monospace;white-space:pre-wrap;word-break:normal;'
            f'overflow-wrap:break-word;margin:0.3em 0">{html.escape(self.message)}</div>'
            f'<div style="{small_text_style()};opacity:0.7">{printed}</div></div>'
        )


def expected(error_id: str) -> ExpectedError:
    """Look up an error by ID ("E01".."E12"), with a clear message for an unknown one."""
    if not isinstance(error_id, str) or error_id not in EXPECTED:
        raise UnknownError(f"Unknown error ID {error_id!r}; the catalog has "
                           f"{', '.join(sorted(EXPECTED))} (see helpers.errors.EXPECTED).")
    return EXPECTED[error_id]


def expected_errors(notebook: str) -> set[str]:
    """The IDs of the errors the catalog gives the notebook called ``notebook``."""
    return {e.id for e in EXPECTED.values() if e.notebook == notebook}


def _caught(e: ExpectedError, run: Callable[[], object]) -> tuple[str, str]:
    """Run the reproduction; return the (class name, message) of what it raised or warned."""
    if e.warning:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            run()
        for w in seen:
            if issubclass(w.category, e.error_type) and re.search(e.pattern, str(w.message)):
                return w.category.__name__, str(w.message)
        got = "; ".join(f"{w.category.__name__}: {w.message}" for w in seen) or "no warning"
        raise ErrorChanged(f"{e.id} ({e.title}): the reproduction no longer warns "
                           f"{e.error_type.__name__} matching /{e.pattern}/ on torch "
                           f"{torch.__version__}; it gave {got}")
    try:
        run()
    except Exception as error:  # what we came for; checked just below
        message = str(error)
        if not isinstance(error, e.error_type):
            raise ErrorChanged(f"{e.id} ({e.title}): expected {e.error_type.__name__}, but "
                               f"torch {torch.__version__} raised {type(error).__name__}: "
                               f"{message}") from error
        if not re.search(e.pattern, message):
            raise ErrorChanged(f"{e.id} ({e.title}): the message no longer matches "
                               f"/{e.pattern}/ on torch {torch.__version__}: {message}") from error
        return type(error).__name__, message
    raise ErrorChanged(f"{e.id} ({e.title}): the reproduction no longer raises "
                       f"{e.error_type.__name__} on torch {torch.__version__}; it ran without "
                       "error. PyTorch changed: update the notebook and the catalog.")


def _record(captured: CapturedError) -> None:
    """Append the capture to the file the build names in BACKWARD_ERRORS, if any."""
    path = os.environ.get("BACKWARD_ERRORS")
    if path:
        with Path(path).open("a", encoding="utf-8") as f:
            f.write(json.dumps(captured.record()) + "\n")


def expect_error(error_id: str, run: Callable[[], object]) -> CapturedError:
    """Run ``run`` (a reproduction, taking no arguments) and check it fails as catalogued.

    Returns the captured message (a card in Jupyter) and records it for the build. Raises
    UnknownError for an ID not in ``EXPECTED``, TypeError when ``run`` is not callable, and
    ErrorChanged, naming the ID, when the reproduction no longer raises (or warns) the
    expected type with a message matching the catalog's pattern.
    """
    e = expected(error_id)
    if not callable(run):
        raise TypeError(f"expect_error({error_id!r}, run) wants a function that reproduces the "
                        f"error, e.g. lambda: loss.backward(); got {type(run).__name__}")
    error_type, message = _caught(e, run)
    captured = CapturedError(id=e.id, title=e.title, error_type=error_type, message=message,
                             notebook=os.environ.get("BACKWARD_NOTEBOOK", e.notebook),
                             torch=torch.__version__, warning=e.warning)
    _record(captured)
    return captured


__all__ = ["EXPECTED", "CapturedError", "ErrorChanged", "ExpectedError", "UnknownError",
           "expect_error", "expected", "expected_errors"]
