# wdlint-fix-style: helper
import torch


def configure(model, config, lr):
    # `wdlint.param_groups(model)` is longer than `model.parameters()`: past 88 columns, black's layout.
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=1e-4)
    sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=config.wd)  # base
    short = torch.optim.AdamW(model.parameters(), lr=lr)
    return optimizer, sgd, short
