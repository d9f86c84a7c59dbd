"""What the trainer callbacks share: the policy, the check of every optimizer, and how its outcome is told."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from torch import nn

from wdlint.runtime.check import check_with_policy
from wdlint.runtime.classify import Policy
from wdlint.runtime.hook import ON_ERROR, settle
from wdlint.runtime.report import Report


class TrainerCheck:
    """Checks a trainer's optimizers against its model once, as ``wdlint.install`` would at the first step."""

    def __init__(
        self,
        on_error: str = "raise",
        *,
        decay_embeddings: bool = True,
        no_decay: Iterable[str] = (),
        allow_decay: Iterable[str] = (),
        allow_decay_names: Iterable[str] = (),
    ) -> None:
        if on_error not in ON_ERROR:
            raise ValueError(f"on_error must be one of {', '.join(map(repr, ON_ERROR))}, not {on_error!r}")
        self.on_error = on_error
        self.policy = Policy.of(decay_embeddings, no_decay, allow_decay, allow_decay_names)
        #: One report per optimizer checked, in the trainer's order.
        self.reports: list[Report] = []

    def check_optimizers(self, model: nn.Module, optimizers: Sequence[object]) -> None:
        """Several optimizers (a GAN's) may each train part of the model: then a missing parameter is no finding."""
        several = len(optimizers) > 1
        for optimizer in optimizers:
            report = check_with_policy(model, optimizer, self.policy, optimizer_may_hold_part=several)
            self.reports.append(report)
            settle(report, self.on_error)
