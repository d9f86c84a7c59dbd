"""The README stays a five-minute read; the docs pages generated from code are current; links resolve."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
#: Pages that other changes add (linked from the README before they land).
ADDED_ELSEWHERE = {"docs/optimizers.md"}


def test_generated_pages_are_current():
    done = subprocess.run([sys.executable, str(ROOT / "docs" / "generate.py"), "--check"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_readme_is_short_and_has_what_a_new_user_needs():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 200
    for heading in ("## Quick start", "## pre-commit, flake8, editors", "## Use it in your trainer", "## Rules"):
        assert heading in text
    for page in ("docs/runtime.md", "docs/optimizers.md", "docs/rules.md", "docs/options.md"):
        assert f"({page}" in text


def test_links_between_pages_resolve():
    pages = [README, *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            resolved = (page.parent / target).resolve()
            relative = resolved.relative_to(ROOT).as_posix()
            assert resolved.exists() or relative in ADDED_ELSEWHERE, f"{page.name}: broken link {target}"


def test_rule_anchors_match_the_server_links():
    from wdlint.rules import all_rules
    from wdlint.server import rule_url

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"## {rule.code} {rule.name}\n" in text
        assert rule_url(rule.code).endswith(f"docs/rules.md#{rule.code.lower()}-{rule.name}")
