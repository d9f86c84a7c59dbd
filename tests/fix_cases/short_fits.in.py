import torch

o = torch.optim.AdamW(m.parameters())
