from torch.optim import AdamW, SGD

params = list(model.parameters())
optimizer = AdamW([
    {"params": [p for p in params if p.ndim >= 2]},
    {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
], lr=1e-3, weight_decay=5e-4)
other = SGD([model.head.weight], lr=0.1)
