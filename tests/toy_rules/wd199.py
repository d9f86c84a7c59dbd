"""A toy rule, to show that a new rule is one module: weight decay written as a string.

Nothing outside this module knows it: the engine, the text gate, the
pruning and ``fix`` find it through the registry (tests/test_rule_registry.py).
"""

from __future__ import annotations

from wdlint.rules.base import Example, Fixed, Needs, Rule, Unfixable


def check(context):
    import libcst as cst

    from wdlint.analysis.context import RawFinding

    for call, _scope in context.scopes.calls:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "weight_decay" and isinstance(arg.value, cst.SimpleString):
                yield RawFinding("WD199", arg.value, f"weight_decay={arg.value.value} is a string; write a number", arg.value)


def fix(context, finding):
    value = finding.detail.evaluated_value
    try:
        number = float(value)
    except ValueError:
        return Unfixable(f"{value!r} is not a number")
    import libcst as cst

    context.edit(finding.detail, lambda updated: cst.Float(repr(number), lpar=updated.lpar, rpar=updated.rpar))
    return Fixed("the string became a number")


RULE = Rule(
    code="WD199",
    name="weight-decay-as-string",
    summary="weight_decay passed as a string",
    what_it_does="Finds `weight_decay=\"0.1\"`.",
    why_bad="Optimizers compare it with numbers.",
    example="make(weight_decay='0.1')\n",
    use_instead="make(weight_decay=0.1)\n",
    invalid=(Example("make(weight_decay='0.1')\n", "make(weight_decay=0.1)\n"),),
    valid=("make(weight_decay=0.1)\n",),
    check=check,
    needs=Needs(patterns=(r"weight_decay\s*=\s*['\"]",)),
    fixer=fix,
)
