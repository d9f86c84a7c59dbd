"""Fixes the formatter accepts: line length and quote from the project's formatter, checked by the real one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wdlint.config import resolve_settings
from wdlint.formatting import formatter_settings

CASES = {
    # A call that fits in 120 columns but not in 88 once split.
    "short.py": "import torch\n\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.1)\n",
    "many_args.py": (
        "import torch\n\n\ndef build(model, args):\n"
        "    return torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.wd, betas=(0.9, 0.95))\n"
    ),
    "groups.py": (
        "import torch\n\n"
        "optimizer = torch.optim.SGD(\n"
        "    [\n"
        '        {"params": model.backbone.parameters(), "lr": 1e-4},\n'
        '        {"params": model.head.parameters()},\n'
        "    ],\n"
        "    lr=0.1,\n"
        "    momentum=0.9,\n"
        "    weight_decay=5e-4,\n"
        ")\n"
    ),
    "method.py": (
        "import torch\n\n\nclass Module:\n"
        "    def configure_optimizers(self):\n"
        "        return torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)\n"
    ),
}


def _write(root: Path, config: str) -> None:
    (root / "pyproject.toml").write_text(config)
    for name, text in CASES.items():
        (root / name).write_text(text)


def test_line_length_order(tmp_path):
    assert formatter_settings(str(tmp_path)).line_length == 88
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-line-length = 100\n")
    assert formatter_settings(str(tmp_path)).line_length == 100
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 110\n")
    assert formatter_settings(str(tmp_path)).line_length == 110
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 110\n[tool.ruff]\nline-length = 119\n")
    assert formatter_settings(str(tmp_path)).line_length == 119
    (tmp_path / "ruff.toml").write_text("line-length = 79\n")
    assert formatter_settings(str(tmp_path)).line_length == 79
    (tmp_path / "pyproject.toml").write_text("[tool.wdlint]\nline-length = 100\n[tool.ruff]\nline-length = 119\n")
    assert resolve_settings([str(tmp_path)], cwd=str(tmp_path)).line_length == 100


def test_quote_and_layout(tmp_path):
    assert (formatter_settings(str(tmp_path)).quote, formatter_settings(str(tmp_path)).formatter) == (None, None)
    (tmp_path / "pyproject.toml").write_text('[tool.ruff.format]\nquote-style = "single"\n')
    assert (formatter_settings(str(tmp_path)).quote, formatter_settings(str(tmp_path)).formatter) == ("'", "ruff")
    (tmp_path / "pyproject.toml").write_text('[tool.ruff.format]\nquote-style = "preserve"\n')
    assert formatter_settings(str(tmp_path)).quote is None
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nskip-string-normalization = true\n")
    assert (formatter_settings(str(tmp_path)).quote, formatter_settings(str(tmp_path)).formatter) == (None, "black")
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos:\n- repo: x\n  hooks:\n  - id: ruff-format\n")
    assert (formatter_settings(str(tmp_path)).quote, formatter_settings(str(tmp_path)).formatter) == ('"', "ruff")


def _formatter_check(tool: str, root: Path) -> subprocess.CompletedProcess:
    if tool == "ruff":
        command = [shutil.which("ruff"), "format", "--check", "."]
    else:
        command = [sys.executable, "-m", "black", "--check", "."]
    return subprocess.run(command, cwd=root, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("tool", "config"),
    [
        ("ruff", "[tool.ruff]\nline-length = 120\n"),
        ("ruff", '[tool.ruff]\nline-length = 80\n[tool.ruff.format]\nquote-style = "single"\n'),
        ("ruff", "[tool.ruff]\n"),
        ("black", "[tool.black]\nline-length = 119\n"),
        ("black", "[tool.black]\n"),
    ],
)
def test_fixed_files_stay_formatter_clean(tmp_path, tool, config):
    if tool == "ruff" and shutil.which("ruff") is None:
        pytest.skip("ruff not installed")
    if tool == "black":
        pytest.importorskip("black")
    _write(tmp_path, config)
    # Formatted by the formatter itself first: the files "passed before".
    if tool == "ruff":
        subprocess.run([shutil.which("ruff"), "format", "."], cwd=tmp_path, check=True, capture_output=True)
    else:
        subprocess.run([sys.executable, "-m", "black", "-q", "."], cwd=tmp_path, check=True)
    assert _formatter_check(tool, tmp_path).returncode == 0
    before = {name: (tmp_path / name).read_text() for name in CASES}
    env = {k: v for k, v in os.environ.items() if k != "WDLINT_DEBUG"}
    done = subprocess.run([sys.executable, "-m", "wdlint", "fix", "."], cwd=tmp_path, capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert all((tmp_path / name).read_text() != before[name] for name in CASES)
    checked = _formatter_check(tool, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr + "".join(
        (tmp_path / name).read_text() for name in CASES
    )
