"""``tests/fix_cases/X.in.py`` fixed must be exactly ``X.out.py``.

A case whose first line is ``# wdlint-fix-style: helper`` runs with the
helper style.  Every output must parse, leave no fixable finding, and be a
fixed point (fixing it again changes nothing).  Set ``WDLINT_REGENERATE=1``
to rewrite the ``.out.py`` files (then read the diff before committing).
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import libcst
import pytest

from wdlint.engine import lint_bytes
from wdlint.fix import fix_source
from wdlint.optimizers import builtin_table

CASES = Path(__file__).parent / "fix_cases"
INPUTS = sorted(CASES.glob("*.in.py"))


def _style(source: bytes) -> str:
    return "helper" if source.startswith(b"# wdlint-fix-style: helper") else "inline"


@pytest.mark.parametrize("case", INPUTS, ids=[path.name[: -len(".in.py")] for path in INPUTS])
def test_fix_case(case: Path) -> None:
    source = case.read_bytes()
    expected_path = case.with_name(case.name.replace(".in.py", ".out.py"))
    style = _style(source)
    result = fix_source(source, case.name, fix_style=style)
    assert result.notes == [], "a planned fix was dropped"
    if os.environ.get("WDLINT_REGENERATE"):
        expected_path.write_bytes(result.new_source)
    assert result.new_source.decode() == expected_path.read_bytes().decode()
    libcst.parse_module(result.new_source)
    compile(result.new_source, case.name, "exec")
    assert [d for d in lint_bytes(result.new_source, case.name) if d.fixable] == []
    assert result.remaining == lint_bytes(result.new_source, case.name)
    again = fix_source(result.new_source, case.name, fix_style=style)
    assert again.new_source == result.new_source
    assert not again.changed


def test_every_case_has_an_expected_output() -> None:
    outputs = {path.name.replace(".out.py", "") for path in CASES.glob("*.out.py")}
    assert outputs == {path.name.replace(".in.py", "") for path in INPUTS}


def test_unchanged_cases_are_byte_identical() -> None:
    for case in INPUTS:
        source = case.read_bytes()
        result = fix_source(source, case.name, fix_style=_style(source))
        if not result.changed:
            assert result.new_source is source or result.new_source == source


def test_rename_keeps_positional_meaning() -> None:
    """Adam -> AdamW is safe for positional arguments only because the slots match."""
    torch = pytest.importorskip("torch")
    table = builtin_table()
    for spec in table.values():
        if spec.decoupled_replacement is None:
            continue
        replacement = table[spec.decoupled_replacement]
        old = getattr(torch.optim, spec.name)
        new = getattr(torch.optim, replacement.name)

        def positional(cls):
            return [
                p.name
                for p in inspect.signature(cls).parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ]

        assert positional(old) == positional(new)
        keyword_only_old = {p.name for p in inspect.signature(old).parameters.values() if p.kind is p.KEYWORD_ONLY}
        keyword_only_new = {p.name for p in inspect.signature(new).parameters.values() if p.kind is p.KEYWORD_ONLY}
        # The fix drops the only keyword AdamW does not take.
        assert keyword_only_old - keyword_only_new == {"decoupled_weight_decay"}
