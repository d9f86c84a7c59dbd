"""Whitespace for rewritten code: what a person would have typed.

libcst keeps every byte of the nodes we do not touch; this module builds the
whitespace of the nodes we do.  Three operations cover every fix:

* ``append_item`` / ``insert_item`` add an argument, list element or dict
  entry in the container's own style (one per line stays one per line, a
  trailing comma stays, a comment stays on its line) — TorchFix's
  unindented ``weights_only=True)`` is the bug this avoids;
* ``explode`` lays a one-line container out one item per line, one indent
  unit deeper than its line, with a trailing comma (black's shape), when the
  line would pass the project's line length (``max_line()``);
* ``relative`` turns an absolute indentation into libcst's, which counts
  from the enclosing block.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import libcst as cst

from wdlint.analysis.code import render
from wdlint.formatting import DEFAULT_LINE_LENGTH
from wdlint.source import has_line_break

_LINE_LENGTH: ContextVar[int] = ContextVar("wdlint_line_length", default=DEFAULT_LINE_LENGTH)
_QUOTE: ContextVar[str | None] = ContextVar("wdlint_quote", default=None)
_FORMATTER_LAYOUT: ContextVar[bool] = ContextVar("wdlint_formatter_layout", default=False)


def max_line() -> int:
    """The line length fixes lay out to: the project's formatter's (see ``formatting``)."""
    return _LINE_LENGTH.get()


def preferred_quote() -> str | None:
    """The quote the project's formatter enforces, or None to follow the file's own usage."""
    return _QUOTE.get()


def formatter_layout() -> bool:
    """True where the project runs ruff format or black: never hug a call's brackets.

    Without a formatter a fix may keep a call's other arguments after a new
    multi-line list (``], lr=1e-3)``), as people often write; black and ruff
    never do, and would rewrite that line.
    """
    return _FORMATTER_LAYOUT.get()


@contextmanager
def formatting(
    line_length: int = DEFAULT_LINE_LENGTH, quote: str | None = None, formatter: bool = False
) -> Iterator[None]:
    """Lay out the fixes made inside the block for this line length, quote and formatter.

    ``wdlint fix`` reads them from the project's formatter configuration
    (``wdlint.config.Settings.line_length`` / ``quote`` / ``formatter``), so
    that a file the formatter accepted before the fix still passes after it.
    """
    tokens = (_LINE_LENGTH.set(line_length), _QUOTE.set(quote), _FORMATTER_LAYOUT.set(formatter))
    try:
        yield
    finally:
        for variable, token in zip((_LINE_LENGTH, _QUOTE, _FORMATTER_LAYOUT), tokens):
            variable.reset(token)


Container = cst.Call | cst.List | cst.Tuple | cst.Dict | cst.Set | cst.ImportFrom


def is_one_line(node: cst.CSTNode) -> bool:
    return not has_line_break(render(node))


@dataclass(frozen=True)
class Indentation:
    """Where a rewritten expression's lines start."""

    #: Absolute indentation of the line the expression starts on.
    line: str
    #: Indentation libcst adds itself (the enclosing blocks).
    block: str
    #: The file's indent unit.
    unit: str

    def deeper(self) -> Indentation:
        return Indentation(self.line + self.unit, self.block, self.unit)


def relative(absolute: str, block: str) -> tuple[str, bool]:
    """libcst's (last_line, indent) for a continuation line at ``absolute`` columns."""
    if absolute.startswith(block):
        return absolute[len(block) :], True
    return absolute, False


def newline_to(absolute: str, block: str, comment: str | None = None) -> cst.ParenthesizedWhitespace:
    """A line break followed by ``absolute`` indentation (optionally after a comment)."""
    last_line, indent = relative(absolute, block)
    first_line = cst.TrailingWhitespace(
        whitespace=cst.SimpleWhitespace("  " if comment else ""),
        comment=cst.Comment(comment) if comment else None,
    )
    return cst.ParenthesizedWhitespace(
        first_line=first_line, empty_lines=[], indent=indent, last_line=cst.SimpleWhitespace(last_line)
    )


def _has_newline(whitespace: cst.BaseParenthesizableWhitespace | cst.MaybeSentinel) -> bool:
    return isinstance(whitespace, cst.ParenthesizedWhitespace)


