# Which weight-decay values count as "not provably zero" for WD101. `params` is a
# function parameter (not flat) unless a case says otherwise.
import torch
from config import WEIGHT_DECAY_FROM_CONFIG

MODULE_ZERO = 0.0
MODULE_ZERO_ANNOTATED: float = 0
MODULE_NONZERO = 1e-4


def literal_zeros(params):
    torch.optim.Adam(params, lr=1e-3, weight_decay=0)
    torch.optim.Adam(params, lr=1e-3, weight_decay=0.0)
    torch.optim.Adam(params, lr=1e-3, weight_decay=0e0)
    torch.optim.Adam(params, lr=1e-3, weight_decay=-0.0)


def literal_nonzero(params):
    torch.optim.Adam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    torch.optim.Adam(params, lr=1e-3, weight_decay=5e-4)  # expect: WD101
    torch.optim.Adam(params, lr=1e-3, weight_decay=1)  # expect: WD101


def names_bound_to_zero_in_function(params):
    wd = 0.0
    torch.optim.Adam(params, lr=1e-3, weight_decay=wd)
    no_decay: float = 0
    torch.optim.RMSprop(params, lr=1e-2, weight_decay=no_decay)


def names_bound_to_zero_in_module(params):
    torch.optim.Adam(params, lr=1e-3, weight_decay=MODULE_ZERO)
    torch.optim.Adam(params, lr=1e-3, weight_decay=MODULE_ZERO_ANNOTATED)


torch.optim.Adagrad(model.parameters(), lr=1e-2, weight_decay=MODULE_ZERO)


def names_bound_to_nonzero(params):
    torch.optim.Adam(params, lr=1e-3, weight_decay=MODULE_NONZERO)  # expect: WD101
    torch.optim.Adam(params, lr=1e-3, weight_decay=WEIGHT_DECAY_FROM_CONFIG)  # expect: WD101


def reassigned_name(params, use_l2):
    wd = 0.0
    if use_l2:
        wd = 1e-4
    return torch.optim.Adam(params, lr=1e-3, weight_decay=wd)  # expect: WD101


def augmented_name(params):
    wd = 0.0
    wd += 1e-5
    return torch.optim.Adam(params, lr=1e-3, weight_decay=wd)  # expect: WD101


def loop_bound_name(params):
    for wd in (0.0, 1e-4, 1e-3):
        torch.optim.Adam(params, lr=1e-3, weight_decay=wd)  # expect: WD101


def function_parameter(params, weight_decay=0.0):
    return torch.optim.Adam(params, lr=1e-3, weight_decay=weight_decay)  # expect: WD101


def non_literal_values(params, args, cfg):
    torch.optim.Adam(params, lr=args.lr, weight_decay=args.weight_decay)  # expect: WD101
    torch.optim.Adam(params, lr=1e-3, weight_decay=cfg["optim"]["weight_decay"])  # expect: WD101
    torch.optim.Adam(params, lr=1e-3, weight_decay=1e-4 if args.l2 else 0.0)  # expect: WD101
    torch.optim.Adam(params, lr=1e-3, weight_decay=0.1 * args.scale)  # expect: WD101


def positional_weight_decay(params):
    # Adam(params, lr, betas, eps, weight_decay): index 4.
    torch.optim.Adam(params, 1e-3, (0.9, 0.999), 1e-8, 1e-4)  # expect: WD101
    torch.optim.Adam(params, 1e-3, (0.9, 0.999), 1e-8, 0.0)
    # Index 3 of Adam is eps, not weight decay.
    torch.optim.Adam(params, 1e-3, (0.9, 0.999), 1e-4)
    # Adagrad(params, lr, lr_decay, weight_decay): index 3.
    torch.optim.Adagrad(params, 1e-2, 0.0, 1e-4)  # expect: WD101
    # Index 2 of Adagrad is lr_decay.
    torch.optim.Adagrad(params, 1e-2, 1e-4)
    # RMSprop(params, lr, alpha, eps, weight_decay): index 4.
    torch.optim.RMSprop(params, 1e-2, 0.99, 1e-8, 1e-4)  # expect: WD101
    torch.optim.RMSprop(params, 1e-2, 0.99, 1e-8)
    # Adamax(params, lr, betas, eps, weight_decay): index 4.
    torch.optim.Adamax(params, 2e-3, (0.9, 0.999), 1e-8, 1e-4)  # expect: WD101


