"""Wrapped, compiled, checkpointed, meta and lazy models (single process; DDP/FSDP in test_distributed)."""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.distributed.algorithms._checkpoint.checkpoint_wrapper import apply_activation_checkpointing
from torch.utils._python_dispatch import TorchDispatchMode

import wdlint
from tests.runtime.helpers import pairs
from tests.runtime.models import LLAMA_70B, GPT2Like, LlamaDecoderLayer, LlamaLike, ViTLike, classic_name_groups, ndim_groups


def _expected_llama_classic() -> set[tuple[str, str]]:
    model = LlamaLike()
    return pairs(wdlint.check(model, torch.optim.AdamW(classic_name_groups(model, 0.1))))


def test_data_parallel_names_and_declarations_of_the_inner_model():
    vit = ViTLike()
    wrapped = nn.DataParallel(vit)
    assert next(n for n, _ in wrapped.named_parameters()).startswith("module.")
    report = wdlint.check(wrapped, torch.optim.AdamW(ndim_groups(wrapped, 0.05)))  # deit #39: built from the wrapper
    assert pairs(report) == pairs(wdlint.check(vit, torch.optim.AdamW(ndim_groups(vit, 0.05))))
    assert ("WD204", "pos_embed") in pairs(report)
    assert wdlint.check(wrapped, torch.optim.AdamW(wdlint.param_groups(wrapped, 0.05))).ok


class Holder(nn.Module):
    """A user model with a child called ``module``, as DDP names its own."""

    def __init__(self):
        super().__init__()
        self.module = nn.LayerNorm(4)


@pytest.mark.parametrize("wrap", [lambda m: m, lambda m: DeepSpeedEngine(m)], ids=["bare", "inside-a-wrapper"])
def test_a_child_called_module_is_not_a_wrapper(wrap):
    model = wrap(Holder())
    report = wdlint.check(model, torch.optim.AdamW(model.parameters()))
    assert pairs(report) == {("WD201", "module.weight"), ("WD201", "module.bias")}


class DeepSpeedEngine(nn.Module):
    """DeepSpeed's engine as wdlint sees it (deepspeed is not installed here): the model as ``module``."""

    def __init__(self, model):
        super().__init__()
        self.module = model


class _FabricModule(nn.Module):
    """Lightning Fabric's wrapper, laid out as lightning_fabric.wrappers builds it."""

    def __init__(self, forward_module, original_module=None):
        super().__init__()
        self._forward_module = forward_module
        self._original_module = forward_module if original_module is None else original_module


def test_deepspeed_and_fabric_wrappers_drop_their_segments():
    vit = ViTLike()
    expected = pairs(wdlint.check(vit, torch.optim.AdamW(ndim_groups(vit, 0.05))))
    inner = nn.DataParallel(vit)
    for wrapped in (DeepSpeedEngine(vit), _FabricModule(vit), _FabricModule(inner, vit), torch.compile(_FabricModule(inner, vit))):
        assert next(n for n, _ in wrapped.named_parameters()).endswith(".cls_token")  # a wrapper segment in front
        assert pairs(wdlint.check(wrapped, torch.optim.AdamW(ndim_groups(wrapped, 0.05)))) == expected
        assert wdlint.check(wrapped, torch.optim.AdamW(wdlint.param_groups(wrapped, 0.05))).ok


def test_torch_compile_names_lose_orig_mod():
    model = LlamaLike()
    compiled = torch.compile(model, backend="eager")
    assert next(n for n, _ in compiled.named_parameters()).startswith("_orig_mod.")
    report = wdlint.check(compiled, torch.optim.AdamW(classic_name_groups(compiled, 0.1)))
    assert pairs(report) == _expected_llama_classic()


def test_compiled_submodule_puts_orig_mod_in_the_middle():
    model = LlamaLike()
    model.model.layers[0] = torch.compile(model.model.layers[0], backend="eager")
    names = [n for n, _ in model.named_parameters()]
    assert "model.layers.0._orig_mod.input_layernorm.weight" in names
    report = wdlint.check(model, torch.optim.AdamW(classic_name_groups(model, 0.1)))
    assert pairs(report) == _expected_llama_classic()


def test_activation_checkpointing_and_data_parallel_around_compile():
    model = LlamaLike()
    apply_activation_checkpointing(model, check_fn=lambda m: isinstance(m, LlamaDecoderLayer))
    wrapped = nn.DataParallel(torch.compile(model, backend="eager"))
    names = [n for n, _ in wrapped.named_parameters()]
    assert "module._orig_mod.model.layers.0._checkpoint_wrapped_module.input_layernorm.weight" in names
    report = wdlint.check(wrapped, torch.optim.AdamW(classic_name_groups(wrapped, 0.1)))
    assert pairs(report) == _expected_llama_classic()
    wrapped(torch.zeros(1, 3, dtype=torch.long)).sum().backward()  # the wrapped model really trains


