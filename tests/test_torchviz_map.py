"""The torchviz-to-teaching-view table of notebook 00."""

import pytest
import torch

from helpers.torchviz_map import box_map


def test_each_torchviz_box_is_paired_and_what_torchviz_omits_is_listed():
    x = torch.tensor([2.0])
    w = torch.nn.Parameter(torch.tensor([3.0]))
    y = (w * x).exp()
    table = box_map(y, names={"x": x, "w": w, "y": y}).data
    rows = table.split("<tr>")[2:]
    for backward_function in ("MulBackward0", "ExpBackward0"):  # compact: one box for both
        (row,) = [r for r in rows if r.count(backward_function) and "backward function" in r
                  and r.split("</td>")[0].count(backward_function)]
        assert "—" not in row, f"{backward_function} has no twin in the teaching view"
    assert "writes w.grad" in table  # w's AccumulateGrad, traced through torchviz's ids
    assert "needs no gradient: torchviz leaves it out" in table  # x, a constant


def test_a_root_or_leaf_without_a_name_is_a_value_error_that_says_which():
    x = torch.tensor([2.0])
    w = torch.nn.Parameter(torch.tensor([3.0, 4.0]))
    y = (w * x).exp().sum()
    with pytest.raises(ValueError, match=r"a leaf of shape \(2,\) has no name"):
        box_map(y, names={"x": x, "y": y})
    with pytest.raises(ValueError, match=r"the root of shape \(\) has no name"):
        box_map(y, names={"x": x, "w": w})
