"""Rule registry, discovered from the ``wdNNN`` modules of this package.

No hand-kept list: adding a rule is adding a module that defines ``RULE``
(with its check, needs and fixer: see ``base``).  The engine, the text
gates, the pruning and ``fix`` loop over this registry and name no rule.
Rule modules import the analysis library lazily, inside their checks, so
that loading the registry (the prefilter needs every rule's needs) costs
no libcst import.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from wdlint.rules.base import Rule

__all__ = ["Rule", "all_rules", "get_rule", "static_rules"]


@lru_cache(maxsize=None)
def all_rules() -> tuple[Rule, ...]:
    rules = []
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("wd"):
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            rules.append(module.RULE)
    return tuple(sorted(rules, key=lambda rule: rule.code))


@lru_cache(maxsize=None)
def static_rules() -> tuple[Rule, ...]:
    """The rules ``wdlint check`` runs on source (those with a check)."""
    return tuple(rule for rule in all_rules() if rule.check is not None)


@lru_cache(maxsize=None)
def _by_code() -> dict[str, Rule]:
    return {key: rule for rule in all_rules() for key in (rule.code, rule.name)}


def get_rule(code: str) -> Rule | None:
    return _by_code().get(code.upper()) or _by_code().get(code.lower())

