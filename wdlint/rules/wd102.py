"""WD102: flat parameters handed to an optimizer that decays them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from wdlint.configs.conventions import CONFIG_GATE, MM_OPTIMIZER_DICT_PATTERN, MM_WHOLE_CONFIG_OR_FACTORY, TIMM_FACTORY_PATTERN
from wdlint.rules.base import ConfigExample, Example, Fixed, FixOutcome, Needs, Rule, Unfixable


@dataclass(frozen=True)
class FlatParameters:
    """What a WD102 finding's fixer needs: the flat expression and where it sits."""

    branch: object  # OptimizerBranch
    params: object  # the flat expression (a libcst node)
    kind: object  # ParamKind: tensors, (name, tensor) pairs, or either
    #: The param group holding ``params``, or None when passed directly.
    group: object = None
    #: One optimizer per parameter (``AdamW([p]) for p in model.parameters()``): flat taken together.
    per_parameter: bool = False


def check(context) -> Iterator:
    from wdlint.analysis.optimizer_calls import findings_on_every_branch

    loops = context.scopes.enclosing_loops
    yield from findings_on_every_branch(context, lambda branch: _flat_parameters_decayed(branch, loops))
    yield from _added_groups(context)
    yield from _named_optimizers(context)


def _named_optimizers(context) -> Iterator:
    """timm's factory given flat parameters (or told not to group); an mmengine config with no grouping."""
    from wdlint.analysis.context import RawFinding
    from wdlint.analysis.factories import named_optimizers
    from wdlint.analysis.values import Decay

    for named in named_optimizers(context):
        if named.flat is None or not named.spec.has_weight_decay or named.decay is not Decay.NONZERO:
            continue
        yield RawFinding(
            "WD102",
            named.flat,
            f"{named.flat_how}: `{named.spec.name}` with {named.describe_decay()} also decays biases and "
            f"normalization weights; "
            + (
                "give timm the model with `filter_bias_and_bn=True` (it then groups them itself)"
                if named.convention == "timm"
                else "add `paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0)` to the optim_wrapper"
            ),
            named,
        )


def _per_parameter(params, loops: tuple):
    """``[p]`` where ``p`` is the target of an enclosing loop over flat parameters (an optimizer per parameter)."""
    import libcst as cst

    from wdlint.analysis.flat import ParamKind, flat_parameters

    if not isinstance(params, (cst.List, cst.Tuple)) or len(params.elements) != 1:
        return None
    element = params.elements[0]
    if not isinstance(element, cst.Element) or not isinstance(element.value, cst.Name):
        return None
    name = element.value.value
    for targets, iterable, scope in reversed(loops):
        if name not in targets:
            continue
        kind = flat_parameters(iterable, scope)
        if (kind is ParamKind.TENSORS and targets == (name,)) or (
            kind is ParamKind.NAMED and len(targets) == 2 and targets[1] == name
        ):
            return ParamKind.TENSORS
        return None
    return None


def _added_groups(context) -> Iterator:
    """``opt.add_param_group({"params": model.parameters(), ...})`` with decay: the group's params."""
    from wdlint.analysis.code import code_of
    from wdlint.analysis.flat import flat_parameters
    from wdlint.analysis.groups import added_param_groups
    from wdlint.analysis.optimizer_calls import optimizer_branches
    from wdlint.analysis.values import Decay, decay_of

    for added in added_param_groups(context.scopes.calls):
        group = added.group
        kind = flat_parameters(group.params, group.scope) if group.params is not None else None
        branches = optimizer_branches(added.construction, added.construction_scope, context.table) if kind else None
        if not branches or not all(branch.spec.has_weight_decay for branch in branches):
            continue
        if group.weight_decay is not None:
            decayed = decay_of(group.weight_decay, group.scope) is Decay.NONZERO
            described = f"weight_decay={code_of(group.weight_decay)}"
        else:
            decayed = not group.has_hidden_keys and all(branch.decay is Decay.NONZERO for branch in branches)
            described = branches[0].describe_decay()
        if decayed:
            yield _finding(branches[0], FlatParameters(branches[0], group.params, kind, group), described)


