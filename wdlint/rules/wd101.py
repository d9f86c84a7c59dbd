"""WD101: coupled (L2) weight decay in an adaptive optimizer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from wdlint.rules.base import Example, Fixed, FixOutcome, Needs, Rule, Unfixable

if TYPE_CHECKING:  # the analysis library imports libcst: loaded only when a check runs
    from wdlint.analysis.context import FileContext, RawFinding
    from wdlint.analysis.optimizer_calls import OptimizerBranch


def check(context: FileContext) -> Iterator[RawFinding]:
    from wdlint.analysis.optimizer_calls import findings_on_every_branch

    return findings_on_every_branch(context, _coupled_decay)


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
    spec = branch.spec
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
    ),
    valid=(
        "import torch\nopt = torch.optim.Adam(params, lr=1e-3, weight_decay=1e-4, decoupled_weight_decay=True)\n",
        "import torch\nopt = torch.optim.Adam(params, lr=1e-3, weight_decay=0.0)\n",
    ),
    check=check,
    needs=Needs(
        optimizer_names=lambda spec: spec.is_coupled_adaptive,
        needs_decay=True,
        # Values flow into the call from param groups and names bound elsewhere in the file.
        flows=(r"parameters\s*\(", r"weight_decay"),
    ),
    fixer=fix,
)
