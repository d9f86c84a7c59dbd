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

import re
from functools import lru_cache


class _Names:
    """Class names as whole words, each counted only where one of its packages is named too.

    One scan serves every rule: the names found so far are kept, and the scan
    goes on only until it finds one of the names a rule asks about.
    """

    def __init__(self, packages_by_name: dict[str, set[str]]) -> None:
        self._packages = {name: tuple(sorted(packages)) for name, packages in packages_by_name.items()}
        self._packages_bytes = {name.encode(): tuple(p.encode() for p in ps) for name, ps in self._packages.items()}
        self._source = rf"{word_alternation(sorted(packages_by_name))}\b"
        self._compiled: dict[type, re.Pattern] = {}

    def _pattern(self, kind: type) -> re.Pattern:
        """Compiled on first use, for ``str`` or ``bytes`` only as a run needs (start-up is a feature)."""
        if kind not in self._compiled:
            self._compiled[kind] = re.compile(self._source.encode() if kind is bytes else self._source)
        return self._compiled[kind]

    def scan(self, text):
        """Yield each name that occurs as a word in ``text`` with its package (names as ``str``)."""
        is_bytes = isinstance(text, bytes)
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


class TextGate:
    """Does a text hold what at least one rule needs?

    ``pruning=False``: the file gate (a rule's names together with its
    ``names_together`` patterns; its ``patterns`` with its ``together``).
    ``pruning=True``: the definition gate (names alone, patterns, and the
    ``flows`` that carry values from one definition into another's finding).
    """

    def __init__(self, rules, table: dict, pruning: bool) -> None:
        self._conditions: dict = {}
        clauses: list[tuple] = []
        all_names: dict[str, set[str]] = {}
        for rule in rules:
            needs = rule.needs
            if needs is None:
                continue
            if needs.optimizer_names is not None:
                names = frozenset(
                    qualified.rsplit(".", 1)[-1] for qualified, spec in table.items() if needs.optimizer_names(spec)
                )
                for qualified, spec in table.items():
                    if needs.optimizer_names(spec):
                        all_names.setdefault(qualified.rsplit(".", 1)[-1], set()).add(qualified.split(".", 1)[0])
                if names:
                    also = () if pruning else tuple(self._pattern(p) for p in needs.names_together)
                    clauses.append((*also, self._condition(("names", names), lambda: _NamesOf(names))))
            if needs.patterns:
                either = self._condition(("any", needs.patterns), lambda: _AnyPattern([self._pattern(p) for p in needs.patterns]))
                clauses.append((either, *(self._pattern(p) for p in needs.together)))
            if pruning:
                clauses += [(self._pattern(p),) for p in needs.flows]
        # Merge identical clauses; cheapest conditions first within each.
        unique = list(dict.fromkeys(clauses))
        self._clauses = tuple(tuple(sorted(clause, key=lambda c: isinstance(c, _NamesOf))) for clause in unique)
        self._names = _Names(all_names) if all_names else None

    def _condition(self, key, make):
        if key not in self._conditions:
            self._conditions[key] = make()
        return self._conditions[key]

    def _pattern(self, pattern: str) -> _Pattern:
        return self._condition(("pattern", pattern), lambda: _Pattern(pattern))

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


@lru_cache(maxsize=16)
def gate(options, pruning: bool = False) -> TextGate:
    """The gate for these analysis options (built once per setting, not per file)."""
    from wdlint.rules import static_rules

    return TextGate(static_rules(), options.table(), pruning)
