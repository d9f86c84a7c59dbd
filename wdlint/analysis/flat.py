"""Which expressions are *flat* parameter iterables (every parameter of a model).

Flat: ``X.parameters()``, ``X.named_parameters()``, ``list``/``tuple`` of them,
``filter(f, ...)``, comprehensions over them whose only filter is
``requires_grad``, ``itertools.chain`` of them, ``+`` of them, a conditional
expression whose branches are both flat, and a local name bound only to such
expressions.  Anything filtered by name, shape or
module type, or built elsewhere, is not flat (precision first).
"""

from __future__ import annotations

import enum

import libcst as cst

from wdlint.analysis.scopes import BindingKind, Scope, is_builtin, resolve_dotted


class ParamKind(enum.Enum):
    """What a flat iterable yields."""

    TENSORS = "tensors"  # parameters()
    NAMED = "named"  # (name, parameter) pairs from named_parameters()
    EITHER = "either"


# Methods that change which parameters a list holds (extend is checked apart).
_MEMBERSHIP_MUTATORS = frozenset({"append", "insert", "remove", "pop", "clear", "setitem", "add", "discard", "update"})
_ONE_SHOT = frozenset({"parameters", "named_parameters"})


def _combine(kinds: list[ParamKind | None]) -> ParamKind | None:
    if not kinds or any(kind is None for kind in kinds):
        return None
    first = kinds[0]
    return first if all(kind is first for kind in kinds) else ParamKind.EITHER


def flat_parameters(expr: cst.BaseExpression, scope: Scope, _visiting: frozenset = frozenset()) -> ParamKind | None:
    """The kind of flat parameter iterable ``expr`` is, or None when it is not (surely) flat."""
    if isinstance(expr, cst.Call):
        return _flat_call(expr, scope, _visiting)
    if isinstance(expr, (cst.ListComp, cst.GeneratorExp)):
        return _flat_comprehension(expr, scope, _visiting)
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
        return _combine([flat_parameters(expr.left, scope, _visiting), flat_parameters(expr.right, scope, _visiting)])
    if isinstance(expr, cst.Name):
        return _flat_name(expr.value, scope, _visiting)
    if isinstance(expr, cst.IfExp):
        return _combine([flat_parameters(expr.body, scope, _visiting), flat_parameters(expr.orelse, scope, _visiting)])
    return None


def _positional_args(call: cst.Call) -> list[cst.BaseExpression] | None:
    if any(arg.star or arg.keyword is not None for arg in call.args):
        return None
    return [arg.value for arg in call.args]


def _flat_call(call: cst.Call, scope: Scope, visiting: frozenset) -> ParamKind | None:
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in _ONE_SHOT:
        return ParamKind.NAMED if func.attr.value == "named_parameters" else ParamKind.TENSORS
    args = _positional_args(call)
    if args is None:
        return None
    if is_builtin(func, scope, "list") or is_builtin(func, scope, "tuple"):
        return flat_parameters(args[0], scope, visiting) if len(args) == 1 else None
    if is_builtin(func, scope, "filter"):
        if len(args) == 2 and _filter_keeps_all(args[0]):
            return flat_parameters(args[1], scope, visiting)
        return None
    if isinstance(func, (cst.Name, cst.Attribute)) and resolve_dotted(func, scope) == "itertools.chain":
        return _combine([flat_parameters(arg, scope, visiting) for arg in args])
    return None


def _filter_keeps_all(function: cst.BaseExpression) -> bool:
    """``filter(f, ...)`` stays flat unless ``f`` is a lambda testing more than requires_grad."""
    if not isinstance(function, cst.Lambda):
        return True
    params = function.params.params
    if len(params) != 1 or function.params.star_arg is not cst.MaybeSentinel.DEFAULT:
        return False
    return is_requires_grad_test(function.body, params[0].name.value, allow_pair_index=True)


