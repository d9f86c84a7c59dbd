"""WD205 per group from the optimizer table, and optimizers built from named parameters."""

from __future__ import annotations

import pytest
import torch

import wdlint
from tests.runtime.helpers import codes, pairs
from tests.runtime.models import GPT2Like, LlamaLike


class MyAdam(torch.optim.Adam):
    """A user subclass: still coupled."""


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: torch.optim.Adam(p, weight_decay=1e-4), [("WD205", 0)]),
        (lambda p: MyAdam(p, weight_decay=1e-4), [("WD205", 0)]),
        (lambda p: torch.optim.Adamax(p, weight_decay=1e-4), [("WD205", 0)]),
        (lambda p: torch.optim.NAdam(p, weight_decay=1e-4), [("WD205", 0)]),
        (lambda p: torch.optim.RAdam(p, weight_decay=1e-4), [("WD205", 0)]),
        (lambda p: torch.optim.Adagrad(p, weight_decay=1e-4), [("WD205", 0)]),
        (lambda p: torch.optim.RMSprop(p, weight_decay=1e-4), [("WD205", 0)]),
        (lambda p: torch.optim.AdamW(p, weight_decay=0.1), []),
        (lambda p: torch.optim.Adam(p, weight_decay=0.1, decoupled_weight_decay=True), []),
        (lambda p: torch.optim.NAdam(p, weight_decay=0.1, decoupled_weight_decay=True), []),
        (lambda p: torch.optim.RAdam(p, weight_decay=0.1, decoupled_weight_decay=True), []),
        (lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=1e-4), []),
        (lambda p: torch.optim.Adam(p, weight_decay=0.0), []),
    ],
    ids=["Adam", "subclass", "Adamax", "NAdam", "RAdam", "Adagrad", "RMSprop", "AdamW", "Adam-dwd", "NAdam-dwd",
         "RAdam-dwd", "SGD", "Adam-zero"],
)
def test_coupled_adaptive_groups(make, expected):
    model = LlamaLike()
    report = wdlint.check(model, make(wdlint.param_groups(model)))
    assert codes(report) == expected
    assert not pairs(report)


def test_wd205_is_per_group_with_decay():
    model = LlamaLike()
    report = wdlint.check(model, torch.optim.Adam(wdlint.param_groups(model, weight_decay=1e-4)))
    assert codes(report) == [("WD205", 0)]  # the no-decay group has weight_decay 0
    groups = wdlint.param_groups(model, weight_decay=1e-4)
    groups[0]["decoupled_weight_decay"] = True
    groups[1]["params"] = groups[1]["params"][:0] + [model.lm_head.weight]
    groups[0]["params"] = [p for p in groups[0]["params"] if p is not model.lm_head.weight]
    groups[1]["weight_decay"] = 1e-4
    norms = [p for n, p in model.named_parameters() if "norm" in n]
    groups.append({"params": norms, "weight_decay": 0.0})
    report = wdlint.check(model, torch.optim.Adam(groups))
    assert codes(report) == [("WD205", 1)]


def test_wd205_message_names_the_fix():
    model = GPT2Like()
    adam = wdlint.check(model, torch.optim.Adam(wdlint.param_groups(model, 1e-4))).findings[0]
    rmsprop = wdlint.check(model, torch.optim.RMSprop(wdlint.param_groups(model, 1e-4))).findings[0]
    nadam = wdlint.check(model, torch.optim.NAdam(wdlint.param_groups(model, 1e-4))).findings[0]
    assert "AdamW" in adam.message
    assert "no decoupled mode" in rmsprop.message
    assert "decoupled_weight_decay=True" in nadam.message


def test_named_parameter_optimizer():
    model = GPT2Like()
    optimizer = torch.optim.AdamW(model.named_parameters(), weight_decay=0.1)
    assert "param_names" in optimizer.param_groups[0]
    flat = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))
    assert pairs(wdlint.check(model, optimizer)) == pairs(flat)


def test_named_parameter_groups_and_foreign_names_in_the_message():
    model = LlamaLike()
    named = list(model.named_parameters())
    stray = torch.nn.Parameter(torch.zeros(2))
    groups = [
        {"params": [(n, p) for n, p in named if p.ndim >= 2] + [("stray.weight", stray)], "weight_decay": 0.1},
        {"params": [(n, p) for n, p in named if p.ndim < 2], "weight_decay": 0.0},
    ]
    report = wdlint.check(model, torch.optim.AdamW(groups))
    assert codes(report) == [("WD207", 0)]
    assert "'stray.weight'" in report.findings[0].message
