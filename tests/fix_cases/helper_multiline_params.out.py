# wdlint-fix-style: helper
import torch
import wdlint

plain = torch.optim.AdamW(
    wdlint.param_groups(model),
    lr=2e-5,
)
# The helper call has no place for this comment: the inline split keeps it.
commented = torch.optim.AdamW(
    [
        # the frozen encoder is skipped
        {"params": [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]},
        {
            "params": [p for p in model.parameters() if p.requires_grad and p.ndim < 2],
            "weight_decay": 0.0,
        },
    ],
    lr=2e-5,
)
