"""``# noqa`` handling, matching flake8 exactly so CLI and plugin agree.

The comment must sit on the physical line where a finding starts; codes match
by prefix (``# noqa: WD1`` covers WD101).  A line starting with ``# flake8:
noqa`` skips the whole file, as flake8 does; flake8 (7.x) skips it even when
codes follow (``# flake8: noqa: E501``), so the CLI does too.
"""

from __future__ import annotations

import re

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
