"""wdlint.install: fires at the first step, raises/warns/logs, and removes itself cleanly."""

from __future__ import annotations

import logging
import warnings

import pytest
import torch

import wdlint
from tests.runtime.models import LlamaLike, classic_name_groups

TOKENS = torch.zeros(2, 4, dtype=torch.long)


def _train_step(model, optimizer):
    optimizer.zero_grad()
    model(TOKENS).float().mean().backward()
    optimizer.step()


def _bad():
    model = LlamaLike()
    return model, torch.optim.AdamW(classic_name_groups(model, 0.1), lr=0.1)


def _good():
    model = LlamaLike()
    return model, torch.optim.AdamW(wdlint.param_groups(model, 0.1), lr=0.1)


def _hook_dicts(optimizer):
    return dict(optimizer._optimizer_step_pre_hooks), dict(optimizer._optimizer_step_post_hooks)


def test_raise_mode_stops_before_the_update_and_removes_itself():
    model, optimizer = _bad()
    before_hooks = _hook_dicts(optimizer)
    handle = wdlint.install(optimizer, model)
    weight = model.lm_head.weight.detach().clone()
    with pytest.raises(wdlint.WeightDecayError) as caught:
        _train_step(model, optimizer)
    assert isinstance(caught.value, AssertionError)
    assert caught.value.report is handle.report and not handle.report.ok
    assert "WD201" in str(caught.value) and "model.norm.weight" in str(caught.value)
    assert torch.equal(model.lm_head.weight, weight)  # no update happened
    assert _hook_dicts(optimizer) == before_hooks
    _train_step(model, optimizer)  # later steps train normally
    assert not torch.equal(model.lm_head.weight, weight)


@pytest.mark.parametrize("on_error", ["raise", "warn", "log"])
@pytest.mark.parametrize("make", [_good, _bad], ids=["good", "bad"])
def test_other_hooks_before_and_after_keep_running(make, on_error):
    model, optimizer = make()
    calls = []
    optimizer.register_step_pre_hook(lambda *a: calls.append("pre-before"))
    optimizer.register_step_post_hook(lambda *a: calls.append("post-before"))
    handle = wdlint.install(optimizer, model, on_error=on_error)
    optimizer.register_step_pre_hook(lambda *a: calls.append("pre-after"))
    optimizer.register_step_post_hook(lambda *a: calls.append("post-after"))
    expected_hooks = 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wdlint.WeightDecayWarning)
        try:
            _train_step(model, optimizer)
            first = ["pre-before", "pre-after", "post-before", "post-after"]
        except wdlint.WeightDecayError:
            assert make is _bad and on_error == "raise"
            first = ["pre-before"]  # raising aborts the step, as any pre-hook error does
    assert calls == first
    assert handle.fired
    assert (len(optimizer._optimizer_step_pre_hooks), len(optimizer._optimizer_step_post_hooks)) == (
        expected_hooks, expected_hooks)
    calls.clear()
    _train_step(model, optimizer)
    _train_step(model, optimizer)
    assert calls == ["pre-before", "pre-after", "post-before", "post-after"] * 2


def test_last_registered_hook_is_removed_at_once():
    model, optimizer = _good()
    handle = wdlint.install(optimizer, model)
    _train_step(model, optimizer)
    assert handle.report.ok
    assert not optimizer._optimizer_step_pre_hooks and not optimizer._optimizer_step_post_hooks


def test_warn_mode_warns_once_and_trains(recwarn):
    model, optimizer = _bad()
    wdlint.install(optimizer, model, on_error="warn")
    weight = model.lm_head.weight.detach().clone()
    with pytest.warns(wdlint.WeightDecayWarning, match="WD201"):
        _train_step(model, optimizer)
    assert not torch.equal(model.lm_head.weight, weight)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _train_step(model, optimizer)


def test_log_mode_logs(caplog):
    model, optimizer = _bad()
    wdlint.install(optimizer, model, on_error="log")
    with caplog.at_level(logging.WARNING, logger="wdlint"):
        _train_step(model, optimizer)
        _train_step(model, optimizer)
    assert [r.levelno for r in caplog.records if r.name == "wdlint"] == [logging.WARNING]
    assert "model.layers.0.input_layernorm.weight" in caplog.text


