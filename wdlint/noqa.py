"""``# noqa`` handling, matching flake8 exactly so CLI and plugin agree.

The comment must sit on the physical line where a finding starts (or on any
line of the token range holding it: a backslash continuation, a multi-line
string, as flake8 reads it); codes match
by prefix (``# noqa: WD1`` covers WD101).  A line starting with ``# flake8:
noqa`` skips the whole file, as flake8 does; flake8 (7.x) skips it even when
codes follow (``# flake8: noqa: E501``), so the CLI does too.
"""

from __future__ import annotations

import io
import re
import tokenize

# flake8's own NOQA_INLINE_REGEXP and NOQA_FILE (flake8/defaults.py).
_NOQA_INLINE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
_CODE_SPLIT = re.compile(r"[,\s]")


def file_is_skipped(lines: list[str]) -> bool:
    """True for a file-level ``# flake8: noqa`` (flake8's ``NOQA_FILE``, matched at line start)."""
    return any(_NOQA_FILE.match(line) for line in lines)


def is_suppressed(physical_line: str, code: str) -> bool:
    """Whether ``physical_line`` carries a noqa comment covering ``code``."""
    if "noqa" not in physical_line.lower():
        return False
    match = _NOQA_INLINE.search(physical_line)
    if match is None:
        return False
    codes_text = match.group("codes")
    if codes_text is None:
        return True
    codes = tuple(c for c in _CODE_SPLIT.split(codes_text) if c)
    return code in codes or code.startswith(codes)


def comment_lines(text: str, lines: list[str]) -> list[str]:
    """Per physical line, the text flake8 searches for its ``# noqa`` comment.

    flake8 reads the comment on a finding's physical line, except where one
    token range spans several lines (a backslash continuation, a multi-line
    string): every line of the range then shares the whole range's text, so
    ``# noqa`` after the closing line covers a finding on the first.
    """
    if "noqa" not in text.lower():
        return lines
    mapped = list(lines)
    first = last = None
    try:
        # Lines as ``split_lines`` splits them (universal newlines, as flake8 reads files).
        for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first = token.start[0] if first is None else min(first, token.start[0])
            last = token.end[0] if last is None else max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                if last > first:
                    joined = "\n".join(lines[first - 1 : last])
                    mapped[first - 1 : last] = [joined] * len(mapped[first - 1 : last])
                first = last = None
    except (tokenize.TokenError, SyntaxError):
        return lines  # flake8 falls back to the physical line too
    return mapped


def suppressed(diagnostics: list, text: str, lines: list[str]) -> list:
    """The diagnostics a ``# noqa`` comment covers (by the token range of the line each starts on)."""
    if not diagnostics or "noqa" not in text.lower():
        return []
    mapped = comment_lines(text, lines)
    return [d for d in diagnostics if is_suppressed(mapped[d.line - 1] if 0 < d.line <= len(mapped) else "", d.code)]
