"""Rule registry, discovered from the ``wdNNN`` modules of this package.

No hand-kept list: adding a rule is adding a module that defines ``RULE``.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from wdlint.rules.base import Rule

__all__ = ["Rule", "all_rules", "get_rule"]


@lru_cache(maxsize=None)
def all_rules() -> tuple[Rule, ...]:
    rules = []
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("wd"):
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            rules.append(module.RULE)
    return tuple(sorted(rules, key=lambda rule: rule.code))


def get_rule(code: str) -> Rule | None:
    code = code.upper()
    for rule in all_rules():
        if rule.code == code or rule.name == code.lower():
            return rule
    return None
