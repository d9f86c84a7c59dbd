"""WD101: coupled (L2) weight decay in an adaptive optimizer."""

from __future__ import annotations

from wdlint.rules.base import Rule

RULE = Rule(
    code="WD101",
    name="coupled-decay-in-adaptive-optimizer",
    summary="Adaptive optimizer with coupled (L2) weight decay; use decoupled decay (AdamW)",
    fix="Sometimes",
    what_it_does=(
        "Checks for `Adam`, `Adamax`, `NAdam`, `RAdam`, `Adagrad` and `RMSprop` constructed with a weight "
        "decay that is not provably zero, in the call or in any param group passed to it, unless "
        "`decoupled_weight_decay=True` is passed."
    ),
    why_bad=(
        "These optimizers add `weight_decay * w` to the gradient (L2 regularisation). The adaptive step then "
        "divides that term by the running second moment, so weights with large gradients are barely "
        "regularised. Decoupled decay (AdamW) shrinks the weights directly and is what GPT, LLaMA and BERT "
        "training use (Loshchilov & Hutter, ICLR 2019)."
    ),
    example="optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n",
    use_instead=(
        "optimizer = torch.optim.AdamW(param_groups, lr=1e-3, weight_decay=0.05)\n"
        "# NAdam / RAdam: torch.optim.NAdam(..., weight_decay=0.05, decoupled_weight_decay=True)\n"
    ),
    fix_safety=(
        "`Adam` becomes `AdamW` (imports kept right, positional arguments keep their meaning); `NAdam` and "
        "`RAdam` get `decoupled_weight_decay=True`. The fix changes training: decoupled decay is not the same "
        "strength as L2 (AdamW's lambda is usually 0.01-0.1), so the value may need retuning. `Adamax`, "
        "`Adagrad` and `RMSprop` have no decoupled mode in torch: no fix."
    ),
    references=(
        "https://arxiv.org/abs/1711.05101",
        "https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html",
    ),
    invalid=(
        "import torch\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n",
        "from torch.optim import RMSprop as R\nopt = R(params, 0.01, 0.99, 1e-8, 1e-5)\n",
    ),
    valid=(
        "import torch\nopt = torch.optim.Adam(params, lr=1e-3, weight_decay=1e-4, decoupled_weight_decay=True)\n",
        "import torch\nopt = torch.optim.Adam(params, lr=1e-3, weight_decay=0.0)\n",
    ),
)


def message(optimizer: str, decay: str, fix_kind: str | None, from_torch: bool = True) -> str:
    base = (
        f"`{optimizer}` with {decay} applies coupled L2 decay, which the adaptive step rescales per parameter"
    )
    if fix_kind == "rename":
        return f"{base}; use `AdamW` (decoupled weight decay) instead, and retune the value (AdamW's is usually 0.01-0.1)"
    if fix_kind == "flag":
        return f"{base}; pass `decoupled_weight_decay=True` (AdamW-style decay), and retune the value"
    why = f"torch's `{optimizer}` has no decoupled mode" if from_torch else f"`{optimizer}` is configured as coupled"
    return f"{base}; switch to `AdamW` (decoupled decay) or drop weight_decay (no autofix: {why})"
