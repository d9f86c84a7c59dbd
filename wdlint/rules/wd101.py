"""WD101: coupled (L2) weight decay in an adaptive optimizer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wdlint.configs.conventions import CONFIG_GATE, MM_COUPLED_TYPE_PATTERNS, TIMM_FACTORY_PATTERN
from wdlint.rules.base import ConfigExample, Example, Fixed, FixOutcome, Needs, Rule, Unfixable

if TYPE_CHECKING:  # the analysis library imports libcst: loaded only when a check runs
    from wdlint.analysis.context import FileContext, RawFinding
    from wdlint.analysis.optimizer_calls import OptimizerBranch


def check(context: FileContext) -> Iterator[RawFinding]:
    from wdlint.analysis.optimizer_calls import findings_on_every_branch

    yield from findings_on_every_branch(context, _coupled_decay)
    yield from _added_groups(context)
    yield from _named_optimizers(context)


def _named_optimizers(context: FileContext) -> Iterator[RawFinding]:
    """timm's ``create_optimizer_v2(opt="adam", ...)``, mmengine's ``dict(type='Adam', ...)``."""
    from wdlint.analysis.context import RawFinding
    from wdlint.analysis.factories import named_optimizers
    from wdlint.analysis.values import Decay

    for named in named_optimizers(context):
        if named.spec.is_coupled_adaptive and named.decoupled is False and named.decay is Decay.NONZERO:
            yield RawFinding("WD101", named.anchor, _named_message(named), named)


def _named_message(named) -> str:
    base = message_for(named.spec, named.describe_decay())
    if named.decoupled_name is not None:
        written = "opt=" if named.convention == "timm" else "type="
        return base.replace(f"use {named.spec.decoupled_alternative}", f"use {written}'{named.decoupled_name}'", 1)
    return base


def _added_groups(context: FileContext) -> Iterator[RawFinding]:
    """``opt.add_param_group({..., "weight_decay": wd})`` on a coupled adaptive optimizer: at the group."""
    from dataclasses import replace

    from wdlint.analysis.context import RawFinding
    from wdlint.analysis.code import code_of
    from wdlint.analysis.groups import added_param_groups
    from wdlint.analysis.optimizer_calls import optimizer_branches
    from wdlint.analysis.values import Decay, decay_of, literal_bool

    for added in added_param_groups(context.scopes.calls):
        group = added.group
        if group.weight_decay is None or decay_of(group.weight_decay, group.scope) is not Decay.NONZERO:
            continue
        branches = optimizer_branches(added.construction, added.construction_scope, context.table)
        if not branches:
            continue
        coupled = True
        for branch in branches:
            flag = branch.spec.decoupled_flag
            own = group.keys.get(flag.name) if flag is not None and flag.attribute is None else None
            if not branch.spec.is_coupled_adaptive or branch.decoupled is not False:
                coupled = False
            elif own is not None and literal_bool(own) is not False:
                coupled = False
        if coupled:
            described = f"a param group's weight_decay={code_of(group.weight_decay)} (added by `add_param_group`)"
            finding = RawFinding("WD101", group.node, message(branches[0], described), branches[0])
            yield replace(finding, alternatives=tuple(branches[1:]))


def _coupled_decay(branch: OptimizerBranch) -> Iterator[RawFinding]:
    from wdlint.analysis.context import RawFinding
    from wdlint.analysis.groups import param_group_list
    from wdlint.analysis.code import code_of
    from wdlint.analysis.values import Decay, decay_of, literal_bool

    spec = branch.spec
    if not spec.is_coupled_adaptive or branch.decoupled is not False:
        return
    described = None
    if branch.decay is Decay.NONZERO and branch.writes(branch.weight_decay):
        described = branch.describe_decay()
    elif branch.params is not None and branch.writes(branch.params):
        # Groups fixed by a partial are reported at the partial, once.
        # The library reads its switch per group (torch, timm), or only from the constructor (apex).
        flag = spec.decoupled_flag
        group_flag = flag.name if flag is not None and flag.attribute is None else None
        for group in param_group_list(branch.params, branch.scope) or ():
            own = group.keys.get(group_flag) if group_flag is not None else None
            if own is not None and literal_bool(own) is not False:
                continue  # the group's own switch (True, or not known to be False)
            if group.weight_decay is not None and decay_of(group.weight_decay, group.scope) is Decay.NONZERO:
                described = f"a param group's weight_decay={code_of(group.weight_decay)}"
                break
    if described is not None:
        yield RawFinding("WD101", branch.call, message(branch, described), branch)


def message(branch: OptimizerBranch, decay: str) -> str:
    return message_for(branch.spec, decay)


def message_for(spec, decay: str) -> str:
    base = f"`{spec.name}` with {decay} applies coupled L2 decay, which the adaptive step rescales per parameter"
    if spec.decoupled_replacement:
        return (
            f"{base}; use {spec.decoupled_alternative} (decoupled weight decay) instead, "
            f"and retune the value (AdamW's is usually 0.01-0.1)"
        )
    if spec.decoupled_flag is not None:
        return f"{base}; pass `{spec.decoupled_flag.name}=True` (AdamW-style decay), and retune the value"
    return f"{base}; switch to {spec.decoupled_alternative} or drop weight_decay"


def fix(context, finding: RawFinding) -> FixOutcome:
    """Rename to the row's decoupled class, else set the row's decoupled flag to True."""
    from wdlint.analysis.values import Decay
    from wdlint.fix.arguments import ArgumentEdits
    from wdlint.fix.class_reference import rename_class

    from wdlint.analysis.factories import NamedOptimizer

    if isinstance(finding.detail, NamedOptimizer):
        return _rename_string(context, finding.detail)
    branch: OptimizerBranch = finding.detail
    spec = branch.spec
    for other in finding.alternatives:
        if other.spec is not spec:
            return Unfixable("the optimizer class depends on a branch")
    if not all(b.names_class_here for b in (branch, *finding.alternatives)):
        return Unfixable("the class is not named at this call (it comes through an alias or a partial)")
    reference = branch.reference
    call = reference.partial_call or branch.call
    # ``partial(cls, ...)``: args[0] is the class, positions start after it.
    arguments = ArgumentEdits(call, leading=1 if reference.partial_call is not None else 0)
    flag = spec.decoupled_flag
    if spec.decoupled_replacement:
        replacement = context.table.get(spec.decoupled_replacement)
        if replacement is None:
            return Unfixable(f"no `{spec.decoupled_replacement}` in the optimizer table")
        renamed = rename_class(context, branch, replacement)
        if renamed is None:
            return Unfixable(f"cannot name `{replacement.name}` here")
        if flag is not None and (replacement.decoupled_flag is None or replacement.decoupled_flag.name != flag.name):
            arguments.drop_keyword(flag.name)  # AdamW takes no decoupled_weight_decay
        if branch.weight_decay is None and branch.decay is Decay.ZERO and replacement.default_weight_decay != 0:
            # The decay came from the param groups: keep the default the call relied on.
            arguments.add_keyword("weight_decay", "0.0")
        arguments.register(context)
        change = f"`{spec.name}` -> `{replacement.name}`"
    elif flag is not None:
        arguments.set_argument(flag.name, flag.position, "True")
        arguments.register(context)
        change = f"`{spec.name}(..., {flag.name}=True)`"
    else:
        return Unfixable(f"`{spec.name}` has no decoupled mode")
    return Fixed(
        f"{change}: decoupled decay is not the same strength as L2 "
        f"(AdamW's weight_decay is usually 0.01-0.1), so the value may need retuning"
    )


def _rename_string(context, named) -> FixOutcome:
    """``opt="adam"`` -> ``opt="adamw"``, ``type='Adam'`` -> ``type='AdamW'``: the string alone, its quotes kept."""
    node = named.name_node
    if node is None or named.decoupled_name is None:
        return Unfixable("the library's name for the decoupled optimizer is not known here")
    prefix_end = len(node.prefix) if hasattr(node, "prefix") else 0
    quote = node.quote
    if node.value[len(node.value) - len(quote):] != quote or node.evaluated_value != node.value[prefix_end + len(quote) : -len(quote)]:
        return Unfixable("the name is written with escapes")
    new_value = node.value[: prefix_end + len(quote)] + named.decoupled_name + quote
    context.edit(node, lambda string: string.with_changes(value=new_value))
    return Fixed(
        f"`{node.evaluated_value}` -> `{named.decoupled_name}`: decoupled decay is not the same strength as L2 "
        f"(AdamW's weight_decay is usually 0.01-0.1), so the value may need retuning"
    )


def check_config(context) -> Iterator:
    """A config entry naming a coupled adaptive optimizer with decay not provably zero (its switch not set)."""
    from wdlint.configs.entries import Decay
    from wdlint.configs.lint import ConfigFinding

    for entry in context.entries:
        if entry.spec.is_coupled_adaptive and entry.decoupled is False and entry.decay is Decay.NONZERO:
            yield ConfigFinding("WD101", entry.key, config_message(entry), entry)


def config_message(entry) -> str:
    written = entry.name.value
    base = (
        f"`{written}` with {entry.decay_text} applies coupled L2 decay, which the adaptive step rescales per "
        f"parameter"
    )
    flag = entry.spec.decoupled_flag
    if entry.decoupled_name is not None:
        return f"{base}; use `{entry.decoupled_name}` (decoupled weight decay) instead, and retune the value"
    if flag is not None:
        return f"{base}; set `{flag.name}: true` (decoupled decay), and retune the value"
    return f"{base}; switch to {entry.spec.decoupled_alternative} or drop weight_decay"


def fix_config(finding, text: str):
    """Rename the class in its scalar (``torch.optim.Adam`` -> ``torch.optim.AdamW``, DeepSpeed ``Adam`` -> ``AdamW``)."""
    from wdlint.configs.lint import ConfigEdit

    entry = finding.detail
    name = entry.name
    if entry.decoupled_name is None:
        return None
    written = text[name.start : name.end]
    if not name.quoted and written != str(name.value):
        return None  # a multi-line or otherwise unusual scalar: leave it
    quote = written[0] if name.quoted else ""
    if name.quoted and (written[-1] != quote or written[1:-1] != name.value):
        return None  # escapes inside the quotes: leave it
    return ConfigEdit(name.start, name.end, f"{quote}{entry.decoupled_name}{quote}", f"`{name.value}` -> `{entry.decoupled_name}`")


RULE = Rule(
    code="WD101",
    name="coupled-decay-in-adaptive-optimizer",
    summary="Adaptive optimizer with coupled (L2) weight decay; use decoupled decay (AdamW)",
    what_it_does=(
        "Checks for optimizers that add weight decay to the gradient of an adaptive method (`Adam`, `Adamax`, "
        "`NAdam`, `RAdam`, `Adagrad`, `RMSprop`, and the third-party classes the optimizer table marks coupled, "
        "such as bitsandbytes' `RMSprop` or apex's `FusedAdam(adam_w_mode=False)`) constructed with a weight "
        "decay that is not provably zero, in the call or in any param group passed to it, unless the "
        "optimizer's decoupled flag (`decoupled_weight_decay=True`, `adam_w_mode=True`, ...) is passed."
    ),
    why_bad=(
        "These optimizers add `weight_decay * w` to the gradient (L2 regularisation). The adaptive step then "
        "divides that term by the running second moment, so weights with large gradients are barely "
        "regularised. Decoupled decay (AdamW) shrinks the weights directly and is what GPT, LLaMA and BERT "
        "training use (Loshchilov & Hutter, ICLR 2019)."
    ),
    example="optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n",
    use_instead=(
        "optimizer = torch.optim.AdamW(param_groups, lr=1e-3, weight_decay=0.05)\n"
        "# NAdam / RAdam: torch.optim.NAdam(..., weight_decay=0.05, decoupled_weight_decay=True)\n"
    ),
    fix_safety=(
        "The fix comes from the optimizer table: a class with a decoupled twin is renamed (`Adam` becomes "
        "`AdamW`, imports kept right, positional arguments keep their meaning); a class with a decoupled flag gets "
        "it set (`NAdam`/`RAdam`: `decoupled_weight_decay=True`; apex `FusedAdam`: `adam_w_mode=True`). The fix "
        "changes training (unsafe, in ruff's terms): decoupled decay is not the same strength as L2 (AdamW's "
        "lambda is usually 0.01-0.1), so the value may need retuning. `Adamax`, `Adagrad` and `RMSprop` have no "
        "decoupled mode in torch: no fix."
    ),
    known_problems=(
        "Also read: param groups appended/extended into a list, `opt.add_param_group({...})` (reported at the "
        "group), `getattr(torch.optim, \"Adam\")` with a literal name, timm's `create_optimizer_v2(opt=...)` "
        "and mmengine/mmcv `dict(type='Adam', ...)` configs (names mapped to table rows), and config files: "
        "Hydra `_target_`, torchtune `_component_`, Lightning CLI `class_path`/`init_args`, DeepSpeed "
        "`optimizer.type`/`params` (its \"Adam\" is decoupled unless `adam_w_mode` is false). A decay given "
        "by an interpolation that does not resolve in the same file, or DeepSpeed's \"auto\", is unknown "
        "and not reported. TOML configs are not read."
    ),
    references=(
        "https://arxiv.org/abs/1711.05101",
        "https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html",
    ),
    invalid=(
        Example(
            "import torch\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n",
            "import torch\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)\n",
        ),
        Example(
            "from torch.optim import NAdam\nopt = NAdam(params, lr=2e-3, weight_decay=0.01)\n",
            "from torch.optim import NAdam\nopt = NAdam(params, lr=2e-3, weight_decay=0.01, decoupled_weight_decay=True)\n",
        ),
        Example("from torch.optim import RMSprop as R\nopt = R(params, 0.01, 0.99, 1e-8, 1e-5)\n", unfixable=True),
        # A group added after construction (yolov5's pattern): reported at the group; the fix renames the class
        # and keeps the constructor's zero decay explicit (AdamW's default is 0.01).
        Example(
            "from torch.optim import Adam\nopt = Adam(biases, lr=0.01)\nopt.add_param_group({'params': weights, 'weight_decay': wd})\n",
            "from torch.optim import AdamW\nopt = AdamW(biases, lr=0.01, weight_decay=0.0)\n"
            "opt.add_param_group({'params': weights, 'weight_decay': wd})\n",
        ),
        Example(
            "import torch\nopt = getattr(torch.optim, 'Adam')(params, weight_decay=1e-4)\n",
            unfixable=True,
        ),
        Example(
            "from timm.optim import create_optimizer_v2\nopt = create_optimizer_v2(model, opt='adam', weight_decay=1e-4)\n",
            "from timm.optim import create_optimizer_v2\nopt = create_optimizer_v2(model, opt='adamw', weight_decay=1e-4)\n",
        ),
        Example(
            "optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3, weight_decay=1e-4),\n"
            "                     paramwise_cfg=dict(norm_decay_mult=0.0))\n",
            "optim_wrapper = dict(optimizer=dict(type='AdamW', lr=1e-3, weight_decay=1e-4),\n"
            "                     paramwise_cfg=dict(norm_decay_mult=0.0))\n",
        ),
    ),
    valid=(
        "from torch.optim import Adam\nopt = Adam(biases, lr=0.01)\nopt.add_param_group({'params': weights, 'weight_decay': 0.0})\n",
        "from timm.optim import create_optimizer_v2\nopt = create_optimizer_v2(model, opt='radamw', weight_decay=1e-4)\n",
        "optimizer = dict(type='Adam', lr=1e-3, weight_decay=0.0)\n",
        "import torch\nopt = torch.optim.Adam(params, lr=1e-3, weight_decay=1e-4, decoupled_weight_decay=True)\n",
        "import torch\nopt = torch.optim.Adam(params, lr=1e-3, weight_decay=0.0)\n",
    ),
    config_invalid=(
        ConfigExample(
            "conf/optimizer/adam.yaml",
            "# Hydra\n_target_: torch.optim.Adam\nlr: 1e-3\nweight_decay: 1e-4\n",
            "# Hydra\n_target_: torch.optim.AdamW\nlr: 1e-3\nweight_decay: 1e-4\n",
        ),
        ConfigExample(
            "conf/optimizer/radam.yaml",
            "_target_: torch.optim.RAdam\n_partial_: true\nweight_decay: 0.01\n",
        ),
        ConfigExample(
            "conf/optimizer/adam.json",
            '{"_target_": "torch.optim.Adam", "weight_decay": 1e-4}\n',
            '{"_target_": "torch.optim.AdamW", "weight_decay": 1e-4}\n',
        ),
        ConfigExample(
            "recipe.yaml",
            "optimizer:\n  _component_: torch.optim.Adam\n  weight_decay: 0.01\n",
            "optimizer:\n  _component_: torch.optim.AdamW\n  weight_decay: 0.01\n",
        ),
        ConfigExample(
            "cli.yaml",
            "optimizer:\n  class_path: torch.optim.RMSprop\n  init_args:\n    weight_decay: 1e-5\n",
        ),
        ConfigExample(
            "ds_config.json",
            '{"optimizer": {"type": "Adam", "params": {"lr": 1e-4, "weight_decay": 0.01, "adam_w_mode": false}}}\n',
            '{"optimizer": {"type": "AdamW", "params": {"lr": 1e-4, "weight_decay": 0.01, "adam_w_mode": false}}}\n',
        ),
    ),
    config_valid=(
        ConfigExample("adamw.yaml", "_target_: torch.optim.AdamW\nweight_decay: 0.05\n"),
        ConfigExample("nadam.yaml", "_target_: torch.optim.NAdam\nweight_decay: 0.05\ndecoupled_weight_decay: true\n"),
        ConfigExample("zero.yaml", "_target_: torch.optim.Adam\nweight_decay: 0.0\n"),
        ConfigExample("other.yaml", "wd: 0.0\noptim:\n  _target_: torch.optim.Adam\n  weight_decay: ${wd}\n"),
        # DeepSpeed's "Adam" is decoupled (adam_w_mode defaults to true); "auto" is filled in by the HF Trainer.
        ConfigExample("ds.json", '{"optimizer": {"type": "Adam", "params": {"weight_decay": 0.01}}}\n'),
        ConfigExample("ds_auto.json", '{"optimizer": {"type": "Adam", "params": {"weight_decay": "auto", "adam_w_mode": false}}}\n'),
    ),
    check=check,
    needs=Needs(
        optimizer_names=lambda spec: spec.is_coupled_adaptive,
        # timm's factory names its optimizer in lower case.
        # Optimizers named by a string (timm's factory, mm configs): wdlint/configs/conventions.py.
        patterns=(TIMM_FACTORY_PATTERN, *MM_COUPLED_TYPE_PATTERNS),
        needs_decay=True,
        # Values flow into the call from param groups and names bound elsewhere in the file.
        flows=(r"parameters\s*\(", r"weight_decay"),
        config_patterns=CONFIG_GATE,
    ),
    fixer=fix,
    check_config=check_config,
    config_fixer=fix_config,
)
