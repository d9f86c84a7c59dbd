"""Lightning: ``Trainer(callbacks=[WeightDecayCheck()])``.

At ``on_train_start`` the strategy has run ``configure_optimizers`` and set
up the optimizers, and no update has happened: every optimizer is checked
against the LightningModule there, and by default a wrong grouping raises
``wdlint.WeightDecayError`` before the first step.  With several optimizers
(a GAN's generator and discriminator) each may train part of the module,
so a parameter missing from one of them is no finding.

Uses ``lightning.pytorch`` when installed, else ``pytorch_lightning``.
Lightning Fabric has no callback before the step: after
``model, optimizer = fabric.setup(model, optimizer)``, call
``wdlint.install(optimizer, model)``.
"""

from __future__ import annotations

from typing import Any

try:
    from lightning.pytorch import Callback
except ImportError:  # the standalone package
    from pytorch_lightning import Callback

from wdlint.integrations._trainer_check import TrainerCheck


class WeightDecayCheck(Callback):
    """Checks every optimizer from ``configure_optimizers`` against the LightningModule before the first update.

    Takes ``wdlint.install``'s keyword arguments: ``on_error`` ("raise",
    "warn", "log"), ``decay_embeddings``, ``no_decay``, ``allow_decay``,
    ``allow_decay_names``.  ``.reports`` holds one report per optimizer.
    """

    def __init__(self, on_error: str = "raise", **policy: Any) -> None:
        self._check = TrainerCheck(on_error, **policy)

    @property
    def reports(self):
        return self._check.reports

    def on_train_start(self, trainer, pl_module) -> None:
        self._check.check_optimizers(pl_module, list(trainer.optimizers))
