"""WD203: a gain, scale, temperature or state-space parameter in a decayed group (runtime)."""

from __future__ import annotations

from wdlint.rules.base import Example, Rule

RULE = Rule(
    code="WD203",
    name="low-dimensional-parameter-decayed",
    summary="A gain, scale, temperature or state-space parameter is in a group with weight_decay > 0",
    what_it_does=(
        "Finds gains in a param group whose `weight_decay` is above zero: any parameter that is not a Linear/Conv/"
        "Embedding weight, a norm's or a bias and has at most one non-singleton dimension, whatever its `ndim` "
        "(layer-scale `gamma` of shape (C,) or (C, 1, 1), `logit_scale` of shape () or (heads, 1, 1), PReLU slopes, "
        "NF-Net's per-channel conv `gain` (C, 1, 1, 1), RWKV's (1, 1, C) mixes). Also state-space parameters, named "
        "by the family table: Mamba's `A_log` (2-D) and `D`, RWKV's `time_*`, RecurrentGemma's `recurrent_param`."
    ),
    why_bad=(
        "Such parameters are scales and temperatures, not weight matrices: decay drags them towards zero (a layer "
        "scale of 0 switches the branch off, a temperature of 0 flattens the logits) without regularising anything. "
        "Name lists never catch them, and an `ndim` rule misses the ones stored with singleton dimensions; "
        "RWKV-LM decays only `len(p.squeeze().shape) >= 2`, and mamba_ssm flags `A_log` and `D` no-decay."
    ),
    example=(
        "class Block(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.gamma = nn.Parameter(1e-4 * torch.ones(768))  # layer scale\n"
        "optimizer = torch.optim.AdamW(model.parameters(), weight_decay=0.05)\n"
    ),
    use_instead="optimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.05))\n",
    # Runnable: the test builds these and checks that wdlint.check reports (or not) this code.
    invalid=(Example('class Scaled(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.proj = nn.Linear(8, 8, bias=False)\n        self.gamma = nn.Parameter(1e-4 * torch.ones(8))  # layer scale\nmodel = Scaled()\noptimizer = torch.optim.AdamW(model.parameters(), weight_decay=0.05)\n'),),
    valid=(Example('class Scaled(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.proj = nn.Linear(8, 8, bias=False)\n        self.gamma = nn.Parameter(1e-4 * torch.ones(8))  # layer scale\nmodel = Scaled()\noptimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.05))\n'),),
    surface="runtime",
)
