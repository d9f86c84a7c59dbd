"""WD205: a decayed group in an optimizer with coupled adaptive decay (runtime)."""

from __future__ import annotations

from wdlint.rules.base import Example, Rule

RULE = Rule(
    code="WD205",
    name="coupled-decay-in-param-group",
    summary="A param group with weight_decay > 0 in an adaptive optimizer with coupled (L2) decay",
    what_it_does=(
        "The run-time twin of WD101: reports each param group with `weight_decay` above zero in an instance of "
        "`Adam`, `Adamax`, `NAdam`, `RAdam`, `Adagrad` or `RMSprop` (subclasses included), unless the group's "
        "`decoupled_weight_decay` is true. `AdamW` subclasses `Adam` but carries that flag and is never reported. "
        "One finding per group, with an empty name."
    ),
    why_bad=(
        "Coupled decay adds `weight_decay * w` to the gradient, and the adaptive step divides it by the running "
        "second moment: weights with large gradients are barely regularised. Decoupled decay (AdamW) shrinks the "
        "weights directly (Loshchilov & Hutter, ICLR 2019)."
    ),
    example="optimizer = torch.optim.Adam(wdlint.param_groups(model, weight_decay=1e-4), lr=1e-3)\n",
    use_instead="optimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.05), lr=1e-3)\n",
    references=("https://arxiv.org/abs/1711.05101",),
    # Runnable: the test builds these and checks that wdlint.check reports (or not) this code.
    invalid=(Example('model = nn.Linear(8, 8)\noptimizer = torch.optim.Adam(wdlint.param_groups(model, weight_decay=1e-4), lr=1e-3)\n'),),
    valid=(Example('model = nn.Linear(8, 8)\noptimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.05), lr=1e-3)\n'),),
    surface="runtime",
)
