# A form feed (a page break, as old sources use) is no line break for Python, flake8 or
# wdlint: the findings after it keep their line numbers.
import torch


def build(params):
    return torch.optim.Adam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101


def build_more(params):
    return torch.optim.RMSprop(params, lr=1e-2, weight_decay=1e-4)  # expect: WD101
