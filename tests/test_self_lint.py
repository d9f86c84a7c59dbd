"""wdlint lints its own tree cleanly (its pyproject excludes the deliberately bad fixtures)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wdlint_check_on_the_repository():
    done = subprocess.run([sys.executable, "-m", "wdlint", "check"], cwd=ROOT, capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.startswith("All checks passed")
