import torch.optim.adam
from torch.optim import AdamW

first = torch.optim.AdamW([w], lr=1e-3, weight_decay=1e-2)
second = AdamW([w], lr=1e-3, weight_decay=1e-2)
