import torch

config = {'lr': 1e-3, 'weight_decay': 0.05}
optimizer = torch.optim.AdamW([
    {'params': [p for p in model.parameters() if p.ndim >= 2]},
    {'params': [p for p in model.parameters() if p.ndim < 2], 'weight_decay': 0.0},
], lr=config['lr'], weight_decay=config['weight_decay'])
