"""WD201: a normalization-layer parameter in a decayed group (runtime)."""

from __future__ import annotations

from wdlint.rules.base import Example, Rule

RULE = Rule(
    code="WD201",
    name="normalization-parameter-decayed",
    summary="A normalization-layer parameter (LayerNorm, RMSNorm, BatchNorm, GroupNorm...) is in a group with weight_decay > 0",
    what_it_does=(
        "At the first `optimizer.step()` (`wdlint.install`) or on demand (`wdlint.check`), finds parameters owned by "
        "a normalization module in a param group whose `weight_decay` is above zero. Norm modules are torch's classes "
        "(subclasses and aliases included), any custom class whose name contains `Norm` (its parameters with at most "
        "one non-singleton dimension), such as the hand-written `RMSNorm` of LLaMA ports, and the norms the family "
        "table names (ConvNeXt-V2's GRN, weight and bias of shape (1, 1, 1, C)); not NF-Nets' `NormFreeBlock`. "
        "Shapes come from the original parameter even under FSDP."
    ),
    why_bad=(
        "Norm gains and shifts set the scale of activations; decaying them pulls every gain towards zero and fights "
        "the normalization. Name-based grouping such as `[\"bias\", \"LayerNorm.weight\"]` misses `ln_1`, `norm`, "
        "`input_layernorm` and custom RMSNorm classes, so the mistake is silent (transformers #35927, #42754)."
    ),
    example=(
        "no_decay = [\"bias\", \"LayerNorm.weight\"]  # misses LlamaRMSNorm's `input_layernorm.weight`\n"
        "groups = [\n"
        "    {\"params\": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)], \"weight_decay\": 0.1},\n"
        "    {\"params\": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)], \"weight_decay\": 0.0},\n"
        "]\n"
        "optimizer = torch.optim.AdamW(groups, lr=3e-4)\n"
        "wdlint.install(optimizer, model)  # raises WeightDecayError at the first step\n"
    ),
    use_instead="optimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.1), lr=3e-4)\n",
    # Runnable: the test builds these and checks that wdlint.check reports (or not) this code.
    invalid=(Example('model = nn.Sequential(nn.Linear(8, 8, bias=False), nn.LayerNorm(8, bias=False))\noptimizer = torch.optim.AdamW(model.parameters(), weight_decay=0.1)\n'),),
    valid=(Example('model = nn.Sequential(nn.Linear(8, 8, bias=False), nn.LayerNorm(8, bias=False))\noptimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.1))\n'),),
    surface="runtime",
)
