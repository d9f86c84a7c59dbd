"""A per-file budget: a file too large or too slow to analyse gets a WD000 and the run goes on.

Memory is bounded before it is spent: the cost of each parser is linear in
the tokens it is given (CPython's compiler about ``COMPILE_BYTES_PER_TOKEN``,
libcst about ``LIBCST_BYTES_PER_TOKEN``, measured with
``benchmarks/scaling.py``), so the tokens are counted first (a linear scan,
long data literals already replaced by ``wdlint.validity``) and a file whose
estimate passes the budget is not parsed.  Time is checked between phases
(before libcst's parse, each rule, each finding's fix plan, each further fix
pass): a file whose analysis has used its seconds stops at the next one.

Defaults: 2048 MiB and 120 s per file; ``WDLINT_MAX_FILE_MEMORY_MB`` and
``WDLINT_MAX_FILE_SECONDS`` change them (0 turns a limit off).
"""

from __future__ import annotations

import os
import re
import time

DEFAULT_MEMORY_MB = 2048
DEFAULT_SECONDS = 120.0
#: Peak bytes per token, measured on module-level optimizer calls (benchmarks/scaling.py), rounded up.
COMPILE_BYTES_PER_TOKEN = 900
LIBCST_BYTES_PER_TOKEN = 3000
#: What the process holds before a file (interpreter, libcst, the rules).
BASELINE_MB = 80

_TOKEN = re.compile(r"[A-Za-z_0-9]+|[^\sA-Za-z_0-9]")


class BudgetExceeded(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def memory_mb() -> float:
    return _number("WDLINT_MAX_FILE_MEMORY_MB", DEFAULT_MEMORY_MB)


def seconds() -> float:
    return _number("WDLINT_MAX_FILE_SECONDS", DEFAULT_SECONDS)


def _number(variable: str, default: float) -> float:
    try:
        return float(os.environ.get(variable, default))
    except ValueError:
        return default


def count_tokens(text: str) -> int:
    """About how many tokens ``text`` holds (a linear scan; exact enough for a budget)."""
    return sum(1 for _ in _TOKEN.finditer(text))


def check_memory(text: str, bytes_per_token: int, parser: str) -> None:
    """Raise BudgetExceeded when parsing ``text`` with ``parser`` would pass the memory budget."""
    limit = memory_mb()
    if not limit:
        return
    # A cheap bound first: a token is at least one character.
    if BASELINE_MB + len(text) * bytes_per_token / 2**20 <= limit:
        return
    tokens = count_tokens(text)
    needed = BASELINE_MB + tokens * bytes_per_token / 2**20
    if needed > limit:
        raise BudgetExceeded(
            f"too large to analyse: about {tokens:,} tokens would need about {needed:,.0f} MiB in {parser}, "
            f"over the per-file budget of {limit:,.0f} MiB (WDLINT_MAX_FILE_MEMORY_MB); not analysed"
        )


class Clock:
    """The seconds one file has used."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def check(self, phase: str) -> None:
        limit = seconds()
        used = time.monotonic() - self.started
        if limit and used > limit:
            raise BudgetExceeded(
                f"too slow to analyse: {used:.0f} s before {phase}, over the per-file budget of {limit:.0f} s "
                "(WDLINT_MAX_FILE_SECONDS); not analysed"
            )
