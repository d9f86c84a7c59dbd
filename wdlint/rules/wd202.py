"""WD202: a bias in a decayed group (runtime)."""

from __future__ import annotations

from wdlint.rules.base import Example, Rule

RULE = Rule(
    code="WD202",
    name="bias-decayed",
    summary="A bias is in a group with weight_decay > 0",
    what_it_does=(
        "Finds biases in a param group whose `weight_decay` is above zero: a parameter whose name has the word "
        "`bias` or `biases` (`bias`, `in_proj_bias`, LSTM's `bias_ih_l0`), whatever its shape: XLNet's `r_w_bias` "
        "(heads, head_dim), Conformer's `pos_bias_u`, MultiheadAttention's `bias_k` (1, 1, E), and additive "
        "attention-bias tables (Swin's `relative_position_bias_table`, LeViT's `attention_biases`, T5's "
        "`relative_attention_bias` Embedding, Swin-V2's bias-generating `cpb_mlp`); and any 0-/1-D parameter of a "
        "`Linear`/`Conv` module. Checked at run time by `wdlint.check` and `wdlint.install`."
    ),
    why_bad=(
        "A bias only shifts a unit's output; shrinking it towards zero does not reduce the model's capacity the way "
        "decaying a weight matrix does, it only biases the solution. GPT-2/3, LLaMA, BERT and the timm and Megatron "
        "recipes keep biases out of decay."
    ),
    example="optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)\n",
    use_instead="optimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.1), lr=3e-4)\n",
    # Runnable: the test builds these and checks that wdlint.check reports (or not) this code.
    invalid=(Example('model = nn.Linear(8, 8)\noptimizer = torch.optim.AdamW(model.parameters(), weight_decay=0.1)\n'),),
    valid=(Example('model = nn.Linear(8, 8)\noptimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.1))\n'),),
    surface="runtime",
)
