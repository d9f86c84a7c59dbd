import torch

# A `case` body sits two levels below `match`: the new groups are indented from the call's line.
match args.optimizer:
    case "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    case "sgd":
        optimizer = torch.optim.SGD(
            model.parameters(),
            lr=0.1,
            weight_decay=1e-4,
        )
    case _:
        def build(net):
            match net:
                case _:
                    return torch.optim.NAdam(net.parameters(), lr=2e-3, betas=(0.9, 0.999), weight_decay=1e-4)
