"""Runtime check cost: a LLaMA-70B-shaped meta model, and per-step cost of the hook.

Not a test: it prints figures.  Run from the repository root:

    python benchmarks/runtime_check.py [--repeats 30] [--steps 200]

1. ``wdlint.check`` on a LLaMA-70B-shaped model built on the meta device
   (80 layers, hidden 8192, 64/8 heads, intermediate 28672, vocab 128256,
   hand-written RMSNorm, untied head: 723 parameter tensors), against a bare
   ``named_parameters()`` + ``named_modules()`` walk in the same process
   (medians of interleaved runs).  Target: check <= 3x the bare walk.
2. Step time of a small LLaMA-like model over ``--steps`` steps with and
   without ``wdlint.install``: two identical trainers stepped alternately
   (the hook fires at step 1 and removes itself; steps 2.. are compared,
   median per step).  Target: ~1.00.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

import wdlint  # noqa: E402
from tests.runtime.models import LLAMA_70B, LlamaConfig, LlamaLike  # noqa: E402


def _time(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def bare_walk(model: torch.nn.Module) -> None:
    for _ in model.named_parameters():
        pass
    for _ in model.named_modules():
        pass


def check_figures(repeats: int) -> dict[str, float]:
    start = time.perf_counter()
    with torch.device("meta"):
        model = LlamaLike(LLAMA_70B)
        good = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.1))
        flat = torch.optim.AdamW(model.parameters(), weight_decay=0.1)
    build = time.perf_counter() - start
    tensors = len(list(model.parameters()))
    assert tensors == 723, tensors
    assert wdlint.check(model, good).ok and wdlint.check(model, flat).codes() == {"WD201": 161}
    walk, clean, findings, groups = [], [], [], []
    for _ in range(repeats):  # interleaved, so machine noise hits all alike
        walk.append(_time(lambda: bare_walk(model)))
        clean.append(_time(lambda: wdlint.check(model, good)))
        findings.append(_time(lambda: str(wdlint.check(model, flat))))
        groups.append(_time(lambda: wdlint.param_groups(model, 0.1)))
    walk_ms, clean_ms = statistics.median(walk) * 1e3, statistics.median(clean) * 1e3
    return {
        "tensors": tensors, "build_s": build, "walk_ms": walk_ms, "check_ms": clean_ms,
        "ratio": clean_ms / walk_ms, "check_161_findings_ms": statistics.median(findings) * 1e3,
        "param_groups_ms": statistics.median(groups) * 1e3,
    }


def _trainer(install: bool):
    torch.manual_seed(0)
    model = LlamaLike(LlamaConfig(vocab=256, hidden=64, layers=2, heads=4, kv_heads=2, intermediate=128))
    optimizer = torch.optim.AdamW(wdlint.param_groups(model, weight_decay=0.1), lr=1e-3)
    if install:
        wdlint.install(optimizer, model)
    tokens = torch.randint(0, 256, (4, 32))

    def step() -> None:
        optimizer.zero_grad()
        model(tokens).float().logsumexp(-1).mean().backward()
        optimizer.step()

    return step, optimizer


def step_figures(steps: int) -> dict[str, float]:
    """Two identical trainers, one with the hook, stepped alternately so machine noise hits both alike."""
    plain, _ = _trainer(install=False)
    hooked, hooked_optimizer = _trainer(install=True)
    for _ in range(20):  # warm up allocator and kernels
        plain()
    first_plain, first_hooked = _time(plain), _time(hooked)  # the hook fires in first_hooked
    assert not hooked_optimizer._optimizer_step_pre_hooks and not hooked_optimizer._optimizer_step_post_hooks
    times: dict[str, list[float]] = {"plain": [], "hooked": []}
    for index in range(steps - 1):
        order = (("plain", plain), ("hooked", hooked)) if index % 2 else (("hooked", hooked), ("plain", plain))
        for name, step in order:
            times[name].append(_time(step))
    without, with_hook = statistics.median(times["plain"]), statistics.median(times["hooked"])
    return {
        "steps": steps, "step_ms_without": without * 1e3, "step_ms_with": with_hook * 1e3,
        "step_ratio": with_hook / without,
        "first_step_ms_without": first_plain * 1e3, "first_step_ms_with": first_hooked * 1e3,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    torch.set_num_threads(1)
    c = check_figures(args.repeats)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)")
    print(f"LLaMA-70B-shaped meta model: {c['tensors']} parameter tensors, built in {c['build_s']:.2f} s")
    print(f"  bare named_parameters() + named_modules() walk: {c['walk_ms']:.2f} ms (median of {args.repeats})")
    print(f"  wdlint.check, correct groups:                   {c['check_ms']:.2f} ms  -> {c['ratio']:.2f}x the walk "
          f"(target <= 3x)")
    print(f"  wdlint.check + str(report), 161 findings:      {c['check_161_findings_ms']:.2f} ms")
    print(f"  wdlint.param_groups:                            {c['param_groups_ms']:.2f} ms")
    s = step_figures(args.steps)
    print(f"Small LLaMA-like model, {s['steps']} training steps (median per step of steps 2..{s['steps']}, the two trainers alternating):")
    print(f"  without install: {s['step_ms_without']:.3f} ms/step; with install: {s['step_ms_with']:.3f} ms/step "
          f"-> ratio {s['step_ratio']:.3f}")
    print(f"  first step (the hook runs the check): {s['first_step_ms_without']:.2f} ms without, "
          f"{s['first_step_ms_with']:.2f} ms with")


if __name__ == "__main__":
    main()
