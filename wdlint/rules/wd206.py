"""WD206: a trainable parameter in no param group (runtime)."""

from __future__ import annotations

from wdlint.rules.base import Example, Rule

RULE = Rule(
    code="WD206",
    name="parameter-missing-from-optimizer",
    summary="A trainable model parameter is in no param group, so it is never updated",
    what_it_does=(
        "Reports each trainable (`requires_grad=True`) parameter of the model that no param group holds "
        "(`group` is None). Frozen parameters are not reported."
    ),
    why_bad=(
        "Hand-written decay / no-decay splits drop parameters that match neither filter (a condition like "
        "`n not in no_decay` on one side and a substring test on the other), and an optimizer built before "
        "sharding or `to_empty` holds the old tensors: the parameter silently never trains."
    ),
    example=(
        "decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and \"head\" not in n]\n"
        "no_decay = [p for n, p in model.named_parameters() if p.ndim < 2 and \"head\" not in n]\n"
        "optimizer = torch.optim.AdamW([{\"params\": decay}, {\"params\": no_decay, \"weight_decay\": 0.0}])\n"
    ),
    use_instead="optimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.1))\n",
    # Runnable: the test builds these and checks that wdlint.check reports (or not) this code.
    invalid=(Example('model = nn.Sequential(nn.Linear(8, 8), nn.Linear(8, 2))\noptimizer = torch.optim.AdamW(wdlint.param_groups(model[0], weight_decay=0.1))\n'),),
    valid=(Example('model = nn.Sequential(nn.Linear(8, 8), nn.Linear(8, 2))\noptimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.1))\n'),),
    surface="runtime",
)
