"""Which param groups get coupled (L2) decay inside an adaptive optimizer (WD205).

Read from the optimizer table, never from a list of names here.  The class
says "coupled adaptive" (subclasses included); the group's own
``decoupled_weight_decay`` can still turn it off, which is how AdamW (a
subclass of Adam in current torch, its groups carry the flag True) stays clean.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from wdlint.optimizers import OptimizerSpec, spec_for_class_name
from wdlint.runtime.unknown import UNKNOWN, Unknown


@lru_cache(maxsize=None)
def coupled_adaptive_spec(optimizer_type: type) -> OptimizerSpec | None:
    """The coupled-adaptive torch.optim class this optimizer type is (or derives from)."""
    for cls in optimizer_type.__mro__:
        if cls.__module__.startswith("torch.optim"):
            spec = spec_for_class_name(cls.__name__)
            if spec is not None and spec.is_coupled_adaptive:
                return spec
    return None


def weight_decay_of(group: Mapping[str, Any]) -> float | Unknown:
    """The group's own ``weight_decay`` (torch fills the optimizer default into each group).

    A tensor value is UNKNOWN: the check never reads tensor data (reading a
    device tensor would synchronise; a meta tensor has no value).
    """
    value = group.get("weight_decay", 0.0)
    if isinstance(value, numbers.Real):  # int, float, and NumPy scalars from a config
        return float(value)
    return UNKNOWN


def is_coupled_adaptive_group(spec: OptimizerSpec | None, group: Mapping[str, Any]) -> bool:
    return spec is not None and not group.get("decoupled_weight_decay", False)
