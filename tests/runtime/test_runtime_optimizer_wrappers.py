"""Optimizers that wrap another: accelerate's AcceleratedOptimizer (ZeRO in test_runtime_distributed)."""

from __future__ import annotations

import pytest
import torch

import wdlint
from tests.runtime.helpers import codes, pairs
from tests.runtime.models import LlamaLike, classic_name_groups


class AcceleratedOptimizer(torch.optim.Optimizer):
    """accelerate.optimizer.AcceleratedOptimizer as it is laid out (accelerate is not installed here):
    a torch Optimizer subclass that never runs Optimizer.__init__ and forwards to the inner one."""

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.sync_gradients = True

    @property
    def state(self):
        return self.optimizer.state

    @property
    def param_groups(self):
        return self.optimizer.param_groups

    @property
    def defaults(self):
        return self.optimizer.defaults

    def zero_grad(self, set_to_none=None):
        self.optimizer.zero_grad(set_to_none=True if set_to_none is None else set_to_none)

    def step(self, closure=None):
        if self.sync_gradients:  # gradient accumulation: no inner step on the other micro-steps
            self.optimizer.step(closure)


def _step(model, optimizer):
    optimizer.zero_grad()
    model(torch.zeros(2, 4, dtype=torch.long)).float().mean().backward()
    optimizer.step()


def test_check_reads_coupled_decay_from_the_wrapped_class():
    model = LlamaLike()
    wrapped = AcceleratedOptimizer(torch.optim.Adam(wdlint.param_groups(model, 1e-4)))
    report = wdlint.check(model, wrapped)
    assert codes(report) == [("WD205", 0)]
    assert "AcceleratedOptimizer(Adam)" in report.findings[0].message
    assert wdlint.check(model, AcceleratedOptimizer(torch.optim.AdamW(wdlint.param_groups(model, 0.1)))).ok


@pytest.mark.parametrize("on_error", ["raise", "warn"])
def test_install_on_the_wrapper_hooks_the_optimizer_that_steps(on_error, recwarn):
    model = LlamaLike()
    wrapped = AcceleratedOptimizer(torch.optim.AdamW(classic_name_groups(model, 0.1)))
    expected = pairs(wdlint.check(model, wrapped))
    assert expected
    handle = wdlint.install(wrapped, model, on_error=on_error)
    wrapped.sync_gradients = False
    _step(model, wrapped)  # an accumulation micro-step: no optimizer step, no check yet
    assert handle.report is None
    wrapped.sync_gradients = True
    if on_error == "raise":
        with pytest.raises(wdlint.WeightDecayError) as raised:
            _step(model, wrapped)
        assert pairs(raised.value.report) == expected
    else:
        _step(model, wrapped)
        assert [w for w in recwarn if issubclass(w.category, wdlint.WeightDecayWarning)]
        assert pairs(handle.report) == expected
    assert not wrapped.optimizer._optimizer_step_pre_hooks and not wrapped.optimizer._optimizer_step_post_hooks
    _step(model, wrapped)  # the hook is gone
