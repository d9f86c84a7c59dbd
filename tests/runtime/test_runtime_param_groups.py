"""wdlint.param_groups builds groups that pass wdlint.check, for every model and policy."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.distributed.algorithms._checkpoint.checkpoint_wrapper import apply_activation_checkpointing

import wdlint
from tests.runtime.models import CLIPLike, GPT2Like, LlamaConfig, LlamaLike, ResNetLike, ViTLike

MODELS = {
    "gpt2": GPT2Like,
    "llama": LlamaLike,
    "llama-tied": lambda: LlamaLike(LlamaConfig(tie_embeddings=True)),
    "resnet": ResNetLike,
    "vit": ViTLike,
    "clip": CLIPLike,
    "compiled-checkpointed-llama": lambda: nn.DataParallel(torch.compile(_checkpointed(LlamaLike()), backend="eager")),
}
POLICIES = [
    {},
    {"decay_embeddings": False},
    {"no_decay": ("head", "proj")},
    {"decay_embeddings": False, "no_decay": ("wpe",)},
]


def _checkpointed(model: nn.Module) -> nn.Module:
    apply_activation_checkpointing(model, check_fn=lambda m: type(m).__name__ == "LlamaDecoderLayer")
    return model


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "default")
@pytest.mark.parametrize("make", MODELS.values(), ids=MODELS.keys())
def test_groups_pass_check(make, policy):
    model = make()
    for weight_decay in (None, 0.1):
        groups = wdlint.param_groups(model, weight_decay, **policy)
        for optimizer in (torch.optim.AdamW(groups), torch.optim.SGD(groups, lr=0.1, weight_decay=0.1)):
            report = wdlint.check(model, optimizer, **policy)
            assert report.ok, str(report)
        held = [p for group in groups for p in group["params"]]
        assert len(held) == len({id(p) for p in held}) == len([p for p in model.parameters() if p.requires_grad])


def test_group_shape():
    model = LlamaLike()
    decay, keep = wdlint.param_groups(model)
    assert set(decay) == {"params"}  # the optimizer's default decay applies
    assert keep["weight_decay"] == 0.0
    decay, keep = wdlint.param_groups(model, weight_decay=0.1)
    assert decay["weight_decay"] == 0.1
    assert [p.ndim for p in keep["params"]] == [1] * 5
    assert keep["params"][0] is model.model.layers[0].input_layernorm.weight


def test_empty_groups_are_omitted_and_frozen_parameters_left_out():
    model = nn.Sequential(nn.Linear(4, 4, bias=False), nn.LayerNorm(4))
    model[1].requires_grad_(False)
    assert wdlint.param_groups(model, 0.1) == [{"params": [model[0].weight], "weight_decay": 0.1}]
    model[0].requires_grad_(False)
    assert wdlint.param_groups(model, 0.1) == []


def test_tied_embedding_appears_once():
    model = GPT2Like()
    groups = wdlint.param_groups(model, 0.1, decay_embeddings=False)
    keep = groups[1]["params"]
    assert sum(p is model.lm_head.weight for p in keep) == 1


def test_lazy_parameters_must_be_materialised_first():
    model = nn.Sequential(nn.LazyLinear(4))
    with pytest.raises(ValueError, match="lazy"):
        wdlint.param_groups(model)
    model(torch.zeros(1, 3))
    assert len(wdlint.param_groups(model)) == 2
