"""Self-checks for the "try" cells: a clear pass, or a hint; never the answer."""

from __future__ import annotations

from typing import Any

import torch


def _same(answer: Any, expected: Any) -> bool:
    if isinstance(expected, torch.Tensor):
        return (isinstance(answer, torch.Tensor) and answer.shape == expected.shape
                and torch.allclose(answer.detach().float().cpu(), expected.detach().float().cpu(),
                                   rtol=1e-4, atol=1e-6))
    if isinstance(expected, float) and isinstance(answer, int | float):
        return abs(answer - expected) <= 1e-4 * max(1.0, abs(expected))
    return type(answer) is type(expected) and answer == expected


def self_check(answer: Any, expected: Any, hint: str) -> None:
    """Compare the learner's `answer` with `expected`; print a pass or the hint.

    Tensors are compared by shape and value (to a small tolerance), floats to a tolerance,
    anything else with ==. It prints rather than returns, so a notebook cell that ends with
    it shows the message and nothing else.
    """
    if answer is ...:
        print("Not tried yet: replace the ... with your answer and run the cell again.")
    elif _same(answer, expected):
        print("✅ Correct.")
    else:
        print(f"❌ Not yet. Hint: {hint}")
