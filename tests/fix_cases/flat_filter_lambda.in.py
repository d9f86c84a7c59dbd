import torch

# filter(lambda ...) becomes the comprehension a person would write.
named = torch.optim.SGD(filter(lambda item: item[1].requires_grad, model.named_parameters()), lr=0.1, weight_decay=1e-4)
checked = torch.optim.SGD(filter(lambda p: p.requires_grad is True, model.parameters()), lr=0.1, weight_decay=1e-4)
# The lambda's name is also the model's: kept as filter(...), not a confusing comprehension.
shadowed = torch.optim.SGD(filter(lambda model: model.requires_grad, model.parameters()), lr=0.1, weight_decay=1e-4)
# Not a lambda: kept as it is.
by_function = torch.optim.SGD(filter(is_trainable, model.parameters()), lr=0.1, weight_decay=1e-4)
