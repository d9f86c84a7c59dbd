import torch

# The parameters sit in their own parentheses over several lines: the new list replaces them
# from the opening parenthesis, so it is indented from that line, not from the one inside.
optimizer = torch.optim.AdamW(
    (
        p
        for p in model.parameters()  # every tensor
        if p.requires_grad
    ),
    lr=1e-3,
)


def build(net):
    return torch.optim.SGD(
        (
            net.parameters()
        ),
        lr=0.1,
        weight_decay=1e-4,
    )


groups = torch.optim.SGD(
    [
        {"params": (
            head.parameters()
        ), "lr": 1e-2},
    ],
    weight_decay=1e-4,
)
