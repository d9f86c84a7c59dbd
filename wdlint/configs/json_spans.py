"""A JSON reader that keeps where every value sits in the text.

``json`` gives values without positions; a fix that must leave every byte
outside one edited value unchanged (a notebook cell's ``"source"``, a
DeepSpeed ``"type"``) needs the span of that value, and findings point at
keys.  Strings and numbers are read by the ``json`` module's own scanners, so
what is accepted is what ``json.loads`` accepts (plus nothing).
"""

from __future__ import annotations

import json.decoder
import json.scanner
from dataclasses import dataclass, field

_WHITESPACE = " \t\n\r"


class JSONSpanError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class JSONNode:
    """A value and its span (character offsets, end exclusive)."""

    kind: str  # "object", "array", "string", "number", "literal"
    start: int
    end: int
    #: Python value for scalars; for an object a list of (key node, value node); for an array a list of nodes.
    value: object = None
    items: list = field(default_factory=list)


def parse_with_spans(text: str) -> JSONNode:
    reader = _Reader(text)
    position = reader.skip(0)
    node, position = reader.value(position)
    position = reader.skip(position)
    if position != len(text):
        raise JSONSpanError("extra data after the JSON value", position)
    return node


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text

    def skip(self, position: int) -> int:
        text = self.text
        while position < len(text) and text[position] in _WHITESPACE:
            position += 1
        return position

    def value(self, position: int, depth: int = 0) -> tuple[JSONNode, int]:
        text = self.text
        if depth > 500:
            raise JSONSpanError("too deeply nested", position)
        if position >= len(text):
            raise JSONSpanError("unexpected end of data", position)
        char = text[position]
        if char == '"':
            try:
                value, end = json.decoder.scanstring(text, position + 1, True)
            except json.JSONDecodeError as error:
                raise JSONSpanError(error.msg, error.pos) from None
            return JSONNode("string", position, end, value), end
        if char == "{":
            return self.object(position, depth)
        if char == "[":
            return self.array(position, depth)
        for word, literal in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, position):
                return JSONNode("literal", position, position + len(word), literal), position + len(word)
        match = json.scanner.NUMBER_RE.match(text, position)
        if match is None:
            raise JSONSpanError("expecting a value", position)
        integer, fraction, exponent = match.groups()
        number = float(match.group()) if fraction or exponent else int(integer)
        return JSONNode("number", position, match.end(), number), match.end()

    def object(self, start: int, depth: int) -> tuple[JSONNode, int]:
        text = self.text
        node = JSONNode("object", start, start)
        position = self.skip(start + 1)
        if text.startswith("}", position):
            node.end = position + 1
            return node, node.end
        while True:
            if not text.startswith('"', position):
                raise JSONSpanError("expecting a property name in double quotes", position)
            key, position = self.value(position, depth + 1)
            position = self.skip(position)
            if not text.startswith(":", position):
                raise JSONSpanError("expecting ':' delimiter", position)
            value, position = self.value(self.skip(position + 1), depth + 1)
            node.items.append((key, value))
            position = self.skip(position)
            if text.startswith(",", position):
                position = self.skip(position + 1)
                continue
            if text.startswith("}", position):
                node.end = position + 1
                return node, node.end
            raise JSONSpanError("expecting ',' delimiter", position)

    def array(self, start: int, depth: int) -> tuple[JSONNode, int]:
        text = self.text
        node = JSONNode("array", start, start)
        position = self.skip(start + 1)
        if text.startswith("]", position):
            node.end = position + 1
            return node, node.end
        while True:
            value, position = self.value(position, depth + 1)
            node.items.append(value)
            position = self.skip(position)
            if text.startswith(",", position):
                position = self.skip(position + 1)
                continue
            if text.startswith("]", position):
                node.end = position + 1
                return node, node.end
            raise JSONSpanError("expecting ',' delimiter", position)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