# -- container access ---------------------------------------------------------


def items_of(node: Container) -> list:
    if isinstance(node, cst.ImportFrom):
        return list(node.names)
    return list(node.args if isinstance(node, cst.Call) else node.elements)


def with_items(node: Container, items: list) -> Container:
    if isinstance(node, cst.ImportFrom):
        return node.with_changes(names=items)
    return node.with_changes(args=items) if isinstance(node, cst.Call) else node.with_changes(elements=items)


def _opening(node: Container):
    if isinstance(node, cst.ImportFrom):
        return node.lpar.whitespace_after if node.lpar else cst.SimpleWhitespace("")
    if isinstance(node, cst.Call):
        return node.whitespace_before_args
    if isinstance(node, cst.Tuple):
        return node.lpar[0].whitespace_after if node.lpar else cst.SimpleWhitespace("")
    if isinstance(node, cst.List):
        return node.lbracket.whitespace_after
    return node.lbrace.whitespace_after


def _closing(node: Container):
    """Whitespace before the closing bracket (Call: after the last argument)."""
    if isinstance(node, cst.ImportFrom):
        return node.rpar.whitespace_before if node.rpar else None
    if isinstance(node, cst.Call):
        return None
    if isinstance(node, cst.Tuple):
        return node.rpar[-1].whitespace_before if node.rpar else None
    if isinstance(node, cst.List):
        return node.rbracket.whitespace_before
    return node.rbrace.whitespace_before


def _set_opening(node: Container, whitespace) -> Container:
    if isinstance(node, cst.Call):
        return node.with_changes(whitespace_before_args=whitespace)
    if isinstance(node, cst.Tuple):
        return node.with_changes(lpar=[node.lpar[0].with_changes(whitespace_after=whitespace), *node.lpar[1:]])
    if isinstance(node, cst.List):
        return node.with_changes(lbracket=node.lbracket.with_changes(whitespace_after=whitespace))
    return node.with_changes(lbrace=node.lbrace.with_changes(whitespace_after=whitespace))


def _set_closing(node: Container, whitespace) -> Container:
    if isinstance(node, cst.ImportFrom):
        return node.with_changes(rpar=node.rpar.with_changes(whitespace_before=whitespace)) if node.rpar else node
    if isinstance(node, cst.Call):
        return node
    if isinstance(node, cst.Tuple):
        return node.with_changes(rpar=[*node.rpar[:-1], node.rpar[-1].with_changes(whitespace_before=whitespace)])
    if isinstance(node, cst.List):
        return node.with_changes(rbracket=node.rbracket.with_changes(whitespace_before=whitespace))
    return node.with_changes(rbrace=node.rbrace.with_changes(whitespace_before=whitespace))


def is_multi_line(node: Container) -> bool:
    """Whether the container already puts its items on their own lines."""
    return _has_newline(_opening(node))


def _without_comment(whitespace):
    if isinstance(whitespace, cst.ParenthesizedWhitespace) and whitespace.first_line.comment is not None:
        return whitespace.with_changes(first_line=cst.TrailingWhitespace())
    return whitespace


def _line_break_only(whitespace):
    """``whitespace`` as a copy for another place: its line break and indentation, none of its comments or blank lines."""
    if isinstance(whitespace, cst.ParenthesizedWhitespace):
        return whitespace.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])
    return whitespace


def _separator(node: Container, items: list) -> cst.Comma:
    """The comma (and whitespace) that separates two items of this container."""
    for item in items[:-1]:
        if isinstance(item.comma, cst.Comma):
            return item.comma.with_changes(whitespace_after=_line_break_only(item.comma.whitespace_after))
    opening = _opening(node)
    if isinstance(opening, cst.ParenthesizedWhitespace):
        return cst.Comma(
            whitespace_after=cst.ParenthesizedWhitespace(
                first_line=cst.TrailingWhitespace(),
                empty_lines=[],
                indent=opening.indent,
                last_line=opening.last_line,
            )
        )
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def _trailing_comment(whitespace) -> cst.TrailingWhitespace | None:
    if isinstance(whitespace, cst.ParenthesizedWhitespace) and whitespace.first_line.comment is not None:
        return whitespace.first_line
    return None


