# A file that does not parse yields exactly one finding, WD000, at the error;
# the optimizer below is not analysed.
import torch


def build(model):
    return torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)


def train(model, loader)  # expect: WD000
    optimizer = build(model)
    for x, y in loader:
        loss = model(x, y)
        loss.backward()
        optimizer.step()
