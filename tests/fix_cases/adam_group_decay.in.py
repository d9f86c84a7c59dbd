import torch

optimizer = torch.optim.Adam(
    [
        {"params": [encoder.weight], "weight_decay": 1e-4},
        {"params": [head.weight]},
    ],
    lr=1e-3,
)
