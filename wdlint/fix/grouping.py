"""WD102 fixes: split flat parameters into a decay and a no-decay group.

``fix-style = "inline"`` (no dependency) turns the flat expression ``E`` into

    [{"params": [p for p in E if p.ndim >= 2]},
     {"params": [p for p in E if p.ndim < 2], "weight_decay": 0.0}]

keeping what ``E`` says: a comprehension keeps its ``requires_grad`` filter
(the shape test is added to it), ``named_parameters()`` pairs stay pairs,
``list(...)`` around it goes (the comprehension is a list already).  When
``E`` is a group's ``"params"`` the group is split into two groups with the
same other keys.  The optimizer's own ``weight_decay`` stays for the decay
group.  ``fix-style = "helper"`` writes ``wdlint.param_groups(model)`` where
``E`` is plainly ``model.parameters()`` (or a requires_grad-filtered form:
the helper leaves frozen parameters out itself), else falls back to inline.
"""

from __future__ import annotations


from collections import defaultdict

import libcst as cst

from wdlint.analysis.flat import ParamKind
from wdlint.analysis.scopes import is_builtin, resolve_dotted
from wdlint.fix.edits import FixContext
from wdlint.fix.layout import (
    Indentation,
    append_item,
    can_explode,
    comments_in,
    explode,
    formatter_layout,
    insert_item,
    is_multi_line,
    items_of,
    joined,
    max_line,
    render,
    with_comment_lines,
)
from wdlint.source import has_line_break

DECAY = ">="
NO_DECAY = "<"
_HELPER_MODULE = "wdlint"
_PLACEHOLDER = "__wdlint_placeholder_{}__"
#: Key of the per-pass group splits in ``FixContext.shared``.
_SPLITS = "wdlint.fix.grouping.splits"


def plan_flat_fix(context: FixContext, detail) -> str | None:
    """Register the edit that splits one flat parameters expression; a reason string when it cannot.

    ``detail`` is a WD102 ``FlatParameters``.  A group's split is collected
    per group list and written by one edit of the list at the end of the pass.
    """
    style, decay_embeddings = context.fix_style, context.decay_embeddings
    if detail.group is not None:
        element = context.parent(detail.group.node)
        container = context.parent(element) if element is not None else None
        if not isinstance(element, cst.Element) or not isinstance(container, (cst.List, cst.Tuple)):
            return "the param group is not written in a list"
        index = next(i for i, e in enumerate(container.elements) if e is element)
        splits = context.shared.setdefault(_SPLITS, defaultdict(dict))
        splits[container][index] = detail
        context.at_end(_plan_group_splits)
        return None
    params = detail.params
    params_on_one_line, inner_comments = joined(params)
    if style == "helper" and not inner_comments:
        receiver = helper_receiver(params, detail.branch.scope)
        if receiver is not None and _helper_name_free(detail):
            context.imports_to_add.append((_HELPER_MODULE, None, None))
            helper_length = len(render(_helper_call(receiver, decay_embeddings)))
            _explode_owner_for_helper(context, _owning_call(detail), params, helper_length)
            context.edit(params, lambda updated: _helper_call(receiver, decay_embeddings))
            return None
    quote = context.quote()
    kind = detail.kind
    new_length = len(render(_direct_groups(params_on_one_line, kind, quote)))
    owner = _owning_call(detail)
    if owner is not None:
        _explode_owner_if_needed(context, owner, params, new_length)
    one_line_params = context.is_one_line(params)
    if owner is not None and owner in context.exploded_calls:
        at = context.exploded_calls[owner].deeper()
        width = len(at.line) + new_length + 1
    else:
        at = context.indentation(params, replaced=True)
        width = context.width_around(params, new_length) if one_line_params else max_line() + 1
    lay_out = (width > max_line() and not context.moves_suppressed(params)) or bool(inner_comments)
    comment = None
    if lay_out and one_line_params and owner not in context.exploded_calls:
        comment = context.take_trailing_comment(params)
    if inner_comments:
        # A comment ending the expression's first line stays there (a noqa above all); the others
        # go, once, on their own lines above the groups.
        first_line = context.start_line(params)
        inside = context.comments_inside(params)
        comment = next((text for line, text in inside if line == first_line), None)
        inner_comments = [text for line, text in inside if line != first_line]

    def replace(updated: cst.BaseExpression) -> cst.BaseExpression:
        groups = _direct_groups(joined(updated)[0], kind, quote)
        if not lay_out:
            return groups
        # Comments from inside a multi-line expression: once, above the groups.
        return with_comment_lines(explode(groups, at, comment), inner_comments, at)

    context.edit(params, replace)
    return None


