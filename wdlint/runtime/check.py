"""``wdlint.check``: the optimizer's param groups against the model.

Tensors are matched by identity (the only thing that survives wrappers and
``param_names``), classified once (``classify``), and reported per group.
Nothing is changed and no tensor data is read.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import nn
from torch.nn.parameter import is_lazy

from wdlint.optimizers import OptimizerSpec
from wdlint.runtime.classify import Classification, Policy
from wdlint.runtime.coupling import coupled_adaptive_spec, is_coupled_adaptive_group, weight_decay_of
from wdlint.runtime.inventory import require_module, take_inventory
from wdlint.runtime.optimizer_wrappers import innermost_optimizer
from wdlint.runtime.report import Finding, GroupSummary, Report
from wdlint.runtime.unknown import UNKNOWN


def check(
    model: nn.Module | None,
    optimizer: torch.optim.Optimizer,
    *,
    decay_embeddings: bool = True,
    no_decay: Iterable[str] = (),
    allow_decay: Iterable[str] = (),
    allow_decay_names: Iterable[str] = (),
) -> Report:
    """Check ``optimizer``'s param groups against ``model`` (WD201-WD207).

    With ``model=None`` only what needs no model is checked: coupled decay
    in an adaptive optimizer (WD205).  ``allow_decay`` names categories
    ("norm", "bias", "gain", "state-space", "declared") and
    ``allow_decay_names`` name substrings that are decayed on purpose: they
    are listed in ``report.allowed`` instead of ``report.findings``.
    """
    if model is not None:
        require_module(model, "wdlint.check")
    return check_with_policy(model, optimizer, Policy.of(decay_embeddings, no_decay, allow_decay, allow_decay_names))


def check_with_policy(
    model: nn.Module | None,
    optimizer: torch.optim.Optimizer,
    policy: Policy,
    *,
    optimizer_may_hold_part: bool = False,
) -> Report:
    """The check itself.

    ``optimizer_may_hold_part``: the optimizer may legitimately train only
    part of the model (one of several optimizers, as under a global hook):
    no WD206, and an optimizer holding none of the model's tensors is taken
    to belong to another model (WD205 only).
    """
    inventory = take_inventory(model, policy) if model is not None else None
    applying = innermost_optimizer(optimizer)
    coupled_spec = coupled_adaptive_spec(type(applying))
    optimizer_name = type(optimizer).__name__
    if applying is not optimizer:
        optimizer_name += f"({type(applying).__name__})"
    findings: list[Finding] = []
    summaries = []
    #: ids of every tensor the groups hold, and of those that are the model's
    listed: set[int] = set()
    held: set[int] = set()
    foreign: list[Finding] = []
    #: What would be findings but is decayed on purpose (allow_decay=, allow_decay_names=).
    allowed: list[Finding] = []
    for index, group in enumerate(optimizer.param_groups):
        tensors = group["params"]
        decay = weight_decay_of(group)
        summaries.append(GroupSummary(index, decay if decay is not UNKNOWN else "unknown", len(tensors)))
        decayed = decay is not UNKNOWN and decay > 0
        if decayed and is_coupled_adaptive_group(coupled_spec, group, applying):
            findings.append(Finding("WD205", "", index, _coupled_message(optimizer_name, index, decay, coupled_spec)))
        if inventory is None:
            continue
        stored_names = group.get("param_names")
        for position, tensor in enumerate(tensors):
            if id(tensor) in listed:
                continue  # the same tensor twice in one group (torch only warns): one finding, not two
            listed.add(id(tensor))
            parameters = inventory.by_holder.get(id(tensor))
            if parameters is None:
                stored = f" (stored as {stored_names[position]!r})" if stored_names else ""
                shape = "unknown (uninitialised)" if is_lazy(tensor) else tuple(tensor.shape)
                foreign.append(Finding("WD207", "", index, (
                    f"param group {index} holds a tensor of shape {shape}{stored} that is not a "
                    "parameter of the model")))
                continue
            held.add(id(tensor))
            if not decayed:
                continue
            for parameter in parameters:
                if not parameter.trainable or parameter.classification is UNKNOWN:
                    continue
                verdict = policy.verdict(parameter.name, parameter.classification)
                if verdict.code is None:
                    continue
                message = _decayed_message(parameter.name, parameter.classification, index, decay)
                if verdict.allowed_by is None:
                    findings.append(Finding(verdict.code, parameter.name, index, message))
                else:
                    allowed.append(Finding(verdict.code, parameter.name, index,
                                           f"{message}, allowed by {verdict.allowed_by}"))

    if inventory is None:
        return Report(findings, optimizer_name, tuple(summaries),
                      notes=("no model was given, so only WD205 was checked; pass the model to check the groups",))

    holds_model_tensors = bool(held)
    if optimizer_may_hold_part and not holds_model_tensors:
        # Another model's optimizer under a global hook: only the group-level finding applies.
        return Report(findings, optimizer_name, tuple(summaries),
                      notes=("this optimizer holds none of the model's tensors; only WD205 was checked",))
    findings.extend(foreign)
    trainable = [p for p in inventory.parameters if p.trainable]
    if not optimizer_may_hold_part:
        findings.extend(
            Finding("WD206", p.name, None, f"trainable parameter `{p.name}` is in no param group: it is never updated")
            for p in trainable if id(p.holder) not in held
        )
    return Report(
        findings,
        optimizer_name,
        tuple(summaries),
        unchecked=inventory.unclassified,
        holds_model_tensors=holds_model_tensors,
        parameters_checked=len(trainable),
        policy_arguments=policy.call_arguments(),
        allowed=tuple(allowed),
    )


def _decayed_message(name: str, classification: Classification, group: int, decay: float) -> str:
    return (f"{classification.category.label} parameter `{name}` ({classification.reason}) is in param group "
            f"{group} with weight_decay={decay:g}")


def _coupled_message(optimizer: str, group: int, decay: float, spec: OptimizerSpec) -> str:
    """The advice comes from the table row: its decoupled class, its switch, or neither."""
    flag = spec.decoupled_flag
    if spec.decoupled_replacement:
        advice = f"use `{spec.decoupled_replacement}`" + (f" (or pass `{flag.name}=True`)" if flag else "")
    elif flag is not None:
        advice = f"pass `{flag.name}=True` to `{spec.name}`"
    else:
        advice = f"switch to {spec.decoupled_alternative} (`{spec.qualified_name}` has no decoupled mode)"
    return (f"param group {group} of {optimizer} has weight_decay={decay:g} applied as coupled L2 decay, which the "
            f"adaptive step rescales per parameter; {advice}")
