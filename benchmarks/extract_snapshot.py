"""Write the Python and configuration files of a bare git snapshot to a directory.

    python benchmarks/extract_snapshot.py GIT_DIR OUT_DIR [--python-only]

The corpora of ``cache_speed.py`` / ``static_speed.py`` (``--python-only``)
and the repositories of ``formatter_clean.py`` (with their ``pyproject.toml``,
``setup.cfg``, ``tox.ini``, ``.flake8``, ``ruff.toml``) come from snapshots
whose largest blobs may be absent, where ``git archive`` stops at the first
missing one; this reads the tree of HEAD and copies only the files wanted,
skipping absent blobs.  Prints the commit.
"""

from __future__ import annotations

import argparse
import os
import subprocess

CONFIG_NAMES = ("pyproject.toml", "setup.cfg", "tox.ini", ".flake8", "ruff.toml", ".ruff.toml",
                ".pre-commit-config.yaml")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("git_dir")
    parser.add_argument("out")
    parser.add_argument("--python-only", action="store_true")
    args = parser.parse_args()
    git = ["git", "--git-dir", args.git_dir]
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    tree = subprocess.run([*git, "ls-tree", "-r", "HEAD"], capture_output=True, text=True, check=True).stdout
    wanted = []
    for line in tree.splitlines():
        meta, path = line.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind != "blob" or mode == "120000":
            continue
        if path.endswith(".py") or (not args.python_only and os.path.basename(path) in CONFIG_NAMES):
            wanted.append((sha, path))
    reader = subprocess.Popen([*git, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    written = 0
    for sha, path in wanted:
        reader.stdin.write(sha.encode() + b"\n")
        reader.stdin.flush()
        header = reader.stdout.readline().split()
        if header[-1] == b"missing":
            continue
        data = reader.stdout.read(int(header[2]))
        reader.stdout.read(1)  # the newline after the object
        target = os.path.join(args.out, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
        written += 1
    reader.stdin.close()
    reader.wait()
    print(f"{args.git_dir}: {commit}: {written} files")


if __name__ == "__main__":
    main()
