from torch.optim import Adam, AdamW


def build(model, args):
    optimizer = AdamW([model.head.weight], lr=args.lr, weight_decay=args.weight_decay)
    assert isinstance(optimizer, Adam)
    return optimizer
