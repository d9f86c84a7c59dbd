import torch
from torch.optim import NAdam, RAdam

a = NAdam([w], lr=2e-3, weight_decay=1e-4)
b = RAdam([w], 1e-3, (0.9, 0.999), 1e-8, 1e-4, False)
c = RAdam([w], lr=1e-3, weight_decay=1e-4, decoupled_weight_decay=False)
d = torch.optim.NAdam([w], lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-4, momentum_decay=4e-3)
e = torch.optim.NAdam(
    [w],
    lr=2e-3,
    weight_decay=1e-4
)
