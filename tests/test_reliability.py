"""Issue 14: every reproduction of "reliability under adversarial input" as a test.

CPython's compile judges validity (``wdlint.validity``); a fix keeps every
byte outside its edits (``wdlint.fix.splice``); check's fixable flag is what
``fix`` does; long data literals never reach the parsers.
"""

from __future__ import annotations

import io
import tokenize
from collections import Counter

import pytest

from wdlint.engine import lint_bytes, lint_text
from wdlint.fix.apply import fix_source

ADAM = b"import torch\nopt = torch.optim.Adam(model.parameters(), weight_decay=0.1)\n"


def _codes(diagnostics):
    return sorted(d.code for d in diagnostics)


# -- WD000 agrees with CPython ---------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [b"x = b'\xc3\xa4'\n", b"x = '\\N{nosuchname}'\n", b"x = [*a for a in b]\n", b"x = {**a for a in b}\n",
     b"x = 'a' b'b'\n", b"return 1\n"],
    ids=["non-ascii-bytes", "bad-N-escape", "star-in-comprehension", "dstar-in-dict-comprehension", "str-bytes-concat",
         "return-outside-function"],
)
def test_files_cpython_rejects_are_wd000_in_check_and_fix(extra):
    source = ADAM + extra
    [finding] = lint_bytes(source, "x.py")
    assert finding.code == "WD000" and finding.line == 3
    result = fix_source(source, "x.py")
    assert not result.changed and _codes(result.remaining) == ["WD000"]


def test_doubled_bom_is_wd000_and_fix_keeps_both_boms():
    source = b"\xef\xbb\xbf\xef\xbb\xbf" + ADAM
    assert _codes(lint_bytes(source, "x.py")) == ["WD000"]
    result = fix_source(source, "x.py")
    assert not result.changed and result.new_source == source and _codes(result.remaining) == ["WD000"]


def test_bom_with_latin1_cookie_is_wd000_in_cli_and_flake8(tmp_path):
    source = b"\xef\xbb\xbf# -*- coding: latin-1 -*-\n" + ADAM
    assert _codes(lint_bytes(source, "x.py")) == ["WD000"]
    from wdlint.flake8_plugin import WeightDecayChecker

    path = tmp_path / "bom.py"
    path.write_bytes(source)
    lines = source.decode("latin-1").splitlines(keepends=True)
    codes = [message.split()[0] for _, _, message, _ in WeightDecayChecker(None, lines, str(path)).run()]
    assert codes == ["WD000"]


@pytest.mark.parametrize(
    "source",
    [
        ADAM + b"def f():\n\x0c    y = 1\n    z = 2\n",  # form feed before a block's first indentation
        ADAM + b"if x:\n    y\n\x0c  \x0c    z\n" .replace(b"    z", b"    z"),
        (b"# -*- coding: latin-1 -*-\n" + ADAM + b"s = '\xe9'\n").replace(b"\n", b"\r"),  # CR-only, latin-1 cookie
        ADAM + b"x = (\n" + b"'a'\n" * 3500 + b")\n",  # past libcst's limit of implicit concatenation
        ADAM + b"x = " + b"'a' " * 3500 + b"\n",
    ],
    ids=["ff-indent", "ff-inside-indent", "cr-latin1", "3500-strings-parenthesized", "3500-strings-one-line"],
)
def test_files_cpython_accepts_get_their_findings(source):
    assert _codes(lint_bytes(source, "x.py")) == ["WD101", "WD102"]
    result = fix_source(source, "x.py")
    assert result.changed and result.remaining == []
    compile(result.new_source, "x.py", "exec")


# -- fix guarantees ---------------------------------------------------------------------------------


def test_cr_only_file_keeps_its_last_cr():
    result = fix_source(ADAM.replace(b"\n", b"\r"), "x.py")
    assert result.changed and result.new_source.endswith(b"\r") and b"\n" not in result.new_source


def test_form_feed_line_outside_the_edit_is_kept():
    source = b"import torch\n\x0cx = 1\n" + ADAM.split(b"\n", 1)[1] + b"\x0cy = 2\n"
    result = fix_source(source, "x.py")
    assert result.changed and b"\n\x0cx = 1\n" in result.new_source and result.new_source.endswith(b"\x0cy = 2\n")


