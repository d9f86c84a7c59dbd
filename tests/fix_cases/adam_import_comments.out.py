# Every use of the old name is renamed: its import is renamed in place, comments kept.
# A second import of the class goes, as a person would delete it: AdamW is imported already.
from torch.optim import (
    SGD,
    AdamW,  # the usual
)
# noqa: F401 (re-exported)

main = AdamW([weight], lr=1e-3, weight_decay=1e-4)
plain = AdamW([weight], lr=1e-3, weight_decay=1e-4)
again = AdamW([bias], lr=1e-3, weight_decay=1e-4)
baseline = SGD([weight], lr=0.1)


def build():
    from torch.optim import AdamW  # local on purpose

    return AdamW([weight], lr=1e-3, weight_decay=1e-4)


def guarded():
    # Imported on both branches: both are renamed.
    try:
        from torch.optim import AdamW
    except ImportError:  # an old torch
        from torch.optim import AdamW  # fallback

    return AdamW([weight], lr=1e-3, weight_decay=1e-4)
