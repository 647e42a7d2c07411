"""Helpers for the backward() notebooks: the claim ledger, the graph view, measurements.

Read them in this order: claims (verdicts), graph (drawing autograd graphs),
measure (honest costs), exercises (self-checks), runtime (seed and device).
"""

from helpers.claims import CATALOG, check, judge
from helpers.exercises import self_check
from helpers.runtime import pick_device, setup

__all__ = ["CATALOG", "check", "judge", "self_check", "pick_device", "setup"]
