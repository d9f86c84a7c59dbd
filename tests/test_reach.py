"""Notebooks and config files: fixtures, positions, noqa, WD000, fix guarantees, rule config examples."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from wdlint.engine import lint_text
from wdlint.fix.apply import fix_source
from wdlint.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".ipynb", ".yaml", ".yml", ".json") and p.is_file()
)
_EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>WD\d{3}(?:\s*,\s*WD\d{3})*)")


def expected(path: Path) -> Counter:
    """(cell, line, code): ``# expect:`` on the line (a YAML line, a notebook cell's line), or a ``.expect`` file."""
    found: Counter = Counter()
    sidecar = path.with_name(path.name + ".expect")
    if sidecar.exists():
        for row in sidecar.read_text().split("\n"):
            if row.strip():
                where, code = row.split()
                cell, _, line = where.rpartition(":")
                found[(int(cell) if cell else 0, int(line), code)] += 1
        return found
    if path.suffix == ".ipynb":
        for number, cell in enumerate(json.loads(path.read_text())["cells"], start=1):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for line_number, line in enumerate(source.split("\n"), start=1):
                match = _EXPECT.search(line)
                if match and cell["cell_type"] == "code":
                    found.update((number, line_number, c.strip()) for c in match["codes"].split(","))
        return found
    for number, line in enumerate(path.read_text().split("\n"), start=1):
        match = _EXPECT.search(line)
        if match:
            found.update((0, number, c.strip()) for c in match["codes"].split(","))
    return found


