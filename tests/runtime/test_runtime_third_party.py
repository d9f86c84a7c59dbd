"""WD205 on third-party optimizers, matched by module and name from the optimizer table.

The real classes are built on a small CPU model wherever their library
installs here (the ``optimizers`` extra).  apex and DeepSpeed build only with
CUDA: their classes are stood in for by classes with the same module, name
and constructor behaviour (where they keep the switch: ``self.adam_w_mode``).
"""

from __future__ import annotations

import pytest
import torch

import wdlint
from tests.optimizer_libraries import installed, load, timm_without_package_init
from tests.runtime.helpers import codes, pairs
from tests.runtime.models import LlamaLike
from wdlint.optimizers import builtin_table
from wdlint.runtime.coupling import optimizer_spec

#: (defining path, constructor keywords): never WD205, decay or not.
DECOUPLED = [
    ("bitsandbytes.optim.adam.Adam", {}),
    ("bitsandbytes.optim.adam.Adam8bit", {}),
    ("bitsandbytes.optim.adam.PagedAdam32bit", {}),
    ("bitsandbytes.optim.adamw.AdamW", {}),
    ("bitsandbytes.optim.adamw.AdamW8bit", {}),
    ("bitsandbytes.optim.lamb.LAMB", {"adam_w_mode": False}),  # accepted and ignored by bnb
    ("bitsandbytes.optim.lion.Lion8bit", {}),
    ("bitsandbytes.optim.ademamix.AdEMAMix", {}),
    ("timm.optim.lamb.Lamb", {}),
    ("timm.optim.adabelief.AdaBelief", {}),
    ("timm.optim.madgrad.MADGRAD", {"decoupled_decay": True}),
    ("timm.optim.adopt.Adopt", {"decoupled": True}),
    ("timm.optim.rmsprop_tf.RMSpropTF", {"decoupled_decay": True}),
    ("timm.optim.nadamw.NAdamW", {}),
    ("timm.optim.lion.Lion", {}),
    ("timm.optim.adan.Adan", {}),
    ("lion_pytorch.lion_pytorch.Lion", {}),
    ("lion_pytorch.lion_pytorch.Lion", {"decoupled_weight_decay": True}),
    ("torch_optimizer.adabelief.AdaBelief", {"weight_decouple": True}),
    ("torch_optimizer.qhadam.QHAdam", {"decouple_weight_decay": True}),
    ("torch_optimizer.lamb.Lamb", {}),
    ("torch_optimizer.radam.RAdam", {}),
    ("torch_optimizer.novograd.NovoGrad", {}),
    ("schedulefree.adamw_schedulefree.AdamWScheduleFree", {}),
    ("schedulefree.radam_schedulefree.RAdamScheduleFree", {}),
    ("schedulefree.sgd_schedulefree.SGDScheduleFree", {}),
    ("transformers.optimization.Adafactor", {"lr": 1e-3, "relative_step": False, "scale_parameter": False}),
]

#: (defining path, constructor keywords, a word the advice must hold): WD205 on the decayed group.
COUPLED = [
    ("bitsandbytes.optim.rmsprop.RMSprop", {}, "no decoupled mode"),
    ("bitsandbytes.optim.rmsprop.RMSprop8bit", {}, "no decoupled mode"),
    ("bitsandbytes.optim.adagrad.Adagrad", {}, "no decoupled mode"),
    ("bitsandbytes.optim.adagrad.Adagrad32bit", {}, "no decoupled mode"),
    ("timm.optim.madgrad.MADGRAD", {}, "`decoupled_decay=True`"),
    ("timm.optim.adabelief.AdaBelief", {"decoupled_decay": False}, "`decoupled_decay=True`"),
    ("timm.optim.adopt.Adopt", {}, "`decoupled=True`"),
    ("timm.optim.rmsprop_tf.RMSpropTF", {}, "`decoupled_decay=True`"),
    ("timm.optim.nadam.NAdamLegacy", {}, "no decoupled mode"),
    ("torch_optimizer.yogi.Yogi", {}, "no decoupled mode"),
    ("torch_optimizer.adabound.AdaBound", {}, "no decoupled mode"),
    ("torch_optimizer.diffgrad.DiffGrad", {}, "no decoupled mode"),
    ("torch_optimizer.madgrad.MADGRAD", {}, "no decoupled mode"),
    ("torch_optimizer.swats.SWATS", {}, "no decoupled mode"),
    ("torch_optimizer.apollo.Apollo", {}, "no decoupled mode"),
    ("torch_optimizer.adabelief.AdaBelief", {}, "`weight_decouple=True`"),
    ("torch_optimizer.qhadam.QHAdam", {}, "`decouple_weight_decay=True`"),
    ("pytorch_ranger.rangerqh.RangerQH", {}, "`decouple_weight_decay=True`"),
]


