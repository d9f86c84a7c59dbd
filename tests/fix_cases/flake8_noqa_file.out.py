# flake8: noqa
import torch

a = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