def test_good_grouping_is_silent(recwarn, caplog):
    model, optimizer = _good()
    handle = wdlint.install(optimizer, model, on_error="warn")
    with caplog.at_level(logging.WARNING, logger="wdlint"):
        _train_step(model, optimizer)
    assert handle.report.ok and not recwarn.list and not caplog.records


def test_remove_before_the_first_step():
    model, optimizer = _bad()
    handle = wdlint.install(optimizer, model)
    handle.remove()
    _train_step(model, optimizer)
    assert not handle.fired


def test_invalid_on_error():
    model, optimizer = _good()
    with pytest.raises(ValueError, match="on_error"):
        wdlint.install(optimizer, model, on_error="ignore")


def test_global_install_checks_every_optimizer_once():
    model = LlamaLike()
    layers = [p for n, p in model.named_parameters() if "layers" in n]
    rest = [p for n, p in model.named_parameters() if "layers" not in n]
    handle = wdlint.install(None, model)
    try:
        good = torch.optim.AdamW(wdlint.param_groups(model.model.layers, 0.1), lr=0.1)  # only part of the model
        bad = torch.optim.AdamW(rest, lr=0.1, weight_decay=0.1)  # decays model.norm.weight
        other = LlamaLike()
        elsewhere = torch.optim.Adam(other.parameters(), lr=0.1, weight_decay=0.1)  # another model's optimizer
        _train_step(model, good)
        assert handle.reports[good].ok  # a part is fine: no WD206 under a global hook
        with pytest.raises(wdlint.WeightDecayError) as caught:
            _train_step(model, bad)
        assert {(f.code, f.name) for f in caught.value.report.findings} == {("WD201", "model.norm.weight")}
        _train_step(model, bad)  # each optimizer is checked once
        with pytest.raises(wdlint.WeightDecayError) as caught:
            _train_step(other, elsewhere)
        assert [(f.code, f.group) for f in caught.value.report.findings] == [("WD205", 0)]
        assert len(layers) + len(rest) == len(list(model.parameters()))
    finally:
        handle.remove()
    fresh = torch.optim.Adam(other.parameters(), lr=0.1, weight_decay=0.1)
    _train_step(other, fresh)  # removed: no longer checked
    assert fresh not in handle.reports


def test_without_a_model_only_coupled_decay_is_checked():
    model = LlamaLike()
    adam = torch.optim.Adam(model.parameters(), lr=0.1, weight_decay=0.1)
    adamw = torch.optim.AdamW(model.parameters(), lr=0.1, weight_decay=0.1)
    handle = wdlint.install(adamw)
    _train_step(model, adamw)
    assert handle.report.ok  # flat AdamW decays norms, but without a model that is not knowable
    wdlint.install(adam)
    with pytest.raises(wdlint.WeightDecayError) as caught:
        _train_step(model, adam)
    assert [(f.code, f.name, f.group) for f in caught.value.report.findings] == [("WD205", "", 0)]


class _BrokenDeclaration(LlamaLike):
    """A model whose ``no_weight_decay()`` raises: the check itself fails at the first step."""

    calls = 0

    def no_weight_decay(self):
        type(self).calls += 1
        raise RuntimeError("no_weight_decay is broken")


def test_a_failing_check_in_raise_mode_propagates_and_removes_the_hook():
    model = _BrokenDeclaration()
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.1)
    before_hooks = _hook_dicts(optimizer)
    handle = wdlint.install(optimizer, model)
    weight = model.lm_head.weight.detach().clone()
    with pytest.raises(RuntimeError, match="no_weight_decay is broken"):
        _train_step(model, optimizer)
    assert torch.equal(model.lm_head.weight, weight) and handle.report is None
    assert _hook_dicts(optimizer) == before_hooks
    _train_step(model, optimizer)  # the hook is gone: training goes on
    assert not torch.equal(model.lm_head.weight, weight)