def _flat_parameters_decayed(branch, loops: dict | None = None) -> Iterator:
    from wdlint.analysis.flat import flat_parameters
    from wdlint.analysis.groups import param_group_list
    from wdlint.analysis.code import code_of
    from wdlint.analysis.values import Decay, decay_of

    spec = branch.spec
    params = branch.params
    if not spec.has_weight_decay or params is None:
        return
    kind = flat_parameters(params, branch.scope)
    per_parameter = False
    if kind is None and loops and id(branch.call) in loops:
        kind = _per_parameter(params, loops[id(branch.call)])
        per_parameter = kind is not None
    if kind is not None:
        if branch.decay is Decay.NONZERO:
            detail = FlatParameters(branch, params, kind, None, per_parameter)
            described = branch.describe_decay()
            if per_parameter:
                described += " (one optimizer per parameter, over every parameter)"
            yield _finding(branch, detail, described)
        return
    for group in param_group_list(params, branch.scope) or ():
        group_kind = flat_parameters(group.params, group.scope) if group.params is not None else None
        if group_kind is None:
            continue
        if group.weight_decay is not None:
            decay = decay_of(group.weight_decay, group.scope)
            described = f"weight_decay={code_of(group.weight_decay)}"
        elif group.has_hidden_keys:
            decay = Decay.UNKNOWN
            described = ""
        else:
            decay = branch.decay
            described = branch.describe_decay()
        if decay is Decay.NONZERO:
            yield _finding(branch, FlatParameters(branch, group.params, group_kind, group), described)


def _finding(branch, detail: FlatParameters, described: str):
    from wdlint.analysis.context import RawFinding
    from wdlint.analysis.code import code_of

    return RawFinding("WD102", detail.params, message(code_of(detail.params), branch.spec.name, described), detail)


def message(parameters: str, optimizer: str, decay: str) -> str:
    return (
        f"flat `{parameters}` passed to `{optimizer}` with {decay} also decays biases and normalization "
        f"weights; split into a decay group (p.ndim >= 2) and a no-decay group (p.ndim < 2, weight_decay=0.0), "
        f"or use `wdlint.param_groups(model)`"
    )


def fix(context, finding) -> FixOutcome:
    """Split the flat expression (or its group) into a decay and a no-decay group."""
    from wdlint.analysis.flat import ParamKind, is_one_shot, plain_receivers
    from wdlint.fix.grouping import plan_flat_fix

    if not isinstance(finding.detail, FlatParameters):
        return Unfixable("the library builds the parameter list")
    detail: FlatParameters = finding.detail
    params = detail.params
    if detail.per_parameter:
        return Unfixable("one optimizer per parameter: give the ones with p.ndim < 2 weight_decay=0.0")
    scope = detail.group.scope if detail.group is not None else detail.branch.scope
    if detail.kind is ParamKind.EITHER:
        return Unfixable("it mixes tensors and (name, tensor) pairs")
    if detail.group is not None and not _group_written_in_list(detail):
        return Unfixable("the group dict is not written in the list passed to the optimizer")
    if is_one_shot(params, scope):
        return Unfixable("it reads a one-shot iterator bound to a name, which cannot be read twice")
    if not plain_receivers(params):
        return Unfixable("its `.parameters()` receiver is not a plain name, so evaluating it twice may not be safe")
    reason = plan_flat_fix(context, detail)
    if reason is not None:
        return Unfixable(reason)
    return Fixed("split into a decay group (p.ndim >= 2) and a no-decay group (p.ndim < 2, weight_decay=0.0)")


def _group_written_in_list(detail: FlatParameters) -> bool:
    """The fix splits a group in place: its dict must be written in the group list itself."""
    import libcst as cst

    branch = detail.branch
    lists = []
    if isinstance(branch.params, (cst.List, cst.Tuple)):
        lists.append(branch.params)
    elif isinstance(branch.params, cst.Name):
        owner = branch.scope.lookup(branch.params.value)
        if owner is not None:
            lists += [binding.value for binding in owner.bindings[branch.params.value]]
    return any(
        isinstance(group_list, (cst.List, cst.Tuple))
        and any(isinstance(e, cst.Element) and e.value is detail.group.node for e in group_list.elements)
        for group_list in lists
    )


#: Where a config alone proves the optimizer gets ``model.parameters()``: LightningCLI's automatic
#: ``configure_optimizers`` (lightning/pytorch/cli.py ``_add_configure_optimizers_method_to_model``:
#: ``instantiate_class(self.model.parameters(), optimizer_init)``) for the top-level ``optimizer``
#: of a CLI config (one that also sets ``trainer`` or ``model``).  Hydra and torchtune configs are
#: not linked: which call receives them, with which parameters, is in code the config does not name.
_LINKED_TOP_LEVEL = {"lightning": ("optimizer", ("trainer", "model"), "LightningCLI passes `self.model.parameters()`")}


