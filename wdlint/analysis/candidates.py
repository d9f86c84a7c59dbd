"""Candidates with ``ast``: does a parsed file hold anything a libcst rule could report?

libcst's parse costs about 14x ``ast.parse``, and most files that pass the text
gate hold an optimizer call without weight decay (``Adam(model.parameters(),
lr=1e-3)``) and nothing else.  This pass reads the ``ast`` tree the engine has
already built and answers one question, soundly: can the file be dismissed
without libcst?  It knows Python and the optimizer table, never a rule:

- a rule whose needs are text patterns (``patterns``/``together``) keeps the
  file wherever its clause of the text gate holds;
- a rule that names optimizers keeps the file at any call that may construct
  one of them: the callee mentions a class name, or a name bound (by import,
  assignment, default argument...) to an expression that mentions one, or it
  is a ``partial`` of one;
- ``X.add_param_group(...)`` is kept: the group may bring decay to a
  construction that passed none;
- for a rule that declares ``needs_decay`` a call is dismissed when it surely
  passes no weight decay: its callee is a class name bound by imports only,
  every table row of that name has a zero default, no ``weight_decay``
  keyword, no ``*``/``**`` arguments, fewer positional arguments than the
  decay's position, and parameters that cannot be param groups (plain
  ``X.parameters()``, or any when the file never spells ``weight_decay``).

Anything else is kept: precision of the findings stays libcst's; this pass
only decides where libcst need not run.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left, bisect_right, insort
from functools import lru_cache

#: Optimizer methods that take a param group: a call of one is a candidate wherever it is.
GROUP_METHODS = frozenset({"add_param_group"})
_PLAIN_WRAPPERS = frozenset({"list", "tuple", "filter", "iter"})
_PARAMETER_METHODS = frozenset({"parameters", "named_parameters"})


def _bound(target: ast.AST):
    """What an assignment target binds: a name, an attribute's last part, a subscripted container."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Attribute):
        yield target.attr
    elif isinstance(target, ast.Subscript):
        yield from _bound(target.value)
    elif isinstance(target, ast.Starred):
        yield from _bound(target.value)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _bound(element)


def _class_references(node: ast.AST):
    """Identifiers through which a value may *be* a class (not an instance built from one).

    A call's result is an instance, except a ``partial``'s; a lambda's body runs
    elsewhere (its own calls are candidates of their own).
    """
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Attribute):
            yield node.attr
            stack.append(node.value)
        elif isinstance(node, ast.Call):
            # ``partial(Adam, ...)`` is still the class; ``getattr(torch.optim, "Adam")`` names it in a string.
            if _callee_identifier(node.func) in ("partial", "getattr"):
                stack.extend(node.args)
                stack.extend(keyword.value for keyword in node.keywords)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif not isinstance(node, ast.Lambda):
            stack.extend(ast.iter_child_nodes(node))


