# WD101 through every import form the spec lists. `params` is a function
# parameter (not a flat iterable), so only WD101 is expected here.
import functools
from functools import partial

import torch
import torch as T
import torch.optim
import torch.optim as optim
import torch.optim.adam
from torch import optim as torch_optim
from torch.optim import Adam
from torch.optim import Adam as A
from torch.optim.adam import Adam as AdamFromSubmodule


def attribute_forms(params):
    torch.optim.Adam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    torch.optim.adam.Adam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    optim.Adam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    torch_optim.Adam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    T.optim.Adam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101


def from_import_forms(params):
    Adam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    A(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    AdamFromSubmodule(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101


def partial_forms(params):
    functools.partial(torch.optim.Adam, lr=1e-3, weight_decay=1e-4)(params)  # expect: WD101
    partial(optim.RMSprop, lr=1e-2, weight_decay=1e-4)(params)  # expect: WD101
    functools.partial(torch.optim.Adam, lr=1e-3)(params)


def partial_reported_where_the_decay_is_written(weight, bias):
    # Once per optimizer: at the partial when it fixes the decaying groups, else at the call.
    bound = functools.partial(torch.optim.Adam, [{"params": [weight], "weight_decay": 1e-4}])  # expect: WD101
    bound(lr=1e-3)
    factory = functools.partial(torch.optim.Adam, lr=1e-3)
    factory([{"params": [weight], "weight_decay": 1e-4}, {"params": [bias]}])  # expect: WD101
    keyword = functools.partial(torch.optim.Adam, weight_decay=1e-4)  # expect: WD101
    keyword([weight], lr=1e-3)


def multiline_call_reports_where_the_call_starts(params):
    optimizer = torch.optim.Adam(  # expect: WD101
        params,
        lr=1e-3,
        weight_decay=1e-4,
    )
    return optimizer


def not_optimizers(params):
    # Same names, other modules: not torch.optim.
    import mylib

    mylib.Adam(params, lr=1e-3, weight_decay=1e-4)
    torch.nn.Adam(params, weight_decay=1e-4)
    torch.optim.lr_scheduler.StepLR(params, step_size=10, gamma=0.1)


def rebound_to_the_same_module(params):
    # Every binding of `opt_module` names torch.optim: still recognised.
    import torch.optim as opt_module

    if params is None:
        opt_module = torch.optim
    opt_module.Adam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101


def rebound_to_another_module(params):
    import torch.optim as opt_module

    if params is None:
        import mylib.optim as opt_module
    opt_module.Adam(params, lr=1e-3, weight_decay=1e-4)
