"""The Lightning callback against the real Lightning Trainer, and Fabric with wdlint.install, on CPU for a few steps."""

from __future__ import annotations

import pytest
import torch

import wdlint
from tests.runtime.models import LlamaConfig, LlamaLike

pl = pytest.importorskip("lightning.pytorch")
from lightning.fabric import Fabric  # noqa: E402

from wdlint.integrations.lightning import WeightDecayCheck  # noqa: E402

CONFIG = LlamaConfig(vocab=32, hidden=16, layers=1, heads=2, kv_heads=1, intermediate=32)


def batches(count: int = 4) -> torch.utils.data.DataLoader:
    tokens = torch.randint(0, CONFIG.vocab, (count * 2, 8), generator=torch.Generator().manual_seed(0))
    return torch.utils.data.DataLoader(tokens, batch_size=2)


def loss_of(model: torch.nn.Module, tokens: torch.Tensor) -> torch.Tensor:
    logits = model(tokens[:, :-1])
    return torch.nn.functional.cross_entropy(logits.reshape(-1, CONFIG.vocab), tokens[:, 1:].reshape(-1))


class LanguageModel(pl.LightningModule):
    """A LLaMA-like model with a hand-written RMSNorm; ``groups`` picks how configure_optimizers groups it."""

    def __init__(self, groups: str) -> None:
        super().__init__()
        self.model = LlamaLike(CONFIG)
        self.groups = groups

    def training_step(self, tokens, index):
        return loss_of(self.model, tokens)

    def configure_optimizers(self):
        if self.groups == "wdlint":
            return torch.optim.AdamW(wdlint.param_groups(self, weight_decay=0.1), lr=1e-2)
        return torch.optim.AdamW(self.parameters(), lr=1e-2, weight_decay=0.1)


class TwoOptimizers(LanguageModel):
    """Manual optimization with one optimizer per part (as a GAN's generator and discriminator)."""

    def __init__(self, groups: str) -> None:
        super().__init__(groups)
        self.automatic_optimization = False

    def training_step(self, tokens, index):
        for optimizer in self.optimizers():
            optimizer.zero_grad()
            self.manual_backward(loss_of(self.model, tokens))
            optimizer.step()

    def configure_optimizers(self):
        body, head = self.model.model, self.model.lm_head
        if self.groups == "wdlint":
            return [torch.optim.AdamW(wdlint.param_groups(part, weight_decay=0.1), lr=1e-2) for part in (body, head)]
        return [torch.optim.AdamW(part.parameters(), lr=1e-2, weight_decay=0.1) for part in (body, head)]


def fit(module: pl.LightningModule, callback: WeightDecayCheck, tmp_path) -> None:
    trainer = pl.Trainer(max_steps=2, accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
                         enable_progress_bar=False, enable_model_summary=False, callbacks=[callback],
                         default_root_dir=str(tmp_path))
    trainer.fit(module, batches())


def snapshot(module: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {name: p.detach().clone() for name, p in module.named_parameters()}


def test_good_groups_pass_and_train(tmp_path):
    module, callback = LanguageModel("wdlint"), WeightDecayCheck()
    before = snapshot(module)
    fit(module, callback, tmp_path)
    (report,) = callback.reports
    assert report.ok and report.parameters_checked == len(before)
    assert not torch.equal(before["model.lm_head.weight"], module.model.lm_head.weight)


def test_a_flat_optimizer_raises_before_the_first_update(tmp_path):
    module = LanguageModel("flat")
    before = snapshot(module)
    with pytest.raises(wdlint.WeightDecayError) as raised:
        fit(module, WeightDecayCheck(), tmp_path)
    assert raised.value.report.codes() == {"WD201": 3}
    assert all(torch.equal(before[name], p) for name, p in module.named_parameters())


def test_warnings_point_at_the_line_that_calls_fit(tmp_path):
    with pytest.warns(wdlint.WeightDecayWarning) as caught:
        fit(LanguageModel("flat"), WeightDecayCheck(on_error="warn"), tmp_path)
    (warning,) = [w for w in caught if w.category is wdlint.WeightDecayWarning]
    assert warning.filename == __file__ and "trainer.fit" in open(__file__).read().splitlines()[warning.lineno - 1]


@pytest.mark.parametrize("groups, ok", [("wdlint", True), ("flat", False)])
def test_every_optimizer_is_checked_and_each_may_hold_a_part(tmp_path, groups, ok):
    module, callback = TwoOptimizers(groups), WeightDecayCheck(on_error="log")
    fit(module, callback, tmp_path)
    assert [report.ok for report in callback.reports] == [ok, True]  # the head has no norm, and no WD206 for parts
    assert all("WD206" not in report.codes() for report in callback.reports)


def test_fabric_with_install(tmp_path):
    fabric = Fabric(accelerator="cpu", devices=1)
    for groups, ok in (("wdlint", True), ("flat", False)):
        module = LanguageModel(groups)
        model, optimizer = fabric.setup(module.model, LanguageModel.configure_optimizers(module))
        handle = wdlint.install(optimizer, model)
        before = snapshot(model)
        loss = loss_of(model, next(iter(batches())))
        fabric.backward(loss)
        if ok:
            optimizer.step()
            assert handle.report.ok and handle.report.parameters_checked == len(before)
        else:
            with pytest.raises(wdlint.WeightDecayError, match="WD201"):
                optimizer.step()
            assert all(torch.equal(before[name], p) for name, p in model.named_parameters())
