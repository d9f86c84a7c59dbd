"""Cost per file against its size: time and peak memory of ``wdlint check`` on pathological files.

Each case is generated into a temporary directory and checked by a fresh
``python -m wdlint check`` under an address-space limit (``--limit-gb``,
default 8), so a case that would need more is killed, not the machine.
Prints a Markdown table (time, peak RSS, what was reported) for
``docs/reliability.md``.

    python benchmarks/scaling.py            # every case
    python benchmarks/scaling.py --only calls
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_calls(n: int) -> str:
    return "import torch\n" + "".join(
        f"opt{i} = torch.optim.Adam(model{i}.parameters(), lr=1e-3, weight_decay=0.1)\n" for i in range(n)
    )


def one_line_literal(n: int) -> str:
    items = ", ".join(str(i % 1000) for i in range(n))
    return f"import torch\nx = [{items}]\nopt = torch.optim.Adam(model.parameters(), weight_decay=0.1)\n"


def literal_in_call(n: int) -> str:
    items = ", ".join(str(i % 1000) for i in range(n))
    return f"import torch\nopt = torch.optim.Adam(model.parameters(), weight_decay=0.1, table=[{items}])\n"


def param_groups(n: int) -> str:
    groups = "".join(f"    {{'params': block{i}.parameters(), 'lr': 1e-3}},\n" for i in range(n))
    return f"import torch\nopt = torch.optim.AdamW([\n{groups}], weight_decay=0.1)\n"


def nested_brackets(n: int) -> str:
    return "import torch\nx = " + "[" * n + "]" * n + "\nopt = torch.optim.Adam(model.parameters(), weight_decay=0.1)\n"


def million_lines(n: int) -> str:
    body = "".join(f"x{i % 1000} = {i}\n" for i in range(n - 2))
    return "import torch\n" + body + "opt = torch.optim.Adam(model.parameters(), weight_decay=0.1)\n"


CASES = [
    ("calls", "module-level optimizer calls", module_calls, [1_000, 2_000, 4_000, 8_000, 50_000]),
    ("literal", "one-line literal, elements", one_line_literal, [200_000, 1_000_000, 3_500_000]),
    ("literal-in-call", "one-line literal inside the optimizer call, elements", literal_in_call, [3_500_000]),
    ("groups", "param groups in one call", param_groups, [5_000, 50_000]),
    ("nested", "nested brackets", nested_brackets, [1_000]),
    ("lines", "module lines", million_lines, [1_000_000]),
]


def run_case(text: str, limit_gb: float, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "case.py"
        path.write_text(text)
        limit = int(limit_gb * 2**30)

        def limited():
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        environment = dict(os.environ, PYTHONPATH=str(ROOT))
        command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "wdlint", "check", "--format", "json", str(path)]
        started = time.time()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, preexec_fn=limited, env=environment)
        except subprocess.TimeoutExpired:
            return {"seconds": timeout, "peak_mb": None, "result": f"timed out after {timeout:.0f} s", "size_mb": len(text) / 2**20}
        seconds = time.time() - started
        peak_kb = int(done.stderr.strip().splitlines()[-1]) if done.stderr.strip().splitlines()[-1].isdigit() else 0
        import json

        try:
            findings = json.loads(done.stdout)
            codes = Counter(f["code"] for f in findings)
            result = ", ".join(f"{code} x{count:,}" for code, count in sorted(codes.items()))
            wd000 = [f["message"] for f in findings if f["code"] == "WD000"]
            if wd000:
                result += f" ({wd000[0][:90]})"
        except ValueError:
            result = f"exit {done.returncode}: {done.stderr.strip().splitlines()[-2:]}"
        return {"seconds": seconds, "peak_mb": peak_kb / 1024, "result": result, "size_mb": len(text) / 2**20}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", action="append")
    parser.add_argument("--limit-gb", type=float, default=8.0)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args(argv)
    print("| case | size | file MB | time (s) | peak RSS (MiB) | reported |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for key, label, make, sizes in CASES:
        if args.only and key not in args.only:
            continue
        for size in sizes:
            outcome = run_case(make(size), args.limit_gb, args.timeout)
            peak = f"{outcome['peak_mb']:,.0f}" if outcome["peak_mb"] else "-"
            print(f"| {label} | {size:,} | {outcome['size_mb']:.1f} | {outcome['seconds']:.1f} | {peak} | {outcome['result']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
