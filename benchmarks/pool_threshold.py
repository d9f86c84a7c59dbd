"""Where a process pool starts to pay: ``wdlint check -j N`` vs ``-j 1`` on growing slices of a corpus (issue 13).

Usage:
    python benchmarks/pool_threshold.py CORPUS_DIR [--sizes 0.25,0.5,1,2,4,8] [--runs 5] [--jobs N]

Each slice is the corpus's ``*.py`` files in one fixed shuffled order (seed 0:
a mix of repositories, and of files the gate keeps and rejects) up to that many
MB, copied to a scratch directory.  ``-j N`` (default: the CPUs) and ``-j 1``,
both ``--no-cache``, run alternately from a neutral directory; printed per
size: the median wall of each and the median of the paired ratios.  A ratio
under 1 means the pool pays; ``wdlint.cli.PARALLEL_MIN_BYTES`` belongs where
the ratio crosses 1.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def corpus_files(root: str) -> list[str]:
    files = [os.path.join(directory, name) for directory, _, names in sorted(os.walk(root))
             for name in sorted(names) if name.endswith(".py")]
    random.Random(0).shuffle(files)
    return files


def make_slice(files: list[str], root: str, limit: int, destination: str) -> tuple[int, int]:
    """Copy files (in order) into ``destination`` until ``limit`` bytes; (files, bytes) copied."""
    count = size = 0
    for path in files:
        if size >= limit:
            break
        target = os.path.join(destination, os.path.relpath(path, root))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(path, target)
        count += 1
        size += os.path.getsize(path)
    return count, size


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=tempfile.gettempdir())
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--sizes", default="0.25,0.5,1,2,4,8", help="slice sizes in MB, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    root = os.path.abspath(args.corpus)
    files = corpus_files(root)
    print(f"corpus {root}: {len(files)} files; {os.cpu_count()} CPUs; -j {args.jobs} vs -j 1, {args.runs} pairs")
    print("| slice MB | files | -j 1 wall s | -j N wall s | -j N / -j 1 |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for megabytes in (float(size) for size in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as scratch:
            count, size = make_slice(files, root, int(megabytes * 1e6), scratch)
            base = [sys.executable, "-m", "wdlint", "check", "-q", "--exit-zero", "--no-cache"]
            one, pooled = base + ["-j", "1", scratch], base + ["-j", str(args.jobs), scratch]
            timed(one)  # page cache, not counted
            serial, parallel, ratios = [], [], []
            for _ in range(args.runs):
                a, b = timed(one), timed(pooled)
                serial.append(a)
                parallel.append(b)
                ratios.append(b / a)
            print(f"| {size / 1e6:.2f} | {count} | {statistics.median(serial):.3f} | {statistics.median(parallel):.3f} | "
                  f"{statistics.median(ratios):.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
