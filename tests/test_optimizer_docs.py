"""docs/optimizers.md is generated from the optimizer table (regenerate: scripts/gen_optimizer_docs.py --write)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from wdlint.optimizers import THIRD_PARTY_OPTIMIZERS, TORCH_OPTIMIZERS

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gen_optimizer_docs.py"
PAGE = ROOT / "docs" / "optimizers.md"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_committed_page_is_the_scripts_output():
    done = run()
    assert done.returncode == 0, done.stderr
    assert PAGE.read_text(encoding="utf-8") == done.stdout
    assert run("--check").returncode == 0


def test_page_lists_every_row():
    text = PAGE.read_text(encoding="utf-8")
    for spec in TORCH_OPTIMIZERS + THIRD_PARTY_OPTIMIZERS:
        assert f"| `{spec.qualified_name}` |" in text


def test_check_reports_a_stale_page(tmp_path):
    stale = tmp_path / "optimizers.md"
    stale.write_text("# old\n", encoding="utf-8")
    assert run("--check", str(stale)).returncode == 1
    assert run("--write", str(stale)).returncode == 0
    assert run("--check", str(stale)).returncode == 0
