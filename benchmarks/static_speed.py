"""Whole-process speed of ``wdlint check``, paired with its peers in the same run (issue 13).

Usage:
    python benchmarks/static_speed.py CORPUS_DIR [--runs 3] [--base CHECKOUT] [--flake8] [--flake8-every 10]

Every figure is a *paired* ratio: the command and its reference run
alternately (A B A B ...), and the median of the per-pair ratios is quoted,
wall and CPU (``resource.getrusage`` of the children: steadier than wall on a
shared machine).  Rows:

- ``wdlint check --no-cache CORPUS`` (cold) / ``ruff check --no-cache``
  (ruff's default rules);
- ``wdlint check CORPUS`` with its result cache warm (a cache directory of
  its own, filled by the first, uncounted run) / cold ``ruff check --no-cache``;
- with ``--base CHECKOUT`` (e.g. ``git worktree add ../wt-base <commit>``),
  the same for that checkout, in the same rounds (wdlint, ruff, base, ruff,
  ...), so a change is measured against its start in one time window;
- ``wdlint check --no-cache FILE`` / ``python -c pass`` for one file the gate rejects,
  a real training script without findings (pytorch/examples
  ``mnist_rnn/main.py``: ``ast`` dismisses it, libcst is not imported) and
  a file with findings (``fixtures/nanogpt_train.py``, absolute seconds too);
- ``--flake8``: ``flake8 -j 2`` with the WD plugin / without it (a stub
  plugin that does nothing, so flake8's own cost is the same), on every
  ``--flake8-every``-th file of the corpus (flake8 takes a minute a run on
  the whole of it).

Before timing, each checkout's ``wdlint`` is byte-compiled (``compileall``):
an environment with ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every
module at every start-up, which no installed wdlint does.

The corpus (issue 13; research/perf.md): the ``*.py`` files of 11 public
repositories at these commits, 6,137 files, 1,259,747 lines, 48.9 MB.  Rebuild::

    for spec in \\
        Lightning-AI/pytorch-lightning@7f0c3436cd3f6ad3753125672024fc415cbcb414 \\
        facebookresearch/detectron2@02b5c4e295e990042a714712c21dc79b731e8833 \\
        facebookresearch/fairseq@3d262bb25690e4eb2e7d3c1309b1e9c406ca4b99 \\
        huggingface/accelerate@16cb6eb80dd9aa8b4df1a63ef57863e455d53b83 \\
        huggingface/peft@5d602fdbff04c33c1c4de55cda9d4ae1d7cb7e40 \\
        huggingface/pytorch-image-models@aa4b5850c1543fa488abf260f18390eda46cf85d \\
        microsoft/DeepSpeed@38327e07f6cd39b63418f60cedd1651b0be3e7c3 \\
        mosaicml/composer@6405188805a0054b4551ec49e4919c54c971d0e8 \\
        pyg-team/pytorch_geometric@5c6461b2305ad068a6d61165b3c55852a11aaa41 \\
        pytorch/examples@77f55b912142e11fcfdf5b530231fb9c52f181e8 \\
        pytorch/ignite@de08e799cfb55a6cf4aa778575d6bad725385453; do
      repo=${spec%@*}; commit=${spec#*@}; name=${repo/\\//+}
      git clone --filter=blob:none --no-checkout https://github.com/$repo /tmp/$name.git
      mkdir -p corpus/$name
      git -C /tmp/$name.git archive $commit -- ':(glob)**/*.py' | tar -x -C corpus/$name
    done
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REJECTED = "def add(a, b):\n    return a + b\n"
STUB_PLUGIN = '''class WeightDecayChecker:
    name = "wdlint"
    version = "0"

    def __init__(self, tree, lines, filename):
        pass

    def run(self):
        return iter(())
'''


def corpus_size(root: str) -> tuple[int, int, int]:
    files = lines = size = 0
    for directory, _, names in os.walk(root):
        for name in names:
            if name.endswith(".py"):
                files += 1
                with open(os.path.join(directory, name), "rb") as handle:
                    data = handle.read()
                lines += data.count(b"\n")
                size += len(data)
    return files, lines, size


#: Where every command runs: not a checkout (``python -m wdlint`` puts the working directory first on
#: ``sys.path``, so a run from this checkout would import it, whatever PYTHONPATH names).
NEUTRAL_DIRECTORY = tempfile.gettempdir()


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """(wall, CPU of the children) seconds for one run; output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False,
                   cwd=NEUTRAL_DIRECTORY)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def paired(label: str, command, reference, runs: int, env_a: dict, env_b: dict, reference_label: str) -> dict:
    a_runs, b_runs, wall_ratios, cpu_ratios = [], [], [], []
    timed(command, env_a)  # warm the page cache, not counted
    for _ in range(runs):
        a = timed(command, env_a)
        b = timed(reference, env_b)
        a_runs.append(a)
        b_runs.append(b)
        wall_ratios.append(a[0] / b[0])
        cpu_ratios.append(a[1] / max(b[1], 1e-3))
    row = {
        "label": label,
        "reference": reference_label,
        "wall": statistics.median(r[0] for r in a_runs),
        "cpu": statistics.median(r[1] for r in a_runs),
        "ref_wall": statistics.median(r[0] for r in b_runs),
        "ref_cpu": statistics.median(r[1] for r in b_runs),
        "x_wall": statistics.median(wall_ratios),
        "x_cpu": statistics.median(cpu_ratios),
    }
    print(f"| {label} | {reference_label} | {row['wall']:.3f} | {row['cpu']:.3f} | {row['ref_wall']:.3f} | "
          f"{row['ref_cpu']:.3f} | {row['x_wall']:.2f} | {row['x_cpu']:.2f} |", flush=True)
    return row


