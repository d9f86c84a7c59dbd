"""HF ``transformers`` Trainer: ``Trainer(..., callbacks=[WeightDecayCheck()])``.

At ``on_train_begin`` the Trainer has built the optimizer (whatever
``optim=`` names, or the one passed in ``optimizers=``) and let accelerate
wrap it (``AcceleratedOptimizer``), and no update has happened: the check
runs there, on the Trainer's model and optimizer, and by default raises
``wdlint.WeightDecayError`` before the first step.  The Trainer's default
grouping (``get_decay_parameter_names``) keeps biases and norms out of
decay by name; it misses gains, state-space parameters and norms named
otherwise (see docs/runtime.md), which this check reports.
"""

from __future__ import annotations

from typing import Any

from transformers import TrainerCallback

from wdlint.integrations._trainer_check import TrainerCheck


class WeightDecayCheck(TrainerCallback):
    """Checks the Trainer's optimizer against its model before the first update.

    Takes ``wdlint.install``'s keyword arguments: ``on_error`` ("raise",
    "warn", "log"), ``decay_embeddings``, ``no_decay``, ``allow_decay``,
    ``allow_decay_names``.  ``.reports`` holds the report after training starts.
    """

    def __init__(self, on_error: str = "raise", **policy: Any) -> None:
        self._check = TrainerCheck(on_error, **policy)

    @property
    def reports(self):
        return self._check.reports

    def on_train_begin(self, args, state, control, model=None, optimizer=None, **kwargs):
        if model is None or optimizer is None:
            return
        self._check.check_optimizers(model, [optimizer])
