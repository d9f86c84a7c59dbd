"""WD101 and WD102 over every optimizer construction of a file.

Both rules look at the same call; each possible optimizer class (a branch of a
conditional, a name bound in if/else) is analysed apart, and a finding is kept
only when every branch has it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from wdlint.analysis.context import FileContext, RawFinding
from wdlint.analysis.flat import ParamKind, flat_parameters, is_one_shot
from wdlint.analysis.groups import ParamGroup, param_group_list
from wdlint.analysis.optimizer_calls import OptimizerBranch, code_of, optimizer_branches
from wdlint.analysis.values import Decay, decay_of, literal_bool
from wdlint.analysis.walk import descendants
from wdlint.rules import wd101, wd102

_Key = tuple[str, int]


@dataclass(frozen=True)
class FlatParameters:
    """Detail of a WD102 finding: the flat expression and where it sits."""

    branch: OptimizerBranch
    params: cst.BaseExpression
    kind: ParamKind
    #: The param group holding ``params``, or None when passed directly.
    group: ParamGroup | None


def optimizer_findings(context: FileContext) -> Iterator[RawFinding]:
    seen: set[_Key] = set()
    for call, scope in context.scopes.calls:
        branches = optimizer_branches(call, scope, context.table)
        if not branches:
            continue
        per_branch = [dict(_branch_findings(branch)) for branch in branches]
        common = set(per_branch[0]).intersection(*per_branch[1:])
        for key in sorted(common, key=lambda k: (k[0], k[1])):
            if key in seen:
                continue
            seen.add(key)
            findings = [branch_findings[key] for branch_findings in per_branch]
            yield _merge(findings, [branch.spec.name for branch in branches])


def _merge(findings: list[RawFinding], optimizer_names: list[str]) -> RawFinding:
    """One finding for all branches; its message names every possible optimizer."""
    first = findings[0]
    names = list(dict.fromkeys(optimizer_names))
    if len(names) == 1:
        return first
    either = " or ".join(f"`{name}`" for name in names)
    message = first.message.replace(f"`{optimizer_names[0]}`", either, 1)
    return RawFinding(first.code, first.node, message, all(f.fixable for f in findings), first.detail)


def _branch_findings(branch: OptimizerBranch) -> Iterator[tuple[_Key, RawFinding]]:
    yield from _coupled_decay(branch)
    yield from _flat_parameters_decayed(branch)


def _own_argument(branch: OptimizerBranch, expr: cst.BaseExpression | None) -> bool:
    """Whether ``expr`` is written in this call (not fixed earlier by a partial)."""
    reference = branch.reference
    if reference.partial_call is None or reference.partial_call is branch.call:
        return True
    return any(arg.value is expr for arg in branch.call.args)


def _coupled_decay(branch: OptimizerBranch) -> Iterator[tuple[_Key, RawFinding]]:
    spec = branch.spec
    if not spec.is_coupled_adaptive or branch.decoupled is not False:
        return
    described = None
    if branch.decay is Decay.NONZERO and _own_argument(branch, branch.weight_decay):
        described = branch.describe_decay()
    elif branch.params is not None and _own_argument(branch, branch.params):
        # Groups fixed by a partial are reported at the partial, once.
        for group in param_group_list(branch.params, branch.scope) or ():
            if group.decoupled is not None and literal_bool(group.decoupled) is not False:
                continue  # the group's own decoupled_weight_decay (True, or not known to be False)
            if group.weight_decay is not None and decay_of(group.weight_decay, group.scope) is Decay.NONZERO:
                described = f"a param group's weight_decay={code_of(group.weight_decay)}"
                break
    if described is None:
        return
    fix_kind = spec.wd101_fix
    fixable = fix_kind is not None and _fixable_reference(branch)
    message = wd101.message(spec.name, described, fix_kind, spec.qualified_name.startswith("torch."))
    yield ("WD101", id(branch.call)), RawFinding("WD101", branch.call, message, fixable, branch)


def _fixable_reference(branch: OptimizerBranch) -> bool:
    """A rename/flag fix needs the class named once, right here (or in the partial)."""
    reference = branch.reference
    target = reference.partial_call or branch.call
    if reference.partial_call is not None and reference.partial_call is not branch.call:
        return False
    if target is branch.call and reference.partial_call is None:
        return reference.expression is branch.call.func
    return bool(target.args) and reference.expression is target.args[0].value


def _flat_parameters_decayed(branch: OptimizerBranch) -> Iterator[tuple[_Key, RawFinding]]:
    spec = branch.spec
    params = branch.params
    if not spec.has_weight_decay or params is None:
        return
    kind = flat_parameters(params, branch.scope)
    if kind is not None:
        if branch.decay is Decay.NONZERO:
            yield _wd102(branch, FlatParameters(branch, params, kind, None), branch.describe_decay())
        return
    for group in param_group_list(params, branch.scope) or ():
        group_kind = flat_parameters(group.params, group.scope) if group.params is not None else None
        if group_kind is None:
            continue
        if group.weight_decay is not None:
            decay = decay_of(group.weight_decay, group.scope)
            described = f"weight_decay={code_of(group.weight_decay)}"
        elif group.has_hidden_keys:
            decay = Decay.UNKNOWN
            described = ""
        else:
            decay = branch.decay
            described = branch.describe_decay()
        if decay is Decay.NONZERO:
            yield _wd102(branch, FlatParameters(branch, group.params, group_kind, group), described)


def _wd102(branch: OptimizerBranch, detail: FlatParameters, described: str) -> tuple[_Key, RawFinding]:
    params = detail.params
    why_not = _why_not_fixable(branch, detail)
    message = wd102.message(code_of(params), branch.spec.name, described, why_not)
    return ("WD102", id(params)), RawFinding("WD102", params, message, why_not is None, detail)


def _why_not_fixable(branch: OptimizerBranch, detail: FlatParameters) -> str | None:
    """Why the split cannot be written here, or None when it can."""
    params = detail.params
    scope = detail.group.scope if detail.group is not None else branch.scope
    if detail.kind is ParamKind.EITHER:
        return "it mixes tensors and (name, tensor) pairs"
    if detail.group is not None and not _group_written_in_list(detail.group, branch):
        return "the group dict is not written in the list passed to the optimizer"
    if is_one_shot(params, scope):
        return "it reads a one-shot iterator bound to a name, which cannot be read twice"
    if not _pure_receivers(params):
        return "its `.parameters()` receiver is not a plain name, so evaluating it twice may not be safe"
    return None


def _group_written_in_list(group: ParamGroup, branch: OptimizerBranch) -> bool:
    """The fix splits a group in place: its dict must be written in the group list itself."""
    lists: list[cst.BaseExpression] = []
    if isinstance(branch.params, (cst.List, cst.Tuple)):
        lists.append(branch.params)
    elif isinstance(branch.params, cst.Name):
        owner = branch.scope.lookup(branch.params.value)
        if owner is not None:
            lists += [binding.value for binding in owner.bindings[branch.params.value]]
    return any(
        isinstance(group_list, (cst.List, cst.Tuple))
        and any(isinstance(element, cst.Element) and element.value is group.node for element in group_list.elements)
        for group_list in lists
    )


def _pure_receivers(expr: cst.BaseExpression) -> bool:
    """Every ``X.parameters()`` inside has a plain name/attribute receiver (safe to evaluate twice)."""
    for node in descendants(expr):
        func = node.func if isinstance(node, cst.Call) else None
        if isinstance(func, cst.Attribute) and func.attr.value in ("parameters", "named_parameters"):
            receiver = func.value
            while isinstance(receiver, cst.Attribute):
                receiver = receiver.value
            if not isinstance(receiver, cst.Name):
                return False
    return True
