import torch

a = torch.optim.Adam([  # noqa: WD101
    {"params": [p for p in model.parameters() if p.ndim >= 2]},
    {"params": [p for p in model.parameters() if p.ndim < 2], "weight_decay": 0.0},
], lr=1e-3, weight_decay=1e-4)
b = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)  # noqa: WD102
c = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)  # noqa
d = torch.optim.AdamW([  # keep the default decay
    {"params": [p for p in model.parameters() if p.ndim >= 2]},
    {"params": [p for p in model.parameters() if p.ndim < 2], "weight_decay": 0.0},
], lr=1e-3)
