"""Hand-written L2 penalties over all parameters that go into a loss (what WD103 reports).

A *penalty* is a reduction (``sum(...)`` of a generator or comprehension,
``torch.stack([...]).sum()``) or an accumulating ``for`` loop over a flat
parameter iterable, whose terms are squares or L2 norms of the parameter
itself (not ``p.grad``, not ``p.data``).  It *goes into a loss* when it is an
operand of ``+``/``*``/``/``, the right side of ``+=``, or is bound to a name
used that way (or as ``name.backward()``), or is returned by a helper whose
callers in the file use its result that way (a method also when called on an
instance, ``model.l2_penalty()``, if no other function has its name).  Values
only logged never qualify.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import libcst as cst

from wdlint.analysis.arguments import ArgumentState, BoundArguments
from wdlint.analysis.context import FileContext
from wdlint.analysis.flat import ParamKind, flat_parameters, is_requires_grad_test
from wdlint.analysis.scopes import Scope, is_builtin, resolve_dotted
from wdlint.analysis.walk import children, descendants

_REDUCTIONS = frozenset({"sum", "mean"})
# ``writer.add_scalar(...)``, ``self.log(...)``, ``logger.info(...)``: where logged values go.
_LOGGING_METHODS = frozenset(
    {"add_scalar", "add_scalars", "log", "log_dict", "log_metrics", "info", "debug", "warning", "set_postfix"}
)
_MATH_MODULES = frozenset({"torch", "math", "np", "numpy"})
# Literal containers a logged value can sit in: ``{"l2": wd * l2}``, ``[wd * l2, step]``.
_CONTAINER_PARTS = (cst.DictElement, cst.Dict, cst.Element, cst.List, cst.Tuple, cst.Set)
_NORM_FUNCTIONS = frozenset({"torch.norm", "torch.linalg.norm", "torch.linalg.vector_norm"})


def l2_penalties(context: FileContext) -> Iterator[tuple[cst.CSTNode, cst.BaseExpression]]:
    """(the reduction or loop, the parameters it runs over) for each L2 penalty that goes into a loss."""
    for call, scope in context.scopes.calls:
        parameters = _reduction_over_parameters(call, scope)
        if parameters is not None and _goes_into_loss(call, scope, context):
            yield call, parameters
    for loop, scope in context.scopes.for_loops:
        parameters = _accumulating_loop(loop, scope, context)
        if parameters is not None:
            yield loop, parameters


# -- the terms -----------------------------------------------------------------


def _is_variable(expr: cst.BaseExpression, variable: str) -> bool:
    return isinstance(expr, cst.Name) and expr.value == variable


def _number(expr: cst.BaseExpression) -> float | None:
    if isinstance(expr, (cst.Integer, cst.Float)):
        try:
            return float(expr.evaluated_value)
        except ValueError:
            return None
    return None


def _is_two(expr: cst.BaseExpression) -> bool:
    return _number(expr) == 2.0


def _keyword_or_position(call: cst.Call, name: str, position: int) -> cst.BaseExpression | None | bool:
    """The argument value, None if absent, False if unreadable (hidden in *args/**kwargs)."""
    state, value = BoundArguments.bind(tuple(call.args)).get(name, position)
    if state is ArgumentState.UNKNOWN:
        return False
    return value if state is ArgumentState.FOUND else None


def _is_l2_order(order: cst.BaseExpression | None | bool) -> bool:
    if order is None:
        return True
    if order is False:
        return False
    if isinstance(order, cst.SimpleString):
        return order.evaluated_value == "fro"
    return _is_two(order)


def _is_norm_of(expr: cst.BaseExpression, variable: str, scope: Scope) -> bool:
    """``p.norm()``, ``p.norm(2)``, ``torch.norm(p)``, ``torch.linalg.norm(p, 2)`` ..."""
    if not isinstance(expr, cst.Call):
        return False
    func = expr.func
    if isinstance(func, cst.Attribute) and func.attr.value == "norm" and _is_variable(func.value, variable):
        return _is_l2_order(_keyword_or_position(expr, "p", 0))
    if isinstance(func, (cst.Name, cst.Attribute)) and resolve_dotted(func, scope) in _NORM_FUNCTIONS:
        if not expr.args or not _is_variable(expr.args[0].value, variable) or expr.args[0].keyword is not None:
            return False
        name = "ord" if resolve_dotted(func, scope) != "torch.norm" else "p"
        return _is_l2_order(_keyword_or_position(expr, name, 1))
    return False


def _is_square_of(expr: cst.BaseExpression, variable: str, scope: Scope) -> bool:
    """``p.pow(2)``, ``p ** 2``, ``p * p``, ``p.square()``, ``torch.square(p)``, ``torch.pow(p, 2)``."""
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Power):
        return _is_variable(expr.left, variable) and _is_two(expr.right)
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Multiply):
        # Only as reduced (``(p * p).sum()``, ``torch.sum(p * p)``), as the prefilter expects.
        return _is_variable(expr.left, variable) and _is_variable(expr.right, variable)
    if not isinstance(expr, cst.Call):
        return False
    func = expr.func
    args = [arg.value for arg in expr.args if not arg.star]
    if isinstance(func, cst.Attribute) and _is_variable(func.value, variable):
        if func.attr.value == "square":
            return not args
        if func.attr.value == "pow":
            return len(args) == 1 and _is_two(args[0])
    qualified = resolve_dotted(func, scope) if isinstance(func, (cst.Name, cst.Attribute)) else None
    if qualified == "torch.square":
        return len(args) == 1 and _is_variable(args[0], variable)
    if qualified == "torch.pow":
        return len(args) == 2 and _is_variable(args[0], variable) and _is_two(args[1])
    return False


def is_l2_term(expr: cst.BaseExpression, variable: str, scope: Scope) -> bool:
    """A squared value or L2 norm of the parameter ``variable``, optionally reduced or scaled."""
    if isinstance(expr, cst.BinaryOperation):
        operator = expr.operator
        if isinstance(operator, cst.Power):
            return _is_two(expr.right) and (_is_norm_of(expr.left, variable, scope) or _is_variable(expr.left, variable))
        if isinstance(operator, cst.Multiply):
            return _scaled(expr.left, expr.right, variable, scope) or _scaled(expr.right, expr.left, variable, scope)
        if isinstance(operator, cst.Divide):
            return is_l2_term(expr.left, variable, scope) and not _mentions(expr.right, variable)
        return False
    if isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in _REDUCTIONS and not expr.args:
            return _is_square_of(func.value, variable, scope)
        if isinstance(func, cst.Attribute) and func.attr.value == "pow" and len(expr.args) == 1:
            return _is_two(expr.args[0].value) and _is_norm_of(func.value, variable, scope)
        qualified = resolve_dotted(func, scope) if isinstance(func, (cst.Name, cst.Attribute)) else None
        if qualified in ("torch.sum", "torch.mean") and len(expr.args) == 1:
            return _is_square_of(expr.args[0].value, variable, scope)
        return _is_norm_of(expr, variable, scope) or _is_square_of(expr, variable, scope)
    return False


def _scaled(term: cst.BaseExpression, coefficient: cst.BaseExpression, variable: str, scope: Scope) -> bool:
    return is_l2_term(term, variable, scope) and not _mentions(coefficient, variable)


def _mentions(expr: cst.BaseExpression, variable: str) -> bool:
    return any(isinstance(node, cst.Name) and node.value == variable for node in descendants(expr))


def _is_scaled_term(expr: cst.BaseExpression, variable: str, scope: Scope) -> bool:
    """A term multiplied or divided by a coefficient (the coefficient makes it a penalty)."""
    return isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Multiply, cst.Divide)) and (
        is_l2_term(expr, variable, scope)
    )


# -- reductions ----------------------------------------------------------------


def _comprehension_parameter(
    comp: cst.BaseExpression, scope: Scope
) -> tuple[cst.BaseExpression, str] | None:
    """(parameters expression, variable) for ``(TERM for p in <flat>)`` whose terms are L2 terms."""
    if not isinstance(comp, (cst.GeneratorExp, cst.ListComp)):
        return None
    clause = comp.for_in
    if clause.inner_for_in is not None:
        return None
    kind = flat_parameters(clause.iter, scope)
    if kind is None:
        return None
    variable = _loop_variable(clause.target, kind)
    if variable is None:
        return None
    if any(not is_requires_grad_test(condition.test, variable) for condition in clause.ifs):
        return None
    if not is_l2_term(comp.elt, variable, scope):
        return None
    return clause.iter, variable


def _loop_variable(target: cst.BaseExpression, kind: ParamKind) -> str | None:
    if isinstance(target, cst.Name) and kind is ParamKind.TENSORS:
        return target.value
    if isinstance(target, cst.Tuple) and len(target.elements) == 2 and kind is not ParamKind.TENSORS:
        second = target.elements[1].value
        return second.value if isinstance(second, cst.Name) else None
    return None


def _reduction_over_parameters(call: cst.Call, scope: Scope) -> cst.BaseExpression | None:
    """The parameters expression of ``sum(TERM for p in params)`` and kin, else None."""
    func = call.func
    if is_builtin(func, scope, "sum") and call.args and call.args[0].keyword is None:
        found = _comprehension_parameter(call.args[0].value, scope)
        return found[0] if found else None
    stacked = None
    if isinstance(func, cst.Attribute) and func.attr.value in _REDUCTIONS and not call.args:
        stacked = func.value  # torch.stack([...]).sum()
    elif isinstance(func, (cst.Name, cst.Attribute)) and resolve_dotted(func, scope) in ("torch.sum", "torch.mean"):
        stacked = call.args[0].value if len(call.args) == 1 else None
    if (
        isinstance(stacked, cst.Call)
        and isinstance(stacked.func, (cst.Name, cst.Attribute))
        and resolve_dotted(stacked.func, scope) == "torch.stack"
        and stacked.args
    ):
        found = _comprehension_parameter(stacked.args[0].value, scope)
        return found[0] if found else None
    return None


# -- where the value goes ------------------------------------------------------


def _parents(context: FileContext) -> dict[cst.CSTNode, cst.CSTNode]:
    """Child -> parent for the whole module, built once per file and only when needed."""
    if "parents" not in context.cache:
        context.cache["parents"] = {child: node for node in descendants(context.module) for child in children(node)}
    return context.cache["parents"]


def _used_in_loss(node: cst.CSTNode, parents: dict) -> bool:
    """Direct operand of ``+``/``*``/``/`` (numerator), right side of ``+=``, or ``x.backward()``.

    Arithmetic that ends in ``print(...)``, a logging call (``writer.add_scalar``,
    ``self.log``, ``logger.info``), ``.item()`` or an f-string is a logged value,
    not a loss (``print(l2 / n)``).
    """
    parent = parents.get(node)
    if isinstance(parent, cst.BinaryOperation):
        if isinstance(parent.operator, (cst.Add, cst.Multiply)):
            return not _only_logged(parent, parents)
        if isinstance(parent.operator, cst.Divide):
            return parent.left is node and not _only_logged(parent, parents)
        return False
    if isinstance(parent, cst.AugAssign):
        return parent.value is node and isinstance(parent.operator, (cst.AddAssign, cst.MultiplyAssign))
    if isinstance(parent, cst.Attribute) and parent.attr.value == "backward":
        return isinstance(parents.get(parent), cst.Call)
    return False


def _only_logged(expression: cst.BaseExpression, parents: dict) -> bool:
    """Whether the arithmetic around ``expression`` is only printed, logged, ``.item()``-ed or formatted.

    Also inside a dict or list handed to a logging call (``wandb.log({"l2": wd * l2})``),
    and turned into a Python number (``float(wd * l2)``), which no loss can use.
    """
    top = expression
    while isinstance(parents.get(top), (cst.BinaryOperation, cst.UnaryOperation)):
        top = parents[top]
    holder = parents.get(top)
    while isinstance(holder, _CONTAINER_PARTS):
        top, holder = holder, parents.get(holder)
    if isinstance(holder, cst.Attribute):
        return holder.attr.value == "item"
    if isinstance(holder, cst.FormattedStringExpression):
        return True
    if isinstance(holder, cst.Arg):
        call = parents.get(holder)
        if not isinstance(call, cst.Call):
            return False
        if isinstance(call.func, cst.Name):
            return call.func.value in ("print", "float", "int")
        func = call.func
        return (
            isinstance(func, cst.Attribute)
            and func.attr.value in _LOGGING_METHODS
            # ``torch.log(...)`` is a logarithm, not a logger.
            and not (isinstance(func.value, cst.Name) and func.value.value in _MATH_MODULES)
        )
    return False


def _name_used_in_loss(name: str, scope: Scope, parents: dict, exclude: set) -> bool:
    """Whether ``name`` is used in a loss anywhere in its scope (nested scopes skipped)."""
    return any(
        isinstance(node, cst.Name) and node.value == name and node not in exclude and _used_in_loss(node, parents)
        for node in _nodes_of_scope(scope)
    )


def _nodes_of_scope(scope: Scope):
    """The nodes of ``scope``'s own body, not those of the functions, classes and lambdas in it."""
    stack = list(children(scope.node))
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        yield node
        stack.extend(children(node))


def _assigned_name(node: cst.CSTNode, parents: dict) -> str | None:
    parent = parents.get(node)
    if isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is node:
        targets = [t.target for t in parent.targets] if isinstance(parent, cst.Assign) else [parent.target]
        if len(targets) == 1 and isinstance(targets[0], cst.Name):
            return targets[0].value
    return None


def _value_goes_into_loss(node: cst.CSTNode, scope: Scope, parents: dict) -> bool:
    """Used in a loss right here, or bound to a name that its scope uses in a loss."""
    if _used_in_loss(node, parents):
        return True
    name = _assigned_name(node, parents)
    return name is not None and _name_used_in_loss(name, scope, parents, set())


def _goes_into_loss(call: cst.Call, scope: Scope, context: FileContext) -> bool:
    parents = _parents(context)
    if _value_goes_into_loss(call, scope, parents):
        return True
    name = _assigned_name(call, parents)
    if name is not None:
        return _name_returned(name, scope) and _returned_into_loss(scope, context)
    return isinstance(parents.get(call), cst.Return) and _returned_into_loss(scope, context)


# -- helpers that return the penalty ------------------------------------------


def _name_returned(name: str, scope: Scope) -> bool:
    """Whether the function of ``scope`` has ``return name`` (nested scopes skipped)."""
    return scope.kind == "function" and any(
        isinstance(node, cst.Return) and isinstance(node.value, cst.Name) and node.value.value == name
        for node in _nodes_of_scope(scope)
    )


def _returned_into_loss(scope: Scope, context: FileContext) -> bool:
    """Whether a caller in this file puts the helper's return value into a loss.

    The helper is a function called by its name from where it is visible, or a
    method called as ``self.name(...)`` inside its class, or on an instance
    (``model.l2_penalty()``) when no other function in the file has its name;
    one level only.
    """
    function = scope.node
    owner = scope.parent
    if scope.kind != "function" or not isinstance(function, cst.FunctionDef) or owner is None:
        return False
    name = function.name.value
    if len(owner.bindings.get(name, ())) != 1:
        return False  # rebound: the name may not call this function
    on_instances = owner.kind == "class" and _function_names(context)[name] == 1
    parents = _parents(context)
    for call, call_scope in context.scopes.calls:
        if _calls_helper(call, call_scope, name, owner, on_instances) and _value_goes_into_loss(
            call, call_scope, parents
        ):
            return True
    return False


def _function_names(context: FileContext) -> Counter:
    """How many functions and methods of the file have each name (built once, when needed)."""
    if "function_names" not in context.cache:
        context.cache["function_names"] = Counter(
            node.name.value for node in descendants(context.module) if isinstance(node, cst.FunctionDef)
        )
    return context.cache["function_names"]


def _calls_helper(call: cst.Call, call_scope: Scope, name: str, owner: Scope, on_instances: bool) -> bool:
    func = call.func
    if owner.kind == "class":
        if not (isinstance(func, cst.Attribute) and func.attr.value == name):
            return False
        if not (isinstance(func.value, cst.Name) and func.value.value == "self"):
            return on_instances  # ``model.l2_penalty()``: the file's only ``l2_penalty``
        scope = call_scope.parent
        while scope is not None and scope is not owner:
            scope = scope.parent
        return scope is owner
    return isinstance(func, cst.Name) and func.value == name and call_scope.lookup(name) is owner


# -- accumulating loops -------------------------------------------------------


def _accumulations(
    body: cst.BaseSuite, variable: str, scope: Scope, loop_names: frozenset[str]
) -> Iterator[tuple[cst.CSTNode, cst.BaseExpression]]:
    """(statement, accumulator target) for ``acc += TERM`` / ``acc = acc + TERM`` in a loop body.

    Looks into ``if p.requires_grad:`` blocks, and into both branches of an
    ``if`` that does not look at the parameter or its name (``if acc is
    None:``); any other filter means the penalty does not cover all parameters.
    """
    statements = list(body.body) if isinstance(body, cst.IndentedBlock) else [body]
    for statement in statements:
        if isinstance(statement, cst.If):
            if statement.orelse is None and is_requires_grad_test(statement.test, variable):
                yield from _accumulations(statement.body, variable, scope, loop_names)
            elif not any(_mentions(statement.test, name) for name in loop_names):
                branch = statement
                while isinstance(branch, cst.If):
                    yield from _accumulations(branch.body, variable, scope, loop_names)
                    branch = branch.orelse
                    if isinstance(branch, cst.If) and any(_mentions(branch.test, name) for name in loop_names):
                        break
                if isinstance(branch, cst.Else):
                    yield from _accumulations(branch.body, variable, scope, loop_names)
            continue
        if not isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            continue
        for small in statement.body:
            if isinstance(small, cst.AugAssign) and isinstance(small.operator, cst.AddAssign):
                if is_l2_term(small.value, variable, scope):
                    yield small, small.target
            elif isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                value = small.value
                if (
                    isinstance(target, cst.Name)
                    and isinstance(value, cst.BinaryOperation)
                    and isinstance(value.operator, cst.Add)
                ):
                    for own, term in ((value.left, value.right), (value.right, value.left)):
                        if _is_variable(own, target.value) and is_l2_term(term, variable, scope):
                            yield small, target


def _accumulating_loop(loop: cst.For, scope: Scope, context: FileContext) -> cst.BaseExpression | None:
    kind = flat_parameters(loop.iter, scope)
    if kind is None:
        return None
    variable = _loop_variable(loop.target, kind)
    if variable is None:
        return None
    loop_names = frozenset(name.value for name in descendants(loop.target) if isinstance(name, cst.Name))
    for statement, target in _accumulations(loop.body, variable, scope, loop_names):
        term = statement.value
        if isinstance(statement, cst.Assign):
            term = statement.value.right if _is_variable(statement.value.left, target.value) else statement.value.left
        if _is_scaled_term(term, variable, scope):
            return loop.iter
        if isinstance(target, cst.Name):
            parents = _parents(context)
            exclude = _names_inside(loop)
            if _name_used_in_loss(target.value, scope, parents, exclude):
                return loop.iter
            if _name_returned(target.value, scope) and _returned_into_loss(scope, context):
                return loop.iter
    return None


def _names_inside(node: cst.CSTNode) -> set:
    return {name for name in descendants(node) if isinstance(name, cst.Name)}
