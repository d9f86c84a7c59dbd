"""wdlint.check on real small models with the groupings people actually write."""

from __future__ import annotations

from fractions import Fraction

import pytest
import torch
from torch import nn
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import spectral_norm, weight_norm

import wdlint
from tests.runtime.helpers import codes, layer_names, pairs
from tests.runtime.models import (
    CLIPLike,
    GPT2Like,
    LlamaConfig,
    LlamaLike,
    ResNetLike,
    ViTLike,
    classic_name_groups,
    ndim_groups,
)

GPT2_NORMS = {f"transformer.h.{i}.{ln}.{p}" for i in range(2) for ln in ("ln_1", "ln_2") for p in ("weight", "bias")} | {
    "transformer.ln_f.weight", "transformer.ln_f.bias"}
GPT2_BIASES = {f"transformer.h.{i}.{m}.bias" for i in range(2) for m in ("attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj")}
LLAMA_NORMS = layer_names("model.layers.{}.input_layernorm.weight") | layer_names(
    "model.layers.{}.post_attention_layernorm.weight") | {"model.norm.weight"}


def test_llama_classic_name_list_misses_the_hand_written_rmsnorm():
    model = LlamaLike()
    report = wdlint.check(model, torch.optim.AdamW(classic_name_groups(model, 0.1)))
    assert pairs(report) == {("WD201", name) for name in LLAMA_NORMS}
    assert all(f.group == 0 for f in report.findings)
    assert not report.ok


def test_gpt2_classic_name_list_misses_ln_1_ln_2_ln_f():
    model = GPT2Like()
    report = wdlint.check(model, torch.optim.AdamW(classic_name_groups(model, 0.1)))
    assert pairs(report) == {("WD201", n) for n in GPT2_NORMS if n.endswith("weight")}


def test_gpt2_flat_adamw_default_decay_reports_norms_and_biases():
    model = GPT2Like()
    report = wdlint.check(model, torch.optim.AdamW(model.parameters()))  # default weight_decay=0.01
    assert pairs(report) == {("WD201", n) for n in GPT2_NORMS} | {("WD202", n) for n in GPT2_BIASES}


def test_tied_embedding_is_reported_once_under_the_first_name():
    model = GPT2Like()
    report = wdlint.check(model, torch.optim.AdamW(ndim_groups(model, 0.1)), decay_embeddings=False)
    assert pairs(report) == {("WD204", "transformer.wte.weight"), ("WD204", "transformer.wpe.weight")}
    assert wdlint.check(model, torch.optim.AdamW(ndim_groups(model, 0.1))).ok


def test_tied_tensor_takes_its_most_protective_owner():
    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 8)
            self.ln = nn.LayerNorm(8)
            self.ln.weight = self.fc.bias  # first name fc.bias (a bias), also a norm weight

    model = Tied()
    report = wdlint.check(model, torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=0.1))
    assert pairs(report) == {("WD201", "fc.bias"), ("WD201", "ln.bias")}


def test_resnet_flat_sgd_decays_batchnorm_and_fc_bias():
    model = ResNetLike()
    report = wdlint.check(model, torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4))
    bns = ["bn1", "layer1.0.bn1", "layer1.0.bn2", "layer1.1.bn1", "layer1.1.bn2", "layer1.1.downsample.1"]
    assert pairs(report) == {("WD201", f"{bn}.{p}") for bn in bns for p in ("weight", "bias")} | {("WD202", "fc.bias")}
    assert "WD205" not in report.codes()


def test_vit_shape_rule_decays_what_the_model_declares_no_decay():
    model = ViTLike()
    report = wdlint.check(model, torch.optim.AdamW(ndim_groups(model, 0.05)))
    assert pairs(report) == {("WD204", "cls_token"), ("WD204", "pos_embed")} | {
        ("WD204", n) for n in layer_names("blocks.{}.attn.relative_position_bias_table")}
    assert "ViTLike.no_weight_decay()" in next(f.message for f in report.findings if f.name == "pos_embed")


def test_submodule_declarations_are_relative_to_the_submodule_and_zero_d_is_reported():
    model = CLIPLike()
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.2))
    declared = {"visual.cls_token", "visual.pos_embed"} | layer_names("visual.blocks.{}.attn.relative_position_bias_table")
    norms = {f"visual.blocks.{i}.{n}.{p}" for i in range(2) for n in ("norm1", "norm2") for p in ("weight", "bias")} | {
        "visual.norm.weight", "visual.norm.bias", "ln_final.weight", "ln_final.bias"}
    biases = {f"visual.blocks.{i}.{m}.bias" for i in range(2) for m in ("attn.qkv", "attn.proj", "mlp.0", "mlp.2")} | {
        "visual.patch_embed.bias", "visual.head.bias"}
    low = {"logit_scale"} | layer_names("visual.blocks.{}.ls1.gamma")
    assert pairs(report) == ({("WD204", n) for n in declared} | {("WD201", n) for n in norms}
                             | {("WD202", n) for n in biases} | {("WD203", n) for n in low})


