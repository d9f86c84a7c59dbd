"""WD101 fixes: ``Adam`` -> ``AdamW``; ``NAdam``/``RAdam`` -> ``decoupled_weight_decay=True``.

Adam and AdamW take the same positional arguments (params, lr, betas, eps,
weight_decay, amsgrad; ``tests/test_fix_cases.py`` holds that against
``inspect.signature``), so a rename keeps every positional argument's
meaning.  Two keyword details keep the meaning too: AdamW does not take
``decoupled_weight_decay`` (an explicit ``False`` is dropped), and AdamW's
default decay is 0.01, not Adam's 0, so a call that relied on the default
(its decay came from a param group) gets ``weight_decay=0.0`` spelled out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.helpers import get_full_name_for_node

from wdlint.analysis.context import RawFinding
from wdlint.analysis.optimizer_calls import OptimizerBranch
from wdlint.analysis.scopes import BindingKind, resolve_dotted
from wdlint.analysis.values import Decay
from wdlint.fix.edits import FixContext
from wdlint.fix.layout import append_item, explode, insert_item, items_of, max_line, remove_item, render


def plan_coupled_fix(context: FixContext, finding: RawFinding) -> str | None:
    """Register the edits for one WD101 finding; a reason string when it cannot be fixed."""
    branch: OptimizerBranch = finding.detail
    spec = branch.spec
    reference = branch.reference
    call = reference.partial_call or branch.call
    leading = 1 if reference.partial_call is not None else 0  # partial(cls, ...): args[0] is the class
    added: list[cst.Arg] = []
    dropped: list[str] = []
    flipped_keyword: str | None = None
    flipped_position: int | None = None
    if spec.wd101_fix == "rename":
        replacement = context.table.get(spec.decoupled_replacement)
        if replacement is None:
            return f"no `{spec.decoupled_replacement}` in the optimizer table"
        renamed = _decoupled_reference(context, branch, replacement)
        if renamed is None:
            return f"cannot name `{replacement.name}` here"
        context.edit(reference.expression, renamed)
        flag = spec.decoupled_flag.name if spec.decoupled_flag is not None else None
        if flag is not None and _keyword(call, flag) is not None and (
            replacement.decoupled_flag is None or replacement.decoupled_flag.name != flag
        ):
            dropped.append(flag)  # AdamW takes no decoupled_weight_decay
        if branch.weight_decay is None and branch.decay is Decay.ZERO and replacement.default_weight_decay != 0:
            added.append(_keyword_arg("weight_decay", cst.Float("0.0")))
    elif spec.wd101_fix == "flag":
        flag = spec.decoupled_flag.name
        if _keyword(call, flag) is not None:
            flipped_keyword = flag
        else:
            position = spec.decoupled_flag.position
            positional = [arg for arg in call.args[leading:] if not arg.star and arg.keyword is None]
            if position is not None and position < len(positional):
                flipped_position = position
            else:
                added.append(_keyword_arg(flag, cst.Name("True")))
    else:
        return f"`{spec.name}` has no decoupled mode"

    at = None
    comment = None
    if added and context.is_one_line(call):
        extra = sum(len(", " + render(arg)) for arg in added) + 1
        too_long = context.width_around(call, len(render(call)) + extra) > max_line()
        if too_long and _explodable(call) and not context.moves_suppressed(call):
            at = context.indentation(call)
            comment = context.take_trailing_comment(call)
            context.exploded_calls[call] = at

    def change_call(updated: cst.Call) -> cst.Call:
        for name in dropped:
            index = _keyword_index(updated, name)
            if index is not None:
                updated = remove_item(updated, index)
        if flipped_keyword is not None:
            index = _keyword_index(updated, flipped_keyword)
            updated = _set_arg_value(updated, index, cst.Name("True"))
        if flipped_position is not None:
            index = _positional_index(updated, flipped_position, leading)
            updated = _set_arg_value(updated, index, cst.Name("True"))
        for arg in added:
            updated = append_item(updated, arg)
        if at is not None:
            updated = explode(updated, at, comment)
        return updated

    if dropped or flipped_keyword or flipped_position is not None or added:
        context.edit(call, change_call)
    return None


def _explodable(call: cst.Call) -> bool:
    return not any(isinstance(arg.value, cst.GeneratorExp) and not arg.value.lpar for arg in call.args)


def _keyword_arg(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )


def _keyword(call: cst.Call, name: str) -> cst.Arg | None:
    index = _keyword_index(call, name)
    return call.args[index] if index is not None else None


def _keyword_index(call: cst.Call, name: str) -> int | None:
    for index, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == name:
            return index
    return None


def _positional_index(call: cst.Call, position: int, leading: int) -> int:
    seen = -1
    for index, arg in enumerate(call.args):
        if index < leading or arg.star or arg.keyword is not None:
            continue
        seen += 1
        if seen == position:
            return index
    raise LookupError(position)


def _set_arg_value(call: cst.Call, index: int, value: cst.BaseExpression) -> cst.Call:
    args = items_of(call)
    old = args[index].value
    args[index] = args[index].with_changes(value=value.with_changes(lpar=old.lpar, rpar=old.rpar))
    return call.with_changes(args=args)


def _dotted(text: str) -> cst.BaseExpression:
    return cst.parse_expression(text)


def _decoupled_reference(context: FixContext, branch: OptimizerBranch, replacement):
    """An edit that makes the class reference name ``replacement`` (AdamW), with imports kept right.

    In order of preference: the same module attribute (``optim.Adam`` ->
    ``optim.AdamW``); the same root (``torch.optim.adam.Adam`` ->
    ``torch.optim.AdamW``); a name already bound to AdamW; a new
    ``from torch.optim import AdamW``; ``torch.optim.AdamW``; an alias.
    """
    expression = branch.reference.expression
    scope = branch.scope
    module_name, _, class_name = replacement.qualified_name.rpartition(".")
    accepted = {replacement.qualified_name, *replacement.aliases}
    root_module = module_name.split(".", 1)[0]

    def keep_parens(new: cst.BaseExpression):
        return lambda updated: new.with_changes(lpar=updated.lpar, rpar=updated.rpar)

    if isinstance(expression, cst.Attribute):
        if resolve_dotted(expression.value, scope) == module_name:
            return lambda updated: updated.with_changes(attr=cst.Name(class_name))
        root = expression.value
        while isinstance(root, cst.Attribute):
            root = root.value
        if isinstance(root, cst.Name) and resolve_dotted(root, scope) == root_module:
            return keep_parens(_dotted(f"{root.value}{replacement.qualified_name[len(root_module):]}"))
    elif isinstance(expression, cst.Name):
        site = _import_site(branch, expression)
        if site is not None and scope.lookup(class_name) is None:
            # Decided once every reference is known (plan_imports): rename in place or add beside.
            places, owner = site
            key = tuple((id(statement), index) for statement, index in places)
            planned = context.import_sites.setdefault(key, _ImportSite(places, owner, module_name, class_name, branch))
            planned.references.append(expression)
            return keep_parens(cst.Name(class_name))
        _forget_import(context, branch, expression)

    bound = resolve_dotted(cst.Name(class_name), scope)
    if bound in accepted:
        return keep_parens(cst.Name(class_name))
    if scope.lookup(class_name) is None:
        context.imports_to_add.append((module_name, class_name, None))
        return keep_parens(cst.Name(class_name))
    if resolve_dotted(cst.Name(root_module), scope) == root_module:
        return keep_parens(_dotted(replacement.qualified_name))
    if scope.lookup(root_module) is None:
        context.imports_to_add.append((root_module, None, None))
        return keep_parens(_dotted(replacement.qualified_name))
    alias = f"Torch{class_name}"
    while scope.lookup(alias) is not None:
        alias += "_"
    context.imports_to_add.append((module_name, class_name, alias))
    return keep_parens(cst.Name(alias))


def _forget_import(context: FixContext, branch: OptimizerBranch, name: cst.Name) -> None:
    """Ask for the ``from ... import Adam`` of ``name`` to go if nothing else uses it."""
    owner = branch.scope.lookup(name.value)
    if owner is None:
        return
    bindings = owner.bindings[name.value]
    if not bindings or any(binding.kind is not BindingKind.IMPORT for binding in bindings):
        return
    for binding in bindings:
        qualified = binding.qualified_name
        if qualified is None or "." not in qualified:
            continue
        module, _, obj = qualified.rpartition(".")
        context.imports_to_remove.append((module, obj, name.value if name.value != obj else None))


@dataclass
class _ImportSite:
    """The ``from ... import`` aliases that bind a name a WD101 fix replaces, and the references renamed.

    Usually one; several when every branch of an ``if``/``try`` imports it.
    """

    places: list[tuple[cst.ImportFrom, int]]
    #: The function or module whose body holds the imports.
    owner: cst.CSTNode
    module_name: str
    class_name: str
    branch: OptimizerBranch
    references: list[cst.Name] = field(default_factory=list)

    @property
    def local_name(self) -> str:
        statement, index = self.places[0]
        alias = statement.names[index]
        return alias.evaluated_alias or alias.evaluated_name


def _import_site(branch: OptimizerBranch, name: cst.Name):
    """``(places, owner)``: the from-import aliases that are all the bindings of ``name``, else None."""
    owner = branch.scope.lookup(name.value)
    if owner is None or not isinstance(owner.node, (cst.FunctionDef, cst.Module)):
        return None
    bindings = owner.bindings[name.value]
    if not bindings or any(binding.kind is not BindingKind.IMPORT for binding in bindings):
        return None
    places = [
        (statement, index)
        for statement in _imports_in(owner.node.body if isinstance(owner.node, cst.FunctionDef) else owner.node)
        for index, alias in enumerate(statement.names)
        if (alias.evaluated_alias or alias.evaluated_name) == name.value
    ]
    return (places, owner.node) if len(places) == len(bindings) else None


def plan_imports(context: FixContext) -> None:
    """Imports for the renamed references, once all of a pass's WD101 fixes are planned.

    When the fixes rename every use of ``Adam`` (and no string names it, as
    ``__all__`` would), its import is renamed in place: ``from torch.optim
    import Adam  # note`` -> ``from torch.optim import AdamW  # note``, every
    byte around kept (``torch.optim.adam`` becomes ``torch.optim`` when it is
    the statement's only name).  Otherwise ``AdamW`` is imported beside it
    and the old name goes only if unused.
    """
    if not context.import_sites:
        return
    uses = _name_uses(context.module)
    # Names are matched across scopes (a function's own ``Adam`` too): every use renamed, or none in place.
    renamed: dict[str, set[int]] = {}
    for site in context.import_sites.values():
        renamed.setdefault(site.local_name, set()).update(id(reference) for reference in site.references)
    imported_in_place: set[tuple[int, str]] = set()
    for site in context.import_sites.values():
        local = site.local_name
        unused = all(id(use) in renamed[local] for use in uses.names.get(local, ())) and local not in uses.strings
        owner = (id(site.owner), site.class_name)
        renamable = all(_same_module(statement, site.module_name) or len(statement.names) == 1 for statement, _ in site.places)
        if unused and renamable and owner not in imported_in_place:
            for statement, index in site.places:
                _rename_in_place(context, statement, index, site.module_name, site.class_name)
            imported_in_place.add(owner)
            continue
        _forget_import(context, site.branch, site.references[0])
        if owner in imported_in_place:
            continue  # the same block imports the new name already (another import renamed)
        beside = [_import_beside(context, statement, index, site.module_name, site.class_name) for statement, index in site.places]
        if not all(beside):
            context.imports_to_add.append((site.module_name, site.class_name, None))


def _same_module(statement: cst.ImportFrom, module_name: str) -> bool:
    return not statement.relative and statement.module is not None and get_full_name_for_node(statement.module) == module_name


def _rename_in_place(context: FixContext, statement: cst.ImportFrom, index: int, module_name: str, class_name: str) -> None:
    same_module = _same_module(statement, module_name)

    def rename(updated: cst.ImportFrom) -> cst.ImportFrom:
        names = list(updated.names)
        names[index] = names[index].with_changes(name=cst.Name(class_name), asname=None)
        updated = updated.with_changes(names=names)
        return updated if same_module else updated.with_changes(module=cst.parse_expression(module_name), relative=[])

    context.edit(statement, rename)


def _import_beside(context: FixContext, statement: cst.ImportFrom, index: int, module_name: str, class_name: str) -> bool:
    """Import the new name where a block imports the name it replaces; False at a module's top level.

    ``from torch.optim import Adam`` inside a function (or an ``if``/``try``)
    gets ``AdamW`` added to it (``from torch.optim import Adam, AdamW``; the
    old name goes later if unused); another module's import
    (``torch.optim.adam``) gets a new import line right after it.  A
    module's top-level imports are left to ``_fix_imports``.
    """
    line = context.parent(statement)
    block = context.parent(line) if line is not None else None
    if isinstance(block, cst.Module):
        return False  # a module's top-level imports: _fix_imports puts the new name beside the old
    if _same_module(statement, module_name):
        context.edit(statement, lambda updated: insert_item(updated, index, cst.ImportAlias(name=cst.Name(class_name))))
        return True
    if not isinstance(line, cst.SimpleStatementLine) or not isinstance(block, cst.IndentedBlock):
        return False
    position = next(i for i, child in enumerate(block.body) if child is line)
    new_line = cst.parse_statement(f"from {module_name} import {class_name}\n")
    context.edit(
        block, lambda updated: updated.with_changes(body=[*updated.body[: position + 1], new_line, *updated.body[position + 1 :]])
    )
    return True


@dataclass
class _Uses:
    names: dict[str, list[cst.Name]] = field(default_factory=dict)
    strings: set[str] = field(default_factory=set)


def _name_uses(module: cst.Module) -> _Uses:
    """Every ``Name`` that refers to a variable (not an attribute, keyword or import), and every string."""
    uses = _Uses()

    class _Collect(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            uses.names.setdefault(node.value, []).append(node)

        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            value = node.evaluated_value
            if isinstance(value, str):
                uses.strings.add(value)

        def visit_Import(self, node: cst.Import) -> bool:
            return False

        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            return False

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)
            return False

        def visit_Arg(self, node: cst.Arg) -> bool:
            node.value.visit(self)
            return False

    module.visit(_Collect())
    return uses


def _imports_in(body: cst.BaseSuite) -> list[cst.ImportFrom]:
    """The ``from ... import`` statements of a body, not of the functions and classes in it."""
    found: list[cst.ImportFrom] = []

    class _Imports(cst.CSTVisitor):
        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            if not isinstance(node.names, cst.ImportStar):
                found.append(node)

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

    body.visit(_Imports())
    return found
