"""What the check found, and how a person reads it in a crashed training log.

Torch-free: errors and reports can be caught and printed without torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

#: Names shown per code before "+N more".
SHOWN_NAMES = 8

_HEADLINES = {
    "WD201": "normalization-layer parameters in a decayed group",
    "WD202": "biases in a decayed group",
    "WD203": "gains, scales, temperatures and state-space parameters in a decayed group",
    "WD204": "parameters declared no-decay in a decayed group",
    "WD205": "groups with coupled (L2) decay in an adaptive optimizer",
    "WD206": "trainable parameters in no param group",
    "WD207": "group tensors that are not parameters of the model",
}

#: Codes fixed by moving parameters into the ``"weight_decay": 0.0`` group.
_MOVE_TO_NO_DECAY = ("WD201", "WD202", "WD203", "WD204")


class WeightDecayError(AssertionError):
    """Raised by ``wdlint.install(..., on_error="raise")`` at the first ``step()``."""

    def __init__(self, report: Report) -> None:
        super().__init__(str(report))
        self.report = report


class WeightDecayWarning(UserWarning):
    """Issued by ``wdlint.install(..., on_error="warn")``."""


class Finding(NamedTuple):
    """One problem; a named tuple, so ``code, name, group, message = finding`` works as well."""

    code: str
    #: Clean parameter name; "" for a whole group (WD205) or a foreign tensor (WD207).
    name: str
    #: Param-group index; None for a parameter in no group (WD206).
    group: int | None
    message: str


@dataclass(frozen=True)
class GroupSummary:
    index: int
    #: A float, or the text "unknown" when the group's value is not a number.
    weight_decay: float | str
    tensors: int


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    #: The optimizer's class name.
    optimizer: str = ""
    groups: tuple[GroupSummary, ...] = ()
    #: Parameters that could not be checked (uninitialised lazy parameters).
    unchecked: tuple[str, ...] = ()
    #: False when the optimizer holds none of the model's tensors; None without a model.
    holds_model_tensors: bool | None = None
    #: Trainable model parameters looked at (0 without a model).
    parameters_checked: int = 0
    notes: tuple[str, ...] = field(default=())
    #: The check's policy as keyword arguments (", decay_embeddings=False"), repeated in the advice's
    #: ``wdlint.param_groups(...)`` so that following the advice passes the same check.
    policy_arguments: str = ""
    #: What would be findings but is decayed on purpose (``allow_decay=``, ``allow_decay_names=``); each
    #: message ends with the argument that allows it.
    allowed: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings

    def codes(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.code] = counts.get(finding.code, 0) + 1
        return dict(sorted(counts.items()))

    def __str__(self) -> str:
        lines = [self._headline()]
        if self.holds_model_tensors is False:
            lines.append(
                "  The optimizer holds none of this model's tensors: it was built for another model instance, "
                "before the parameters were replaced (FSDP2 fully_shard, to_empty from meta), or a wrapper keeps its "
                "own copies (DeepSpeed ZeRO, fp32 master weights); check the model and optimizer that train together."
            )
        for code, findings in _by_code(self.findings).items():
            lines.append(f"  {code} {_HEADLINES.get(code, '')} ({len(findings)}): {_list_subjects(findings)}")
        if self.allowed:
            lines.append(f"  Allowed on purpose ({len(self.allowed)}): {_allowed_summary(self.allowed)}")
        lines.extend(f"  Note: {note}" for note in self.notes)
        if self.unchecked:
            lines.append(
                f"  Not checked: {len(self.unchecked)} uninitialised lazy parameter(s) (run a forward pass before "
                f"building the groups): {_cut(self.unchecked)}"
            )
        advice = self._advice()
        if advice:
            lines.append("  What to do:")
            lines.extend(f"    - {line}" for line in advice)
        return "\n".join(lines)

    def _headline(self) -> str:
        groups = ", ".join(
            f"#{g.index} weight_decay={_number(g.weight_decay)} ({_count(g.tensors, 'tensor')})" for g in self.groups
        )
        where = f"{self.optimizer} ({len(self.groups)} param group{'s' if len(self.groups) != 1 else ''}: {groups})"
        if self.ok:
            checked = f", {self.parameters_checked} trainable parameters checked" if self.holds_model_tensors else ""
            return f"wdlint: weight decay OK in {where}{checked}"
        return f"wdlint: {len(self.findings)} weight-decay problem(s) in {where}"

    def _advice(self) -> list[str]:
        by_code = _by_code(self.findings)
        advice = []
        to_move = [f.name for code in _MOVE_TO_NO_DECAY for f in by_code.get(code, ())]
        if to_move:
            call = f"wdlint.param_groups(model, weight_decay={self._decay_value()}{self.policy_arguments})"
            advice.append(
                f"build the groups with {call} "
                "(weights decay; norms, biases, gains, state-space and declared no-decay parameters go to a "
                "\"weight_decay\": 0.0 group), or move these to the no-decay group: " + _cut(to_move)
            )
        if "WD205" in by_code:
            advice.append(
                f"{self.optimizer} adds decay to the gradient, which the adaptive step rescales: use torch.optim.AdamW "
                "(or decoupled_weight_decay=True where the optimizer has it), and retune the value"
            )
        if "WD206" in by_code and self.holds_model_tensors is not False:  # else the optimizer is stale, not short
            advice.append("add the missing parameters to a group (wdlint.param_groups(model) covers every trainable one)")
        if "WD207" in by_code:
            advice.append(
                "build the optimizer from this model's parameters after wrapping, sharding and to_empty, "
                "and check that model (pass the model that trains)"
            )
        return advice

    def _decay_value(self) -> str:
        values = {g.weight_decay for g in self.groups if isinstance(g.weight_decay, float) and g.weight_decay > 0}
        return _number(values.pop()) if len(values) == 1 else "..."


def _allowed_summary(allowed: Sequence[Finding]) -> str:
    """Per allowing argument: how many, and the first names."""
    by_argument: dict[str, list[str]] = {}
    for finding in allowed:
        argument = finding.message.rpartition(", allowed by ")[2]
        by_argument.setdefault(argument, []).append(finding.name)
    return "; ".join(f"{argument}: {len(names)} ({_cut(names, 3)})"
                     for argument, names in sorted(by_argument.items()))


def _by_code(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: f.code):
        grouped.setdefault(finding.code, []).append(finding)
    return grouped


def _list_subjects(findings: Sequence[Finding]) -> str:
    named = [f.name for f in findings if f.name]
    if named:
        return _cut(named)
    groups: dict[int | None, int] = {}
    for finding in findings:
        groups[finding.group] = groups.get(finding.group, 0) + 1
    return ", ".join(f"group {g}" + (f" ({n} tensors)" if n > 1 else "") for g, n in groups.items())


def _cut(names: Sequence[str], shown_names: int = SHOWN_NAMES) -> str:
    shown = ", ".join(names[:shown_names])
    return shown + (f", +{len(names) - shown_names} more" if len(names) > shown_names else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _number(value: float | str) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
