import torch.optim as optim
from torch import optim as torch_optim

a = optim.AdamW([w], lr=1e-3, weight_decay=1e-4)
b = torch_optim.AdamW([w], lr=1e-3, weight_decay=1e-4)
