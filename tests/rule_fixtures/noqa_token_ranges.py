# flake8 reads `# noqa` per token range: a backslash continuation or a multi-line
# string makes one range of several lines, and the comment after its last line
# covers a finding on any of them.  `wdlint check` must agree.
import torch


def backslash_continuation(model, loss, lam):
    optimizer = torch.optim.Adam(model.parameters(), \
                                 lr=1e-3, weight_decay=1e-4)  # noqa: WD101, WD102
    l2 = sum(p.pow(2).sum() for p in \
             model.parameters())  # noqa
    return optimizer, loss + lam * l2


def multiline_string_argument(model):
    return torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=1e-4, foreach=None if """
    a long note""" else None)  # noqa: WD102


def not_reached(model):
    # Separate lines of a bracketed call are separate ranges.
    return torch.optim.Adam(  # expect: WD101
        model.parameters(),  # expect: WD102
        weight_decay=1e-4)  # noqa
