"""The optimizer table must match the installed torch's signatures exactly."""

from __future__ import annotations

import inspect

import pytest

from wdlint.optimizers import TORCH_OPTIMIZERS, DecayKind, builtin_table

torch = pytest.importorskip("torch")


def _signature(spec):
    module_path, _, name = spec.qualified_name.rpartition(".")
    assert module_path == "torch.optim"
    cls = getattr(torch.optim, name)
    return cls, list(inspect.signature(cls.__init__).parameters.values())[1:]


@pytest.mark.parametrize("spec", TORCH_OPTIMIZERS, ids=lambda spec: spec.name)
def test_table_matches_signature(spec):
    cls, parameters = _signature(spec)
    by_name = {p.name: (index, p) for index, p in enumerate(parameters)}
    assert parameters[0].name == "params"
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    assert spec.positional_count == len(positional)
    if spec.decay is DecayKind.NONE:
        assert "weight_decay" not in by_name
        return
    index, weight_decay = by_name["weight_decay"]
    assert spec.weight_decay_position == index
    assert weight_decay.kind is weight_decay.POSITIONAL_OR_KEYWORD
    assert spec.default_weight_decay == weight_decay.default
    if spec.decoupled_flag is not None:
        index, flag = by_name[spec.decoupled_flag.name]
        expected = index if flag.kind is flag.POSITIONAL_OR_KEYWORD else None
        assert spec.decoupled_flag.position == expected
        assert flag.default is spec.decoupled_flag.default
    else:
        assert "decoupled_weight_decay" not in by_name


def test_table_covers_every_torch_optimizer():
    classes = {
        name
        for name in dir(torch.optim)
        if isinstance(getattr(torch.optim, name), type)
        and issubclass(getattr(torch.optim, name), torch.optim.Optimizer)
        and getattr(torch.optim, name) is not torch.optim.Optimizer
    }
    assert classes == {spec.name for spec in TORCH_OPTIMIZERS}


@pytest.mark.parametrize("spec", TORCH_OPTIMIZERS, ids=lambda spec: spec.name)
def test_aliases_are_importable_paths(spec):
    import importlib

    for alias in spec.aliases:
        module_path, _, name = alias.rpartition(".")
        assert getattr(importlib.import_module(module_path), name) is getattr(torch.optim, spec.name)


def test_decoupled_semantics_match_torch():
    """AdamW subclasses Adam and its groups carry decoupled_weight_decay=True."""
    weight = torch.nn.Parameter(torch.zeros(2, 2))
    adamw = torch.optim.AdamW([weight])
    assert isinstance(adamw, torch.optim.Adam)
    assert adamw.param_groups[0]["decoupled_weight_decay"] is True
    table = builtin_table()
    assert table["torch.optim.AdamW"].decay is DecayKind.DECOUPLED
    assert table["torch.optim.Adam"].decoupled_replacement == "torch.optim.AdamW"
