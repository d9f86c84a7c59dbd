import torch

# filter(lambda ...) becomes the comprehension a person would write.
named = torch.optim.SGD([
    {
        "params": [
            item
            for item in model.named_parameters()
            if item[1].requires_grad and item[1].ndim >= 2
        ],
    },
    {
        "params": [
            item
            for item in model.named_parameters()
            if item[1].requires_grad and item[1].ndim < 2
        ],
        "weight_decay": 0.0,
    },
], lr=0.1, weight_decay=1e-4)
checked = torch.optim.SGD([
    {
        "params": [
            p for p in model.parameters() if p.requires_grad is True and p.ndim >= 2
        ],
    },
    {
        "params": [
            p for p in model.parameters() if p.requires_grad is True and p.ndim < 2
        ],
        "weight_decay": 0.0,
    },
], lr=0.1, weight_decay=1e-4)
# The lambda's name is also the model's: kept as filter(...), not a confusing comprehension.
shadowed = torch.optim.SGD([
    {
        "params": [
            p
            for p in filter(lambda model: model.requires_grad, model.parameters())
            if p.ndim >= 2
        ],
    },
    {
        "params": [
            p
            for p in filter(lambda model: model.requires_grad, model.parameters())
            if p.ndim < 2
        ],
        "weight_decay": 0.0,
    },
], lr=0.1, weight_decay=1e-4)
# Not a lambda: kept as it is.
by_function = torch.optim.SGD([
    {"params": [p for p in filter(is_trainable, model.parameters()) if p.ndim >= 2]},
    {
        "params": [p for p in filter(is_trainable, model.parameters()) if p.ndim < 2],
        "weight_decay": 0.0,
    },
], lr=0.1, weight_decay=1e-4)
