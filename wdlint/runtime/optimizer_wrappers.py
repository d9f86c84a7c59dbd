"""Optimizers that wrap another torch optimizer, and the one inside that does the work.

accelerate's ``AcceleratedOptimizer`` (what ``accelerator.prepare`` and the
HF Trainer hand back) subclasses ``torch.optim.Optimizer`` without running
its ``__init__``: it has no step-hook dicts of its own, its ``step()`` calls
the inner optimizer's, and its ``param_groups`` are the inner ones.
``ZeroRedundancyOptimizer`` builds a local instance of the class it is given
(``.optim``) and mirrors that instance's group settings.  So the hook goes
on the optimizer that steps, and coupled decay (WD205) is read from the
class of the innermost one.
"""

from __future__ import annotations

import torch

#: Instance attributes by which a wrapper holds its inner optimizer (accelerate, DeepSpeed; ZeRO).
_INNER_ATTRIBUTES = ("optimizer", "optim")
_MAX_DEPTH = 8  # wrappers of wrappers; never a cycle


def inner_optimizer(optimizer: object) -> torch.optim.Optimizer | None:
    """The torch optimizer ``optimizer`` wraps, or None (read from instance attributes: no property runs)."""
    attributes = getattr(optimizer, "__dict__", {})
    for attribute in _INNER_ATTRIBUTES:
        inner = attributes.get(attribute)
        if isinstance(inner, torch.optim.Optimizer) and inner is not optimizer:
            return inner
    return None


def innermost_optimizer(optimizer: torch.optim.Optimizer) -> torch.optim.Optimizer:
    """The optimizer that applies the update: its class says how decay is applied."""
    for _ in range(_MAX_DEPTH):
        inner = inner_optimizer(optimizer)
        if inner is None:
            break
        optimizer = inner
    return optimizer


def stepping_optimizer(optimizer: torch.optim.Optimizer) -> torch.optim.Optimizer:
    """Where a step pre-hook runs: the first optimizer of the chain that has torch's hook dicts."""
    for _ in range(_MAX_DEPTH):
        if "_optimizer_step_pre_hooks" in getattr(optimizer, "__dict__", {}):
            break
        inner = inner_optimizer(optimizer)
        if inner is None:
            break
        optimizer = inner
    return optimizer
