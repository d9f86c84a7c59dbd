"""One rank of the 2-process gloo runs in test_distributed.py (run as a script, torchrun-style env).

Usage: RANK=.. WORLD_SIZE=2 WDLINT_TEST_INIT_METHOD=file:///tmp/x python distributed_worker.py OUTDIR SCENARIO...
(without WDLINT_TEST_INIT_METHOD: env://, i.e. MASTER_ADDR / MASTER_PORT)
Writes OUTDIR/rank{RANK}.json after every scenario: {scenario: result or {"error": traceback}}.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
import warnings
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
from torch.nn.parallel import DistributedDataParallel as DDP  # noqa: E402

import wdlint  # noqa: E402
from tests.runtime.models import GPT2Block, GPT2Like, LlamaDecoderLayer, LlamaLike, ViTLike, classic_name_groups, ndim_groups  # noqa: E402

TOKENS = torch.zeros(2, 4, dtype=torch.long)


def findings(report: wdlint.Report) -> list[list]:
    return sorted([f.code, f.name, f.group] for f in report.findings)


def train_step(model, optimizer) -> None:
    optimizer.zero_grad()
    model(TOKENS).float().mean().backward()
    optimizer.step()


def raises_at_first_step(model, optimizer) -> dict:
    """Install in raise mode, step, then meet the other rank at a collective: a hang would show here."""
    wdlint.install(optimizer, model, on_error="raise")
    try:
        train_step(model, optimizer)
        raised = None
    except wdlint.WeightDecayError as error:
        raised = sorted({f.code for f in error.report.findings})
    flag = torch.ones(1)
    dist.all_reduce(flag)  # both ranks must get here
    train_step(model, optimizer)  # the hook is gone: training goes on, in step
    return {"raised": raised, "met": flag.item()}


def plain_findings(make, grouping) -> list[list]:
    torch.manual_seed(0)
    model = make()
    return findings(wdlint.check(model, torch.optim.AdamW(grouping(model))))


# --------------------------------------------------------------------------- scenarios


def ddp_vit_built_from_the_wrapper():
    model = DDP(ViTLike())
    return {"wrapped": findings(wdlint.check(model, torch.optim.AdamW(ndim_groups(model, 0.05)))),
            "plain": plain_findings(ViTLike, lambda m: ndim_groups(m, 0.05))}


def ddp_compiled_llama_classic():
    torch.manual_seed(0)
    model = DDP(torch.compile(LlamaLike(), backend="eager"))
    return {"first_name": next(n for n, _ in model.named_parameters()),
            "wrapped": findings(wdlint.check(model, torch.optim.AdamW(classic_name_groups(model, 0.1)))),
            "plain": plain_findings(LlamaLike, lambda m: classic_name_groups(m, 0.1))}


def ddp_raise():
    torch.manual_seed(0)
    model = DDP(LlamaLike())
    return raises_at_first_step(model, torch.optim.AdamW(classic_name_groups(model, 0.1), lr=0.01))


def ddp_warn_on_rank_zero_only():
    torch.manual_seed(0)
    model = DDP(LlamaLike())
    optimizer = torch.optim.AdamW(classic_name_groups(model, 0.1), lr=0.01)
    wdlint.install(optimizer, model, on_error="warn")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        train_step(model, optimizer)
    return {"warnings": sum(issubclass(w.category, wdlint.WeightDecayWarning) for w in caught)}


def ddp_zero_redundancy():
    """ZeroRedundancyOptimizer: coupled decay is read from the class it builds locally (.optim)."""
    from torch.distributed.optim import ZeroRedundancyOptimizer

    torch.manual_seed(0)
    model = DDP(LlamaLike())
    coupled = ZeroRedundancyOptimizer(wdlint.param_groups(model, 1e-4), optimizer_class=torch.optim.Adam, lr=0.01)
    decoupled = ZeroRedundancyOptimizer(wdlint.param_groups(model, 0.1), optimizer_class=torch.optim.AdamW, lr=0.01)
    return {"coupled": findings(wdlint.check(model, coupled)),
            "decoupled": findings(wdlint.check(model, decoupled)),
            "raise": raises_at_first_step(model, coupled)}


class _BrokenDeclaration(LlamaLike):
    def no_weight_decay(self):
        raise RuntimeError("no_weight_decay is broken")


def ddp_failing_check_raises_on_both_ranks():
    """The check itself fails: the error reaches every rank at the first step, the hook is gone, no rank hangs."""
    torch.manual_seed(0)
    model = DDP(_BrokenDeclaration())
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
    wdlint.install(optimizer, model, on_error="raise")
    try:
        train_step(model, optimizer)
        raised = None
    except RuntimeError as error:
        raised = str(error)
    flag = torch.ones(1)
    dist.all_reduce(flag)
    train_step(model, optimizer)
    return {"raised": raised, "met": flag.item(), "hooks": len(optimizer._optimizer_step_pre_hooks)}


def _fully_sharded_llama():
    from torch.distributed.fsdp import fully_shard

    torch.manual_seed(0)
    model = LlamaLike()
    for layer in model.model.layers:
        fully_shard(layer)
    fully_shard(model)
    return model


def fsdp2_flat_adamw():
    model = _fully_sharded_llama()
    param = model.model.layers[0].input_layernorm.weight
    groups = wdlint.param_groups(model, 0.1)
    return {"dtensor": type(param.data).__name__, "global_shape": list(param.shape),
            "local_shape": list(param.to_local().shape),
            "wrapped": findings(wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))),
            "plain": plain_findings(LlamaLike, lambda m: [{"params": list(m.parameters()), "weight_decay": 0.1}]),
            "param_groups": findings(wdlint.check(model, torch.optim.AdamW(groups)))}


def fsdp2_stale_optimizer():
    from torch.distributed.fsdp import fully_shard

    model = LlamaLike()
    optimizer = torch.optim.AdamW(wdlint.param_groups(model, 0.1))
    fully_shard(model)
    report = wdlint.check(model, optimizer)
    return {"codes": report.codes(), "holds": report.holds_model_tensors}


def fsdp2_raise():
    model = _fully_sharded_llama()
    return raises_at_first_step(model, torch.optim.AdamW(classic_name_groups(model, 0.1), lr=0.01))


def _fsdp1_gpt2(use_orig_params: bool):
    from torch.distributed.fsdp import FullyShardedDataParallel as FSDP
    from torch.distributed.fsdp.wrap import ModuleWrapPolicy

    torch.manual_seed(0)
    return FSDP(GPT2Like(), auto_wrap_policy=ModuleWrapPolicy({GPT2Block}), device_id=torch.device("cpu"),
                use_orig_params=use_orig_params)


def _fsdp1_flat(use_orig_params: bool):
    model = _fsdp1_gpt2(use_orig_params)
    result = {"local_shapes": sorted({tuple(p.shape) for p in model.parameters()}),
              "wrapped": findings(wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1))),
              "plain": plain_findings(GPT2Like, lambda m: [{"params": list(m.parameters()), "weight_decay": 0.1}]),
              "embeddings": findings(wdlint.check(model, torch.optim.AdamW(model.parameters(), weight_decay=0.1),
                                                  decay_embeddings=False))}
    try:
        groups = wdlint.param_groups(model, 0.1)
        result["param_groups"] = findings(wdlint.check(model, torch.optim.AdamW(groups)))
    except ValueError as error:
        result["param_groups_error"] = str(error)
    return result


def fsdp1_orig_params():
    return _fsdp1_flat(True)


def fsdp1_flat_params():
    return _fsdp1_flat(False)


def fsdp1_flat_params_raise():
    model = _fsdp1_gpt2(False)
    return raises_at_first_step(model, torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.1))


SCENARIOS = {f.__name__: f for f in (
    ddp_vit_built_from_the_wrapper, ddp_compiled_llama_classic, ddp_raise, ddp_warn_on_rank_zero_only,
    ddp_failing_check_raises_on_both_ranks, ddp_zero_redundancy,
    fsdp2_flat_adamw, fsdp2_stale_optimizer, fsdp2_raise, fsdp1_orig_params, fsdp1_flat_params,
    fsdp1_flat_params_raise)}


def main() -> None:
    outdir, names = Path(sys.argv[1]), sys.argv[2:]
    rank = int(os.environ["RANK"])
    # A lost peer fails a collective well inside the launcher's bound instead of after gloo's 30 minutes.
    dist.init_process_group("gloo", init_method=os.environ.get("WDLINT_TEST_INIT_METHOD", "env://"), rank=rank,
                            world_size=int(os.environ["WORLD_SIZE"]), timeout=timedelta(seconds=100))
    results = {}
    try:
        for name in names:
            try:
                results[name] = SCENARIOS[name]()
            except Exception:  # recorded for the test to show; the other scenarios still run
                results[name] = {"error": traceback.format_exc()}
            (outdir / f"rank{rank}.json").write_text(json.dumps(results, default=list))
            dist.barrier()
    finally:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