def _library(path: str) -> str:
    return path.split(".", 1)[0]


@pytest.fixture(scope="module", autouse=True)
def timm_importable():
    if not installed("timm"):
        yield
        return
    with timm_without_package_init():
        yield


def _build(path: str, keywords: dict, groups: list[dict]) -> torch.optim.Optimizer:
    if not installed(_library(path)):
        pytest.skip(f"{_library(path)} is not installed (pip install -e '.[optimizers]')")
    return load(path)(groups, **keywords)


@pytest.mark.parametrize(("path", "keywords"), DECOUPLED, ids=[f"{p}{sorted(k)}" for p, k in DECOUPLED])
def test_decoupled_third_party_is_never_wd205(path, keywords):
    model = LlamaLike()
    optimizer = _build(path, keywords, wdlint.param_groups(model, weight_decay=0.1))
    report = wdlint.check(model, optimizer)
    assert codes(report) == []
    assert not pairs(report)
    assert optimizer_spec(type(optimizer)) is builtin_table()[path]


@pytest.mark.parametrize(("path", "keywords", "advice"), COUPLED, ids=[f"{p}{sorted(k)}" for p, k, _ in COUPLED])
def test_coupled_third_party_is_wd205(path, keywords, advice):
    model = LlamaLike()
    optimizer = _build(path, keywords, wdlint.param_groups(model, weight_decay=1e-2))
    report = wdlint.check(model, optimizer)
    assert codes(report) == [("WD205", 0)]  # group 1 is the no-decay group
    assert advice in report.findings[0].message
    assert "AdamW" not in report.findings[0].message or "no decoupled mode" in report.findings[0].message
    assert not pairs(report)


def test_coupled_third_party_without_decay_is_clean():
    model = LlamaLike()
    optimizer = _build("bitsandbytes.optim.rmsprop.RMSprop", {}, wdlint.param_groups(model, weight_decay=0.0))
    assert codes(wdlint.check(model, optimizer)) == []


def test_user_subclass_of_a_third_party_class_keeps_its_semantics():
    if not installed("torch_optimizer"):
        pytest.skip("torch_optimizer is not installed")
    yogi = load("torch_optimizer.Yogi")
    lamb = load("torch_optimizer.Lamb")

    class MyYogi(yogi):
        pass

    class MyLamb(lamb):
        pass

    model = LlamaLike()
    assert codes(wdlint.check(model, MyYogi(wdlint.param_groups(model, weight_decay=1e-2)))) == [("WD205", 0)]
    assert codes(wdlint.check(model, MyLamb(wdlint.param_groups(model, weight_decay=1e-2)))) == []


def test_wrapped_third_party_optimizer_is_read_from_the_inner_one():
    """torch_optimizer's Lookahead keeps the optimizer it wraps as ``.optimizer``."""
    if not installed("torch_optimizer"):
        pytest.skip("torch_optimizer is not installed")
    model = LlamaLike()
    lookahead = load("torch_optimizer.Lookahead")
    inner = load("torch_optimizer.Yogi")(wdlint.param_groups(model, weight_decay=1e-2))
    report = wdlint.check(model, lookahead(inner))
    assert codes(report) == [("WD205", 0)]
    assert "Lookahead(Yogi)" in report.findings[0].message


