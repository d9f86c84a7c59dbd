import torch

optimizer = torch.optim.Adam(
    [w],
    lr=1e-3,
    weight_decay=1e-4,  # from the paper
    decoupled_weight_decay=False,
)
short = torch.optim.Adam([w], weight_decay=1e-4, decoupled_weight_decay=False)
