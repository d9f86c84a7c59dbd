import torch

# black's layout of a long comprehension: written twice, it is joined first.
finetune = torch.optim.AdamW(
    [
        p
        for p in model.parameters()
        if p.requires_grad
    ],
    lr=2e-5,
)
commented = torch.optim.SGD(
    [
        p
        for p in model.parameters()  # the frozen encoder is skipped
        if p.requires_grad
    ],
    lr=0.1,
    weight_decay=1e-4,
)
listed = torch.optim.SGD(list(
    model.parameters()
), lr=0.1, weight_decay=1e-4)
grouped = torch.optim.SGD(
    [
        {
            "params": [
                p
                for p in backbone.parameters()  # backbone only
                if p.requires_grad
            ],
            "lr": 1e-3,
        },
        dict(params=filter(
            lambda p: p.requires_grad, head.parameters()), lr=1e-2),
    ],
    lr=0.1,
    weight_decay=1e-4,
)