class _RecordOps(TorchDispatchMode):
    """Records every tensor operation: reading data (or anything that could sync) dispatches one."""

    def __init__(self):
        super().__init__()
        self.ops = []

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.ops.append(func)
        return func(*args, **(kwargs or {}))


def test_meta_device_model_is_checked_without_touching_data():
    with torch.device("meta"):
        model = LlamaLike()
        optimizer = torch.optim.AdamW(classic_name_groups(model, 0.1))
    with _RecordOps() as recorder:
        report = wdlint.check(model, optimizer)
        groups = wdlint.param_groups(model, weight_decay=0.1)
    assert recorder.ops == []
    with _RecordOps() as control:  # the recorder does see data access
        model.model.norm.weight.sum()
    assert control.ops
    assert pairs(report) == _expected_llama_classic()
    with torch.device("meta"):
        assert wdlint.check(model, torch.optim.AdamW(groups)).ok


def test_70b_shaped_meta_model():
    with torch.device("meta"):
        model = LlamaLike(LLAMA_70B)
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))
    assert report.codes() == {"WD201": 2 * 80 + 1}
    assert report.parameters_checked == 723


def test_to_empty_replaces_parameters_so_an_earlier_optimizer_is_stale():
    with torch.device("meta"):
        model = LlamaLike()
    optimizer = torch.optim.AdamW(wdlint.param_groups(model, 0.1))
    model.to_empty(device="cpu")
    report = wdlint.check(model, optimizer)
    assert report.holds_model_tensors is False
    assert report.codes() == {"WD206": 21, "WD207": 21}


def test_uninitialised_lazy_parameters_are_skipped_and_mentioned():
    model = nn.Sequential(nn.LazyLinear(8), nn.LayerNorm(8), nn.LazyLinear(2))
    optimizer = torch.optim.AdamW(model.parameters(), weight_decay=0.1)
    report = wdlint.check(model, optimizer)
    assert pairs(report) == {("WD201", "1.weight"), ("WD201", "1.bias")}
    assert report.unchecked == ("0.weight", "0.bias", "2.weight", "2.bias")
    assert "uninitialised lazy" in str(report)
    model(torch.zeros(1, 4))  # materialises in place: the optimizer still holds them
    report = wdlint.check(model, optimizer)
    assert pairs(report) == {("WD201", "1.weight"), ("WD201", "1.bias"), ("WD202", "0.bias"), ("WD202", "2.bias")}
    assert report.unchecked == ()
    stray = nn.LazyLinear(3)
    report = wdlint.check(model, torch.optim.AdamW(list(model.parameters()) + list(stray.parameters())))
    assert [f.code for f in report.findings if f.code == "WD207"] == ["WD207", "WD207"]


def test_shared_module_aliases_are_one_parameter():
    class Albert(nn.Module):
        def __init__(self):
            super().__init__()
            shared = nn.Sequential(nn.Linear(4, 4), nn.LayerNorm(4))
            self.layers = nn.ModuleList([shared, shared])

    model = Albert()
    report = wdlint.check(model, torch.optim.AdamW(model.parameters()))
    assert pairs(report) == {("WD202", "layers.0.0.bias"), ("WD201", "layers.0.1.weight"), ("WD201", "layers.0.1.bias")}
    assert wdlint.check(model, torch.optim.AdamW(wdlint.param_groups(model))).ok


def test_gpt2_tied_head_is_not_reported_under_lm_head():
    model = GPT2Like()
    report = wdlint.check(model, torch.optim.AdamW(model.parameters()), decay_embeddings=False)
    names = {name for _, name in pairs(report)}
    assert "transformer.wte.weight" in names and "lm_head.weight" not in names


def test_zero3_style_emptied_parameters_use_ds_shape():
    """DeepSpeed ZeRO-3 leaves ``param.data`` empty and keeps the shape in ``param.ds_shape``."""
    model = nn.Sequential(nn.Linear(4, 4), nn.LayerNorm(4), nn.Linear(4, 4, bias=False))
    for param in model.parameters():
        param.ds_shape = param.shape
        param.data = torch.empty(0)
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))
    assert pairs(report) == {("WD202", "0.bias"), ("WD201", "1.weight"), ("WD201", "1.bias")}
    assert wdlint.check(model, torch.optim.AdamW(wdlint.param_groups(model, 0.1))).ok


def test_no_decay_as_a_single_string():
    model = LlamaLike()
    report = wdlint.check(model, torch.optim.AdamW(ndim_groups(model, 0.1)), no_decay="lm_head")
    assert pairs(report) == {("WD204", "lm_head.weight")}


def test_no_decay_none_means_none():
    model = LlamaLike()
    assert wdlint.check(model, torch.optim.AdamW(ndim_groups(model, 0.1)), no_decay=None).ok
    assert len(wdlint.param_groups(model, 0.1, no_decay=None)) == 2
