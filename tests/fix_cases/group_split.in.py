import torch

a = torch.optim.AdamW([{"params": model.parameters(), "lr": 1e-3}], weight_decay=0.1)
b = torch.optim.SGD(
    [
        {"params": backbone.parameters(), "lr": 1e-3},  # slower backbone
        {"params": [head.weight], "lr": 1e-2},
    ],
    momentum=0.9,
    weight_decay=5e-4,
)
groups = [
    {
        "params": encoder.parameters(),
        "weight_decay": 0.01,
    },
    dict(params=decoder.parameters(), lr=5e-4),
]
c = torch.optim.AdamW(groups, lr=1e-3)
