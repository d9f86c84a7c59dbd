"""The README's rules table matches the rule modules (regenerate with scripts/gen_readme_rules.py --write)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SCRIPT = ROOT / "scripts" / "gen_readme_rules.py"


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_table_lists_every_rule():
    from wdlint.rules import all_rules

    done = run()
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()[2:]
    assert [row.split("|")[1].strip() for row in rows] == [rule.code for rule in all_rules()]


def test_check_and_write_round_trip(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# x\n\n<!-- rules-table:start -->\nold\n<!-- rules-table:end -->\n\nafter\n")
    assert run("--check", str(readme)).returncode == 1
    assert run("--write", str(readme)).returncode == 0
    assert run("--check", str(readme)).returncode == 0
    text = readme.read_text()
    assert text.startswith("# x\n\n<!-- rules-table:start -->\n| Code |") and text.endswith("<!-- rules-table:end -->\n\nafter\n")


@pytest.mark.skipif(
    not README.exists() or "<!-- rules-table:start -->" not in README.read_text(encoding="utf-8"),
    reason="README.md has no rules-table markers yet",
)
def test_readme_rules_table_is_current():
    done = run("--check", str(README))
    assert done.returncode == 0, done.stderr
