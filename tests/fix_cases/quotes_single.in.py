import torch

config = {'lr': 1e-3, 'weight_decay': 0.05}
optimizer = torch.optim.AdamW(model.parameters(), lr=config['lr'], weight_decay=config['weight_decay'])
