"""Engine behaviour on bad input, encodings, and the pruning shortcut."""

from __future__ import annotations

import pathlib
import sys

import hypothesmith
import libcst
import pytest
from hypothesis import HealthCheck, given, settings

from wdlint.engine import analyse_module, lint_bytes, lint_file, lint_text, might_have_findings, positioned

ADAM = "import torch\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n"
ROOT = pathlib.Path(__file__).resolve().parent.parent


def _codes(diagnostics):
    return [(d.line, d.code) for d in diagnostics]


def test_finds_both_rules_on_one_call():
    assert _codes(lint_text(ADAM, "x.py")) == [(2, "WD101"), (2, "WD102")]


def test_columns_are_one_based_with_exclusive_end():
    wd101, wd102 = lint_text(ADAM, "x.py")
    assert (wd101.column, wd101.end_line, wd101.end_column) == (7, 2, len("opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)") + 1)
    assert (wd102.column, wd102.end_column) == (24, 24 + len("model.parameters()"))


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("params = model.parameters()\nopt = torch.optim.SGD(params, lr=0.1, weight_decay=1e-4)\n", "one-shot iterator"),
        ("opt = torch.optim.AdamW(models[0].parameters())\n", "receiver is not a plain name"),
    ],
)
def test_an_unfixable_wd102_says_why(source, reason):
    [finding] = lint_text("import torch\n" + source, "x.py")
    assert finding.code == "WD102" and finding.fixable is False
    assert finding.message.endswith(")") and "(no autofix: " in finding.message and reason in finding.message


def test_a_fixable_wd102_has_no_autofix_caveat():
    assert all(d.fixable and "no autofix" not in d.message for d in lint_text(ADAM, "x.py"))


def test_syntax_error_is_one_wd000_at_the_error():
    [diagnostic] = lint_text("import torch\nopt = torch.optim.Adam(\n", "x.py")
    assert diagnostic.code == "WD000" and diagnostic.line == 2 and "cannot parse" in diagnostic.message


def test_a_file_the_prefilter_rejects_is_not_parsed():
    # Its syntax errors belong to the general linter (ruff, flake8 E999): no WD000.
    assert not might_have_findings("def f(:\n    pass\n")
    assert lint_text("def f(:\n    pass\n", "x.py") == []
    assert lint_text("def f(x):\n    return x\n", "x.py") == []
    assert lint_bytes("# caf\xe9\nx = 1\n".encode("latin-1"), "x.py") == []
    assert lint_bytes(b"\x00\x01", "x.py") == []
    # One that could hold a finding is still reported.
    [broken] = lint_text("import torch\ndef f(:\n    torch.optim.Adam(m.parameters())\n", "x.py")
    assert (broken.code, broken.line) == ("WD000", 2)
    assert lint_text("# flake8: noqa\ndef f(:\n", "x.py") == []


def test_syntax_newer_than_this_python_is_wd000_that_says_libcst_reads_it():
    # Issue 14: the running Python's compile is the judge; libcst only analyses.  PEP 695 and
    # PEP 701 (3.12) on an older Python: WD000, and the reason says the two parsers disagree.
    source = (
        "import torch\n\ntype Params = list[torch.nn.Parameter]\n\n\n"
        "def build[M](model: M, cfg):\n"
        '    print(f"lr={cfg["lr"]}")\n'
        '    return torch.optim.Adam(model.parameters(), lr=cfg["lr"], weight_decay=1e-4)\n'
    )
    if sys.version_info >= (3, 12):
        assert _codes(lint_text(source, "x.py")) == [(8, "WD101"), (8, "WD102")]
    else:
        [newer] = lint_text(source, "x.py")
        assert newer.code == "WD000" and "libcst parses" in newer.message and newer.line == 3
    [broken] = lint_text(source.replace("def build[M](model: M, cfg):", "def build[M](model: M, cfg)"), "x.py")
    assert broken.code == "WD000" and "cannot parse" in broken.message and "libcst parses" not in broken.message


def test_nesting_beyond_the_parser_limits_is_wd000_without_libcst():
    # libcst's native parser can overflow its stack on such input: it must not be tried.
    source = "import torch\nx = " + "(" * 5000 + "1" + ")" * 5000 + "\nopt = torch.optim.Adam(m.parameters(), weight_decay=1)\n"
    [diagnostic] = lint_text(source, "x.py")
    assert diagnostic.code == "WD000" and "nested" in diagnostic.message


