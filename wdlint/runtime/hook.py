"""``wdlint.install``: run the check at the first ``optimizer.step()``.

The hook is a step *pre*-hook, so a bad grouping stops training before any
update.  It removes itself after firing.  Torch iterates the hook dicts
while it calls them, and deleting an entry mid-iteration breaks the hooks
after it ("OrderedDict mutated during iteration"), so removal happens only
where it is safe: just before raising (raising ends torch's loop), when our
hook is the last entry (an OrderedDict iterator that has yielded its last
item never looks at the dict again), or else from a one-shot step post-hook,
after the pre-hook loop is over.  A ``fired`` flag makes any leftover call a
no-op.  "Whatever the outcome" includes the check itself failing (a model
whose ``no_weight_decay()`` raises): in raise mode the error propagates, in
warn/log mode it is reported the same way and training goes on; either way
the hook is gone.

Distributed runs: every rank computes the same verdict from global shapes
(DTensor shapes, FSDP1 flat-parameter metadata), so ``"raise"`` raises on
every rank at the same step and no rank waits at a collective for another.
No collective is added: an extra all-reduce would synchronise the device and
could itself hang if ranks disagreed about stepping.  ``"warn"``/``"log"``
report on rank 0 only.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
import weakref
from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch import nn
from torch.optim.optimizer import register_optimizer_step_pre_hook
from torch.utils.hooks import RemovableHandle

from wdlint.runtime.check import check_with_policy
from wdlint.runtime.classify import Policy
from wdlint.runtime.inventory import require_module
from wdlint.runtime.optimizer_wrappers import stepping_optimizer
from wdlint.runtime.report import Report, WeightDecayError, WeightDecayWarning

ON_ERROR = ("raise", "warn", "log")

logger = logging.getLogger("wdlint")


def install(
    optimizer: torch.optim.Optimizer | None,
    model: nn.Module | None = None,
    *,
    on_error: str = "raise",
    decay_embeddings: bool = True,
    no_decay: Iterable[str] = (),
    allow_decay: Iterable[str] = (),
    allow_decay_names: Iterable[str] = (),
) -> FirstStepCheck | EveryOptimizerCheck:
    """Check ``optimizer`` against ``model`` at its first ``step()``; returns a handle with ``.remove()``.

    ``optimizer=None`` checks every optimizer at its first step (a global
    hook, which stays until ``.remove()``); each may then hold only part of
    the model (no WD206), and one holding none of it is taken to train
    another model (WD205 only).  ``model=None`` checks only WD205.
    """
    if on_error not in ON_ERROR:
        raise ValueError(f"on_error must be one of {', '.join(map(repr, ON_ERROR))}, not {on_error!r}")
    if optimizer is not None and not callable(getattr(optimizer, "register_step_pre_hook", None)):
        raise TypeError(f"wdlint.install: optimizer must be a torch.optim.Optimizer (or None for every optimizer), "
                        f"not {type(optimizer).__name__}")
    if model is not None:
        require_module(model, "wdlint.install")  # at install time, not as a surprise at the first step
    policy = Policy.of(decay_embeddings, no_decay, allow_decay, allow_decay_names)
    if optimizer is None:
        return EveryOptimizerCheck(model, policy, on_error)
    # A wrapper that never ran Optimizer.__init__ (accelerate's) has no hooks: its inner optimizer steps.
    return FirstStepCheck(stepping_optimizer(optimizer), model, policy, on_error)


class FirstStepCheck:
    """The handle of a one-optimizer install: ``.report`` after the first step, ``.remove()``."""

    def __init__(self, optimizer: torch.optim.Optimizer, model: nn.Module | None, policy: Policy,
                 on_error: str) -> None:
        self._model = model
        self._policy = policy
        self._on_error = on_error
        self.fired = False
        self.report: Report | None = None
        self._before = optimizer.register_step_pre_hook(_eager(self._before_step))
        self._after: RemovableHandle | None = None

    def remove(self) -> None:
        self._before.remove()
        if self._after is not None:
            self._after.remove()

    def _before_step(self, optimizer: torch.optim.Optimizer, args: Any, kwargs: Any) -> None:
        if self.fired:
            return
        self.fired = True
        try:
            self.report = check_with_policy(self._model, optimizer, self._policy)
        except Exception as error:
            if self._on_error == "raise":
                self.remove()  # safe: raising ends torch's loop over the hooks
                raise
            self._remove_when_safe(optimizer)
            _tell_failure(error, self._on_error)
            return
        if not self.report.ok and self._on_error == "raise":
            self.remove()
            raise WeightDecayError(self.report)
        self._remove_when_safe(optimizer)
        _tell(self.report, self._on_error)

    def _remove_when_safe(self, optimizer: torch.optim.Optimizer) -> None:
        """Remove the pre-hook now if torch's loop is done with the dict, else right after the step."""
        if _is_last(self._before):
            self._before.remove()
        else:
            self._after = optimizer.register_step_post_hook(_eager(self._after_step))

    def _after_step(self, optimizer: torch.optim.Optimizer, args: Any, kwargs: Any) -> None:
        self._before.remove()  # the pre-hook loop is over
        if _is_last(self._after):
            self._after.remove()


