"""Cheap text gates: libcst runs only on the files, and the definitions, that can hold a finding.

The gates know no rule: each rule declares its ``Needs`` (optimizer class
names from the table, patterns, patterns that must match together, and for
the pruning the patterns through which values flow), and a gate is the union
over the registry.  Every import form and alias spells a class name out
(``from torch.optim import Adam as A`` still contains ``Adam``), so a file
without any of the words cannot hold an optimizer finding.
"""

from __future__ import annotations

import re
from functools import lru_cache


class TextGate:
    """Does a text hold what at least one rule needs?

    Each test runs a plain substring scan first (several times faster than
    any regex): the shortest class names that the others contain, and the
    literal word each pattern starts with; the regex only confirms.
    """

    def __init__(self, rules, table: dict, pruning: bool) -> None:
        words: set[str] = set()
        #: Class names per root package: every import form spells the package
        #: (``from timm.optim import Lamb``), so its names are scanned only where it is.
        by_package: dict[str, set[str]] = {}
        alone: list[str] = []
        self._together: list[tuple[_Pattern, tuple[_Pattern, ...]]] = []
        for rule in rules:
            needs = rule.needs
            if needs is None:
                continue
            if needs.optimizer_names is not None:
                for name, spec in table.items():
                    if needs.optimizer_names(spec):
                        words.add(name.rsplit(".", 1)[-1])
                        by_package.setdefault(name.split(".", 1)[0], set()).add(name.rsplit(".", 1)[-1])
            if needs.together and needs.patterns:
                self._together.append((_Pattern(needs.patterns), tuple(_Pattern((p,)) for p in needs.together)))
            else:
                alone += needs.patterns
            if pruning:
                alone += needs.flows
        self._word_scan = tuple((package, _shortest(names)) for package, names in sorted(by_package.items()))
        self._words = re.compile(rf"\b{word_alternation(sorted(words))}\b") if words else None
        self._alone = _Pattern(tuple(alone)) if alone else None

    def matches(self, text: str) -> bool:
        if self._words is not None and self._has_a_word(text) and self._words.search(text):
            return True
        if self._alone is not None and self._alone.search(text):
            return True
        return any(either.search(text) and all(p.search(text) for p in also) for either, also in self._together)


    def _has_a_word(self, text: str) -> bool:
        return any(package in text and any(word in text for word in words) for package, words in self._word_scan)


def _shortest(words: set[str]) -> tuple[str, ...]:
    """The words no shorter one is part of (``Adam`` covers ``AdamW``): enough for a substring scan."""
    ordered = sorted(words, key=len)
    return tuple(w for i, w in enumerate(ordered) if not any(shorter in w for shorter in ordered[:i]))


class _Pattern:
    """Patterns, any of which may match; each scanned for its leading literal first."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self._parts = [(_leading_literal(p), re.compile(p)) for p in patterns]

    def search(self, text: str) -> bool:
        return any((not literal or literal in text) and pattern.search(text) for literal, pattern in self._parts)


def _leading_literal(pattern: str) -> str:
    """The plain word a pattern must start with (``parameters`` of ``parameters\\s*\\(``), or ""."""
    match = re.match(r"[A-Za-z_][A-Za-z0-9_]{2,}", pattern)
    if match is None or pattern[match.end() : match.end() + 1] in ("*", "+", "?", "{", "|"):
        return ""
    return "" if "|" in pattern else match.group(0)


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
