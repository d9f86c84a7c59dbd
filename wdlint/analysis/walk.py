"""A fast read-only traversal of libcst trees.

libcst's ``node.visit(visitor)`` rebuilds every node on the way back up (it is
the transformer path), which costs about as much as parsing.  Linting only
reads, so this walker iterates the syntactic child fields directly, skipping
whitespace and punctuation, with an explicit stack (no recursion limit on
long ``a + b + ...`` chains).  Handlers are ``visit_<Type>(node)`` (return
False to skip the children) and ``leave_<Type>(node)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import libcst as cst

# Fields that hold only whitespace, comments or punctuation tokens.
_NOT_SYNTAX = frozenset(
    {
        "lpar",
        "rpar",
        "leading_lines",
        "lines_after_decorators",
        "comma",
        "semicolon",
        "equal",
        "colon",
        "header",
        "footer",
        "newline",
        "operator",
        "dot",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "trailing_whitespace",
        "asynchronous",
        "attr",  # the name after a dot is not a variable
        "keyword",  # nor is an argument keyword
    }
)

_FIELDS: dict[type, tuple[str, ...]] = {}


def _syntax_fields(cls: type) -> tuple[str, ...]:
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = tuple(
            f.name for f in dataclasses.fields(cls) if f.name not in _NOT_SYNTAX and "whitespace" not in f.name
        )
        _FIELDS[cls] = fields
    return fields


def children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Syntactic children of ``node`` in source order."""
    for name in _syntax_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (tuple, list)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


def descendants(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and everything below it, depth first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))


class Walker:
    """Subclass with ``visit_<Type>`` / ``leave_<Type>`` methods, then call ``walk``."""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._handler_cache = {}

    def _handlers(self, node_type: type):
        handlers = self._handler_cache.get(node_type)
        if handlers is None:
            name = node_type.__name__
            handlers = (getattr(type(self), f"visit_{name}", None), getattr(type(self), f"leave_{name}", None))
            self._handler_cache[node_type] = handlers
        return handlers

    def walk(self, root: cst.CSTNode) -> None:
        leave_marker = object()
        stack: list = [root]
        while stack:
            item = stack.pop()
            if item is leave_marker:
                node, leave = stack.pop()
                leave(self, node)
                continue
            visit, leave = self._handlers(type(item))
            if visit is not None and visit(self, item) is False:
                continue
            if leave is not None:
                stack.append((item, leave))
                stack.append(leave_marker)
            stack.extend(reversed(list(children(item))))