def append_item(node: Container, new_item) -> Container:
    """Add ``new_item`` after the last item, in the container's style."""
    items = items_of(node)
    if not items:
        return with_items(node, [new_item])
    return insert_item(node, len(items) - 1, new_item)


def insert_item(node: Container, after: int, new_item) -> Container:
    """Insert ``new_item`` right after ``items[after]``, in the container's style.

    A comment at the end of the line of ``items[after]`` stays on that line.
    """
    items = items_of(node)
    previous = items[after]
    separator = _separator(node, items)
    is_last = after == len(items) - 1
    if not is_last:
        # The previous item's comma already leads to the next item's line.
        new_item = new_item.with_changes(comma=previous.comma.with_changes(
            whitespace_after=_line_break_only(previous.comma.whitespace_after)))
        items.insert(after + 1, new_item)
        return with_items(node, items)
    closing = _closing(node)
    # A comment ending the previous item's line stays at the end of that line: after the
    # separator when the new item starts a line of its own, else after the new item.
    breaks = isinstance(separator.whitespace_after, cst.ParenthesizedWhitespace)
    comment = None
    new_comma = cst.MaybeSentinel.DEFAULT
    if isinstance(previous.comma, cst.Comma):
        comment = _trailing_comment(previous.comma.whitespace_after)
        new_comma = previous.comma
        if breaks:
            new_comma = previous.comma.with_changes(whitespace_after=_without_comment(previous.comma.whitespace_after))
    if comment is None and closing is not None:
        comment = _trailing_comment(closing)
        if comment is not None and breaks:
            node = _set_closing(node, _without_comment(closing))
    if isinstance(previous, cst.Arg) and not isinstance(previous.comma, cst.Comma):
        after_arg = previous.whitespace_after_arg
        if comment is None:
            comment = _trailing_comment(after_arg)
        new_item = new_item.with_changes(whitespace_after_arg=_without_comment(after_arg) if breaks else after_arg)
        previous = previous.with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))
    if comment is not None and breaks:
        separator = separator.with_changes(whitespace_after=separator.whitespace_after.with_changes(first_line=comment))
    items[after] = previous.with_changes(comma=separator)
    items.insert(after + 1, new_item.with_changes(comma=new_comma))
    return with_items(node, items)


def remove_item(node: Container, index: int) -> Container:
    """Drop ``items[index]``; the trailing comma and closing layout stay as they were.

    A comment ending the removed item's line (a ``# noqa`` above all) stays
    on that line: the line break that carried it moves to the item before
    (or to the opening bracket).
    """
    items = items_of(node)
    removed = items.pop(index)
    carried = removed.comma.whitespace_after if isinstance(removed.comma, cst.Comma) else None
    if _trailing_comment(carried) is not None and index < len(items):
        if index == 0:
            if _trailing_comment(_opening(node)) is None:
                node = _set_opening(node, carried)
        else:
            previous = items[index - 1]
            if isinstance(previous.comma, cst.Comma) and _trailing_comment(previous.comma.whitespace_after) is None:
                items[index - 1] = previous.with_changes(comma=previous.comma.with_changes(whitespace_after=carried))
    if index == len(items) and items:
        previous = items[-1]
        between = previous.comma.whitespace_after if isinstance(previous.comma, cst.Comma) else None
        comma = removed.comma
        closing = getattr(removed, "whitespace_after_arg", None)
        if not isinstance(comma, cst.Comma) and _holds_comments(between) and isinstance(closing, cst.ParenthesizedWhitespace):
            # The removed last argument had no comma: the one before keeps its own, so the comments
            # after it (on its line, and own-line ones before the removed argument) stay, and the
            # closing bracket keeps its line.
            items[-1] = previous.with_changes(comma=previous.comma.with_changes(
                whitespace_after=_joined(between, closing)))
            return with_items(node, items)
        if isinstance(comma, cst.Comma) and _holds_comments(between) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
            comma = comma.with_changes(whitespace_after=_joined(between, comma.whitespace_after))
        changes = {"comma": comma}
        if isinstance(previous, cst.Arg):
            changes["whitespace_after_arg"] = removed.whitespace_after_arg
        items[-1] = previous.with_changes(**changes)
    return with_items(node, items)


