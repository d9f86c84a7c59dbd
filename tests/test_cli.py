"""``wdlint check`` and friends as a user meets them: formats, exit codes, config, bad input.

Most tests call ``wdlint.cli.main`` in-process inside a temporary project (a
``pyproject.toml`` in ``tmp_path`` stops the upward config search there); a
few run ``python -m wdlint`` to cover the real entry point.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from wdlint.cli import main
from wdlint.config import ConfigError, Settings, resolve_settings
from wdlint.diagnostics import Diagnostic
from wdlint.output import format_github

ROOT = Path(__file__).resolve().parent.parent

# Two findings on line 3: WD101 at the call, WD102 at the parameters.
BAD = "import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n"
FLAT = "import torch\n\nopt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=5e-4)\n"
CLEAN = "import torch\n\nopt = torch.optim.AdamW(groups, lr=1e-3)\n"
UNRELATED = "def add(a, b):\n    return a + b\n"


@dataclass
class Result:
    status: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    @property
    def codes(self) -> list[str]:
        return [line.split(": ", 1)[1].split(" ", 1)[0] for line in self.lines]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A temporary project: write files (dict of path -> text/bytes), ``[tool.wdlint]`` body."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WDLINT_DEBUG", raising=False)

    def make(files: dict[str, str | bytes] | None = None, config: str = "") -> Path:
        (tmp_path / "pyproject.toml").write_text(f"[tool.wdlint]\n{config}\n" if config else "")
        for name, content in (files or {}).items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return tmp_path

    return make


@pytest.fixture
def cli(capsys):
    def run(*args: str) -> Result:
        status = main(list(args))
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    return run


def one_line_error(result: Result) -> str:
    assert result.status == 2
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    return lines[0]


# -- output and exit codes --------------------------------------------------------------


def test_text_format_sorted_with_summary_on_stderr(project, cli):
    project({"b.py": BAD, "a.py": FLAT, "ok.py": CLEAN, "sub/c.py": UNRELATED})
    result = cli("check")
    assert result.status == 1
    assert [line.split(" ", 2)[:2] for line in result.lines] == [
        ["./a.py:3:23:", "WD102"],
        ["./b.py:3:7:", "WD101"],
        ["./b.py:3:24:", "WD102"],
    ]
    assert result.err.strip().splitlines() == [
        "Found 3 findings (3 fixable) in 2 files; checked 4 files.",
        # ruff's words: wdlint's fixes change training, so they are unsafe.
        "3 unsafe fixes available with `--fix --unsafe-fixes`.",
    ]


def test_clean_run_exit_0(project, cli):
    project({"ok.py": CLEAN, "util.py": UNRELATED})
    result = cli("check", ".")
    assert (result.status, result.out) == (0, "")
    assert result.err.strip() == "All checks passed; checked 2 files."


def test_quiet_prints_findings_only(project, cli):
    project({"a.py": BAD})
    result = cli("check", "-q", "a.py")
    assert result.status == 1 and len(result.lines) == 2 and result.err == ""


def test_no_python_files_is_not_an_error(project, cli):
    project({"notes.txt": "x"})
    result = cli("check")
    assert result.status == 0
    assert "no Python files" in result.err


def test_json_format(project, cli):
    project({"src/pkg/train.py": BAD, "src/pkg/ok.py": CLEAN})
    result = cli("check", "--format", "json", "src")
    assert result.status == 1
    items = json.loads(result.out)
    assert [(i["path"], i["line"], i["column"], i["code"]) for i in items] == [
        ("src/pkg/train.py", 3, 7, "WD101"),
        ("src/pkg/train.py", 3, 24, "WD102"),
    ]
    assert set(items[0]) == {"path", "line", "column", "end_line", "end_column", "code", "message", "fixable", "fix"}
    # ruff's fix model: both fixes change training.
    assert [i["fix"] for i in items] == [{"applicability": "unsafe"}] * 2
    assert items[1]["end_column"] == items[1]["column"] + len("model.parameters()")
    assert all(isinstance(i["fixable"], bool) for i in items)


def test_output_format_alias_and_empty_json(project, cli):
    project({"ok.py": CLEAN})
    result = cli("check", "--output-format", "json", "ok.py")
    assert (result.status, json.loads(result.out)) == (0, [])


def test_github_format(project, cli):
    project({"a.py": BAD})
    result = cli("check", "--format", "github", "a.py")
    assert result.status == 1
    assert result.lines[0].startswith("::error title=wdlint (WD101),file=a.py,line=3,col=7,endLine=3,endColumn=")
    assert "::WD101 `Adam` with weight_decay=1e-4" in result.lines[0]


def test_github_escaping():
    diagnostic = Diagnostic("dir,x/a:b.py", 1, 2, 1, 5, "WD101", "50% off\nnext line, really: yes")
    line = format_github([diagnostic])
    assert line == (
        "::error title=wdlint (WD101),file=dir%2Cx/a%3Ab.py,line=1,col=2,endLine=1,endColumn=5"
        "::WD101 50%25 off%0Anext line, really: yes\n"
    )


def test_exit_zero(project, cli):
    project({"a.py": BAD})
    result = cli("check", "--exit-zero", "a.py")
    assert result.status == 0 and len(result.lines) == 2


def test_statistics(project, cli):
    project({"a.py": BAD, "b.py": FLAT})
    result = cli("check", "--statistics")
    assert result.status == 1
    # As ruff: [*] marks what --fix would fix, and wdlint's fixes are unsafe.
    assert result.lines == ["2\tWD102\t    flat-parameters-decayed", "1\tWD101\t    coupled-decay-in-adaptive-optimizer"]
    unsafe = cli("check", "--statistics", "--unsafe-fixes")
    assert unsafe.lines == ["2\tWD102\t[*] flat-parameters-decayed", "1\tWD101\t[*] coupled-decay-in-adaptive-optimizer"]
    as_json = json.loads(cli("check", "--statistics", "--format", "json").out)
    assert as_json[0] == {
        "code": "WD102", "name": "flat-parameters-decayed", "count": 2, "fixable": False, "fixable_count": 0
    }
    as_json = json.loads(cli("check", "--statistics", "--format", "json", "--unsafe-fixes").out)
    assert as_json[0]["fixable_count"] == 2
    # --statistics respects --format: text and json; the others are refused as ruff does.
    assert "--statistics cannot be written as sarif" in one_line_error(cli("check", "--statistics", "--format", "sarif"))


# -- selection ---------------------------------------------------------------------------


def test_select_and_ignore(project, cli):
    project({"a.py": BAD})
    assert cli("check", "--select", "WD101", "a.py").codes == ["WD101"]
    assert cli("check", "--ignore", "WD101", "a.py").codes == ["WD102"]
    assert cli("check", "--select", "WD101,WD102", "--ignore", "WD1", "a.py").codes == ["WD101", "WD102"]
    assert cli("check", "--select", "WD1", "--ignore", "WD102", "a.py").codes == ["WD101"]
    assert cli("check", "--select", "ALL", "--ignore", "WD101", "a.py").codes == ["WD102"]
    ignored = cli("check", "--ignore", "WD1", "a.py")
    assert (ignored.status, ignored.out) == (0, "")
    assert cli("check", "--select", "WD101", "--extend-select", "WD102", "a.py").codes == ["WD101", "WD102"]


def test_unknown_selector_is_a_usage_error(project, cli):
    project({"a.py": BAD})
    assert "unknown rule selector 'WD9'" in one_line_error(cli("check", "--select", "WD9", "a.py"))
    assert "--ignore" in one_line_error(cli("check", "--ignore", "E501", "a.py"))


def test_selection_specificity_and_wd000():
    settings = resolve_settings(overrides={"select": ["WD101"]}, cwd="/")
    assert settings.is_selected("WD101") and not settings.is_selected("WD102")
    # A narrow select does not turn an unparsable file into a pass...
    assert settings.is_selected("WD000")
    # ...but an explicit ignore does.
    assert not resolve_settings(overrides={"ignore": ["WD000"]}, cwd="/").is_selected("WD000")
    layered = Settings(root="/")
    assert layered.is_selected("WD103") and not layered.is_selected("WD201")


def test_config_select_then_cli_layers(project, cli):
    project({"a.py": BAD}, config='select = ["WD101"]\nignore = ["WD102"]')
    assert cli("check", "a.py").codes == ["WD101"]
    # CLI --select starts over; the file's ignore does not apply to it.
    assert cli("check", "--select", "WD102", "a.py").codes == ["WD102"]
    assert cli("check", "--extend-select", "WD102", "a.py").codes == ["WD101", "WD102"]
    assert cli("check", "--ignore", "WD101", "a.py").status == 0


# -- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('selec = ["WD1"]', "unknown key 'selec'; did you mean 'select'?"),
        ('select = "WD1"', "select: expected a list of strings, got 'WD1'"),
        ('ignore = [1]', "ignore: expected a list of strings"),
        ('select = ["XYZ"]', "select: unknown rule selector 'XYZ'"),
        ('fix-style = "fancy"', "fix-style: expected one of 'inline', 'helper', got 'fancy'"),
        ('decay-embeddings = "yes"', "decay-embeddings: expected true or false, got 'yes'"),
        ('extra-coupled-optimizers = ["MyAdam"]', "extra-coupled-optimizers: 'MyAdam' is not a qualified name"),
        ('extra-decoupled-optimizers = "a.B"', "extra-decoupled-optimizers: expected a list of strings"),
        ('per-file-ignores = ["tests/*"]', "per-file-ignores: expected a table"),
        ('per-file-ignores = { "tests/*" = ["WD999"] }', "unknown rule selector 'WD999'"),
        ('exclude = "build"', "exclude: expected a list of strings"),
    ],
)
def test_bad_config_is_one_line_error(project, cli, config, expected):
    root = project({"a.py": BAD}, config=config)
    line = one_line_error(cli("check", "a.py"))
    assert line.startswith(f"wdlint: error: {root / 'pyproject.toml'}: ")
    assert expected in line


def test_invalid_toml_is_one_line_error(project, cli):
    root = project({"a.py": BAD})
    (root / "pyproject.toml").write_text("[tool.wdlint\nselect = [\n")
    line = one_line_error(cli("check", "a.py"))
    assert "pyproject.toml: invalid TOML" in line


def test_pyproject_that_is_not_utf8_is_one_line_error(project, cli):
    root = project({"a.py": BAD})
    (root / "pyproject.toml").write_bytes(b'[tool.wdlint]\nselect = ["WD1"]  # caf\xe9\n')
    line = one_line_error(cli("check", "a.py"))
    assert line == f"wdlint: error: {root / 'pyproject.toml'}: invalid TOML: not UTF-8: invalid continuation byte at byte 37"


def test_cli_flag_bad_values_are_usage_errors(project, cli):
    project({"a.py": BAD})
    assert "--per-file-ignores: expected GLOB:CODES" in one_line_error(cli("check", "--per-file-ignores", "x", "a.py"))
    assert "qualified name" in one_line_error(cli("check", "--extra-coupled-optimizers", "Bad", "a.py"))
    line = one_line_error(cli("check", "--fix-style", "fancy", "a.py"))  # argparse's own error
    assert line.startswith("wdlint: error: argument --fix-style: invalid choice: 'fancy'")
    assert line.endswith("(see `wdlint check --help`)")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("check", "--bogus"), "wdlint: error: unrecognized arguments: --bogus (see `wdlint check --help`)"),
        (("fix", "--nope", "a.py"), "wdlint: error: unrecognized arguments: --nope (see `wdlint fix --help`)"),
        (("check", "--format", "xml"), "invalid choice: 'xml'"),
        (("check", "-j", "0"), "argument -j/--jobs: must be at least 1"),
        (("rules", "--format", "sarif"), "(see `wdlint rules --help`)"),
        (("frobnicate",), "argument COMMAND: invalid choice: 'frobnicate'"),
        (("--bogus",), "wdlint: error: unrecognized arguments: --bogus (see `wdlint --help`)"),
    ],
)
def test_usage_errors_are_one_line(project, cli, args, expected):
    project({"a.py": BAD})
    result = cli(*args)
    assert expected in one_line_error(result) and result.out == ""


def test_nearest_pyproject_wins_even_without_table(project, cli):
    root = project({"inner/a.py": BAD}, config='select = ["WD101"]')
    assert cli("check", "inner").codes == ["WD101"]
    (root / "inner" / "pyproject.toml").write_text("[project]\nname = 'inner'\n")
    assert cli("check", "inner").codes == ["WD101", "WD102"]


def test_explicit_config(project, cli):
    root = project({"a.py": BAD})
    (root / "other.toml").write_text('[tool.wdlint]\nselect = ["WD102"]\n')
    assert cli("check", "--config", "other.toml", "a.py").codes == ["WD102"]
    assert "--config: missing.toml: no such file" in one_line_error(cli("check", "--config", "missing.toml", "a.py"))


def test_extra_optimizers_from_config_and_cli(project, cli):
    source = "from mylib.optim import FancyAdam\n\nopt = FancyAdam(model.parameters(), lr=1e-3, weight_decay=0.1)\n"
    project({"a.py": source}, config='extra-coupled-optimizers = ["mylib.optim.FancyAdam"]')
    assert cli("check", "a.py").codes == ["WD101", "WD102"]
    assert cli("check", "--extra-decoupled-optimizers", "mylib.optim.FancyAdam",
                  "--extra-coupled-optimizers", "other.Opt", "a.py").codes == ["WD102"]


def test_settings_carry_fix_options(project):
    project(config='fix-style = "helper"\ndecay-embeddings = false')
    settings = resolve_settings(["."])
    assert (settings.fix_style, settings.decay_embeddings) == ("helper", False)
    settings = resolve_settings(["."], overrides={"fix-style": "inline", "decay-embeddings": True})
    assert (settings.fix_style, settings.decay_embeddings) == ("inline", True)
    with pytest.raises(ConfigError):
        resolve_settings(["."], overrides={"fix-style": "other"})


def test_per_file_ignores(project, cli):
    project(
        {"tests/test_a.py": BAD, "src/train.py": BAD, "scripts/one.py": BAD},
        config='[tool.wdlint.per-file-ignores]\n"tests/*" = ["WD1"]\n"one.py" = ["WD102"]',
    )
    result = cli("check")
    assert [line.split(":")[0] for line in result.lines] == ["./scripts/one.py", "./src/train.py", "./src/train.py"]
    assert result.codes == ["WD101", "WD101", "WD102"]
    # The CLI table replaces the file's.
    result = cli("check", "--per-file-ignores", "src/*:WD101,WD102")
    assert [line.split(":")[0] for line in result.lines] == ["./scripts/one.py"] * 2 + ["./tests/test_a.py"] * 2


# -- excludes ---------------------------------------------------------------------------------


def test_default_excludes_apply_to_the_walk_only(project, cli):
    project({"a.py": CLEAN, "build/gen.py": BAD, ".venv/lib/x.py": BAD, "pkg.egg-info/y.py": BAD,
             "src/__pycache__/z.py": BAD})
    assert cli("check").status == 0
    named = cli("check", "build/gen.py")
    assert named.status == 1 and named.lines[0].startswith("build/gen.py:3:7: WD101")
    assert cli("check", "--force-exclude", "build/gen.py").status == 0
    assert cli("check", "--force-exclude", "build").status == 0


def test_extend_exclude_and_exclude(project, cli):
    project({"a.py": BAD, "gen/b.py": BAD, "build/c.py": BAD, "deep/x/migrations/m.py": BAD},
            config='extend-exclude = ["gen", "deep/*/migrations"]')
    assert sorted({line.split(":")[0] for line in cli("check").lines}) == ["./a.py"]
    # --extend-exclude adds to the file's list.
    assert cli("check", "--extend-exclude", "a.py").status == 0
    # --exclude replaces the default list (build is walked again) and the config's exclude.
    paths = {line.split(":")[0] for line in cli("check", "--exclude", "a.py").lines}
    assert paths == {"./build/c.py"}
    force = cli("check", "--force-exclude", "gen/b.py", "deep/x/migrations/m.py", "a.py")
    assert {line.split(":")[0] for line in force.lines} == {"a.py"}


def test_force_exclude_with_only_excluded_files(project, cli):
    # pre-commit passing a single excluded file: nothing to check, no crash, exit 0.
    project({"build/gen.py": BAD})
    result = cli("check", "--force-exclude", "build/gen.py")
    assert result.status == 0 and result.out == ""


# -- noqa -------------------------------------------------------------------------------------


def test_noqa_honoured_and_disable_noqa(project, cli):
    source = BAD.rstrip("\n") + "  # noqa: WD101\n"
    project({"a.py": source, "b.py": BAD.rstrip("\n") + "  # noqa\n"})
    assert cli("check").codes == ["WD102"]
    assert cli("check", "--disable-noqa").codes == ["WD101", "WD102", "WD101", "WD102"]


# -- bad input ----------------------------------------------------------------------------------


def test_bad_files_give_wd000_and_others_are_still_checked(project, cli):
    root = project({
        "good.py": BAD,
        "syntax.py": "import torch\ndef f(:\n    torch.optim.Adam(m.parameters(), weight_decay=1)\n",
        "latin1.py": "# caf\xe9\nimport torch\nopt = torch.optim.Adam(p, weight_decay=0.1)\n".encode("latin-1"),
        "latin1_declared.py": "# -*- coding: latin-1 -*-\n# caf\xe9\nimport torch\nopt = torch.optim.Adam(p, weight_decay=0.1)\n".encode("latin-1"),
        "bom.py": b"\xef\xbb\xbf" + BAD.encode(),
        "binary.py": b"\x00\x01\x02torch.optim.Adam\xff\x00",
        "empty.py": "",
        "dir_named.py/inner.py": FLAT,
    })
    os.symlink("missing-target.py", root / "dangling.py")
    os.symlink("loop.py", root / "loop.py")  # ELOOP when opened
    os.symlink(".", root / "self_dir")  # a directory loop: walked once
    result = cli("check")
    assert result.status == 1
    by_file: dict[str, list[str]] = {}
    for line in result.lines:
        by_file.setdefault(line.split(":")[0], []).append(line)
    codes = {path: [line.split(": ", 1)[1].split(" ")[0] for line in lines] for path, lines in by_file.items()}
    assert codes["./good.py"] == ["WD101", "WD102"]
    assert codes["./bom.py"] == ["WD101", "WD102"]
    assert codes["./dir_named.py/inner.py"] == ["WD102"]
    assert codes["./latin1_declared.py"] == ["WD101"]
    assert by_file["./syntax.py"][0].startswith("./syntax.py:2:") and codes["./syntax.py"] == ["WD000"]
    assert codes["./latin1.py"] == ["WD000"] and "decode" in by_file["./latin1.py"][0]
    assert codes["./binary.py"] == ["WD000"]
    assert codes["./dangling.py"] == ["WD000"] and "cannot read" in by_file["./dangling.py"][0]
    assert codes["./loop.py"] == ["WD000"]
    assert "./empty.py" not in by_file
    assert not any(path.startswith("./self_dir") for path in by_file)
    assert "Traceback" not in result.err


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_file(project, cli):
    root = project({"secret.py": BAD, "good.py": FLAT})
    secret = root / "secret.py"
    secret.chmod(0)
    try:
        try:
            secret.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("running as a user who can read mode-000 files (root)")
        result = cli("check")
        assert result.lines[1].startswith("./secret.py:1:1: WD000 cannot read")
        assert result.codes == ["WD102", "WD000"]
    finally:
        secret.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_fifo_found_by_the_walk_is_skipped_not_read(project, cli):
    from wdlint.files import discover

    root = project({"good.py": FLAT})
    os.mkfifo(root / "pipe.py")  # reading it would block for ever: no writer
    settings = resolve_settings(["."])
    assert discover(["."], settings).files == [("./good.py", "./good.py")]
    result = cli("check")
    assert result.status == 1 and result.codes == ["WD102"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX symlinks")
def test_file_that_cannot_be_opened_is_wd000_even_as_root(project, cli):
    # chmod 000 does not stop root; a link through a regular file fails to open (ENOTDIR) for anyone.
    root = project({"good.py": FLAT, "plain": "x"})
    os.symlink(root / "plain" / "x.py", root / "through_file.py")
    result = cli("check")
    assert result.codes == ["WD102", "WD000"]
    assert result.lines[1].startswith("./through_file.py:1:1: WD000 cannot read: Not a directory")


def test_missing_path_is_an_error_but_the_rest_is_reported(project, cli):
    project({"a.py": BAD})
    result = cli("check", "nothere.py", "a.py")
    assert result.status == 2
    assert result.codes == ["WD101", "WD102"]
    assert "wdlint: error: nothere.py: no such file or directory" in result.err


def test_parallel_and_serial_agree(project, cli):
    files = {f"pkg/m{i:02d}.py": (BAD if i % 3 else FLAT) for i in range(12)}
    files["pkg/broken.py"] = "import torch\ndef f(:\n    torch.optim.Adam\n"
    project(files)
    serial = cli("check", "--format", "json", "-j", "1")
    parallel = cli("check", "--format", "json", "-j", "2")
    assert serial.status == parallel.status == 1
    assert json.loads(serial.out) == json.loads(parallel.out)
    assert len(json.loads(serial.out)) == 8 * 2 + 4 + 1
    assert cli("check", "-j", "0").status == 2


def test_same_file_twice_is_checked_once(project, cli):
    project({"a.py": BAD})
    assert len(cli("check", "a.py", ".", "./a.py").lines) == 2


def test_internal_error_is_one_line_and_other_files_go_on(project, cli, monkeypatch):
    import wdlint.engine

    real = wdlint.engine.lint_bytes

    def flaky(source, path, *args, **kwargs):
        if path.endswith("boom.py"):
            raise RuntimeError("engine exploded")
        return real(source, path, *args, **kwargs)

    monkeypatch.setattr(wdlint.engine, "lint_bytes", flaky)
    project({"a.py": BAD, "boom.py": BAD})
    result = cli("check")
    assert result.status == 2
    assert result.codes == ["WD101", "WD102"]
    assert "wdlint: error: ./boom.py: internal error: RuntimeError: engine exploded" in result.err
    assert "Traceback" not in result.err
    monkeypatch.setenv("WDLINT_DEBUG", "1")
    with pytest.raises(RuntimeError):
        # (a.py has boom.py's bytes: the content-keyed cache would answer for it)
        main(["check", "--no-cache"])


def test_unexpected_failure_is_one_line(project, cli, monkeypatch):
    import wdlint.files

    def broken(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(wdlint.files, "discover", broken)
    project({"a.py": BAD})
    line = one_line_error(cli("check"))
    assert line.startswith("wdlint: error: internal error: OSError: disk on fire")


# -- other commands ------------------------------------------------------------------------------


def test_rule_and_rules(cli):
    page = cli("rule", "WD101")
    assert page.status == 0
    assert page.out.startswith("# coupled-decay-in-adaptive-optimizer (WD101)")
    assert "## Why is this bad?" in page.out
    assert cli("rule", "flat-parameters-decayed").out.startswith("# flat-parameters-decayed (WD102)")
    assert one_line_error(cli("rule", "WD999")) == "wdlint: error: unknown rule 'WD999' (see `wdlint rules`)"
    listing = cli("rules")
    assert listing.status == 0
    assert listing.lines[0].split() == ["CODE", "NAME", "FIX", "SURFACE", "SUMMARY"]
    from wdlint.rules import all_rules

    assert [line.split()[0] for line in listing.lines[1:]] == [rule.code for rule in all_rules()]
    rows = json.loads(cli("rules", "--format", "json").out)
    assert {"code": "WD101", "fixable": True, "fix_applicability": "unsafe"}.items() <= rows[1].items()
    assert rows[0]["fix_applicability"] is None  # WD000 has no fix
    assert "# manual-l2-penalty (WD103)" in cli("rule", "--all").out


def test_version_and_no_command(cli):
    from wdlint import __version__

    assert cli("--version").out.strip() == f"wdlint {__version__}"
    assert cli("--version").status == 0
    assert cli().status == 2


def test_fix_goes_through_settings(project, cli):
    root = project({"a.py": BAD, "tests/t.py": BAD}, config='[tool.wdlint.per-file-ignores]\n"tests/*" = ["WD1"]')
    result = cli("fix", "--diff", "--ignore", "WD102")
    assert result.status == 1
    assert "+opt = torch.optim.AdamW(model.parameters()" in result.out
    assert "tests/t.py" not in result.out
    assert (root / "a.py").read_text() == BAD


def test_python_dash_m(project):
    root = project({"a.py": BAD})
    done = subprocess.run([sys.executable, "-m", "wdlint", "check", "a.py"], cwd=root, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout.startswith("a.py:3:7: WD101 ")
    assert done.stderr.strip().splitlines() == [
        "Found 2 findings (2 fixable) in 1 file; checked 1 file.",
        "2 unsafe fixes available with `--fix --unsafe-fixes`.",
    ]
    done = subprocess.run([sys.executable, "-m", "wdlint", "rule", "WD101"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and "WD101" in done.stdout


def test_pre_commit_hooks_file():
    yaml = pytest.importorskip("yaml")
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["wdlint"]["entry"] == "wdlint check --force-exclude"
    assert hooks["wdlint-fix"]["entry"] == "wdlint fix --force-exclude"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types_or"] == ["python", "pyi", "jupyter", "yaml", "json"]
        assert hook["require_serial"] is True


def test_project_inside_a_directory_named_like_an_exclude(tmp_path, monkeypatch, cli):
    # The excludes test paths below the project root, never the root or what is above it.
    root = tmp_path / "build" / "venv"
    (root / "src").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    (root / "src" / "a.py").write_text(BAD)
    monkeypatch.chdir(root)
    assert cli("check", "--force-exclude", ".").codes == ["WD101", "WD102"]
    assert cli("check", "--force-exclude", "src/a.py").codes == ["WD101", "WD102"]
    assert cli("check", str(root)).codes == ["WD101", "WD102"]
