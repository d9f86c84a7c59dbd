"""Jupyter notebooks (``.ipynb``): code cells analysed as one module.

As ruff does: the code cells are joined, in order, into one Python module;
IPython magics and shell lines (``%time``, ``!pip``, ``%%bash`` cells,
``x = !ls``, ``obj?``) are not Python and are replaced by placeholders of
the same line count, so no position shifts.  Each cell is preceded by a
marker comment line; a finding's line in that module maps back to the cell
(1-based, counting markdown and raw cells as the notebook shows them) and
the line within it.  ``# noqa`` works per cell line, because the line is the
cell's own.

``wdlint fix`` rewrites the module, splits it back at the markers, restores
the magic lines, and replaces only the ``"source"`` value of the cells that
changed: the notebook's JSON layout, outputs and metadata stay byte-for-byte.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from wdlint.diagnostics import Diagnostic

SUFFIX = ".ipynb"
_CELL_MARKER = "# wdlint:cell {}"
_MAGIC_MARKER = "pass  # wdlint:magic {}"
_MARKER_LINE = re.compile(r"^# wdlint:cell (\d+)$")
_MAGIC_LINE = re.compile(r"^\s*pass  # wdlint:magic (\d+)$")
#: A line IPython rewrites before Python sees it: a line magic, a shell escape, help (``x?``),
#: or an assignment from one (``files = !ls``).
_IPYTHON_LINE = re.compile(r"^\s*([%!?]|[\w.,\s\[\]]+=\s*[%!]|[\w.]+\?{1,2}\s*$)")


class InvalidNotebook(ValueError):
    """Not valid JSON, or not nbformat 4: the reason, for a WD000."""


@dataclass(frozen=True)
class Cell:
    number: int  # 1-based, over every cell
    source: str
    #: How "source" was stored: a list of lines, or one string.
    as_list: bool


@dataclass
class VirtualModule:
    """The code cells as one Python module, and the way back."""

    text: str
    #: Per line of ``text`` (0-based): (cell number, 1-based line in the cell), or None for a marker.
    origins: list
    #: The original text of each replaced magic line, by placeholder number.
    magics: list[str]
    cells: list[Cell]


def read_cells(text: str) -> list[Cell]:
    """The notebook's cells, or InvalidNotebook with the reason."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InvalidNotebook(f"not a valid notebook: invalid JSON: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise InvalidNotebook("not a valid notebook: no \"cells\" list")
    if document.get("nbformat") != 4:
        raise InvalidNotebook(f"not a valid notebook: nbformat {document.get('nbformat')!r} (wdlint reads nbformat 4)")
    if not _is_python(document.get("metadata")):
        return []
    cells = []
    for index, cell in enumerate(document["cells"], start=1):
        if not isinstance(cell, dict):
            raise InvalidNotebook(f"not a valid notebook: cell {index} is not an object")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            cells.append(Cell(index, "".join(source), True))
        elif isinstance(source, str):
            cells.append(Cell(index, source, False))
        else:
            raise InvalidNotebook(f"not a valid notebook: cell {index} has no text source")
    return cells


def _is_python(metadata) -> bool:
    """False only where the notebook says its kernel is another language."""
    if not isinstance(metadata, dict):
        return True
    for key in ("language_info", "kernelspec"):
        info = metadata.get(key)
        if isinstance(info, dict) and isinstance(info.get("language" if key == "kernelspec" else "name"), str):
            return info.get("language" if key == "kernelspec" else "name").lower() == "python"
    return True


def virtual_module(cells: list[Cell]) -> VirtualModule:
    lines: list[str] = []
    origins: list = []
    magics: list[str] = []
    for cell in cells:
        lines.append(_CELL_MARKER.format(cell.number))
        origins.append(None)
        cell_lines = cell.source.split("\n")
        whole_cell_magic = cell.source.lstrip().startswith("%%")
        for number, line in enumerate(cell_lines, start=1):
            if whole_cell_magic or _IPYTHON_LINE.match(line):
                indent = line[: len(line) - len(line.lstrip())] if not whole_cell_magic else ""
                line = indent + _MAGIC_MARKER.format(len(magics))
                magics.append(cell_lines[number - 1])
            lines.append(line)
            origins.append((cell.number, number))
    return VirtualModule("\n".join(lines) + "\n", origins, magics, cells)


def to_cells(module: VirtualModule, text: str) -> dict[int, str]:
    """Cell number -> source, read back from a (fixed) virtual module."""
    sources: dict[int, list[str]] = {}
    current: list[str] | None = None
    leading: list[str] = []
    body = text[:-1] if text.endswith("\n") else text
    for line in body.split("\n"):
        marker = _MARKER_LINE.match(line)
        if marker is not None:
            current = sources.setdefault(int(marker.group(1)), [])
            if leading:  # lines a fix put before the first marker (an import) open the first cell
                current += leading
                leading = []
            continue
        magic = _MAGIC_LINE.match(line)
        if magic is not None:
            line = module.magics[int(magic.group(1))]
        (current if current is not None else leading).append(line)
    return {number: "\n".join(lines) for number, lines in sources.items()}


