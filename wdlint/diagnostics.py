"""What the static engine reports: one ``Diagnostic`` per finding."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A finding at a source range (1-based lines and columns, end exclusive).

    Field order is the sort order: path, cell, line, column.  ``cell`` is
    the 1-based notebook cell a finding is in (0 outside notebooks); ``line``
    is then the line in that cell.
    """

    path: str
    cell: int = field(default=0, kw_only=True)
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    message: str
    fixable: bool = False

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
