import torch


def build(model, frozen):
    trainable = [p for p in model.parameters() if p.requires_grad]
    if frozen:
        trainable = list(model.head.parameters())
    return torch.optim.AdamW([
        {"params": [p for p in trainable if p.ndim >= 2]},
        {"params": [p for p in trainable if p.ndim < 2], "weight_decay": 0.0},
    ], lr=1e-4, weight_decay=0.05)
