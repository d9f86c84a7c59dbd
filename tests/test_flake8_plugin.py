"""The flake8 plugin: 0-based columns, noqa left to flake8, config per directory, cheap."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from wdlint.flake8_plugin import WeightDecayChecker

SOURCE = "import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)  # noqa: WD101\n"


def test_run_yields_zero_based_columns_and_ignores_noqa(tmp_path):
    path = tmp_path / "train.py"
    (tmp_path / "pyproject.toml").write_text("")
    checker = WeightDecayChecker(None, SOURCE.splitlines(keepends=True), str(path))
    found = list(checker.run())
    assert [(line, col, text.split()[0]) for line, col, text, _ in found] == [(3, 6, "WD101"), (3, 23, "WD102")]
    assert all(kind is WeightDecayChecker for *_, kind in found)


def flake8(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "WD", *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )


def test_through_flake8_noqa_and_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.wdlint]\nextra-coupled-optimizers = ["mylib.FancyAdam"]\n')
    (tmp_path / "train.py").write_text(SOURCE)
    (tmp_path / "fancy.py").write_text("from mylib import FancyAdam\nopt = FancyAdam(m.parameters(), weight_decay=0.1)\n")
    done = flake8(tmp_path, "train.py", "fancy.py")
    assert done.returncode == 1, done.stderr
    assert [line.split(" ", 2)[:2] for line in done.stdout.splitlines()] == [
        ["fancy.py:2:7:", "WD101"],
        ["fancy.py:2:17:", "WD102"],
        ["train.py:3:24:", "WD102"],
    ]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('[tool.wdlint]\nselect = "oops"\n', "[tool.wdlint] select: expected a list of strings"),
        ('[tool.wdlint]\nextra-coupled-optimisers = ["mylib.A"]\n',
         "unknown key 'extra-coupled-optimisers'; did you mean 'extra-coupled-optimizers'?"),
        ("[tool.wdlint\n", "invalid TOML"),
    ],
)
def test_bad_config_is_reported_never_silent(tmp_path, config, expected):
    """A real flake8 run: every file under a broken [tool.wdlint] gets a WD000 that quotes the error."""
    (tmp_path / "pyproject.toml").write_text(config)
    (tmp_path / "train.py").write_text(SOURCE)
    (tmp_path / "clean.py").write_text("x = 1\n")
    done = flake8(tmp_path, "train.py", "clean.py")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(" ", 2)[:2] for line in lines] == [["clean.py:1:1:", "WD000"], ["train.py:1:1:", "WD000"]]
    assert all("wdlint configuration error" in line and expected in line for line in lines), lines


def test_pyproject_that_is_not_utf8_is_reported(tmp_path):
    # tomllib decodes the bytes itself: a UnicodeDecodeError, not a TOMLDecodeError.
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.wdlint]\nselect = ["WD1"]  # caf\xe9\n')
    (tmp_path / "train.py").write_text(SOURCE)
    done = flake8(tmp_path, "train.py")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "WD000 wdlint configuration error" in done.stdout and "not UTF-8" in done.stdout


def test_wdlint_toml_is_read_by_the_plugin(tmp_path):
    (tmp_path / "wdlint.toml").write_text('extra-coupled-optimizers = ["mylib.FancyAdam"]\n')
    (tmp_path / "fancy.py").write_text("from mylib import FancyAdam\nopt = FancyAdam(m.parameters(), weight_decay=0.1)\n")
    done = flake8(tmp_path, "fancy.py")
    assert [line.split(" ", 2)[1] for line in done.stdout.splitlines()] == ["WD101", "WD102"]


def test_file_level_wdlint_noqa_applies_in_flake8_too(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    body = "import torch\nopt = torch.optim.Adam(model.parameters(), weight_decay=1e-4)\n"
    (tmp_path / "all.py").write_text("# wdlint: noqa\n" + body)
    (tmp_path / "some.py").write_text("# wdlint: noqa: WD101\n" + body)
    done = flake8(tmp_path, "all.py", "some.py")
    assert [line.split(" ", 2)[:2] for line in done.stdout.splitlines()] == [["some.py:3:24:", "WD102"]]


def test_rejected_file_imports_no_libcst(tmp_path):
    code = """
        import sys
        from wdlint.flake8_plugin import WeightDecayChecker
        list(WeightDecayChecker(None, ["def f(x):\\n", "    return x\\n"], "m.py").run())
        print("libcst" in sys.modules, "torch" in sys.modules)
    """
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "False False", done.stderr


def test_undecodable_file_is_wd000_as_in_the_cli(tmp_path):
    # flake8 reads a file that is not UTF-8 as latin-1; the CLI reports WD000 at the bad byte.
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "latin.py").write_bytes(b"import torch\n# caf\xe9\nopt = torch.optim.Adam(m.parameters(), weight_decay=1e-4)\n")
    (tmp_path / "utf8.py").write_bytes("import torch\n# café\nopt = torch.optim.SGD(m.parameters(), lr=0.1)\n".encode())
    done = flake8(tmp_path, "latin.py", "utf8.py")
    assert [line.split(" ", 2)[:2] for line in done.stdout.splitlines()] == [["latin.py:2:6:", "WD000"]]
    assert "cannot decode as utf-8" in done.stdout
