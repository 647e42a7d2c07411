"""Helpers for the backward() notebooks: the claim ledger, the graph view, measurements.

Read them in this order:

    claims        the article's 27 claims; judge() and check() turn a cell's run into a verdict
    graph         draw(): the teaching view of an autograd graph, values and .grad in each box
    steps         backward_steps(): watch backward() run one node at a time, on graph's pictures
    torchviz_map  box_map(): which box of plain torchviz is which box of graph's view
    measure       measured costs (saved bytes, time, peak memory) beside what theory predicts
    exercises     self_check() for the "try" cells, one registered check per exercise
    errors        expect_error(): the errors backward() raises, reproduced and recorded
    then_and_now  the 2017 -> today cheat-sheet that runs both spellings every time
    survey        surveying PyTorch itself: module source, every module of a family, depths
    runtime       setup(): the seed, the device and the versions, at the top of each notebook
    colab         the packages Colab lacks, installed by setup() when it runs there
"""

from helpers.claims import CATALOG, check, judge
from helpers.exercises import self_check
from helpers.runtime import pick_device, setup

__all__ = ["CATALOG", "check", "judge", "self_check", "pick_device", "setup"]
