import torch.optim.adam
from torch.optim.adam import Adam

first = torch.optim.adam.Adam([w], lr=1e-3, weight_decay=1e-2)
second = Adam([w], lr=1e-3, weight_decay=1e-2)
