"""Cheap text gates: a file is parsed, and a definition handed to libcst, only where a finding can be.

The gates know no rule: each rule declares its ``Needs`` (optimizer class
names from the table and the patterns that must match beside them, patterns
that must match together, and for the pruning the patterns through which
values flow), and a gate is the union over the registry: a text passes when
every condition of at least one rule's clause holds.  Every import form and
alias spells a class name out (``from torch.optim import Adam as A`` still
contains ``Adam``) and its package (``torch``), so a file without them cannot
hold an optimizer finding.

A gate reads ``str`` or ``bytes`` (the CLI gates the raw bytes, so a rejected
file is never even decoded: Python source encodings are ASCII-compatible).
Cost is a few scans of the text: one regex over all class names as a trie
(no leading ``\\b``, so ``re`` skips to the trie's first letters; the boundary
is checked per match), and each pattern only where its leading literal is.
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache


class _Names:
    """Class names as whole words, each counted only where one of its packages is named too.

    One scan serves every rule: the names found so far are kept, and the scan
    goes on only until it finds one of the names a rule asks about.
    """

    def __init__(self, packages_by_name: dict[str, tuple[str, ...]]) -> None:
        self._packages = packages_by_name
        self._packages_bytes = {name.encode(): tuple(p.encode() for p in ps) for name, ps in self._packages.items()}
        self._any_package = sorted({package for packages in packages_by_name.values() for package in packages})
        self._any_package_bytes = [package.encode() for package in self._any_package]
        self._compiled: dict[type, re.Pattern] = {}

    def _pattern(self, kind: type) -> re.Pattern:
        """Compiled on first use, for ``str`` or ``bytes`` only as a run needs (start-up is a feature)."""
        if kind not in self._compiled:
            source = _names_source(tuple(sorted(self._packages)))
            self._compiled[kind] = re.compile(source.encode() if kind is bytes else source)
        return self._compiled[kind]

    def scan(self, text):
        """Yield each name that occurs as a word in ``text`` with its package (names as ``str``)."""
        is_bytes = isinstance(text, bytes)
        if not any(package in text for package in (self._any_package_bytes if is_bytes else self._any_package)):
            return  # no package named: no name counts (and the name regex is not even compiled)
        pattern = self._pattern(bytes if is_bytes else str)
        packages = self._packages_bytes if is_bytes else self._packages
        for match in pattern.finditer(text):
            start = match.start()
            if start and _is_word_character(text[start - 1], is_bytes):
                continue
            name = match.group(0)
            if any(package in text for package in packages[name]):
                yield name.decode() if is_bytes else name


class _NamesOf:
    """A rule's names: does the shared scan find one of them?"""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def holds(self, state: "_Scan") -> bool:
        return state.finds(self.names)


class _Scan:
    """The shared name scan of one text, advanced only as far as a question needs."""

    def __init__(self, names: _Names, text) -> None:
        self._iterator = names.scan(text)
        self._found: set[str] = set()
        self._done = False

    def finds(self, wanted: frozenset[str]) -> bool:
        if not self._found.isdisjoint(wanted):
            return True
        while not self._done:
            name = next(self._iterator, None)
            if name is None:
                self._done = True
                break
            self._found.add(name)
            if name in wanted:
                return True
        return False


def _is_word_character(character, is_bytes: bool) -> bool:
    if is_bytes:
        return character == 95 or 48 <= character <= 57 or 65 <= character <= 90 or 97 <= character <= 122
    return character == "_" or character.isalnum()


class _Pattern:
    """One regular expression, tried only where the literal it must contain is (compiled on first use)."""

    def __init__(self, pattern: str) -> None:
        alternatives = _top_level_alternatives(pattern)
        if len(alternatives) > 1 and re.search(r"\\[1-9]", pattern):
            alternatives = [pattern]  # a backreference: keep the group numbering whole
        # Cheapest first: alternatives with a literal to scan for.
        parts = sorted(((_leading_literal(a), a) for a in alternatives), key=lambda part: not part[0])
        self._parts = [(literal, literal.encode(), source) for literal, source in parts]
        self._compiled: dict[tuple[str, type], re.Pattern] = {}

    def _compile(self, source: str, kind: type) -> re.Pattern:
        key = (source, kind)
        if key not in self._compiled:
            self._compiled[key] = re.compile(source.encode() if kind is bytes else source)
        return self._compiled[key]

    def search(self, text) -> bool:
        if isinstance(text, bytes):
            return any((not raw or raw in text) and self._compile(source, bytes).search(text)
                       for _, raw, source in self._parts)
        return any((not literal or literal in text) and self._compile(source, str).search(text)
                   for literal, _, source in self._parts)


