"""Honest numbers: what autograd keeps for backward, how long things take, peak memory.

Every function here measures, except ``tensor_bytes``: it computes the figure theory
predicts (elements times bytes per element). The notebooks put each measured number next
to that figure, so the learner can compare the two.
"""

from __future__ import annotations

import ctypes
import logging
import re
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import torch

from helpers.graph import backward_nodes, saved_tensors
from helpers.i18n import tr


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
            raise TypeError(tr("saved_for_backward(...) wants tensors that live anyway (inputs, "
                               "parameters), got {type}").format(type=type(t).__name__))
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


def saved_bytes_alive(*roots: torch.Tensor, besides: tuple[torch.Tensor, ...] = ()) -> int:
    """Bytes of saved tensors that the graph behind `roots` still holds, each storage once,
    leaving out the storage of each tensor in `besides` (a weight the graph saved is the
    weight itself, memory that exists with or without the graph).

    Where `saved_for_backward` counts what a forward pass saves, this looks later: after
    some backward() calls, what a retained graph keeps alive until the last one frees it.
    """
    left_out = {t.untyped_storage().data_ptr() for t in besides}
    storages: dict[int, int] = {}
    for fn in backward_nodes(*roots):
        for _, saved in saved_tensors(fn):
            if isinstance(saved, torch.Tensor):  # a str says it was freed
                storage = saved.untyped_storage()
                if storage.data_ptr() not in left_out:
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
        raise TypeError(tr("median_seconds wants a function to call, got {type}").format(
            type=type(fn).__name__))
    timer = _benchmark().Timer(stmt="fn()", globals={"fn": fn})
    return timer.blocked_autorange(min_run_time=min_run_time).median


def _benchmark() -> types.ModuleType:
    """torch.utils.benchmark, imported on first use and quietly: importing it loads
    torch.utils.cpp_extension, which on a CUDA build without a GPU logs "No CUDA runtime is
    found" to stderr — noise in a learner's first output, about nothing they use."""
    log = logging.getLogger("torch.utils.cpp_extension")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        from torch.utils import benchmark
    finally:
        log.setLevel(level)
    return benchmark


def peak_memory_bytes(fn: Callable[[], object], device: torch.device | str) -> int | None:
    """How far memory rose above its level before `fn` while `fn` ran, at the peak.

    On CUDA this is torch's allocator statistics, exact. On a Linux CPU it is the process's
    resident-memory high-water mark (reset through /proc, read from /proc/self/status), after
    one warm-up call: a measurement at page granularity that includes everything `fn`
    allocates. Elsewhere (macOS, Windows) there is no such counter: None, never a guess.
    """
    if not callable(fn):
        raise TypeError(tr("peak_memory_bytes wants a function to call, got {type}").format(
            type=type(fn).__name__))
    if torch.device(device).type == "cuda":
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
        before = torch.cuda.memory_allocated(device)
        result = fn()
        torch.cuda.synchronize(device)
        peak = torch.cuda.max_memory_allocated(device) - before
        del result
        return peak
    if not (_PROC / "clear_refs").exists():
        return None
    fn()  # warm-up: first calls allocate caches that later calls reuse
    _hand_back_freed_memory()
    (_PROC / "clear_refs").write_text("5")  # "5" resets the high-water mark to now
    before = _status_bytes("VmRSS")
    result = fn()
    peak = _status_bytes("VmHWM") - before
    del result
    return max(peak, 0)


_PROC = Path("/proc/self")


def _status_bytes(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", (_PROC / "status").read_text(), re.M)
    if match is None:
        raise RuntimeError(f"/proc/self/status has no {field} line")
    return int(match.group(1)) * 1024


def _hand_back_freed_memory() -> None:
    """Ask glibc to give freed memory back to the system now. Freed memory otherwise stays
    resident and is reused without the resident size moving: the peak would read as 0."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: measure as it comes
        pass
