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

from collections.abc import Iterator

import torch

#: Instance attributes by which a wrapper holds its inner optimizer (accelerate, DeepSpeed; ZeRO; Lightning
#: Fabric's ``_FabricOptimizer``, a generated subclass of the optimizer's class whose hook dicts are the inner ones).
_INNER_ATTRIBUTES = ("optimizer", "optim", "_optimizer")
_MAX_DEPTH = 8  # wrappers of wrappers; never a cycle


def _chain(optimizer: torch.optim.Optimizer) -> Iterator[torch.optim.Optimizer]:
    """``optimizer``, then each optimizer it wraps, read from instance attributes (no property runs)."""
    for _ in range(_MAX_DEPTH):
        yield optimizer
        attributes = getattr(optimizer, "__dict__", {})
        inner = [attributes.get(name) for name in _INNER_ATTRIBUTES]
        inner = [o for o in inner if isinstance(o, torch.optim.Optimizer) and o is not optimizer]
        if not inner:
            return
        optimizer = inner[0]


def innermost_optimizer(optimizer: torch.optim.Optimizer) -> torch.optim.Optimizer:
    """The optimizer that applies the update: its class says how decay is applied."""
    *_, innermost = _chain(optimizer)
    return innermost


def stepping_optimizer(optimizer: torch.optim.Optimizer) -> torch.optim.Optimizer:
    """Where a step pre-hook runs: the first optimizer of the chain that has torch's hook dicts."""
    chain = list(_chain(optimizer))
    return next((o for o in chain if "_optimizer_step_pre_hooks" in getattr(o, "__dict__", {})), chain[-1])

