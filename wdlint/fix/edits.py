"""What one fix pass knows about the file, and how its edits are applied.

Edits are keyed on the *original* nodes the analysis returned and applied in
one ``leave_*`` traversal: a node's edit receives the node with its
children's edits already applied, so a rename inside a call whose arguments
are also rewritten keeps both (an ``id()`` map of whole replacements would
silently drop the inner one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from wdlint.analysis.walk import Walker
from wdlint.analysis.walk import children as syntactic_children
from wdlint.fix.layout import Indentation, preferred_quote
from wdlint.source import split_lines

Edit = Callable[[cst.CSTNode], cst.CSTNode]


class FixContext:
    """One parsed file during one fix pass: positions, layout facts, edits, imports."""

    def __init__(
        self,
        module: cst.Module,
        text: str,
        table,
        suppressed: frozenset[tuple[int, int]] = frozenset(),
        *,
        fix_style: str = "inline",
        decay_embeddings: bool = True,
        positions=None,
    ) -> None:
        self.module = module
        self.table = table
        #: (line, 0-based column) where a finding that ``# noqa`` suppresses starts.
        self.suppressed = suppressed
        #: The user's fix settings, read by the rules' fixers.
        self.fix_style = fix_style
        self.decay_embeddings = decay_embeddings
        self.lines = split_lines(text)
        self._positions = positions
        self.edits: dict[cst.CSTNode, list[Edit]] = defaultdict(list)
        #: Work a fixer leaves for the end of the pass (imports, group splits), run once each.
        self._at_end: list[Callable[[FixContext], None]] = []
        #: Per-pass state a fixer shares between its findings (keyed by the fixer's own key).
        self.shared: dict = {}
        self.imports_to_add: list[tuple[str, str | None, str | None]] = []
        self.imports_to_remove: list[tuple[str, str | None, str | None]] = []
        #: The from-imports of names that WD101 fixes rename, decided by ``plan_imports``.
        self.import_sites: dict = {}
        #: Calls laid out one argument per line by a fix, with the indentation of their line.
        self.exploded_calls: dict[cst.Call, Indentation] = {}
        self._parents: dict[cst.CSTNode, cst.CSTNode] | None = None
        self._mapped: set[cst.CSTNode] = set()
        #: Line -> (column, trailing comment) of the lines scanned so far.
        self._comments: dict[int, list[tuple[int, cst.TrailingWhitespace]]] = {}
        self._scanned: set[cst.CSTNode] = set()
        self._taken_comments: set[int] = set()
        self._quote: str | None = None

    @property
    def positions(self):
        """Source positions of every node, computed once per pass and only when a fixer asks."""
        if self._positions is None:
            self._positions = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)
        return self._positions

    # -- edits ---------------------------------------------------------
    def edit(self, node: cst.CSTNode, change: Edit) -> None:
        self.edits[node].append(change)

    def at_end(self, work: Callable[[FixContext], None]) -> None:
        """Run ``work(self)`` once, after every finding of the pass is planned."""
        if work not in self._at_end:
            self._at_end.append(work)

    def finish(self) -> None:
        for work in self._at_end:
            work(self)

    def apply(self) -> cst.Module:
        return self.module.visit(_ApplyEdits(self.edits))

    # -- tree facts ----------------------------------------------------
    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """``node``'s parent: mapped one top-level statement at a time where positions know the statement."""
        if self._parents is None:
            self._parents = {statement: self.module for statement in self.module.body}
        if node in self._parents:
            return self._parents[node]
        statement_of = getattr(self.positions, "statement_of", None)
        root = statement_of(node) if statement_of is not None else None
        if root is None or root in self._mapped:
            root = self.module
        if root not in self._mapped:
            self._mapped.add(root)
            stack: list[cst.CSTNode] = [root]
            while stack:
                current = stack.pop()
                for child in syntactic_children(current):
                    self._parents[child] = current
                    stack.append(child)
        return self._parents.get(node)

    def start_line(self, node: cst.CSTNode) -> int:
        return self.positions[node].start.line

    def is_one_line(self, node: cst.CSTNode) -> bool:
        where = self.positions[node]
        return where.start.line == where.end.line

    def line_text(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def indentation(self, node: cst.CSTNode, *, replaced: bool = False) -> Indentation:
        """Indentation of the line ``node`` starts on, and of its enclosing blocks.

        ``replaced``: ``node`` is replaced whole, its own parentheses with it,
        so what replaces it starts where its first ``(`` is (libcst's
        position of a parenthesized expression starts inside the brackets).
        """
        lpar = getattr(node, "lpar", None) if replaced else None
        start = self.positions[lpar[0]].start.line if lpar else self.start_line(node)
        line = self.line_text(start)
        leading = line[: len(line) - len(line.lstrip(" \t"))]
        block = ""
        current = self.parent(node)
        while current is not None:
            # A ``match`` indents its ``case`` lines itself, then each case body is a block.
            if isinstance(current, (cst.IndentedBlock, cst.Match)):
                block = (current.indent if current.indent is not None else self.module.default_indent) + block
            current = self.parent(current)
        return Indentation(leading, block, self.module.default_indent)

    def comments_inside(self, node: cst.CSTNode) -> list[tuple[int, str]]:
        """(line, text) of the comments inside a multi-line expression, in order."""
        found: list[tuple[int, str]] = []
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, (cst.TrailingWhitespace, cst.EmptyLine)) and current.comment is not None:
                found.append((self.positions[current].start.line, current.comment.value))
            stack.extend(current.children)
        return sorted(found)

    def moves_suppressed(self, node: cst.CSTNode) -> bool:
        """Whether breaking the line after ``node``'s start would move a noqa'd finding off its line.

        A ``# noqa`` covers the findings that start on its line; a layout
        that puts what follows ``node``'s start on later lines must not
        carry such a finding away from its comment (its fix would then run).
        """
        where = self.positions[node].start
        return any(line == where.line and column > where.column for line, column in self.suppressed)

    def width_around(self, node: cst.CSTNode, new_text_length: int) -> int:
        """Length of ``node``'s (one-line) line if ``node`` were ``new_text_length`` characters."""
        where = self.positions[node]
        line = self.line_text(where.start.line)
        return len(line) - (where.end.column - where.start.column) + new_text_length

    def take_trailing_comment(self, node: cst.CSTNode) -> str | None:
        """The comment ending ``node``'s (single) line, removed there so a fix can move it.

        Used when a one-line expression becomes multi-line: the comment (a
        ``# noqa`` above all) goes after the opening bracket, on the line it
        was on, instead of drifting to the closing one.
        """
        trailing = self._trailing_comment(node)
        if trailing is None:
            return None
        self._taken_comments.add(id(trailing))
        self.edit(trailing, _strip_comment)
        return trailing.comment.value

    def has_trailing_comment(self, node: cst.CSTNode) -> bool:
        """Whether ``take_trailing_comment(node)`` would find one."""
        return self._trailing_comment(node) is not None

    def _trailing_comment(self, node: cst.CSTNode) -> cst.TrailingWhitespace | None:
        where = self.positions[node]
        if where.start.line != where.end.line:
            return None
        statement_of = getattr(self.positions, "statement_of", None)
        root = (statement_of(node) if statement_of is not None else None) or self.module
        if root not in self._scanned and self.module not in self._scanned:
            # The comments of the top-level statement holding ``node`` (of the whole module, where that is not known).
            self._scanned.add(root)
            items = self.positions.items_around(node) if root is not self.module else self.positions.items()
            for candidate, position in items:
                if isinstance(candidate, cst.TrailingWhitespace) and candidate.comment is not None:
                    self._comments.setdefault(position.start.line, []).append((position.start.column, candidate))
        for column, trailing in self._comments.get(where.start.line, ()):
            if column >= where.end.column and id(trailing) not in self._taken_comments:
                return trailing
        return None

    def quote(self) -> str:
        """The quote for the keys a fix writes: the formatter's, else the file's usual one."""
        if self._quote is None and preferred_quote() is not None:
            self._quote = preferred_quote()
        if self._quote is None:
            counter = _QuoteCounter()
            counter.walk(self.module)
            self._quote = "'" if counter.single > counter.double else '"'
        return self._quote


def _strip_comment(trailing: cst.TrailingWhitespace) -> cst.TrailingWhitespace:
    return trailing.with_changes(whitespace=cst.SimpleWhitespace(""), comment=None)


class _QuoteCounter(Walker):
    def __init__(self) -> None:
        self.single = 0
        self.double = 0

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        body = node.value.lstrip("rRbBuUfF")
        if body.startswith("'"):
            self.single += 1
        else:
            self.double += 1


class _ApplyEdits(cst.CSTTransformer):
    def __init__(self, edits: dict[cst.CSTNode, list[Edit]]) -> None:
        super().__init__()
        self._edits = edits

    def on_leave(self, original_node, updated_node):
        for change in self._edits.get(original_node, ()):
            updated_node = change(updated_node)
        return updated_node