def _holds_comments(whitespace) -> bool:
    return isinstance(whitespace, cst.ParenthesizedWhitespace) and (
        whitespace.first_line.comment is not None or any(line.comment is not None for line in whitespace.empty_lines)
    )


def _joined(before: cst.ParenthesizedWhitespace, after: cst.ParenthesizedWhitespace) -> cst.ParenthesizedWhitespace:
    """The line break after a removed last item, keeping the comments of the one before it.

    ``before`` follows the comma of the item that stays; ``after`` ends the
    removed item (its line's comment, own-line comments, the closing
    bracket's indentation).  Both lines' comments are kept: the staying
    item's on its line, the removed item's on a line of its own.
    """
    first_line = before.first_line if before.first_line.comment is not None else after.first_line
    empty_lines = list(before.empty_lines)
    if first_line is before.first_line and after.first_line.comment is not None:
        # On a line of its own, indented as the removed item was.
        empty_lines.append(cst.EmptyLine(indent=before.indent, whitespace=before.last_line, comment=after.first_line.comment))
    empty_lines += after.empty_lines
    return after.with_changes(first_line=first_line, empty_lines=empty_lines)


def explode(node: Container, at: Indentation, opening_comment: str | None = None) -> Container:
    """One item per line, one unit deeper than ``at.line``, trailing comma, bracket back at ``at.line``.

    Items that would still pass ``max_line()`` are laid out the same way, one level deeper.
    """
    inner = at.deeper()
    items = items_of(node)
    laid_out = []
    for position, item in enumerate(items):
        last = position == len(items) - 1
        value = item.value
        if isinstance(value, (cst.List, cst.Dict, cst.Call, cst.Tuple)) and is_one_line(value) and items_of(value):
            if len(inner.line) + len(render(value)) + 1 > max_line() and can_explode(value):
                value = explode(value, inner)
        elif isinstance(value, cst.ListComp) and is_one_line(value):
            if len(inner.line) + len(render(item.with_changes(comma=cst.MaybeSentinel.DEFAULT))) + 1 > max_line():
                value = wrap_comprehension(value, inner)
        if last:
            if isinstance(node, cst.Call):
                comma = cst.Comma(whitespace_after=newline_to(at.line, at.block))
            else:
                comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(""))
        else:
            comma = cst.Comma(whitespace_after=newline_to(inner.line, inner.block))
        changes = {"value": value, "comma": comma}
        if isinstance(item, cst.Arg):
            changes["whitespace_after_arg"] = cst.SimpleWhitespace("")
        laid_out.append(item.with_changes(**changes))
    node = with_items(node, laid_out)
    node = _set_opening(node, newline_to(inner.line, inner.block, opening_comment))
    return _set_closing(node, newline_to(at.line, at.block))


def wrap_comprehension(comprehension: cst.ListComp, at: Indentation) -> cst.ListComp:
    """black's layout of a long list comprehension whose line starts at ``at.line``.

    The body goes on its own line, one unit deeper; if it is still too
    long, each ``for`` and ``if`` starts a line.
    """
    inner = at.deeper()
    body = render(comprehension.with_changes(lbracket=cst.LeftSquareBracket(), rbracket=cst.RightSquareBracket()))[1:-1]
    comprehension = comprehension.with_changes(
        lbracket=comprehension.lbracket.with_changes(whitespace_after=newline_to(inner.line, inner.block)),
        rbracket=comprehension.rbracket.with_changes(whitespace_before=newline_to(at.line, at.block)),
    )
    if len(inner.line) + len(body) <= max_line():
        return comprehension

    def broken(clause: cst.CompFor) -> cst.CompFor:
        ifs = [test.with_changes(whitespace_before=newline_to(inner.line, inner.block)) for test in clause.ifs]
        nested = broken(clause.inner_for_in) if clause.inner_for_in is not None else None
        return clause.with_changes(
            whitespace_before=newline_to(inner.line, inner.block), ifs=ifs, inner_for_in=nested
        )

    return comprehension.with_changes(for_in=broken(comprehension.for_in))


