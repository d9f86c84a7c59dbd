import torch

# black's layout of a long comprehension: written twice, it is joined first.
finetune = torch.optim.AdamW(
    [
        {"params": [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]},
        {
            "params": [p for p in model.parameters() if p.requires_grad and p.ndim < 2],
            "weight_decay": 0.0,
        },
    ],
    lr=2e-5,
)
commented = torch.optim.SGD(
    [
        # the frozen encoder is skipped
        {"params": [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]},
        {
            "params": [p for p in model.parameters() if p.requires_grad and p.ndim < 2],
            "weight_decay": 0.0,
        },
    ],
    lr=0.1,
    weight_decay=1e-4,
)
listed = torch.optim.SGD([
    {"params": [p for p in model.parameters() if p.ndim >= 2]},
    {"params": [p for p in model.parameters() if p.ndim < 2], "weight_decay": 0.0},
], lr=0.1, weight_decay=1e-4)
grouped = torch.optim.SGD(
    [
        {
            # backbone only
            "params": [p for p in backbone.parameters() if p.requires_grad and p.ndim >= 2],
            "lr": 1e-3,
        },
        {
            "params": [p for p in backbone.parameters() if p.requires_grad and p.ndim < 2],
            "lr": 1e-3,
            "weight_decay": 0.0,
        },
        dict(
            params=[p for p in head.parameters() if p.requires_grad and p.ndim >= 2],
            lr=1e-2,
        ),
        dict(
            params=[p for p in head.parameters() if p.requires_grad and p.ndim < 2],
            lr=1e-2,
            weight_decay=0.0,
        ),
    ],
    lr=0.1,
    weight_decay=1e-4,
)