def test_blank_lines_before_a_whitespace_only_last_line_stay():
    result = fix_source(ADAM + b"\n\n   ", "x.py")
    assert result.changed and result.new_source.endswith(b")\n\n\n   ")


def test_trailing_whitespace_outside_the_edit_stays():
    source = b"import torch   \nx = 1\t\n" + ADAM.split(b"\n", 1)[1]
    result = fix_source(source, "x.py")
    assert result.changed and result.new_source.startswith(b"import torch   \nx = 1\t\n")


@pytest.mark.parametrize("comment", [b"", b"  # noqa: E501"], ids=["plain", "with-a-noqa"])
def test_deep_nesting_elsewhere_does_not_stop_the_fix(comment):
    source = ADAM + b"x = " + b"[" * 140 + b"]" * 140 + comment + b"\n"
    assert all(d.fixable for d in lint_bytes(source, "x.py"))
    result = fix_source(source, "x.py")
    assert result.changed and result.notes == [] and result.remaining == []
    assert result.new_source.endswith(b"x = " + b"[" * 140 + b"]" * 140 + comment + b"\n")


def test_fix_reports_wd000_where_check_does():
    source = b"import torch\ndef f(:\n    torch.optim.Adam(m.parameters(), weight_decay=0.1)\n"
    assert _codes(lint_bytes(source, "x.py")) == ["WD000"]
    assert _codes(fix_source(source, "x.py").remaining) == ["WD000"]
    # A file that cannot hold a finding is parsed by neither (the speed issue's contract).
    nothing = b"def f(:\n    pass\n"
    assert lint_bytes(nothing, "x.py") == [] and fix_source(nothing, "x.py").remaining == []


# -- fixable exactly when fix fixes it --------------------------------------------------------------------


NOQA_SECOND_LINE = b"""import torch
opt = torch.optim.AdamW([{"params": model.parameters()},
    {"params": head.parameters(), "lr": 1e-3}], weight_decay=0.1)  # NOQA:WD1
"""
NOQA_CONTINUATION = b"""import torch
opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4) \\
    if use_adam else None  # NOQA:WD1
"""


@pytest.mark.parametrize("source", [NOQA_SECOND_LINE, NOQA_CONTINUATION], ids=["group-list-second-line", "backslash"])
def test_check_says_fixable_exactly_when_fix_fixes(source):
    found = lint_bytes(source, "x.py")
    result = fix_source(source, "x.py")
    fixable = [d for d in found if d.fixable]
    assert bool(fixable) == result.changed
    for finding in found:
        if not finding.fixable:
            assert "no autofix" in finding.message


def test_fix_counts_findings_left_like_check():
    source = NOQA_SECOND_LINE + b"other = torch.optim.Adam(params, weight_decay=1e-4)\n"
    result = fix_source(source, "x.py")
    assert sorted(result.remaining) == sorted(lint_bytes(result.new_source, "x.py"))


# -- cost -----------------------------------------------------------------------------------------------


def test_long_data_literals_never_reach_libcst(monkeypatch):
    import libcst

    seen = []
    parse = libcst.parse_module
    monkeypatch.setattr(libcst, "parse_module", lambda text, *a, **k: (seen.append(text), parse(text, *a, **k))[1])
    literal = b"[" + b", ".join(str(i).encode() for i in range(20_000)) + b"]"
    source = b"import torch\nx = " + literal + b"\nopt = torch.optim.Adam(model.parameters(), weight_decay=0.1, foo=" + literal + b")\n"
    found = lint_bytes(source, "x.py")
    assert _codes(found) == ["WD101", "WD102"] and seen and not any("19999" in text for text in seen)
    result = fix_source(source, "x.py")
    assert result.changed and result.new_source.count(literal) == 2


# -- the file on disk ---------------------------------------------------------------------------------