def map_diagnostic(module: VirtualModule, diagnostic: Diagnostic, path: str) -> Diagnostic:
    """A finding on the virtual module, placed in its cell."""
    origin = _origin(module, diagnostic.line)
    end = _origin(module, diagnostic.end_line)
    if origin is None:
        return diagnostic._replace(path=path)
    cell, line = origin
    end_line = end[1] if end is not None and end[0] == cell else line
    end_column = diagnostic.end_column if end is not None and end[0] == cell else diagnostic.column
    return diagnostic._replace(path=path, cell=cell, line=line, end_line=end_line, end_column=end_column)


def _origin(module: VirtualModule, line: int):
    for index in range(min(line, len(module.origins)) - 1, -1, -1):
        if module.origins[index] is not None:
            return module.origins[index]
    return None


def lint_notebook(text: str, path: str, lint_python, apply_noqa: bool = True) -> list[Diagnostic]:
    """Findings for a notebook's text; ``lint_python(text, path)`` lints the virtual module."""
    try:
        cells = read_cells(text)
    except InvalidNotebook as error:
        return [Diagnostic(path, 1, 1, 1, 1, "WD000", str(error))]
    if not cells:
        return []
    module = virtual_module(cells)
    return sorted(map_diagnostic(module, d, path) for d in lint_python(module.text, path + ":cells"))


# -- fix: write changed cells back ---------------------------------------------------


def rewrite_cells(notebook_text: str, changed: dict[int, str], originals: dict[int, Cell]) -> str:
    """The notebook text with only the ``"source"`` values of ``changed`` cells replaced."""
    from wdlint.configs.json_spans import parse_with_spans

    document = parse_with_spans(notebook_text)
    cells_node = _member(document, "cells")
    edits = []
    for number, source in changed.items():
        cell_node = cells_node.items[number - 1]
        source_node = _member(cell_node, "source")
        old = notebook_text[source_node.start : source_node.end]
        edits.append((source_node.start, source_node.end, _render_source(source, originals[number], old)))
    for start, end, new in sorted(edits, reverse=True):
        notebook_text = notebook_text[:start] + new + notebook_text[end:]
    return notebook_text


def _member(node, key: str):
    for key_node, value in node.items:
        if key_node.value == key:
            return value
    raise KeyError(key)


def _render_source(source: str, cell: Cell, old: str) -> str:
    """``source`` as JSON, in the layout the cell had (nbformat's list of lines, indented as before)."""
    ascii_only = "\\u" in old
    if not cell.as_list:
        return json.dumps(source, ensure_ascii=ascii_only)
    lines = source.splitlines(keepends=True)
    if not lines:
        return "[]"
    match = re.match(r"\[(\s*)", old)
    opening = match.group(1) if match and old.strip() != "[]" else "\n    "
    closing_match = re.search(r"(\s*)\]$", old)
    closing = closing_match.group(1) if closing_match and old.strip() != "[]" else "\n   "
    separator = "," + opening
    return "[" + opening + separator.join(json.dumps(line, ensure_ascii=ascii_only) for line in lines) + closing + "]"


def fix_notebook(source: bytes, path: str, fix_python):
    """``fix_python(bytes, path)`` -> FixResult on the virtual module; the notebook's FixResult."""
    from wdlint.fix.apply import FixResult

    try:
        text = source.decode("utf-8-sig")
        cells = read_cells(text)
    except (UnicodeDecodeError, InvalidNotebook) as error:
        found = Diagnostic(path, 1, 1, 1, 1, "WD000", str(error) if isinstance(error, InvalidNotebook) else f"cannot decode: {error}")
        return FixResult(source, remaining=[found], error=found.message)
    if not cells:
        return FixResult(source)
    module = virtual_module(cells)
    result = fix_python(module.text.encode("utf-8"), path + ":cells")
    if not result.changed:
        remaining = sorted(map_diagnostic(module, d, path) for d in result.remaining)
        return FixResult(source, remaining=remaining, notes=result.notes)
    fixed = [map_diagnostic(module, d, path) for d in result.fixed]
    new_sources = to_cells(module, result.new_source.decode("utf-8"))
    originals = {cell.number: cell for cell in cells}
    changed = {number: text_ for number, text_ in new_sources.items() if number in originals and text_ != originals[number].source}
    if not changed:
        return FixResult(source, remaining=[map_diagnostic(module, d, path) for d in result.remaining], notes=result.notes)
    # The fixed module, rebuilt from the new cells, has the same markers and placeholders.
    fixed_module = virtual_module([replace(cell, source=changed.get(cell.number, cell.source)) for cell in cells])
    remaining = sorted(map_diagnostic(fixed_module, d, path) for d in result.remaining)
    new_text = rewrite_cells(text, changed, originals)
    bom = "\ufeff" if source.startswith(b"\xef\xbb\xbf") else ""
    return FixResult((bom + new_text).encode("utf-8"), fixed=fixed, remaining=remaining, notes=result.notes, changed=True)
