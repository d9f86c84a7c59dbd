"""Start-up stays light: the CLI never imports torch, and no libcst without a candidate file."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run_python(code: str, cwd) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_importing_the_cli_imports_neither_torch_nor_libcst(tmp_path):
    out = run_python(
        """
        import sys
        import wdlint.cli, wdlint.flake8_plugin, wdlint.config, wdlint.files, wdlint.output
        print(sorted(m for m in ("torch", "libcst") if m in sys.modules))
        """,
        tmp_path,
    )
    assert out.strip() == "[]"


def test_check_of_prefiltered_files_imports_neither(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    for index in range(5):
        (tmp_path / f"module_{index}.py").write_text(f"def f{index}(x):\n    return x + {index}\n")
    (tmp_path / "notes.pyi").write_text("def g() -> int: ...\n")
    out = run_python(
        """
        import sys
        from wdlint.cli import main
        status = main(["check", "."])
        print(status, sorted(m for m in ("torch", "libcst") if m in sys.modules))
        """,
        tmp_path,
    )
    assert out.strip().splitlines()[-1] == "0 []"


def test_check_with_a_candidate_never_imports_torch(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "train.py").write_text("import torch\nopt = torch.optim.Adam(m.parameters(), weight_decay=0.1)\n")
    out = run_python(
        """
        import sys
        from wdlint.cli import main
        status = main(["check", "-q", "."])
        print(status, "torch" in sys.modules)
        """,
        tmp_path,
    )
    assert out.strip().splitlines()[-1] == "1 False"


def test_config_files_the_gate_rejects_import_neither_yaml_nor_libcst(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "data.yaml").write_text("name: run-1\nepochs: 3\n")
    (tmp_path / "package.json").write_text('{"name": "x", "version": "1.0.0"}\n')
    (tmp_path / "notes.ipynb").write_text(
        '{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, '
        '"source": ["x = 1"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n'
    )
    out = run_python(
        """
        import sys
        from wdlint.cli import main
        status = main(["check", "."])
        print(status, sorted(m for m in ("torch", "libcst", "yaml") if m in sys.modules))
        """,
        tmp_path,
    )
    assert out.strip().splitlines()[-1] == "0 []"
