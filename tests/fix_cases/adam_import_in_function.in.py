import torch


def only_adam(model, lr=3e-4, weight_decay=0.05):
    from torch.optim import Adam

    return Adam([model.weight], lr=lr, weight_decay=weight_decay)


def with_sgd(model, adaptive):
    from torch.optim import Adam, SGD

    if adaptive:
        return Adam([model.weight], lr=1e-3, weight_decay=1e-4)
    return SGD([model.weight], lr=0.1)


def still_used(model):
    from torch.optim import Adam

    optimizer = Adam([model.weight], lr=1e-3, weight_decay=1e-4)
    assert isinstance(optimizer, Adam)
    return optimizer


def from_submodule(model):
    from torch.optim.adam import Adam

    return Adam([model.weight], lr=1e-3, weight_decay=1e-4)


if torch.__version__ >= "2":
    from torch.optim import Adam

    legacy = Adam([weight], lr=1e-3, weight_decay=1e-4)
