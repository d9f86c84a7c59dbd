"""WD204: a parameter declared no-decay in a decayed group (runtime)."""

from __future__ import annotations

from wdlint.rules.base import Example, Rule

RULE = Rule(
    code="WD204",
    name="declared-no-decay-parameter-decayed",
    summary="A parameter declared no-decay (no_weight_decay(), no_decay=, or an embedding with decay_embeddings=False) is decayed",
    what_it_does=(
        "Finds parameters the model declares no-decay in a param group whose `weight_decay` is above zero. "
        "Declarations follow timm: `no_weight_decay()` returns exact names and `no_weight_decay_keywords()` name "
        "substrings, read from the unwrapped model and from every submodule (relative to it). A parameter can carry "
        "the declaration itself, as mamba_ssm marks `A_log` and `D` (`param._no_weight_decay = True`). The `no_decay=` "
        "argument adds name substrings, and `decay_embeddings=False` declares embeddings: `Embedding`/`EmbeddingBag` "
        "weights, raw-parameter position embeddings and learned tokens (`pos_embed`, `cls_token`, `dist_token`, "
        "`mask_token`, register tokens, CLIP's `class_embedding`)."
    ),
    why_bad=(
        "Position embeddings, class/register tokens and relative-position tables are 2-D or 3-D, so shape rules "
        "decay them; the model's own declaration is the only signal, and it is lost when the optimizer is built "
        "from a wrapper that does not forward it (deit #39: DDP) or from a helper that reads only one of the two "
        "methods (timm tiny_vit)."
    ),
    example=(
        "model = DDP(vit)  # DDP has no no_weight_decay(): pos_embed and cls_token are decayed\n"
        "optimizer = torch.optim.AdamW(timm_style_groups(model), weight_decay=0.05)\n"
    ),
    use_instead="optimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.05))\n",
    # Runnable: the test builds these and checks that wdlint.check reports (or not) this code.
    invalid=(Example('class ViT(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.pos_embed = nn.Parameter(torch.zeros(1, 4, 8))\n        self.proj = nn.Linear(8, 8, bias=False)\n    def no_weight_decay(self):\n        return {"pos_embed"}\nmodel = ViT()\noptimizer = torch.optim.AdamW(model.parameters(), weight_decay=0.05)\n'),),
    valid=(Example('class ViT(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.pos_embed = nn.Parameter(torch.zeros(1, 4, 8))\n        self.proj = nn.Linear(8, 8, bias=False)\n    def no_weight_decay(self):\n        return {"pos_embed"}\nmodel = ViT()\noptimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.05))\n'),),
    surface="runtime",
)
