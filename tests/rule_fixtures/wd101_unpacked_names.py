# A name bound by tuple unpacking (``LR, WD = 3e-4, 0.0``) is bound to its own item:
# provably zero when that item is a zero literal, flat when it is a flat iterable.
import torch

LR, WD = 3e-4, 0.0


def module_level_pair(model):
    return torch.optim.Adam(model.parameters(), lr=LR, weight_decay=WD)


def local_pair(model):
    (lr, wd) = (1e-3, 0)
    return torch.optim.RMSprop(model.parameters(), lr=lr, weight_decay=wd)


def local_pair_nonzero(model):
    lr, wd = 1e-3, 1e-4
    return torch.optim.Adam(model.parameters(), lr=lr, weight_decay=wd)  # expect: WD101, WD102


def nested_pair(model):
    lr, (wd, momentum) = 0.1, (5e-4, 0.9)
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=wd)  # expect: WD102


def starred_is_not_item_by_item(model, values):
    wd, *rest = 0.0, 1.0, 2.0
    return torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=wd)  # expect: WD101, WD102


def unpacked_from_a_call(model, config):
    lr, wd = config.optimizer_values()
    return torch.optim.Adam(model.parameters(), lr=lr, weight_decay=wd)  # expect: WD101, WD102


def flat_pair(encoder, decoder):
    params, head = list(encoder.parameters()), decoder.weight
    return torch.optim.SGD(params, lr=0.1, weight_decay=1e-4)  # expect: WD102
