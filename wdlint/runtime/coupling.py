"""Which param groups get coupled (L2) decay inside an adaptive optimizer (WD205).

Read from the optimizer table, never from a list of names here.  An
optimizer's class is matched by module and name: the first class of its MRO
whose ``module.qualname`` is one of the table's names (torch.optim and the
third-party rows alike; a user subclass finds its library's class).  That
row says how ``weight_decay`` is applied.  For a row with a switch (torch's
``decoupled_weight_decay``, apex's ``adam_w_mode`` ...) the switch is read
where the library reads it (per group, or an optimizer attribute), else its
default: AdamW
(a subclass of Adam in current torch) matches its own decoupled row first,
and an Adam group with ``decoupled_weight_decay=True`` is not coupled.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from wdlint.optimizers import DecayKind, OptimizerSpec, builtin_table
from wdlint.runtime.unknown import UNKNOWN, Unknown


def _class_paths(cls: type) -> tuple[str, ...]:
    module = getattr(cls, "__module__", None) or ""
    return tuple(dict.fromkeys((f"{module}.{cls.__qualname__}", f"{module}.{cls.__name__}")))


@lru_cache(maxsize=None)
def optimizer_spec(optimizer_type: type) -> OptimizerSpec | None:
    """The table row of the most derived class of ``optimizer_type`` that the table knows."""
    table = builtin_table()
    for cls in optimizer_type.__mro__:
        for path in _class_paths(cls):
            spec = table.get(path)
            if spec is not None:
                return spec
    return None


def coupled_adaptive_spec(optimizer_type: type) -> OptimizerSpec | None:
    """The row of this optimizer type when it may apply coupled decay in an adaptive method."""
    spec = optimizer_spec(optimizer_type)
    return spec if spec is not None and spec.is_coupled_adaptive else None


def weight_decay_of(group: Mapping[str, Any]) -> float | Unknown:
    """The group's own ``weight_decay`` (torch fills the optimizer default into each group).

    A tensor value is UNKNOWN: the check never reads tensor data (reading a
    device tensor would synchronise; a meta tensor has no value).
    """
    value = group.get("weight_decay", 0.0)
    if isinstance(value, numbers.Real):  # int, float, and NumPy scalars from a config
        return float(value)
    return UNKNOWN


_ABSENT = object()


def decoupled_switch(spec: OptimizerSpec, group: Mapping[str, Any], optimizer: object | None = None) -> bool | Unknown:
    """Whether this group's decay is decoupled, per the row's switch.

    Read where the library reads it: the group (torch, timm, QHAdam) or the
    optimizer's attribute (apex and DeepSpeed keep ``self.adam_w_mode = 1/0``
    and ignore the groups); the row's default when absent.  A value that is
    not a bool or an int is UNKNOWN.
    """
    flag = spec.decoupled_flag
    if flag is None:
        return spec.decay is DecayKind.DECOUPLED
    if flag.attribute is None:
        value = group.get(flag.name, _ABSENT)
    else:
        value = getattr(optimizer, flag.attribute, _ABSENT) if optimizer is not None else _ABSENT
    if value is _ABSENT:
        return flag.default
    if isinstance(value, (bool, numbers.Integral)):
        return bool(value)
    return UNKNOWN


def is_coupled_adaptive_group(
    spec: OptimizerSpec | None, group: Mapping[str, Any], optimizer: object | None = None
) -> bool:
    """Coupled decay in an adaptive method for this group (its decay is checked by the caller).

    ``optimizer`` is the instance that applies the update (the innermost of a
    wrapper chain), whose attributes may hold the row's switch.
    """
    if spec is None or not spec.is_coupled_adaptive:
        return False
    return decoupled_switch(spec, group, optimizer) is False
