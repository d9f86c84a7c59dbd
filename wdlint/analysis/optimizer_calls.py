"""Recognise optimizer constructions and bind their arguments.

A call constructs an optimizer when its callee resolves, through any import
form or alias, to a class of the optimizer table: directly, through
``functools.partial``, through a local name (bound by assignments or imports
in branches: if/else, try/except ImportError), or through a conditional
expression between known classes.  Each possible class is one *branch*;
rules report a finding only when every branch has it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

import libcst as cst

from wdlint.analysis.arguments import ArgumentState, BoundArguments
from wdlint.analysis.code import code_of
from wdlint.analysis.scopes import BindingKind, Scope, is_builtin, resolve_dotted
from wdlint.analysis.values import Decay, decay_of, literal_bool
from wdlint.optimizers import DecayKind, OptimizerSpec

_PARTIAL = "functools.partial"
_MAX_DEPTH = 8


@dataclass(frozen=True)
class OptimizerReference:
    spec: OptimizerSpec
    #: The expression that names the class (``torch.optim.Adam``, ``A``).
    expression: cst.BaseExpression
    #: Arguments fixed by ``functools.partial`` (empty otherwise).
    partial_args: tuple[cst.Arg, ...] = ()
    partial_call: cst.Call | None = None


def resolve_optimizer(
    expr: cst.BaseExpression, scope: Scope, table: dict[str, OptimizerSpec], depth: int = 0
) -> list[OptimizerReference] | None:
    """Every optimizer class ``expr`` may be, or None when any possibility is unknown."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(expr, (cst.Name, cst.Attribute)):
        qualified = resolve_dotted(expr, scope)
        if qualified is not None:
            spec = table.get(qualified)
            return [OptimizerReference(spec, expr)] if spec is not None else None
        if isinstance(expr, cst.Name):
            owner = scope.lookup(expr.value)
            if owner is None:
                return None
            # Bound in branches (if/else assignments, try/except imports): one reference per binding.
            bindings = owner.bindings[expr.value]
            if not bindings:
                return None
            references: list[OptimizerReference] = []
            for binding in bindings:
                if binding.kind is BindingKind.IMPORT:
                    spec = table.get(binding.qualified_name) if binding.qualified_name is not None else None
                    if spec is None:
                        return None
                    references.append(OptimizerReference(spec, expr))
                    continue
                if binding.kind is not BindingKind.ASSIGN:
                    return None
                found = resolve_optimizer(binding.value, owner, table, depth + 1)
                if found is None:
                    return None
                references += found
            return references
        return None
    if isinstance(expr, cst.IfExp):
        body = resolve_optimizer(expr.body, scope, table, depth + 1)
        orelse = resolve_optimizer(expr.orelse, scope, table, depth + 1)
        return body + orelse if body is not None and orelse is not None else None
    if isinstance(expr, cst.Call) and _is_getattr_of_module(expr, scope):
        # ``getattr(torch.optim, "Adam")``: a literal name on a module the table knows.
        module = resolve_dotted(expr.args[0].value, scope)
        name = expr.args[1].value.evaluated_value
        spec = table.get(f"{module}.{name}") if module is not None and isinstance(name, str) else None
        return [OptimizerReference(spec, expr.args[1].value)] if spec is not None else None
    if isinstance(expr, cst.Call) and is_partial(expr, scope):
        inner = resolve_optimizer(expr.args[0].value, scope, table, depth + 1)
        if inner is None:
            return None
        fixed = tuple(expr.args[1:])
        return [OptimizerReference(ref.spec, ref.expression, ref.partial_args + fixed, expr) for ref in inner]
    return None


def _is_getattr_of_module(call: cst.Call, scope: Scope) -> bool:
    return (
        is_builtin(call.func, scope, "getattr")
        and len(call.args) == 2
        and all(arg.keyword is None and not arg.star for arg in call.args)
        and isinstance(call.args[0].value, (cst.Name, cst.Attribute))
        and isinstance(call.args[1].value, cst.SimpleString)
    )


def is_partial(call: cst.Call, scope: Scope) -> bool:
    return (
        isinstance(call.func, (cst.Name, cst.Attribute))
        and bool(call.args)
        and call.args[0].keyword is None
        and not call.args[0].star
        and resolve_dotted(call.func, scope) == _PARTIAL
    )


