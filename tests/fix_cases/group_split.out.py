import torch

a = torch.optim.AdamW([
    {"params": [p for p in model.parameters() if p.ndim >= 2], "lr": 1e-3},
    {
        "params": [p for p in model.parameters() if p.ndim < 2],
        "lr": 1e-3,
        "weight_decay": 0.0,
    },
], weight_decay=0.1)
b = torch.optim.SGD(
    [
        {"params": [p for p in backbone.parameters() if p.ndim >= 2], "lr": 1e-3},  # slower backbone
        {
            "params": [p for p in backbone.parameters() if p.ndim < 2],
            "lr": 1e-3,
            "weight_decay": 0.0,
        },
        {"params": [head.weight], "lr": 1e-2},
    ],
    momentum=0.9,
    weight_decay=5e-4,
)
groups = [
    {
        "params": [p for p in encoder.parameters() if p.ndim >= 2],
        "weight_decay": 0.01,
    },
    {
        "params": [p for p in encoder.parameters() if p.ndim < 2],
        "weight_decay": 0.0,
    },
    dict(params=[p for p in decoder.parameters() if p.ndim >= 2], lr=5e-4),
    dict(
        params=[p for p in decoder.parameters() if p.ndim < 2],
        lr=5e-4,
        weight_decay=0.0,
    ),
]
c = torch.optim.AdamW(groups, lr=1e-3)
