"""One pass over the tree: scopes, name bindings, imports, and candidate nodes.

This replaces libcst's ScopeProvider/QualifiedNameProvider, which cost about
ten times the parse (research/perf.md).  It records just what the rules need:
how each name is bound in each function/class/module scope (imports resolve
to qualified names), how list names are mutated, and every call and ``for``
loop together with its scope.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field

import libcst as cst
from libcst.helpers import get_full_name_for_node

from wdlint.analysis.walk import Walker


class BindingKind(enum.Enum):
    ASSIGN = "assign"  # name = value (also annotated, walrus)
    AUGMENT = "augment"  # name op= value
    IMPORT = "import"  # import / from-import; qualified_name may be None (relative)
    PARAMETER = "parameter"
    OTHER = "other"  # loop/with/except targets, unpacking, def/class, del ...


@dataclass(frozen=True)
class Binding:
    kind: BindingKind
    value: cst.BaseExpression | None = None
    qualified_name: str | None = None
    operator: type | None = None  # libcst operator class for AUGMENT


@dataclass(frozen=True)
class Mutation:
    """``name.method(argument)`` or an item assignment on a local name."""

    method: str
    argument: cst.BaseExpression | None
    call: cst.Call | None


@dataclass(eq=False)
class Scope:
    node: cst.CSTNode
    parent: Scope | None
    kind: str  # "module", "function", "class"
    bindings: dict[str, list[Binding]] = field(default_factory=lambda: defaultdict(list))
    mutations: dict[str, list[Mutation]] = field(default_factory=lambda: defaultdict(list))
    global_names: set[str] = field(default_factory=set)

    @property
    def module_scope(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def lookup(self, name: str) -> Scope | None:
        """The scope that binds ``name`` as seen from here (Python's rules), or None (builtin)."""
        if name in self.global_names:
            module = self.module_scope
            return module if name in module.bindings else None
        if name in self.bindings:
            return self
        scope = self.parent
        while scope is not None:
            if scope.kind != "class" and name in scope.bindings:
                return scope
            scope = scope.parent
        return None


def _target_names(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        names = []
        for element in target.elements:
            names += _target_names(element.value)
        return names
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


def _unpacks_item_by_item(target: cst.BaseExpression, value: cst.BaseExpression) -> bool:
    """``a, b = x, y``: a tuple/list target and value of the same length, nothing starred."""
    return (
        isinstance(target, (cst.Tuple, cst.List))
        and isinstance(value, (cst.Tuple, cst.List))
        and len(target.elements) == len(value.elements)
        and not any(isinstance(element, cst.StarredElement) for element in (*target.elements, *value.elements))
    )


class ScopeCollector(Walker):
    """Builds scopes and collects calls and for-loops in one traversal."""

    def __init__(self, star_import_names: dict[str, list[str]]) -> None:
        # module -> names it exports that matter to us, for ``from M import *``.
        self._star_import_names = star_import_names
        self.module_scope: Scope | None = None
        self._stack: list[Scope] = []
        self.calls: list[tuple[cst.Call, Scope]] = []
        self.for_loops: list[tuple[cst.For, Scope]] = []
        self.scope_of_node: dict[cst.CSTNode, Scope] = {}
        #: id(call) -> the loops around it, outermost first: ((target names, iterable, scope), ...);
        #: only for calls inside a for-loop or a comprehension (an optimizer per parameter).
        self.enclosing_loops: dict[int, tuple] = {}
        self._loops: tuple = ()

    # -- scopes --------------------------------------------------------
    @property
    def _scope(self) -> Scope:
        return self._stack[-1]

    def _push(self, node: cst.CSTNode, kind: str) -> None:
        scope = Scope(node, self._stack[-1] if self._stack else None, kind)
        self._stack.append(scope)
        self.scope_of_node[node] = scope

    def _bind(self, name: str, binding: Binding) -> None:
        scope = self._scope
        if name in scope.global_names:
            scope = scope.module_scope
        scope.bindings[name].append(binding)

    def visit_Module(self, node: cst.Module) -> None:
        self._push(node, "module")
        self.module_scope = self._scope

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name.value, Binding(BindingKind.OTHER))
        self._push(node, "function")
        self._bind_parameters(node.params)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._stack.pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._push(node, "function")
        self._bind_parameters(node.params)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._stack.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name.value, Binding(BindingKind.OTHER))
        self._push(node, "class")

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._stack.pop()

    def _bind_parameters(self, params: cst.Parameters) -> None:
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                every.append(star)
        for param in every:
            self._bind(param.name.value, Binding(BindingKind.PARAMETER))

    def visit_Global(self, node: cst.Global) -> None:
        self._scope.global_names.update(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        # Rare in training code: an opaque rebinding here and in the enclosing
        # function that owns the name (``wd = 0.0`` there is reassigned).
        for item in node.names:
            name = item.name.value
            self._bind(name, Binding(BindingKind.OTHER))
            enclosing = [scope for scope in reversed(self._stack[:-1]) if scope.kind == "function"]
            owner = next((scope for scope in enclosing if name in scope.bindings), enclosing[0] if enclosing else None)
            if owner is not None:
                owner.bindings[name].append(Binding(BindingKind.OTHER))

    # -- bindings ------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind_target(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind_target(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        target = node.target
        if isinstance(target, cst.Name):
            self._bind(target.value, Binding(BindingKind.AUGMENT, node.value, operator=type(node.operator)))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        if isinstance(node.target, cst.Name):
            scope = self._scope
            while scope.kind == "class" and scope.parent is not None:
                scope = scope.parent
            scope.bindings[node.target.value].append(Binding(BindingKind.ASSIGN, node.value))

    def _bind_target(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, Binding(BindingKind.ASSIGN, value))
        elif _unpacks_item_by_item(target, value):
            # ``LR, WD = 3e-4, 0.0`` binds each name to its own item, as two assignments would.
            for name_element, value_element in zip(target.elements, value.elements):
                self._bind_target(name_element.value, value_element.value)
        elif isinstance(target, cst.Subscript):
            # ``groups[0] = ...`` and ``groups[0]["weight_decay"] = ...`` both change ``groups``.
            root = target.value
            while isinstance(root, cst.Subscript):
                root = root.value
            if isinstance(root, cst.Name):
                self._scope.mutations[root.value].append(Mutation("setitem", value, None))
        else:
            for name in _target_names(target):
                self._bind(name, Binding(BindingKind.OTHER))

    def visit_For(self, node: cst.For) -> None:
        for name in _target_names(node.target):
            self._bind(name, Binding(BindingKind.OTHER))
        self.for_loops.append((node, self._scope))
        self._loops = (*self._loops, (tuple(_target_names(node.target)), node.iter, self._scope))

    def leave_For(self, original_node: cst.For) -> None:
        self._loops = self._loops[:-1]

    def _enter_comprehension(self, node) -> None:
        clause = node.for_in
        while clause is not None:
            self._loops = (*self._loops, (tuple(_target_names(clause.target)), clause.iter, self._scope))
            clause = clause.inner_for_in

    def _leave_comprehension(self, node) -> None:
        clause = node.for_in
        while clause is not None:
            self._loops = self._loops[:-1]
            clause = clause.inner_for_in

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _enter_comprehension
    leave_ListComp = leave_SetComp = leave_DictComp = leave_GeneratorExp = _leave_comprehension

    def visit_AsName(self, node: cst.AsName) -> None:
        # with-as and except-as (import aliases are handled by the import visitors)
        for name in _target_names(node.name):
            self._bind(name, Binding(BindingKind.OTHER))

    def visit_Del(self, node: cst.Del) -> None:
        for name in _target_names(node.target):
            self._bind(name, Binding(BindingKind.OTHER))

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        if node.name is not None:
            self._bind(node.name.value, Binding(BindingKind.OTHER))

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        if node.name is not None:
            self._bind(node.name.value, Binding(BindingKind.OTHER))

    # -- imports -------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            dotted = alias.evaluated_name
            if alias.asname is not None:
                self._bind(alias.evaluated_alias, Binding(BindingKind.IMPORT, qualified_name=dotted))
            else:
                top = dotted.split(".", 1)[0]
                self._bind(top, Binding(BindingKind.IMPORT, qualified_name=top))
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        module = get_full_name_for_node(node.module) if node.module is not None else None
        if node.relative:
            module = None
        if isinstance(node.names, cst.ImportStar):
            for name in self._star_import_names.get(module or "", ()):
                self._bind(name, Binding(BindingKind.IMPORT, qualified_name=f"{module}.{name}"))
            return False
        for alias in node.names:
            qualified = f"{module}.{alias.evaluated_name}" if module else None
            local = alias.evaluated_alias or alias.evaluated_name
            self._bind(local, Binding(BindingKind.IMPORT, qualified_name=qualified))
        return False

    # -- candidates ----------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append((node, self._scope))
        if self._loops:
            self.enclosing_loops[id(node)] = self._loops
        func = node.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            argument = node.args[0].value if len(node.args) == 1 and not node.args[0].star else None
            self._scope.mutations[func.value.value].append(Mutation(func.attr.value, argument, node))


def collect(module: cst.Module, star_import_names: dict[str, list[str]]) -> ScopeCollector:
    collector = ScopeCollector(star_import_names)
    collector.walk(module)
    return collector


# -- name resolution ---------------------------------------------------------

_MAX_DEPTH = 12


def resolve_dotted(expr: cst.BaseExpression, scope: Scope, depth: int = 0) -> str | None:
    """Qualified name of a Name/Attribute chain through imports, or None (unknown).

    Unbound names resolve to ``builtins.<name>``.  A name bound by imports and
    plain assignments to other dotted names (``opt_mod = torch.optim``) is
    followed when every binding names the same thing (``import torch.optim as
    optim`` and, in a branch, ``optim = torch.optim``).
    """
    if depth > _MAX_DEPTH:
        return None
    if isinstance(expr, cst.Name):
        owner = scope.lookup(expr.value)
        if owner is None:
            return f"builtins.{expr.value}"
        names: set[str | None] = set()
        for binding in owner.bindings[expr.value]:
            if binding.kind is BindingKind.IMPORT:
                names.add(binding.qualified_name)
            elif binding.kind is BindingKind.ASSIGN and isinstance(binding.value, (cst.Name, cst.Attribute)):
                names.add(resolve_dotted(binding.value, owner, depth + 1))
            else:
                return None
        return names.pop() if len(names) == 1 else None
    if isinstance(expr, cst.Attribute):
        base = resolve_dotted(expr.value, scope, depth + 1)
        return f"{base}.{expr.attr.value}" if base is not None else None
    return None


def is_builtin(expr: cst.BaseExpression, scope: Scope, name: str) -> bool:
    return isinstance(expr, cst.Name) and expr.value == name and scope.lookup(name) is None


