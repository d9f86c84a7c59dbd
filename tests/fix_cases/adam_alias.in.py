from torch.optim import Adam as A

optimizer = A([model.embed.weight], 1e-3, (0.9, 0.98), 1e-9, 0.01, True)