def _explode_owner_if_needed(context: FixContext, owner: cst.Call, node: cst.BaseExpression, new_length: int) -> None:
    """Lay the call out one argument per line when hugging ``node``'s new list would read badly.

    ``node`` (the parameters, or a group list) becomes a multi-line list.
    Written in place, the call's other arguments follow its closing bracket
    (``], lr=1e-3, ...)``): fine when that line is short, not when it would
    still pass ``max_line()``, nor when they sit on later lines aligned with
    the call's bracket.  Then the call gets black's layout (not when it
    holds a comment that layout would lose: one ending its first line goes
    after its bracket).
    """
    if owner in context.exploded_calls or not can_explode(owner) or not context.is_one_line(node):
        return
    if context.moves_suppressed(owner):
        return
    if context.width_around(node, new_length) <= max_line():
        return  # the new list stays on the call's line
    where = context.positions[node]
    if context.is_one_line(owner):
        rest = context.line_text(where.end.line)[where.end.column :]
        rest = _without_trailing_comment(rest)
        if len(context.indentation(node).line) + len("]") + len(rest) <= max_line() and not formatter_layout():
            return
        comment = context.take_trailing_comment(owner)
    else:
        first = items_of(owner)[0]
        # Under a formatter, arguments that shared one line of a broken call go one per line too.
        own_lines = is_multi_line(owner) and not formatter_layout()
        if first.value is not node or own_lines or context.positions[owner].end.line == where.end.line:
            return
        # Only a comment ending the first line may be inside: it goes after the call's bracket.
        if len(comments_in(owner)) > context.has_trailing_comment(node):
            return
        comment = context.take_trailing_comment(node)
    at = context.indentation(owner)
    context.exploded_calls[owner] = at
    context.edit(owner, lambda updated: explode(updated, at, comment))


def _explode_owner_for_helper(
    context: FixContext, owner: cst.Call | None, params: cst.BaseExpression, helper_length: int
) -> None:
    """black's layout for a one-line call that ``wdlint.param_groups(model)`` pushes past ``max_line()``."""
    if owner is None or owner in context.exploded_calls or not context.is_one_line(owner):
        return
    if not can_explode(owner) or context.moves_suppressed(owner):
        return
    if context.width_around(params, helper_length) <= max_line():
        return
    at = context.indentation(owner)
    comment = context.take_trailing_comment(owner)
    context.exploded_calls[owner] = at
    context.edit(owner, lambda updated: explode(updated, at, comment))


def _without_trailing_comment(rest: str) -> str:
    """``rest`` cut at its first ``#``, the whitespace before it too (a regex ``\\s*#`` is quadratic on a long blank run)."""
    index = rest.find("#")
    return rest if index < 0 else rest[:index].rstrip()


