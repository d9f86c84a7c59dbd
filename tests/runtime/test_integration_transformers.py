"""The HF Trainer callback against the real transformers Trainer, on CPU, for a few steps (tiny models from configs)."""

from __future__ import annotations

import warnings

import pytest
import torch

import wdlint

transformers = pytest.importorskip("transformers")
pytest.importorskip("accelerate")

from wdlint.integrations.transformers import WeightDecayCheck  # noqa: E402


class Tokens(torch.utils.data.Dataset):
    def __init__(self, vocab: int, length: int = 8, size: int = 8) -> None:
        generator = torch.Generator().manual_seed(0)
        self.ids = torch.randint(0, vocab, (size, length), generator=generator)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> dict[str, torch.Tensor]:
        return {"input_ids": self.ids[index], "labels": self.ids[index]}


def tiny_llama():
    config = transformers.LlamaConfig(vocab_size=32, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                                      num_attention_heads=2, num_key_value_heads=1)
    return transformers.LlamaForCausalLM(config)


def tiny_mamba():
    config = transformers.MambaConfig(vocab_size=32, hidden_size=16, state_size=4, num_hidden_layers=1,
                                      use_mambapy=False)
    return transformers.MambaForCausalLM(config)


def trainer(model, tmp_path, callback, **arguments):
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path), max_steps=2, per_device_train_batch_size=4, weight_decay=0.1, learning_rate=1e-2,
        report_to="none", save_strategy="no", logging_strategy="no", use_cpu=True, disable_tqdm=True,
        **arguments.pop("args", {}))
    return transformers.Trainer(model=model, args=args, train_dataset=Tokens(32), callbacks=[callback], **arguments)


def snapshot(model) -> dict[str, torch.Tensor]:
    return {name: p.detach().clone() for name, p in model.named_parameters()}


def test_default_grouping_on_llama_passes_and_trains(tmp_path):
    model, callback = tiny_llama(), WeightDecayCheck()
    before = snapshot(model)
    trainer(model, tmp_path, callback).train()
    (report,) = callback.reports
    assert report.ok and report.parameters_checked == len(before), str(report)
    assert report.optimizer == "AcceleratedOptimizer(AdamW)"
    assert not torch.equal(before["lm_head.weight"], model.lm_head.weight)  # it trained


def test_a_flat_optimizer_raises_before_the_first_update(tmp_path):
    model, callback = tiny_llama(), WeightDecayCheck()
    before = snapshot(model)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.1)
    with pytest.raises(wdlint.WeightDecayError) as raised:
        trainer(model, tmp_path, callback, optimizers=(optimizer, None)).train()
    assert raised.value.report.codes() == {"WD201": 3}  # two RMSNorms per layer and the final one
    assert all(torch.equal(before[name], p) for name, p in model.named_parameters())


def test_default_grouping_decays_mamba_state_space_parameters(tmp_path):
    """The Trainer's name patterns keep out biases and most norms; not A_log and D (mamba_ssm flags them no-decay),
    nor Mamba's final norm, named ``norm_f``."""
    model, callback = tiny_mamba(), WeightDecayCheck(on_error="warn")
    with pytest.warns(wdlint.WeightDecayWarning) as caught:
        trainer(model, tmp_path, callback, args={"optim": "adamw_torch"}).train()
    (report,) = callback.reports
    assert {(f.code, f.name) for f in report.findings} == {
        ("WD203", "backbone.layers.0.mixer.A_log"), ("WD203", "backbone.layers.0.mixer.D"),
        ("WD201", "backbone.norm_f.weight")}
    assert [w.filename for w in caught if w.category is wdlint.WeightDecayWarning] == [__file__]


def test_deliberate_decay_passes_and_is_reported(tmp_path):
    model = tiny_mamba()
    callback = WeightDecayCheck(allow_decay=("state-space",), allow_decay_names=("norm_f",))
    with warnings.catch_warnings():
        warnings.simplefilter("error", wdlint.WeightDecayWarning)
        trainer(model, tmp_path, callback).train()
    (report,) = callback.reports
    assert report.ok and [f.name for f in report.allowed] == [
        "backbone.layers.0.mixer.A_log", "backbone.layers.0.mixer.D", "backbone.norm_f.weight"]
