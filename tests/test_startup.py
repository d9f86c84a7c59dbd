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


#: What a run whose files the gate rejects must not load: the parsers, the runtime, process pools;
#: nor what costs its start-up most: the rule modules (the gate of the default settings is written
#: out), OpenSSL's hashes (the cache hashes with the builtin blake2b), ``dataclasses`` (with
#: ``inspect``: the values built at start-up are named tuples), ``json`` (json output only).
HEAVY = ("libcst", "torch", "numpy", "multiprocessing", "concurrent.futures", "wdlint.analysis.pruning",
         "wdlint.analysis.candidates", "wdlint.runtime", "wdlint.fix", "wdlint.rules", "_hashlib", "dataclasses",
         "json")


def test_a_run_on_files_the_gate_rejects_loads_nothing_heavy(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "model.py").write_text("import torch.nn as nn\n\nclass Head(nn.Module):\n    pass\n")
    (tmp_path / "broken.py").write_text("def f(:\n")  # not parsed at all: no WD000, no ast
    out = run_python(
        f"""
        import sys
        from wdlint.cli import main
        status = main(["check", "-q", "."])
        print(status, sorted(m for m in {HEAVY!r} if m in sys.modules))
        """,
        tmp_path,
    )
    assert out.strip().splitlines()[-1] == "0 []"


def test_a_training_script_without_decay_is_dismissed_by_ast_without_libcst(tmp_path):
    # pytorch/examples mnist_rnn's shape: an optimizer call that passes no weight decay.
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "main.py").write_text(
        "import torch\nimport torch.optim as optim\n\n\ndef main(model, args):\n"
        "    optimizer = optim.Adadelta(model.parameters(), lr=args.lr)\n    return optimizer\n"
    )
    out = run_python(
        """
        import sys
        from wdlint.cli import main
        status = main(["check", "-q", "."])
        print(status, sorted(m for m in ("libcst", "torch") if m in sys.modules))
        """,
        tmp_path,
    )
    assert out.strip().splitlines()[-1] == "0 []"


def test_importtime_of_a_rejected_file_names_no_heavy_module(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "util.py").write_text("def add(a, b):\n    return a + b\n")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "wdlint", "check", "-q", "util.py"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


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
