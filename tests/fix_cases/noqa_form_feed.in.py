import torch

# A form feed is no line break for Python: noqa comments below keep their lines.
sgd = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=1e-4)  # noqa: WD102
adam = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)  # noqa: WD102
