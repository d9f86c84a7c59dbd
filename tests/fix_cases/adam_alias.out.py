from torch.optim import AdamW

optimizer = AdamW([model.embed.weight], 1e-3, (0.9, 0.98), 1e-9, 0.01, True)
