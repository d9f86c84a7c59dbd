"""Config files through the one analysis path: gate, parse, rules' ``check_config``, positions, noqa."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wdlint.diagnostics import Diagnostic


@dataclass(frozen=True)
class ConfigContext:
    """What a rule's ``check_config`` reads: the file's optimizer entries and documents."""

    path: str
    text: str
    documents: list
    entries: list
    table: dict


@dataclass(frozen=True)
class ConfigFinding:
    code: str
    #: The node the finding points at (a key).
    node: object
    message: str
    detail: object = None


@dataclass(frozen=True)
class ConfigEdit:
    """Replace ``text[start:end]`` by ``new``: a fix touches one scalar and nothing else."""

    start: int
    end: int
    new: str
    title: str


@lru_cache(maxsize=8)
def _gate(patterns: tuple[str, ...]):
    from wdlint.configs.conventions import CONFIG_WORDS

    return (re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None), re.compile(CONFIG_WORDS)


def config_rules() -> list:
    from wdlint.rules import static_rules

    return [rule for rule in static_rules() if getattr(rule, "check_config", None) is not None]


def might_hold_optimizer(text: str) -> bool:
    """The text gate: some rule's ``Needs.config_patterns`` and an optimizer-ish word."""
    patterns = tuple(sorted({p for rule in config_rules() if rule.needs is not None for p in rule.needs.config_patterns}))
    keys, words = _gate(patterns)
    return keys is not None and keys.search(text) is not None and words.search(text) is not None


def analyse(text: str, path: str, options) -> tuple[list, list[ConfigFinding]] | Diagnostic:
    """(documents, raw findings), or the WD000 of a config that holds an optimizer entry and does not parse."""
    from wdlint.configs.documents import ConfigError, load
    from wdlint.configs.entries import optimizer_entries

    try:
        documents = load(text, path)
    except ConfigError as error:
        return Diagnostic(path, error.line, error.column, error.line, error.column, "WD000", error.reason)
    table = options.table()
    entries = [entry for document in documents for entry in optimizer_entries(document, table, text)]
    if not entries:
        return documents, []
    context = ConfigContext(path, text, documents, entries, table)
    return documents, [finding for rule in config_rules() for finding in rule.check_config(context)]


def config_fix(finding: ConfigFinding, text: str):
    """The rule's edit for a finding (a ConfigEdit), or None."""
    from wdlint.rules import get_rule

    rule = get_rule(finding.code)
    fixer = getattr(rule, "config_fixer", None) if rule is not None else None
    return fixer(finding, text) if fixer is not None else None


def lint_config(text: str, path: str, options, *, apply_noqa: bool = True) -> list[Diagnostic]:
    if not might_hold_optimizer(text):
        return []
    analysed = analyse(text, path, options)
    if isinstance(analysed, Diagnostic):
        return [analysed]
    _, findings = analysed
    diagnostics = [_diagnostic(finding, text, path) for finding in findings]
    if apply_noqa and not path.endswith(".json"):
        diagnostics = _without_suppressed(diagnostics, text)
    return sorted(diagnostics)


def _diagnostic(finding: ConfigFinding, text: str, path: str) -> Diagnostic:
    from wdlint.configs.documents import line_and_column

    line, column = line_and_column(text, finding.node.start)
    end_line, end_column = line_and_column(text, finding.node.end)
    edit = config_fix(finding, text)
    return Diagnostic(path, line, column, end_line, end_column, finding.code, finding.message, isinstance(edit, ConfigEdit))


def _without_suppressed(diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
    """``# noqa`` on the finding's line (YAML comments are ``#`` too)."""
    from wdlint import noqa

    if "noqa" not in text.lower():
        return diagnostics
    lines = text.splitlines()
    return [d for d in diagnostics if not noqa.is_suppressed(lines[d.line - 1] if d.line <= len(lines) else "", d.code)]