def _plan_group_splits(context: FixContext) -> None:
    """One edit per param-group list: every flat group becomes two, laid out in the list's style."""
    for container, details in context.shared.get(_SPLITS, {}).items():
        quote = context.quote()
        multi_line = is_multi_line(container)
        # Estimate the new list from the original nodes to decide the layout.
        estimate = _split_list(container, details, quote, {}, {})
        arg = context.parent(container)
        owner = context.parent(arg) if isinstance(arg, cst.Arg) else None
        if isinstance(owner, cst.Call):
            _explode_owner_if_needed(context, owner, container, len(render(estimate)))
        exploded = _exploded_call_of(context, container)
        if exploded is not None:
            at = exploded.deeper()
            width = len(at.line) + len(render(estimate)) + 1
        else:
            at = context.indentation(container)
            width = context.width_around(container, len(render(estimate))) if context.is_one_line(container) else None
        lay_out = (
            not multi_line
            and can_explode(container)
            and (width is None or width > max_line())
            and not context.moves_suppressed(container)
        )
        comment = context.take_trailing_comment(container) if lay_out and exploded is None else None
        explode_groups: dict[tuple[int, int], Indentation] = {}
        # Comments inside a multi-line "params" value: kept once, above the decay group's first key.
        group_comments = {
            index: (comments_in(detail.params), context.indentation(container.elements[index].value))
            for index, detail in details.items()
            if detail.params is not None and comments_in(detail.params)
        }
        if multi_line:
            for index, detail in details.items():
                group = container.elements[index].value
                group_at = context.indentation(group)
                # A group not laid out one key per line (its "params" may span lines, it
                # holds no other comment): each half stays on one line if it fits.
                own_comments = len(comments_in(group)) - len(comments_in(detail.params))
                if not is_multi_line(group) and not own_comments:
                    for half, new_group in enumerate(_split_group(group, detail, quote)):
                        text = render(new_group)
                        too_long = has_line_break(text) or len(group_at.line) + len(text) + 1 > max_line()
                        if too_long and can_explode(new_group):
                            explode_groups[index, half] = group_at

        def change(
            updated, details=details, lay_out=lay_out, at=at, comment=comment, explode_groups=explode_groups,
            group_comments=group_comments,
        ):
            updated = _split_list(updated, details, quote, explode_groups, group_comments)
            return explode(updated, at, comment) if lay_out else updated

        context.edit(container, change)


def _split_list(container, details: dict, quote: str, explode_groups, group_comments):
    for index in sorted(details, reverse=True):
        element = items_of(container)[index]
        decay_group, no_decay_group = _split_group(element.value, details[index], quote)
        if (index, 0) in explode_groups:
            decay_group = explode(decay_group, explode_groups[index, 0])
        if index in group_comments:
            decay_group = with_comment_lines(decay_group, *group_comments[index])
        if (index, 1) in explode_groups:
            no_decay_group = explode(no_decay_group, explode_groups[index, 1])
        items = items_of(container)
        items[index] = element.with_changes(value=decay_group)
        container = container.with_changes(elements=items)
        container = insert_item(container, index, cst.Element(value=no_decay_group))
    return container


def _split_group(group: cst.BaseExpression, detail, quote: str):
    """The decay and no-decay copies of a group dict (literal or ``dict(...)`` call)."""
    zero = cst.Float("0.0")
    if isinstance(group, cst.Dict):
        params_index = _dict_key_index(group, "params")
        params = joined(group.elements[params_index].value)[0]
        decay = _set_dict_value(group, params_index, split_parameters(params, detail.kind, DECAY))
        no_decay = _set_dict_value(group, params_index, split_parameters(params, detail.kind, NO_DECAY))
        decay_index = _dict_key_index(group, "weight_decay")
        if decay_index is not None:
            no_decay = _set_dict_value(no_decay, decay_index, zero)
        else:
            no_decay = append_item(
                no_decay,
                cst.DictElement(key=cst.SimpleString(f"{quote}weight_decay{quote}"), value=zero),
            )
        return decay, no_decay
    params_index = _call_keyword_index(group, "params")
    params = joined(group.args[params_index].value)[0]
    decay = _set_arg_value(group, params_index, split_parameters(params, detail.kind, DECAY))
    no_decay = _set_arg_value(group, params_index, split_parameters(params, detail.kind, NO_DECAY))
    decay_index = _call_keyword_index(group, "weight_decay")
    if decay_index is not None:
        no_decay = _set_arg_value(no_decay, decay_index, zero)
    else:
        no_decay = append_item(
            no_decay,
            cst.Arg(
                keyword=cst.Name("weight_decay"),
                value=zero,
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
                ),
            ),
        )
    return decay, no_decay


def _dict_key_index(group: cst.Dict, key: str) -> int | None:
    found = None
    for index, element in enumerate(group.elements):
        if isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString):
            if element.key.evaluated_value == key:
                found = index
    return found


def _call_keyword_index(group: cst.Call, key: str) -> int | None:
    found = None
    for index, arg in enumerate(group.args):
        if arg.keyword is not None and arg.keyword.value == key:
            found = index
    return found


