import torch

# Adagrad, RMSprop and Adamax have no decoupled mode: reported, not fixed.
a = torch.optim.Adagrad([w], lr=1e-2, weight_decay=1e-4)
b = torch.optim.RMSprop([w], lr=1e-2, weight_decay=1e-4)
# Evaluating these twice would be unsafe: no WD102 fix.
params = model.parameters()
c = torch.optim.SGD(params, lr=0.1, weight_decay=5e-4)
d = torch.optim.AdamW(get_model().parameters(), lr=1e-3)
e = torch.optim.AdamW(models[0].parameters(), lr=1e-3)
