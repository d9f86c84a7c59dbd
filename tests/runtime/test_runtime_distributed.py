"""Real 2-process runs with gloo on 127.0.0.1: DDP, FSDP2, FSDP1 (both use_orig_params settings).

Every rank must report the same findings (verdicts come from global shapes)
and, in raise mode, raise at the same step so that neither waits for the
other at a collective.  Each launch is bounded: on timeout both processes
are killed and the test fails with their output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch.distributed

pytestmark = [
    pytest.mark.skipif(not torch.distributed.is_available(), reason="torch.distributed unavailable"),
    pytest.mark.timeout(240),
]

WORKER = Path(__file__).with_name("distributed_worker.py")
TIMEOUT_S = 150

DDP_SCENARIOS = ["ddp_vit_built_from_the_wrapper", "ddp_compiled_llama_classic", "ddp_raise",
                 "ddp_warn_on_rank_zero_only", "ddp_failing_check_raises_on_both_ranks", "ddp_zero_redundancy"]
FSDP_SCENARIOS = ["fsdp2_flat_adamw", "fsdp2_stale_optimizer", "fsdp2_raise", "fsdp1_orig_params",
                  "fsdp1_flat_params", "fsdp1_flat_params_raise"]


def launch(outdir: Path, scenarios: list[str]) -> list[dict]:
    """Run the worker on 2 ranks; return each rank's results, or fail (never hang)."""
    # Rendezvous through a file, not a TCP port picked in advance: no port race with other jobs.
    rendezvous = f"file://{outdir / 'rendezvous'}"
    logs, procs = [], []
    for rank in range(2):
        env = {**os.environ, "RANK": str(rank), "LOCAL_RANK": str(rank), "WORLD_SIZE": "2",
               "WDLINT_TEST_INIT_METHOD": rendezvous, "MASTER_ADDR": "127.0.0.1", "GLOO_SOCKET_IFNAME": "lo",
               "OMP_NUM_THREADS": "1"}
        log = open(outdir / f"rank{rank}.log", "w+")
        logs.append(log)
        procs.append(subprocess.Popen([sys.executable, str(WORKER), str(outdir), *scenarios], env=env,
                                      stdout=log, stderr=subprocess.STDOUT))
    deadline = time.monotonic() + TIMEOUT_S
    timed_out = False
    for proc in procs:
        try:
            proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            timed_out = True
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    output = ""
    for rank, log in enumerate(logs):
        log.seek(0)
        output += f"--- rank {rank} (exit {procs[rank].returncode}) ---\n{log.read()[-4000:]}\n"
        log.close()
    if timed_out or any(proc.returncode != 0 for proc in procs):
        pytest.fail(f"{'timed out' if timed_out else 'failed'}:\n{output}")
    results = [json.loads((outdir / f"rank{rank}.json").read_text()) for rank in range(2)]
    for name in scenarios:
        for rank, result in enumerate(results):
            assert "error" not in result[name], f"rank {rank} {name}:\n{result[name].get('error')}"
    return results


@pytest.fixture(scope="module")
def ddp_runs(tmp_path_factory):
    return launch(tmp_path_factory.mktemp("ddp"), DDP_SCENARIOS)


@pytest.fixture(scope="module")
def fsdp_runs(tmp_path_factory):
    return launch(tmp_path_factory.mktemp("fsdp"), FSDP_SCENARIOS)


def same_on_both_ranks(runs: list[dict], scenario: str) -> dict:
    """The scenario's result, identical on both ranks (local shard shapes aside: they differ by design)."""
    first, second = ({k: v for k, v in run[scenario].items() if not k.startswith("local")} for run in runs)
    assert first == second, scenario
    return first


def names(findings: list[list], code: str) -> set[str]:
    return {name for finding_code, name, _ in findings if finding_code == code}


def test_ddp_names_and_declarations(ddp_runs):
    result = same_on_both_ranks(ddp_runs, "ddp_vit_built_from_the_wrapper")
    assert result["wrapped"] == result["plain"]
    assert {"pos_embed", "cls_token"} <= names(result["wrapped"], "WD204")