def interleaved(commands: list[tuple[str, list[str], dict]], reference: tuple[str, list[str], dict], runs: int) -> None:
    """Each round runs every command, then the reference (A R B R ...): one time window per ratio."""
    reference_label, reference_command, reference_env = reference
    rows = {label: ([], [], [], []) for label, _, _ in commands}
    for _, command, env in commands:
        timed(command, env)  # warm the page cache, not counted
    for _ in range(runs):
        for label, command, env in commands:
            a = timed(command, env)
            b = timed(reference_command, reference_env)
            runs_a, runs_b, wall_ratios, cpu_ratios = rows[label]
            runs_a.append(a)
            runs_b.append(b)
            wall_ratios.append(a[0] / b[0])
            cpu_ratios.append(a[1] / max(b[1], 1e-3))
    for label, (runs_a, runs_b, wall_ratios, cpu_ratios) in rows.items():
        print(f"| {label} | {reference_label} | {statistics.median(r[0] for r in runs_a):.3f} | "
              f"{statistics.median(r[1] for r in runs_a):.3f} | {statistics.median(r[0] for r in runs_b):.3f} | "
              f"{statistics.median(r[1] for r in runs_b):.3f} | {statistics.median(wall_ratios):.2f} | "
              f"{statistics.median(cpu_ratios):.2f} |", flush=True)


def compile_checkout(checkout: str) -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.join(checkout, "wdlint")],
                   stdout=subprocess.DEVNULL, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base", help="a checkout of the commit to compare against (paired with ruff too)")
    parser.add_argument("--flake8", action="store_true", help="flake8 -j 2 with the WD plugin / without it")
    parser.add_argument("--flake8-every", type=int, default=10, help="flake8 on every N-th file (1: all)")
    parser.add_argument("--skip-corpus", action="store_true")
    args = parser.parse_args()

    python = sys.executable
    args.corpus = os.path.abspath(args.corpus)
    files, lines, size = corpus_size(args.corpus)
    print(f"corpus: {args.corpus}: {files} .py files, {lines:,} lines, {size / 1e6:.1f} MB; {os.cpu_count()} CPUs")
    env = dict(os.environ, PYTHONPATH=ROOT)
    compile_checkout(ROOT)
    checkouts = [("wdlint", ROOT)]
    if args.base:
        compile_checkout(args.base)
        checkouts.append(("base wdlint", os.path.abspath(args.base)))
    ruff = shutil.which("ruff")
    print("| command | reference | wall s | CPU s | ref wall s | ref CPU s | x wall | x CPU |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as scratch:
        if not args.skip_corpus:
            if ruff is None:
                print("ruff is not installed (pip install ruff): no corpus baseline")
            else:
                ruff_command = [ruff, "check", "--no-cache", "--exit-zero", "--quiet", args.corpus]
                interleaved([(f"{label} check (cold, whole corpus)",
                              [python, "-m", "wdlint", "check", "-q", "--exit-zero", "--no-cache", args.corpus],
                              dict(os.environ, PYTHONPATH=checkout)) for label, checkout in checkouts],
                            ("ruff check --no-cache", ruff_command, env), args.runs)
                # Warm: a cache of its own per checkout, filled by the run that warms the page cache.
                interleaved([(f"{label} check (warm cache, whole corpus)",
                              [python, "-m", "wdlint", "check", "-q", "--exit-zero", args.corpus],
                              dict(os.environ, PYTHONPATH=checkout,
                                   WDLINT_CACHE_DIR=os.path.join(scratch, f"cache-{index}")))
                             for index, (label, checkout) in enumerate(checkouts)],
                            ("ruff check --no-cache", ruff_command, env), args.runs)

        rejected = os.path.join(scratch, "util.py")
        with open(rejected, "w") as handle:
            handle.write(REJECTED)
        single = [("one file the gate rejects", rejected)]
        mnist = os.path.join(args.corpus, "pytorch+examples", "mnist_rnn", "main.py")
        if os.path.exists(mnist):
            single.append(("mnist_rnn/main.py (no finding)", mnist))
        single.append(("nanogpt_train.py (findings)", os.path.join(ROOT, "fixtures", "nanogpt_train.py")))
        for label, checkout in checkouts:
            env_checkout = dict(os.environ, PYTHONPATH=checkout)
            for what, path in single:
                paired(f"{label} check {what}", [python, "-m", "wdlint", "check", "-q", "--exit-zero", "--no-cache", path],
                       [python, "-c", "pass"], max(args.runs, 5), env_checkout, env_checkout, "python -c pass")

        if args.flake8:
            sample = os.path.join(scratch, "sample")
            index = 0
            for directory, _, names in sorted(os.walk(args.corpus)):
                for name in sorted(names):
                    if name.endswith(".py"):
                        if index % args.flake8_every == 0:
                            relative = os.path.relpath(os.path.join(directory, name), args.corpus)
                            os.makedirs(os.path.dirname(os.path.join(sample, relative)), exist_ok=True)
                            shutil.copyfile(os.path.join(directory, name), os.path.join(sample, relative))
                        index += 1
            stub = os.path.join(scratch, "stub")
            os.makedirs(os.path.join(stub, "wdlint"))
            with open(os.path.join(stub, "wdlint", "__init__.py"), "w") as handle:
                handle.write('__version__ = "0"\n')
            with open(os.path.join(stub, "wdlint", "flake8_plugin.py"), "w") as handle:
                handle.write(STUB_PLUGIN)
            command = [python, "-m", "flake8", "-j", "2", "--exit-zero", sample]
            paired(f"flake8 -j2 + WD plugin (every {args.flake8_every}th file)", command, command, args.runs, env,
                   dict(os.environ, PYTHONPATH=stub), "flake8 -j2, plugin stubbed out")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
