"""WD102: flat parameters handed to an optimizer that decays them."""

from __future__ import annotations

from wdlint.rules.base import Rule

RULE = Rule(
    code="WD102",
    name="flat-parameters-decayed",
    summary="All parameters (biases, norm weights) handed flat to an optimizer with nonzero weight decay",
    fix="Sometimes",
    what_it_does=(
        "Checks for a flat parameter iterable (`model.parameters()`, `named_parameters()`, lists, filters by "
        "`requires_grad`, `itertools.chain`, or a local name bound to one) given to any optimizer whose "
        "effective weight decay is not provably zero: explicit, configurable (`args.weight_decay`), or the "
        "optimizer's nonzero default (`AdamW`'s 0.01, `Muon`'s 0.1). Param-group lists are checked group by group."
    ),
    why_bad=(
        "Weight decay should shrink weight matrices, not biases, LayerNorm/RMSNorm/BatchNorm weights or other "
        "1-D gains and scales: decaying those pulls them towards zero and hurts training. `AdamW(model.parameters())` "
        "already decays them, because AdamW's default weight_decay is 0.01."
    ),
    example="optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)\n",
    use_instead=(
        "optimizer = torch.optim.AdamW(\n"
        "    [\n"
        "        {\"params\": [p for p in model.parameters() if p.ndim >= 2]},\n"
        "        {\"params\": [p for p in model.parameters() if p.ndim < 2], \"weight_decay\": 0.0},\n"
        "    ],\n"
        "    lr=3e-4,\n"
        "    weight_decay=0.1,\n"
        ")\n"
        "# or: torch.optim.AdamW(wdlint.param_groups(model), lr=3e-4, weight_decay=0.1)\n"
    ),
    fix_safety=(
        "The fix splits the expression into a decay group (`p.ndim >= 2`) and a no-decay group (`p.ndim < 2`, "
        "`\"weight_decay\": 0.0`), keeping existing filters and group keys. It is not offered where evaluating "
        "the parameters expression twice would be unsafe (a one-shot iterator bound to a name, a call with side "
        "effects). The fix changes training: biases and norms stop being decayed."
    ),
    known_problems=(
        "Grouping by shape treats every 1-D parameter as no-decay, and every >=2-D parameter (embeddings included) "
        "as decay. Use the runtime check (`wdlint.install`) to confirm the grouping on the real model."
    ),
    invalid=(
        "import torch\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4)\n",
        "import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)\n",
    ),
    valid=(
        "import torch\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.0)\n",
        "import torch\nopt = torch.optim.AdamW([p for n, p in model.named_parameters() if 'bias' not in n])\n",
    ),
)


def message(parameters: str, optimizer: str, decay: str, why_not_fixable: str | None = None) -> str:
    text = (
        f"flat `{parameters}` passed to `{optimizer}` with {decay} also decays biases and normalization "
        f"weights; split into a decay group (p.ndim >= 2) and a no-decay group (p.ndim < 2, weight_decay=0.0), "
        f"or use `wdlint.param_groups(model)`"
    )
    return text if why_not_fixable is None else f"{text} (no autofix: {why_not_fixable})"