def _fix_cli(paths):
    import io

    from wdlint.config import resolve_settings
    from wdlint.fix.command import cli_fix

    stdout, stderr = io.StringIO(), io.StringIO()
    files = [(str(p), str(p)) for p in paths]
    status = cli_fix(files, resolve_settings([str(p) for p in paths]), False, stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def test_a_file_edited_while_fix_runs_is_not_overwritten(tmp_path, monkeypatch):
    import wdlint.fix.command as command

    path = tmp_path / "train.py"
    path.write_bytes(ADAM)
    real_fix = command.fix_source

    def fix_then_user_saves(*args, **kwargs):
        result = real_fix(*args, **kwargs)
        path.write_bytes(ADAM + b"# the user's edit\n")
        return result

    monkeypatch.setattr(command, "fix_source", fix_then_user_saves)
    status, _, stderr = _fix_cli([path])
    assert path.read_bytes() == ADAM + b"# the user's edit\n"
    assert status == 2 and "changed on disk since it was read" in stderr


def test_a_file_deleted_while_fix_runs_is_not_recreated(tmp_path, monkeypatch):
    import wdlint.fix.command as command

    path = tmp_path / "train.py"
    path.write_bytes(ADAM)
    real_fix = command.fix_source

    def fix_then_delete(*args, **kwargs):
        result = real_fix(*args, **kwargs)
        path.unlink()
        return result

    monkeypatch.setattr(command, "fix_source", fix_then_delete)
    status, _, stderr = _fix_cli([path])
    assert not path.exists() and status == 2 and "deleted since it was read" in stderr
    assert not list(tmp_path.iterdir())  # no temporary left either


def test_hard_links_survive_a_fix(tmp_path):
    import os

    path = tmp_path / "train.py"
    path.write_bytes(ADAM)
    os.link(path, tmp_path / "linked.py")
    status, _, _ = _fix_cli([path])
    assert b"AdamW" in path.read_bytes()
    assert (tmp_path / "linked.py").read_bytes() == path.read_bytes()
    assert os.stat(path).st_ino == os.stat(tmp_path / "linked.py").st_ino


# -- surfaces -----------------------------------------------------------------------------------------


def test_sarif_with_a_non_utf8_file_name(tmp_path):
    import json
    import os

    from wdlint import output
    from wdlint.engine import lint_file

    name = os.fsdecode(b"caf\xe9.py")
    path = os.path.join(os.fsdecode(bytes(tmp_path)), name)
    with open(path, "wb") as handle:
        handle.write(ADAM)
    found = lint_file(path, name)
    sarif = json.loads(output.format_sarif(found))
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]} == {"caf%E9.py"}
    for formatter in output.FORMATTERS.values():
        formatter(found)


