import torch

a = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)  # noqa: WD101
b = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)  # noqa: WD102
c = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)  # noqa
d = torch.optim.AdamW(model.parameters(), lr=1e-3)  # keep the default decay