@pytest.mark.parametrize("on_error", ["warn", "log"])
def test_a_failing_check_in_warn_or_log_mode_is_reported_and_training_goes_on(on_error, caplog):
    model = _BrokenDeclaration()
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.1)
    calls = []
    optimizer.register_step_pre_hook(lambda *a: calls.append("pre-before"))
    wdlint.install(optimizer, model, on_error=on_error)
    optimizer.register_step_pre_hook(lambda *a: calls.append("pre-after"))
    weight = model.lm_head.weight.detach().clone()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="wdlint"):
        warnings.simplefilter("always")
        _train_step(model, optimizer)
        _train_step(model, optimizer)
    told = [str(w.message) for w in caught if issubclass(w.category, wdlint.WeightDecayWarning)]
    told += [r.getMessage() for r in caplog.records if r.name == "wdlint"]
    assert len(told) == 1 and "could not run" in told[0] and "no_weight_decay is broken" in told[0]
    assert calls == ["pre-before", "pre-after"] * 2
    assert not torch.equal(model.lm_head.weight, weight)
    assert len(optimizer._optimizer_step_pre_hooks) == 2 and not optimizer._optimizer_step_post_hooks


def test_global_install_does_not_retry_a_failing_check_every_step():
    model = _BrokenDeclaration()
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.1)
    _BrokenDeclaration.calls = 0
    handle = wdlint.install(None, model)
    try:
        with pytest.raises(RuntimeError, match="no_weight_decay is broken"):
            _train_step(model, optimizer)
        _train_step(model, optimizer)
        _train_step(model, optimizer)
    finally:
        handle.remove()
    assert _BrokenDeclaration.calls == 1 and optimizer not in handle.reports


def test_install_rejects_what_is_not_a_model_or_an_optimizer_at_once():
    model, optimizer = _good()
    with pytest.raises(TypeError, match="wdlint.install: model must be a torch.nn.Module, not generator"):
        wdlint.install(optimizer, model.parameters())
    with pytest.raises(TypeError, match="optimizer must be a torch.optim.Optimizer"):
        wdlint.install(model, optimizer)
    assert not optimizer._optimizer_step_pre_hooks
    with pytest.raises(TypeError, match="wdlint.check: model must be a torch.nn.Module, not OrderedDict"):
        wdlint.check(model.state_dict(), optimizer)
    with pytest.raises(TypeError, match="wdlint.param_groups: model must be a torch.nn.Module"):
        wdlint.param_groups(list(model.parameters()))


def _compiled(optimizer):
    """A compiled optimizer step, as in PyTorch's "compiling the optimizer" recipe: dynamo also traces the step hooks."""

    @torch.compile(backend="eager")
    def step():
        optimizer.step()

    return step


def _backward(model):
    model(TOKENS).float().mean().backward()


def test_compiled_step_raises_the_report_not_a_dynamo_error():
    torch._dynamo.reset()
    model, optimizer = _bad()
    handle = wdlint.install(optimizer, model)
    step = _compiled(optimizer)
    weight = model.lm_head.weight.detach().clone()
    _backward(model)
    with pytest.raises(wdlint.WeightDecayError):
        step()
    assert handle.report is not None and {"WD201"} <= set(handle.report.codes())
    assert torch.equal(model.lm_head.weight, weight)
    assert _hook_dicts(optimizer) == ({}, {})
    step()
    assert not torch.equal(model.lm_head.weight, weight)


@pytest.mark.parametrize("on_error", ["warn", "log"])
def test_compiled_step_reports_in_warn_and_log_mode(on_error, caplog):
    torch._dynamo.reset()
    model, optimizer = _bad()
    handle = wdlint.install(optimizer, model, on_error=on_error)
    global_handle = wdlint.install(None, model, on_error=on_error)
    step = _compiled(optimizer)
    try:
        with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="wdlint"):
            warnings.simplefilter("always")
            for _ in range(2):
                _backward(model)
                step()
    finally:
        global_handle.remove()
    assert handle.report is not None and {"WD201"} <= set(handle.report.codes())
    assert global_handle.reports[optimizer].codes() == handle.report.codes()
    warned = [w for w in caught if issubclass(w.category, wdlint.WeightDecayWarning)]
    told = [str(w.message) for w in warned] if on_error == "warn" else [
        r.getMessage() for r in caplog.records if r.name == "wdlint"]
    assert len(told) == 2 and all("could not run" not in message for message in told)
    assert all(w.filename == __file__ for w in warned)  # the line that calls step(), not torch's
    assert _hook_dicts(optimizer) == ({}, {})
