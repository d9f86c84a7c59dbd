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
    """Does a text hold what at least one rule needs?"""

    def __init__(self, rules, table: dict, pruning: bool) -> None:
        words: set[str] = set()
        alone: list[str] = []
        self._together: list[tuple[re.Pattern, tuple[re.Pattern, ...]]] = []
        for rule in rules:
            needs = rule.needs
            if needs is None:
                continue
            if needs.optimizer_names is not None:
                words |= {name.rsplit(".", 1)[-1] for name, spec in table.items() if needs.optimizer_names(spec)}
            if needs.together and needs.patterns:
                either = re.compile("|".join(f"(?:{pattern})" for pattern in needs.patterns))
                self._together.append((either, tuple(re.compile(pattern) for pattern in needs.together)))
            else:
                alone += needs.patterns
            if pruning:
                alone += needs.flows
        parts = ([rf"\b{word_alternation(sorted(words))}\b"] if words else []) + [f"(?:{p})" for p in alone]
        self._any = re.compile("|".join(parts)) if parts else None

    def matches(self, text: str) -> bool:
        if self._any is not None and self._any.search(text):
            return True
        return any(either.search(text) and all(p.search(text) for p in also) for either, also in self._together)


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
