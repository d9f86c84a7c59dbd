"""The fuzzing harness (``scripts/fuzz.py``), a short run: every property on a few programs.

The long run is ``python scripts/fuzz.py --generated 20000 --mutated 20000``.
"""

from __future__ import annotations

import importlib.util
import pathlib
import warnings

import pytest

_SPEC = importlib.util.spec_from_file_location("wdlint_fuzz", pathlib.Path(__file__).parent.parent / "scripts" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(fuzz)


@pytest.mark.parametrize("kind,count", [("generated", 25), ("mutated", 80)])
def test_fuzz_properties_hold(kind, count):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = fuzz.run(kind, count, seed=20241205, report_every=0)
    assert report["checked"] == count
    assert report["violations"] == [], report["violations"][:3]


def test_mutations_cover_every_kind():
    import random

    rng = random.Random(0)
    source = fuzz.fixture_sources()[0] or b"x = 1\n"
    produced = {fuzz.mutate(source, rng) for _ in range(200)}
    assert len(produced) > 100