def _set_dict_value(group: cst.Dict, index: int, value: cst.BaseExpression) -> cst.Dict:
    elements = list(group.elements)
    elements[index] = elements[index].with_changes(value=value)
    return group.with_changes(elements=elements)


def _set_arg_value(group: cst.Call, index: int, value: cst.BaseExpression) -> cst.Call:
    args = list(group.args)
    args[index] = args[index].with_changes(value=value)
    return group.with_changes(args=args)


# -- the split expressions ----------------------------------------------------


def _direct_groups(params: cst.BaseExpression, kind: ParamKind, quote: str) -> cst.List:
    """``[{"params": decay}, {"params": no_decay, "weight_decay": 0.0}]`` on one line."""
    key = f"{quote}params{quote}"
    zero_key = f"{quote}weight_decay{quote}"
    template = cst.parse_expression(
        f"[{{{key}: {_PLACEHOLDER.format(0)}}}, {{{key}: {_PLACEHOLDER.format(1)}, {zero_key}: 0.0}}]"
    )
    return _fill(
        template,
        [split_parameters(params, kind, DECAY), split_parameters(params, kind, NO_DECAY)],
    )


def split_parameters(params: cst.BaseExpression, kind: ParamKind, operator: str) -> cst.BaseExpression:
    """``params`` restricted to ``p.ndim >= 2`` (decay) or ``p.ndim < 2`` (no decay)."""
    if isinstance(params, (cst.ListComp, cst.GeneratorExp)):
        return _extend_comprehension(params, kind, operator)
    if (
        isinstance(params, cst.Call)
        and isinstance(params.func, cst.Name)
        and params.func.value in ("list", "tuple")
        and len(params.args) == 1
        and params.args[0].keyword is None
        and not params.args[0].star
    ):
        return split_parameters(params.args[0].value, kind, operator)
    comprehension = _filter_as_comprehension(params)
    if comprehension is not None:
        return _extend_comprehension(comprehension, kind, operator)
    used = _names_in(params)
    parameter = _fresh("p", used)
    if kind is ParamKind.NAMED:
        name = _fresh("n", used | {parameter})
        template = f"[({name}, {parameter}) for {name}, {parameter} in {_PLACEHOLDER.format(0)} if {parameter}.ndim {operator} 2]"
    else:
        template = f"[{parameter} for {parameter} in {_PLACEHOLDER.format(0)} if {parameter}.ndim {operator} 2]"
    iterable = params
    if isinstance(params, (cst.Lambda, cst.IfExp)) and not params.lpar:
        iterable = params.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return _fill(cst.parse_expression(template), [iterable])


def _filter_as_comprehension(params: cst.BaseExpression) -> cst.ListComp | None:
    """``filter(lambda p: TEST, E)`` as ``[p for p in E if TEST]`` (the shape test joins TEST).

    The analysis calls ``filter`` flat only as the builtin, so the two mean the
    same; kept as ``filter`` when the lambda's name is also used in ``E``.
    """
    if not (
        isinstance(params, cst.Call)
        and isinstance(params.func, cst.Name)
        and params.func.value == "filter"
        and len(params.args) == 2
        and all(arg.keyword is None and not arg.star for arg in params.args)
        and isinstance(params.args[0].value, cst.Lambda)
    ):
        return None
    function, iterable = params.args[0].value, params.args[1].value
    arguments = function.params
    if (
        len(arguments.params) != 1
        or arguments.params[0].default is not None
        or arguments.posonly_params
        or arguments.kwonly_params
        or not isinstance(arguments.star_arg, cst.MaybeSentinel)
        or arguments.star_kwarg is not None
        or function.lpar
    ):
        return None
    name = arguments.params[0].name.value
    if name in _names_in(iterable):
        return None
    body = function.body
    return cst.ListComp(
        elt=cst.Name(name),
        for_in=cst.CompFor(target=cst.Name(name), iter=iterable, ifs=[cst.CompIf(test=body)]),
    )


