"""Every annotated fixture, through the CLI and through flake8: same findings.

A fixture marks each expected finding on the physical line where it starts
(``# expect: WD101`` or ``# expect: WD101, WD102``; repeat a code for two
findings on one line); any other line must have none.  A file may instead say
``# expect-file: WD000 at line N`` on its first line.  Both surfaces run once
over all files (two subprocesses), then each file is compared on its own.
Files flake8 cannot parse itself (E999) are compared through the CLI only:
flake8 never runs plugins on them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from wdlint.source import split_lines as physical_lines

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DIRS = (ROOT / "fixtures", ROOT / "tests" / "rule_fixtures")
FIXTURES = sorted(p for d in FIXTURE_DIRS if d.is_dir() for p in d.rglob("*.py"))

_EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>WD\d{3}(?:\s*,\s*WD\d{3})*)")
_EXPECT_FILE = re.compile(r"#\s*expect-file:\s*(?P<code>WD\d{3})\s+at\s+line\s+(?P<line>\d+)")


def expected_findings(path: Path) -> Counter:
    # Numbered as Python numbers lines (str.splitlines also breaks at form feeds and U+2028).
    lines = physical_lines(path.read_text(encoding="utf-8", errors="replace"))
    if lines:
        whole_file = _EXPECT_FILE.search(lines[0])
        if whole_file:
            return Counter({(int(whole_file["line"]), whole_file["code"]): 1})
    expected: Counter = Counter()
    for number, line in enumerate(lines, start=1):
        match = _EXPECT.search(line)
        if match:
            expected.update((number, code.strip()) for code in match["codes"].split(","))
    return expected


def _relative(path: str) -> str:
    return os.path.relpath(os.path.abspath(path), ROOT)


@pytest.fixture(scope="session")
def cli_results() -> dict[str, list[tuple[int, int, str]]]:
    done = subprocess.run(
        [sys.executable, "-m", "wdlint", "check", "--format", "json", "--exit-zero", "-q",
         *(str(p.relative_to(ROOT)) for p in FIXTURES)],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr
    results: dict[str, list] = defaultdict(list)
    for item in json.loads(done.stdout):
        results[_relative(item["path"])].append((item["line"], item["column"], item["code"]))
    return results


@pytest.fixture(scope="session")
def flake8_results() -> tuple[dict[str, list[tuple[int, int, str]]], set[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "WD,E999", "--exit-zero",
         "--format=%(path)s\t%(row)d\t%(col)d\t%(code)s",
         *(str(p.relative_to(ROOT)) for p in FIXTURES)],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr
    results: dict[str, list] = defaultdict(list)
    unparsable: set[str] = set()
    for line in done.stdout.splitlines():
        path, row, col, code = line.split("\t")
        if code == "E999":
            unparsable.add(_relative(path))
        else:
            results[_relative(path)].append((int(row), int(col), code))
    return results, unparsable


def test_there_are_fixtures():
    assert len(FIXTURES) >= 10


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fixture(fixture: Path, cli_results, flake8_results):
    name = str(fixture.relative_to(ROOT))
    expected = expected_findings(fixture)
    cli = cli_results.get(name, [])
    assert Counter((line, code) for line, _, code in cli) == expected, f"wdlint check on {name}"

    flake8, unparsable = flake8_results
    if name in unparsable:
        assert all(code == "WD000" for _, code in expected), f"flake8 cannot parse {name}"
        return
    found = flake8.get(name, [])
    assert Counter((line, code) for line, _, code in found) == expected, f"flake8 on {name}"
    # Same columns on both surfaces (no off-by-one: flake8 adds 1 to the plugin's 0-based column).
    assert sorted(found) == sorted(cli), f"columns differ between wdlint check and flake8 on {name}"