def _callee_identifier(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


class _Knowledge:
    """What the registry and the table say, built once per analysis options."""

    def __init__(self, rules, table: dict) -> None:
        from wdlint.analysis.prefilter import TextGate

        # A rule's pattern clause alone (its optimizer names are judged by their calls below).
        self.text_rules = [TextGate.for_rules([_patterns_only(rule)], table, pruning=False) for rule in rules
                           if rule.needs is not None and rule.needs.patterns]
        self.names: set[str] = set()
        self.decay_names: set[str] = set()
        undismissable: set[str] = set()
        for rule in rules:
            needs = rule.needs
            if needs is None or needs.optimizer_names is None:
                continue
            for spec in table.values():
                if needs.optimizer_names(spec):
                    self.names.add(spec.name)
                    (self.decay_names if needs.needs_decay else undismissable).add(spec.name)
        self.undismissable = frozenset(undismissable)
        #: Class name -> the rows of that name (any module): a call is judged against all of them.
        self.rows: dict[str, list] = {}
        for qualified, spec in table.items():
            self.rows.setdefault(qualified.rsplit(".", 1)[-1], []).append(spec)


def _knowledge(options) -> _Knowledge:
    from wdlint.rules import static_rules

    return _knowledge_of(static_rules(), options)


@lru_cache(maxsize=16)
def _knowledge_of(rules, options) -> _Knowledge:
    """Built once per registry and options (a registry reloaded in tests gets its own)."""
    return _Knowledge(rules, options.table())


def candidate_spans(text: str, tree: ast.Module, options) -> list[tuple[int, int]] | None:
    """Line spans of the calls libcst must see, or None when nothing in the file can hold a finding.

    A text rule's clause holding in the file counts as a candidate with no
    span (the pruning keeps what that rule's words need).
    """
    knowledge = _knowledge(options)
    spans = [(call.lineno, call.end_lineno) for call in undismissed_calls(text, tree, knowledge)] if knowledge.names else []
    if spans:
        return spans
    if knowledge.text_rules and any(text_gate.matches(text) for text_gate in knowledge.text_rules):
        if any(text_gate.matches(unit) for unit in _units(text, tree) for text_gate in knowledge.text_rules):
            return spans
    return None


def text_rules_gate(options):
    """The pruning gate of the rules whose needs are text patterns (the others are judged by their calls)."""
    return _text_rules_pruning(_knowledge(options), options)


@lru_cache(maxsize=16)
def _text_rules_pruning(knowledge: "_Knowledge", options):
    from wdlint.analysis.prefilter import TextGate
    from wdlint.rules import static_rules

    rules = [_patterns_only(rule, flows=False) for rule in static_rules() if rule.needs is not None and rule.needs.patterns]
    return TextGate.for_rules(rules, options.table(), pruning=True)


def _patterns_only(rule, flows: bool = True):
    """The rule's needs without its optimizer names: what its text patterns alone require.

    ``flows=False``: without the definitions values flow from, too.  Values
    reach a finding by name, lexically: from its own definition, the ones
    enclosing it (kept: they hold it) or the module level (kept, and the
    definitions using its aliases with it), so with candidates known a
    definition that merely spells ``parameters(`` elsewhere need not be parsed.
    """
    from dataclasses import replace
    from types import SimpleNamespace

    needs = replace(rule.needs, optimizer_names=None)
    return SimpleNamespace(needs=needs if flows else replace(needs, flows=()))


def _units(text: str, tree: ast.Module):
    """The module-level code alone, then with each top-level definition: where a text rule's words must meet.

    A pattern rule's finding sits in one definition, and takes what it needs
    from there or from module-level names; never from two definitions.
    """
    lines = text.splitlines(keepends=True)
    definitions = []
    module_level = []
    covered = 0
    for node in tree.body:
        start = node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            module_level.append("".join(lines[covered : start - 1]))
            definitions.append("".join(lines[start - 1 : node.end_lineno]))
            covered = node.end_lineno
    module_level.append("".join(lines[covered:]))
    shared = "".join(module_level)
    yield shared
    for definition in definitions:
        yield shared + "\n" + definition


def undismissed_calls(text: str, tree: ast.Module, knowledge: _Knowledge) -> list[ast.Call]:
    """The calls that may construct an optimizer with weight decay (what libcst must see).

    Only the statements whose lines hold a word that matters are read (see
    ``_HotStatements``): on a file that passes the gate that is a few
    functions, not the tree.
    """
    hot = _HotStatements(text, tree, knowledge)
    tainted, assigned = hot.bindings()
    spells_decay = "weight_decay" in text
    undismissed = []
    for node in hot.calls:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in GROUP_METHODS:
            undismissed.append(node)  # a group added later brings its own decay to a construction that had none
        elif tainted.isdisjoint(_class_references(func)):
            if _callee_identifier(func) == "partial" and any(
                not tainted.isdisjoint(_class_references(arg)) for arg in node.args
            ):
                undismissed.append(node)
        elif not _surely_without_decay(node, knowledge, assigned, spells_decay):
            undismissed.append(node)
    return undismissed


@lru_cache(maxsize=64)
def _words_pattern(words: frozenset[str]) -> re.Pattern:
    """Any of ``words`` as a whole identifier (the lookahead on first letters lets the scan skip ahead)."""
    ordered = sorted(words, key=lambda word: (-len(word), word))
    first = "".join(sorted({re.escape(word[0]) for word in ordered}))
    return re.compile(rf"\b(?=[{first}])(?:{'|'.join(map(re.escape, ordered))})\b")


#: Fields of a statement that hold blocks of statements (read only where their lines are hot).
_BLOCKS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})


