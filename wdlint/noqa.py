"""``# noqa`` handling, matching flake8 exactly so CLI and plugin agree.

The comment must sit on the physical line where a finding starts (or on any
line of the token range holding it: a backslash continuation, a multi-line
string, as flake8 reads it); codes match
by prefix (``# noqa: WD1`` covers WD101).  A line starting with ``# flake8:
noqa`` skips the whole file, as flake8 does; flake8 (7.x) skips it even when
codes follow (``# flake8: noqa: E501``), so the CLI does too.

wdlint's own file-level directive works as ruff's ``# ruff: noqa``: a line
``# wdlint: noqa`` skips the file, ``# wdlint: noqa: WD102`` suppresses those
codes in the whole file.  flake8 does not know it, so the plugin applies it.

``add_noqa`` writes the comments (``--add-noqa``, the language server's
"ignore" action) where these rules will read them.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

# flake8's own NOQA_INLINE_REGEXP and NOQA_FILE (flake8/defaults.py).
_NOQA_INLINE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
_WDLINT_FILE = re.compile(
    r"\s*#\s*wdlint:\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]*(?:\s*,\s*[A-Z]+[0-9]*|\s+[A-Z]+[0-9]*)*))?\s*$",
    re.IGNORECASE,
)
_CODE_SPLIT = re.compile(r"[,\s]")
_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def file_is_skipped(lines: list[str]) -> bool:
    """True for a file-level ``# flake8: noqa`` (flake8's ``NOQA_FILE``) or a bare ``# wdlint: noqa``."""
    for line in lines:
        if _NOQA_FILE.match(line):
            return True
        if "wdlint" in line:
            match = _WDLINT_FILE.match(line)
            if match is not None and match.group("codes") is None:
                return True
    return False


def file_suppressed_codes(lines: Iterable[str]) -> tuple[str, ...]:
    """The codes of every ``# wdlint: noqa: CODES`` line (ruff's ``# ruff: noqa: F401``)."""
    codes: list[str] = []
    for line in lines:
        if "wdlint" in line:
            match = _WDLINT_FILE.match(line)
            if match is not None and match.group("codes"):
                codes += [c.upper() for c in _CODE_SPLIT.split(match.group("codes")) if c]
    return tuple(codes)


def is_suppressed(physical_line: str, code: str, file_codes: tuple[str, ...] = ()) -> bool:
    """Whether ``physical_line`` carries a noqa comment covering ``code`` (or the file's directive does)."""
    if file_codes and code.startswith(file_codes):
        return True
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
    """The diagnostics a ``# noqa`` comment covers: on the token range of the line each starts on,
    or a file-level ``# wdlint: noqa: CODES``."""
    if not diagnostics or "noqa" not in text.lower():
        return []
    file_codes = file_suppressed_codes(lines) if "wdlint" in text else ()
    mapped = comment_lines(text, lines)
    return [
        d
        for d in diagnostics
        if is_suppressed(mapped[d.line - 1] if 0 < d.line <= len(mapped) else "", d.code, file_codes)
    ]


def add_noqa(text: str, findings: Iterable[tuple[int, str]]) -> tuple[str, int]:
    """``text`` with ``# noqa: CODE`` added for each (1-based line, code); and how many lines changed.

    The comment goes where flake8 reads it: at the end of the finding's line,
    or of the last line of a string or backslash continuation that spans it.
    An existing ``# noqa: X`` gains the code; a bare ``# noqa`` already covers it.
    """
    lines = physical_lines_with_endings(text)
    ends = _range_ends(lines)
    wanted: dict[int, list[str]] = {}
    for line, code in findings:
        if 1 <= line <= len(lines):
            target = ends.get(line, line)
            codes = wanted.setdefault(target, [])
            if code not in codes:
                codes.append(code)
    changed = 0
    for number, codes in sorted(wanted.items()):
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        missing = [code for code in codes if not is_suppressed(body, code)]
        if not missing:
            continue
        match = _NOQA_INLINE.search(body)
        if match is not None and match.group("codes"):
            existing = match.group("codes").rstrip(", \t")
            start = match.start("codes")
            body = body[:start] + existing + ", " + ", ".join(missing) + body[start + len(match.group("codes")):]
        else:
            body = body.rstrip() + f"  # noqa: {', '.join(missing)}"
        lines[number - 1] = body + ending
        changed += 1
    return "".join(lines), changed


def physical_lines_with_endings(text: str) -> list[str]:
    """Lines as Python and LSP count them: broken at CRLF, CR and LF only (not form feeds)."""
    return _PHYSICAL_LINE.findall(text)


def _range_ends(lines: list[str]) -> dict[int, int]:
    """For each line inside a multi-line token range, the range's last line (flake8's grouping)."""
    ends: dict[int, int] = {}
    first = last = None
    try:
        source = "".join(line.rstrip("\r\n") + "\n" for line in lines)
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first = token.start[0] if first is None else min(first, token.start[0])
            last = token.end[0] if last is None else max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                for number in range(first, last):
                    ends[number] = last
                first = last = None
    except (tokenize.TokenError, SyntaxError):
        return {}
    return ends
