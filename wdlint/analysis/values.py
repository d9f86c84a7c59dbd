"""Is a weight-decay value provably zero?  A three-valued answer.

``UNKNOWN`` is a real value, not a silent None: it means the analysis cannot
tell (``**kwargs`` may or may not carry ``weight_decay``) and must not report.
A non-literal such as ``args.weight_decay`` is ``NONZERO``: the author made
decay configurable, so it can be nonzero at run time.
"""

from __future__ import annotations

import enum

import libcst as cst

from wdlint.analysis.scopes import BindingKind, Scope


class Decay(enum.Enum):
    ZERO = "zero"
    NONZERO = "not provably zero"
    UNKNOWN = "unknown"


def literal_number(expr: cst.BaseExpression) -> float | None:
    """The value of a numeric literal (with unary +/-), else None."""
    sign = 1.0
    while isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, (cst.Minus, cst.Plus)):
        if isinstance(expr.operator, cst.Minus):
            sign = -sign
        expr = expr.expression
    if isinstance(expr, (cst.Integer, cst.Float)):
        try:
            return sign * float(expr.evaluated_value)
        except (ValueError, OverflowError):
            return None
    return None


def is_zero_literal(expr: cst.BaseExpression) -> bool:
    return literal_number(expr) == 0.0


def decay_of(expr: cst.BaseExpression, scope: Scope) -> Decay:
    """Classify a weight-decay expression as written at a call site."""
    if is_zero_literal(expr):
        return Decay.ZERO
    if isinstance(expr, cst.Name) and _name_is_zero_constant(expr.value, scope):
        return Decay.ZERO
    return Decay.NONZERO


def _name_is_zero_constant(name: str, scope: Scope) -> bool:
    """A name bound only to zero literals in its function or module, never otherwise."""
    owner = scope.lookup(name)
    if owner is None:
        return False
    bindings = owner.bindings[name]
    return bool(bindings) and all(
        binding.kind is BindingKind.ASSIGN and binding.value is not None and is_zero_literal(binding.value)
        for binding in bindings
    )


def literal_bool(expr: cst.BaseExpression) -> bool | None:
    if isinstance(expr, cst.Name) and expr.value in ("True", "False"):
        return expr.value == "True"
    return None
