"""WD203: another 0-/1-D parameter in a decayed group (runtime)."""

from __future__ import annotations

from wdlint.rules.base import Example, Rule

RULE = Rule(
    code="WD203",
    name="low-dimensional-parameter-decayed",
    summary="A 0-/1-D parameter (gain, scale, temperature) is in a group with weight_decay > 0",
    what_it_does=(
        "Finds 0-D and 1-D parameters that are neither norm parameters nor biases (layer-scale `gamma`, "
        "`logit_scale`, PReLU slopes, Mamba `A_log`/`D`) in a param group whose `weight_decay` is above zero."
    ),
    why_bad=(
        "Such parameters are scales and temperatures, not weight matrices: decay drags them towards zero (a layer "
        "scale of 0 switches the branch off, a temperature of 0 flattens the logits) without regularising anything. "
        "Name lists never catch them; only a shape rule does."
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
