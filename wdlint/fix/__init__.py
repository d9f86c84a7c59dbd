"""``wdlint fix``: apply the fixers of the rules (see ``wdlint.rules``) in place, safely.

``fix_source`` works on bytes in memory; ``cli_fix`` is the command's body
(reading, atomic writing, ``--diff``, reporting), called by ``wdlint.cli``.
"""

from __future__ import annotations

from wdlint.fix.apply import FIX_STYLES, FixResult, fix_source

__all__ = ["FIX_STYLES", "FixResult", "cli_fix", "fix_source"]


def cli_fix(files, settings, diff, stdout, stderr, **options) -> int:
    from wdlint.fix.command import cli_fix as run

    return run(files, settings, diff, stdout, stderr, **options)
