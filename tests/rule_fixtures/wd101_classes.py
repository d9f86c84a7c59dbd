# Which classes WD101 covers. `params` is a function parameter (not flat), so
# WD102 never applies in this file.
import torch


def coupled_adaptive(params):
    torch.optim.Adam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    torch.optim.Adamax(params, lr=2e-3, weight_decay=1e-4)  # expect: WD101
    torch.optim.NAdam(params, lr=2e-3, weight_decay=1e-4)  # expect: WD101
    torch.optim.RAdam(params, lr=1e-3, weight_decay=1e-4)  # expect: WD101
    torch.optim.Adagrad(params, lr=1e-2, weight_decay=1e-4)  # expect: WD101
    torch.optim.RMSprop(params, lr=1e-2, weight_decay=1e-4)  # expect: WD101


def coupled_adaptive_without_decay(params):
    torch.optim.Adam(params, lr=1e-3)
    torch.optim.Adamax(params, lr=2e-3)
    torch.optim.NAdam(params, lr=2e-3)
    torch.optim.RAdam(params, lr=1e-3)
    torch.optim.Adagrad(params, lr=1e-2)
    torch.optim.RMSprop(params, lr=1e-2, momentum=0.9)


def decoupled_never_wd101(params):
    torch.optim.AdamW(params, lr=1e-3, weight_decay=0.1)
    torch.optim.Adafactor(params, lr=1e-2, weight_decay=1e-2)
    torch.optim.Muon(params, lr=2e-2, weight_decay=0.1)


def coupled_non_adaptive_never_wd101(params):
    torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=5e-4)
    torch.optim.ASGD(params, lr=1e-2, weight_decay=1e-4)
    torch.optim.Adadelta(params, lr=1.0, weight_decay=1e-4)


def no_decay_optimizers(params):
    torch.optim.SparseAdam(params, lr=1e-3)
    torch.optim.LBFGS(params, lr=1.0, history_size=10)
    torch.optim.Rprop(params, lr=1e-2)


def every_class_in_one_function(model):
    # Flat parameters with a nonzero decay: WD102 wherever the optimizer has decay,
    # WD101 on top for the coupled adaptive ones.
    torch.optim.Adam(model.parameters(), weight_decay=1e-4)  # expect: WD101, WD102
    torch.optim.Adagrad(model.parameters(), weight_decay=1e-4)  # expect: WD101, WD102
    torch.optim.AdamW(model.parameters(), weight_decay=1e-4)  # expect: WD102
    torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=1e-4)  # expect: WD102
    torch.optim.ASGD(model.parameters(), weight_decay=1e-4)  # expect: WD102
    torch.optim.Adadelta(model.parameters(), weight_decay=1e-4)  # expect: WD102
    torch.optim.Adafactor(model.parameters(), weight_decay=1e-4)  # expect: WD102
    torch.optim.Muon(model.parameters(), weight_decay=1e-4)  # expect: WD102
    torch.optim.SparseAdam(model.parameters(), lr=1e-3)
    torch.optim.LBFGS(model.parameters())
    torch.optim.Rprop(model.parameters())
