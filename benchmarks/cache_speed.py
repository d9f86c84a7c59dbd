"""Warm cached runs: ``wdlint check`` against ``ruff check``, both with their caches, paired.

    python benchmarks/cache_speed.py CORPUS_DIR [--runs 5]

Warms both caches once, then runs A B A B ... (whole processes, start-up
included) and prints the medians and the median of the paired ratios, as
``static_speed.py`` does.  Also times the walk alone (wdlint's file discovery
in a fresh process, and the walk plus reading every file) to show what a warm
run costs on top of it.  ruff runs with its default rules and concise output,
and also with ``--select E9`` (syntax errors only, a handful of findings), so
that printing ruff's many findings does not flatter wdlint.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

WALK = (
    "import sys; from wdlint.config import resolve_settings; from wdlint.files import discover; "
    "s = resolve_settings([sys.argv[1]]); files = discover([sys.argv[1]], s).files; "
    "[open(p, 'rb').read() for p, _ in files] if sys.argv[2] == 'read' else None"
)


def timed(command: list[str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    corpus = os.path.abspath(args.corpus)
    ruff = shutil.which("ruff")
    python = sys.executable
    commands = {
        "wdlint check (warm cache)": [python, "-m", "wdlint", "check", "--exit-zero", "-q", "."],
        "walk only (wdlint discovery)": [python, "-c", WALK, ".", "walk"],
        "walk + read every file": [python, "-c", WALK, ".", "read"],
    }
    baselines = {}
    if ruff:
        baselines["ruff check (warm cache, default rules)"] = [ruff, "check", "--exit-zero", "-q",
                                                               "--output-format", "concise", "."]
        baselines["ruff check (warm cache, --select E9)"] = [ruff, "check", "--exit-zero", "-q", "--select", "E9", "."]
    for command in (*commands.values(), *baselines.values()):  # warm both caches (and the OS's)
        subprocess.run(command, cwd=corpus, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times: dict[str, list[float]] = {name: [] for name in (*commands, *baselines)}
    ratios: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.runs):
        for name, command in commands.items():
            mine = timed(command, corpus)
            times[name].append(mine)
            for base_name, base in baselines.items():
                theirs = timed(base, corpus)
                times[base_name].append(theirs)
                ratios.setdefault((name, base_name), []).append(mine / theirs)
    print(f"corpus: {corpus}; {args.runs} paired runs; python {sys.version.split()[0]}")
    for name, values in times.items():
        print(f"  {name:45s} median {statistics.median(values):.3f} s")
    for (name, base_name), values in ratios.items():
        print(f"  {name} / {base_name}: median paired ratio {statistics.median(values):.2f}")


if __name__ == "__main__":
    main()
