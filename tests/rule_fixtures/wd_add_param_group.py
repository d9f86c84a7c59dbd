# A group added later with add_param_group carries its own weight decay: the
# construction alone passes none, and ast must not dismiss the file for that.
import torch


opt = torch.optim.Adam(model.parameters(), lr=1e-3)


def add_later():
    opt.add_param_group({"params": head.parameters(), "weight_decay": 1e-4})  # expect: WD101, WD102


def build(model, head):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    optimizer.add_param_group({"params": [p for p in head.parameters() if p.ndim >= 2], "weight_decay": 0.01})  # expect: WD101
    return optimizer


def without_decay(model, head):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    optimizer.add_param_group({"params": head.parameters(), "lr": 1e-4})
    return optimizer