@pytest.mark.parametrize(
    "content",
    [b"[tool.other]\nx = " + b"[" * 5000 + b"]" * 5000 + b"\n", b"[tool.wdlint]\nselect = [\"WD1\"]  # caf\xe9\n", b"\xff\xfe"],
    ids=["deep", "undecodable", "binary"],
)
def test_any_pyproject_gives_a_one_line_config_error(tmp_path, content):
    import subprocess
    import sys

    (tmp_path / "pyproject.toml").write_bytes(content)
    (tmp_path / "t.py").write_bytes(ADAM)
    done = subprocess.run([sys.executable, "-m", "wdlint", "check", "t.py"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("wdlint: error: ") and len(done.stderr.strip().splitlines()) == 1
    from wdlint.config import ConfigError, load_table

    with pytest.raises(ConfigError):
        load_table(str(tmp_path / "pyproject.toml"))


def test_a_path_that_cannot_be_searched_is_not_no_such_file(monkeypatch):
    import os

    from wdlint.config import resolve_settings
    from wdlint.files import discover

    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    settings = resolve_settings(["."])
    monkeypatch.setattr(os, "lstat", denied)
    found = discover(["locked/train.py"], settings)
    assert found.errors == ["locked/train.py: cannot read: Permission denied"]


def test_unreadable_file_says_why():
    from wdlint.engine import read_source

    assert "Is a directory" in read_source(".", "dir.py").message


@pytest.mark.parametrize(
    "source",
    [
        ("# -*- coding: latin-1 -*-\n# caf\u00e9\n").encode("latin-1") + ADAM,
        ADAM.replace(b"\n", b"\r"),
        ADAM.replace(b"\n", b"\r\n"),
        b"\xef\xbb\xbf" + ADAM,
    ],
    ids=["latin-1", "cr-only", "crlf", "bom"],
)
def test_diff_applies_with_patch_and_git_apply(tmp_path, source):
    import shutil
    import subprocess

    from wdlint.fix.writing import unified_diff_bytes

    result = fix_source(source, "train.py")
    assert result.changed
    diff = unified_diff_bytes(source, result.new_source, "train.py")
    for tool in (["patch", "-p1", "--binary", "-s"], ["git", "apply", "--unidiff-zero"]):
        if shutil.which(tool[0]) is None:
            continue
        work = tmp_path / tool[0]
        work.mkdir()
        (work / "train.py").write_bytes(source)
        subprocess.run(["git", "init", "-q"], cwd=work, check=True) if tool[0] == "git" else None
        data = diff.encode("utf-8", "surrogateescape") if isinstance(diff, str) else diff
        done = subprocess.run(tool, cwd=work, input=data, capture_output=True)
        assert done.returncode == 0, (tool, done.stderr)
        assert (work / "train.py").read_bytes() == result.new_source, tool


@pytest.mark.parametrize("breaks", ["", "\n", "\r\n"])
def test_findings_after_a_replaced_literal_keep_their_columns(monkeypatch, breaks):
    from wdlint import validity

    items = (", " + breaks).join(str(i) for i in range(3000))
    source = f"import torch\nx = [{items}]; opt = torch.optim.Adam(model.parameters(), weight_decay=0.1)  # {breaks!r}\n"
    replaced = lint_text(source, "x.py")
    monkeypatch.setattr(validity, "MIN_LITERAL_CHARACTERS", 10**9)
    assert replaced == lint_text(source, "x.py") and len(replaced) == 2
    monkeypatch.undo()
    result = fix_source(source.encode(), "x.py")
    assert result.changed and f"x = [{items}]; ".encode() in result.new_source


def test_renaming_adam_keeps_the_comment_of_the_removed_flag():
    source = b"import torch\nopt = torch.optim.Adam(\n    [w],\n    decoupled_weight_decay=False,  # noqa: WD101\n    weight_decay=0.1,\n)\n"
    result = fix_source(source, "x.py")
    assert result.changed and b"AdamW" in result.new_source and b"# noqa: WD101" in result.new_source
    assert b"decoupled_weight_decay" not in result.new_source


def test_a_removed_import_line_keeps_its_comment():
    source = (
        b"from torch.optim import AdamW, Adam\n"
        b"from torch.optim.adam import Adam as PlainAdam  # noqa: F401 (re-exported)\n\n"
        b"opt = PlainAdam([w], weight_decay=1e-4)\n"
    )
    result = fix_source(source, "x.py")
    assert result.changed and b"# noqa: F401 (re-exported)" in result.new_source


# -- the budget ---------------------------------------------------------------------------------------


def _calls(n):
    return b"import torch\n" + b"".join(
        b"opt%d = torch.optim.Adam(model%d.parameters(), lr=1e-3, weight_decay=0.1)\n" % (i, i) for i in range(n)
    )


def test_a_file_past_the_memory_budget_is_wd000_and_the_run_goes_on(tmp_path):
    import os
    import resource
    import subprocess
    import sys

    (tmp_path / "big.py").write_bytes(_calls(20_000))
    (tmp_path / "small.py").write_bytes(ADAM)
    limit = 1536 * 2**20

    def limited():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    environment = dict(os.environ, WDLINT_MAX_FILE_MEMORY_MB="300")
    done = subprocess.run(
        [sys.executable, "-m", "wdlint", "check", "big.py", "small.py"], cwd=tmp_path, capture_output=True, text=True,
        env=environment, preexec_fn=limited, timeout=120,
    )
    assert done.returncode == 1, done.stderr  # findings, not a crash (no SIGABRT, exit 134)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("big.py:1:1: WD000 too large to analyse") and "300 MiB" in lines[0]
    assert [line.split()[1] for line in lines[1:]] == ["WD101", "WD102"]


def test_a_file_past_the_time_budget_is_wd000(monkeypatch):
    monkeypatch.setenv("WDLINT_MAX_FILE_SECONDS", "0.000001")
    [finding] = lint_bytes(ADAM, "x.py")
    assert finding.code == "WD000" and "too slow to analyse" in finding.message


def test_a_tab_that_makes_indentation_ambiguous_is_wd000_as_cpython_says():
    """libcst is shown tabs among spaces as CPython counts them; CPython's verdict is on the bytes as written."""
    ambiguous = b"import torch\nif adaptive:\n        opt = torch.optim.Adam(p, weight_decay=1e-4)\n    \topt = 1\n"
    with pytest.raises(TabError):
        compile(ambiguous, "x.py", "exec")
    [finding] = lint_bytes(ambiguous, "x.py")
    assert finding.code == "WD000" and finding.line == 4 and "inconsistent use of tabs" in finding.message
    consistent = b"import torch\nif adaptive:\n\topt = torch.optim.Adam(p, weight_decay=1e-4)\n\topt = 1\n"
    assert [d.code for d in lint_bytes(consistent, "x.py")] == ["WD101"]


@pytest.mark.parametrize("tail", [b"\t\\\r\n", b"#g6\r\n  \t \t\t\r\n\t \t\t\\\r\n", b" \\\r\n \\\r\n"])
def test_a_backslash_before_a_final_crlf_is_read_as_cpython_reads_it(tail):
    """CPython accepts it (it joins nothing), libcst's tokenizer did not: analysed, not a WD000 (fuzz seed 71)."""
    source = ADAM + tail
    compile(source, "x.py", "exec")
    assert [d.code for d in lint_bytes(source, "x.py")] == ["WD101", "WD102"]
    from wdlint.fix.apply import fix_source

    fixed = fix_source(source, "x.py").new_source
    assert fixed.endswith(tail) and b"AdamW" in fixed
    compile(fixed, "x.py", "exec")


def test_a_form_feed_in_rewritten_whitespace_check_and_fix_agree():
    """fix drops a fix that would lose a comment there; check confirms with fix's pass and says so (fuzz seed 81)."""
    from wdlint.fix.apply import fix_source

    source = (b"import torch\n\noptimizer = torch.optim.Adam(\n    [w],\n    lr=1e-3,\n    weight_decay=1e-4,  # from the paper\n"
              b"    decoupled_weight_decay=False,  \x0c)\n")
    [finding] = lint_bytes(source, "x.py")
    result = fix_source(source, "x.py")
    assert finding.fixable == result.changed
    if not result.changed:
        assert "no autofix: it would lose a comment" in finding.message
    else:
        assert b"# from the paper" in result.new_source


def test_a_tab_block_around_a_mixed_indentation_line_is_analysed_and_fixed():
    """One line mixes tabs and spaces (shown to libcst as spaces): a tab-indented block around it too (fuzz seed 91)."""
    from wdlint.fix.apply import fix_source

    source = (b"import torch\n\n\ndef build(model):\n\tif model is not None:\n"
              b"    \t\topt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n")
    compile(source, "x.py", "exec")
    assert [(d.code, d.line, d.column) for d in lint_bytes(source, "x.py")] == [("WD101", 6, 13), ("WD102", 6, 30)]
    fixed = fix_source(source, "x.py").new_source
    assert b"\tif model is not None:\n    \t\topt = torch.optim.AdamW(" in fixed
    compile(fixed, "x.py", "exec")


def test_mixed_line_endings_check_and_fix_agree_on_a_comment_after_a_lone_cr():
    """fix refused the first WD101 (a comment after a lone CR was lost) while check called it fixable (fuzz seed
    101); since the comments before a dropped last argument are kept (seed 151), both are fixed, comment kept."""
    from wdlint.fix.apply import fix_source

    source = (b"import torch \r\n\r\noptimizer = torch.optim.Adam(\r\n    [w],\r\n    lr=1e-3,\r\n    weight_decay=1e-4,  \r"
              b"# from the paper\r\n    decoupled_weight_decay=False,\r)\rshort = torch.optim.Adam([w], weight_decay=1e-4, "
              b"decoupled_weight_decay=False)\r")
    found = lint_bytes(source, "x.py")
    result = fix_source(source, "x.py")
    after = lint_bytes(result.new_source, "x.py")
    assert [d.fixable for d in found] == [True, True] and len(result.fixed) == 2
    assert after == [] and b"# from the paper" in result.new_source


def test_what_only_the_compiler_rejects_is_wd000_where_a_rule_may_report():
    without_decay = b"import torch\nopt = torch.optim.Adam(model.parameters(), lr=1e-3)\nreturn opt\n"
    assert lint_bytes(without_decay, "x.py") == []  # ast dismisses it: the general linter's F706
    [finding] = lint_bytes(ADAM + b"return opt\n", "x.py")
    assert finding.code == "WD000" and finding.line == 3 and "'return' outside function" in finding.message


def test_the_time_budget_is_checked_between_rules_and_fix_plans(monkeypatch):
    from wdlint import budget

    for phase in ("rule WD102", "planning its fixes"):
        def check(self, current, phase=phase):
            if current == phase:
                raise budget.BudgetExceeded(f"too slow to analyse: before {current}")

        monkeypatch.setattr(budget.Clock, "check", check)
        [finding] = lint_bytes(ADAM, "x.py")
        assert finding.code == "WD000" and finding.message == f"too slow to analyse: before {phase}"


def test_fix_passes_stop_at_the_time_budget_keeping_what_was_written(monkeypatch):
    from wdlint import budget
    from wdlint.fix.apply import fix_source

    def check(self, phase):
        if phase == "another fix pass":
            raise budget.BudgetExceeded("too slow to analyse: before another fix pass")

    monkeypatch.setattr(budget.Clock, "check", check)
    result = fix_source(ADAM, "x.py")
    assert result.changed and b"AdamW" in result.new_source
    assert any("fixing stopped after 1 pass(es)" in note for note in result.notes)
    compile(result.new_source, "x.py", "exec")


def test_memory_error_in_libcst_is_a_wd000_with_a_reason(monkeypatch):
    import libcst

    def out_of_memory(*args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr(libcst, "parse_module", out_of_memory)
    [finding] = lint_bytes(ADAM, "x.py")
    assert finding.code == "WD000" and "out of memory" in finding.message


def test_tabs_mixed_with_spaces_in_indentation_are_analysed_and_fixed():
    # Found by the fuzzing harness: CPython counts a tab to the next multiple of 8, libcst did not.
    source = (
        b"import torch\r\r\rdef build(model, frozen):\r    trainable = [p for p in model.parameters() if p.requires_grad]\r"
        b"    if frozen:\r\t        trainable = list(model.head.parameters())\r"
        b"    return torch.optim.AdamW(trainable, lr=1e-4, weight_decay=0.05)\r"
    )
    [finding] = lint_bytes(source, "x.py")
    assert (finding.code, finding.line, finding.column) == ("WD102", 8, 30)
    result = fix_source(source, "x.py")
    assert result.changed and b"\r\t        trainable = list(model.head.parameters())\r" in result.new_source
    compile(result.new_source, "x.py", "exec")


# Found by the fuzzing harness (seeds 11, 31, 41): a first line ending in LF, the others in CR.  libcst
# takes the first line's ending as the file's and writes the others as they are, so a multi-line
# expression showed no "\n" and the layout took it for one line: the comments inside it were not
# moved out before it was written twice (one doubled, one lost).
EVERY_TENSOR = (
    b"import torch\n\roptimizer = torch.optim.AdamW(\r    (\r        p\r"
    b"        for p in model.parameters()  # every tensor\r        if p.requires_grad\r    ),\r    lr=1e-3,\r)\r"
)
FROZEN_ENCODER = (
    "# -*- coding: latin-1 -*-\nimport torch\r\r# black's layout of a long comprehension: written twice, it is joined first.\r"
    "finetune = torch.optim.AdamW(\r    [\r        p\r        for p in model.parameters()\r        if p.requires_grad\r    ],\r"
    "    lr=2e-5,\r)\rcommented = torch.optim.SGD(\r    [\r        p\r"
    "        for p in model.parameters()  # the frozen encoder is skipped\r        if p.requires_grad\r    ],\r"
    "    lr=0.1,\r    weight_decay=1e-4,\r)\rlisted = torch.optim.SGD(list(\r    model.parameters()\r), lr=0.1, weight_decay=1e-4)\r"
    "grouped = torch.optim.SGD(\r    [\r        {\r            \"params\": [\r                p\r"
    "                for p in backbone.parameters()  # backbone only\r                if p.requires_grad\r            ],\r"
    "            \"lr\": 1e-3,\r        },\r        dict(params=filter(\r            lambda p: p.requires_grad, head.parameters()), lr=1e-2),\r"
    "        ],\r    lr=0.1,\r    weight_decay=1e-4,\r)\r\r\f\r"
).encode("latin-1")


def _comments(source: bytes) -> Counter:
    """The comments as Python reads the file (its own tokenizer, lines ending at CR, LF or CRLF)."""
    lines = io.BytesIO(source.replace(b"\r\n", b"\n").replace(b"\r", b"\n")).readline
    return Counter(token.string for token in tokenize.tokenize(lines) if token.type == tokenize.COMMENT)


@pytest.mark.parametrize("source", [EVERY_TENSOR, FROZEN_ENCODER], ids=["every-tensor", "frozen-encoder"])
def test_fixes_on_mixed_line_endings_keep_every_comment(source):
    found = lint_bytes(source, "x.py")
    assert found and all(d.fixable for d in found)
    result = fix_source(source, "x.py")
    assert result.changed and not result.notes
    assert not _comments(source) - _comments(result.new_source)
    assert _comments(result.new_source) == _comments(source)  # each moved once, none doubled
    assert result.new_source.count(b"\n") == source.count(b"\n")  # rewritten lines end in CR, as the lines around them
    compile(result.new_source, "x.py", "exec")
    after = lint_bytes(result.new_source, "x.py")
    assert not any(d.fixable for d in after) and sorted(after) == sorted(result.remaining)
    assert not fix_source(result.new_source, "x.py").changed


@pytest.mark.parametrize(
    "source, expected",
    [
        (b"# first line ends in CR\rfrom torch.optim import AdamW\nfrom torch.optim.adam import Adam as A  # noqa: F401\n\n"
         b"plain = A([weight], lr=1e-3, weight_decay=1e-4)\n",
         b"# first line ends in CR\rfrom torch.optim import AdamW\n# noqa: F401\n\nplain = AdamW([weight], lr=1e-3, weight_decay=1e-4)\n"),
        (b"# first line ends in CR\rfrom torch.optim import AdamW\ntry:\n    from torch.optim import Adam\nexcept ImportError:\n    pass\n\n"
         b"opt = Adam([weight], lr=1e-3, weight_decay=1e-4)\n",
         b"# first line ends in CR\rfrom torch.optim import AdamW\ntry:\n    pass\nexcept ImportError:\n    pass\n\n"
         b"opt = AdamW([weight], lr=1e-3, weight_decay=1e-4)\n"),
    ],
    ids=["removed-import-comment", "removed-import-pass"],
)
def test_a_line_written_in_a_file_mixing_endings_keeps_the_blank_line_after_it(source, expected):
    # Found by a fuzz run mixing line endings: libcst ends a line it writes as the file's first (a CR);
    # before a blank LF line, the two read as one CRLF line and the blank line was gone.
    result = fix_source(source, "x.py")
    assert result.new_source == expected


def test_a_comment_libcst_itself_loses_is_put_back_and_the_fix_made():
    # libcst writes back nothing of the blank and comment lines before a whitespace-only last line; the
    # splice puts them back, so the lost-comment guard compares a fix with libcst's round trip (found
    # by the fuzz test's generated programs once check stopped confirming on files mixing endings).
    source = b"import torch\nopt = torch.optim.Adam(model.parameters(), weight_decay=0.1)\n\n    # tail\n\t\n "
    assert all(d.fixable for d in lint_bytes(source, "x.py"))
    result = fix_source(source, "x.py")
    assert result.changed and not result.notes and result.new_source.endswith(b")\n\n    # tail\n\t\n ")


def test_a_rewritten_last_line_without_a_line_break_ends_its_new_lines_as_the_line_before():
    # Found by a fuzz run mixing line endings: the ending came from the line before the rewritten
    # region, here the file's last line, which has none; libcst's LF was left.
    source = b"import torch\r\r\no = torch.optim.AdamW(m.parameters())"
    result = fix_source(source, "x.py")
    assert result.changed and b"\n" not in result.new_source.replace(b"\r\n", b"")
    assert result.new_source.startswith(b"import torch\r\r\no = torch.optim.AdamW([\r\n") and result.new_source.endswith(b"])")


def test_a_fix_that_would_lose_a_comment_is_dropped_even_where_another_is_doubled(monkeypatch):
    # The guard compares the comments themselves: the old count of '#' let a lost comment through
    # where another was doubled.  A layout that takes every expression for one line makes such a fix
    # (what the old line-break test did on the seed-41 file).  The `# noqa` makes check confirm fixes
    # the way fix does: the refused one is not called fixable.
    from wdlint.fix import layout

    monkeypatch.setattr(layout, "is_one_line", lambda node: True)
    source = FROZEN_ENCODER.replace(b"\r", b"\n") + b"kept = torch.optim.Adagrad(params, weight_decay=1e-4)  # noqa: WD101\n"
    found = lint_bytes(source, "x.py")
    [refused] = [d for d in found if not d.fixable]
    assert refused.line == 14 and refused.message.endswith("(no autofix: it would lose a comment)")
    result = fix_source(source, "x.py")
    assert result.changed and not _comments(source) - _comments(result.new_source)
    compile(result.new_source, "x.py", "exec")
    after = lint_bytes(result.new_source, "x.py")
    assert not any(d.fixable for d in after) and sorted(after) == sorted(result.remaining)
    assert [d.message for d in after] == [refused.message]


def test_fix_positions_on_a_long_file_mixing_line_endings():
    # Past LONG_MODULE statements fix positions findings statement by statement, counting line breaks:
    # a CR was not counted after a first line ending in LF, so every finding was on line 2 and the
    # `# noqa` of line 353 did not keep its finding from being fixed.
    body = "".join(f"x{i} = {i}\r" for i in range(350))
    source = (
        "import torch\n" + body + "opt = torch.optim.Adam(model.parameters(), weight_decay=0.1)\r"
        "opt2 = torch.optim.Adam(model.parameters(), weight_decay=0.1)  # noqa: WD102\r"
    ).encode()
    found = lint_bytes(source, "x.py")
    assert [(d.code, d.line) for d in found] == [("WD101", 352), ("WD102", 352), ("WD101", 353)]
    result = fix_source(source, "x.py")
    assert sorted((d.code, d.line, d.column) for d in result.fixed) == sorted((d.code, d.line, d.column) for d in found)
    assert result.new_source.endswith(b"opt2 = torch.optim.AdamW(model.parameters(), weight_decay=0.1)  # noqa: WD102\r")


def test_a_removed_import_keeps_the_comment_inside_its_brackets():
    # Found by the fuzzing harness (seed 51): the local import goes whole (AdamW is imported at the
    # top); its comment was inside the brackets, not ending the line, and was lost, so fix dropped
    # the rename that check called fixable.
    source = (
        b"from torch.optim import AdamW\n\n\ndef build(model):\n    from torch.optim import (\n        Adam  # pretraining\n    )\n\n"
        b"    return Adam([model.weight], lr=1e-3, weight_decay=1e-4), AdamW([model.weight])\n"
    )
    [finding] = lint_bytes(source, "x.py")
    assert finding.fixable
    result = fix_source(source, "x.py")
    assert result.new_source == (
        b"from torch.optim import AdamW\n\n\ndef build(model):\n    # pretraining\n\n"
        b"    return AdamW([model.weight], lr=1e-3, weight_decay=1e-4), AdamW([model.weight])\n"
    )
    assert not result.notes and not result.remaining


def test_blank_lines_ending_a_cr_only_file_stay_whatever_the_passes():
    # Found by the fuzzing harness (seed 51): libcst sees a last line break only in an LF, so each
    # parse of a CR-only file dropped one final CR; a finding without a fix (Adagrad) then made
    # every pass "change" the text, and three passes ate the file's blank last lines.
    source = b"import torch\rtorch.optim.Adam(params, weight_decay=1e-4)\rtorch.optim.Adagrad(params, weight_decay=1e-4)\r\r\r"
    result = fix_source(source, "x.py")
    assert result.new_source == source.replace(b"Adam(", b"AdamW(")


def test_a_dropped_last_argument_without_a_comma_keeps_the_comment_before_it():
    """check called it fixable, fix refused it: the comma carrying ``# from the paper`` went with the argument (fuzz seed 151)."""
    from wdlint.fix.apply import fix_source

    source = (b"import torch\n\n\noptimizer = torch.optim.Adam(\n    [w],\n    lr=1e-3,\n    weight_decay=1e-4,  # from the paper\n"
              b"    decoupled_weight_decay=False\n)\nshort = torch.optim.Adam([w], weight_decay=1e-4, decoupled_weight_decay=False)\n")
    found = lint_bytes(source, "x.py")
    result = fix_source(source, "x.py")
    assert [d.fixable for d in found] == [True, True] and len(result.fixed) == 2
    assert b"    weight_decay=1e-4,  # from the paper\n)\n" in result.new_source
    assert lint_bytes(result.new_source, "x.py") == []
