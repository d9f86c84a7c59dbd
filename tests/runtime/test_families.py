"""The family table held against the installed libraries: each row's example is built and classified as the row says.

A renamed upstream parameter (or a new norm class) then fails here instead of
being silently decayed.  Models are built from default configs on the meta device.
"""

from __future__ import annotations

import importlib.util
import re

import pytest
import torch

from wdlint.runtime.classify import Category, Policy
from wdlint.runtime.families import FAMILY_FACTS, Kind
from wdlint.runtime.inventory import take_inventory

EXPECTED = {Kind.NORMALIZATION: Category.NORMALIZATION, Kind.BIAS: Category.BIAS, Kind.GAIN: Category.GAIN,
            Kind.STATE_SPACE: Category.STATE_SPACE, Kind.EMBEDDING: Category.EMBEDDING}


def build(library: str, what: str) -> torch.nn.Module:
    with torch.device("meta"):
        if library == "transformers":
            transformers = pytest.importorskip("transformers")
            config = transformers.AutoConfig.for_model(what)
            auto = transformers.AutoModelForCausalLM if what in {"mamba", "rwkv", "recurrent_gemma", "xlnet"} else (
                transformers.AutoModelForSeq2SeqLM if what == "t5" else transformers.AutoModel)
            return auto.from_config(config)
        if importlib.util.find_spec("timm") is None:
            pytest.skip("timm is not installed")
        from tests.runtime.timm_import import import_timm

        return import_timm().create_model(what, pretrained=False)


@pytest.mark.parametrize("fact", [f for f in FAMILY_FACTS if f.example], ids=lambda f: f.family[:40])
def test_each_row_holds_for_its_example(fact):
    library, what, name = fact.example
    model = build(library, what)
    parameters = {p.name: p for p in take_inventory(model, Policy()).parameters}
    assert name in parameters, f"{what} has no parameter {name}: the row is out of date"
    classification = parameters[name].classification
    if fact.kind is Kind.NOT_A_NORM:
        assert classification.category is not Category.NORMALIZATION
    else:
        assert classification.category is EXPECTED[fact.kind]
        assert fact.what in classification.reason


def test_every_row_cites_a_source_and_compiles():
    for fact in FAMILY_FACTS:
        assert fact.source and fact.what and fact.family
        for pattern in (fact.parameter, fact.owner, fact.owner_attribute):
            if pattern is not None:
                re.compile(pattern)


def test_docs_show_the_table_as_it_is():
    from pathlib import Path

    from wdlint.runtime.families import markdown

    docs = Path(__file__).resolve().parents[2] / "docs" / "runtime.md"
    assert markdown() in docs.read_text(encoding="utf-8"), "paste wdlint.runtime.families.markdown() into the docs"
