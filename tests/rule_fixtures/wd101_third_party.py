# WD101 on third-party optimizers follows each library's source (wdlint/optimizers.py cites it),
# not the class name. `params` is a function parameter (not flat): no WD102 in this file.
import apex
import bitsandbytes as bnb
import deepspeed
import schedulefree
import timm.optim
import torch_optimizer
from apex.optimizers import FusedAdam, FusedAdagrad, FusedLAMB
from bitsandbytes.optim import Adam8bit, RMSprop
from deepspeed.ops.adam import DeepSpeedCPUAdam
from lion_pytorch import Lion
from timm.optim import MADGRAD, AdaBelief, Lamb


def bitsandbytes_adam_decays_the_weights(params):
    # bnb's 2-state kernels apply p *= 1 - lr*wd: AdamW-style whatever the class is called.
    bnb.optim.Adam(params, lr=1e-3, weight_decay=1e-2)
    Adam8bit(params, lr=1e-3, weight_decay=1e-2)
    bnb.optim.PagedAdam8bit(params, 1e-3, (0.9, 0.999), 1e-8, 1e-2)
    bnb.optim.LAMB(params, weight_decay=1e-2, adam_w_mode=False)  # bnb ignores adam_w_mode
    bnb.optim.Lion8bit(params, lr=1e-4, weight_decay=1.0)


def bitsandbytes_one_state_adds_to_the_gradient(params):
    RMSprop(params, lr=1e-2, weight_decay=1e-4)  # expect: WD101
    bnb.optim.RMSprop8bit(params, 1e-2, 0.99, 1e-8, 1e-4)  # expect: WD101
    bnb.optim.Adagrad32bit(params, lr=1e-2, weight_decay=1e-4)  # expect: WD101
    bnb.optim.SGD8bit(params, lr=0.1, momentum=0.9, weight_decay=5e-4)  # coupled, but not adaptive
    RMSprop(params, lr=1e-2)  # no decay


def apex_adam_w_mode(params, args):
    FusedAdam(params, lr=1e-3, weight_decay=1e-2)  # adam_w_mode defaults to True
    FusedAdam(params, adam_w_mode=True, weight_decay=1e-2)
    FusedAdam(params, adam_w_mode=False, weight_decay=1e-2)  # expect: WD101
    apex.optimizers.FusedAdam(params, 1e-3, True, (0.9, 0.999), 1e-8, False, 1e-2)  # expect: WD101
    FusedAdam(params, adam_w_mode=False)  # L2 mode, but no decay
    FusedAdam(params, adam_w_mode=args.adam_w_mode, weight_decay=1e-2)  # not provably False
    FusedLAMB(params, lr=1e-3, adam_w_mode=False)  # expect: WD101
    FusedLAMB(params, lr=1e-3)
    FusedAdagrad(params, lr=1e-2, weight_decay=1e-4)  # expect: WD101
    FusedAdagrad(params, lr=1e-2, weight_decay=1e-4, adagrad_w_mode=True)


def deepspeed_adam(params):
    deepspeed.ops.adam.FusedAdam(params, lr=1e-3, weight_decay=1e-2)
    deepspeed.ops.adam.FusedAdam(params, lr=1e-3, weight_decay=1e-2, adam_w_mode=False)  # expect: WD101
    DeepSpeedCPUAdam(params, lr=1e-3, weight_decay=1e-2)
    DeepSpeedCPUAdam(params, lr=1e-3, weight_decay=1e-2, adamw_mode=False)  # expect: WD101
    deepspeed.ops.adagrad.DeepSpeedCPUAdagrad(params, lr=1e-2, weight_decay=1e-4)  # expect: WD101
    deepspeed.ops.lamb.FusedLamb(params, lr=1e-3, weight_decay=1e-2)


def timm_switches(params):
    MADGRAD(params, lr=1e-2, weight_decay=1e-4)  # expect: WD101
    MADGRAD(params, lr=1e-2, weight_decay=1e-4, decoupled_decay=False)  # expect: WD101
    MADGRAD(params, lr=1e-2, weight_decay=1e-4, decoupled_decay=True)
    MADGRAD(params, 1e-2, 0.9, 1e-4, 1e-6, True)
    # The switch read per group, where the library reads it there (timm) and not where it does not (apex).
    MADGRAD([{"params": params, "weight_decay": 1e-2, "decoupled_decay": True}], lr=1e-2)
    MADGRAD([{"params": params, "weight_decay": 1e-2, "decoupled_weight_decay": True}], lr=1e-2)  # expect: WD101
    FusedAdam([{"params": params, "weight_decay": 1e-2, "adam_w_mode": True}], adam_w_mode=False)  # expect: WD101
    AdaBelief(params, lr=1e-3, weight_decay=1e-2)  # decoupled_decay defaults to True in timm
    AdaBelief(params, lr=1e-3, weight_decay=1e-2, decoupled_decay=False)  # expect: WD101
    timm.optim.Adopt(params, weight_decay=1e-2)  # expect: WD101
    timm.optim.Adopt(params, weight_decay=1e-2, decoupled=True)
    timm.optim.RMSpropTF(params, lr=1e-2, weight_decay=1e-5)  # expect: WD101
    timm.optim.NAdamLegacy(params, weight_decay=1e-4)  # expect: WD101


def timm_decoupled_never_wd101(params):
    Lamb(params, lr=1e-3, weight_decay=1e-2)  # wd*p joins the normalised update, before the trust ratio
    Lamb(params, lr=1e-3, weight_decay=1e-2, decoupled_decay=False)
    timm.optim.NAdamW(params, weight_decay=5e-2)
    timm.optim.AdamP(params, weight_decay=1e-2)
    timm.optim.Lion(params, lr=1e-4, weight_decay=1.0)
    timm.optim.Adan(params, weight_decay=2e-2)
    timm.optim.LaProp(params, weight_decay=1e-2)
    timm.optim.Mars(params, weight_decay=1e-2)
    timm.optim.NvNovoGrad(params, weight_decay=1e-3)


def torch_optimizer_rows(params):
    torch_optimizer.Yogi(params, lr=1e-2, weight_decay=1e-4)  # expect: WD101
    torch_optimizer.AdaBound(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    torch_optimizer.DiffGrad(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    torch_optimizer.AdaBelief(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    torch_optimizer.AdaBelief(params, lr=1e-3, weight_decay=1e-4, weight_decouple=True)
    torch_optimizer.QHAdam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    torch_optimizer.QHAdam(params, lr=1e-3, weight_decay=1e-4, decouple_weight_decay=True)
    torch_optimizer.Lamb(params, lr=1e-3, weight_decay=1e-2)
    torch_optimizer.RAdam(params, lr=1e-3, weight_decay=1e-2)
    torch_optimizer.AdamP(params, lr=1e-3, weight_decay=1e-2)
    torch_optimizer.Shampoo(params, lr=1e-1, weight_decay=1e-4)  # full-matrix preconditioner: not reported


def decoupled_elsewhere_never_wd101(params):
    Lion(params, lr=1e-4, weight_decay=1.0)
    Lion(params, lr=1e-4, weight_decay=1.0, decoupled_weight_decay=False)  # only scales wd by 1/lr
    schedulefree.AdamWScheduleFree(params, lr=2.5e-3, weight_decay=1e-2)
    schedulefree.RAdamScheduleFree(params, lr=2.5e-3, weight_decay=1e-2)
    schedulefree.SGDScheduleFree(params, lr=1.0, weight_decay=1e-4)