def check_config(context) -> Iterator:
    from wdlint.configs.entries import Decay
    from wdlint.configs.lint import ConfigFinding

    for entry in context.entries:
        linked = _LINKED_TOP_LEVEL.get(entry.convention)
        if linked is None or not entry.spec.has_weight_decay or entry.decay is not Decay.NONZERO:
            continue
        key, siblings, how = linked
        if entry.path != (key,) or not any(entry.root.get(sibling) is not None for sibling in siblings):
            continue
        yield ConfigFinding(
            "WD102",
            entry.key,
            f"{how} (flat) to `{entry.name.value}` with {entry.decay_text}, which also decays biases and "
            f"normalization weights; build the groups in `configure_optimizers` (decay p.ndim >= 2, "
            f"weight_decay=0.0 for p.ndim < 2, or `wdlint.param_groups(self)`)",
            entry,
        )


RULE = Rule(
    code="WD102",
    name="flat-parameters-decayed",
    summary="All parameters (biases, norm weights) handed flat to an optimizer with nonzero weight decay",
    what_it_does=(
        "Checks for a flat parameter iterable (`model.parameters()`, `named_parameters()`, lists, filters by "
        "`requires_grad`, `itertools.chain`, or a local name bound to one) given to any optimizer whose "
        "effective weight decay is not provably zero: explicit, configurable (`args.weight_decay`), or the "
        "optimizer's nonzero default (`AdamW`'s 0.01, `Muon`'s 0.1, bitsandbytes' `AdamW8bit`'s 0.01, as the "
        "optimizer table says). Param-group lists are checked group by group."
    ),
    why_bad=(
        "Weight decay should shrink weight matrices, not biases, LayerNorm/RMSNorm/BatchNorm weights or other "
        "1-D gains and scales: decaying those pulls them towards zero and hurts training. `AdamW(model.parameters())` "
        "already decays them, because AdamW's default weight_decay is 0.01."
    ),
    example="optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)\n",
    use_instead=(
        "optimizer = torch.optim.AdamW(\n"
        "    [\n"
        "        {\"params\": [p for p in model.parameters() if p.ndim >= 2]},\n"
        "        {\"params\": [p for p in model.parameters() if p.ndim < 2], \"weight_decay\": 0.0},\n"
        "    ],\n"
        "    lr=3e-4,\n"
        "    weight_decay=0.1,\n"
        ")\n"
        "# or: torch.optim.AdamW(wdlint.param_groups(model), lr=3e-4, weight_decay=0.1)\n"
    ),
    fix_safety=(
        "The fix splits the expression into a decay group (`p.ndim >= 2`) and a no-decay group (`p.ndim < 2`, "
        "`\"weight_decay\": 0.0`), keeping existing filters and group keys. It is not offered where evaluating "
        "the parameters expression twice would be unsafe (a one-shot iterator bound to a name, a call with side "
        "effects). The fix changes training (unsafe, in ruff's terms): biases and norms stop being decayed."
    ),
    known_problems=(
        "Grouping by shape treats every 1-D parameter as no-decay, and every >=2-D parameter (embeddings included) "
        "as decay. Use the runtime check (`wdlint.install`) to confirm the grouping on the real model. "
        "Followed beyond a call: group dicts appended or extended into a list before the call, "
        "`opt.add_param_group({...})` on a name bound once to an optimizer, one optimizer per parameter in a "
        "loop or comprehension over `model.parameters()`. Config files are linked to their parameters only "
        "where the config alone proves them: LightningCLI's top-level `optimizer` (it passes "
        "`self.model.parameters()`), an mmengine/mmcv config that builds model and optimizer in one file "
        "with no `paramwise_cfg`/`constructor` and no `_base_`/`read_base()`, timm's `create_optimizer_v2` "
        "given flat parameters or `filter_bias_and_bn=False`. Not followed (no report): Hydra and torchtune "
        "configs (the `instantiate` call and its parameters live in code the config does not name), DeepSpeed "
        "JSON (the parameters come from `deepspeed.initialize`), configs of other tools (litgpt)."
    ),
    invalid=(
        Example(
            "import torch\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4)\n",
            "import torch\n"
            "opt = torch.optim.AdamW([\n"
            "    {\"params\": [p for p in model.parameters() if p.ndim >= 2]},\n"
            "    {\"params\": [p for p in model.parameters() if p.ndim < 2], \"weight_decay\": 0.0},\n"
            "], lr=3e-4)\n",
        ),
        Example(
            "import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)\n",
        ),
        Example(
            "import torch\nparams = (p for p in model.parameters() if p.requires_grad)\nopt = torch.optim.AdamW(params, weight_decay=0.1)\n",
            unfixable=True,
        ),
        # Group dicts appended or extended into a list before the call.
        Example(
            "import torch\ngroups = []\ngroups.append({'params': model.parameters(), 'weight_decay': wd})\n"
            "opt = torch.optim.AdamW(groups)\n",
            unfixable=True,
        ),
        Example(
            "import torch\ngroups = [{'params': head, 'weight_decay': 0.0}]\n"
            "groups.extend([{'params': model.parameters(), 'weight_decay': wd}])\nopt = torch.optim.AdamW(groups)\n",
            unfixable=True,
        ),
        Example(
            "import torch\ngroups = [{'params': head, 'weight_decay': 0.0}]\n"
            "groups += [{'params': model.parameters(), 'weight_decay': wd}]\nopt = torch.optim.AdamW(groups)\n",
        ),
        Example(
            "import torch\nfor p in model.parameters():\n    optimizers[p] = torch.optim.AdamW([p], weight_decay=wd)\n",
            unfixable=True,
        ),
        # A group added after construction.
        Example(
            "import torch\nopt = torch.optim.AdamW(head, weight_decay=0.0)\n"
            "opt.add_param_group({'params': model.parameters(), 'weight_decay': 0.1})\n",
            unfixable=True,
        ),
        # An optimizer per parameter (optimizer-in-backward) over every parameter is flat taken together.
        Example(
            "import torch\nopts = {p: torch.optim.AdamW([p], weight_decay=wd) for p in model.parameters()}\n",
            unfixable=True,
        ),
        # timm's factory given flat parameters, or told not to group.
        Example(
            "from timm.optim import create_optimizer_v2\n"
            "opt = create_optimizer_v2(model, opt='adamw', weight_decay=0.05, filter_bias_and_bn=False)\n",
            unfixable=True,
        ),
        # An mmengine config with no paramwise_cfg: the default constructor passes model.parameters().
        Example(
            "model = dict(type='ImageClassifier', backbone=dict(type='ResNet', depth=18))\n"
            "optim_wrapper = dict(optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.05))\n",
            unfixable=True,
        ),
    ),
    valid=(
        "import torch\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.0)\n",
        "from timm.optim import create_optimizer_v2\nopt = create_optimizer_v2(model, opt='adamw', weight_decay=0.05)\n",
        "optim_wrapper = dict(\n    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.05),\n"
        "    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0),\n)\n",
        "_base_ = ['./schedule.py']\noptim_wrapper = dict(optimizer=dict(type='AdamW', weight_decay=0.05))\n",
        # A schedule fragment: the configs that inherit it may add paramwise_cfg.
        "optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9, weight_decay=1e-4))\n",
        "import torch\nopts = {p: torch.optim.AdamW([p], weight_decay=wd) for p in decay_params}\n",
        "import torch\nopt = torch.optim.AdamW([p for n, p in model.named_parameters() if 'bias' not in n])\n",
    ),
    config_invalid=(
        ConfigExample(
            "config.yaml",
            "trainer:\n  max_epochs: 10\noptimizer:\n  class_path: torch.optim.AdamW\n  init_args:\n    lr: 3e-4\n",
        ),
    ),
    config_valid=(
        ConfigExample("config.yaml", "trainer:\n  max_epochs: 10\noptimizer:\n  class_path: torch.optim.AdamW\n  init_args:\n    weight_decay: 0.0\n"),
        # Not linked: the code that instantiates a Hydra/torchtune config is not named by it.
        ConfigExample("optim.yaml", "optimizer:\n  _target_: torch.optim.AdamW\n  weight_decay: 0.1\n"),
        # A model's own init argument, not LightningCLI's top-level optimizer.
        ConfigExample("config.yaml", "model:\n  optimizer:\n    class_path: torch.optim.AdamW\n"),
    ),
    check_config=check_config,
    check=check,
    needs=Needs(
        config_patterns=CONFIG_GATE,
        optimizer_names=lambda spec: spec.has_weight_decay,
        # Optimizers named by a string (timm's factory, mm configs): wdlint/configs/conventions.py.
        patterns=(TIMM_FACTORY_PATTERN, MM_OPTIMIZER_DICT_PATTERN),
        together=MM_WHOLE_CONFIG_OR_FACTORY,
        # Flat parameters are spelled ``parameters()`` / ``named_parameters()`` somewhere in the file.
        names_together=(r"parameters",),
        needs_decay=True,
        # Parameters and decay values reach the call from names bound elsewhere in the file.
        flows=(r"parameters\s*\(", r"weight_decay"),
    ),
    fixer=fix,
)
