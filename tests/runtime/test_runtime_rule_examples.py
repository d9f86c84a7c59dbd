"""The runtime rules' examples run: each invalid program is reported with its code, each valid one is not."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

import wdlint  # noqa: E402
from wdlint.rules import all_rules  # noqa: E402
from wdlint.rules.base import source_of  # noqa: E402

RUNTIME_RULES = [rule for rule in all_rules() if rule.surface == "runtime"]


def _codes(program: str) -> set[str]:
    namespace = {"torch": torch, "nn": torch.nn, "wdlint": wdlint}
    exec(compile(program, "<example>", "exec"), namespace)
    return {finding.code for finding in wdlint.check(namespace["model"], namespace["optimizer"]).findings}


@pytest.mark.parametrize("rule", RUNTIME_RULES, ids=lambda rule: rule.code)
def test_runtime_examples(rule):
    assert rule.invalid and rule.valid
    for example in rule.invalid:
        assert rule.code in _codes(source_of(example))
    for example in rule.valid:
        assert rule.code not in _codes(source_of(example))