def with_comment_lines(node: Container, comments: list[str], at: Indentation) -> Container:
    """``node`` with ``comments`` on their own lines above its first item (laid out one per line if it is not)."""
    if not is_multi_line(node):
        node = explode(node, at)
    opening = _opening(node)
    lines = [
        cst.EmptyLine(indent=opening.indent, whitespace=opening.last_line, comment=cst.Comment(comment))
        for comment in comments
    ]
    return _set_opening(node, opening.with_changes(empty_lines=[*opening.empty_lines, *lines]))


def can_explode(node: Container) -> bool:
    """A trailing comma is not allowed after a bare generator argument or ``*args`` in old grammars."""
    if isinstance(node, cst.Tuple) and not node.lpar:
        return False
    if isinstance(node, cst.Call):
        return not any(isinstance(arg.value, cst.GeneratorExp) and not arg.value.lpar for arg in node.args)
    return bool(items_of(node))


# -- joining a multi-line expression -----------------------------------------------

#: Whitespace that is empty when a line break there is removed (``[`` then an item, an item then ``,``).
_TIGHT_FIELDS = {
    cst.LeftSquareBracket: ("whitespace_after",),
    cst.LeftCurlyBrace: ("whitespace_after",),
    cst.LeftParen: ("whitespace_after",),
    cst.RightSquareBracket: ("whitespace_before",),
    cst.RightCurlyBrace: ("whitespace_before",),
    cst.RightParen: ("whitespace_before",),
    cst.Call: ("whitespace_before_args",),
    cst.Arg: ("whitespace_after_arg",),
    cst.Comma: ("whitespace_before",),
    cst.Dot: ("whitespace_before", "whitespace_after"),
}


def _breaks_line(whitespace) -> bool:
    return isinstance(whitespace, cst.ParenthesizedWhitespace) or (
        isinstance(whitespace, cst.SimpleWhitespace) and has_line_break(whitespace.value)
    )


class _Join(cst.CSTTransformer):
    def __init__(self) -> None:
        super().__init__()
        self.comments: list[str] = []

    def on_leave(self, original_node, updated_node):
        if isinstance(original_node, cst.ParenthesizedWhitespace):
            lines = [original_node.first_line, *original_node.empty_lines]
            self.comments += [line.comment.value for line in lines if line.comment is not None]
            return cst.SimpleWhitespace(" ")
        if isinstance(original_node, cst.SimpleWhitespace) and has_line_break(original_node.value):
            return cst.SimpleWhitespace(" ")  # a backslash continuation
        tight = {
            name: cst.SimpleWhitespace("")
            for name in _TIGHT_FIELDS.get(type(original_node), ())
            if _breaks_line(getattr(original_node, name))
        }
        if tight:
            updated_node = updated_node.with_changes(**tight)
        if isinstance(original_node, (cst.List, cst.Tuple, cst.Set, cst.Dict, cst.Call)):
            updated_node = _drop_trailing_comma(original_node, updated_node)
        return updated_node


def _drop_trailing_comma(original: Container, updated: Container) -> Container:
    """``[a, b,⏎]`` joined is ``[a, b]`` (a one-element tuple keeps its comma)."""
    items = items_of(updated)
    if not items or not isinstance(items[-1].comma, cst.Comma) or not _breaks_line(items_of(original)[-1].comma.whitespace_after):
        return updated
    if isinstance(updated, cst.Tuple) and len(items) == 1:
        comma = items[-1].comma.with_changes(whitespace_after=cst.SimpleWhitespace(""))
    else:
        comma = cst.MaybeSentinel.DEFAULT
    items[-1] = items[-1].with_changes(comma=comma)
    return with_items(updated, items)


def joined(node: cst.BaseExpression) -> tuple[cst.BaseExpression, list[str]]:
    """``node`` on one line (black's spacing), and the comments that were inside it.

    A fix that writes an expression twice (the decay and no-decay halves)
    writes it joined: indentation written for its old place would be wrong
    in the new one, and its comments would be doubled (the caller keeps
    them once).
    """
    if is_one_line(node):
        return node, []
    join = _Join()
    return node.visit(join), join.comments


def comments_in(node: cst.CSTNode) -> list[str]:
    """The comments inside an expression (between its lines)."""
    return joined(node)[1] if isinstance(node, cst.BaseExpression) else []
