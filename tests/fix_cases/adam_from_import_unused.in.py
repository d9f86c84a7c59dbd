from torch.optim import Adam, SGD

params = list(model.parameters())
optimizer = Adam(params, lr=1e-3, weight_decay=5e-4)
other = SGD([model.head.weight], lr=0.1)
