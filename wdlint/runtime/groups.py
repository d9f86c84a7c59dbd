"""``wdlint.param_groups``: decay / no-decay groups that pass ``check`` by construction.

Built from the same classification as the check, so the helper can never
produce groups the check rejects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from torch import nn

from wdlint.runtime.classify import Policy
from wdlint.runtime.inventory import require_module, take_inventory
from wdlint.runtime.unknown import UNKNOWN


def param_groups(
    model: nn.Module,
    weight_decay: float | None = None,
    *,
    decay_embeddings: bool = True,
    no_decay: Iterable[str] = (),
    allow_decay: Iterable[str] = (),
    allow_decay_names: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """A decay group and a ``"weight_decay": 0.0`` group of the trainable parameters.

    Empty groups are omitted; the decay group carries ``"weight_decay"``
    only when given (else the optimizer's default applies).  Build it from
    the model that trains (after wrapping and sharding).  What ``allow_decay``
    / ``allow_decay_names`` allow goes to the decay group, as ``check`` with
    the same arguments accepts.
    """
    require_module(model, "wdlint.param_groups")
    policy = Policy.of(decay_embeddings, no_decay, allow_decay, allow_decay_names)
    inventory = take_inventory(model, policy)
    decay, keep = [], []
    unclassified, mixed = [], []
    for parameters in inventory.by_holder.values():
        if not parameters[0].trainable:
            continue
        if any(p.classification is UNKNOWN for p in parameters):
            unclassified.extend(p.name for p in parameters)
            continue
        decays = {policy.verdict(p.name, p.classification).may_decay for p in parameters}
        if len(decays) > 1:
            mixed.append(parameters)
            continue
        (decay if decays.pop() else keep).append(parameters[0].holder)
    if unclassified:
        raise ValueError(
            "wdlint.param_groups: cannot classify uninitialised lazy parameters (run one forward pass first): "
            + ", ".join(unclassified))
    if mixed:
        raise ValueError(
            "wdlint.param_groups: an FSDP FlatParameter (use_orig_params=False) mixes parameters that need decay "
            "with ones that must not be decayed, so no grouping can be right; wrap with use_orig_params=True. "
            "Mixed: " + "; ".join(", ".join(p.name for p in parameters) for parameters in mixed))
    groups: list[dict[str, Any]] = []
    if decay:
        groups.append({"params": decay} if weight_decay is None else {"params": decay, "weight_decay": weight_decay})
    if keep:
        groups.append({"params": keep, "weight_decay": 0.0})
    return groups
