"""Source files as Python reads them: bytes, encoding, text, lines.

One place for what check, fix and every surface must agree on: the PEP 263
coding header or BOM decides the encoding (``tokenize.detect_encoding``,
what the interpreter uses), lines end at CRLF, CR or LF (a form feed is no
line break, whatever ``str.splitlines`` says), and a fixed text goes back to
bytes in the file's own encoding.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import Counter

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Undecodable(Exception):
    """Why bytes are not source text, and where (1-based line and column)."""

    def __init__(self, reason: str, line: int = 1, column: int = 1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column


def split_lines(text: str) -> list[str]:
    """Lines as Python numbers them, without their line breaks (no empty last line)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def has_line_break(text: str) -> bool:
    """Whether ``text`` spans lines (a CR alone ends a line too: libcst writes a file's other endings as they are)."""
    return "\n" in text or "\r" in text


def line_breaks(text: str) -> int:
    """How many lines ``text`` ends (CRLF, CR or LF, as Python and libcst's positions count them)."""
    return len(_LINE_BREAK.findall(text))


def with_lf_line_breaks(text: str) -> str:
    """``text`` with every line break an LF: the same lines, the same columns."""
    return _LINE_BREAK.sub("\n", text)


def mixed_line_endings(text: str) -> bool:
    """Whether ``text`` mixes CRLF, CR and LF line endings (where libcst's round trip is least faithful)."""
    crlf = text.count("\r\n")
    kinds = (crlf, text.count("\r") - crlf, text.count("\n") - crlf)
    return sum(1 for count in kinds if count) > 1


def comments_of(text: str) -> Counter[str] | None:
    """The comments of ``text`` as Python reads them (lines end at CRLF, CR or LF), or None where it does not tokenize.

    What "every comment kept" compares: each comment's text, as often as it occurs.
    """
    try:
        tokens = tokenize.generate_tokens(io.StringIO("\n".join(split_lines(text)) + "\n").readline)
        return Counter(token.string for token in tokens if token.type == tokenize.COMMENT)
    except (tokenize.TokenError, SyntaxError):
        return None


def encoding_of(source: bytes) -> str:
    """The file's encoding per its BOM or coding header (UTF-8 when they cannot be read)."""
    try:
        return _detect_encoding(source)
    except SyntaxError:
        return "utf-8"


def _detect_encoding(source: bytes) -> str:
    """``tokenize.detect_encoding``, with its first two lines ended as Python ends lines.

    ``detect_encoding`` reads lines at LF only; the interpreter also ends
    them at a lone CR, so a CR-only file's coding header is on its first line.
    """
    head = _FIRST_TWO_LINES.match(source).group(0)
    if b"\r" in head:
        head = head.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return tokenize.detect_encoding(io.BytesIO(head).readline)[0]


_FIRST_TWO_LINES = re.compile(rb"(?:[^\r\n]*(?:\r\n|\r|\n|\Z)){0,2}")


def decode(source: bytes) -> str:
    """Source text per PEP 263 / BOM; raises Undecodable saying why not."""
    if b"\x00" in source:
        raise Undecodable("cannot read: binary file (contains NUL bytes)")
    try:
        encoding = _detect_encoding(source)
    except SyntaxError as error:
        # A bad declaration, or bytes in the first two lines that are not UTF-8.
        line, column = _undecodable_position(source, "utf-8")
        raise Undecodable(f"cannot decode: {error.msg if hasattr(error, 'msg') else error}", line, column) from None
    try:
        return source.decode(encoding)
    except UnicodeDecodeError as error:
        line, column = _undecodable_position(source, encoding)
        raise Undecodable(f"cannot decode as {encoding}: {error}", line, column) from None
    except LookupError as error:
        raise Undecodable(f"cannot decode as {encoding}: {error}") from None


def encode(text: str, original: bytes) -> bytes:
    """``text`` back to bytes in ``original``'s own encoding (coding header or BOM kept)."""
    return text.encode(encoding_of(original))


def _undecodable_position(source: bytes, encoding: str) -> tuple[int, int]:
    """1-based line and column of the first byte that does not decode (else 1, 1).

    Where Python's own "Non-UTF-8 code starting with ... on line N" points.
    """
    if source.startswith(b"\xef\xbb\xbf"):
        source = source[3:]  # utf-8-sig counts offsets after the BOM, and so do columns
    try:
        source.decode(encoding)
        return 1, 1
    except UnicodeDecodeError as error:
        offset = error.start
    before = source[:offset]
    line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    return before.count(b"\n") + before.replace(b"\r\n", b"\n").count(b"\r") + 1, offset - line_start + 1


_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines_keeping_ends(text: str) -> list[str]:
    """Physical lines with their line breaks (CRLF, CR or LF; a form feed breaks nothing)."""
    return _PHYSICAL_LINE.findall(text)
