# wdlint-fix-style: helper
import torch

plain = torch.optim.AdamW(
    [
        p
        for p in model.parameters()
        if p.requires_grad
    ],
    lr=2e-5,
)
# The helper call has no place for this comment: the inline split keeps it.
commented = torch.optim.AdamW(
    [
        p
        for p in model.parameters()  # the frozen encoder is skipped
        if p.requires_grad
    ],
    lr=2e-5,
)