def is_requires_grad_test(test: cst.BaseExpression, variable: str, allow_pair_index: bool = False) -> bool:
    """``p.requires_grad`` (``is True``, ``== True``, or ``and`` of such)."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return is_requires_grad_test(test.left, variable, allow_pair_index) and is_requires_grad_test(
            test.right, variable, allow_pair_index
        )
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        target = test.comparisons[0]
        if isinstance(target.operator, (cst.Is, cst.Equal)) and isinstance(target.comparator, cst.Name):
            if target.comparator.value == "True":
                return is_requires_grad_test(test.left, variable, allow_pair_index)
        return False
    if isinstance(test, cst.Attribute) and test.attr.value == "requires_grad":
        owner = test.value
        if isinstance(owner, cst.Name):
            return owner.value == variable
        if allow_pair_index and isinstance(owner, cst.Subscript) and isinstance(owner.value, cst.Name):
            index = owner.slice[0].slice if len(owner.slice) == 1 else None
            return (
                owner.value.value == variable
                and isinstance(index, cst.Index)
                and isinstance(index.value, cst.Integer)
                and index.value.value in ("1", "-1")
            )
    return False


def _flat_comprehension(comp: cst.ListComp | cst.GeneratorExp, scope: Scope, visiting: frozenset) -> ParamKind | None:
    clause = comp.for_in
    if clause.inner_for_in is not None:
        return None
    source_kind = flat_parameters(clause.iter, scope, visiting)
    if source_kind is None:
        return None
    target, element = clause.target, comp.elt
    if isinstance(target, cst.Name):
        if not (isinstance(element, cst.Name) and element.value == target.value):
            return None
        parameter_variable = target.value if source_kind is ParamKind.TENSORS else None
        kind = source_kind
    elif isinstance(target, cst.Tuple) and len(target.elements) == 2 and source_kind is not ParamKind.TENSORS:
        first, second = (element_.value for element_ in target.elements)
        if not (isinstance(first, cst.Name) and isinstance(second, cst.Name)):
            return None
        parameter_variable = second.value
        if isinstance(element, cst.Name) and element.value == second.value:
            kind = ParamKind.TENSORS
        elif (
            isinstance(element, cst.Tuple)
            and len(element.elements) == 2
            and all(isinstance(e.value, cst.Name) for e in element.elements)
            and [e.value.value for e in element.elements] == [first.value, second.value]
        ):
            kind = ParamKind.NAMED
        else:
            return None
    else:
        return None
    for condition in clause.ifs:
        if parameter_variable is None or not is_requires_grad_test(condition.test, parameter_variable):
            return None
    return kind


def _flat_name(name: str, scope: Scope, visiting: frozenset) -> ParamKind | None:
    owner = scope.lookup(name)
    if owner is None:
        return None
    key = (id(owner), name)
    if key in visiting:
        # A self-reference (``params = [p for p in params if p.requires_grad]``)
        # is flat when every other binding is.
        return ParamKind.EITHER
    visiting = visiting | {key}
    kinds: list[ParamKind | None] = []
    has_assignment = False
    for binding in owner.bindings[name]:
        if binding.kind is BindingKind.ASSIGN:
            has_assignment = True
            kinds.append(flat_parameters(binding.value, owner, visiting))
        elif binding.kind is BindingKind.AUGMENT and binding.operator is cst.AddAssign:
            kinds.append(flat_parameters(binding.value, owner, visiting))
        else:
            return None
    for mutation in owner.mutations.get(name, ()):
        if mutation.method in _MEMBERSHIP_MUTATORS:
            return None
        if mutation.method == "extend":
            if mutation.argument is None:
                return None
            kinds.append(flat_parameters(mutation.argument, owner, visiting))
    if not has_assignment:
        return None
    # A self-reference alone says nothing; combine the others.
    concrete = [kind for kind in kinds if kind is not ParamKind.EITHER] or kinds
    return _combine(concrete)


def is_one_shot(expr: cst.BaseExpression, scope: Scope) -> bool:
    """Whether evaluating ``expr`` twice would not give the same parameters.

    A name bound to a generator, ``filter``, ``chain`` or a bare
    ``.parameters()`` iterator is consumed by its first use, also when
    ``expr`` only reads it (``list(params)``, ``[p for p in params]``).
    """
    if not isinstance(expr, cst.Name):
        return any(is_one_shot(source, scope) for source in _iterated(expr))
    owner = scope.lookup(expr.value)
    if owner is None:
        return True
    for binding in owner.bindings[expr.value]:
        value = binding.value
        if binding.kind is not BindingKind.ASSIGN or value is None:
            continue
        if isinstance(value, cst.ListComp):
            continue
        if isinstance(value, cst.Call) and (is_builtin(value.func, owner, "list") or is_builtin(value.func, owner, "tuple")):
            continue
        if isinstance(value, cst.BinaryOperation):
            continue
        return True
    return False


def _iterated(expr: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The iterables a flat expression reads (not the function ``filter`` applies)."""
    if isinstance(expr, cst.Call):
        args = [arg.value for arg in expr.args]
        return args[1:] if isinstance(expr.func, cst.Name) and expr.func.value == "filter" else args
    if isinstance(expr, (cst.ListComp, cst.GeneratorExp)):
        return [expr.for_in.iter]
    if isinstance(expr, cst.BinaryOperation):
        return [expr.left, expr.right]
    if isinstance(expr, cst.IfExp):
        return [expr.body, expr.orelse]
    return []


def plain_receivers(expr: cst.BaseExpression) -> bool:
    """Every ``X.parameters()`` inside has a plain name/attribute receiver (safe to evaluate twice)."""
    from wdlint.analysis.walk import descendants

    for node in descendants(expr):
        func = node.func if isinstance(node, cst.Call) else None
        if isinstance(func, cst.Attribute) and func.attr.value in ("parameters", "named_parameters"):
            receiver = func.value
            while isinstance(receiver, cst.Attribute):
                receiver = receiver.value
            if not isinstance(receiver, cst.Name):
                return False
    return True