def test_ddp_around_compile(ddp_runs):
    result = same_on_both_ranks(ddp_runs, "ddp_compiled_llama_classic")
    assert result["first_name"].startswith("module._orig_mod.")
    assert result["wrapped"] == result["plain"]
    assert "model.norm.weight" in names(result["wrapped"], "WD201")


def test_ddp_raise_on_both_ranks_without_hang(ddp_runs):
    result = same_on_both_ranks(ddp_runs, "ddp_raise")
    assert result == {"raised": ["WD201"], "met": 2.0}


def test_ddp_failing_check_raises_on_both_ranks_and_removes_the_hook(ddp_runs):
    result = same_on_both_ranks(ddp_runs, "ddp_failing_check_raises_on_both_ranks")
    assert result == {"raised": "no_weight_decay is broken", "met": 2.0, "hooks": 0}


def test_zero_redundancy_coupled_decay_from_its_local_optimizer_class(ddp_runs):
    result = same_on_both_ranks(ddp_runs, "ddp_zero_redundancy")
    assert result["coupled"] == [["WD205", "", 0]]
    assert result["decoupled"] == []
    assert result["raise"] == {"raised": ["WD205"], "met": 2.0}


def test_ddp_warns_on_rank_zero_only(ddp_runs):
    assert [run["ddp_warn_on_rank_zero_only"]["warnings"] for run in ddp_runs] == [1, 0]


def test_fsdp2_uses_global_dtensor_shapes(fsdp_runs):
    result = same_on_both_ranks(fsdp_runs, "fsdp2_flat_adamw")
    assert result["dtensor"] == "DTensor" and result["global_shape"] == [16]
    assert [run["fsdp2_flat_adamw"]["local_shape"] for run in fsdp_runs] == [[8], [8]]
    assert result["wrapped"] == result["plain"]
    assert names(result["wrapped"], "WD201") == {
        "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
        "model.layers.1.input_layernorm.weight", "model.layers.1.post_attention_layernorm.weight",
        "model.norm.weight"}
    assert result["param_groups"] == []


def test_fsdp2_optimizer_built_before_sharding_is_stale(fsdp_runs):
    result = same_on_both_ranks(fsdp_runs, "fsdp2_stale_optimizer")
    assert result == {"codes": {"WD206": 21, "WD207": 21}, "holds": False}


def test_fsdp2_raise_on_both_ranks_without_hang(fsdp_runs):
    assert same_on_both_ranks(fsdp_runs, "fsdp2_raise") == {"raised": ["WD201"], "met": 2.0}


def test_fsdp1_use_orig_params_true_reads_shapes_from_flat_parameter_metadata(fsdp_runs):
    result = same_on_both_ranks(fsdp_runs, "fsdp1_orig_params")
    local = [run["fsdp1_orig_params"]["local_shapes"] for run in fsdp_runs]
    assert all(len(shape) == 1 for shapes in local for shape in shapes)  # flattened shard views, some empty
    assert local[0] != local[1] and [0] in local[0]  # rank-dependent: local .ndim cannot be trusted
    assert result["wrapped"] == result["plain"]
    assert len(names(result["wrapped"], "WD201")) == 10 and len(names(result["wrapped"], "WD202")) == 8
    assert names(result["embeddings"], "WD204") == {"transformer.wte.weight", "transformer.wpe.weight"}
    assert result["param_groups"] == []


def test_fsdp1_flat_parameter_is_reported_per_original(fsdp_runs):
    result = same_on_both_ranks(fsdp_runs, "fsdp1_flat_params")
    assert all(len(shape) == 1 for run in fsdp_runs for shape in run["fsdp1_flat_params"]["local_shapes"])
    assert result["wrapped"] == result["plain"]
    assert "transformer.h.0.ln_1.weight" in names(result["wrapped"], "WD201")
    assert names(result["embeddings"], "WD204") == {"transformer.wte.weight", "transformer.wpe.weight"}
    assert "use_orig_params=True" in result["param_groups_error"]


def test_fsdp1_flat_parameter_raise_on_both_ranks_without_hang(fsdp_runs):
    result = same_on_both_ranks(fsdp_runs, "fsdp1_flat_params_raise")
    assert result == {"raised": ["WD201", "WD202"], "met": 2.0}
