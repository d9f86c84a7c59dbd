"""Paired timing of ``wdlint check`` from two source trees (a base commit and this one) on one corpus.

Usage:
    python benchmarks/paired_speed.py BASE_SRC NEW_SRC CORPUS_DIR [--runs 9]

``BASE_SRC``/``NEW_SRC`` are directories holding a ``wdlint`` package (``git archive <commit>``
unpacked, or a checkout); each run is ``python -m wdlint check --exit-zero -q CORPUS`` with
``PYTHONPATH`` set to one of them, alternating, so the shared machine's noise hits both alike
(``--no-cache`` where the tree has the result cache: both runs are cold).
Prints the median wall and CPU seconds of each and the median of the paired ratios new/base.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time


def timed(source: str, corpus: str) -> tuple[float, float]:
    environment = dict(os.environ, PYTHONPATH=source)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # A tree with the result cache would time a warm run from the second run on: measure it cold.
    no_cache = ["--no-cache"] if os.path.exists(os.path.join(source, "wdlint", "cache.py")) else []
    subprocess.run([sys.executable, "-m", "wdlint", "check", "--exit-zero", "-q", *no_cache, corpus], env=environment,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd="/")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("new")
    parser.add_argument("corpus")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    timed(args.base, args.corpus), timed(args.new, args.corpus)  # warm the file cache
    base, new = [], []
    for index in range(args.runs):
        order = [(args.base, base), (args.new, new)] if index % 2 == 0 else [(args.new, new), (args.base, base)]
        for source, results in order:
            results.append(timed(source, args.corpus))
    for name, results in (("base", base), ("new", new)):
        print(f"{name}: wall {statistics.median(r[0] for r in results):.3f}s  cpu {statistics.median(r[1] for r in results):.3f}s")
    print(f"paired ratio new/base: wall {statistics.median(n[0] / b[0] for n, b in zip(new, base)):.3f}  "
          f"cpu {statistics.median(n[1] / b[1] for n, b in zip(new, base)):.3f}  ({args.runs} pairs)")


if __name__ == "__main__":
    main()
