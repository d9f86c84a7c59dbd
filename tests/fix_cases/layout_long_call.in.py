import torch


def configure(model, config):
    if config is not None:
        # The arguments after the parameters would still pass 88 columns: one per line.
        optimizer = torch.optim.Adam(model.parameters(), lr=config.learning_rate, betas=(config.beta1, config.beta2), eps=config.eps, weight_decay=config.weight_decay)  # GPT-ish
        # Short enough after the new list: the call hugs it.
        scheduler_opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
        return optimizer, scheduler_opt


# Research-code style: continuation lines aligned with the bracket.
optimizer = torch.optim.Adam(model.parameters(), lr=args.lr,
                             weight_decay=args.weight_decay)
groups = torch.optim.SGD([{"params": model.parameters(), "lr": args.lr}],
                         momentum=0.9, weight_decay=args.weight_decay)
# A comment ending the first line goes after the bracket; one further in keeps the aligned layout.
kept = torch.optim.SGD(model.parameters(), lr=args.lr,  # base rate
                       momentum=0.9, weight_decay=args.weight_decay)
aligned = torch.optim.SGD(model.parameters(), lr=args.lr,
                          momentum=0.9,  # heavy ball
                          weight_decay=args.weight_decay)