def test_no_decay_argument_adds_name_substrings():
    model = LlamaLike()
    groups = [{"params": list(model.parameters()), "weight_decay": 0.0}]
    assert wdlint.check(model, torch.optim.AdamW(groups), no_decay=("lm_head",)).ok
    report = wdlint.check(model, torch.optim.AdamW(ndim_groups(model, 0.1)), no_decay=("lm_head",))
    assert pairs(report) == {("WD204", "lm_head.weight")}


def test_norm_classes_aliases_and_odd_parameters():
    LN = nn.LayerNorm  # an alias: only the type matters

    class FusedLayerNorm(nn.LayerNorm):
        pass

    class T5LayerNorm(nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(8))

    class Odd(nn.Module):
        def __init__(self):
            super().__init__()
            self.alias = LN(8)
            self.fused = FusedLayerNorm(8)
            self.t5 = T5LayerNorm()
            self.q_norm = nn.RMSNorm(4)
            self.gn = nn.GroupNorm(2, 8)
            self.ln2d = nn.LayerNorm([2, 4])  # 2-D weight and bias, still a norm
            self.mha = nn.MultiheadAttention(8, 2, add_bias_kv=True)  # in_proj_bias, 3-D bias_k / bias_v
            self.lstm = nn.LSTM(8, 8)  # bias_ih_l0, bias_hh_l0
            self.prelu = nn.PReLU(8)
            self.conv = nn.Conv1d(8, 8, 3)
            self.dw = nn.Conv2d(8, 8, 3, groups=8, bias=False)  # 4-D depth-wise weight: a weight

    model = Odd()
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))
    norms = {f"{m}.{p}" for m in ("alias", "fused", "gn", "ln2d") for p in ("weight", "bias")} | {
        "t5.weight", "q_norm.weight"}
    # bias_k / bias_v are (1, 1, 8) but still biases (issue 10: they used to pass for weights)
    biases = {"mha.in_proj_bias", "mha.bias_k", "mha.bias_v", "mha.out_proj.bias", "lstm.bias_ih_l0",
              "lstm.bias_hh_l0", "conv.bias"}
    assert pairs(report) == ({("WD201", n) for n in norms} | {("WD202", n) for n in biases}
                             | {("WD203", "prelu.weight")})


def test_custom_class_named_norm_with_a_2d_parameter_is_a_weight():
    class ScaleNorm(nn.Module):
        def __init__(self):
            super().__init__()
            self.proj = nn.Parameter(torch.ones(4, 4))
            self.g = nn.Parameter(torch.ones(()))

    model = nn.Sequential(ScaleNorm())
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))
    assert pairs(report) == {("WD201", "0.g")}


def test_frozen_parameters_are_never_reported():
    model = LlamaLike()
    for name, param in model.named_parameters():
        param.requires_grad_("norm" not in name)
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))
    assert report.ok
    trainable_only = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], weight_decay=0.1)
    assert wdlint.check(model, trainable_only).ok


def test_decay_zero_groups_and_no_decay_groups_are_fine():
    model = GPT2Like()
    assert wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.0)).ok
    assert wdlint.check(model, torch.optim.SGD(model.parameters(), lr=0.1)).ok
    assert wdlint.check(model, torch.optim.Adam(model.parameters())).ok  # Adam's default decay is 0


def test_missing_parameters_are_wd206_and_foreign_tensors_wd207():
    model = LlamaLike(LlamaConfig(layers=1))
    groups = wdlint.param_groups(model, weight_decay=0.1)
    groups[0]["params"] = [p for p in groups[0]["params"] if p is not model.lm_head.weight]
    groups[1]["params"].append(nn.Parameter(torch.zeros(3)))
    report = wdlint.check(model, torch.optim.AdamW(groups))
    assert pairs(report) == {("WD206", "lm_head.weight")}
    assert [f.group for f in report.findings if f.code == "WD206"] == [None]
    assert codes(report) == [("WD207", 1)]
    assert report.holds_model_tensors is True


def test_optimizer_of_another_instance_holds_none_of_the_model():
    model, other = LlamaLike(LlamaConfig(layers=1)), LlamaLike(LlamaConfig(layers=1))
    report = wdlint.check(model, torch.optim.AdamW(wdlint.param_groups(other, 0.1)))
    assert report.holds_model_tensors is False
    assert {code for code, _ in pairs(report)} == {"WD206"}
    assert len([f for f in report.findings if f.code == "WD207"]) == len(list(other.parameters()))
    text = str(report)
    assert "holds none of this model's tensors" in text
    assert "add the missing parameters" not in text and "build the optimizer from this model's parameters" in text


def test_data_copies_are_foreign():
    model = nn.Linear(4, 4)
    report = wdlint.check(model, torch.optim.AdamW([p.detach() for p in model.parameters()]))
    assert pairs(report) == {("WD206", "weight"), ("WD206", "bias")}
    assert codes(report) == [("WD207", 0), ("WD207", 0)]


