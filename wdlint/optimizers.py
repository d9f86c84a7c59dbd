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
    decoupled.  At run time it is read where the library reads it: from each
    param group, or from an attribute of the optimizer (``attribute``).
    """

    name: str
    #: The value when the argument is not passed.
    default: bool = False
    #: Positional index (params = 0); None when keyword-only or not pinned.
    position: int | None = None
    #: Where the library reads the switch at run time.  None: per param group,
    #: under ``name`` (torch, timm, QHAdam).  Else the optimizer attribute that
    #: holds it, the groups being ignored (apex keeps ``self.adam_w_mode`` as
    #: 1/0; DeepSpeedCPUAdam takes ``adamw_mode`` and keeps ``self.adam_w_mode``).
    attribute: str | None = None


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
    def library(self) -> str:
        """The top-level package (``torch``, ``bitsandbytes``, ``timm`` ...)."""
        return self.qualified_name.split(".", 1)[0]

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



def _torch_source(module: str) -> str:
    return f"torch/optim/{module}.py @ 2.13.0"


#: torch.optim as of torch 2.13: how each `_single_tensor_*` step applies weight_decay
#: (`grad.add(param, alpha=weight_decay)` for the coupled ones, `param.mul_(1 - lr * weight_decay)`
#: for AdamW, Adafactor, Muon and the `decoupled_weight_decay=True` branches).
TORCH_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec("torch.optim.Adam", _A, 0.0, 4, DecoupledFlag(_TORCH_FLAG), positional_count=6,
                  aliases=("torch.optim.adam.Adam",), decoupled_replacement="torch.optim.AdamW",
                  source=_torch_source("adam")),
    OptimizerSpec("torch.optim.Adamax", _A, 0.0, 4, positional_count=6,
                  aliases=("torch.optim.adamax.Adamax",), source=_torch_source("adamax")),
    OptimizerSpec("torch.optim.NAdam", _A, 0.0, 4, DecoupledFlag(_TORCH_FLAG, position=6),
                  positional_count=7, aliases=("torch.optim.nadam.NAdam",), source=_torch_source("nadam")),
    OptimizerSpec("torch.optim.RAdam", _A, 0.0, 4, DecoupledFlag(_TORCH_FLAG, position=5),
                  positional_count=6, aliases=("torch.optim.radam.RAdam",), source=_torch_source("radam")),
    OptimizerSpec("torch.optim.Adagrad", _A, 0.0, 3, positional_count=7,
                  aliases=("torch.optim.adagrad.Adagrad",), source=_torch_source("adagrad")),
    OptimizerSpec("torch.optim.RMSprop", _A, 0.0, 4, positional_count=11,
                  aliases=("torch.optim.rmsprop.RMSprop",), source=_torch_source("rmsprop")),
    OptimizerSpec("torch.optim.AdamW", _D, 0.01, 4, positional_count=6,
                  aliases=("torch.optim.adamw.AdamW",), source=_torch_source("adamw")),
    OptimizerSpec("torch.optim.Adafactor", _D, 0.0, 5, positional_count=6,
                  aliases=("torch.optim._adafactor.Adafactor",), source=_torch_source("_adafactor")),
    OptimizerSpec("torch.optim.Muon", _D, 0.1, 2, positional_count=9,
                  aliases=("torch.optim._muon.Muon",), source=_torch_source("_muon")),
    OptimizerSpec("torch.optim.SGD", _C, 0.0, 4, positional_count=6,
                  aliases=("torch.optim.sgd.SGD",), source=_torch_source("sgd")),
    OptimizerSpec("torch.optim.ASGD", _C, 0.0, 5, positional_count=10,
                  aliases=("torch.optim.asgd.ASGD",), source=_torch_source("asgd")),
    OptimizerSpec("torch.optim.Adadelta", _C, 0.0, 4, positional_count=6,
                  aliases=("torch.optim.adadelta.Adadelta",), source=_torch_source("adadelta")),
    OptimizerSpec("torch.optim.SparseAdam", _N, positional_count=5,
                  aliases=("torch.optim.sparse_adam.SparseAdam",), source=_torch_source("sparse_adam")),
    OptimizerSpec("torch.optim.LBFGS", _N, positional_count=8,
                  aliases=("torch.optim.lbfgs.LBFGS",), source=_torch_source("lbfgs")),
    OptimizerSpec("torch.optim.Rprop", _N, positional_count=4,
                  aliases=("torch.optim.rprop.Rprop",), source=_torch_source("rprop")),
)

def _row(
    qualified_name: str,
    module: str,
    decay: DecayKind,
    default_weight_decay: float,
    weight_decay_position: int | None,
    positional_count: int | None,
    decoupled_flag: DecoupledFlag | None = None,
    *,
    source: str,
    aliases: tuple[str, ...] = (),
) -> OptimizerSpec:
    """A third-party row: ``module`` is the defining module (``cls.__module__``),
    which the runtime check matches on, so it is always among the names."""
    defining = f"{module}.{qualified_name.rsplit('.', 1)[1]}"
    names = tuple(dict.fromkeys((*aliases, defining) if defining != qualified_name else aliases))
    return OptimizerSpec(qualified_name, decay, default_weight_decay, weight_decay_position, decoupled_flag,
                         positional_count, names, source=source)


# bitsandbytes 0.50.2.  The update rule is chosen by the optimizer's name, not
# its class: backends/default/ops.py (the reference kernel) and csrc/kernels.cu
# (kOptimizer32bit2State, kOptimizerStatic8bit2StateBlockwise: `if (weight_decay
# > 0) p *= 1 - lr * weight_decay`) decay the *weights* for the 2-state "adam",
# "lamb" and "ademamix" (so bnb `Adam` is AdamW-style: DECOUPLED) and for
# "lion"; the 1-state kernels add `weight_decay * p` to the gradient for
# "momentum", "lars", "rmsprop" and "adagrad" (`if (weight_decay > 0 &&
# OPTIMIZER != LION) g += p * weight_decay`): COUPLED_ADAPTIVE for RMSprop and
# Adagrad, COUPLED for SGD and LARS.  LAMB's `adam_w_mode` argument is accepted
# and ignored (optim/lamb.py never passes it on), so it is no flag here.
_BNB = "bitsandbytes.optim"
_BNB_SOURCE = "bitsandbytes/optim/{}.py, bitsandbytes/backends/default/ops.py, csrc/kernels.cu @ 0.50.2"


def _bnb(name: str, module: str, decay: DecayKind, default: float, position: int, count: int) -> OptimizerSpec:
    return _row(f"{_BNB}.{name}", f"{_BNB}.{module}", decay, default, position, count,
                source=_BNB_SOURCE.format(module))


BITSANDBYTES_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    # 2-state "adam": p *= 1 - lr*wd in every kernel -> decoupled, whatever the class is called.
    _bnb("Adam", "adam", _D, 0.0, 4, 10),
    _bnb("Adam8bit", "adam", _D, 0.0, 4, 10),
    _bnb("Adam32bit", "adam", _D, 0.0, 4, 10),
    _bnb("PagedAdam", "adam", _D, 0.0, 4, 10),
    _bnb("PagedAdam8bit", "adam", _D, 0.0, 4, 10),
    _bnb("PagedAdam32bit", "adam", _D, 0.0, 4, 10),
    _bnb("AdamW", "adamw", _D, 0.01, 4, 10),
    _bnb("AdamW8bit", "adamw", _D, 0.01, 4, 10),
    _bnb("AdamW32bit", "adamw", _D, 0.01, 4, 10),
    _bnb("PagedAdamW", "adamw", _D, 0.01, 4, 9),
    _bnb("PagedAdamW8bit", "adamw", _D, 0.01, 4, 9),
    _bnb("PagedAdamW32bit", "adamw", _D, 0.01, 4, 9),
    # 2-state "ademamix": the same p *= 1 - lr*wd before the mixed-momentum step.
    _bnb("AdEMAMix", "ademamix", _D, 0.01, 7, 11),
    _bnb("AdEMAMix8bit", "ademamix", _D, 0.01, 7, 10),
    _bnb("AdEMAMix32bit", "ademamix", _D, 0.01, 7, 10),
    _bnb("PagedAdEMAMix", "ademamix", _D, 0.01, 7, 10),
    _bnb("PagedAdEMAMix8bit", "ademamix", _D, 0.01, 7, 9),
    _bnb("PagedAdEMAMix32bit", "ademamix", _D, 0.01, 7, 9),
    # "lamb" runs the "adam" kernel (p *= 1 - lr*wd), then scales the step by the trust ratio.
    _bnb("LAMB", "lamb", _D, 0.0, 5, 12),
    _bnb("LAMB8bit", "lamb", _D, 0.0, 5, 11),
    _bnb("LAMB32bit", "lamb", _D, 0.0, 5, 11),
    # "lion": excluded from the 1-state gradient decay; p *= 1 - lr*wd.
    _bnb("Lion", "lion", _D, 0.0, 3, 8),
    _bnb("Lion8bit", "lion", _D, 0.0, 3, 7),
    _bnb("Lion32bit", "lion", _D, 0.0, 3, 7),
    _bnb("PagedLion", "lion", _D, 0.0, 3, 7),
    _bnb("PagedLion8bit", "lion", _D, 0.0, 3, 6),
    _bnb("PagedLion32bit", "lion", _D, 0.0, 3, 6),
    # 1-state "rmsprop"/"adagrad": g += wd*p, then divided by the running (sum of) squares.
    _bnb("RMSprop", "rmsprop", _A, 0.0, 4, 10),
    _bnb("RMSprop8bit", "rmsprop", _A, 0.0, 4, 9),
    _bnb("RMSprop32bit", "rmsprop", _A, 0.0, 4, 9),
    _bnb("Adagrad", "adagrad", _A, 0.0, 3, 9),
    _bnb("Adagrad8bit", "adagrad", _A, 0.0, 3, 9),
    _bnb("Adagrad32bit", "adagrad", _A, 0.0, 3, 9),
    # 1-state "momentum"/"lars": g += wd*p in plain momentum SGD (PytorchLARS: d_p.add(p, alpha=wd)).
    _bnb("SGD", "sgd", _C, 0.0, 4, 9),
    _bnb("SGD8bit", "sgd", _C, 0.0, 4, 8),
    _bnb("SGD32bit", "sgd", _C, 0.0, 4, 8),
    _bnb("LARS", "lars", _C, 0.0, 4, 10),
    _bnb("LARS8bit", "lars", _C, 0.0, 4, 9),
    _bnb("LARS32bit", "lars", _C, 0.0, 4, 9),
    _bnb("PytorchLARS", "lars", _C, 0.0, 4, 7),
)

# NVIDIA apex (NVIDIA/apex @ 6424da3b, 25.09-52).  apex builds only with CUDA:
# tests hold these rows against tests/data/optimizer_signatures/apex.py.  The
# constructors store the switch as `self.adam_w_mode = 1 if adam_w_mode else 0`
# (not in the groups); csrc/multi_tensor_adam.cu: ADAM_MODE_0 `r_g = r_g +
# decay * r_p` before the moments (coupled), ADAM_MODE_1 decays the weights.
# multi_tensor_lamb.cu: MOMENT_MODE_0 adds decay*p to the scaled gradient
# before the moments (coupled, rescaled by v), MOMENT_MODE_1 adds it to the
# normalised update before the trust ratio (decoupled, as LAMB does).
# multi_tensor_adagrad.cu: ADAGRAD_MODE_0 `r_g + weight_decay * r_p` (coupled).
# multi_tensor_novograd.cu: both moment modes add decay*p *after* dividing by
# the per-layer norm, so the decay is never rescaled: DECOUPLED with no flag
# (`reg_inside_moment` only moves it inside the momentum).  FusedSGD: SGD.
_APEX = "apex.optimizers"
_APEX_SOURCE = "apex/optimizers/{}.py, csrc/multi_tensor_{}.cu @ NVIDIA/apex 6424da3b"
APEX_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    _row(f"{_APEX}.FusedAdam", f"{_APEX}.fused_adam", _A, 0.0, 6, 11,
         DecoupledFlag("adam_w_mode", default=True, position=5, attribute="adam_w_mode"),
         source=_APEX_SOURCE.format("fused_adam", "adam")),
    _row(f"{_APEX}.FusedLAMB", f"{_APEX}.fused_lamb", _A, 0.01, 5, 12,
         DecoupledFlag("adam_w_mode", default=True, position=7, attribute="adam_w_mode"),
         source=_APEX_SOURCE.format("fused_lamb", "lamb")),
    _row(f"{_APEX}.FusedMixedPrecisionLamb", f"{_APEX}.fused_mixed_precision_lamb", _A, 0.01, 6, 13,
         DecoupledFlag("adam_w_mode", default=True, position=8, attribute="adam_w_mode"),
         source=_APEX_SOURCE.format("fused_mixed_precision_lamb", "lamb_mp")),
    _row(f"{_APEX}.FusedAdagrad", f"{_APEX}.fused_adagrad", _A, 0.0, 3, 6,
         DecoupledFlag("adagrad_w_mode", default=False, position=5, attribute="adagrad_w_mode"),
         source=_APEX_SOURCE.format("fused_adagrad", "adagrad")),
    _row(f"{_APEX}.FusedNovoGrad", f"{_APEX}.fused_novograd", _D, 0.0, 5, 12,
         source=_APEX_SOURCE.format("fused_novograd", "novograd")),
    _row(f"{_APEX}.FusedSGD", f"{_APEX}.fused_sgd", _C, 0.0, 4, 9,
         source=_APEX_SOURCE.format("fused_sgd", "sgd")),
)

# DeepSpeed 0.19.8 (PyPI sdist; the ops need a CUDA/C++ build: tests hold these
# rows against tests/data/optimizer_signatures/deepspeed.py).  FusedAdam:
# csrc/adam/multi_tensor_adam.cu, ADAM_MODE_0 (`adam_w_mode=False`) adds decay*p
# to the gradient; the flag is kept as `self.adam_w_mode` (1/0).
# DeepSpeedCPUAdam: csrc/includes/cpu_adam.h, `if (_weight_decay > 0 &&
# !_adamw_mode)` fma into the gradient, else into the weights; its argument is
# `adamw_mode`, kept as `self.adam_w_mode`.  DeepSpeedCPUAdagrad:
# cpu_adagrad.h adds weight_decay*p to the gradient (coupled, no switch).
# FusedLamb: csrc/lamb/fused_lamb_cuda_kernel.cu, `update = m/denom + decay*p`
# before the trust ratio (decoupled).  FusedLion / DeepSpeedCPULion:
# `p * (1 - lr * decay)` (decoupled).
_DS_SOURCE = "deepspeed/ops/{}.py, csrc/{} @ 0.19.8"
DEEPSPEED_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    _row("deepspeed.ops.adam.FusedAdam", "deepspeed.ops.adam.fused_adam", _A, 0.0, 6, 9,
         DecoupledFlag("adam_w_mode", default=True, position=5, attribute="adam_w_mode"),
         source=_DS_SOURCE.format("adam/fused_adam", "adam/multi_tensor_adam.cu")),
    _row("deepspeed.ops.adam.DeepSpeedCPUAdam", "deepspeed.ops.adam.cpu_adam", _A, 0.0, 5, 9,
         DecoupledFlag("adamw_mode", default=True, position=7, attribute="adam_w_mode"),
         source=_DS_SOURCE.format("adam/cpu_adam", "includes/cpu_adam.h")),
    _row("deepspeed.ops.adagrad.DeepSpeedCPUAdagrad", "deepspeed.ops.adagrad.cpu_adagrad", _A, 0.0, 3, 6,
         source=_DS_SOURCE.format("adagrad/cpu_adagrad", "includes/cpu_adagrad.h")),
    _row("deepspeed.ops.lamb.FusedLamb", "deepspeed.ops.lamb.fused_lamb", _D, 0.0, 6, 11,
         source=_DS_SOURCE.format("lamb/fused_lamb", "lamb/fused_lamb_cuda_kernel.cu")),
    _row("deepspeed.ops.lion.FusedLion", "deepspeed.ops.lion.fused_lion", _D, 0.0, 3, 5,
         source=_DS_SOURCE.format("lion/fused_lion", "lion/multi_tensor_lion.cu")),
    _row("deepspeed.ops.lion.DeepSpeedCPULion", "deepspeed.ops.lion.cpu_lion", _D, 0.0, 3, 5,
         source=_DS_SOURCE.format("lion/cpu_lion", "includes/cpu_lion.h")),
)

# timm 1.0.31, timm/optim/*.py.  Coupled where the source adds `weight_decay *
# p` to the gradient before the adaptive normalisation; decoupled where it
# scales the weights (`p.mul_(1 - lr * wd)`) or adds wd*p to the *normalised*
# update (Lamb, Mars, NvNovoGrad, Kron: after the preconditioner, never
# rescaled by it).  The switches live in the param groups.
_TIMM = "timm.optim"
_TIMM_SOURCE = "timm/optim/{}.py @ 1.0.31"


def _timm(name: str, module: str, decay: DecayKind, default: float, position: int, count: int,
          flag: DecoupledFlag | None = None, *, exported: bool = True) -> OptimizerSpec:
    qualified = f"{_TIMM}.{name}" if exported else f"{_TIMM}.{module}.{name}"
    return _row(qualified, f"{_TIMM}.{module}", decay, default, position, count, flag,
                source=_TIMM_SOURCE.format(module))


TIMM_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    # decoupled_decay=False: grad.add(p, alpha=wd) before the belief moments.
    _timm("AdaBelief", "adabelief", _A, 0.0, 4, 11, DecoupledFlag("decoupled_decay", default=True, position=6)),
    # decoupled=False: grad.add(param, alpha=wd) before the second-moment normalisation.
    _timm("Adopt", "adopt", _A, 0.0, 5, 8, DecoupledFlag("decoupled", default=False, position=6)),
    # decoupled_decay=False: grad.add(p, alpha=wd) before the dual-averaging cube-root denominator.
    _timm("MADGRAD", "madgrad", _A, 0.0, 3, 6, DecoupledFlag("decoupled_decay", default=False, position=5)),
    # decoupled_decay=False: grad.add(param, alpha=wd) before square_avg.
    _timm("RMSpropTF", "rmsprop_tf", _A, 0.0, 4, 12, DecoupledFlag("decoupled_decay", default=False, position=7)),
    # grad.add(p, alpha=wd) before the Nesterov moments; no switch (timm's NAdamW is the decoupled one,
    # but its lr default and later positional slots differ: no rename).
    _timm("NAdamLegacy", "nadam", _A, 0.0, 4, 6),
    _timm("AdamWLegacy", "adamw", _D, 0.01, 4, 12),  # param.mul_(1 - wd_scale * wd)
    _timm("NAdamW", "nadamw", _D, 0.01, 4, 11),  # param.mul_(1 - wd_scale * wd)
    _timm("RAdamLegacy", "radam", _D, 0.0, 4, 5),  # p_fp32.add_(p_fp32, alpha=-wd * lr)
    _timm("AdamP", "adamp", _D, 0.0, 4, 9),  # p.mul_(1 - lr * wd * wd_ratio)
    _timm("Adan", "adan", _D, 0.0, 4, 8),  # param.mul_(1 - lr * wd) / div_(1 + lr * wd)
    _timm("Lamb", "lamb", _D, 0.01, 5, 14),  # update.add_(p, alpha=wd) after m/denom, before the trust ratio
    _timm("LaProp", "laprop", _D, 0.0, 4, 8),  # param += -wd_scale * wd * param
    _timm("Lion", "lion", _D, 0.0, 3, 8),  # param.mul_(1 - wd_scale * wd)
    _timm("Mars", "mars", _D, 0.0, 4, 11),  # update = p * wd + m/denom
    _timm("Muon", "muon", _D, 0.0, 2, 19),  # param.mul_(1 - lr * wd), AdamW fallback likewise
    _timm("NvNovoGrad", "nvnovograd", _D, 0.0, 4, 9),  # update.add_(p, wd) after grad / per-layer norm
    _timm("Adafactor", "adafactor", _D, 0.0, 7, 12),  # p_fp32.add_(p_fp32, alpha=-wd * lr_t)
    _timm("AdafactorBigVision", "adafactor_bv", _D, 0.0, 9, 14),  # param.mul_(1 - lr * wd)
    _timm("Adahessian", "adahessian", _D, 0.0, 4, 9),  # p.mul_(1 - lr * wd)
    _timm("Kron", "kron", _D, 0.0, 3, 20, exported=False),  # wd*p added after the preconditioner
    _timm("SGDP", "sgdp", _D, 0.0, 4, 10),  # p.mul_(1 - lr * wd * wd_ratio / (1 - momentum))
    _timm("SGDW", "sgdw", _D, 0.0, 4, 6),  # param.mul_(1 - wd_scale * wd)
    _timm("Lars", "lars", _C, 0.0, 4, 11),  # grad.add(p, alpha=wd) * trust_ratio, momentum SGD
)

# transformers 5.25.0, transformers/optimization.py: Adafactor decays the
# weights (`p_data_fp32.add_(p_data_fp32, alpha=-weight_decay * lr)`).  The
# deprecated AdamW (`p.add_(p, alpha=-lr * weight_decay)`, decoupled, default
# 0.0) is gone from 5.x; its row is held against a 4.44.2 excerpt.
TRANSFORMERS_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    _row("transformers.Adafactor", "transformers.optimization", _D, 0.0, 6, 10,
         source="transformers/optimization.py @ 5.25.0"),
    _row("transformers.AdamW", "transformers.optimization", _D, 0.0, 4, 7,
         source="transformers/optimization.py @ 4.44.2 (removed in 5.x)"),
)

# torch-optimizer 0.3.0 (torch_optimizer/*.py) and the pytorch_ranger 0.1.1
# classes it re-exports.  Coupled-adaptive where `grad.add(p, alpha=wd)` feeds
# the moments that divide the step; decoupled where the weights are scaled or
# wd*p is added after the normalisation (Lamb: `adam_step.add_(p, wd)` before
# the trust ratio; NovoGrad: after `grad.div_(denom)`; Adahessian: in the final
# update).  SGDW 0.3.0 subtracts lr*wd from every weight (`p.data.add_(wd,
# alpha=-lr)`, a constant, not a decay); kept DECOUPLED: WD102 only.  Shampoo
# adds wd*p before a full-matrix preconditioner: not a per-parameter rescaling,
# so COUPLED (reports less) rather than COUPLED_ADAPTIVE.
_TO = "torch_optimizer"
_TO_SOURCE = "torch_optimizer/{}.py @ 0.3.0"


def _to(name: str, module: str, decay: DecayKind, default: float, position: int, count: int,
        flag: DecoupledFlag | None = None) -> OptimizerSpec:
    return _row(f"{_TO}.{name}", f"{_TO}.{module}", decay, default, position, count, flag,
                source=_TO_SOURCE.format(module))


def _ranger(name: str, module: str, decay: DecayKind, position: int, count: int,
            flag: DecoupledFlag | None = None) -> OptimizerSpec:
    return _row(f"{_TO}.{name}", f"pytorch_ranger.{module}", decay, 0.0, position, count, flag,
                source=f"pytorch_ranger/{module}.py @ 0.1.1", aliases=(f"pytorch_ranger.{name}",))


TORCH_OPTIMIZER_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    _to("AdaBound", "adabound", _A, 0.0, 6, 8),  # grad.add(p, wd) before the moments
    _to("DiffGrad", "diffgrad", _A, 0.0, 4, 5),  # grad.add_(p, wd) before the moments
    _to("MADGRAD", "madgrad", _A, 0.0, 3, 5),  # grad.add_(p, decay) before the cube-root denominator
    _to("Yogi", "yogi", _A, 0.0, 5, 6),  # grad.add(p, wd) before the moments
    _to("SWATS", "swats", _A, 0.0, 4, 7),  # grad.add_(w, wd) before the Adam phase's moments
    _to("Apollo", "apollo", _A, 0.0, 6, 7),  # grad.add(p, wd) before the diagonal curvature division
    # weight_decouple=False: grad.add_(p, wd); the switch is kept as `self._weight_decouple`.
    _to("AdaBelief", "adabelief", _A, 0.0, 4, 9,
        DecoupledFlag("weight_decouple", default=False, position=6, attribute="_weight_decouple")),
    # decouple_weight_decay=False: d_p.add_(p, wd) before the moments (in the groups).
    _to("QHAdam", "qhadam", _A, 0.0, 4, 7, DecoupledFlag("decouple_weight_decay", default=False, position=5)),
    _to("AdaMod", "adamod", _D, 0.0, 5, 6),  # p.add_(p, alpha=-wd * lr)
    _to("AdamP", "adamp", _D, 0.0, 4, 8),  # p.mul_(1 - lr * wd * wd_ratio)
    _to("Adafactor", "adafactor", _D, 0.0, 6, 10),  # p.add_(p, alpha=-wd * lr)
    _to("Adahessian", "adahessian", _D, 0.0, 4, 7),  # p - lr * (m/denom + wd * p)
    _to("Lamb", "lamb", _D, 0.0, 4, 8),  # adam_step.add_(p, wd) before the trust ratio
    _to("NovoGrad", "novograd", _D, 0.0, 4, 7),  # grad.div_(denom) then grad.add_(p, wd)
    _to("RAdam", "radam", _D, 0.0, 4, 5),  # p.add_(p, alpha=-wd * lr)
    _to("SGDP", "sgdp", _D, 0.0, 5, 9),  # p.mul_(1 - lr * wd * wd_ratio / (1 - momentum))
    _to("SGDW", "sgdw", _D, 0.0, 4, 6),  # p.add_(wd, alpha=-lr), see above
    _to("AccSGD", "accsgd", _C, 0.0, 5, 6),  # d_p.add_(p, wd), SGD-like
    _to("AggMo", "aggmo", _C, 0.0, 3, 4),  # d_p.add_(p, wd), momentum SGD
    _to("LARS", "lars", _C, 0.0, 4, 8),  # d_p.add(p, wd) * trust ratio
    _to("PID", "pid", _C, 0.0, 4, 7),  # d_p.add_(p, wd)
    _to("QHM", "qhm", _C, 0.0, 4, 6),  # 'grad': d_p.add_(p, wd); 'direct': p.mul_(1 - lr*wd)
    _to("Shampoo", "shampoo", _C, 0.0, 3, 6),  # grad.add_(p, wd) before the full-matrix preconditioner
    _ranger("Ranger", "ranger", _D, 7, 8),  # p.add_(-wd * lr, p)
    _ranger("RangerVA", "ranger913A", _D, 7, 12),  # p.add_(-wd * lr, p)
    # decouple_weight_decay=False: d_p.add_(wd, p) before the QH moments (in the groups).
    _ranger("RangerQH", "rangerqh", _A, 4, 9, DecoupledFlag("decouple_weight_decay", default=False, position=7)),
)

# lion-pytorch 0.2.5, lion_pytorch/lion_pytorch.py: update_fn does
# `p.data.mul_(1 - lr * wd)` (decoupled).  Its `decoupled_weight_decay` argument
# only divides wd by the initial lr (decay independent of the lr schedule):
# decoupled either way, so it is not a DecoupledFlag.
LION_PYTORCH_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    _row("lion_pytorch.Lion", "lion_pytorch.lion_pytorch", _D, 0.0, 3, 6,
         source="lion_pytorch/lion_pytorch.py @ 0.2.5"),
)

# schedulefree 1.4.1: the AdamW/RAdam variants add wd*y to the gradient *after*
# dividing by the second-moment denominator (`grad_normalized.add_(y,
# alpha=decay)`; the reference version decays z directly): decoupled.  The SGD
# variants add wd*y to the gradient of an SGD step: COUPLED.
_SF = "schedulefree"
_SF_SOURCE = "schedulefree/{}.py @ 1.4.1"


def _sf(name: str, module: str, decay: DecayKind, position: int, count: int) -> OptimizerSpec:
    return _row(f"{_SF}.{name}", f"{_SF}.{module}", decay, 0.0, position, count, source=_SF_SOURCE.format(module))


SCHEDULEFREE_OPTIMIZERS: tuple[OptimizerSpec, ...] = (
    _sf("AdamWScheduleFree", "adamw_schedulefree", _D, 4, 9),
    _sf("AdamWScheduleFreeClosure", "adamw_schedulefree_closure", _D, 4, 9),
    _sf("AdamWScheduleFreePaper", "adamw_schedulefree_paper", _D, 4, 9),
    _sf("AdamWScheduleFreeReference", "adamw_schedulefree_reference", _D, 4, 10),
    _sf("RAdamScheduleFree", "radam_schedulefree", _D, 4, 9),
    _sf("RAdamScheduleFreeClosure", "radam_schedulefree_closure", _D, 4, 9),
    _sf("SGDScheduleFree", "sgd_schedulefree", _C, 3, 8),
    _sf("SGDScheduleFreeClosure", "sgd_schedulefree_closure", _C, 2, 8),
    _sf("SGDScheduleFreeReference", "sgd_schedulefree_reference", _C, 3, 8),
)

#: Third-party optimizers, per library; semantics read from each library's source (cited above each block).
THIRD_PARTY_LIBRARIES: dict[str, tuple[OptimizerSpec, ...]] = {
    "bitsandbytes": BITSANDBYTES_OPTIMIZERS,
    "apex": APEX_OPTIMIZERS,
    "deepspeed": DEEPSPEED_OPTIMIZERS,
    "timm": TIMM_OPTIMIZERS,
    "transformers": TRANSFORMERS_OPTIMIZERS,
    "torch_optimizer": TORCH_OPTIMIZER_OPTIMIZERS,
    "lion_pytorch": LION_PYTORCH_OPTIMIZERS,
    "schedulefree": SCHEDULEFREE_OPTIMIZERS,
}

THIRD_PARTY_OPTIMIZERS: tuple[OptimizerSpec, ...] = tuple(
    spec for specs in THIRD_PARTY_LIBRARIES.values() for spec in specs
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


