"""The one analysis path: source text in, diagnostics out.

The CLI, the flake8 plugin, pre-commit and ``wdlint fix`` are thin adapters
over these functions.  (Stub: being implemented.)
"""

from __future__ import annotations

from dataclasses import dataclass

from wdlint.diagnostics import Diagnostic


@dataclass(frozen=True)
class AnalysisOptions:
    """Settings that change what the analysis finds (not select/ignore)."""

    extra_coupled_optimizers: tuple[str, ...] = ()
    extra_decoupled_optimizers: tuple[str, ...] = ()


DEFAULT_OPTIONS = AnalysisOptions()


def might_have_findings(text: str, options: AnalysisOptions = DEFAULT_OPTIONS) -> bool:
    """Cheap text prefilter: False means the file surely has no finding."""
    raise NotImplementedError


def lint_text(text: str, path: str, options: AnalysisOptions = DEFAULT_OPTIONS, *,
              apply_noqa: bool = True) -> list[Diagnostic]:
    """Findings for decoded source text, sorted; ``apply_noqa=False`` for flake8."""
    raise NotImplementedError


def lint_bytes(source: bytes, path: str, options: AnalysisOptions = DEFAULT_OPTIONS, *,
               apply_noqa: bool = True) -> list[Diagnostic]:
    """Decode (PEP 263, BOM) then lint; undecodable input gives one WD000."""
    raise NotImplementedError


def lint_file(path: str, display_path: str | None = None, options: AnalysisOptions = DEFAULT_OPTIONS, *,
              apply_noqa: bool = True) -> list[Diagnostic]:
    """Read and lint one file; an unreadable file gives one WD000, never a traceback."""
    raise NotImplementedError