class _HotStatements:
    """The bindings and calls of the statements whose lines mention a name that may hold an optimizer class.

    Every fact the dismissal uses is spelled where it is: a call that may
    construct an optimizer names (in its callee, or a ``partial``'s
    arguments) a class name or an identifier bound to one; that binding
    names it too (``opt_cls = torch.optim.Adam``, ``from x import SGD as
    Adam``, ``def f(cls=Adam)``, ``getattr(optim, "Adam")``), and so on
    along the chain.  So the table's class names are searched in the text as
    words, the statements holding those lines are read (their own
    expressions in full, their blocks statement by statement), the
    identifiers they bind to such names are searched in turn, to a fixed
    point.  Everything else of the tree is never visited.
    """

    def __init__(self, text: str, tree: ast.Module, knowledge: _Knowledge) -> None:
        self._text = text
        self._tree = tree
        self._newlines: list[int] | None = None
        self._hot: list[int] = []
        self._read: set[int] = set()
        self.calls: list[ast.Call] = []
        self._edges: list[tuple[list[str], ast.AST]] = []
        self._assigned: set[str] = set()
        self._imported: dict[str, set[str]] = {}
        self._names = knowledge.names
        # Class names of every row (a callee's own bindings are judged for them) and the names that may hold one.
        self._searched: set[str] = set()
        self._search(set(knowledge.names) | set(knowledge.rows) | GROUP_METHODS)

    def bindings(self) -> tuple[frozenset[str], frozenset[str]]:
        """Identifiers that may hold an optimizer class (fixed point), and those bound other than by import."""
        while True:
            self._read_block(self._tree.body)
            tainted = self._tainted()
            if tainted <= self._searched:
                break
            self._search(tainted - self._searched)
        # An import that renames (``from torch.optim import SGD as Adam``) is judged by both names.
        renamed = {local for local, imported_names in self._imported.items() if imported_names != {local}}
        return frozenset(tainted), frozenset(self._assigned | renamed)

    def _tainted(self) -> set[str]:
        tainted = set(self._names)
        for local, imported_names in self._imported.items():
            if not imported_names.isdisjoint(self._names):
                tainted.add(local)
        values = [(bound, frozenset(_class_references(value))) for bound, value in self._edges]
        changed = True
        while changed:
            changed = False
            for bound, mentioned in values:
                if not tainted.isdisjoint(mentioned) and not tainted.issuperset(bound):
                    tainted.update(bound)
                    changed = True
        return tainted

    # -- where the words are -------------------------------------------------------------
    def _search(self, names: set[str]) -> None:
        self._searched |= names
        words = frozenset(name for name in names if name)
        if not words:
            return
        hot = set(self._hot)
        for line in self._lines_of(match.start() for match in _words_pattern(words).finditer(self._text)):
            if line not in hot:
                hot.add(line)
                insort(self._hot, line)

    def _lines_of(self, offsets):
        """The line number of each offset (ascending), as Python numbers lines (CR, LF or CRLF ends one)."""
        text = self._text
        if "\r" in text:
            if self._newlines is None:
                self._newlines = [match.end() for match in re.finditer(r"\r\n?|\n", text)]
            for offset in offsets:
                yield bisect_right(self._newlines, offset) + 1
            return
        line, counted = 1, 0
        for offset in offsets:
            line += text.count("\n", counted, offset)
            counted = offset
            yield line

    def _is_hot(self, node: ast.AST) -> bool:
        decorators = getattr(node, "decorator_list", None)
        index = bisect_left(self._hot, decorators[0].lineno if decorators else node.lineno)
        return index < len(self._hot) and self._hot[index] <= node.end_lineno

    # -- reading statements ----------------------------------------------------------------
    def _read_block(self, statements) -> None:
        for statement in statements:
            if not self._is_hot(statement):
                continue
            if id(statement) not in self._read:
                self._read.add(id(statement))
                self._record(statement)
                for name in statement._fields:
                    if name not in _BLOCKS:
                        self._read_expression(getattr(statement, name))
            for name in _BLOCKS:
                block = getattr(statement, name, None)
                if not block:
                    continue
                if name == "handlers":
                    for handler in block:
                        if self._is_hot(handler):
                            if id(handler) not in self._read:
                                self._read.add(id(handler))
                                self._record(handler)
                                self._read_expression(handler.type)
                            self._read_block(handler.body)
                elif name == "cases":
                    for case in block:
                        if id(case) not in self._read:
                            self._read.add(id(case))
                            self._read_expression(case.pattern)
                            self._read_expression(case.guard)
                        self._read_block(case.body)
                else:
                    self._read_block(block)

    def _read_expression(self, value) -> None:
        """Everything below a statement's own field (never a block of statements)."""
        if isinstance(value, list):
            for item in value:
                self._read_expression(item)
            return
        if not isinstance(value, ast.AST):
            return
        for node in ast.walk(value):
            self._record(node)

    def _record(self, node: ast.AST) -> None:
        if isinstance(node, ast.Call):
            self.calls.append(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                self._imported.setdefault(local, set()).add(alias.name.rsplit(".", 1)[-1])
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bound = [identifier for target in targets for identifier in _bound(target)]
            self._assigned.update(bound)
            if node.value is not None:
                self._edges.append((bound, node.value))
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            bound = list(_bound(node.target))
            self._assigned.update(bound)
            self._edges.append((bound, node.iter))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    bound = list(_bound(item.optional_vars))
                    self._assigned.update(bound)
                    self._edges.append((bound, item.context_expr))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            self._assigned.update(a.arg for a in every)
            for argument, default in zip(reversed(arguments.posonlyargs + arguments.args), reversed(arguments.defaults)):
                self._edges.append(([argument.arg], default))
            for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults):
                if default is not None:
                    self._edges.append(([argument.arg], default))
            if not isinstance(node, ast.Lambda):
                self._assigned.add(node.name)
        elif isinstance(node, ast.ClassDef):
            self._assigned.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            self._assigned.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            self._assigned.add(node.name)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                self._assigned.update(_bound(target))
        elif isinstance(node, ast.MatchAs) and node.name:
            self._assigned.add(node.name)


