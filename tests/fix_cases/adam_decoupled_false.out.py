import torch

optimizer = torch.optim.AdamW(
    [w],
    lr=1e-3,
    weight_decay=1e-4,  # from the paper
)
short = torch.optim.AdamW([w], weight_decay=1e-4)