def _extend_comprehension(comprehension, kind: ParamKind, operator: str) -> cst.ListComp:
    clause = comprehension.for_in
    target = clause.target
    if isinstance(target, cst.Tuple):
        subject = render(target.elements[1].value.with_changes(lpar=[], rpar=[]))
    elif kind is ParamKind.NAMED:
        subject = f"{target.value}[1]"
    else:
        subject = target.value
    condition = cst.parse_expression(f"{subject}.ndim {operator} 2")
    ifs = list(clause.ifs)
    if ifs and not _is_or(ifs[-1].test):
        last = ifs[-1]
        ifs[-1] = last.with_changes(
            test=cst.BooleanOperation(left=last.test, operator=cst.And(), right=condition)
        )
    else:
        ifs.append(cst.CompIf(test=condition))
    clause = clause.with_changes(ifs=ifs)
    if isinstance(comprehension, cst.ListComp):
        return comprehension.with_changes(for_in=clause)
    return cst.ListComp(elt=comprehension.elt, for_in=clause)


def _is_or(test: cst.BaseExpression) -> bool:
    return (isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or) and not test.lpar) or isinstance(
        test, (cst.IfExp, cst.Lambda, cst.NamedExpr)
    )


def _names_in(node: cst.CSTNode) -> set[str]:
    names: set[str] = set()

    class _Names(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            names.add(name.value)

    node.visit(_Names())
    return names


def _fresh(preferred: str, used: set[str]) -> str:
    for candidate in (preferred, {"p": "param", "n": "name"}.get(preferred, preferred)):
        if candidate not in used:
            return candidate
    candidate = preferred
    while candidate in used:
        candidate += "_"
    return candidate


class _Fill(cst.CSTTransformer):
    def __init__(self, values: list[cst.BaseExpression]) -> None:
        super().__init__()
        self._values = {_PLACEHOLDER.format(i): value for i, value in enumerate(values)}

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name):
        return self._values.get(original_node.value, updated_node)


def _fill(template: cst.BaseExpression, values: list[cst.BaseExpression]) -> cst.BaseExpression:
    return template.visit(_Fill(values))


# -- helper style -------------------------------------------------------------


def helper_receiver(params: cst.BaseExpression, scope) -> cst.BaseExpression | None:
    """``model`` when ``params`` is plainly ``model.parameters()`` (or requires_grad-filtered)."""
    if isinstance(params, cst.Call):
        func = params.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("parameters", "named_parameters"):
            return func.value if not params.args else None
        positional = [arg.value for arg in params.args if arg.keyword is None and not arg.star]
        if len(positional) != len(params.args):
            return None
        if (is_builtin(func, scope, "list") or is_builtin(func, scope, "tuple")) and len(positional) == 1:
            return helper_receiver(positional[0], scope)
        if is_builtin(func, scope, "filter") and len(positional) == 2 and isinstance(positional[0], cst.Lambda):
            return helper_receiver(positional[1], scope)
        return None
    if isinstance(params, (cst.ListComp, cst.GeneratorExp)):
        return helper_receiver(params.for_in.iter, scope)
    return None


def _helper_name_free(detail) -> bool:
    bound = resolve_dotted(cst.Name(_HELPER_MODULE), detail.branch.scope)
    return bound in (_HELPER_MODULE, f"builtins.{_HELPER_MODULE}")


def _helper_call(receiver: cst.BaseExpression, decay_embeddings: bool) -> cst.Call:
    policy = "" if decay_embeddings else ", decay_embeddings=False"
    call = cst.parse_expression(f"{_HELPER_MODULE}.param_groups({_PLACEHOLDER.format(0)}{policy})")
    return _fill(call, [receiver.deep_clone()])


def _exploded_call_of(context: FixContext, node: cst.CSTNode) -> Indentation | None:
    """The indentation of the call ``node`` is an argument of, when a fix lays that call out."""
    arg = context.parent(node)
    call = context.parent(arg) if isinstance(arg, cst.Arg) else None
    return context.exploded_calls.get(call) if isinstance(call, cst.Call) else None


def _owning_call(detail) -> cst.Call | None:
    """The call whose argument list holds the parameters expression (the optimizer or its partial)."""
    branch = detail.branch
    for call in (branch.call, branch.reference.partial_call):
        if call is not None and any(arg.value is detail.params for arg in call.args):
            return call
    return None
