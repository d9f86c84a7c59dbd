"""Proof that the text gate and the ``ast`` dismissal lose no finding: lint a tree twice, diff.

Usage:
    python benchmarks/gate_diff.py TREE [TREE ...] [--jobs 2] [--save FILE]

Runs the engine on every ``.py`` file with the gates on (as ``wdlint check``
does) and with them off (every file parsed whole and analysed, no pruning,
no ``ast`` dismissal), and prints the findings that differ.  WD000 differs by
design (a file the gate rejects is not parsed); those are listed apart.
Exit 1 when a non-WD000 finding differs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor


class _Open:
    def matches(self, text) -> bool:
        return True


def _lint(job):
    path, gates_on = job
    from wdlint import engine

    if not gates_on:
        _switch_gates_off()
    return [(d.path, d.line, d.column, d.end_line, d.end_column, d.code, d.message) for d in engine.lint_file(path)]


_OFF = False


def _switch_gates_off() -> None:
    global _OFF
    if _OFF:
        return
    from wdlint import engine
    from wdlint.analysis import prefilter

    prefilter.gate = lambda options, pruning=False: _Open()
    engine.gate = prefilter.gate
    engine.might_have_findings = lambda text, options=engine.DEFAULT_OPTIONS: True
    engine._returns_gate = lambda options: _Open()
    if hasattr(engine, "WITHOUT_DISMISSAL"):
        engine.WITHOUT_DISMISSAL = True
    _OFF = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="+")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--save", help="write both finding lists as JSON here")
    args = parser.parse_args()
    files = []
    for tree in args.trees:
        if os.path.isfile(tree):
            files.append(tree)
        for directory, _, names in os.walk(tree):
            files += [os.path.join(directory, name) for name in names if name.endswith(".py")]
    files.sort()
    results = {}
    for gates_on in (True, False):
        with ProcessPoolExecutor(args.jobs) as pool:
            found = pool.map(_lint, [(path, gates_on) for path in files], chunksize=8)
            results[gates_on] = sorted(tuple(d) for ds in found for d in ds)
    on, off = set(results[True]), set(results[False])
    lost = sorted(off - on)
    extra = sorted(on - off)
    lost_wd000 = [d for d in lost if d[5] == "WD000"]
    lost_other = [d for d in lost if d[5] != "WD000"]
    print(f"{len(files)} files; findings with gates on: {len(on)}, off: {len(off)}")
    print(f"WD000 only with the gates off (files not parsed by design): {len(lost_wd000)}")
    for d in lost_wd000:
        print("  ", *d[:3], d[5], d[6])
    print(f"other findings lost: {len(lost_other)}; findings only with the gates on: {len(extra)}")
    for d in lost_other + extra:
        print("  ", *d)
    if args.save:
        with open(args.save, "w") as handle:
            json.dump({"on": results[True], "off": results[False]}, handle)
    return 1 if lost_other or extra else 0


if __name__ == "__main__":
    sys.exit(main())
