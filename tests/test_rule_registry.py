"""A new rule is one module: the engine, the gates, the pruning and fix pick it up from the registry."""

from __future__ import annotations

from pathlib import Path

import pytest

import wdlint.rules
from wdlint.analysis import prefilter
from wdlint.engine import _returns_gate, lint_text, might_have_findings
from wdlint.fix import fix_source

TOY_RULES = Path(__file__).parent / "toy_rules"

# No optimizer name, no ``parameters(``: only the toy rule's own needs can keep this file,
# and its function would be pruned by needs that do not include the toy rule's.
SOURCE = "import lib\n\n\ndef build(model):\n    return lib.make(model, weight_decay='0.05')\n"


def _clear_caches() -> None:
    for cached in (wdlint.rules.all_rules, wdlint.rules.static_rules, wdlint.rules._by_code, prefilter.gate, _returns_gate):
        cached.cache_clear()


@pytest.fixture
def toy_rule(monkeypatch):
    monkeypatch.setattr(wdlint.rules, "__path__", [*wdlint.rules.__path__, str(TOY_RULES)])
    monkeypatch.setattr(wdlint.rules, "__name__", "wdlint.rules")
    _clear_caches()
    yield
    _clear_caches()


def test_without_the_module_nothing_is_found():
    _clear_caches()
    assert not might_have_findings(SOURCE)
    assert lint_text(SOURCE, "x.py") == []


def test_the_module_alone_adds_check_gate_pruning_and_fix(toy_rule, monkeypatch):
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("wdlint.rules.wd199", TOY_RULES / "wd199.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "wdlint.rules.wd199", module)
    spec.loader.exec_module(module)
    _clear_caches()

    assert wdlint.rules.get_rule("WD199") is module.RULE
    assert might_have_findings(SOURCE)  # the text gate reads the rule's needs
    [finding] = lint_text(SOURCE, "x.py")  # the pruning kept ``build`` for it
    assert (finding.code, finding.line, finding.fixable) == ("WD199", 5, True)
    result = fix_source(SOURCE.encode(), "x.py")
    assert result.notes == []
    assert result.new_source.decode() == SOURCE.replace("'0.05'", "0.05")
    assert lint_text(result.new_source.decode(), "x.py") == []
    unfixable = lint_text(SOURCE.replace("'0.05'", "'tiny'"), "x.py")
    assert [d.fixable for d in unfixable] == [False]
    assert unfixable[0].message.endswith("(no autofix: 'tiny' is not a number)")
