"""Parse only the code that can hold a finding.

libcst's parse is the dominant cost (about 14x ``ast.parse``).  In a large
file that mentions an optimizer once, most functions cannot hold a finding:
this module uses ``ast`` (fast) to find top-level functions, classes and
methods whose text cannot match, and blanks them out, leaving a one-line stub
``def name(): pass`` so the name stays bound and every kept line keeps its
line number and columns.  Module-level statements are kept (imports,
constants, aliases), except, once candidates are known, long assignments
whose names no kept code spells (a table of model configurations), as is
any function that mentions a module-level name
bound to an optimizer or to parameters, or declares ``global``/``nonlocal`` names, or calls a
function or method that may return an L2 penalty (WD103 follows the returned
value into its callers).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from wdlint.source import split_lines

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SCOPE_DECLARATION = re.compile(r"\b(?:global|nonlocal)\b")
_IDENTIFIER = re.compile(r"\w+")


def _bound_names(node: ast.stmt) -> list[str]:
    names = []
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = [(alias.asname or alias.name).split(".")[0] for alias in node.names]
    else:
        names = [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    return [name for name in names if name != "*"]


def _returning_helpers(body: list[ast.stmt], segment: Callable[[ast.stmt], str], holds: Callable[[str], bool]) -> set[str]:
    """Functions and methods that may return what a rule follows (an L2 penalty): their callers must be kept."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, _DEFS):
            source = segment(node)
            if "return" in source and holds(source):
                names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= _returning_helpers(node.body, segment, holds)
    return names


def prune(
    text: str,
    tree: ast.Module,
    keeps: Callable[[str], bool],
    returns_followed: Callable[[str], bool] | None = None,
    *,
    holds_candidate: Callable[[ast.stmt], bool] | None = None,
    alias_keeps: Callable[[str], bool] | None = None,
) -> str:
    """``text`` with the functions and methods that cannot hold a finding blanked out.

    ``keeps(source)``: whether a definition's text may hold a finding (the
    rules' needs, flows included).  ``returns_followed(source)``: whether a
    returning function's text holds what a rule follows into its callers.
    ``holds_candidate(node)``: whether a definition holds a call ``ast`` could
    not dismiss (``wdlint.analysis.candidates``); with it, ``keeps`` need only
    say what the text rules need.  ``alias_keeps``: the test for module-level
    statements whose names a kept definition may use (``keeps`` by default).
    Cost is linear in the text: names are matched as sets of identifiers,
    never by a pattern rebuilt per name.
    """
    lines = split_lines(text)

    def segment(node: ast.stmt) -> str:
        start = node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno
        return "\n".join(lines[start - 1 : node.end_lineno])

    # Names bound at module level by statements that may feed a finding
    # (``from torch.optim import Adam as A``, then ``make = A``;
    # ``params = list(model.parameters())`` used by a function).
    aliases: set[str] = set()
    for node in tree.body:
        if isinstance(node, (*_DEFS, ast.ClassDef)):
            continue
        text_of_node = segment(node)
        if (alias_keeps or keeps)(text_of_node) or (aliases and not aliases.isdisjoint(_IDENTIFIER.findall(text_of_node))):
            aliases.update(_bound_names(node))

    helpers = sorted(_returning_helpers(tree.body, segment, returns_followed)) if returns_followed else []
    helper_pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, helpers)) + r")\s*\(") if helpers else None

    def may_hold_finding(node: ast.stmt, source: str) -> bool:
        return bool(
            (holds_candidate is not None and holds_candidate(node))
            or keeps(source)
            or _SCOPE_DECLARATION.search(source)
            or (aliases and not aliases.isdisjoint(_IDENTIFIER.findall(source)))
            or (helper_pattern is not None and helper_pattern.search(source))
        )

    blanked = False

    def blank(node: ast.stmt) -> None:
        nonlocal blanked
        start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        indent = lines[node.lineno - 1][: node.col_offset]
        keyword = "class" if isinstance(node, ast.ClassDef) else "def"
        stub = f"{indent}{keyword} {node.name}{'' if keyword == 'class' else '()'}: pass"
        for number in range(start, node.end_lineno + 1):
            lines[number - 1] = ""
        lines[node.lineno - 1] = stub
        blanked = True

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, _DEFS):
                if not may_hold_finding(node, segment(node)):
                    blank(node)
            elif isinstance(node, ast.ClassDef):
                if not may_hold_finding(node, segment(node)):
                    blank(node)
                else:
                    visit(node.body)

    visit(tree.body)
    if holds_candidate is not None:
        data = _unused_module_data(tree.body, lines, segment, lambda node: holds_candidate(node) or (alias_keeps or keeps)(segment(node)))
        for node in data:
            for number in range(node.lineno, node.end_lineno + 1):
                lines[number - 1] = ""
            lines[node.lineno - 1] = "pass"
        blanked = blanked or bool(data)
    if not blanked:
        return text
    return "\n".join(lines) + "\n"


#: A module-level assignment spanning at least this many lines may be left out (see ``_unused_module_data``).
DATA_LINES = 5


def _unused_module_data(body: list[ast.stmt], lines: list[str], segment, needed) -> list[ast.stmt]:
    """Long module-level assignments no kept code names, and long string statements: never parsed.

    A table of model configurations (timm's ``default_cfgs``, a test's list
    of cases) is most of what libcst would read in such a file.  An
    assignment to plain names is left out when none of its names is spelled
    anywhere else in the kept text (to a fixed point, from the end: what only
    a left-out statement used goes too), it holds no candidate and nothing a
    rule's words need (``needed``), and no other statement shares its lines.
    """
    from collections import Counter

    long = [
        index for index, node in enumerate(body)
        if node.end_lineno - node.lineno + 1 >= DATA_LINES and _plain_data(node)
        and (index == 0 or body[index - 1].end_lineno < node.lineno)
        and (index + 1 == len(body) or body[index + 1].lineno > node.end_lineno)
    ]
    if not long:
        return []
    spelled = Counter(_IDENTIFIER.findall("\n".join(lines)))
    left_out = []
    for index in reversed(long):
        node = body[index]
        own = Counter(_IDENTIFIER.findall(segment(node)))
        names = [target.id for target in _targets(node)]
        if any(spelled[name] > own[name] for name in names) or needed(node):
            continue
        spelled.subtract(own)
        left_out.append(node)
    return left_out


def _targets(node: ast.stmt) -> list[ast.Name]:
    if isinstance(node, ast.Assign):
        targets = []
        for target in node.targets:
            targets += target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
        return targets
    if isinstance(node, ast.AnnAssign):
        return [node.target]
    return []


def _plain_data(node: ast.stmt) -> bool:
    """An assignment to plain names, or a string statement."""
    if isinstance(node, ast.Expr):
        return isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        return node.value is not None and all(isinstance(target, ast.Name) for target in _targets(node))
    return False
