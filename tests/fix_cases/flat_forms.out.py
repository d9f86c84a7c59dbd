import itertools

import torch

a = torch.optim.AdamW([
    {"params": [(n, p) for n, p in model.named_parameters() if p.ndim >= 2]},
    {
        "params": [(n, p) for n, p in model.named_parameters() if p.ndim < 2],
        "weight_decay": 0.0,
    },
], lr=3e-4)
b = torch.optim.AdamW([
    {"params": [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]},
    {
        "params": [p for p in model.parameters() if p.requires_grad and p.ndim < 2],
        "weight_decay": 0.0,
    },
], lr=3e-4)
c = torch.optim.AdamW([
    {"params": [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]},
    {
        "params": [p for p in model.parameters() if p.requires_grad and p.ndim < 2],
        "weight_decay": 0.0,
    },
], lr=3e-4)
d = torch.optim.AdamW([
    {"params": [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]},
    {
        "params": [p for p in model.parameters() if p.requires_grad and p.ndim < 2],
        "weight_decay": 0.0,
    },
], lr=3e-4)
e = torch.optim.AdamW([
    {"params": [p for p in model.parameters() if p.ndim >= 2]},
    {"params": [p for p in model.parameters() if p.ndim < 2], "weight_decay": 0.0},
], lr=3e-4)
f = torch.optim.AdamW([
    {
        "params": [
            p
            for p in itertools.chain(encoder.parameters(), decoder.parameters())
            if p.ndim >= 2
        ],
    },
    {
        "params": [
            p
            for p in itertools.chain(encoder.parameters(), decoder.parameters())
            if p.ndim < 2
        ],
        "weight_decay": 0.0,
    },
], lr=3e-4)
g = torch.optim.AdamW([
    {
        "params": [
            p for n, p in model.named_parameters() if p.requires_grad and p.ndim >= 2
        ],
    },
    {
        "params": [
            p for n, p in model.named_parameters() if p.requires_grad and p.ndim < 2
        ],
        "weight_decay": 0.0,
    },
], lr=3e-4)
h = torch.optim.AdamW([
    {"params": [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]},
    {
        "params": [p for p in model.parameters() if p.requires_grad and p.ndim < 2],
        "weight_decay": 0.0,
    },
])