@pytest.fixture(scope="module")
def reported() -> dict[str, Counter]:
    done = subprocess.run(
        [sys.executable, "-m", "wdlint", "check", "--format", "json", "--exit-zero", "-q",
         *(str(p.relative_to(ROOT)) for p in DOCUMENTS)],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr
    per_file: dict[str, Counter] = {}
    for finding in json.loads(done.stdout):
        per_file.setdefault(finding["path"], Counter())[(finding.get("cell", 0), finding["line"], finding["code"])] += 1
    return per_file


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_document_fixture(path, reported):
    assert reported.get(str(path.relative_to(ROOT)), Counter()) == expected(path)


def test_check_of_fixtures_directory_shows_notebook_and_configs():
    done = subprocess.run([sys.executable, "-m", "wdlint", "check", "fixtures/"], cwd=ROOT, capture_output=True, text=True)
    assert "fixtures/notebooks/finetune.ipynb:cell 5:1:7: WD101" in done.stdout
    for convention in ("hydra", "torchtune", "lightning", "deepspeed", "mmengine", "timm"):
        assert f"fixtures/configs/{convention}/" in done.stdout, convention


# -- notebooks -----------------------------------------------------------------------


def notebook(*sources, language="python", as_list=True) -> str:
    cells = []
    for source in sources:
        kind = "markdown" if source.startswith("# ") and "\n" not in source else "code"
        cell = {"cell_type": kind, "metadata": {}, "source": source.splitlines(keepends=True) if as_list else source}
        if kind == "code":
            cell.update(execution_count=None, outputs=[{"output_type": "stream", "name": "stdout", "text": ["ok\n"]}])
        cells.append(cell)
    document = {"cells": cells, "metadata": {"language_info": {"name": language}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1) + "\n"


BAD_CELL = "import torch\nopt = torch.optim.Adam(model.parameters(), weight_decay=1e-4)"


def test_notebook_positions_name_the_cell_and_the_line_in_it():
    text = notebook("# Title", "%load_ext autoreload\n!ls\nimport torch", "x = 1\n" + BAD_CELL.split("\n")[1])
    found = lint_text(text, "nb.ipynb")
    assert [(d.cell, d.line, d.column, d.code) for d in found] == [(3, 2, 7, "WD101"), (3, 2, 24, "WD102")]
    assert found[0].where == "nb.ipynb:cell 3:2:7"
    assert found[0].as_json()["cell"] == 3


def test_magics_and_shell_lines_do_not_shift_positions_and_are_not_python():
    text = notebook("%%bash\necho 'not python ('", "files = !ls\nif True:\n    %time f()\nmodel?\n" + BAD_CELL)
    found = lint_text(text, "nb.ipynb")
    assert [(d.cell, d.line, d.code) for d in found] == [(2, 6, "WD101"), (2, 6, "WD102")]


def test_noqa_per_cell_line():
    text = notebook(BAD_CELL + "  # noqa: WD101", BAD_CELL)
    found = lint_text(text, "nb.ipynb")
    assert [(d.cell, d.code) for d in found] == [(1, "WD102"), (2, "WD101"), (2, "WD102")]


@pytest.mark.parametrize(
    "text, reason",
    [('{"cells": [', "invalid JSON"), ('{"cells": [], "nbformat": 3}', "nbformat 3"), ("[1, 2]", 'no "cells" list')],
)
def test_invalid_notebook_is_wd000_with_the_reason(text, reason):
    (found,) = lint_text(text, "nb.ipynb")
    assert found.code == "WD000" and reason in found.message


def test_a_notebook_of_another_language_is_not_analysed():
    assert lint_text(notebook(BAD_CELL, language="julia"), "nb.ipynb") == []


@pytest.mark.parametrize("as_list", [True, False])
def test_notebook_fix_rewrites_only_the_changed_cell_sources(as_list):
    text = notebook("# Title", "%matplotlib inline\n" + BAD_CELL, "y = 2\n", as_list=as_list)
    result = fix_source(text.encode(), "nb.ipynb")
    assert result.changed
    new = result.new_source.decode()
    document = json.loads(new)  # still JSON, still nbformat 4
    fixed = "".join(document["cells"][1]["source"])
    assert fixed.startswith("%matplotlib inline\n") and "AdamW" in fixed and "p.ndim < 2" in fixed
    compile(fixed.replace("%matplotlib inline", ""), "cell", "exec")
    # Outside the edited "source" value every byte is the same.
    old = json.loads(text)
    before, after = _around_source(text, 1), _around_source(new, 1)
    assert before == after
    assert document["cells"][1]["outputs"] == old["cells"][1]["outputs"]
    assert fix_source(result.new_source, "nb.ipynb").changed is False
    assert [d.code for d in result.remaining] == []


def _around_source(text: str, index: int) -> tuple[str, str]:
    from wdlint.configs.json_spans import parse_with_spans

    root = parse_with_spans(text)
    cells = next(value for key, value in root.items if key.value == "cells")
    source = next(value for key, value in cells.items[index].items if key.value == "source")
    return text[: source.start], text[source.end :]


# -- config files --------------------------------------------------------------------


def test_unparsable_config_is_wd000_only_with_an_optimizer_entry():
    assert lint_text("name: [unclosed\n", "data.yaml") == []
    (found,) = lint_text("optimizer:\n  _target_: torch.optim.Adam\n  lr: [1e-3\n", "opt.yaml")
    assert found.code == "WD000" and "invalid YAML" in found.message
    (found,) = lint_text('{"optimizer": {"type": "Adam",}}', "ds.json")
    assert found.code == "WD000" and "invalid JSON" in found.message


def test_config_positions_point_at_the_key():
    (found,) = lint_text("optim:\n  lr: 1\n  _target_: torch.optim.Adam\n  weight_decay: 0.1\n", "o.yaml")
    assert (found.line, found.column, found.code) == (3, 3, "WD101")


def test_config_noqa_on_the_key_line():
    assert lint_text("_target_: torch.optim.Adam  # noqa: WD101\nweight_decay: 0.1\n", "o.yaml") == []


CONFIGS = {
    "o.yaml": "# comment kept\noptimizer:   # and this\n  _target_: 'torch.optim.Adam'\n  weight_decay: 1e-4\r\nrest: [1, 2]\n",
    "ds.json": '{\n\t"optimizer" : {"type": "adam", "params": {"weight_decay": 0.1, "adam_w_mode": false}},\n  "x": "é"\n}',
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_config_fix_edits_one_scalar_parses_and_is_idempotent(name):
    text = CONFIGS[name]
    result = fix_source(text.encode(), name)
    assert result.changed and result.remaining == []
    new = result.new_source.decode()
    (yaml.safe_load if name.endswith(".yaml") else json.loads)(new)
    import difflib

    changes = [op for op in difflib.SequenceMatcher(None, text, new).get_opcodes() if op[0] != "equal"]
    assert len(changes) == 1 and changes[0][0] == "insert" and new[changes[0][3]:changes[0][4]] in ("W", "w")
    assert fix_source(result.new_source, name).changed is False


CONFIG_EXAMPLES = [
    (rule, example, True) for rule in all_rules() for example in rule.config_invalid
] + [(rule, example, False) for rule in all_rules() for example in rule.config_valid]


@pytest.mark.parametrize("rule, example, invalid", CONFIG_EXAMPLES, ids=lambda v: getattr(v, "name", None) or getattr(v, "code", None) or str(v))
def test_rule_config_examples(rule, example, invalid):
    codes = [d.code for d in lint_text(example.source, example.name)]
    assert (rule.code in codes) is invalid, codes
    if invalid and example.expected_fix is not None:
        result = fix_source(example.source.encode(), example.name, is_selected=lambda code: code == rule.code)
        assert result.new_source.decode() == example.expected_fix


def test_walk_finds_notebooks_and_small_configs_only(tmp_path):
    from wdlint.config import Settings
    from wdlint.files import CONFIG_MAX_BYTES, discover

    (tmp_path / "nb.ipynb").write_text(notebook(BAD_CELL))
    (tmp_path / "c.yaml").write_text("_target_: torch.optim.Adam\nweight_decay: 0.1\n")
    (tmp_path / "big.json").write_text("[" + "0," * CONFIG_MAX_BYTES + "0]")
    (tmp_path / "notes.txt").write_text("")
    found = sorted(Path(real).name for real, _ in discover([str(tmp_path)], Settings(root=str(tmp_path))).files)
    assert found == ["c.yaml", "nb.ipynb"]


def test_mm_gate_names_are_torch_coupled_adaptive_classes():
    from wdlint.configs.conventions import MM_COUPLED_TYPE_NAMES
    from wdlint.optimizers import optimizer_table

    coupled = {spec.name for spec in optimizer_table().values() if spec.library == "torch" and spec.is_coupled_adaptive}
    assert set(MM_COUPLED_TYPE_NAMES) == coupled


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CELL_LINES = [
    "import torch",
    "from torch.optim import Adam",
    "opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)",
    "opt = Adam(model.parameters(), weight_decay=wd)  # noqa: WD102",
    "sgd = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=5e-4)",
    "%matplotlib inline",
    "!pip install -q torch",
    "files = !ls",
    "model?",
    "if True:\n    !nvidia-smi\n    x = 1",
    "# a comment with é",
    "",
]


@settings(max_examples=40, deadline=None)
@given(
    cells=st.lists(st.lists(st.sampled_from(_CELL_LINES), max_size=4), min_size=1, max_size=4),
    as_list=st.booleans(),
    trailing_newline=st.booleans(),
)
def test_notebook_fix_properties(cells, as_list, trailing_newline):
    sources = ["\n".join(lines) + ("\n" if trailing_newline and lines else "") for lines in cells]
    text = notebook("# Title", *sources, as_list=as_list)
    result = fix_source(text.encode(), "nb.ipynb")
    new = result.new_source.decode()
    document = json.loads(new)
    assert len(document["cells"]) == len(sources) + 1
    # Only "source" values change; the fixed cells still parse (magics blanked as the analysis does).
    assert _blank_sources(text) == _blank_sources(new)
    from wdlint.notebooks import read_cells, virtual_module

    compile(virtual_module(read_cells(new)).text, "nb", "exec")
    assert fix_source(result.new_source, "nb.ipynb").changed is False
    assert not any(d.fixable for d in result.remaining)


def _blank_sources(text: str) -> str:
    from wdlint.configs.json_spans import parse_with_spans

    root = parse_with_spans(text)
    cells = next(value for key, value in root.items if key.value == "cells")
    spans = [next(value for key, value in cell.items if key.value == "source") for cell in cells.items]
    for span in sorted(spans, key=lambda s: -s.start):
        text = text[: span.start] + "@" + text[span.end :]
    return text
