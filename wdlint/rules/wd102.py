"""WD102: flat parameters handed to an optimizer that decays them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from wdlint.rules.base import Example, Fixed, FixOutcome, Needs, Rule, Unfixable


@dataclass(frozen=True)
class FlatParameters:
    """What a WD102 finding's fixer needs: the flat expression and where it sits."""

    branch: object  # OptimizerBranch
    params: object  # the flat expression (a libcst node)
    kind: object  # ParamKind: tensors, (name, tensor) pairs, or either
    #: The param group holding ``params``, or None when passed directly.
    group: object = None


def check(context) -> Iterator:
    from wdlint.analysis.optimizer_calls import findings_on_every_branch

    return findings_on_every_branch(context, _flat_parameters_decayed)


def _flat_parameters_decayed(branch) -> Iterator:
    from wdlint.analysis.flat import flat_parameters
    from wdlint.analysis.groups import param_group_list
    from wdlint.analysis.code import code_of
    from wdlint.analysis.values import Decay, decay_of

    spec = branch.spec
    params = branch.params
    if not spec.has_weight_decay or params is None:
        return
    kind = flat_parameters(params, branch.scope)
    if kind is not None:
        if branch.decay is Decay.NONZERO:
            yield _finding(branch, FlatParameters(branch, params, kind, None), branch.describe_decay())
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

    detail: FlatParameters = finding.detail
    params = detail.params
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
        "as decay. Use the runtime check (`wdlint.install`) to confirm the grouping on the real model."
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
    ),
    valid=(
        "import torch\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.0)\n",
        "import torch\nopt = torch.optim.AdamW([p for n, p in model.named_parameters() if 'bias' not in n])\n",
    ),
    check=check,
    needs=Needs(
        optimizer_names=lambda spec: spec.has_weight_decay,
        # Flat parameters are spelled ``parameters()`` / ``named_parameters()`` somewhere in the file.
        names_together=(r"parameters",),
        needs_decay=True,
        # Parameters and decay values reach the call from names bound elsewhere in the file.
        flows=(r"parameters\s*\(", r"weight_decay"),
    ),
    fixer=fix,
)
