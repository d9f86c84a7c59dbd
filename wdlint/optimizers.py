"""The one table of optimizer knowledge.

Static rules, fixes, the runtime check and the rule docs all read this table;
nothing else hard-codes an optimizer name.  ``tests/test_optimizer_table.py``
holds it against ``inspect.signature`` of the installed torch so it cannot
drift.  Positions count the ``params`` argument as 0.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache


class DecayKind(enum.Enum):
    """How an optimizer applies ``weight_decay``."""

    #: L2 added to the gradient of an adaptive method (WD101's list).
    COUPLED_ADAPTIVE = "coupled-adaptive"
    #: L2 added to the gradient of a non-adaptive method (SGD and kin).
    COUPLED = "coupled"
    #: Decay applied to the weights (AdamW).
    DECOUPLED = "decoupled"
    #: The optimizer has no weight decay at all.
    NONE = "none"


@dataclass(frozen=True)
class DecoupledFlag:
    """A constructor argument that switches coupled decay to decoupled decay.

    ``decoupled_weight_decay`` (torch Adam/NAdam/RAdam), ``adam_w_mode``
    (apex, DeepSpeed), ``decoupled_decay`` (timm) ...: passing ``True`` means
    decoupled.  At run time the same name is read from the param group, then
    from the optimizer's attributes.
    """

    name: str
    #: The value when the argument is not passed.
    default: bool = False
    #: Positional index (params = 0); None when keyword-only or not pinned.
    position: int | None = None


@dataclass(frozen=True)
class OptimizerSpec:
    qualified_name: str
    #: How ``weight_decay`` is applied; for a class with a ``decoupled_flag``,
    #: how it is applied when the flag is false (COUPLED_ADAPTIVE for Adam).
    decay: DecayKind
    #: Default ``weight_decay`` (0.0 when the optimizer has none).
    default_weight_decay: float = 0.0
    #: Positional index of ``weight_decay``; None when keyword-only or absent.
    weight_decay_position: int | None = None
    #: The argument that turns the coupled decay decoupled, if any.
    decoupled_flag: DecoupledFlag | None = None
    #: How many arguments may be passed positionally (params included);
    #: None when unknown (third-party signatures we do not pin).
    positional_count: int | None = None
    #: Other module paths the class is importable from (its defining module too,
    #: which is how the runtime check recognises an instance).
    aliases: tuple[str, ...] = ()
    #: The decoupled class a WD101 fix renames to (Adam -> AdamW).
    decoupled_replacement: str | None = None
    #: Where the row's facts were read (the library's source file).
    source: str = ""

    @property
    def name(self) -> str:
        return self.qualified_name.rsplit(".", 1)[1]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.qualified_name, *self.aliases)

    @property
    def has_weight_decay(self) -> bool:
        return self.decay is not DecayKind.NONE

    @property
    def is_coupled_adaptive(self) -> bool:
        """Coupled decay in an adaptive method, at least when the flag (if any) is false."""
        return self.decay is DecayKind.COUPLED_ADAPTIVE

    @property
    def decoupled_by_default(self) -> bool:
        if self.decoupled_flag is not None:
            return self.decoupled_flag.default
        return self.decay is DecayKind.DECOUPLED

    @property
    def wd101_fix(self) -> str | None:
        """'rename' (Adam -> AdamW), 'flag' (NAdam/RAdam, apex adam_w_mode), or None."""
        if self.decoupled_replacement:
            return "rename"
        if self.decoupled_flag is not None:
            return "flag"
        return None

    @property
    def decoupled_alternative(self) -> str:
        """What to use instead of coupled decay, for messages: from the row, never hard-coded."""
        if self.decoupled_replacement:
            return f"`{self.decoupled_replacement.rsplit('.', 1)[-1]}`"
        if self.decoupled_flag is not None:
            return f"`{self.name}(..., {self.decoupled_flag.name}=True)`"
        return "a decoupled optimizer such as `torch.optim.AdamW`"


_A = DecayKind.COUPLED_ADAPTIVE
_C = DecayKind.COUPLED
_D = DecayKind.DECOUPLED
_N = DecayKind.NONE

_TORCH_FLAG = "decoupled_weight_decay"

#: torch.optim as of torch 2.13.
TORCH_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec("torch.optim.Adam", _A, 0.0, 4, DecoupledFlag(_TORCH_FLAG), positional_count=6,
                  aliases=("torch.optim.adam.Adam",), decoupled_replacement="torch.optim.AdamW"),
    OptimizerSpec("torch.optim.Adamax", _A, 0.0, 4, positional_count=6, aliases=("torch.optim.adamax.Adamax",)),
    OptimizerSpec("torch.optim.NAdam", _A, 0.0, 4, DecoupledFlag(_TORCH_FLAG, position=6),
                  positional_count=7, aliases=("torch.optim.nadam.NAdam",)),
    OptimizerSpec("torch.optim.RAdam", _A, 0.0, 4, DecoupledFlag(_TORCH_FLAG, position=5),
                  positional_count=6, aliases=("torch.optim.radam.RAdam",)),
    OptimizerSpec("torch.optim.Adagrad", _A, 0.0, 3, positional_count=7, aliases=("torch.optim.adagrad.Adagrad",)),
    OptimizerSpec("torch.optim.RMSprop", _A, 0.0, 4, positional_count=11, aliases=("torch.optim.rmsprop.RMSprop",)),
    OptimizerSpec("torch.optim.AdamW", _D, 0.01, 4, positional_count=6, aliases=("torch.optim.adamw.AdamW",)),
    OptimizerSpec("torch.optim.Adafactor", _D, 0.0, 5, positional_count=6, aliases=("torch.optim._adafactor.Adafactor",)),
    OptimizerSpec("torch.optim.Muon", _D, 0.1, 2, positional_count=9, aliases=("torch.optim._muon.Muon",)),
    OptimizerSpec("torch.optim.SGD", _C, 0.0, 4, positional_count=6, aliases=("torch.optim.sgd.SGD",)),
    OptimizerSpec("torch.optim.ASGD", _C, 0.0, 5, positional_count=10, aliases=("torch.optim.asgd.ASGD",)),
    OptimizerSpec("torch.optim.Adadelta", _C, 0.0, 4, positional_count=6, aliases=("torch.optim.adadelta.Adadelta",)),
    OptimizerSpec("torch.optim.SparseAdam", _N, positional_count=5, aliases=("torch.optim.sparse_adam.SparseAdam",)),
    OptimizerSpec("torch.optim.LBFGS", _N, positional_count=8, aliases=("torch.optim.lbfgs.LBFGS",)),
    OptimizerSpec("torch.optim.Rprop", _N, positional_count=4, aliases=("torch.optim.rprop.Rprop",)),
)

#: Well-known third-party optimizers whose semantics we are sure of.  Their
#: positional layout is pinned only where stable across releases.
THIRD_PARTY_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    # Deprecated HF AdamW: decoupled, default 0.0.
    OptimizerSpec("transformers.AdamW", _D, 0.0, 4, aliases=("transformers.optimization.AdamW",)),
    # bitsandbytes AdamW family: decoupled, default 1e-2.
    OptimizerSpec("bitsandbytes.optim.AdamW", _D, 0.01, 4, aliases=("bitsandbytes.optim.adamw.AdamW",)),
    OptimizerSpec("bitsandbytes.optim.AdamW8bit", _D, 0.01, 4, aliases=("bitsandbytes.optim.adamw.AdamW8bit",)),
    OptimizerSpec("bitsandbytes.optim.AdamW32bit", _D, 0.01, 4, aliases=("bitsandbytes.optim.adamw.AdamW32bit",)),
    OptimizerSpec("bitsandbytes.optim.PagedAdamW", _D, 0.01, 4, aliases=("bitsandbytes.optim.adamw.PagedAdamW",)),
    OptimizerSpec("bitsandbytes.optim.PagedAdamW8bit", _D, 0.01, 4,
                  aliases=("bitsandbytes.optim.adamw.PagedAdamW8bit",)),
    # apex / DeepSpeed FusedAdam default to adam_w_mode=True (decoupled), wd 0.
    OptimizerSpec("apex.optimizers.FusedAdam", _D, 0.0),
    OptimizerSpec("deepspeed.ops.adam.FusedAdam", _D, 0.0),
)

WD101_NAMES: tuple[str, ...] = tuple(s.name for s in TORCH_OPTIMIZERS if s.is_coupled_adaptive)


def _index(specs: tuple[OptimizerSpec, ...]) -> dict[str, OptimizerSpec]:
    table: dict[str, OptimizerSpec] = {}
    for spec in specs:
        for name in (spec.qualified_name, *spec.aliases):
            table[name] = spec
    return table


@lru_cache(maxsize=None)
def builtin_table() -> dict[str, OptimizerSpec]:
    """Qualified name -> spec for torch.optim and the built-in third-party optimizers."""
    return _index(TORCH_OPTIMIZERS + THIRD_PARTY_OPTIMIZERS)


@lru_cache(maxsize=64)
def optimizer_table(
    extra_coupled: tuple[str, ...] = (), extra_decoupled: tuple[str, ...] = ()
) -> dict[str, OptimizerSpec]:
    """The built-in table plus user-configured optimizers (built once per setting).

    User optimizers have an unknown signature: only keyword arguments are read,
    and their default decay is taken as zero (precision first).
    """
    table = dict(builtin_table())
    for name in extra_coupled:
        table[name] = OptimizerSpec(name, _A)
    for name in extra_decoupled:
        table[name] = OptimizerSpec(name, _D)
    return table


def spec_for_class_name(class_name: str) -> OptimizerSpec | None:
    """The torch.optim spec for a runtime class name (runtime check uses this)."""
    return builtin_table().get(f"torch.optim.{class_name}")
