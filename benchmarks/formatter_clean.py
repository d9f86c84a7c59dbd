"""Do fixed files still pass the project's formatter?  Measured on real repositories.

    python benchmarks/formatter_clean.py REPO_DIR [REPO_DIR ...] [--formatter ruff|black]

For each repository (a checkout with its own pyproject.toml): every file in
which ``wdlint check`` finds a fixable finding and which the formatter
accepts as it is (``ruff format --check`` / ``black --check``, run from the
repository root so its configuration applies) is copied to a scratch copy
of the repository, fixed with ``wdlint fix``, and checked again.  Printed
per repository: files fixed, and how many stay formatter-clean, with the
project's settings (line length and quote from its ruff / black / flake8
configuration).  To compare with another wdlint (an older checkout), run the
script with that one first on ``PYTHONPATH``: only flags every version has
are used.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile


def formatter_accepts(formatter: str, root: str, files: list[str]) -> set[str]:
    """The subset of ``files`` (relative to ``root``) the formatter leaves unchanged.

    One formatter run per file, judged by its exit status alone: the tools'
    messages change between versions (ruff 0.17 prints a diff, black -q nothing).
    """
    accepted = set()
    for name in files:
        if formatter == "ruff":
            command = ["ruff", "format", "--check", name]
        else:
            command = [sys.executable, "-m", "black", "--check", "-q", name]
        if subprocess.run(command, cwd=root, capture_output=True).returncode == 0:
            accepted.add(name)
    return accepted


def fixable_files(root: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "wdlint", "check", "--exit-zero", "--format", "json", "--select", "WD1", "."],
        cwd=root, capture_output=True, text=True,
    )
    items = json.loads(done.stdout or "[]")
    return sorted({os.path.normpath(i["path"]) for i in items if i["fixable"]})


def measure(repo: str, formatter: str) -> tuple[int, int, list[str]]:
    """(files fixed, files formatter-clean after the fix, the files that are not)."""
    candidates = fixable_files(repo)
    clean_before = sorted(formatter_accepts(formatter, repo, candidates))
    scratch = tempfile.mkdtemp(prefix="wdlint-fmt-")
    try:
        copy = os.path.join(scratch, os.path.basename(repo.rstrip("/")))
        shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git", ".wdlint_cache", ".ruff_cache"))
        if not clean_before:
            return 0, 0, []
        subprocess.run([sys.executable, "-m", "wdlint", "fix", *clean_before], cwd=copy, capture_output=True,
                       text=True)
        changed = [name for name in clean_before
                   if open(os.path.join(repo, name), "rb").read() != open(os.path.join(copy, name), "rb").read()]
        clean_after = formatter_accepts(formatter, copy, changed)
        return len(changed), len(clean_after), sorted(set(changed) - clean_after)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repos", nargs="+")
    parser.add_argument("--formatter", choices=("ruff", "black"), default="ruff")
    args = parser.parse_args()
    for repo in args.repos:
        repo = os.path.abspath(repo)
        fixed, clean, dirty = measure(repo, args.formatter)
        print(f"{os.path.basename(repo)}: {args.formatter} --check after wdlint fix: {clean}/{fixed} fixed files clean")
        for name in dirty:
            print(f"    not clean: {name}")


if __name__ == "__main__":
    main()
