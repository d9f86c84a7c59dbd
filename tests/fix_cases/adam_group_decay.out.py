import torch

optimizer = torch.optim.AdamW(
    [
        {"params": [encoder.weight], "weight_decay": 1e-4},
        {"params": [head.weight]},
    ],
    lr=1e-3,
    weight_decay=0.0,
)
