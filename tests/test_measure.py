"""measure: the saved-bytes counter agrees with what theory says a layer keeps."""

from pathlib import Path

import pytest
import torch
from torch import nn

from helpers import measure
from helpers.measure import (
    median_seconds,
    peak_memory_bytes,
    saved_bytes_alive,
    saved_for_backward,
    tensor_bytes,
)


def test_a_linear_relu_stack_saves_what_theory_says():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
    x = torch.randn(5, 8)
    with saved_for_backward(x, *net.parameters()) as saved:
        net(x).sum()
    # Linear 1 keeps x; ReLU keeps h (which Linear 2 keeps too, same storage); Linear 2 keeps
    # its weight's transpose, a view of the weight.
    assert saved.bytes == tensor_bytes((5, 8), (5, 16), (4, 16))
    assert saved.existing_bytes == tensor_bytes((5, 8), (4, 16))
    assert saved.added_bytes == tensor_bytes((5, 16))


def test_nothing_is_saved_without_tracking():
    net = nn.Linear(4, 4)
    with torch.no_grad(), saved_for_backward() as saved:
        net(torch.randn(2, 4))
    assert (saved.count, saved.bytes) == (0, 0)


def test_tensor_bytes_knows_dtypes():
    assert tensor_bytes((2, 3)) == 24
    assert tensor_bytes((2, 3), dtype=torch.float64) == 48


def test_bad_input_is_told_clearly():
    with pytest.raises(TypeError, match="wants tensors"), saved_for_backward([1, 2]):
        pass
    with pytest.raises(TypeError, match="wants a function"):
        median_seconds(3)


needs_proc = pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(),
                                reason="the CPU peak is read from Linux's /proc")


@needs_proc
def test_cpu_peak_memory_sees_what_a_call_allocates():
    mib = 2**20
    big = peak_memory_bytes(lambda: torch.ones(16 * mib // 4), torch.device("cpu"))  # 16 MiB
    small = peak_memory_bytes(lambda: torch.ones(4), torch.device("cpu"))
    assert 15 * mib <= big <= 20 * mib
    assert small < mib


@needs_proc
def test_cpu_peak_memory_of_a_forward_is_larger_with_tracking():
    net = nn.Sequential(*[m for _ in range(4) for m in (nn.Linear(512, 512), nn.ReLU())])
    x = torch.randn(512, 512)  # each activation is 1 MiB

    def tracked():
        return net(x)

    def untracked():
        with torch.no_grad():
            return net(x)

    # tracking keeps the four ReLU outputs (4 MiB); without it at most two live at once
    assert peak_memory_bytes(tracked, "cpu") >= peak_memory_bytes(untracked, "cpu") + 2**20


def test_peak_memory_is_none_where_there_is_no_counter(monkeypatch, tmp_path):
    monkeypatch.setattr(measure, "_PROC", tmp_path)  # no clear_refs here
    assert peak_memory_bytes(lambda: torch.ones(3), torch.device("cpu")) is None


def test_saved_bytes_alive_follows_the_retained_graph():
    x = torch.randn(4, 8, requires_grad=True)
    h = x.sin()  # keeps x (4x8 floats)
    first, second = h.sum(), (h + 1).sum()  # sum and add save nothing
    assert saved_bytes_alive(first, second) == tensor_bytes((4, 8))
    first.backward(retain_graph=True)
    assert saved_bytes_alive(first, second) == tensor_bytes((4, 8))  # retained
    second.backward()
    assert saved_bytes_alive(first, second) == 0  # the last backward freed it


def test_saved_bytes_alive_can_leave_out_a_weight_the_graph_shares():
    w = torch.randn(8, 8, requires_grad=True)
    h = torch.randn(8, requires_grad=True)
    out = (w @ h).tanh().sum()  # mv saves w and h; tanh saves its 8-float result
    assert saved_bytes_alive(out) == tensor_bytes((8, 8), (8,), (8,))
    assert saved_bytes_alive(out, besides=(w,)) == tensor_bytes((8,), (8,))


def test_a_wrong_argument_is_told_in_the_notebook_s_language():
    from helpers import i18n
    from helpers.survey import graph_depths

    with i18n.speaking("zh"):
        with pytest.raises(TypeError, match="要的是一个可以调用的函数，收到的却是 int"):
            median_seconds(1)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="root 没有 grad_fn"):
            graph_depths(torch.ones(1), {})
    with pytest.raises(TypeError, match="wants a function to call, got int"):
        peak_memory_bytes(1, "cpu")  # type: ignore[arg-type]
