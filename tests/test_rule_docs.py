"""Rule docs cannot lie: their examples run through the engine."""

from __future__ import annotations

import pytest

from wdlint.engine import lint_text
from wdlint.fix import fix_source
from wdlint.rules import all_rules, get_rule, static_rules
from wdlint.rules.base import Example, source_of

STATIC_RULES = list(static_rules())
PRELUDE = "import torch\nimport wdlint\n"


def _codes(source: str) -> list[str]:
    return [d.code for d in lint_text(PRELUDE + source, "example.py")]


def _findings(source: str, code: str):
    return [d for d in lint_text(source, "example.py") if d.code == code]


@pytest.mark.parametrize("rule", STATIC_RULES, ids=lambda rule: rule.code)
def test_example_triggers_and_use_instead_is_clean(rule):
    assert rule.code in _codes(rule.example)
    assert rule.code not in _codes(rule.use_instead)


@pytest.mark.parametrize(
    ("rule", "source"),
    [(rule, source) for rule in STATIC_RULES for source in rule.invalid],
    ids=lambda value: getattr(value, "code", None),
)
def test_invalid_examples(rule, source):
    """Each invalid example triggers the rule; its fix gives the expected module, which re-checks clean."""
    found = _findings(source_of(source), rule.code)
    assert found
    if not isinstance(source, Example):
        return
    if source.unfixable:
        assert not any(d.fixable for d in found)
        assert "(no autofix: " in found[0].message
    if source.expected_fix is not None:
        assert all(d.fixable for d in found)
        result = fix_source(source.source.encode(), "example.py", is_selected=lambda code: code == rule.code)
        assert result.new_source.decode() == source.expected_fix
        compile(source.expected_fix, "example.py", "exec")
        assert not _findings(source.expected_fix, rule.code)


@pytest.mark.parametrize(
    ("rule", "source"),
    [(rule, source) for rule in STATIC_RULES for source in rule.valid],
    ids=lambda value: getattr(value, "code", None),
)
def test_valid_examples(rule, source):
    assert rule.code not in _codes(source_of(source))


def test_every_rule_has_docs_in_ruff_sections():
    for rule in all_rules():
        page = rule.render()
        for section in ("## What it does", "## Why is this bad?", "## Example", "Use instead:"):
            assert section in page, (rule.code, section)
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert get_rule(rule.code) is rule and get_rule(rule.name) is rule


def test_fixable_rules_show_a_fix_in_their_examples():
    """A rule with a fixer proves it: at least one invalid example carries its expected fix (Fixit's AUTOFIX)."""
    for rule in STATIC_RULES:
        has_expected_fix = any(isinstance(e, Example) and e.expected_fix is not None for e in rule.invalid)
        assert has_expected_fix == (rule.fixer is not None), rule.code


def test_codes_are_unique():
    codes = [rule.code for rule in all_rules()]
    assert len(codes) == len(set(codes))
