"""Sweep wdlint's runtime classification over real architectures (transformers and timm, default configs).

Not a test: it prints a Markdown report.  Run from the repository root:

    python benchmarks/architecture_sweep.py [--baseline REF] [--json OUT.json] > report.md

Every model is built from its library's default config on the meta device
(no weights, no download).  Per architecture: parameter tensors, what
``wdlint.param_groups`` decays, whether its groups lose or duplicate a
trainable parameter or fail (they must not), and every tensor whose decay
decision differs from wdlint at ``--baseline`` (a git ref, default the commit
before issue 10: the same sweep runs there in a subprocess, from
``git archive``).  For the transformers models, also what ``wdlint.check``
says about the grouping HF ``Trainer`` builds by default
(``Trainer.get_decay_parameter_names``, weight_decay 0.1).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "37e9d4c"  # the last commit before issue 10's classification

#: (model_type for transformers.AutoConfig.for_model, Auto class): LMs with their heads, the rest bare.
TRANSFORMERS = [
    ("gpt2", "AutoModelForCausalLM"), ("gpt_neo", "AutoModelForCausalLM"), ("gptj", "AutoModelForCausalLM"),
    ("gpt_neox", "AutoModelForCausalLM"), ("opt", "AutoModelForCausalLM"), ("bloom", "AutoModelForCausalLM"),
    ("llama", "AutoModelForCausalLM"), ("mistral", "AutoModelForCausalLM"), ("mixtral", "AutoModelForCausalLM"),
    ("qwen2", "AutoModelForCausalLM"), ("qwen2_moe", "AutoModelForCausalLM"), ("qwen3", "AutoModelForCausalLM"),
    ("gemma", "AutoModelForCausalLM"), ("gemma2", "AutoModelForCausalLM"), ("phi", "AutoModelForCausalLM"),
    ("phi3", "AutoModelForCausalLM"), ("falcon", "AutoModelForCausalLM"), ("stablelm", "AutoModelForCausalLM"),
    ("olmo", "AutoModelForCausalLM"), ("olmo2", "AutoModelForCausalLM"), ("starcoder2", "AutoModelForCausalLM"),
    ("cohere", "AutoModelForCausalLM"), ("mpt", "AutoModelForCausalLM"), ("codegen", "AutoModelForCausalLM"),
    ("mamba", "AutoModelForCausalLM"), ("mamba2", "AutoModelForCausalLM"), ("falcon_mamba", "AutoModelForCausalLM"),
    ("jamba", "AutoModelForCausalLM"), ("rwkv", "AutoModelForCausalLM"), ("recurrent_gemma", "AutoModelForCausalLM"),
    ("xlnet", "AutoModelForCausalLM"),
    ("bert", "AutoModel"), ("roberta", "AutoModel"), ("deberta", "AutoModel"), ("deberta-v2", "AutoModel"),
    ("electra", "AutoModel"), ("albert", "AutoModel"), ("distilbert", "AutoModel"), ("mpnet", "AutoModel"),
    ("mobilebert", "AutoModel"), ("longformer", "AutoModel"),
    ("t5", "AutoModelForSeq2SeqLM"), ("bart", "AutoModelForSeq2SeqLM"), ("pegasus", "AutoModelForSeq2SeqLM"),
    ("vit", "AutoModel"), ("deit", "AutoModel"), ("beit", "AutoModel"), ("swin", "AutoModel"), ("swinv2", "AutoModel"),
    ("convnext", "AutoModel"), ("convnextv2", "AutoModel"), ("levit", "AutoModel"), ("dinov2", "AutoModel"),
    ("clip", "AutoModel"), ("siglip", "AutoModel"), ("resnet", "AutoModel"), ("segformer", "AutoModel"),
    ("wav2vec2", "AutoModel"), ("wav2vec2-conformer", "AutoModel"), ("whisper", "AutoModel"),
]

TIMM = [
    "vit_base_patch16_224", "deit_base_distilled_patch16_224", "deit3_small_patch16_224",
    "vit_small_patch14_reg4_dinov2", "beit_base_patch16_224", "eva02_tiny_patch14_224", "cait_xxs24_224",
    "swin_tiny_patch4_window7_224", "swinv2_tiny_window8_256", "convnext_tiny", "convnextv2_tiny", "levit_128",
    "tiny_vit_5m_224", "efficientformer_l1", "nfnet_f0", "dm_nfnet_f0", "nf_resnet26", "resnet50", "efficientnet_b0",
    "regnety_016", "mobilenetv3_large_100", "maxvit_tiny_tf_224", "coatnet_0_rw_224", "poolformer_s12",
    "xcit_tiny_12_p16_224", "hiera_tiny_224", "mambaout_femto",
]


def build(library: str, name: str, auto_class: str | None):
    import torch

    with torch.device("meta"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if library == "timm":
            from tests.runtime.timm_import import import_timm

            return import_timm().create_model(name, pretrained=False)
        import transformers

        config = transformers.AutoConfig.for_model(name)
        return getattr(transformers, auto_class).from_config(config)


def sweep_one(library: str, name: str, auto_class: str | None) -> dict:
    """Decisions for one architecture (runs under whichever wdlint is on the path)."""
    import torch

    import wdlint

    model = build(library, name, auto_class)
    names = {id(p): n for n, p in model.named_parameters()}
    trainable = {id(p) for p in model.parameters() if p.requires_grad}
    groups = wdlint.param_groups(model, weight_decay=0.1)
    placed = [id(p) for g in groups for p in g["params"]]
    decayed = {names[id(p)] for g in groups if g.get("weight_decay", 0.1) > 0 for p in g["params"]}
    result = {
        "tensors": len(names), "parameters": sum(p.numel() for p in model.parameters()),
        "lost": sorted(names[i] for i in trainable - set(placed)),
        "duplicated": sorted(names[i] for i, n in Counter(placed).items() if n > 1),
        "decayed": sorted(decayed), "kept": sorted(set(names.values()) - decayed),
        "check_ok": wdlint.check(model, torch.optim.AdamW(groups)).ok,
    }
    try:
        from wdlint.runtime.inventory import take_inventory
        from wdlint.runtime.classify import Policy

        result["categories"] = {
            p.name: [p.classification.category.value, p.classification.reason]
            for p in take_inventory(model, Policy()).parameters
        }
    except Exception:  # the baseline's internals differ; categories are informative only
        result["categories"] = {}
    if library == "transformers":
        result["hf_trainer"] = hf_trainer_findings(model)
    return result


def hf_trainer_findings(model) -> list[list[str]]:
    """``wdlint.check`` on the groups HF Trainer builds by default (its ``create_optimizer``), weight_decay 0.1."""
    import torch
    from transformers import Trainer

    import wdlint

    decay_names = set(Trainer.get_decay_parameter_names(None, model))
    groups = [
        {"params": [p for n, p in model.named_parameters() if n in decay_names and p.requires_grad],
         "weight_decay": 0.1},
        {"params": [p for n, p in model.named_parameters() if n not in decay_names and p.requires_grad],
         "weight_decay": 0.0},
    ]
    report = wdlint.check(model, torch.optim.AdamW([g for g in groups if g["params"]]))
    return [[f.code, f.name, f.message] for f in report.findings]


def run_all(only: set[str] | None) -> dict:
    results = {}
    jobs = [("transformers", t, a) for t, a in TRANSFORMERS] + [("timm", n, None) for n in TIMM]
    for library, name, auto_class in jobs:
        key = f"{library}:{name}"
        if only and key not in only:
            continue
        start = time.perf_counter()
        try:
            results[key] = sweep_one(library, name, auto_class)
        except Exception as error:  # reported, never hidden
            results[key] = {"error": f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"}
        results[key]["seconds"] = round(time.perf_counter() - start, 2)
        print(f"{key}: {results[key].get('error') or 'ok'} ({results[key]['seconds']} s)", file=sys.stderr)
    return results


def baseline_results(ref: str, keys: set[str]) -> dict:
    """The same sweep under wdlint at ``ref`` (its package, this script and the test helpers)."""
    with tempfile.TemporaryDirectory() as directory:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "wdlint"], check=True,
                                 capture_output=True).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(directory, filter="data")
        helper = Path(directory, "tests", "runtime")
        helper.mkdir(parents=True)
        for file in ("__init__.py", "timm_import.py"):
            source = ROOT / "tests" / "runtime" / file
            (helper / file).write_text(source.read_text() if source.exists() else "")
        (Path(directory, "tests") / "__init__.py").write_text("")
        output = Path(directory, "baseline.json")
        environment = dict(os.environ, PYTHONPATH=directory)
        subprocess.run([sys.executable, __file__, "--emit", str(output), "--only", ",".join(sorted(keys))],
                       check=True, env=environment, cwd=directory)
        return json.loads(output.read_text())


def general(reason: str) -> str:
    """A reason with its shapes as (C, 1, 1): the same kind of tensor at every width is one row."""
    return re.sub(r"shape \(([^)]*)\)", lambda match: "shape ({})".format(", ".join(
        "1" if size.strip() == "1" else "C" for size in match.group(1).split(",") if size.strip())), reason)


def pattern(name: str) -> str:
    """A tensor name with its layer indices as ``*``: one row for the same tensor in every layer."""
    return re.sub(r"(?<=\.)\d+(?=\.)|^\d+(?=\.)", "*", name)


def differences(new: dict, old: dict) -> list[tuple[str, int, str, str]]:
    """(name pattern, tensors, before, now (why)) for every tensor decided differently."""
    if "error" in new or "error" in old:
        return []
    before = set(old["decayed"])
    rows: Counter = Counter()
    for name in sorted(set(new["decayed"]) ^ before):
        category, reason = new["categories"].get(name, ["?", "?"])
        now = "decay" if name in new["decayed"] else "no decay"
        rows[(pattern(name), "decay" if name in before else "no decay", f"{now} ({category}: {general(reason)})")] += 1
    return [(name, count, before, now) for (name, before, now), count in rows.items()]


def markdown(results: dict, baseline: dict | None, ref: str) -> str:
    import torch
    import transformers

    from tests.runtime.timm_import import import_timm

    lines = [f"Sweep of {len(results)} architectures: torch {torch.__version__}, transformers "
             f"{transformers.__version__}, timm {import_timm().__version__}; default configs on the meta device; "
             f"`wdlint.param_groups(model, weight_decay=0.1)`; 'changed' compares with wdlint at {ref}.", ""]
    totals = Counter()
    lines += ["| architecture | tensors | decayed | kept out | lost | duplicated | groups pass check | changed |",
              "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
    changed_rows = []
    for key, result in results.items():
        if "error" in result:
            lines.append(f"| {key} | failed to build: {result['error']} | | | | | | |")
            totals["failed"] += 1
            continue
        changed = differences(result, baseline.get(key, {"error": "-"})) if baseline else []
        changed_rows += [(key, *row) for row in changed]
        changed_tensors = sum(row[1] for row in changed)
        totals.update(architectures=1, tensors=result["tensors"], lost=len(result["lost"]),
                      duplicated=len(result["duplicated"]), changed=changed_tensors)
        lines.append(f"| {key} | {result['tensors']} | {len(result['decayed'])} | {len(result['kept'])} | "
                     f"{len(result['lost'])} | {len(result['duplicated'])} | {'yes' if result['check_ok'] else 'NO'} | "
                     f"{changed_tensors} |")
    lines += ["", f"Totals: {totals['architectures']} architectures built, {totals['failed']} failed to build, "
              f"{totals['tensors']} tensors, {totals['lost']} lost, {totals['duplicated']} duplicated, "
              f"{totals['changed']} decided differently from {ref}.", ""]
    if changed_rows:
        lines += ["### Tensors decided differently from before", "",
                  "Layer indices are written `*`: one row stands for the same tensor in every layer.", "",
                  "| architecture | tensor | tensors | before | now (category: why) |",
                  "| --- | --- | ---: | --- | --- |"]
        lines += [f"| {key} | `{name}` | {count} | {before} | {now} |"
                  for key, name, count, before, now in changed_rows]
        lines.append("")
    lines += hf_trainer_section(results)
    return "\n".join(lines)


def hf_trainer_section(results: dict) -> list[str]:
    per_class = defaultdict(lambda: {"models": set(), "tensors": 0, "example": ""})
    per_model = []
    for key, result in results.items():
        findings = result.get("hf_trainer")
        if findings is None:
            continue
        per_model.append(f"| {key} | {len(findings)} | "
                         + ", ".join(f"{c} {n}" for c, n in sorted(Counter(f[0] for f in findings).items())) + " |")
        for code, name, message in findings:
            category, reason = result["categories"].get(name, ["?", message])
            row = per_class[(code, category, general(reason))]
            row["models"].add(key.split(":")[1])
            row["tensors"] += 1
            row["example"] = row["example"] or name
    lines = ["### HF Trainer's default grouping, checked", "",
             "`Trainer.get_decay_parameter_names` (bias / layernorm / rmsnorm / norm name patterns, nn.LayerNorm) "
             "with weight_decay=0.1, then `wdlint.check`.", "",
             "| model | findings | by code |", "| --- | ---: | --- |", *per_model, "",
             "| code | class | what (owner or family) | tensors | models | example |",
             "| --- | --- | --- | ---: | --- | --- |"]
    for (code, category, reason), row in sorted(per_class.items()):
        lines.append(f"| {code} | {category} | {reason} | {row['tensors']} | {', '.join(sorted(row['models']))} | "
                     f"`{row['example']}` |")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="git ref to compare with ('' to skip)")
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--only", help="comma-separated library:name keys")
    parser.add_argument("--emit", help=argparse.SUPPRESS)  # the baseline subprocess: raw JSON only
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT) if not args.emit else os.getcwd())
    only = set(args.only.split(",")) if args.only else None
    results = run_all(only)
    if args.emit:
        Path(args.emit).write_text(json.dumps(results))
        return
    baseline = baseline_results(args.baseline, set(results)) if args.baseline else None
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "baseline": baseline}, indent=1))
    print(markdown(results, baseline, args.baseline))


if __name__ == "__main__":
    main()
