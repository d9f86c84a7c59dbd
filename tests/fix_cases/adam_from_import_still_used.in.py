from torch.optim import Adam


def build(model, args):
    optimizer = Adam([model.head.weight], lr=args.lr, weight_decay=args.weight_decay)
    assert isinstance(optimizer, Adam)
    return optimizer
