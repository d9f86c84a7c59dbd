"""``wdlint fix``'s command body: writing, ``--diff``, exit codes, bad files.

``cli_fix`` is called directly with a ``Settings`` object (the CLI owns
argument parsing and configuration); the last tests go through the real
``wdlint fix`` command.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from wdlint.config import DEFAULT_SELECT, SelectionLayer
from wdlint.config import Settings as RealSettings
from wdlint.fix import fix_source
from wdlint.fix.command import cli_fix

FIXABLE = b"import torch\n\noptimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n"
UNFIXABLE = b"import torch\n\noptimizer = torch.optim.Adagrad([w], lr=1e-2, weight_decay=1e-4)\n"
CLEAN = b"import torch\n\noptimizer = torch.optim.AdamW([w], lr=1e-3, weight_decay=0.0)\n"
BROKEN = b"import torch\n\noptimizer = torch.optim.Adam(model.parameters(, weight_decay=1e-4)\n"


def Settings(fix_style="inline", disable_noqa=False, selected=None, decay_embeddings=True):
    """The real settings object, as the CLI resolves it, with the few fields these tests vary."""
    selection = (SelectionLayer(select=DEFAULT_SELECT),)
    if selected is not None:
        selection += (SelectionLayer(select=tuple(selected)),)
    return RealSettings(
        root=tempfile.gettempdir(),
        selection=selection,
        fix_style=fix_style,
        disable_noqa=disable_noqa,
        decay_embeddings=decay_embeddings,
    )


def run(paths, settings=None, diff=False):
    stdout, stderr = io.StringIO(), io.StringIO()
    files = [(str(path), Path(path).name) for path in paths]
    status = cli_fix(files, settings or Settings(), diff, stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def write(path: Path, data: bytes, mode: int | None = None) -> Path:
    path.write_bytes(data)
    if mode is not None:
        path.chmod(mode)
    return path


def test_fixes_in_place_and_reports(tmp_path):
    path = write(tmp_path / "train.py", FIXABLE)
    status, stdout, stderr = run([path])
    assert status == 0
    assert path.read_bytes() == fix_source(FIXABLE, "train.py").new_source
    assert b"AdamW" in path.read_bytes()
    assert stdout == ""
    assert "fixed WD101" in stderr and "retun" in stderr
    assert "fixed 2 findings (WD101: 1, WD102: 1) in 1 file; 0 findings left." in stderr


def test_findings_left_exit_1_and_printed_like_check(tmp_path):
    path = write(tmp_path / "train.py", UNFIXABLE)
    status, stdout, stderr = run([path])
    assert status == 1
    assert path.read_bytes() == UNFIXABLE
    assert stdout.startswith("train.py:3:13: WD101 ")
    assert "1 finding left" in stderr


def test_clean_file_untouched_exit_0(tmp_path):
    path = write(tmp_path / "train.py", CLEAN)
    before = path.stat().st_mtime_ns
    assert run([path])[0] == 0
    assert path.read_bytes() == CLEAN
    assert path.stat().st_mtime_ns == before


def test_diff_prints_and_writes_nothing(tmp_path):
    path = write(tmp_path / "train.py", FIXABLE)
    status, stdout, stderr = run([path], diff=True)
    assert status == 1
    assert path.read_bytes() == FIXABLE
    assert stdout.startswith("--- a/train.py\n+++ b/train.py\n")
    assert "-optimizer = torch.optim.Adam(" in stdout and "+optimizer = torch.optim.AdamW([" in stdout
    assert "would fix 2 findings" in stderr
    assert sorted(os.listdir(tmp_path)) == ["train.py"]


def test_diff_of_clean_file_exit_0(tmp_path):
    path = write(tmp_path / "train.py", CLEAN)
    assert run([path], diff=True)[:2] == (0, "")


def test_read_only_file_reported_others_fixed(tmp_path):
    locked = write(tmp_path / "locked.py", FIXABLE, 0o444)
    other = write(tmp_path / "other.py", FIXABLE)
    status, stdout, stderr = run([locked, other])
    assert status == 2
    assert locked.read_bytes() == FIXABLE
    assert b"AdamW" in other.read_bytes()
    assert "locked.py: error: cannot write: the file is read-only" in stderr
    # Left unchanged, it keeps its findings: reported as left, not as fixed.
    assert stdout.count("locked.py:3:") == 2
    assert "fixed 2 findings (WD101: 1, WD102: 1) in 1 file; 2 findings left." in stderr


def test_unparsable_file_never_written(tmp_path):
    broken = write(tmp_path / "broken.py", BROKEN)
    other = write(tmp_path / "other.py", FIXABLE)
    status, stdout, _ = run([broken, other])
    assert status == 1
    assert broken.read_bytes() == BROKEN
    assert "broken.py:3:" in stdout and "WD000" in stdout
    assert b"AdamW" in other.read_bytes()


def test_vanished_file_reported(tmp_path):
    other = write(tmp_path / "other.py", FIXABLE)
    status, stdout, _ = run([tmp_path / "gone.py", other])
    assert status == 1
    assert "gone.py:1:1: WD000 cannot read" in stdout
    assert b"AdamW" in other.read_bytes()


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_permissions_kept(tmp_path, mode):
    path = write(tmp_path / "train.py", FIXABLE, mode)
    assert run([path])[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_symlink_kept_and_target_fixed(tmp_path):
    target = write(tmp_path / "real.py", FIXABLE)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    assert run([link])[0] == 0
    assert link.is_symlink()
    assert b"AdamW" in target.read_bytes()


def test_crash_while_replacing_leaves_the_old_file(tmp_path, monkeypatch):
    path = write(tmp_path / "train.py", FIXABLE)

    def broken_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    status, _, stderr = run([path])
    assert status == 2
    assert path.read_bytes() == FIXABLE
    assert sorted(os.listdir(tmp_path)) == ["train.py"]
    assert "No space left on device" in stderr


def test_no_temporary_files_left(tmp_path):
    paths = [write(tmp_path / f"m{i}.py", FIXABLE) for i in range(3)]
    run(paths)
    assert sorted(os.listdir(tmp_path)) == ["m0.py", "m1.py", "m2.py"]


def test_select_limits_fixes_and_report(tmp_path):
    path = write(tmp_path / "train.py", FIXABLE)
    status, stdout, _ = run([path], Settings(selected=["WD101"]))
    assert status == 0
    text = path.read_bytes()
    assert b"AdamW(model.parameters()" in text  # WD102 not selected: neither fixed nor reported
    assert stdout == ""


def test_noqa_respected_unless_disabled(tmp_path):
    source = FIXABLE.replace(b"1e-4)\n", b"1e-4)  # noqa\n")
    path = write(tmp_path / "train.py", source)
    assert run([path])[0] == 0
    assert path.read_bytes() == source
    assert run([path], Settings(disable_noqa=True))[0] == 0
    assert b"AdamW" in path.read_bytes()


def test_helper_style(tmp_path):
    path = write(tmp_path / "train.py", FIXABLE)
    assert run([path], Settings(fix_style="helper"))[0] == 0
    assert b"import wdlint\n" in path.read_bytes()
    assert b"torch.optim.AdamW(wdlint.param_groups(model), lr=1e-3, weight_decay=1e-4)" in path.read_bytes()


def test_helper_style_passes_decay_embeddings_on(tmp_path):
    path = write(tmp_path / "train.py", FIXABLE)
    assert run([path], Settings(fix_style="helper", decay_embeddings=False))[0] == 0
    # Past 88 columns with the policy argument: one argument per line.
    assert b"AdamW(\n    wdlint.param_groups(model, decay_embeddings=False),\n    lr=1e-3," in path.read_bytes()


def test_crlf_bom_latin1_survive_on_disk(tmp_path):
    crlf = write(tmp_path / "crlf.py", b"\xef\xbb\xbf" + FIXABLE.replace(b"\n", b"\r\n"))
    latin = write(
        tmp_path / "latin.py", b"# -*- coding: latin-1 -*-\n# r\xe9glage\n" + FIXABLE
    )
    assert run([crlf, latin])[0] == 0
    data = crlf.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"AdamW" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert latin.read_bytes().startswith(b"# -*- coding: latin-1 -*-\n# r\xe9glage\n")


def test_wdlint_fix_command(tmp_path):
    path = write(tmp_path / "train.py", FIXABLE)
    done = subprocess.run(
        [sys.executable, "-m", "wdlint", "fix", "--diff", str(path)], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    assert path.read_bytes() == FIXABLE
    assert "+optimizer = torch.optim.AdamW([" in done.stdout
    done = subprocess.run([sys.executable, "-m", "wdlint", "fix", str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert path.read_bytes() == fix_source(FIXABLE, "train.py").new_source
    again = subprocess.run([sys.executable, "-m", "wdlint", "fix", str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert again.returncode == 0
    assert path.read_bytes() == fix_source(FIXABLE, "train.py").new_source


def test_wdlint_fix_command_reads_the_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.wdlint]\nfix-style = "helper"\ndecay-embeddings = false\n\n'
        '[tool.wdlint.per-file-ignores]\n"keep_l2.py" = ["WD101"]\n'
    )
    train = write(tmp_path / "train.py", FIXABLE)
    keep = write(tmp_path / "keep_l2.py", FIXABLE)
    done = subprocess.run([sys.executable, "-m", "wdlint", "fix", "."], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"torch.optim.AdamW(\n    wdlint.param_groups(model, decay_embeddings=False),\n" in train.read_bytes()
    assert b"torch.optim.Adam(\n    wdlint.param_groups(model, decay_embeddings=False),\n" in keep.read_bytes()
    later = write(tmp_path / "later.py", FIXABLE)
    done = subprocess.run(
        [sys.executable, "-m", "wdlint", "fix", "--ignore", "WD102", "--fix-style", "inline", "later.py"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert done.returncode == 0 and "fixed 1 finding (WD101: 1) in 1 file; 0 findings left." in done.stderr
    assert b"torch.optim.AdamW(model.parameters(), lr=1e-3" in later.read_bytes()


def test_diff_of_file_with_form_feed_is_a_valid_patch(tmp_path):
    source = b"import torch\n\x0c" + FIXABLE.split(b"\n", 1)[1]
    path = write(tmp_path / "train.py", source)
    _, stdout, _ = run([path], diff=True)
    lines = stdout.split("\n")  # not splitlines(): a form feed is no line break
    assert "\\ No newline at end of file" not in lines
    assert lines[2].startswith("@@ -1,3 +1,6 @@")  # the whole (small) file in one hunk
    old = "".join(line[1:] + "\n" for line in lines[3:] if line[:1] in (" ", "-"))
    new = "".join(line[1:] + "\n" for line in lines[3:] if line[:1] in (" ", "+"))
    assert old.encode() == source
    assert new.encode() == fix_source(source, "train.py").new_source


def test_fix_that_would_not_parse_is_dropped_with_a_message(tmp_path, monkeypatch):
    import libcst

    from wdlint.fix import grouping

    monkeypatch.setattr(grouping, "_direct_groups", lambda params, kind, quote: libcst.Name("lambda"))  # renders, does not parse
    path = write(tmp_path / "train.py", FIXABLE)
    status, stdout, stderr = run([path])
    assert status == 1  # the WD102 finding is left
    text = path.read_bytes()
    assert b"AdamW(model.parameters()" in text  # WD101 still fixed on its own
    compile(text, "train.py", "exec")
    assert "train.py:3:30: WD102 not fixed: the fixed code would not parse" in stderr
    assert stdout.startswith("train.py:3:31: WD102 ")


def test_fix_that_crashes_is_dropped_with_a_message(tmp_path, monkeypatch):
    from wdlint.fix import grouping

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(grouping, "split_parameters", broken)
    path = write(tmp_path / "train.py", FIXABLE)
    status, _, stderr = run([path])
    assert status == 1
    assert b"AdamW(model.parameters()" in path.read_bytes()
    assert "WD102 not fixed: internal error: RuntimeError: boom" in stderr


def test_fix_that_would_unsuppress_a_finding_is_dropped(tmp_path, monkeypatch):
    """Laying out a NAdam call would carry its parameters (WD102) off the noqa line."""
    from wdlint.fix.edits import FixContext

    monkeypatch.setattr(FixContext, "moves_suppressed", lambda self, node: False)  # the layout's own guard off
    source = b"from torch.optim import NAdam\n\nopt = NAdam(model.parameters(), 1e-3, (0.9, 0.999), 1e-08, 1e-4)  # noqa: WD102\n"
    path = write(tmp_path / "train.py", source)
    status, stdout, stderr = run([path])
    assert path.read_bytes() == source
    # check says so too (issue 14: fixable exactly when fix fixes it), in the finding left.
    assert status == 1 and stdout.startswith("train.py:3:7: WD101 ")
    assert "(no autofix: it would move a `# noqa` away from the finding it suppresses)" in stdout


def test_noqa_after_a_continuation_suppresses_the_fix_too(tmp_path):
    """flake8 and check read the noqa of the whole backslash-continued range; so does fix."""
    source = (
        b"import torch\n\n"
        b"opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4) \\\n"
        b"    if use_adam else None  # noqa: WD101\n"
    )
    path = write(tmp_path / "train.py", source)
    status, stdout, stderr = run([path])
    assert path.read_bytes() == source  # the WD101 is not fixed, and the WD102 fix would unsuppress it
    assert status == 1 and stdout.startswith("train.py:3:24: WD102 ")
    # Issue 14: check and fix agree; the finding left says why it has no autofix.
    assert "(no autofix: it would move a `# noqa` away from the finding it suppresses)" in stdout
