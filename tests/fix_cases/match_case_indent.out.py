import torch

# A `case` body sits two levels below `match`: the new groups are indented from the call's line.
match args.optimizer:
    case "adam":
        optimizer = torch.optim.AdamW([
            {"params": [p for p in model.parameters() if p.ndim >= 2]},
            {
                "params": [p for p in model.parameters() if p.ndim < 2],
                "weight_decay": 0.0,
            },
        ], lr=1e-3, weight_decay=1e-4)
    case "sgd":
        optimizer = torch.optim.SGD(
            [
                {"params": [p for p in model.parameters() if p.ndim >= 2]},
                {
                    "params": [p for p in model.parameters() if p.ndim < 2],
                    "weight_decay": 0.0,
                },
            ],
            lr=0.1,
            weight_decay=1e-4,
        )
    case _:
        def build(net):
            match net:
                case _:
                    return torch.optim.NAdam(
                        [
                            {"params": [p for p in net.parameters() if p.ndim >= 2]},
                            {
                                "params": [p for p in net.parameters() if p.ndim < 2],
                                "weight_decay": 0.0,
                            },
                        ],
                        lr=2e-3,
                        betas=(0.9, 0.999),
                        weight_decay=1e-4,
                        decoupled_weight_decay=True,
                    )