def test_deep_expression_does_not_break_positions():
    # libcst's code generation (used for positions) recurses once per operand of a long ``+`` chain.
    source = "import torch\nx = " + " + ".join(["a"] * 800) + "\nopt = torch.optim.Adam(m.parameters(), weight_decay=1e-4)\n"
    assert _codes(lint_text(source, "x.py")) == [(3, "WD101"), (3, "WD102")]
    # Messages quote the decay and the parameters expression (code generation again).
    deep_decay = "import torch\nopt = torch.optim.Adam(m.parameters(), weight_decay=" + " + ".join(["a"] * 800) + ")\n"
    assert _codes(lint_text(deep_decay, "x.py")) == [(2, "WD101"), (2, "WD102")]
    deep_params = "import torch\nopt = torch.optim.SGD(" + " + ".join(["list(m.parameters())"] * 600) + ", weight_decay=1)\n"
    assert _codes(lint_text(deep_params, "x.py")) == [(2, "WD102")]


def test_binary_and_undecodable_input():
    [binary] = lint_bytes(b"\x00\x01import torch.optim.Adam", "x.py")
    assert binary.code == "WD000" and "binary" in binary.message
    [latin] = lint_bytes("# caf\xe9\n".encode("latin-1") + ADAM.encode(), "x.py")
    assert latin.code == "WD000" and "decode" in latin.message
    assert (latin.line, latin.column) == (1, 6)
    # Reported where Python reports it: the line of the first byte that does not decode.
    [later] = lint_bytes(ADAM.replace("\n", "\r\n").encode() + "x = 1\r# r\xe9seau\n".encode("latin-1"), "x.py")
    assert (later.code, later.line, later.column) == ("WD000", ADAM.count("\n") + 2, 4)


def test_pep263_header_and_bom_are_honoured():
    latin = "# -*- coding: latin-1 -*-\n# caf\xe9\n" + ADAM
    assert _codes(lint_bytes(latin.encode("latin-1"), "x.py")) == [(4, "WD101"), (4, "WD102")]
    assert _codes(lint_bytes(b"\xef\xbb\xbf" + ADAM.encode(), "x.py")) == [(2, "WD101"), (2, "WD102")]


def test_crlf_and_form_feed_keep_line_numbers():
    source = "import torch\r\n\x0c\r\ns = 'a\x0cb'\r\nopt = torch.optim.Adam(m.parameters(), weight_decay=1)  # noqa: WD101\r\n"
    assert _codes(lint_text(source, "x.py")) == [(4, "WD102")]


def test_noqa_covers_a_token_range_as_flake8_does():
    # A backslash continuation is one range for flake8: the comment on its last line counts
    # for the first, code by code; so does a multi-line string, even with bare-CR line ends.
    continued = "import torch\nopt = torch.optim.Adam(m.parameters(), \\\n    weight_decay=1e-4)  # noqa: WD101\n"
    assert _codes(lint_text(continued, "x.py")) == [(2, "WD102")]
    multiline_string = 'import torch\ropt = torch.optim.Adam(m.parameters(), weight_decay=1e-4, foreach="""\r""")  # noqa\r'
    assert _codes(lint_text(multiline_string, "x.py")) == []
    # Lines of a bracketed call are ranges of their own.
    bracketed = "import torch\nopt = torch.optim.Adam(\n    m.parameters(), weight_decay=1e-4)  # noqa\n"
    assert _codes(lint_text(bracketed, "x.py")) == [(2, "WD101")]


def test_unreadable_paths_give_wd000(tmp_path):
    [missing] = lint_file(str(tmp_path / "missing.py"))
    assert missing.code == "WD000" and "cannot read" in missing.message
    (tmp_path / "dir.py").mkdir()
    [directory] = lint_file(str(tmp_path / "dir.py"))
    assert directory.code == "WD000"


def test_empty_file_has_no_findings(tmp_path):
    path = tmp_path / "empty.py"
    path.write_bytes(b"")
    assert lint_file(str(path)) == []


def test_flake8_file_level_noqa_skips_file():
    assert lint_text("# flake8: noqa\n" + ADAM, "x.py") == []
    assert lint_text("# flake8: noqa\n" + ADAM, "x.py", apply_noqa=False) != []
    # As flake8 7 does: codes after a file-level noqa still skip the whole file.
    assert lint_text("# flake8: noqa: E501\n" + ADAM, "x.py") == []
    assert lint_text("x = 1  # flake8: noqa\n" + ADAM, "x.py") != []


def _unpruned(source: str):
    module = libcst.parse_module(source)
    return sorted(positioned(module, analyse_module(module), "x.py", source))


