"""Run ``fix_source`` over every .py file of a directory, in memory, and check the guarantees.

    python benchmarks/fix_corpus.py DIR [--style inline|helper] [--show-failures] [--show-changed]

Prints: files, files changed, fixes applied per code, changed outputs that do
not parse (must be 0), fixable findings left after fixing in any file (must be 0),
second-pass changes (must be 0), dropped fixes, unchanged files that are not
byte-identical (must be 0), and the time taken.  Nothing is written.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
from collections import Counter

import libcst

from wdlint.engine import lint_bytes
from wdlint.fix import fix_source


def python_files(root: str):
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                yield os.path.join(directory, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--style", default="inline", choices=("inline", "helper"))
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--show-changed", action="store_true", help="list the changed files and their fixes")
    args = parser.parse_args(argv)

    counts = Counter()
    fixes = Counter()
    failures: list[str] = []
    changed: list[str] = []
    started = time.perf_counter()
    for path in python_files(args.directory):
        try:
            with open(path, "rb") as handle:
                source = handle.read()
        except OSError:
            counts["unreadable"] += 1
            continue
        counts["files"] += 1
        result = fix_source(source, path, fix_style=args.style)
        counts["dropped fixes"] += len(result.notes)
        failures += [f"dropped: {note}" for note in result.notes]
        if not result.changed:
            if result.new_source != source:
                counts["unchanged but not byte-identical"] += 1
                failures.append(f"not identical: {path}")
            # A file left as it was must have had nothing fixable (as check says).
            left = [d for d in result.remaining if d.fixable]
            counts["fixable findings left"] += len(left)
            failures += [f"left: {d.path}:{d.line}:{d.column}: {d.code}" for d in left]
            continue
        counts["files changed"] += 1
        fixes.update(done.code for done in result.fixed)
        changed.append(f"{path}: " + ", ".join(f"{d.code}@{d.line}" for d in result.fixed))
        try:
            libcst.parse_module(result.new_source)
            ast.parse(result.new_source)
        except Exception as error:  # noqa: BLE001 - any failure counts
            counts["changed outputs that do not parse"] += 1
            failures.append(f"does not parse: {path}: {error}")
            continue
        left = [d for d in lint_bytes(result.new_source, path) if d.fixable]
        counts["fixable findings left"] += len(left)
        failures += [f"left: {d.path}:{d.line}:{d.column}: {d.code}" for d in left]
        again = fix_source(result.new_source, path, fix_style=args.style)
        if again.changed:
            counts["second-pass changes"] += 1
            failures.append(f"second pass changed: {path}")
    elapsed = time.perf_counter() - started

    print(f"directory: {args.directory} (style {args.style})")
    print(f"files: {counts['files']}")
    print(f"files changed: {counts['files changed']}")
    print("fixes applied: " + (", ".join(f"{code} {n}" for code, n in sorted(fixes.items())) or "none"))
    for key in (
        "changed outputs that do not parse",
        "fixable findings left",
        "second-pass changes",
        "unchanged but not byte-identical",
        "dropped fixes",
    ):
        print(f"{key}: {counts[key]}")
    print(f"time: {elapsed:.1f}s")
    if args.show_changed:
        for line in changed:
            print(f"changed: {line}")
    if args.show_failures:
        for line in failures:
            print(line)
    bad = sum(
        counts[key]
        for key in (
            "changed outputs that do not parse",
            "fixable findings left",
            "second-pass changes",
            "unchanged but not byte-identical",
            "dropped fixes",
        )
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
