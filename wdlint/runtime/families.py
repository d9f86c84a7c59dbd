"""Model-family facts: what a parameter is where its module class and shape do not say.

The structural rules live in ``classify``: torch's norm classes, a class
whose name says ``Norm``, the weights of Linear/Conv/Embedding, and "a raw
parameter with at most one non-singleton dimension is a gain".  Everything
that needs a name -- a bias stored as a matrix, an attention-bias table, a
learned token, Mamba's ``A_log``, a norm class that does not say ``Norm`` --
is a row of the one table below, and each row says where the fact comes
from.  ``tests/runtime/test_families.py`` builds each row's example from the
installed library and holds the row against it, so a renamed upstream
parameter fails a test instead of silently decaying.

Rows are read in order; the first one that matches a parameter answers.
Matching is on names only (the owner's class names along its MRO, the
owner's attribute name in its parent, the parameter's attribute name, or a
submodule's name on its path), so a row costs next to nothing at run time:
answers are cached per (class, attribute names), and the submodule rows are
one substring test per parameter name.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import lru_cache


class Kind(enum.Enum):
    """What a row says.  Parameter kinds mirror ``classify.Category``; ``NOT_A_NORM`` is about a class."""

    NORMALIZATION = "norm"
    NOT_A_NORM = "not a norm"
    BIAS = "bias"
    STATE_SPACE = "state-space"
    GAIN = "gain"
    EMBEDDING = "embedding"


@dataclass(frozen=True)
class FamilyFact:
    #: Who this is about.
    family: str
    #: What the matched parameters are, in a few words (it becomes the finding's reason).
    what: str
    kind: Kind
    #: Where the fact comes from: the upstream file (and the line's gist) that justifies the row.
    source: str
    #: Regex, fullmatch, on the parameter's attribute name in its owner; None matches any.
    parameter: str | None = None
    #: Regex, fullmatch, on the class name of the owner or of any of its bases; None matches any.
    owner: str | None = None
    #: Regex, fullmatch, on the owner's own attribute name in its parent; None matches any.
    owner_attribute: str | None = None
    #: Module attribute names (literal), any of which anywhere on the parameter's path makes the row match (for
    #: the parameters of a whole submodule, such as an MLP that generates an attention bias); such a row answers
    #: before the structural rules.
    path_segments: tuple[str, ...] = ()
    #: ``(library, what to build, parameter name)``: a model that holds such a parameter, for the test
    #: that holds this row against the installed library.  ``library`` is ``transformers`` (a model type
    #: for ``AutoConfig.for_model``) or ``timm`` (a model name).
    example: tuple[str, str, str] | None = None


_BIAS_NAME = r"(?:.*_)?bias(?:es)?(?:_.*)?"

#: The table.  Order matters only where two rows could match the same parameter.
FAMILY_FACTS: tuple[FamilyFact, ...] = (
    # ---- classes: norm or not, whatever the name says
    FamilyFact(
        family="ConvNeXt-V2 (GRN)",
        what="ConvNeXt-V2 Global Response Normalization",
        kind=Kind.NORMALIZATION,
        owner=r".*GRN",
        source="facebookresearch/ConvNeXt-V2 models/utils.py `class GRN` (gamma, beta of shape (1, 1, 1, C)); "
               "transformers models/convnextv2/modeling_convnextv2.py `ConvNextV2GRN`; timm keeps the same layer "
               "as `GlobalResponseNorm` (timm/layers/grn.py) with 1-D weight and bias, outside decay",
        example=("transformers", "convnextv2", "encoder.stages.0.layers.0.grn.weight"),
    ),
    FamilyFact(
        family="NF-Nets (Normalizer-Free networks)",
        what="a normalizer-free block, not a normalization layer",
        kind=Kind.NOT_A_NORM,
        owner=r"NormFree.*",
        source="timm/models/nfnet.py `class NormFreeBlock` (its 0-D `skipinit_gain` is a residual gain; "
               "Brock et al. 2021, 'High-Performance Large-Scale Image Recognition Without Normalization')",
        example=("timm", "dm_nfnet_f0", "stages.0.0.skipinit_gain"),
    ),
    # ---- state-space models: decay rates and skip gains
    FamilyFact(
        family="Mamba / Mamba-2 (mamba_ssm; transformers Mamba, Mamba2, FalconMamba, Jamba, Bamba, Zamba)",
        what="Mamba state-space parameter: log decay rate A_log or skip gain D",
        kind=Kind.STATE_SPACE,
        parameter=r"A_log|D",
        source="state-spaces/mamba mamba_ssm/modules/mamba_simple.py and mamba2.py: "
               "`self.A_log._no_weight_decay = True`, `self.D._no_weight_decay = True` "
               "(transformers' ports drop the flag: models/mamba/modeling_mamba.py MambaMixer)",
        example=("transformers", "mamba", "backbone.layers.0.mixer.A_log"),
    ),
    FamilyFact(
        family="RWKV",
        what="RWKV time-mixing parameter (decay, bonus, mix)",
        kind=Kind.STATE_SPACE,
        parameter=r"time_.*",
        owner=r"(?i).*rwkv.*",
        source="BlinkDL/RWKV-LM RWKV-v4neo/src/model.py `RWKV.configure_optimizers`: `time_mix`, `time_decay`, "
               "`time_first` go to weight_decay 0.0 groups; only `len(p.squeeze().shape) >= 2` tensors decay",
        example=("transformers", "rwkv", "rwkv.blocks.0.attention.time_decay"),
    ),
    FamilyFact(
        family="Griffin / RecurrentGemma (RG-LRU)",
        what="RG-LRU recurrence parameter (log decay of the recurrence)",
        kind=Kind.STATE_SPACE,
        parameter=r"recurrent_param|a_param",
        owner=r"(?i).*rglru.*",
        source="transformers models/recurrent_gemma/modeling_recurrent_gemma.py `RecurrentGemmaRglru.recurrent_param` "
               "(lru_width,); google-deepmind/recurrentgemma (PyTorch) `RGLRU.a_param`: the diagonal recurrence "
               "log_a = -8 * gate_a * softplus(a_param), the role of Mamba's A_log (Griffin, De et al. 2024)",
        example=("transformers", "recurrent_gemma", "model.layers.0.temporal_block.rg_lru.recurrent_param"),
    ),
    # ---- biases, whatever their shape
    FamilyFact(
        family="biases stored as matrices and attention-bias tables (Transformer-XL/XLNet, Conformer, "
               "nn.MultiheadAttention, Swin, BEiT, LeViT, EfficientFormer, TinyViT)",
        what="a bias by its name, whatever its shape",
        kind=Kind.BIAS,
        parameter=_BIAS_NAME,
        source="transformers models/xlnet/modeling_xlnet.py `r_w_bias` (n_head, d_head); "
               "models/wav2vec2_conformer `pos_bias_u`; torch/nn/modules/activation.py MultiheadAttention "
               "`bias_k` (1, 1, E); timm/models/swin_transformer.py `no_weight_decay_keywords` -> "
               "{'relative_position_bias_table'}; timm/models/levit.py `attention_biases` (heads, N), "
               "declared no-decay by timm's LeViT `no_weight_decay`",
        example=("transformers", "xlnet", "transformer.layer.0.rel_attn.r_w_bias"),
    ),
    FamilyFact(
        family="Swin-V2 continuous position bias",
        what="the MLP that generates Swin-V2's attention bias",
        kind=Kind.BIAS,
        path_segments=("cpb_mlp", "continuous_position_bias_mlp"),
        source="microsoft/Swin-Transformer models/swin_transformer_v2.py `no_weight_decay_keywords` -> "
               "{'cpb_mlp', 'logit_scale', 'relative_position_bias_table'}; timm/models/swin_transformer_v2.py "
               "`no_weight_decay` (names containing 'cpb_mlp' or 'logit_scale'); transformers calls it "
               "`continuous_position_bias_mlp` (models/swinv2/modeling_swinv2.py) and declares nothing",
        example=("transformers", "swinv2",
                 "encoder.layers.0.blocks.0.attention.self.continuous_position_bias_mlp.0.weight"),
    ),
    FamilyFact(
        family="T5-style relative attention bias (T5, mT5, LongT5, UMT5, MPNet, Pop2Piano)",
        what="an additive attention-bias table stored as an Embedding",
        kind=Kind.BIAS,
        owner=r"Embedding",
        owner_attribute=_BIAS_NAME,
        source="transformers models/t5/modeling_t5.py `self.relative_attention_bias = "
               "nn.Embedding(relative_attention_num_buckets, n_heads)`: one scalar per bucket and head, added to "
               "the attention logits (the role of Swin's relative_position_bias_table)",
        example=("transformers", "t5", "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"),
    ),
    # ---- learned tokens and raw-parameter position embeddings: embeddings, under decay_embeddings
    FamilyFact(
        family="learned tokens and raw-parameter embeddings (ViT/DeiT/BEiT/Swin/CLIP/BLIP-2/XLNet...)",
        what="a learned token or raw-parameter embedding",
        kind=Kind.EMBEDDING,
        parameter=r"(?:.*_)?(?:token|tokens|emb|embed|embeds|embedding|embeddings|latent|latents|probe|query|queries)"
                  r"|pos_embed_.*",
        source="timm/models/vision_transformer.py `no_weight_decay` -> {'pos_embed', 'cls_token', 'dist_token'} "
               "(+ `reg_token`, pytorch-image-models PR #2713); pytorch/vision references/classification/train.py "
               "`--transformer-embedding-decay` (class_token, position_embedding); transformers "
               "models/clip/modeling_clip.py `class_embedding`, models/vit/modeling_vit.py `cls_token`, "
               "`mask_token`, `position_embeddings`, models/xlnet/modeling_xlnet.py `mask_emb` (1, 1, d_model), "
               "models/siglip/modeling_siglip.py `probe` (1, 1, C), the query of attention pooling (timm/layers/"
               "attention_pool.py `latent`)",
        example=("transformers", "vit", "embeddings.cls_token"),
    ),
)


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _matches(pattern: str | None, *names: str) -> bool:
    return pattern is None or any(_compiled(pattern).fullmatch(name) for name in names)


#: (segment, row) for the rows that match a submodule on the path; a substring test per parameter name, then
#: an exact segment test only on a hit (a regex search on every name would cost a fifth of a bare model walk).
_PATH_SEGMENTS = tuple((segment, fact) for fact in FAMILY_FACTS for segment in fact.path_segments)


def path_fact(name: str) -> FamilyFact | None:
    """The row about a submodule on this parameter's (clean) path, or None."""
    for segment, fact in _PATH_SEGMENTS:
        if segment in name and segment in name.split(".")[:-1]:
            return fact
    return None


