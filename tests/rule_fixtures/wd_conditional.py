# A conditional expression choosing between known optimizer classes is analysed
# per branch; a finding is reported only when every branch has it.
import torch
from mylib import CustomOptimizer


def adamw_or_adam(model, use_adamw, wd):
    # Both branches decay flat parameters (WD102); only Adam couples the decay (no WD101).
    return (torch.optim.AdamW if use_adamw else torch.optim.Adam)(model.parameters(), lr=1e-3, weight_decay=wd)  # expect: WD102


def adam_or_rmsprop(model, use_adam):
    # Every branch is coupled-adaptive with nonzero decay: WD101 and WD102.
    return (torch.optim.Adam if use_adam else torch.optim.RMSprop)(model.parameters(), lr=1e-3, weight_decay=1e-4)  # expect: WD101, WD102


def adam_or_adamw_default_decay(model, use_adamw):
    # AdamW's default decay is 0.01 but Adam's is 0: not every branch decays.
    return (torch.optim.AdamW if use_adamw else torch.optim.Adam)(model.parameters(), lr=1e-3)


def adam_or_sgd(params, use_adam):
    # Non-flat parameters; SGD is not adaptive, so WD101 is not in every branch.
    return (torch.optim.Adam if use_adam else torch.optim.SGD)(params, lr=1e-3, weight_decay=1e-4)


def adam_or_nadam_non_flat(params, use_adam):
    return (torch.optim.Adam if use_adam else torch.optim.NAdam)(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101


def multiline(model, use_adamw, wd):
    optimizer = (torch.optim.AdamW if use_adamw else torch.optim.Adam)(
        model.parameters(),  # expect: WD102
        lr=1e-3,
        weight_decay=wd,
    )
    return optimizer


def unknown_branch(model, use_custom):
    # One branch is not a known optimizer: the analysis cannot tell, so nothing is reported.
    return (CustomOptimizer if use_custom else torch.optim.AdamW)(model.parameters(), lr=1e-3)


def conditional_weight_decay_value(params, args):
    # The value, not the class, is conditional: it can be nonzero at run time.
    return torch.optim.Adam(params, lr=1e-3, weight_decay=args.wd if args.regularise else 0.0)  # expect: WD101
