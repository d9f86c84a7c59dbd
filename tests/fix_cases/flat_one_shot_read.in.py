import itertools

import torch

# Each of these reads an iterator bound to a name: writing the expression
# twice (decay and no-decay) would leave the second group empty, so WD102 is
# reported with fixable: false and nothing changes.


def listed(model):
    params = model.parameters()
    return torch.optim.SGD(list(params), lr=0.1, weight_decay=1e-4)


def comprehension(model):
    trainable = filter(lambda p: p.requires_grad, model.parameters())
    return torch.optim.SGD([p for p in trainable], lr=0.1, weight_decay=1e-4)


def chained(encoder, decoder):
    encoder_params = encoder.parameters()
    return torch.optim.SGD(itertools.chain(encoder_params, decoder.parameters()), lr=0.1, weight_decay=1e-4)


def in_a_group(model):
    named = model.named_parameters()
    return torch.optim.SGD([{"params": [p for _, p in named], "lr": 0.1}], lr=0.1, weight_decay=1e-4)
