"""Edit a call's arguments: drop a keyword, set an argument, add a keyword.

Collected first, then registered as one edit of the call, so the changes
compose with any other edit inside it (a rename of its callee).  A one-line
call that an added keyword pushes past the line length is laid out one
argument per line, as black would.
"""

from __future__ import annotations

import libcst as cst

from wdlint.fix.edits import FixContext
from wdlint.analysis.code import render
from wdlint.fix.layout import append_item, explode, items_of, max_line, remove_item


class ArgumentEdits:
    def __init__(self, call: cst.Call, leading: int = 0) -> None:
        self.call = call
        #: Positional arguments before the callee's own (``partial(cls, ...)``: 1).
        self.leading = leading
        self._dropped: list[str] = []
        self._set_keyword: list[tuple[str, str]] = []
        self._set_position: list[tuple[int, str]] = []
        self._added: list[cst.Arg] = []

    def drop_keyword(self, name: str) -> None:
        if keyword_index(self.call, name) is not None:
            self._dropped.append(name)

    def add_keyword(self, name: str, value: str) -> None:
        self._added.append(keyword_arg(name, cst.parse_expression(value)))

    def set_argument(self, name: str, position: int | None, value: str) -> None:
        """Set the argument ``name`` (at ``position`` when passed positionally), adding it as a keyword if absent."""
        if keyword_index(self.call, name) is not None:
            self._set_keyword.append((name, value))
            return
        positional = [arg for arg in self.call.args[self.leading :] if not arg.star and arg.keyword is None]
        if position is not None and position < len(positional):
            self._set_position.append((position, value))
        else:
            self.add_keyword(name, value)

    def register(self, context: FixContext) -> None:
        if not (self._dropped or self._set_keyword or self._set_position or self._added):
            return
        call = self.call
        at = None
        comment = None
        if self._added and context.is_one_line(call):
            extra = sum(len(", " + render(arg)) for arg in self._added) + 1
            too_long = context.width_around(call, len(render(call)) + extra) > max_line()
            if too_long and _explodable(call) and not context.moves_suppressed(call):
                at = context.indentation(call)
                comment = context.take_trailing_comment(call)
                context.exploded_calls[call] = at
        dropped, set_keyword, set_position, added, leading = (
            self._dropped, self._set_keyword, self._set_position, self._added, self.leading
        )

        def change_call(updated: cst.Call) -> cst.Call:
            for name in dropped:
                index = keyword_index(updated, name)
                if index is not None:
                    updated = remove_item(updated, index)
            for name, value in set_keyword:
                updated = _set_arg_value(updated, keyword_index(updated, name), cst.parse_expression(value))
            for position, value in set_position:
                updated = _set_arg_value(updated, _positional_index(updated, position, leading), cst.parse_expression(value))
            for arg in added:
                updated = append_item(updated, arg)
            if at is not None:
                updated = explode(updated, at, comment)
            return updated

        context.edit(call, change_call)


def _explodable(call: cst.Call) -> bool:
    return not any(isinstance(arg.value, cst.GeneratorExp) and not arg.value.lpar for arg in call.args)


def keyword_arg(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )


def keyword_index(call: cst.Call, name: str) -> int | None:
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
