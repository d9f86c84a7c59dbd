"""Source ranges of the nodes that hold findings.

libcst's ``PositionProvider`` regenerates the whole module with position
tracking for every node (and ``MetadataWrapper`` adds a visit that rebuilds
every node): on a long module it costs more than the parse.  Findings are
few, so only the statements that hold them are tracked, by code generation
alone.  Where the caller has the ``ast`` tree of the same text (the engine
does: it parsed it to prune), the innermost statement holding a node is
tracked at the line ``ast`` gives it, with its blocks' indentation, and
nothing else of the module is generated; without it, from the code of the
statements before (plain code generation, several times cheaper than
tracking), and a short module is tracked whole.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

from wdlint.analysis.walk import descendants
from wdlint.source import line_breaks

#: Top-level statements from which tracking only the statements that hold findings pays.
LONG_MODULE = 300


def positions_of(module: cst.Module, nodes: Iterable[cst.CSTNode], tree=None) -> dict[cst.CSTNode, CodeRange]:
    """The range of each node (1-based lines, 0-based columns, as ``PositionProvider``).

    ``tree``: the ``ast`` module of the same text, when known (statement by
    statement tracking, see ``StatementPositions``).
    """
    nodes = list(nodes)
    if tree is not None:
        lazy = StatementPositions(module, tree)
        return {node: lazy[node] for node in nodes}
    if len(module.body) < LONG_MODULE or module.default_newline not in ("\n", "\r\n"):
        every = _track(module)
        return {node: every[node] for node in nodes}
    wanted = {id(node) for node in nodes}
    found: dict[cst.CSTNode, CodeRange] = {}
    line = 1 + sum(line_breaks(module.code_for_node(empty)) for empty in module.header)
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
        line += line_breaks(code)  # a file mixing line endings writes its CRs as they are
    return {node: found[node] for node in nodes}


def _track(module: cst.Module) -> dict[cst.CSTNode, CodeRange]:
    """``PositionProvider``'s mapping, by its code generation alone.

    ``MetadataWrapper.resolve`` also runs an (empty) batched visit of the
    whole tree, which rebuilds every node: as much again as the tracking.
    """
    provider = PositionProvider()
    provider._gen_impl(module)
    return provider._computed


def _alone(module: cst.Module, statement: cst.BaseStatement) -> cst.Module:
    """``statement`` as the only code of a module laid out like ``module``."""
    return module.with_changes(body=[statement], header=[], footer=[])



def statement_groups(body: list[ast.stmt]) -> list[list[ast.stmt]]:
    """``ast`` statements grouped as libcst groups them: ``a = 1; b = 2`` is one line, one libcst statement."""
    groups: list[list[ast.stmt]] = []
    previous_end = -1
    for node in body:
        if node.lineno != previous_end or not groups:
            groups.append([node])
        else:
            groups[-1].append(node)
        previous_end = node.end_lineno
    return groups


#: A statement spanning more lines than this is not tracked whole when a block of it holds the node.
DESCEND_LINES = 40

#: libcst compound statement -> the ``ast`` classes of the same statement (whose ``body`` is its block).
_SAME_STATEMENT = {
    cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef),
    cst.ClassDef: (ast.ClassDef,),
    cst.If: (ast.If,),
    cst.For: (ast.For, ast.AsyncFor),
    cst.While: (ast.While,),
    cst.With: (ast.With, ast.AsyncWith),
    cst.Try: (ast.Try,),
}


class StatementPositions:
    """``PositionProvider``'s mapping, computed one statement at a time, on demand.

    Findings (and the nodes the fixers that ``check`` runs ask about) are few:
    only the innermost statement holding each is tracked, at the line ``ast``
    gives it and with the indentation of its blocks, so a finding in one
    method of a 2,000-line class costs that method.  ``items()`` (a scan of
    every node) tracks the whole module.
    """

    def __init__(self, module: cst.Module, tree: ast.Module) -> None:
        self._module = module
        self._groups = statement_groups(tree.body)
        self._aligned = len(self._groups) == len(module.body)
        self._owner: dict[int, int] | None = None
        self._known: dict[cst.CSTNode, CodeRange] = {}
        #: Tracked statement -> the ranges of every node of it (whitespace included).
        self._tracked: dict[cst.CSTNode, dict[cst.CSTNode, CodeRange]] = {}
        self._whole: dict | None = None

    def _statement_of(self, node: cst.CSTNode) -> int | None:
        if self._owner is None:
            self._owner = {}
            for index, statement in enumerate(self._module.body):
                for inner in descendants(statement):
                    self._owner[id(inner)] = index
        return self._owner.get(id(node))

    def _innermost(self, index: int, node: cst.CSTNode) -> tuple[cst.CSTNode, int, list[str]]:
        """The innermost statement holding ``node`` in a block of a long statement, its line and indentation."""
        statement, group, indents = self._module.body[index], self._groups[index], []
        while len(group) == 1 and group[0].end_lineno - group[0].lineno > DESCEND_LINES:
            block = getattr(statement, "body", None)
            if not isinstance(block, cst.IndentedBlock) or not isinstance(group[0], _SAME_STATEMENT.get(type(statement), ())):
                break
            inner_groups = statement_groups(group[0].body)
            if len(inner_groups) != len(block.body):
                break
            holder = next(
                (i for i, inner in enumerate(block.body) if any(d is node for d in descendants(inner))), None
            )
            if holder is None:
                break  # in the header, or an ``else``/``except`` block: tracked with the whole statement
            indents = [*indents, block.indent if block.indent is not None else self._module.default_indent]
            statement, group = block.body[holder], inner_groups[holder]
        return statement, group[0].lineno, indents

    def _track(self, statement: cst.CSTNode, line: int, indents: list[str]) -> None:
        provider = PositionProvider()
        state = PositionProvidingCodegenState(
            default_indent=self._module.default_indent,
            default_newline=self._module.default_newline,
            provider=provider,
            indent_tokens=list(indents),
        )
        statement._codegen(state)
        tracked = provider._computed
        shift = line - tracked[statement].start.line
        shifted = {
            node: CodeRange(
                CodePosition(where.start.line + shift, where.start.column),
                CodePosition(where.end.line + shift, where.end.column),
            )
            for node, where in tracked.items()
        }
        self._known.update(shifted)
        self._tracked[statement] = shifted

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        if node in self._known:
            return self._known[node]
        index = self._statement_of(node)
        if index is None or not self._aligned:
            return self._everything()[node]
        self._track(*self._innermost(index, node))
        return self._known[node]

    def get(self, node, default=None):
        try:
            return self[node]
        except KeyError:
            return default

    def __contains__(self, node) -> bool:
        return self.get(node) is not None

    def statement_of(self, node: cst.CSTNode) -> cst.BaseStatement | None:
        """The top-level statement holding ``node`` (None when that is not known statement by statement)."""
        index = self._statement_of(node)
        if index is None or not self._aligned:
            return None
        return self._module.body[index]

    def items_around(self, node: cst.CSTNode):
        """(node, range) of everything in the tracked statement holding ``node`` (all of them if unknown)."""
        if self.get(node) is not None:
            for tracked in self._tracked.values():
                if node in tracked:
                    return tracked.items()
        return self.items()

    def _everything(self) -> dict:
        if self._whole is None:
            self._whole = dict(_track(self._module))
        return self._whole

    def items(self):
        return self._everything().items()