@dataclass(frozen=True)
class OptimizerBranch:
    """One possible optimizer class of a construction, with its arguments read."""

    reference: OptimizerReference
    call: cst.Call
    scope: Scope
    params: cst.BaseExpression | None
    weight_decay: cst.BaseExpression | None
    decay: Decay
    #: True / False, or None when it cannot be told.
    decoupled: bool | None

    @property
    def spec(self) -> OptimizerSpec:
        return self.reference.spec

    def describe_decay(self) -> str:
        if self.weight_decay is not None:
            return f"weight_decay={code_of(self.weight_decay)}"
        return f"weight_decay={self.spec.default_weight_decay:g} (the default)"

    def writes(self, expr: cst.BaseExpression | None) -> bool:
        """Whether ``expr`` is written in this call (not fixed earlier by a partial defined elsewhere)."""
        partial = self.reference.partial_call
        if partial is None or partial is self.call:
            return True
        return any(arg.value is expr for arg in self.call.args)

    @property
    def names_class_here(self) -> bool:
        """Whether the class is named once, right at this call (or in the partial it is): what a rename edits."""
        reference = self.reference
        if reference.partial_call is not None and reference.partial_call is not self.call:
            return False
        if reference.partial_call is None:
            return reference.expression is self.call.func
        return bool(self.call.args) and reference.expression is self.call.args[0].value


def read_branch(reference: OptimizerReference, call: cst.Call, scope: Scope) -> OptimizerBranch:
    spec = reference.spec
    if reference.partial_call is call:
        arguments = BoundArguments.bind(reference.partial_args)
    else:
        arguments = BoundArguments.bind(reference.partial_args + tuple(call.args))
    params_state, params = arguments.get("params", 0, spec.positional_count is not None)
    decay_state, weight_decay = arguments.get("weight_decay", spec.weight_decay_position, spec.positional_count is not None)
    if decay_state is ArgumentState.FOUND:
        decay = decay_of(weight_decay, scope)
    elif decay_state is ArgumentState.UNKNOWN:
        decay = Decay.UNKNOWN
    else:
        decay = Decay.ZERO if spec.default_weight_decay == 0 else Decay.NONZERO
    if spec.decoupled_flag is not None:
        flag_state, flag = arguments.get(spec.decoupled_flag.name, spec.decoupled_flag.position, spec.positional_count is not None)
        if flag_state is ArgumentState.MISSING:
            decoupled = spec.decoupled_flag.default
        elif flag_state is ArgumentState.FOUND:
            decoupled = literal_bool(flag)
        elif flag_state is ArgumentState.UNKNOWN and decay_state is not ArgumentState.FOUND:
            decoupled = None  # only **kwargs: decay and flag both unknown
        else:
            # An explicit decay beside ``**kwargs`` is taken as written: the spec's
            # "unknown" is ``**kwargs`` alone, and the flag is rarely hidden there.
            decoupled = False
    else:
        decoupled = spec.decay is DecayKind.DECOUPLED
    return OptimizerBranch(
        reference,
        call,
        scope,
        params if params_state is ArgumentState.FOUND else None,
        weight_decay,
        decay,
        decoupled,
    )


def optimizer_branches(
    call: cst.Call, scope: Scope, table: dict[str, OptimizerSpec]
) -> list[OptimizerBranch] | None:
    """The branches of an optimizer construction (or of a ``partial`` of one), else None."""
    if is_partial(call, scope):
        references = resolve_optimizer(call, scope, table)
    else:
        references = resolve_optimizer(call.func, scope, table)
    if not references:
        return None
    return [read_branch(reference, call, scope) for reference in references]


def findings_on_every_branch(
    context, branch_findings: Callable[[OptimizerBranch], Iterable]
) -> Iterator:
    """Run a rule's per-branch check over every optimizer construction of a file.

    ``branch_findings(branch)`` yields RawFindings; a finding (same code, same
    node) is kept only when every possible class of the construction has it,
    reported once, its message naming every class, and the other branches'
    details kept as ``alternatives`` for the fixer.
    """
    seen: set[tuple[str, int]] = set()
    for call, scope in context.scopes.calls:
        branches = optimizer_branches(call, scope, context.table)
        if not branches:
            continue
        per_branch = [{(f.code, id(f.node)): f for f in branch_findings(branch)} for branch in branches]
        common = set(per_branch[0]).intersection(*per_branch[1:])
        for key in sorted(common):
            if key in seen:
                continue
            seen.add(key)
            findings = [found[key] for found in per_branch]
            yield _merge(findings, [branch.spec.name for branch in branches])


def _merge(findings: list, optimizer_names: list[str]):
    """One finding for all branches; its message names every possible optimizer."""
    first = findings[0]
    if len(findings) == 1:
        return first
    names = list(dict.fromkeys(optimizer_names))
    message = first.message
    if len(names) > 1:
        either = " or ".join(f"`{name}`" for name in names)
        message = message.replace(f"`{optimizer_names[0]}`", either, 1)
    return replace(first, message=message, alternatives=tuple(f.detail for f in findings[1:]))