def _surely_without_decay(call: ast.Call, knowledge: _Knowledge, assigned: frozenset[str], spells_decay: bool) -> bool:
    func = call.func
    name = _callee_identifier(func)
    if name is None or name not in knowledge.rows or name in assigned or name in knowledge.undismissable:
        return False
    if isinstance(func, ast.Attribute) and not _dotted(func.value):
        return False
    if any(isinstance(arg, ast.Starred) for arg in call.args):
        return False
    if any(keyword.arg is None or keyword.arg == "weight_decay" for keyword in call.keywords):
        return False
    positional = len(call.args)
    for spec in knowledge.rows[name]:
        if spec.default_weight_decay != 0:
            return False
        if spec.positional_count is None and positional > 1:
            return False
        if spec.weight_decay_position is not None and positional > spec.weight_decay_position:
            return False
    if spells_decay:
        params = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "params"), None)
        if params is not None and not _plain_parameters(params):
            return False
    return True


def _dotted(expr: ast.expr) -> bool:
    while isinstance(expr, ast.Attribute):
        expr = expr.value
    return isinstance(expr, ast.Name)


def _plain_parameters(expr: ast.expr) -> bool:
    """``X.parameters()`` and flat wrappers of it: surely not param groups with their own decay."""
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute) and func.attr in _PARAMETER_METHODS and _dotted(func.value):
            return True
        if isinstance(func, ast.Name) and func.id in _PLAIN_WRAPPERS and expr.args and not expr.keywords:
            return _plain_parameters(expr.args[-1])
        return False
    if isinstance(expr, (ast.GeneratorExp, ast.ListComp)):
        return all(_plain_parameters(generator.iter) for generator in expr.generators)
    return False