def test_check_changes_neither_model_nor_optimizer():
    model = GPT2Like()
    optimizer = torch.optim.Adam(model.parameters(), weight_decay=0.1)
    before = ([dict(g) for g in optimizer.param_groups], {k: v.clone() for k, v in model.state_dict().items()})
    wdlint.check(model, optimizer, decay_embeddings=False, no_decay=("wpe",))
    assert [dict(g) for g in optimizer.param_groups] == before[0]
    assert all(torch.equal(v, before[1][k]) for k, v in model.state_dict().items())


def test_declarations_returned_as_a_lone_string_or_none():
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.pos_embed = nn.Parameter(torch.zeros(1, 4, 8))
            self.proj = nn.Linear(8, 8, bias=False)  # "proj.weight" holds the characters of "pos"

        def no_weight_decay(self):
            return "pos_embed"

        def no_weight_decay_keywords(self):
            return "pos"

    class Silent(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 8, bias=False)

        def no_weight_decay(self):
            return None

    model = nn.ModuleDict({"a": Model(), "b": Silent()})
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))
    assert pairs(report) == {("WD204", "a.pos_embed")}


def test_a_tensor_twice_in_a_group_is_one_finding():
    model = nn.Sequential(nn.Linear(4, 4, bias=False), nn.LayerNorm(4, bias=False))
    stray = nn.Parameter(torch.zeros(3))
    with pytest.warns(UserWarning, match="duplicate parameters"):
        optimizer = torch.optim.AdamW([model[0].weight, model[1].weight, model[1].weight, stray, stray],
                                      weight_decay=0.1)
    report = wdlint.check(model, optimizer)
    assert [(f.code, f.name, f.group) for f in report.findings] == [("WD201", "1.weight", 0), ("WD207", "", 0)]


def test_parametrized_parameters_belong_to_the_parametrized_module():
    """``X.parametrizations.weight.original`` is still X's weight: a norm's, an embedding's, a Linear's bias."""

    class Positive(nn.Module):
        def forward(self, x):
            return x.abs()

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln = nn.LayerNorm(4)
            parametrize.register_parametrization(self.ln, "weight", Positive())
            self.emb = spectral_norm(nn.Embedding(10, 4))
            self.fc = weight_norm(nn.Linear(4, 4))  # original0 (4, 1) and original1 (4, 4): weights
            parametrize.register_parametrization(self.fc, "bias", Positive())

    model = Model()
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1), decay_embeddings=False)
    assert pairs(report) == {("WD201", "ln.bias"), ("WD201", "ln.parametrizations.weight.original"),
                             ("WD204", "emb.parametrizations.weight.original"),
                             ("WD202", "fc.parametrizations.bias.original")}
    groups = wdlint.param_groups(model, 0.1, decay_embeddings=False)
    assert wdlint.check(model, torch.optim.AdamW(groups), decay_embeddings=False).ok


def test_weight_decay_given_as_another_real_number_type():
    model = nn.Sequential(nn.Linear(4, 4), nn.LayerNorm(4))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    optimizer.param_groups[0]["weight_decay"] = Fraction(1, 10)  # NumPy scalars from a config are numbers.Real too
    report = wdlint.check(model, optimizer)
    assert pairs(report) == {("WD202", "0.bias"), ("WD201", "1.weight"), ("WD201", "1.bias")}
    assert "weight_decay=0.1 (4 tensors)" in str(report)
    assert "(1 tensor)" in str(wdlint.check(model, torch.optim.SGD([model[0].weight], lr=0.1)))


def test_an_embedding_subclass_named_like_a_norm_is_still_an_embedding():
    class NormEmbedding(nn.Embedding):  # "Norm" in the name matters only for 0-/1-D parameters
        pass

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.tokens = NormEmbedding(10, 4)
            self.head = nn.Linear(4, 4, bias=False)

    model = Model()
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1), decay_embeddings=False)
    assert pairs(report) == {("WD204", "tokens.weight")}
    assert wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1)).ok


class MambaMixerLike(nn.Module):
    """mamba_ssm's Mamba block marks A_log (2-D) and D with ``_no_weight_decay = True``."""

    def __init__(self, d_inner: int = 8, d_state: int = 4):
        super().__init__()
        self.in_proj = nn.Linear(d_inner, 2 * d_inner, bias=False)
        self.A_log = nn.Parameter(torch.zeros(d_inner, d_state))
        self.A_log._no_weight_decay = True
        self.D = nn.Parameter(torch.ones(d_inner))
        self.D._no_weight_decay = True
        self.scale = nn.Parameter(torch.ones(d_inner, d_state))
        self.scale._no_weight_decay = False  # a false flag declares nothing


def test_a_parameter_flagged_no_weight_decay_is_declared_no_decay():
    model = MambaMixerLike()
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))
    assert pairs(report) == {("WD204", "A_log"), ("WD204", "D")}
    assert all("declared by its `_no_weight_decay` attribute" in f.message for f in report.findings)
    groups = wdlint.param_groups(model, weight_decay=0.1)
    assert {id(p) for p in groups[1]["params"]} == {id(model.A_log), id(model.D)}
    assert wdlint.check(model, torch.optim.AdamW(groups)).ok
