"""Source ranges of the nodes that hold findings.

libcst's ``PositionProvider`` regenerates the whole module with position
tracking for every node: on a long module (generated code, a 200,000-line
script) it costs twice the parse and most of the memory.  Findings are few,
so only the top-level statements that hold them are tracked, each in a module
of its own, shifted to where the statement sits.  Where the caller has the
``ast`` tree of the same text (the engine does: it parsed it to prune), the
statement's line comes from ``ast`` line numbers and nothing else of the
module is generated; without it, from the code of the statements before (plain
code generation, several times cheaper than tracking), and a short module is
tracked whole.
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

from wdlint.analysis.walk import descendants

#: Top-level statements from which tracking only the statements that hold findings pays.
LONG_MODULE = 300


def positions_of(
    module: cst.Module, nodes: Iterable[cst.CSTNode], statement_lines: list[int] | None = None
) -> dict[cst.CSTNode, CodeRange]:
    """The range of each node (1-based lines, 0-based columns, as ``PositionProvider``).

    ``statement_lines``: the line where each top-level statement of ``module``
    starts (``ast`` line numbers, from ``statement_lines_of``), when known.
    """
    nodes = list(nodes)
    if statement_lines is not None and len(statement_lines) == len(module.body):
        return _by_statement_lines(module, nodes, statement_lines)
    if len(module.body) < LONG_MODULE or module.default_newline not in ("\n", "\r\n"):
        every = _track(module)
        return {node: every[node] for node in nodes}
    wanted = {id(node) for node in nodes}
    found: dict[cst.CSTNode, CodeRange] = {}
    line = 1 + sum(module.code_for_node(empty).count("\n") for empty in module.header)
    for statement in module.body:
        code = module.code_for_node(statement)
        if any(id(node) in wanted for node in descendants(statement)):
            shift = line - 1
            for node, where in _track(_alone(module, statement)).items():
                if id(node) in wanted:
                    found[node] = CodeRange(
                        CodePosition(where.start.line + shift, where.start.column),
                        CodePosition(where.end.line + shift, where.end.column),
                    )
            if len(found) == len(wanted):
                break  # the rest of the module holds no finding
        line += code.count("\n")
    return {node: found[node] for node in nodes}


def _track(module: cst.Module):
    return MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)


def _alone(module: cst.Module, statement: cst.BaseStatement) -> cst.Module:
    """``statement`` as the only code of a module laid out like ``module``."""
    return module.with_changes(body=[statement], header=[], footer=[])



def statement_lines_of(tree) -> list[int]:
    """The first line of each top-level statement as libcst groups them (``a = 1; b = 2`` is one line).

    ``tree`` is the ``ast`` module of the same text; a definition starts at its
    ``def``/``class`` line, as libcst's position of the node does.
    """
    lines: list[int] = []
    previous_end = -1
    for node in tree.body:
        if node.lineno != previous_end:
            lines.append(node.lineno)
        previous_end = node.end_lineno
    return lines


def _by_statement_lines(module: cst.Module, nodes: list, statement_lines: list[int]) -> dict[cst.CSTNode, CodeRange]:
    wanted = {id(node) for node in nodes}
    found: dict[cst.CSTNode, CodeRange] = {}
    for statement, first_line in zip(module.body, statement_lines):
        if not any(id(node) in wanted for node in descendants(statement)):
            continue
        tracked = _track(_alone(module, statement))
        shift = first_line - tracked[statement].start.line
        for node, where in tracked.items():
            if id(node) in wanted:
                found[node] = CodeRange(
                    CodePosition(where.start.line + shift, where.start.column),
                    CodePosition(where.end.line + shift, where.end.column),
                )
        if len(found) == len(wanted):
            break
    return {node: found[node] for node in nodes}


class StatementPositions:
    """``PositionProvider``'s mapping, computed one top-level statement at a time, on demand.

    The fixers that ``check`` runs to decide fixability ask for the positions
    of a few nodes near each finding; tracking the whole module for them cost
    more than the parse.  ``items()`` (a scan of every node) tracks the rest.
    """

    def __init__(self, module: cst.Module, statement_lines: list[int]) -> None:
        self._module = module
        self._lines = statement_lines
        self._owner: dict[int, int] | None = None
        self._known: dict[cst.CSTNode, CodeRange] = {}
        self._tracked: set[int] = set()
        self._whole: dict | None = None

    def _statement_of(self, node: cst.CSTNode) -> int | None:
        if self._owner is None:
            self._owner = {}
            for index, statement in enumerate(self._module.body):
                for inner in descendants(statement):
                    self._owner[id(inner)] = index
        return self._owner.get(id(node))

    def _track_statement(self, index: int) -> None:
        statement = self._module.body[index]
        tracked = _track(_alone(self._module, statement))
        shift = self._lines[index] - tracked[statement].start.line
        for node, where in tracked.items():
            self._known[node] = CodeRange(
                CodePosition(where.start.line + shift, where.start.column),
                CodePosition(where.end.line + shift, where.end.column),
            )
        self._tracked.add(index)

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        if node in self._known:
            return self._known[node]
        index = self._statement_of(node)
        if index is None or len(self._lines) != len(self._module.body):
            return self._everything()[node]
        if index not in self._tracked:
            self._track_statement(index)
        return self._known[node]

    def get(self, node, default=None):
        try:
            return self[node]
        except KeyError:
            return default

    def __contains__(self, node) -> bool:
        return self.get(node) is not None

    def _everything(self) -> dict:
        if self._whole is None:
            self._whole = dict(_track(self._module))
        return self._whole

    def items(self):
        return self._everything().items()
