# flake8: noqa: E501
# flake8 skips a file with a file-level `# flake8: noqa` even when codes follow,
# so `wdlint check` does too: nothing is reported here by either surface.
import torch


def build(model):
    return torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
