"""WD103: a hand-written L2 penalty over all parameters."""

from __future__ import annotations

from collections.abc import Iterator

from wdlint.rules.base import Needs, Rule


def check(context) -> Iterator:
    from wdlint.analysis.context import RawFinding
    from wdlint.analysis.code import code_of
    from wdlint.analysis.penalties import l2_penalties

    for node, parameters in l2_penalties(context):
        yield RawFinding("WD103", node, message(code_of(parameters)))


def message(parameters: str) -> str:
    return (
        f"hand-written L2 penalty over all of `{parameters}` is added to the loss: it also regularises biases and "
        f"norm weights, and is coupled decay; remove it and use the optimizer's decoupled weight decay "
        f"(AdamW with `wdlint.param_groups(model)`)"
    )


RULE = Rule(
    code="WD103",
    name="manual-l2-penalty",
    summary="Hand-written L2 penalty over all parameters added to the loss",
    what_it_does=(
        "Checks for a sum over all of `X.parameters()` of squared values or L2 norms (`p.pow(2).sum()`, "
        "`(p ** 2).sum()`, `p.square()`, `p.norm()`, `torch.norm(p)`, `p.norm(2) ** 2` ...), as a generator, "
        "comprehension or accumulating loop, whose value goes into a loss (added with `+`/`+=` or scaled by a "
        "coefficient). L1 penalties, reductions over `p.grad` and values that are only logged are not reported."
    ),
    why_bad=(
        "The penalty regularises biases and normalization weights too, and in an adaptive optimizer it is "
        "coupled L2 decay (its gradient is rescaled per parameter). It also costs an extra pass over every "
        "parameter each step."
    ),
    example=(
        "loss = criterion(model(x), y)\n"
        "loss = loss + 1e-4 * sum(p.pow(2).sum() for p in model.parameters())\n"
    ),
    use_instead=(
        "optimizer = torch.optim.AdamW(wdlint.param_groups(model), lr=1e-3, weight_decay=0.05)\n"
        "loss = criterion(model(x), y)\n"
    ),
    fix_safety="No fix: removing the penalty and retuning the optimizer's decay is a training change to make by hand.",
    invalid=(
        "import torch\nloss = loss + 1e-4 * sum(p.pow(2).sum() for p in model.parameters())\n",
        "l2 = 0.0\nfor p in model.parameters():\n    l2 += p.norm(2) ** 2\nloss = loss + lam * l2\n",
    ),
    valid=(
        "l1 = sum(p.abs().sum() for p in model.parameters())\nloss = loss + lam * l1\n",
        "grad_norm = sum(p.grad.pow(2).sum() for p in model.parameters())\nprint(grad_norm.item())\n",
    ),
    check=check,
    needs=Needs(
        # A reduction over ``X.parameters()`` of squares or norms: ``pow(``, ``** 2``, ``square(``,
        # ``norm(``, or ``(p * p)`` in brackets (a bare backreference at every word costs several
        # times the rest of the pattern).
        patterns=(r"parameters\s*\(",),
        together=(r"pow\(|\*\*\s*\(?\s*2|square\(|norm\(|\(\s*(\w+)\s*\*\s*\1\s*\)",),
        # The parameters can be bound elsewhere; a helper's returned penalty is followed into its callers.
        flows=(r"parameters\s*\(",),
        follows_returns=True,
    ),
)

