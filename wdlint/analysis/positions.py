"""Source ranges of the nodes that hold findings.

libcst's ``PositionProvider`` regenerates the whole module with position
tracking for every node: on a long module (generated code, a 200,000-line
script) it costs twice the parse and most of the memory.  Findings are few,
so on a long module only the top-level statements that hold them are
tracked, each in a module of its own, shifted by the lines of the code before
it (plain code generation, several times cheaper than tracking).
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

from wdlint.analysis.walk import descendants

#: Top-level statements from which tracking only the statements that hold findings pays.
LONG_MODULE = 300


def positions_of(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[cst.CSTNode, CodeRange]:
    """The range of each node (1-based lines, 0-based columns, as ``PositionProvider``)."""
    nodes = list(nodes)
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

