"""What the rules see of one file, and what they return before positions are known."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from wdlint.analysis.scopes import ScopeCollector
from wdlint.optimizers import OptimizerSpec


@dataclass(frozen=True)
class RawFinding:
    """A finding anchored on a node; the engine turns it into a positioned Diagnostic."""

    code: str
    node: cst.CSTNode
    message: str
    #: What the rule's fixer needs (WD101: the OptimizerBranch; WD102: a FlatParameters).
    detail: object = None
    #: The same finding's details on the other branches of a construction
    #: (``(Adam if x else NAdam)(...)``): a fixer must hold for every branch.
    alternatives: tuple = ()


@dataclass(frozen=True)
class FileContext:
    module: cst.Module
    scopes: ScopeCollector
    table: dict[str, OptimizerSpec]
    #: Per-file memo for lazily built helpers (e.g. the parent map).
    cache: dict = field(default_factory=dict)
