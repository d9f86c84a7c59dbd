"""The written-out file gate (wdlint/analysis/default_gate.py) is the registry's, and is what runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from wdlint.analysis.default_gate import PLAN
from wdlint.analysis.prefilter import TextGate, gate, gate_plan
from wdlint.engine import DEFAULT_OPTIONS, AnalysisOptions
from wdlint.optimizers import optimizer_table
from wdlint.rules import static_rules

ROOT = Path(__file__).resolve().parent.parent


def test_the_written_plan_is_the_registry_s_file_gate():
    # Fails when a rule's needs or the optimizer table change: rerun scripts/gen_default_gate.py --write.
    assert PLAN == gate_plan(static_rules(), optimizer_table(), pruning=False)


def test_the_generator_says_the_module_is_current():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_default_gate.py")], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_default_settings_read_the_written_plan_and_extra_optimizers_the_registry():
    source = b"from mylib import Lion\nopt = Lion(model.parameters(), weight_decay=0.1)\n"
    assert not gate(DEFAULT_OPTIONS).matches(source)
    extra = AnalysisOptions(extra_coupled_optimizers=("mylib.Lion",))
    assert gate(extra).matches(source)
    assert gate(extra).matches(source) == TextGate.for_rules(static_rules(), extra.table(), False).matches(source)


def test_a_name_counts_only_beside_its_package():
    adam = b"opt = Adam(model.parameters(), weight_decay=0.1)\n"
    assert not gate(DEFAULT_OPTIONS).matches(adam)  # no package named: the name scan is not even started
    assert gate(DEFAULT_OPTIONS).matches(b"import torch\n" + adam)