PRUNING_CASES = sorted(
    [*ROOT.glob("fixtures/*.py"), *ROOT.glob("tests/rule_fixtures/*.py"), *ROOT.glob("tests/fix_cases/*.py")]
)


@pytest.mark.parametrize("path", PRUNING_CASES, ids=lambda p: p.name)
def test_pruning_never_changes_findings(path):
    source = path.read_text(encoding="utf-8")
    try:
        expected = _unpruned(source)
    except libcst.ParserSyntaxError:
        pytest.skip("not valid Python")
    assert lint_text(source, "x.py", apply_noqa=False) == expected


def test_pruning_keeps_functions_using_module_level_aliases():
    source = (
        "import torch\nfrom torch.optim import Adam as A\nmake = A\n\n"
        "def unrelated():\n    return 1\n\n"
        "class Trainer:\n    def helper(self):\n        pass\n\n"
        "    def build(self, params):\n        return make(params, 1e-3, (0.9, 0.999), 1e-8, 1e-2)\n"
    )
    assert _codes(lint_text(source, "x.py")) == [(13, "WD101")] == _codes(_unpruned(source))


def test_pruning_keeps_functions_using_module_level_parameters():
    source = (
        "import torch.nn.functional as F\n\nparams = list(model.parameters())\n\n\n"
        "def loss_fn(out, y):\n    return F.mse_loss(out, y) + 1e-4 * sum(p.pow(2).sum() for p in params)\n\n\n"
        "def unrelated():\n    return 1\n"
    )
    assert _codes(lint_text(source, "x.py")) == [(7, "WD103")] == _codes(_unpruned(source))


def test_long_module_data_no_kept_code_names_is_not_parsed(monkeypatch):
    """A table of configurations nobody uses is left out; one a kept call uses stays, and so do its findings."""
    from wdlint import validity

    table = "CFGS = {\n" + "".join(f"    'm{i}': dict(url='u{i}'),\n" for i in range(10)) + "}\n"
    used = "KW = dict(\n    lr=1e-3,\n    betas=(0.9, 0.99),\n    eps=1e-8,\n)\n"
    source = (
        "import torch\n" + table + used + "\n\n"
        "def build(model):\n    return torch.optim.AdamW(model.parameters(), lr=KW['lr'])\n"
    )
    seen = []
    parsed = validity.parsed
    monkeypatch.setattr(validity, "parsed", lambda text, path: seen.append(text) or parsed(text, path))
    found = lint_text(source, "x.py")
    assert _codes(found) == _codes(_unpruned(source)) == [(22, "WD102")]
    assert "m3" not in seen[0] and "betas" in seen[0]
    assert len(seen[0].splitlines()) == len(source.splitlines())


def test_prefilter_keeps_every_square_the_analysis_reads():
    for square in ("p ** 2", "p ** 2.0", "p ** 2e0", "p ** (2)", "p.pow(2)", "(p * p)", "p.square()", "p.norm()"):
        source = f"loss = loss + lam * sum(({square}).sum() for p in model.parameters())\n"
        assert might_have_findings(source), square


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(source=hypothesmith.from_grammar())
def test_never_crashes_on_valid_python(source):
    lint_text(source + "\nimport torch\nx = torch.optim.Adam(m.parameters(), weight_decay=w)\n", "x.py")
    lint_text(source, "x.py")


def test_a_coding_declaration_is_gated_on_the_decoded_text():
    # UTF-7 spells ``Adam`` as ``+AEE-dam``: the raw bytes hold no optimizer name, the text does.
    source = b"# coding: utf-7\nimport torch\nopt = torch.optim.+AEE-dam(model.parameters(), weight_decay=0.1)\n"
    assert [d.code for d in lint_bytes(source, "train.py")] == ["WD101", "WD102"]


def test_bytes_the_gate_rejects_are_not_even_decoded(monkeypatch):
    import wdlint.engine

    monkeypatch.setattr(wdlint.engine, "decode", lambda *args: pytest.fail("decoded a file the gate rejects"))
    assert wdlint.engine.lint_bytes(b"import torch\n\ndef f(:\n", "util.py") == []


def test_non_ascii_source_is_gated_again_as_text():
    # The bytes show a word ``Adam`` (after a non-ASCII byte); the text shows the identifier ``éAdam``:
    # nothing a rule could find, so the syntax error is not wdlint's to report.
    source = "import torch\nopt = éAdam(model.parameters(), weight_decay=0.1)\ndef f(:\n".encode()
    assert might_have_findings(source) and not might_have_findings(source.decode())
    assert lint_bytes(source, "train.py") == []