class EveryOptimizerCheck:
    """The handle of a global install: checks each optimizer once; ``.reports`` by optimizer."""

    def __init__(self, model: nn.Module | None, policy: Policy, on_error: str) -> None:
        self._model = model
        self._policy = policy
        self._on_error = on_error
        self.reports: weakref.WeakKeyDictionary[torch.optim.Optimizer, Report] = weakref.WeakKeyDictionary()
        #: Optimizers already checked, including those whose check failed (never retried every step).
        self._checked: weakref.WeakSet[torch.optim.Optimizer] = weakref.WeakSet()
        self._handle = register_optimizer_step_pre_hook(_eager(self._before_step))

    @property
    def report(self) -> Report | None:
        """The most recent report."""
        return next(reversed(list(self.reports.values())), None)

    def remove(self) -> None:
        self._handle.remove()

    def _before_step(self, optimizer: torch.optim.Optimizer, args: Any, kwargs: Any) -> None:
        if optimizer in self._checked:
            return
        self._checked.add(optimizer)
        try:
            report = check_with_policy(self._model, optimizer, self._policy, optimizer_may_hold_part=True)
        except Exception as error:
            if self._on_error == "raise":
                raise
            _tell_failure(error, self._on_error)
            return
        self.reports[optimizer] = report
        if not report.ok and self._on_error == "raise":
            raise WeightDecayError(report)
        _tell(report, self._on_error)


def _eager(hook: Callable[..., None]) -> Callable[..., None]:
    """The hook as torch runs it: never traced by ``torch.compile``.

    ``torch.compile(optimizer.step)``, or a compiled function that calls
    ``step()``, traces the step hooks too, and dynamo fails inside the check
    (an internal error instead of the report).  A one-shot check has nothing
    to gain from compiling, so it runs eagerly (a graph break).  This imports
    ``torch._dynamo``, which the first ``optimizer.step()`` imports anyway.
    """
    return torch.compiler.disable(hook, recursive=True)


def _is_last(handle: RemovableHandle | None) -> bool:
    hooks = handle.hooks_dict_ref() if handle is not None else None
    return bool(hooks) and next(reversed(hooks)) == handle.id


def settle(report: Report, on_error: str) -> None:
    """Act on a finished check as ``install`` does: raise ``WeightDecayError``, or warn/log on rank 0."""
    if not report.ok and on_error == "raise":
        raise WeightDecayError(report)
    _tell(report, on_error)


def _tell(report: Report, on_error: str) -> None:
    """Warn or log on rank 0 only: one message per job, not one per rank."""
    if _rank() != 0:
        return
    if report.ok:
        logger.info("%s", report)
    elif on_error == "warn":
        warnings.warn(str(report), WeightDecayWarning, stacklevel=_caller_level())
    else:
        logger.warning("%s", report)


def _tell_failure(error: Exception, on_error: str) -> None:
    """The check itself failed in warn/log mode: say so (rank 0) and let training go on."""
    if _rank() != 0:
        return
    message = f"wdlint: the weight-decay check could not run and was skipped: {type(error).__name__}: {error}"
    if on_error == "warn":
        warnings.warn(message, WeightDecayWarning, stacklevel=_caller_level())
    else:
        logger.warning("%s", message, exc_info=error)


#: Packages whose frames are never the user's line: torch, wdlint, and the trainers that call our checks.
_FRAMEWORKS = ("torch", "wdlint", "accelerate", "transformers", "lightning", "pytorch_lightning",
               "lightning_fabric", "lightning_utilities")


def _internal_directories() -> tuple[str, ...]:
    """The directories of those packages that are imported (nothing is imported to find out)."""
    directories = []
    for name in _FRAMEWORKS:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if path:
            directories.append(os.path.dirname(os.path.abspath(path)) + os.sep)
    return tuple(directories)


def _caller_level() -> int:
    """``warnings.warn``'s stacklevel for the first frame outside torch, wdlint and the trainers, counted from the
    caller.

    A fixed number would point into torch whenever another layer sits between
    ``step()`` and the hook (the compile guard, an LR scheduler's step
    wrapper, ``GradScaler.step``), and into transformers or lightning when
    their callbacks run the check: the warning should name the user's
    ``trainer.train()`` / ``trainer.fit()`` line.
    """
    internal = _internal_directories()
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(internal):
        frame = frame.f_back
        level += 1
    return level


def _rank() -> int:
    distributed = torch.distributed
    if distributed.is_available() and distributed.is_initialized():
        return distributed.get_rank()
    return 0