def gate_plan(rules, table: dict, pruning: bool) -> tuple[tuple, dict[str, tuple[str, ...]]]:
    """A gate as plain data: its clauses, and each class name's packages.

    A clause is a tuple of conditions, all of which must hold: ``("names",
    frozenset)`` (one of these class names as a word, with its package),
    ``("pattern", regex)`` or ``("any", regexes)``.  ``pruning=False``: the
    file gate (a rule's names together with its ``names_together`` patterns;
    its ``patterns`` with its ``together``).  ``pruning=True``: the definition
    gate (names alone, patterns, and the ``flows`` that carry values from one
    definition into another's finding).  Plain data, so that the file gate of
    the built-in table can be written out (``wdlint.analysis.default_gate``).
    """
    clauses: list[tuple] = []
    packages: dict[str, set[str]] = {}
    for rule in rules:
        needs = rule.needs
        if needs is None:
            continue
        if needs.optimizer_names is not None:
            names = set()
            for qualified, spec in table.items():
                if needs.optimizer_names(spec):
                    name, package = qualified.rsplit(".", 1)[-1], qualified.split(".", 1)[0]
                    names.add(name)
                    packages.setdefault(name, set()).add(package)
            if names:
                also = () if pruning else tuple(("pattern", p) for p in needs.names_together)
                clauses.append((*also, ("names", frozenset(names))))
        if needs.patterns:
            clauses.append((("any", tuple(needs.patterns)), *(("pattern", p) for p in needs.together)))
        if pruning:
            clauses += [(("pattern", p),) for p in needs.flows]
    return tuple(dict.fromkeys(clauses)), {name: tuple(sorted(found)) for name, found in sorted(packages.items())}


class TextGate:
    """Does a text hold what at least one rule needs?  Built from a ``gate_plan``."""

    def __init__(self, plan: tuple[tuple, dict[str, tuple[str, ...]]]) -> None:
        clauses, packages = plan
        self._conditions: dict = {}
        # Cheapest conditions first within each clause: the name scan last.
        self._clauses = tuple(
            tuple(sorted((self._condition(key) for key in clause), key=lambda c: isinstance(c, _NamesOf)))
            for clause in clauses
        )
        self._names = _Names(packages) if packages else None

    @classmethod
    def for_rules(cls, rules, table: dict, pruning: bool) -> TextGate:
        return cls(gate_plan(rules, table, pruning))

    def _condition(self, key):
        if key not in self._conditions:
            kind, value = key
            if kind == "names":
                self._conditions[key] = _NamesOf(value)
            elif kind == "any":
                self._conditions[key] = _AnyPattern([self._condition(("pattern", p)) for p in value])
            else:
                self._conditions[key] = _Pattern(value)
        return self._conditions[key]

    def matches(self, text) -> bool:
        """True when some rule's clause holds for ``text`` (``str`` or ``bytes``)."""
        known: dict[int, bool] = {}
        scan = None
        for clause in self._clauses:
            for condition in clause:
                key = id(condition)
                if key not in known:
                    if isinstance(condition, _NamesOf):
                        scan = scan or _Scan(self._names, text)
                        known[key] = condition.holds(scan)
                    else:
                        known[key] = bool(condition.search(text))
                if not known[key]:
                    break
            else:
                return True
        return False


class _AnyPattern:
    def __init__(self, patterns: list[_Pattern]) -> None:
        self._patterns = patterns

    def search(self, text) -> bool:
        return any(pattern.search(text) for pattern in self._patterns)


def _top_level_alternatives(pattern: str) -> list[str]:
    """``a|b(c|d)`` -> ``["a", "b(c|d)"]``: the alternatives outside any group."""
    parts, depth, start, index = [], 0, 0, 0
    in_class = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts


def _leading_literal(pattern: str) -> str:
    """The plain text a pattern must start with (``pow(`` of ``pow\\(``, ``**`` of ``\\*\\*\\s*2``), or ""."""
    if len(_top_level_alternatives(pattern)) > 1:
        return ""
    literal: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern) and not pattern[index + 1].isalnum():
            literal.append(pattern[index + 1])
            index += 2
        elif char.isalnum() or char == "_":
            literal.append(char)
            index += 1
        else:
            break
        if index < len(pattern) and pattern[index] in "*+?{":
            literal.pop()  # that character is optional or repeated
            break
    text = "".join(literal)
    return text if len(text) >= 2 else ""


@lru_cache(maxsize=16)
def _names_source(names: tuple[str, ...]) -> str:
    """The names' regex, built once for ``str`` and ``bytes`` alike."""
    return rf"{word_alternation(list(names))}\b"


def word_alternation(words: list[str]) -> str:
    """A regex matching exactly ``words``, as a trie (``Ada(?:m(?:W|ax)?|grad)``).

    Python's ``re`` tries a flat alternation word by word at every position;
    a trie shares the prefixes, which keeps a gate of a hundred class names
    as fast as one of ten.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


def rule_modules() -> tuple[str, ...]:
    """The ``wdNNN`` rule modules there are, found as the registry finds them but without importing it."""
    package = sys.modules.get("wdlint.rules")
    directories = package.__path__ if package is not None else [os.path.join(os.path.dirname(__file__), "..", "rules")]
    found = set()
    for directory in directories:
        try:
            found.update(name[:-3] for name in os.listdir(directory) if name.startswith("wd") and name.endswith(".py"))
        except OSError:
            pass
    return tuple(sorted(found))


@lru_cache(maxsize=16)
def gate(options, pruning: bool = False) -> TextGate:
    """The gate for these analysis options (built once per setting, not per file).

    The file gate of the built-in table is read from its written-out plan:
    a run with default settings gates files without importing the rules
    (unless the rule modules are not those it was written from).
    """
    if not pruning and not options.extra_coupled_optimizers and not options.extra_decoupled_optimizers:
        from wdlint.analysis import default_gate

        if default_gate.RULE_MODULES == rule_modules():
            return TextGate(default_gate.PLAN)
    from wdlint.rules import static_rules

    return TextGate.for_rules(static_rules(), options.table(), pruning)