@lru_cache(maxsize=None)
def class_fact(owner_type: type) -> FamilyFact | None:
    """The row that says whether ``owner_type`` is a norm (whatever its name says), or None."""
    names = tuple(cls.__name__ for cls in owner_type.__mro__)
    for fact in FAMILY_FACTS:
        if fact.kind in (Kind.NORMALIZATION, Kind.NOT_A_NORM) and _matches(fact.owner, *names):
            return fact
    return None


@lru_cache(maxsize=None)
def parameter_fact(owner_type: type, owner_attribute: str, leaf: str) -> FamilyFact | None:
    """The first row about this parameter (its name, its owner's class and attribute name), or None."""
    names = tuple(cls.__name__ for cls in owner_type.__mro__)
    for fact in FAMILY_FACTS:
        if fact.kind in (Kind.NORMALIZATION, Kind.NOT_A_NORM) or fact.path_segments:
            continue
        if (_matches(fact.parameter, leaf) and _matches(fact.owner, *names)
                and _matches(fact.owner_attribute, owner_attribute)):
            return fact
    return None


def markdown() -> str:
    """The table as docs/runtime.md shows it (a test keeps the two equal)."""
    rows = ["| family | matched by | it is | source |", "| --- | --- | --- | --- |"]
    for fact in FAMILY_FACTS:
        match = [f"{what} `{pattern}`" for what, pattern in (
            ("class", fact.owner), ("owner attribute", fact.owner_attribute), ("parameter", fact.parameter),
            ("inside submodule", "|".join(fact.path_segments) or None)) if pattern is not None]
        cells = (fact.family, " and ".join(match), fact.kind.value, fact.source)
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows)

