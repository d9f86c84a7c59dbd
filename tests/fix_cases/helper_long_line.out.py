# wdlint-fix-style: helper
import torch
import wdlint


def configure(model, config, lr):
    # `wdlint.param_groups(model)` is longer than `model.parameters()`: past 88 columns, black's layout.
    optimizer = torch.optim.AdamW(
        wdlint.param_groups(model),
        lr=lr,
        betas=(0.9, 0.95),
        weight_decay=1e-4,
    )
    sgd = torch.optim.SGD(  # base
        wdlint.param_groups(model),
        lr=0.1,
        momentum=0.9,
        weight_decay=config.wd,
    )
    short = torch.optim.AdamW(wdlint.param_groups(model), lr=lr)
    return optimizer, sgd, short
