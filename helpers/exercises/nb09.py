"""The exercises of notebook 09: one check per try cell, registered by ID."""

from __future__ import annotations

from helpers.exercises.core import (
    exercise,
)


@exercise("09.1", hint="freezing is per parameter tensor: every parameter of model[0], and "
                       "nothing else, needs requires_grad=False before the backward().")
def _froze_first_layer(model):
    """Exactly model[0]'s parameters are frozen, and after a backward() only they lack .grad."""
    if all(p.requires_grad for p in model.parameters()):  # nothing frozen yet
        return None
    first = {id(p) for p in model[0].parameters()}
    return all((id(p) in first) == (not p.requires_grad) == (p.grad is None)
               for p in model.parameters())
