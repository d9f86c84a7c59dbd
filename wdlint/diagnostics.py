"""What the static engine reports: one ``Diagnostic`` per finding.

A named tuple, as are the other values every run builds at start-up
(settings, selection layers, globs, analysis options): importing
``dataclasses`` (and ``inspect`` with it) would cost a run on a file the
gate rejects a sixth of its time.
"""

from __future__ import annotations

from collections import namedtuple


class Diagnostic(namedtuple("Diagnostic", "path line column end_line end_column code message fixable cell",
                            defaults=(False, 0))):
    """A finding at a source range (1-based lines and columns, end exclusive).

    Sorted by path, cell, line, column.  ``cell`` is the 1-based notebook
    cell a finding is in (0 outside notebooks); ``line`` is then the line in
    that cell.  ``fixable``: ``wdlint fix`` has an edit for it.
    """

    __slots__ = ()

    def _order(self) -> tuple:
        return (self.path, self.cell, self.line, self.column, self.end_line, self.end_column, self.code,
                self.message, self.fixable)

    def __lt__(self, other: Diagnostic) -> bool:
        return self._order() < other._order()

    def __le__(self, other: Diagnostic) -> bool:
        return self._order() <= other._order()

    def __gt__(self, other: Diagnostic) -> bool:
        return self._order() > other._order()

    def __ge__(self, other: Diagnostic) -> bool:
        return self._order() >= other._order()

    @property
    def where(self) -> str:
        """``path:line:col`` (``path:cell N:line:col`` in a notebook), as ruff prints it."""
        cell = f"cell {self.cell}:" if self.cell else ""
        return f"{self.path}:{cell}{self.line}:{self.column}"

    def as_json(self) -> dict:
        found = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "message": self.message,
            "fixable": self.fixable,
        }
        if self.cell:
            found["cell"] = self.cell
        return found
