import torch

o = torch.optim.AdamW([
    {"params": [p for p in m.parameters() if p.ndim >= 2]},
    {"params": [p for p in m.parameters() if p.ndim < 2], "weight_decay": 0.0},
])
