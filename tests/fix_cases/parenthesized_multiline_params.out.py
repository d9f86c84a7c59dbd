import torch

# The parameters sit in their own parentheses over several lines: the new list replaces them
# from the opening parenthesis, so it is indented from that line, not from the one inside.
optimizer = torch.optim.AdamW(
    [
        # every tensor
        {"params": [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]},
        {
            "params": [p for p in model.parameters() if p.requires_grad and p.ndim < 2],
            "weight_decay": 0.0,
        },
    ],
    lr=1e-3,
)


def build(net):
    return torch.optim.SGD(
        [
            {"params": [p for p in (net.parameters()) if p.ndim >= 2]},
            {
                "params": [p for p in (net.parameters()) if p.ndim < 2],
                "weight_decay": 0.0,
            },
        ],
        lr=0.1,
        weight_decay=1e-4,
    )


groups = torch.optim.SGD(
    [
        {"params": [p for p in (head.parameters()) if p.ndim >= 2], "lr": 1e-2},
        {
            "params": [p for p in (head.parameters()) if p.ndim < 2],
            "lr": 1e-2,
            "weight_decay": 0.0,
        },
    ],
    weight_decay=1e-4,
)
