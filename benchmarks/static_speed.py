"""Whole-process speed of ``wdlint check`` against peers, on a corpus of real code.

Usage:
    python benchmarks/static_speed.py CORPUS_DIR [--runs 3] [--flake8]

Runs each command alternately with ruff's default rule set (``ruff check
--no-cache --exit-zero``) and prints, per command, the median wall and CPU
seconds and the median of the *paired* ratios to ruff (the machine is shared
and noisy; paired ratios are what to quote, see research/perf.md).  Peers that
are not installed are skipped with a note.  Prints the corpus size too.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time


def corpus_size(root: str) -> tuple[int, int]:
    files = lines = 0
    for directory, _, names in os.walk(root):
        for name in names:
            if name.endswith(".py"):
                files += 1
                with open(os.path.join(directory, name), "rb") as handle:
                    lines += handle.read().count(b"\n")
    return files, lines


def timed(command: list[str]) -> tuple[float, float]:
    """(wall, CPU of children) seconds for one run; output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--flake8", action="store_true", help="also time flake8 with and without the WD plugin (slow)")
    args = parser.parse_args()

    files, lines = corpus_size(args.corpus)
    print(f"corpus: {args.corpus}: {files} .py files, {lines:,} lines")
    ruff = shutil.which("ruff")
    if ruff is None:
        print("ruff is not installed (pip install ruff): no baseline, absolute figures only")
    python = sys.executable
    commands = {
        "wdlint check": [python, "-m", "wdlint", "check", "--exit-zero", "--format", "json", args.corpus],
    }
    if args.flake8:
        commands["flake8 -j2 (default plugins + WD)"] = [python, "-m", "flake8", "-j", "2", "--exit-zero", args.corpus]
        commands["flake8 -j2 --select WD"] = [python, "-m", "flake8", "-j", "2", "--select", "WD", "--exit-zero", args.corpus]
    baseline = [ruff, "check", "--no-cache", "--exit-zero", "--quiet", args.corpus] if ruff else None

    print(f"{'command':40} {'wall s':>8} {'CPU s':>8} {'x ruff wall':>12} {'x ruff CPU':>11}")
    ruff_runs: list[tuple[float, float]] = []
    wdlint_wall = 0.0
    for label, command in commands.items():
        runs, ratios_wall, ratios_cpu = [], [], []
        for _ in range(args.runs):
            run = timed(command)
            runs.append(run)
            if baseline:
                base = timed(baseline)
                ruff_runs.append(base)
                ratios_wall.append(run[0] / base[0])
                ratios_cpu.append(run[1] / base[1])
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        ratio_wall = f"{statistics.median(ratios_wall):.2f}" if ratios_wall else "-"
        ratio_cpu = f"{statistics.median(ratios_cpu):.2f}" if ratios_cpu else "-"
        print(f"{label:40} {wall:8.2f} {cpu:8.2f} {ratio_wall:>12} {ratio_cpu:>11}")
        wdlint_wall = wdlint_wall or wall
    if ruff_runs:
        wall = statistics.median(r[0] for r in ruff_runs)
        cpu = statistics.median(r[1] for r in ruff_runs)
        print(f"{'ruff check (default rules, baseline)':40} {wall:8.2f} {cpu:8.2f} {'1.00':>12} {'1.00':>11}")
    print(f"throughput: wdlint check {lines / wdlint_wall:,.0f} lines/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
