import torch
from transformers import AdamW

optimizer = torch.optim.AdamW([w], lr=1e-3, weight_decay=1e-4)
legacy = AdamW([w], lr=1e-3)
