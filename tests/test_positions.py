"""Finding positions on long modules: only the statements that hold findings are tracked."""

from __future__ import annotations

from pathlib import Path

import libcst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from wdlint.analysis import positions
from wdlint.analysis.walk import descendants
from wdlint.engine import lint_text

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*(ROOT / "fixtures").glob("*.py"), *(ROOT / "tests" / "rule_fixtures").glob("*.py"),
                *(ROOT / "tests" / "fix_cases").glob("*.in.py")])


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_statement_by_statement_tracking_gives_the_same_findings(path, monkeypatch):
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    expected = lint_text(text, path.name)
    monkeypatch.setattr(positions, "LONG_MODULE", 0)
    assert lint_text(text, path.name) == expected


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_node_of_a_long_module(newline):
    source = newline.join([
        "# a header comment",
        "",
        "import torch",
        *(f"y{i} = {i}" for i in range(400)),
        "x = 1; opt = torch.optim.Adam(  # a call over lines",
        "    model.parameters(), lr=1e-3,",
        '    weight_decay=1e-4)  # """',
        "",
        "",
        "@decorator",
        "def build(model):",
        "    s = '''a",
        "b'''",
        "    return torch.optim.Adam(model.parameters(), weight_decay=1e-4)",
        "",
    ])
    module = libcst.parse_module(source)
    assert len(module.body) >= positions.LONG_MODULE
    nodes = [node for statement in module.body[-3:] for node in descendants(statement)]
    full = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    assert positions.positions_of(module, nodes) == {node: full[node] for node in nodes}


def test_a_long_module_reports_at_the_right_line():
    source = "import torch\n" + "y = 1\n" * 5000 + "opt = torch.optim.Adam(model.parameters(), weight_decay=1e-4)\n"
    found = [(d.line, d.column, d.code) for d in lint_text(source, "long.py")]
    assert found == [(5002, 7, "WD101"), (5002, 24, "WD102")]


@pytest.mark.parametrize("descend_lines", [0, positions.DESCEND_LINES])
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_ast_statement_lines_give_positionprovider_ranges(path, descend_lines, monkeypatch):
    """Every node, each tracked in the innermost statement holding it (in a block of a statement over
    ``descend_lines``), at ``ast``'s line with its blocks' indentation: the ranges equal libcst's own."""
    import ast
    import warnings

    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
        module = libcst.parse_module(text)
    except (SyntaxError, libcst.ParserSyntaxError):
        pytest.skip("does not parse")
    monkeypatch.setattr(positions, "DESCEND_LINES", descend_lines)
    every = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = [node for statement in module.body for node in descendants(statement)]
    assert len(positions.statement_groups(tree.body)) == len(module.body)
    # A fresh mapping per node (every call, and a sample of the rest): each is tracked alone, as a finding's node is.
    for node in [n for n in nodes if isinstance(n, libcst.Call)] + nodes[::13]:
        assert positions.StatementPositions(module, tree)[node] == every[node]
    assert positions.positions_of(module, nodes, tree) == {node: every[node] for node in nodes}
