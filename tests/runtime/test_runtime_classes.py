"""Classification by what a tensor is (issue 10), on small real modules shaped like the upstream ones.

Each class of case: multi-dimensional biases, attention-bias tables, gains
with singleton dimensions, norms that do not say "Norm", state-space
parameters, learned tokens; then the deliberate-decay options.  The same
parameters built by the real libraries are in test_families.py.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

import wdlint
from tests.runtime.helpers import pairs


def flat(model: nn.Module, decay: float = 0.1) -> torch.optim.Optimizer:
    return torch.optim.AdamW(model.parameters(), weight_decay=decay)


def decayed_by_helper(model: nn.Module, **policy) -> set[str]:
    groups = wdlint.param_groups(model, weight_decay=0.1, **policy)
    assert wdlint.check(model, torch.optim.AdamW(groups), **policy).ok
    names = {id(p): n for n, p in model.named_parameters()}
    return {names[id(p)] for g in groups if g.get("weight_decay", 0.1) > 0 for p in g["params"]}


class RelativeAttention(nn.Module):
    """XLNet's rel_attn and Conformer's attention: biases of shape (heads, head_dim)."""

    def __init__(self, heads: int = 2, head_dim: int = 4) -> None:
        super().__init__()
        self.q = nn.Linear(heads * head_dim, heads * head_dim)
        self.r_w_bias = nn.Parameter(torch.zeros(heads, head_dim))
        self.pos_bias_u = nn.Parameter(torch.zeros(heads, head_dim))
        self.seg_embed = nn.Parameter(torch.zeros(2, heads, head_dim))  # an embedding, by policy


class WindowAttention(nn.Module):
    """Swin's and LeViT's additive attention-bias tables, Swin-V2's per-head logit scale."""

    def __init__(self, heads: int = 2, window: int = 3) -> None:
        super().__init__()
        self.relative_position_bias_table = nn.Parameter(torch.zeros((2 * window - 1) ** 2, heads))
        self.attention_biases = nn.Parameter(torch.zeros(heads, window * window))
        self.logit_scale = nn.Parameter(torch.zeros(heads, 1, 1))
        self.qkv = nn.Linear(8, 24)


