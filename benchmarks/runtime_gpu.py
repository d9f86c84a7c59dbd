"""The runtime check on a real GPU: single device, compiled, DDP, FSDP2, FSDP1.

Usage (on a CUDA machine, from the repository root):
    PYTHONPATH=.:tests/runtime python benchmarks/runtime_gpu.py

Each scenario builds a small model on ``cuda``, groups it with the classic
``["bias", "LayerNorm.weight"]`` name list (which misses LLaMA's RMSNorm), and
checks that ``wdlint.install`` raises at the first step with the expected
findings, that the weights are untouched, and that the check itself issues no
device synchronisation (``torch.cuda.set_sync_debug_mode("error")``).  It then
times ``check`` on a LLaMA-70B-shaped meta model and the step cost of
``install`` on a GPU training loop.  Distributed scenarios use NCCL with one
process (world size 1): the code path is the real wrapper's.

Not yet run: no session so far has had a GPU machine; CI never runs it.
"""

from __future__ import annotations

import os
import statistics
import time

import torch
import torch.distributed as dist
from torch import nn

import wdlint
from models import LLAMA_70B, LlamaConfig, LlamaLike, classic_name_groups

DEVICE = torch.device("cuda")
RESULTS: list[tuple[str, str]] = []


SMALL = LlamaConfig(vocab=64, hidden=32, layers=2, heads=4, kv_heads=2, intermediate=64)
#: The hand-written RMSNorm weights the classic name list misses.
EXPECTED_WD201 = {name for name, _ in LlamaLike(SMALL).named_parameters() if "norm" in name}


def scenario(label: str, model: nn.Module, build) -> None:
    """Install the hook, step once, and record what happened."""
    optimizer = build(model)
    wdlint.install(optimizer, model)
    before = [p.detach().clone() for p in model.parameters()]
    x = torch.randint(0, 64, (2, 8), device=DEVICE)
    loss = model(x).float().pow(2).mean()
    loss.backward()
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")  # any synchronising op inside the check raises
    try:
        optimizer.step()
        outcome = "NO ERROR (unexpected)"
    except wdlint.WeightDecayError as error:
        codes = sorted({finding.code for finding in error.report.findings})
        names = {finding.name for finding in error.report.findings if finding.code == "WD201"}
        unchanged = all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
        outcome = f"raised {codes}, WD201 names ok={names == EXPECTED_WD201}, weights unchanged={unchanged}"
    finally:
        torch.cuda.set_sync_debug_mode("default")
    # The hook removed itself: a second step runs normally.
    optimizer.step()
    RESULTS.append((label, outcome))


def adamw_classic(model: nn.Module) -> torch.optim.Optimizer:
    return torch.optim.AdamW(classic_name_groups(model, 0.1), lr=1e-3)


def small_llama() -> nn.Module:
    return LlamaLike(SMALL).to(DEVICE)


def time_meta_check() -> None:
    with torch.device("meta"):
        model = LlamaLike(LLAMA_70B)
    optimizer = torch.optim.AdamW(classic_name_groups(model, 0.1), lr=1e-4)
    walk, check = [], []
    for _ in range(20):
        start = time.perf_counter()
        list(model.named_parameters())
        list(model.named_modules())
        walk.append(time.perf_counter() - start)
        start = time.perf_counter()
        report = wdlint.check(model, optimizer)
        check.append(time.perf_counter() - start)
    tensors = len(list(model.parameters()))
    RESULTS.append((
        "70B-shaped meta model",
        f"{tensors} tensors, {len(report.findings)} findings; walk {statistics.median(walk) * 1e3:.2f} ms, "
        f"check {statistics.median(check) * 1e3:.2f} ms, ratio {statistics.median(check) / statistics.median(walk):.2f}",
    ))


def time_steps() -> None:
    """Per-step cost of install after the first step, alternating two identical trainers."""
    torch.manual_seed(0)
    plain, hooked = small_llama(), small_llama()
    hooked.load_state_dict(plain.state_dict())
    opt_plain = torch.optim.AdamW(
        [{"params": [p for p in plain.parameters() if p.ndim >= 2]},
         {"params": [p for p in plain.parameters() if p.ndim < 2], "weight_decay": 0.0}], lr=1e-3, weight_decay=0.1)
    opt_hooked = torch.optim.AdamW(wdlint.param_groups(hooked, weight_decay=0.1), lr=1e-3)
    wdlint.install(opt_hooked, hooked)
    x = torch.randint(0, 64, (8, 32), device=DEVICE)
    times = {"plain": [], "hooked": []}
    for step in range(201):
        for label, model, optimizer in (("plain", plain, opt_plain), ("hooked", hooked, opt_hooked)):
            torch.cuda.synchronize()
            start = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            model(x).float().pow(2).mean().backward()
            optimizer.step()
            torch.cuda.synchronize()
            if step > 0:
                times[label].append(time.perf_counter() - start)
    ratio = statistics.median(times["hooked"]) / statistics.median(times["plain"])
    RESULTS.append((
        "step time, steps 2-201",
        f"plain {statistics.median(times['plain']) * 1e3:.3f} ms, with install {statistics.median(times['hooked']) * 1e3:.3f} ms, ratio {ratio:.3f}",
    ))


def main() -> None:
    print(torch.__version__, torch.cuda.get_device_name(0))
    scenario("single GPU", small_llama(), adamw_classic)

    scenario("torch.compile (inductor)", torch.compile(small_llama()), adamw_classic)

    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", "29517")
    dist.init_process_group("nccl", rank=0, world_size=1)
    try:
        from torch.nn.parallel import DistributedDataParallel as DDP

        scenario("DDP (NCCL)", DDP(small_llama()), adamw_classic)

        from torch.distributed.fsdp import fully_shard

        fsdp2 = small_llama()
        for layer in fsdp2.model.layers:
            fully_shard(layer)
        fully_shard(fsdp2)
        scenario("FSDP2 fully_shard (NCCL)", fsdp2, adamw_classic)

        from torch.distributed.fsdp import FullyShardedDataParallel as FSDP

        scenario(
            "FSDP1 use_orig_params=True",
            FSDP(small_llama(), use_orig_params=True, device_id=torch.cuda.current_device()),
            adamw_classic,
        )
    finally:
        dist.destroy_process_group()

    time_meta_check()
    time_steps()
    for label, outcome in RESULTS:
        print(f"{label:32} {outcome}")


if __name__ == "__main__":
    main()
