"""WD207: a param-group tensor that is not a parameter of the model (runtime)."""

from __future__ import annotations

from wdlint.rules.base import Example, Rule

RULE = Rule(
    code="WD207",
    name="foreign-tensor-in-optimizer",
    summary="A param group holds a tensor that is not a parameter of the checked model",
    what_it_does=(
        "Reports each tensor in a param group that is not one of the model's parameters (matched by identity; one "
        "finding per tensor, with an empty name). When the optimizer holds none of the model's tensors the report "
        "says so in one line."
    ),
    why_bad=(
        "The optimizer updates tensors the model does not use: it was built for another model instance, before "
        "FSDP2 `fully_shard` or `to_empty` replaced the parameters, or from copies (`p.data`, `p.detach()`, fp32 "
        "master weights of a wrapper such as DeepSpeed ZeRO). Training then changes nothing, or the wrong thing."
    ),
    example=(
        "optimizer = torch.optim.AdamW(model.parameters())\n"
        "fully_shard(model)  # replaces every parameter with a DTensor\n"
    ),
    use_instead=(
        "fully_shard(model)\n"
        "optimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.1))\n"
    ),
    # Runnable: the test builds these and checks that wdlint.check reports (or not) this code.
    invalid=(Example('model = nn.Linear(8, 8, bias=False)\nother = nn.Linear(8, 8, bias=False)\noptimizer = torch.optim.AdamW([model.weight, other.weight], weight_decay=0.1)\n'),),
    valid=(Example('model = nn.Linear(8, 8, bias=False)\noptimizer = torch.optim.AdamW([model.weight], weight_decay=0.1)\n'),),
    surface="runtime",
)
