# Flat parameter iterables (WD102), with decay that is not provably zero.
# SGD and AdamW are used so that WD101 never applies.
import itertools

import torch
from utils import get_param_groups


def flat_expressions(model, wd):
    torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD(model.named_parameters(), lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD(model.encoder.parameters(), lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD(list(model.parameters()), lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD(tuple(model.parameters()), lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD([p for p in model.parameters()], lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD((p for p in model.parameters() if p.requires_grad), lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD([p for n, p in model.named_parameters() if p.requires_grad], lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD(itertools.chain(model.encoder.parameters(), model.head.parameters()), lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD(list(model.encoder.parameters()) + list(model.head.parameters()), lr=0.1, weight_decay=wd)  # expect: WD102
    torch.optim.SGD(params=model.parameters(), lr=0.1, weight_decay=wd)  # expect: WD102


def reported_where_the_parameters_expression_starts(model, wd):
    torch.optim.SGD(
        model.parameters(),  # expect: WD102
        lr=0.1,
        momentum=0.9,
        weight_decay=wd,
    )
    torch.optim.SGD(
        lr=0.1,
        params=[  # expect: WD102
            p for p in model.parameters() if p.requires_grad
        ],
        weight_decay=wd,
    )


def not_flat(model, wd, params):
    torch.optim.SGD([model.weight], lr=0.1, weight_decay=wd)
    torch.optim.SGD([model.encoder.weight, model.head.weight], lr=0.1, weight_decay=wd)
    torch.optim.SGD(params, lr=0.1, weight_decay=wd)
    torch.optim.SGD(get_param_groups(model), lr=0.1, weight_decay=wd)
    torch.optim.SGD([p for n, p in model.named_parameters() if "bias" not in n], lr=0.1, weight_decay=wd)
    torch.optim.SGD([p for n, p in model.named_parameters() if not n.endswith(".bias")], lr=0.1, weight_decay=wd)
    torch.optim.SGD([p for p in model.parameters() if p.dim() >= 2], lr=0.1, weight_decay=wd)
    torch.optim.SGD([p for p in model.parameters() if p.ndim >= 2], lr=0.1, weight_decay=wd)
    torch.optim.SGD(
        [p for m in model.modules() if isinstance(m, torch.nn.Linear) for p in m.parameters()],
        lr=0.1,
        weight_decay=wd,
    )


def effective_decay(model, opt_kwargs):
    # AdamW's default weight decay is 0.01; Muon's is 0.1.
    torch.optim.AdamW(model.parameters(), lr=1e-3)  # expect: WD102
    torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
    torch.optim.AdamW(model.parameters(), 1e-3, (0.9, 0.999), 1e-8, 0.0)
    torch.optim.AdamW(model.parameters(), 1e-3, (0.9, 0.999), 1e-8, 0.05)  # expect: WD102
    torch.optim.Muon(model.parameters(), lr=2e-2)  # expect: WD102
    torch.optim.Muon(model.parameters(), 2e-2, 0.0)
    torch.optim.Muon([p for p in model.parameters() if p.ndim == 2], lr=2e-2)
    # Adafactor's default is 0.0, as are SGD's and Adam's.
    torch.optim.Adafactor(model.parameters(), lr=1e-2)
    torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    torch.optim.SGD(model.parameters(), 0.1, 0.9, 0, 5e-4)  # expect: WD102
    torch.optim.SGD(model.parameters(), 0.1, 0.9, 0, 0)
    torch.optim.Adam(model.parameters(), lr=1e-3)
    torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-2, decoupled_weight_decay=True)  # expect: WD102
    # `**kwargs` alone: the decay is unknown, not reported.
    torch.optim.AdamW(model.parameters(), lr=1e-3, **opt_kwargs)
    torch.optim.SGD(model.parameters(), lr=0.1, **opt_kwargs)


def local_name_bound_to_flat(model):
    params = model.parameters()
    return torch.optim.AdamW(params, lr=1e-3)  # expect: WD102


def local_name_flat_in_every_branch(model, freeze_backbone):
    if freeze_backbone:
        params = model.head.parameters()
    else:
        params = model.parameters()
    return torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=5e-4)  # expect: WD102


def local_name_flat_in_one_branch_only(model, grouped):
    if grouped:
        params = get_param_groups(model)
    else:
        params = model.parameters()
    return torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=5e-4)


def local_name_grown_with_flat_parameters(model):
    params = list(model.encoder.parameters())
    params += list(model.head.parameters())
    torch.optim.SGD(params, lr=0.1, weight_decay=1e-4)  # expect: WD102
    more = list(model.encoder.parameters())
    more.extend(model.head.parameters())
    torch.optim.SGD(more, lr=0.1, weight_decay=1e-4)  # expect: WD102


def local_name_reassigned_to_non_flat(model):
    params = model.parameters()
    params = [p for n, p in model.named_parameters() if "norm" not in n]
    return torch.optim.AdamW(params, lr=1e-3)


def local_name_from_a_function(model):
    params = get_param_groups(model)
    return torch.optim.AdamW(params, lr=1e-3)
