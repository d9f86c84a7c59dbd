import torch
from torch.optim import Adam
from transformers import AdamW

optimizer = Adam([w], lr=1e-3, weight_decay=1e-4)
legacy = AdamW([w], lr=1e-3)
