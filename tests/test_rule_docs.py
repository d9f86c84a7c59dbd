"""Rule docs cannot lie: their examples run through the engine."""

from __future__ import annotations

import pytest

from wdlint.engine import lint_text
from wdlint.rules import all_rules, get_rule

STATIC_RULES = [rule for rule in all_rules() if rule.surface == "static" and rule.code != "WD000"]
PRELUDE = "import torch\nimport wdlint\n"


def _codes(source: str) -> list[str]:
    return [d.code for d in lint_text(PRELUDE + source, "example.py")]


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
    assert rule.code in _codes(source)


@pytest.mark.parametrize(
    ("rule", "source"),
    [(rule, source) for rule in STATIC_RULES for source in rule.valid],
    ids=lambda value: getattr(value, "code", None),
)
def test_valid_examples(rule, source):
    assert rule.code not in _codes(source)


def test_every_rule_has_docs_in_ruff_sections():
    for rule in all_rules():
        page = rule.render()
        for section in ("## What it does", "## Why is this bad?", "## Example", "Use instead:"):
            assert section in page, (rule.code, section)
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert get_rule(rule.code) is rule and get_rule(rule.name) is rule


def test_codes_are_unique():
    codes = [rule.code for rule in all_rules()]
    assert len(codes) == len(set(codes))
