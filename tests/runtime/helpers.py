"""Small assertions shared by the runtime tests."""

from __future__ import annotations

import wdlint


def pairs(report: wdlint.Report) -> set[tuple[str, str]]:
    """The (code, name) findings of a report, with their count checked against duplicates."""
    found = [(f.code, f.name) for f in report.findings if f.name]
    assert len(found) == len(set(found)), f"duplicate findings: {found}"
    return set(found)


def codes(report: wdlint.Report) -> list[tuple[str, int | None]]:
    return sorted((f.code, f.group) for f in report.findings if not f.name)


def layer_names(pattern: str, layers: int = 2) -> set[str]:
    return {pattern.format(i) for i in range(layers)}