def decoupled_flag(params):
    torch.optim.Adam(params, lr=1e-3, weight_decay=1e-2, decoupled_weight_decay=True)
    torch.optim.Adam(params, lr=1e-3, weight_decay=1e-2, decoupled_weight_decay=False)  # expect: WD101
    torch.optim.NAdam(params, lr=2e-3, weight_decay=1e-2, decoupled_weight_decay=True)
    torch.optim.NAdam(params, lr=2e-3, weight_decay=1e-2, decoupled_weight_decay=False)  # expect: WD101
    torch.optim.RAdam(params, lr=1e-3, weight_decay=1e-2, decoupled_weight_decay=True)
    torch.optim.RAdam(params, lr=1e-3, weight_decay=1e-2, decoupled_weight_decay=False)  # expect: WD101


def decoupled_flag_positional(params):
    # NAdam(params, lr, betas, eps, weight_decay, momentum_decay, decoupled_weight_decay): index 6.
    torch.optim.NAdam(params, 2e-3, (0.9, 0.999), 1e-8, 1e-2, 4e-3, True)
    torch.optim.NAdam(params, 2e-3, (0.9, 0.999), 1e-8, 1e-2, 4e-3, False)  # expect: WD101
    torch.optim.NAdam(params, 2e-3, (0.9, 0.999), 1e-8, 1e-2)  # expect: WD101
    # RAdam(params, lr, betas, eps, weight_decay, decoupled_weight_decay): index 5.
    torch.optim.RAdam(params, 1e-3, (0.9, 0.999), 1e-8, 1e-2, True)
    torch.optim.RAdam(params, 1e-3, (0.9, 0.999), 1e-8, 1e-2, False)  # expect: WD101
    # Adam(params, lr, betas, eps, weight_decay, amsgrad): index 5 is amsgrad, not the flag.
    torch.optim.Adam(params, 1e-3, (0.9, 0.999), 1e-8, 1e-2, True)  # expect: WD101


def keyword_splat(params, opt_kwargs):
    torch.optim.Adam(params, **opt_kwargs)
    torch.optim.RMSprop(params, lr=1e-2, **opt_kwargs)


def param_group_dicts(model, params):
    # A nonzero decay in any group passed to a coupled adaptive optimizer is WD101 on the call.
    torch.optim.Adam(  # expect: WD101
        [
            {"params": params, "weight_decay": 1e-4},
            {"params": [model.bias], "weight_decay": 0.0},
        ],
        lr=1e-3,
    )
    torch.optim.Adam(  # expect: WD101
        [dict(params=params, weight_decay=1e-4)],
        lr=1e-3,
    )
    torch.optim.Adam(
        [
            {"params": params, "lr": 1e-3},
            {"params": [model.bias], "weight_decay": 0.0},
        ],
        lr=1e-3,
    )
    groups = [{"params": params, "weight_decay": 1e-2}, {"params": [model.bias], "weight_decay": 0.0}]
    torch.optim.RMSprop(groups, lr=1e-2)  # expect: WD101
    torch.optim.Adam([{"params": params, "weight_decay": 1e-2}], lr=1e-3, decoupled_weight_decay=True)


def rebound_by_a_nested_function(params):
    wd = 0.0

    def enable_decay():
        nonlocal wd
        wd = 1e-4

    enable_decay()
    return torch.optim.Adam(params, lr=1e-3, weight_decay=wd)  # expect: WD101


def zero_read_by_a_nested_function(params):
    wd = 0.0

    def build():
        return torch.optim.Adam(params, lr=1e-3, weight_decay=wd)

    return build()
