"""wdlint where a linter lives: stdin, ruff's fix flags and habits, patches, the cache, config files.

Everything runs the real ``python -m wdlint`` in a temporary project (and
``git apply`` / ``patch`` for the diffs), as an editor, pre-commit or a
user coming from ruff would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BAD = "import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n"
FLAT = "import torch\n\nopt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=5e-4)\n"
CLEAN = "import torch\n\nopt = torch.optim.AdamW(groups, lr=1e-3)\n"


def wd(cwd: Path, *args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    env = {k: v for k, v in os.environ.items() if k not in ("WDLINT_DEBUG", "WDLINT_CACHE_DIR")}
    done = subprocess.run([sys.executable, "-m", "wdlint", *args], cwd=cwd, input=data, capture_output=True,
                          timeout=120, env=env)
    done.out = done.stdout.decode("utf-8", "replace")
    done.err = done.stderr.decode("utf-8", "replace")
    return done


@pytest.fixture
def project(tmp_path):
    def make(files: dict[str, str], config: str = "") -> Path:
        (tmp_path / "pyproject.toml").write_text(f"[tool.wdlint]\n{config}\n" if config else "")
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return tmp_path

    return make


# -- stdin ---------------------------------------------------------------------------------


def test_check_stdin(project):
    root = project({})
    done = wd(root, "check", "-", stdin=BAD)
    assert done.returncode == 1
    assert [line.split(" ", 2)[:2] for line in done.out.splitlines()] == [["-:3:7:", "WD101"], ["-:3:24:", "WD102"]]
    assert wd(root, "check", "-", stdin=CLEAN).returncode == 0


def test_stdin_filename_drives_config_per_file_ignores_and_output_path(project):
    root = project({}, config='[tool.wdlint.per-file-ignores]\n"tests/*" = ["WD102"]')
    done = wd(root, "check", "--stdin-filename", "src/train.py", "-", stdin=BAD)
    assert [line.split(" ", 2)[:2] for line in done.out.splitlines()] == [
        ["src/train.py:3:7:", "WD101"], ["src/train.py:3:24:", "WD102"]
    ]
    # No PATH at all: --stdin-filename alone reads stdin, as in ruff.
    done = wd(root, "check", "--stdin-filename", "tests/t.py", "--format", "json", stdin=BAD)
    assert [(d["path"], d["code"]) for d in json.loads(done.out)] == [("tests/t.py", "WD101")]
    # The configuration is the one nearest to the named file.
    sub = root / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.wdlint]\nignore = ["WD101"]\n')
    done = wd(root, "check", "--stdin-filename", "sub/train.py", "-", stdin=BAD)
    assert [line.split(" ", 2)[1] for line in done.out.splitlines()] == ["WD102"]


def test_stdin_filename_excluded_with_force_exclude(project):
    root = project({}, config='extend-exclude = ["generated"]')
    done = wd(root, "check", "--force-exclude", "--stdin-filename", "generated/x.py", "-", stdin=BAD)
    assert (done.returncode, done.out) == (0, "")
    fixed = wd(root, "fix", "--force-exclude", "--stdin-filename", "generated/x.py", "-", stdin=BAD)
    assert fixed.out == BAD  # passed through untouched


def test_fix_stdin_writes_the_fixed_source_to_stdout(project):
    root = project({})
    done = wd(root, "fix", "-", stdin=BAD)
    assert done.returncode == 0, done.err
    assert "torch.optim.AdamW(" in done.out and "p.ndim >= 2" in done.out
    compile(done.out, "fixed", "exec")
    # Nothing left: nothing on stderr but the notes; and the fixed source is stable.
    again = wd(root, "fix", "-", stdin=done.out)
    assert again.out == done.out and again.returncode == 0
    # Unfixable: the source comes back unchanged, the finding on stderr, exit 1.
    unfixable = "import torch\nopt = torch.optim.Adagrad([w], weight_decay=1e-4)\n"
    left = wd(root, "fix", "-", stdin=unfixable)
    assert (left.returncode, left.out) == (1, unfixable)
    assert "-:2:7: WD101" in left.err


def test_fix_stdin_keeps_bytes_exactly(project):
    root = project({})
    source = ("# -*- coding: latin-1 -*-\r\n# r\xe9glage\r\n" + BAD.replace("\n", "\r\n")).encode("latin-1")
    done = wd(root, "fix", "-", stdin=source)
    assert done.stdout.startswith(b"# -*- coding: latin-1 -*-\r\n# r\xe9glage\r\n")
    assert b"AdamW" in done.stdout and b"\n" not in done.stdout.replace(b"\r\n", b"")


# -- fix safety, ruff's model --------------------------------------------------------------


def test_check_fix_applies_no_unsafe_fix_and_says_so(project):
    root = project({"a.py": BAD})
    done = wd(root, "check", "--fix", "a.py")
    assert done.returncode == 1
    assert (root / "a.py").read_text() == BAD
    assert done.err.splitlines()[-1] == "2 unsafe fixes available with `--fix --unsafe-fixes`."


def test_check_fix_unsafe_fixes_applies_them(project):
    root = project({"a.py": BAD, "b.py": "import torch\nopt = torch.optim.Adagrad([w], weight_decay=1e-4)\n"})
    done = wd(root, "check", "--fix", "--unsafe-fixes", "--show-fixes", ".")
    assert done.returncode == 1  # b.py's Adagrad has no fix
    assert "AdamW" in (root / "a.py").read_text()
    assert "./b.py:2:7: WD101" in done.out
    assert "Fixed 2 findings:\n- ./a.py:\n    1 × WD101 (coupled-decay-in-adaptive-optimizer)\n" in done.err
    assert "Found 3 findings (2 fixed, 1 remaining) in 1 file; checked 2 files." in done.err


def test_check_unsafe_fixes_without_fix_changes_the_hint(project):
    root = project({"a.py": BAD})
    done = wd(root, "check", "--unsafe-fixes", "a.py")
    assert done.err.splitlines()[-1] == "[*] 2 fixable with `--fix`."
    assert (root / "a.py").read_text() == BAD


def test_json_carries_fix_applicability(project):
    root = project({"a.py": BAD, "b.py": "import torch\nopt = torch.optim.Adagrad([w], weight_decay=1e-4)\n"})
    items = json.loads(wd(root, "check", "--format", "json").out)
    assert [(i["path"], i["code"], i.get("fix")) for i in items] == [
        ("./a.py", "WD101", {"applicability": "unsafe"}),
        ("./a.py", "WD102", {"applicability": "unsafe"}),
        ("./b.py", "WD101", None),
    ]


def test_rules_declare_applicability():
    from wdlint.rules import get_rule

    assert get_rule("WD101").fix_applicability == "unsafe"
    assert get_rule("WD102").fix_applicability == "unsafe"


def test_pre_commit_fix_hook_says_it_changes_training():
    text = (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text()
    fix_hook = " ".join(text[text.index("id: wdlint-fix"):].split())
    assert "they change training" in fix_hook


# -- diffs that apply ----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
@pytest.mark.parametrize("spelling", ["./src/train.py", "src/train.py", "src", ".", "ABSOLUTE"])
def test_diff_applies_with_git_apply_and_patch(project, spelling):
    root = project({"src/train.py": BAD, "src/ok.py": CLEAN})
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    path = str(root / "src" / "train.py") if spelling == "ABSOLUTE" else spelling
    diff = wd(root, "fix", "--diff", path).out
    assert diff.startswith("--- a/src/train.py\n+++ b/src/train.py\n"), diff
    assert "a/./" not in diff
    (root / "p.diff").write_text(diff)
    check = subprocess.run(["git", "apply", "--check", "p.diff"], cwd=root, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    subprocess.run(["git", "apply", "p.diff"], cwd=root, check=True)
    assert (root / "src/train.py").read_text() == wd(root, "fix", "-", stdin=BAD).out
    if shutil.which("patch"):
        (root / "src/train.py").write_text(BAD)
        patched = subprocess.run(["patch", "-p1", "-i", "p.diff"], cwd=root, capture_output=True, text=True)
        assert patched.returncode == 0, patched.stdout + patched.stderr
        assert "AdamW" in (root / "src/train.py").read_text()


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_diff_from_a_subdirectory_names_paths_from_the_repository_root(project):
    root = project({"src/train.py": BAD})
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    diff = wd(root / "src", "fix", "--diff", "train.py").out
    assert diff.startswith("--- a/src/train.py\n"), diff
    (root / "p.diff").write_text(diff)
    assert subprocess.run(["git", "apply", "--check", "p.diff"], cwd=root).returncode == 0


def test_check_fix_diff_writes_nothing(project):
    root = project({"a.py": BAD})
    done = wd(root, "check", "--fix", "--unsafe-fixes", "--diff", "a.py")
    assert done.returncode == 1 and done.out.startswith("--- a/a.py\n+++ b/a.py\n")
    assert (root / "a.py").read_text() == BAD


# -- ruff habits -------------------------------------------------------------------------------


def test_add_noqa(project):
    multi = 'import torch\nopt = torch.optim.Adam(\n    model.parameters(),  # all of them\n    weight_decay=1e-4,\n)\n'
    root = project({"a.py": BAD, "b.py": multi, "c.py": CLEAN})
    done = wd(root, "check", "--add-noqa")
    assert done.returncode == 0, done.err
    assert done.err.strip() == "Added 3 noqa directives."
    assert (root / "a.py").read_text().splitlines()[2].endswith("weight_decay=1e-4)  # noqa: WD101, WD102")
    assert (root / "b.py").read_text() == (
        "import torch\nopt = torch.optim.Adam(  # noqa: WD101\n"
        "    model.parameters(),  # all of them  # noqa: WD102\n    weight_decay=1e-4,\n)\n"
    )
    assert wd(root, "check").returncode == 0
    assert wd(root, "check", "--add-noqa").err.strip() == "Added 0 noqa directives."


def test_file_level_wdlint_noqa(project):
    root = project({"all.py": "# wdlint: noqa\n" + BAD, "some.py": "# wdlint: noqa: WD101\n" + BAD})
    done = wd(root, "check")
    assert [line.split(" ", 2)[:2] for line in done.out.splitlines()] == [["./some.py:4:24:", "WD102"]]
    # fix leaves what the file suppresses alone.
    wd(root, "fix", "some.py")
    assert "torch.optim.Adam(" in (root / "some.py").read_text()
    assert "p.ndim >= 2" in (root / "some.py").read_text()
    assert (root / "all.py").read_text() == "# wdlint: noqa\n" + BAD


def test_extend_per_file_ignores(project):
    root = project({"a.py": BAD, "tests/t.py": BAD}, config='[tool.wdlint.per-file-ignores]\n"tests/*" = ["WD101"]')
    done = wd(root, "check", "--extend-per-file-ignores", "a.py:WD102")
    assert [line.split(" ", 2)[:2] for line in done.out.splitlines()] == [
        ["./a.py:3:7:", "WD101"], ["./tests/t.py:3:24:", "WD102"]
    ]
    (root / "pyproject.toml").write_text('[tool.wdlint.extend-per-file-ignores]\n"tests/*" = ["WD1"]\n')
    assert [line.split(" ", 2)[0] for line in wd(root, "check").out.splitlines()] == ["./a.py:3:7:", "./a.py:3:24:"]


@pytest.mark.parametrize("name", ["wdlint.toml", ".wdlint.toml"])
def test_config_discovery_in_wdlint_toml(tmp_path, name):
    (tmp_path / name).write_text('ignore = ["WD101"]\n')
    (tmp_path / "a.py").write_text(BAD)
    done = wd(tmp_path, "check", "a.py")
    assert [line.split(" ", 2)[1] for line in done.out.splitlines()] == ["WD102"]
    (tmp_path / name).write_text('ignroe = ["WD101"]\n')
    bad = wd(tmp_path, "check", "a.py")
    assert bad.returncode == 2
    assert f"{name}: wdlint.toml unknown key 'ignroe'; did you mean 'ignore'?" in bad.err


def test_wdlint_toml_wins_over_pyproject_in_the_same_directory(project):
    root = project({"a.py": BAD}, config='ignore = ["WD102"]')
    (root / "wdlint.toml").write_text('ignore = ["WD101"]\n')
    assert [line.split(" ", 2)[1] for line in wd(root, "check", "a.py").out.splitlines()] == ["WD102"]


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (("check", "--unsafe-fix"), "'--unsafe-fixes'"),
        (("check", "--no-cach"), "'--no-cache'"),
        (("fix", "--exit-zer"), "'--exit-zero'"),
        (("check", "--stdin-file-name", "x.py"), "'--stdin-filename'"),
    ],
)
def test_unknown_options_get_a_suggestion(project, args, suggestion):
    done = wd(project({}), *args)
    assert done.returncode == 2
    assert len(done.err.strip().splitlines()) == 1
    assert f"a similar argument exists: {suggestion}" in done.err


@pytest.mark.parametrize(
    ("args", "suggestion"), [(("chek",), "did you mean 'check'?"), (("check", "--format", "jsn"), "did you mean 'json'?")]
)
def test_unknown_commands_and_choices_get_a_suggestion(project, args, suggestion):
    done = wd(project({}), *args)
    assert done.returncode == 2 and len(done.err.strip().splitlines()) == 1
    assert suggestion in done.err


def test_fix_accepts_format_quiet_exit_zero_and_jobs(project):
    unfixable = "import torch\nopt = torch.optim.Adagrad([w], weight_decay=1e-4)\n"
    root = project({"a.py": BAD, "b.py": unfixable, "c.py": BAD})
    done = wd(root, "fix", "--format", "json", "-q", "--exit-zero", "-j", "2")
    assert done.returncode == 0, done.err
    assert done.err == ""
    assert [(d["path"], d["code"]) for d in json.loads(done.out)] == [("./b.py", "WD101")]
    assert "AdamW" in (root / "a.py").read_text() and "AdamW" in (root / "c.py").read_text()


# -- the cache -------------------------------------------------------------------------------------


def test_cache_directory_hits_and_no_cache(project):
    root = project({"a.py": BAD, "b.py": CLEAN})
    first = wd(root, "check")
    cache = root / ".wdlint_cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    second = wd(root, "check")
    assert (second.returncode, second.out, second.err) == (first.returncode, first.out, first.err)
    # Entries are keyed by content: an edit is seen, a copy under another name is a hit.
    (root / "b.py").write_text(FLAT)
    assert [line.split(" ", 2)[:2] for line in wd(root, "check", "b.py").out.splitlines()] == [["b.py:3:23:", "WD102"]]
    # Settings that change findings use another cache file.
    coupled = wd(root, "check", "--extra-coupled-optimizers", "mylib.X", "a.py")
    assert coupled.out == wd(root, "check", "--no-cache", "a.py").out
    shutil.rmtree(cache)
    wd(root, "check", "--no-cache")
    assert not cache.exists()


def test_cache_is_not_fooled_by_a_poisoned_entry_after_settings_change(project):
    """Selection is applied after the cache: --ignore needs no new analysis and is always right."""
    root = project({"a.py": BAD})
    wd(root, "check")
    assert [line.split(" ", 2)[1] for line in wd(root, "check", "--ignore", "WD101").out.splitlines()] == ["WD102"]
    assert wd(root, "check", "--disable-noqa").returncode == 1


def test_unwritable_cache_is_ignored(project):
    root = project({"a.py": BAD})
    (root / ".wdlint_cache").write_text("not a directory")
    done = wd(root, "check")
    assert done.returncode == 1 and "Traceback" not in done.err and "error" not in done.err


def test_cache_keeps_the_entries_of_files_not_checked_this_time(project):
    """pre-commit checks a few files at a time: that must not empty the cache for the others."""
    from wdlint.cache import ResultCache, content_key
    from wdlint.config import resolve_settings

    root = project({"a.py": BAD, "b.py": FLAT})
    wd(root, "check")
    wd(root, "check", "a.py")
    (root / "a.py").write_text(BAD + "\n")
    wd(root, "check", "a.py")
    cache = ResultCache.for_settings(resolve_settings([str(root)], cwd=str(root)))
    assert cache.get(content_key(FLAT.encode(), "b.py"), "b.py") is not None


def test_fix_skips_files_the_cache_says_have_nothing_to_fix(project, monkeypatch):
    import wdlint.fix.command
    from wdlint.cli import main

    root = project({"a.py": BAD, "clean.py": CLEAN, "unfixable.py": "import torch\nopt = torch.optim.Adagrad([w], weight_decay=1e-4)\n"})
    monkeypatch.chdir(root)
    assert main(["check", "-q"]) == 1
    fixed = []
    real = wdlint.fix.command.fix_one
    monkeypatch.setattr(wdlint.fix.command, "fix_one", lambda source, path, *a: fixed.append(path) or real(source, path, *a))
    assert main(["fix", "-q", "."]) == 1  # the Adagrad finding is left
    assert fixed == ["./a.py"]
    assert "AdamW" in (root / "a.py").read_text()
    fixed.clear()
    assert main(["fix", "-q", "--no-cache", "."]) == 1
    assert sorted(fixed) == ["./a.py", "./clean.py", "./unfixable.py"]


def test_warm_cache_keeps_notebook_cells_and_reads_bytes_by_kind(project):
    """A cached notebook finding still names its cell; the same bytes as a .py file are a separate entry."""
    notebook = json.dumps(
        {
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "source": ["# train"]},
                {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": BAD.splitlines(True)},
            ],
            "metadata": {"language_info": {"name": "python"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )
    root = project({"nb.ipynb": notebook, "as_python.py": notebook})
    cold = wd(root, "check", "nb.ipynb")
    warm = wd(root, "check", "nb.ipynb")
    assert "nb.ipynb:cell 2:" in cold.out and cold.out == warm.out
    as_python = wd(root, "check", "as_python.py")
    assert "cell" not in as_python.out
