"""flake8 plugin (``WD`` codes): a thin adapter over ``wdlint.engine``.

Kept cheap because flake8 runs every installed plugin whatever ``--select``
says: the text prefilter runs before anything else, and the engine (and with
it libcst) is imported only for a file that can hold a finding.  flake8
applies ``# noqa`` itself, so the engine is asked not to (wdlint's own
file-level ``# wdlint: noqa``, which flake8 does not know, is applied here);
columns are 0-based here because flake8 adds 1 when printing.

A configuration the plugin cannot use (unknown key, bad value, a file that
is not TOML or not UTF-8) is never a silent "no findings": every file it
governs gets one ``WD000`` finding on line 1 that quotes the error.
"""

from __future__ import annotations

import os
from functools import lru_cache

from wdlint import __version__


class WeightDecayChecker:
    name = "wdlint"
    version = __version__

    def __init__(self, tree, lines: list[str], filename: str) -> None:
        # Requesting ``tree`` makes flake8 run the plugin once per file, and the
        # engine reuses it: the file is not parsed a second time by ``ast``.
        self.tree = tree
        self.lines = lines
        self.filename = filename

    def run(self):
        from wdlint.engine import lint_text, might_have_findings

        text = "".join(self.lines)
        options = analysis_options_for(self.filename)
        if isinstance(options, str):
            yield (1, 0, f"WD000 wdlint configuration error, no file is checked until it is fixed: {options}",
                   type(self))
            return
        if not might_have_findings(text, options):
            return
        # flake8 falls back to latin-1 for a file that does not decode; the
        # CLI reports WD000 there, so the plugin reads the bytes again to agree.
        undecodable = None if text.isascii() else _undecodable(self.filename)
        if undecodable is not None:
            yield self._result(undecodable)
            return
        diagnostics = lint_text(text, self.filename, options, apply_noqa=False, tree=self.tree)
        if diagnostics and "wdlint" in text:
            diagnostics = _without_file_level_noqa(diagnostics, self.lines)
        for diagnostic in diagnostics:
            yield self._result(diagnostic)

    def _result(self, diagnostic):
        return (diagnostic.line, diagnostic.column - 1, f"{diagnostic.code} {diagnostic.message}", type(self))


def _undecodable(filename: str):
    """The WD000 of a file whose bytes do not decode per PEP 263, else None."""
    from wdlint.diagnostics import Diagnostic
    from wdlint.engine import decode

    if filename in ("-", "stdin"):
        return None
    try:
        with open(filename, "rb") as handle:
            source = handle.read()
    except OSError:
        return None
    decoded = decode(source, filename)
    return decoded if isinstance(decoded, Diagnostic) else None


def _without_file_level_noqa(diagnostics, lines: list[str]):
    """Drop what ``# wdlint: noqa`` (whole file) or ``# wdlint: noqa: CODES`` suppresses."""
    from wdlint import noqa

    if noqa.file_is_skipped([line for line in lines if "wdlint" in line]):
        return []
    codes = noqa.file_suppressed_codes(lines)
    return [d for d in diagnostics if not (codes and d.code.startswith(codes))]


def analysis_options_for(filename: str):
    """The analysis options from the wdlint configuration nearest to ``filename``.

    A one-line error message (str) instead when that configuration is broken.
    """
    directory = os.path.dirname(os.path.abspath(filename)) if filename not in ("-", "stdin") else os.getcwd()
    return _options_for_directory(directory)


@lru_cache(maxsize=None)
def _options_for_directory(directory: str):
    from wdlint.config import ConfigError, analysis_options_from_pyproject, find_config
    from wdlint.engine import DEFAULT_OPTIONS

    config = find_config(directory)
    if config is None:
        return DEFAULT_OPTIONS
    try:
        return analysis_options_from_pyproject(config)
    except ConfigError as error:
        # Reported on every file it governs (flake8 has no per-run message), never swallowed.
        return str(error)
