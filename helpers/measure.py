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

from helpers.graph import backward_nodes, saved_tensors


@dataclass
class SavedTensors:
    """What autograd saved for backward inside a `saved_for_backward()` block.

    Each storage is counted once, however many times it was saved (a ReLU output that is
    also the next layer's input costs once). `existing_bytes` is the part that shares memory
    with the tensors you named as living anyway (inputs, parameters; a saved `weight.t()`
    shares the weight's memory): `added_bytes`, the rest, is what tracking really adds.
    """

    count: int = 0
    bytes: int = 0
    existing_bytes: int = 0
    _seen: set[int] = field(default_factory=set, repr=False)

    @property
    def added_bytes(self) -> int:
        return self.bytes - self.existing_bytes


@contextmanager
def saved_for_backward(*existing: torch.Tensor) -> Iterator[SavedTensors]:
    """Count the tensors autograd saves for backward while the block runs.

        with saved_for_backward(x, *model.parameters()) as saved:
            loss = model(x).sum()
        print(saved.count, saved.bytes, saved.added_bytes)

    Tensors passed as `existing` live anyway; their memory is counted in `existing_bytes`.
    """
    for t in existing:
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"saved_for_backward(...) wants tensors that live anyway (inputs, "
                            f"parameters), got {type(t).__name__}")
    alive = {t.untyped_storage().data_ptr() for t in existing}
    saved = SavedTensors()

    def pack(t: torch.Tensor) -> torch.Tensor:
        saved.count += 1
        storage = t.untyped_storage()
        if storage.data_ptr() not in saved._seen:
            saved._seen.add(storage.data_ptr())
            saved.bytes += storage.nbytes()
            if storage.data_ptr() in alive:
                saved.existing_bytes += storage.nbytes()
        return t  # keep it exactly as autograd would

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        yield saved


def saved_bytes_alive(*roots: torch.Tensor) -> int:
    """Bytes of saved tensors that the graph behind `roots` still holds, each storage once.

    Where `saved_for_backward` counts what a forward pass saves, this looks later: after
    some backward() calls, what a retained graph keeps alive until the last one frees it.
    """
    storages: dict[int, int] = {}
    for fn in backward_nodes(*roots):
        for _, saved in saved_tensors(fn):
            if isinstance(saved, torch.Tensor):  # a str says it was freed
                storage = saved.untyped_storage()
                storages[storage.data_ptr()] = storage.nbytes()
    return sum(storages.values())


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
