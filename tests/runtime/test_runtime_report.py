"""str(report) is what a person reads in a crashed training log."""

from __future__ import annotations

import subprocess
import sys

import torch

import wdlint
from tests.runtime.models import LLAMA_70B, GPT2Like, LlamaConfig, LlamaLike, classic_name_groups


def test_summary_names_optimizer_groups_codes_and_the_fix():
    model = LlamaLike()
    text = str(wdlint.check(model, torch.optim.Adam(classic_name_groups(model, 0.1))))
    first = text.splitlines()[0]
    assert "Adam" in first and "2 param groups" in first and "#0 weight_decay=0.1 (21 tensors)" in first
    assert "WD201 normalization-layer parameters in a decayed group (5): model.layers.0.input_layernorm.weight" in text
    assert "WD205" in text and "group 0" in text
    assert "wdlint.param_groups(model, weight_decay=0.1)" in text
    assert "move these to the no-decay group: model.layers.0.input_layernorm.weight" in text
    assert "torch.optim.AdamW" in text


def test_long_lists_are_cut_but_every_code_is_named():
    with torch.device("meta"):
        model = LlamaLike(LLAMA_70B)
        other = LlamaLike(LlamaConfig(layers=1))
    params = list(model.parameters())
    optimizer = torch.optim.AdamW(params[1:] + [next(other.parameters())], weight_decay=0.1)
    report = wdlint.check(model, optimizer)
    text = str(report)
    assert report.codes() == {"WD201": 161, "WD206": 1, "WD207": 1}
    for code in ("WD201", "WD206", "WD207"):
        assert code in text
    assert "+153 more" in text
    assert len(text) < 3000


def test_ok_report():
    model = LlamaLike()
    report = wdlint.check(model, torch.optim.AdamW(wdlint.param_groups(model, 0.1)))
    assert report.ok and report.findings == []
    assert str(report).startswith("wdlint: weight decay OK in AdamW (2 param groups")


def test_import_wdlint_does_not_import_torch():
    code = (
        "import sys, wdlint, wdlint.rules\n"
        "assert wdlint.__version__ == '0.1.0'\n"
        "wdlint.rules.all_rules()\n"
        "assert 'torch' not in sys.modules, 'torch imported'\n"
        "assert issubclass(wdlint.WeightDecayError, AssertionError)\n"
        "assert 'torch' in sys.modules\n"
        "assert {'check', 'install', 'param_groups', 'Report', 'Finding', 'WeightDecayWarning'} <= set(dir(wdlint))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_runtime_rules_are_documented():
    from wdlint.rules import get_rule

    for code in ("WD201", "WD202", "WD203", "WD204", "WD205", "WD206", "WD207"):
        rule = get_rule(code)
        assert rule is not None and rule.surface == "runtime" and rule.fix == "None"
        assert "wdlint" in rule.example + rule.use_instead or "torch" in rule.example


def test_a_report_without_a_model_says_what_was_checked():
    model = LlamaLike()
    text = str(wdlint.check(None, torch.optim.AdamW(model.parameters())))
    assert text.splitlines() == [
        "wdlint: weight decay OK in AdamW (1 param group: #0 weight_decay=0.01 (21 tensors))",
        "  Note: no model was given, so only WD205 was checked; pass the model to check the groups",
    ]
    text = str(wdlint.check(model, torch.optim.AdamW(wdlint.param_groups(model, 0.1))))
    assert text.endswith(", 21 trainable parameters checked")


def test_a_finding_reads_by_attribute_and_unpacks():
    model = LlamaLike(LlamaConfig(layers=1))
    report = wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))
    finding = report.findings[0]
    code, name, group, message = finding
    assert (code, name, group) == (finding.code, finding.name, finding.group) == (
        "WD201", "model.layers.0.input_layernorm.weight", 0)
    assert message == finding.message and "weight_decay=0.1" in message


def test_advice_repeats_the_policy_so_following_it_passes_the_same_check():
    model = GPT2Like()
    policy = {"decay_embeddings": False, "no_decay": ("c_proj",)}
    text = str(wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1), **policy))
    assert "wdlint.param_groups(model, weight_decay=0.1, decay_embeddings=False, no_decay=('c_proj',))" in text
    followed = wdlint.param_groups(model, weight_decay=0.1, decay_embeddings=False, no_decay=("c_proj",))
    assert wdlint.check(model, torch.optim.AdamW(followed), **policy).ok
    default = str(wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1)))
    assert "wdlint.param_groups(model, weight_decay=0.1) (" in default
