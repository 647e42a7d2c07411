"""Honest numbers: what autograd keeps for backward, how long things take, peak memory.

Every function here measures; none of them estimates. The notebooks put each measured
number next to the figure theory predicts, so the learner can compare the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch
from torch.utils import benchmark


@dataclass
class SavedTensors:
    """What autograd saved for backward inside a `saved_for_backward()` block.

    Each storage is counted once, however many times it was saved. `leaf_bytes` is the
    part that belongs to leaves (parameters, inputs): they live anyway, so the memory that
    tracking really adds is `activation_bytes`.
    """

    count: int = 0
    bytes: int = 0
    leaf_bytes: int = 0
    _seen: set[int] = field(default_factory=set, repr=False)

    @property
    def activation_bytes(self) -> int:
        return self.bytes - self.leaf_bytes


@contextmanager
def saved_for_backward() -> Iterator[SavedTensors]:
    """Count the tensors autograd saves for backward while the block runs.

        with saved_for_backward() as saved:
            loss = model(x).sum()
        print(saved.count, saved.bytes)
    """
    saved = SavedTensors()

    def pack(t: torch.Tensor) -> torch.Tensor:
        saved.count += 1
        storage = t.untyped_storage()
        if storage.data_ptr() not in saved._seen:  # a tensor saved twice costs once
            saved._seen.add(storage.data_ptr())
            saved.bytes += storage.nbytes()
            # a parameter is often saved as a view (Linear saves weight.t()): still a leaf's
            if t.is_leaf or (t._base is not None and t._base.is_leaf):
                saved.leaf_bytes += storage.nbytes()
        return t  # keep it exactly as autograd would

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        yield saved


def tensor_bytes(*shapes: tuple[int, ...], dtype: torch.dtype = torch.float32) -> int:
    """Bytes that tensors of these shapes take: the 'theory' side of a comparison."""
    element = torch.empty((), dtype=dtype).element_size()
    total = 0
    for shape in shapes:
        n = 1
        for size in shape:
            n *= size
        total += n * element
    return total


def median_seconds(fn: Callable[[], object], *, min_run_time: float = 0.2) -> float:
    """Median wall-clock time of one call of `fn`, from torch.utils.benchmark.

    benchmark.Timer warms up, synchronises CUDA, and repeats until `min_run_time` seconds
    have passed, so the number is steadier than one time.perf_counter() pair.
    """
    if not callable(fn):
        raise TypeError(f"median_seconds wants a function to call, got {type(fn).__name__}")
    timer = benchmark.Timer(stmt="fn()", globals={"fn": fn})
    return timer.blocked_autorange(min_run_time=min_run_time).median


def peak_memory_bytes(fn: Callable[[], object], device: torch.device) -> int | None:
    """Peak memory allocated by torch while `fn` runs, on CUDA; None on the CPU.

    On CUDA, torch's allocator keeps exact statistics. The CPU has no such counter that
    is both exact and portable, so there we return None rather than a guess; the bytes
    saved for backward (`saved_for_backward`) are the part that differs anyway.
    """
    if torch.device(device).type != "cuda":
        return None
    torch.cuda.synchronize(device)
    torch.cuda.reset_peak_memory_stats(device)
    before = torch.cuda.memory_allocated(device)
    result = fn()
    torch.cuda.synchronize(device)
    peak = torch.cuda.max_memory_allocated(device) - before
    del result
    return peak