class T5Attention(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.q = nn.Linear(8, 8, bias=False)
        self.relative_attention_bias = nn.Embedding(32, 2)  # one scalar per bucket and head


class ScaledStdConv2d(nn.Conv2d):
    """timm's NF-Net conv: a per-channel gain of shape (C, 1, 1, 1) beside the kernel."""

    def __init__(self, channels: int = 4) -> None:
        super().__init__(channels, channels, 3)
        self.gain = nn.Parameter(torch.ones(channels, 1, 1, 1))


class NormFreeBlock(nn.Module):
    """Says "Norm" but is a normalizer-free block; its 0-D skipinit gain is a gain."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = ScaledStdConv2d()
        self.skipinit_gain = nn.Parameter(torch.tensor(0.0))


class LayerScale2d(nn.Module):
    def __init__(self, channels: int = 4) -> None:
        super().__init__()
        self.gamma = nn.Parameter(1e-6 * torch.ones(channels, 1, 1))


class ConvNextV2GRN(nn.Module):
    """transformers' GRN: a norm that neither subclasses torch's norms nor says Norm; (1, 1, 1, C)."""

    def __init__(self, dim: int = 4) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(1, 1, 1, dim))
        self.bias = nn.Parameter(torch.zeros(1, 1, 1, dim))


class MambaMixer(nn.Module):
    """transformers' MambaMixer: A_log is 2-D and carries no ``_no_weight_decay`` flag."""

    def __init__(self, inner: int = 8, state: int = 4) -> None:
        super().__init__()
        self.in_proj = nn.Linear(4, 2 * inner, bias=False)
        self.A_log = nn.Parameter(torch.zeros(inner, state))
        self.D = nn.Parameter(torch.ones(inner))
        self.dt_bias = nn.Parameter(torch.zeros(inner))


class RwkvSelfAttention(nn.Module):
    """RWKV time mixing: (heads, head_size) decay and bonus (RWKV-5), (1, 1, C) mixes."""

    def __init__(self, heads: int = 2, head_size: int = 4) -> None:
        super().__init__()
        channels = heads * head_size
        self.time_decay = nn.Parameter(torch.zeros(heads, head_size))
        self.time_first = nn.Parameter(torch.zeros(heads, head_size))
        self.time_mix_key = nn.Parameter(torch.zeros(1, 1, channels))
        self.key = nn.Linear(channels, channels, bias=False)


class TokenViT(nn.Module):
    """Raw-parameter tokens and position embeddings (timm/transformers ViT, CLIP's 1-D class embedding)."""

    def __init__(self, dim: int = 8) -> None:
        super().__init__()
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.dist_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.register_tokens = nn.Parameter(torch.zeros(1, 4, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, 5, dim))
        self.class_embedding = nn.Parameter(torch.zeros(dim))
        self.mask_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.patch_embed = nn.Conv2d(3, dim, 4, bias=False)
        self.head = nn.Linear(dim, 10, bias=False)


def test_biases_with_more_than_one_dimension_are_biases():
    model = RelativeAttention()
    assert pairs(wdlint.check(model, flat(model))) == {("WD202", "r_w_bias"), ("WD202", "pos_bias_u"),
                                                       ("WD202", "q.bias")}
    assert decayed_by_helper(model) == {"q.weight", "seg_embed"}


def test_attention_bias_tables_are_biases_and_logit_scales_gains():
    model = WindowAttention()
    report = wdlint.check(model, flat(model))
    assert pairs(report) == {("WD202", "relative_position_bias_table"), ("WD202", "attention_biases"),
                             ("WD203", "logit_scale"), ("WD202", "qkv.bias")}
    assert "gain/scale parameter `logit_scale` (shape (2, 1, 1) in WindowAttention)" in str(report.findings)
    model = T5Attention()
    report = wdlint.check(model, flat(model))
    assert pairs(report) == {("WD202", "relative_attention_bias.weight")}
    assert "attention-bias table stored as an Embedding" in report.findings[0].message


def test_gains_with_singleton_dimensions_and_labels():
    model = nn.ModuleDict({"block": NormFreeBlock(), "scale": LayerScale2d(), "grn": ConvNextV2GRN()})
    report = wdlint.check(model, flat(model))
    assert pairs(report) == {
        ("WD203", "block.skipinit_gain"), ("WD203", "block.conv.gain"), ("WD202", "block.conv.bias"),
        ("WD203", "scale.gamma"), ("WD201", "grn.weight"), ("WD201", "grn.bias")}
    by_name = {f.name: f.message for f in report.findings}
    assert by_name["block.skipinit_gain"].startswith("gain/scale parameter")  # not a norm, whatever the class says
    assert "Global Response Normalization" in by_name["grn.weight"]
    assert decayed_by_helper(model) == {"block.conv.weight"}


def test_state_space_parameters():
    model = nn.ModuleDict({"mixer": MambaMixer(), "attention": RwkvSelfAttention()})
    report = wdlint.check(model, flat(model))
    assert pairs(report) == {
        ("WD203", "mixer.A_log"), ("WD203", "mixer.D"), ("WD202", "mixer.dt_bias"),
        ("WD203", "attention.time_decay"), ("WD203", "attention.time_first"), ("WD203", "attention.time_mix_key")}
    assert all("state-space parameter" in f.message for f in report.findings if f.code == "WD203")
    assert decayed_by_helper(model) == {"mixer.in_proj.weight", "attention.key.weight"}


TOKENS = {"cls_token", "dist_token", "register_tokens", "pos_embed", "class_embedding", "mask_token"}


def test_learned_tokens_follow_the_embedding_policy():
    model = TokenViT()
    assert wdlint.check(model, flat(model)).ok
    assert decayed_by_helper(model) == TOKENS | {"patch_embed.weight", "head.weight"}
    report = wdlint.check(model, flat(model), decay_embeddings=False)
    assert pairs(report) == {("WD204", name) for name in TOKENS}
    assert decayed_by_helper(model, decay_embeddings=False) == {"patch_embed.weight", "head.weight"}


def test_deliberate_decay_per_category_is_reported_as_allowed():
    """OLMo's ``decay_norm_and_bias``: norms and biases decayed on purpose."""
    model = nn.Sequential(nn.Linear(4, 4), nn.LayerNorm(4), LayerScale2d())
    report = wdlint.check(model, flat(model), allow_decay=("norm", "bias"))
    assert pairs(report) == {("WD203", "2.gamma")}
    assert {(f.code, f.name) for f in report.allowed} == {
        ("WD202", "0.bias"), ("WD201", "1.weight"), ("WD201", "1.bias")}
    assert all(f.message.endswith("allowed by allow_decay='norm'") for f in report.allowed if f.code == "WD201")
    assert "Allowed on purpose (3): allow_decay='bias': 1 (0.bias); allow_decay='norm': 2" in str(report)
    assert "allow_decay=('norm', 'bias')" in str(report)  # the advice repeats the policy
    groups = wdlint.param_groups(model, 0.1, allow_decay=("norm", "bias"))
    assert [len(g["params"]) for g in groups] == [4, 1]
    assert wdlint.check(model, torch.optim.AdamW(groups), allow_decay="norm bias".split()).ok


def test_deliberate_decay_per_name():
    """DeiT decays dist_token on purpose (facebookresearch/deit #48)."""
    model = TokenViT()
    policy = {"decay_embeddings": False, "allow_decay_names": ("dist_token",)}
    report = wdlint.check(model, flat(model), **policy)
    assert ("WD204", "dist_token") not in pairs(report)
    assert [f.name for f in report.allowed] == ["dist_token"]
    assert "dist_token" in decayed_by_helper(model, **policy)


@pytest.mark.parametrize("arguments, message", [
    ({"allow_decay": ("norms",)}, "unknown category 'norms'; choose from 'declared', 'norm', 'bias'"),
    ({"allow_decay": ("embedding",)}, "decay_embeddings=False"),
    ({"allow_decay_names": ("x",), "no_decay": ("x",)}, "'x' is in both no_decay and allow_decay_names"),
])
def test_allow_options_are_validated(arguments, message):
    model = nn.Linear(2, 2)
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        wdlint.check(model, flat(model), **arguments)
    with pytest.raises(ValueError):
        wdlint.param_groups(model, **arguments)


def test_wdlint_never_imports_a_trainer_framework():
    import subprocess
    import sys

    code = ("import sys, wdlint, wdlint.runtime, wdlint.integrations; wdlint.check; "
            "print(sorted({'transformers', 'accelerate', 'lightning', 'pytorch_lightning'} & set(sys.modules)))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
