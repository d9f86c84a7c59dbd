# Every use of the old name is renamed: its import is renamed in place, comments kept.
# A second import of the class goes, as a person would delete it: AdamW is imported already.
from torch.optim import (
    SGD,
    Adam,  # the usual
)
from torch.optim.adam import Adam as PlainAdam  # noqa: F401 (re-exported)

main = Adam([weight], lr=1e-3, weight_decay=1e-4)
plain = PlainAdam([weight], lr=1e-3, weight_decay=1e-4)
again = PlainAdam([bias], lr=1e-3, weight_decay=1e-4)
baseline = SGD([weight], lr=0.1)


def build():
    from torch.optim import Adam  # local on purpose

    return Adam([weight], lr=1e-3, weight_decay=1e-4)


def guarded():
    # Imported on both branches: both are renamed.
    try:
        from torch.optim import Adam
    except ImportError:  # an old torch
        from torch.optim import Adam  # fallback

    return Adam([weight], lr=1e-3, weight_decay=1e-4)