# Stand-ins for the CUDA-only classes: the module and name the runtime matches on, and the
# constructor's handling of the switch as in the pinned sources (tests/data/optimizer_signatures/).
class FusedAdam(torch.optim.Optimizer):
    """apex/optimizers/fused_adam.py: ``self.adam_w_mode = 1 if adam_w_mode else 0``, not in the groups."""

    def __init__(self, params, lr=1e-3, bias_correction=True, betas=(0.9, 0.999), eps=1e-8, adam_w_mode=True,
                 weight_decay=0.0, amsgrad=False, set_grad_none=True, capturable=False, master_weights=False):
        super().__init__(params, dict(lr=lr, bias_correction=bias_correction, betas=betas, eps=eps,
                                      weight_decay=weight_decay))
        self.adam_w_mode = 1 if adam_w_mode else 0


FusedAdam.__module__ = "apex.optimizers.fused_adam"


class DeepSpeedCPUAdam(torch.optim.Optimizer):
    """deepspeed/ops/adam/cpu_adam.py: the argument is ``adamw_mode``, kept as ``self.adam_w_mode``."""

    def __init__(self, model_params, lr=1e-3, bias_correction=True, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, adamw_mode=True, fp32_optimizer_states=True):
        super().__init__(model_params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                            bias_correction=bias_correction, amsgrad=amsgrad))
        self.adam_w_mode = adamw_mode


DeepSpeedCPUAdam.__module__ = "deepspeed.ops.adam.cpu_adam"


@pytest.mark.parametrize(
    ("make", "expected", "advice"),
    [
        (lambda groups: FusedAdam(groups), [], None),
        (lambda groups: FusedAdam(groups, adam_w_mode=True), [], None),
        (lambda groups: FusedAdam(groups, adam_w_mode=False), [("WD205", 0)], "`adam_w_mode=True`"),
        (lambda groups: DeepSpeedCPUAdam(groups), [], None),
        (lambda groups: DeepSpeedCPUAdam(groups, adamw_mode=False), [("WD205", 0)], "`adamw_mode=True`"),
    ],
    ids=["apex-default", "apex-adamw", "apex-l2", "deepspeed-cpu-default", "deepspeed-cpu-l2"],
)
def test_switch_kept_as_an_optimizer_attribute(make, expected, advice):
    model = LlamaLike()
    report = wdlint.check(model, make(wdlint.param_groups(model, weight_decay=1e-2)))
    assert codes(report) == expected
    if advice is not None:
        assert advice in report.findings[0].message
        assert "torch.optim.AdamW" not in report.findings[0].message


def test_a_group_key_does_not_override_apex_attribute():
    """apex reads ``self.adam_w_mode`` only; a group's ``adam_w_mode`` changes nothing, so neither may it here."""
    model = LlamaLike()
    groups = wdlint.param_groups(model, weight_decay=1e-2)
    groups[0]["adam_w_mode"] = True
    assert codes(wdlint.check(model, FusedAdam(groups, adam_w_mode=False))) == [("WD205", 0)]
    groups = wdlint.param_groups(model, weight_decay=1e-2)
    groups[0]["adam_w_mode"] = False
    assert codes(wdlint.check(model, FusedAdam(groups))) == []


def test_a_group_switch_is_read_per_group():
    """timm keeps ``decoupled_decay`` in each group: one group may be coupled, another not."""
    if not installed("timm"):
        pytest.skip("timm is not installed")
    model = LlamaLike()
    groups = wdlint.param_groups(model, weight_decay=1e-2)
    groups.append({**groups[0], "params": [groups[0]["params"].pop()], "decoupled_decay": True})
    report = wdlint.check(model, load("timm.optim.madgrad.MADGRAD")(groups))
    assert codes(report) == [("WD205", 0)]
