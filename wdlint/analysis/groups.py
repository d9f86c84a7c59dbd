"""Param-group lists: ``[{"params": ..., "weight_decay": ...}, dict(params=...)]``.

Groups are read from a list/tuple literal written in the call, or bound to a
local name (plus ``.append(group)`` / ``.extend([group, ...])`` / ``+= [group]`` on it).  A group whose
keys cannot all be seen (``**base``) has an unknown decay unless it spells
``weight_decay`` out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from wdlint.analysis.scopes import BindingKind, Scope, is_builtin


@dataclass(frozen=True)
class ParamGroup:
    node: cst.BaseExpression  # the dict literal or dict(...) call
    params: cst.BaseExpression | None
    weight_decay: cst.BaseExpression | None
    #: True when some keys are hidden (``**other``): a missing key is then unknown.
    has_hidden_keys: bool
    scope: Scope
    #: Every string key the group dict writes, with its value (``"decoupled_weight_decay"``...).
    keys: dict = field(default_factory=dict)


def _group(expr: cst.BaseExpression, values: dict, hidden: bool, scope: Scope) -> ParamGroup:
    return ParamGroup(
        expr, values.get("params"), values.get("weight_decay"), hidden, scope, dict(values)
    )


def _string_key(expr: cst.BaseExpression) -> str | None:
    if isinstance(expr, cst.SimpleString):
        value = expr.evaluated_value
        return value if isinstance(value, str) else None
    return None


def read_group(expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> ParamGroup | None:
    """A single group from a dict literal, a ``dict(...)`` call, or a name bound once to one."""
    if isinstance(expr, cst.Dict):
        values: dict[str, cst.BaseExpression] = {}
        hidden = False
        for element in expr.elements:
            if isinstance(element, cst.StarredDictElement):
                hidden = True
                continue
            key = _string_key(element.key)
            if key is None:
                hidden = True
            else:
                values[key] = element.value
        return _group(expr, values, hidden, scope)
    if isinstance(expr, cst.Call) and is_builtin(expr.func, scope, "dict"):
        values = {}
        hidden = False
        for arg in expr.args:
            if arg.keyword is not None:
                values[arg.keyword.value] = arg.value
            else:
                hidden = True  # dict(base, ...) or dict(**base)
        return _group(expr, values, hidden, scope)
    if isinstance(expr, cst.Name) and depth == 0:
        value = _single_assignment(expr.value, scope)
        if value is not None:
            owner, assigned = value
            return read_group(assigned, owner, depth + 1)
    return None


# Dict methods that change a group's keys after it is written.
_DICT_MUTATORS = frozenset({"setitem", "update", "setdefault", "pop", "popitem", "clear"})
# List methods that replace or drop groups of a group list.
_LIST_REPLACERS = frozenset({"setitem", "pop", "remove", "clear"})


def _single_assignment(name: str, scope: Scope) -> tuple[Scope, cst.BaseExpression] | None:
    """The one value a group name is bound to, unless the dict is changed afterwards.

    ``group["weight_decay"] = 0.0`` or ``group.update(...)`` after the literal:
    the keys seen are not the keys the optimizer gets, so the group is unreadable.
    """
    owner = scope.lookup(name)
    if owner is None:
        return None
    bindings = owner.bindings[name]
    if any(mutation.method in _DICT_MUTATORS for mutation in owner.mutations.get(name, ())):
        return None
    if len(bindings) == 1 and bindings[0].kind is BindingKind.ASSIGN:
        return owner, bindings[0].value
    return None


def param_group_list(expr: cst.BaseExpression, scope: Scope) -> list[ParamGroup] | None:
    """The groups of a param-group list, or None when ``expr`` is not a readable one."""
    if isinstance(expr, (cst.List, cst.Tuple)):
        groups = [read_group(element.value, scope) for element in expr.elements if isinstance(element, cst.Element)]
        found = [group for group in groups if group is not None]
        return found or None
    if isinstance(expr, cst.Name):
        owner = scope.lookup(expr.value)
        if owner is None:
            return None
        groups: list[ParamGroup] = []
        for binding in owner.bindings[expr.value]:
            if binding.kind is BindingKind.ASSIGN and isinstance(binding.value, (cst.List, cst.Tuple)):
                groups += param_group_list(binding.value, owner) or []
            elif binding.kind is BindingKind.AUGMENT and isinstance(binding.value, cst.List):
                groups += param_group_list(binding.value, owner) or []
            else:
                return None
        for mutation in owner.mutations.get(expr.value, ()):
            if mutation.method in _LIST_REPLACERS:
                return None  # a group replaced, removed or changed in place
            if mutation.method == "append" and mutation.argument is not None:
                group = read_group(mutation.argument, owner)
                if group is not None:
                    groups.append(group)
            elif mutation.method == "extend" and isinstance(mutation.argument, (cst.List, cst.Tuple)):
                groups += param_group_list(mutation.argument, owner) or []
        return groups or None
    return None


@dataclass(frozen=True)
class AddedGroup:
    """``optimizer.add_param_group({...})`` on a name bound to one optimizer construction."""

    call: cst.Call
    group: ParamGroup
    #: The construction the name is bound to.
    construction: cst.Call
    construction_scope: Scope


def added_param_groups(calls) -> list[AddedGroup]:
    """Every ``name.add_param_group(group)`` whose ``name`` is bound once, to a call (an optimizer, maybe)."""
    found = []
    for call, scope in calls:
        func = call.func
        if not (
            isinstance(func, cst.Attribute)
            and func.attr.value == "add_param_group"
            and isinstance(func.value, cst.Name)
            and len(call.args) == 1
            and not call.args[0].star
        ):
            continue
        value = _single_assignment(func.value.value, scope)
        if value is None or not isinstance(value[1], cst.Call):
            continue
        group = read_group(call.args[0].value, scope)
        if group is not None:
            found.append(AddedGroup(call, group, value[1], value[0]))
    return found
