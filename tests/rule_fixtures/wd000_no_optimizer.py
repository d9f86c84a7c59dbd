# A model file caught mid-edit: nothing in it could hold a WD1xx finding (no
# optimizer, no penalty), so the prefilter skips the analysis, but a file
# that does not parse is still reported.
import torch.nn as nn


class Head(nn.Module):
    def __init__(self, dim, classes):
        super().__init__()
        self.proj = nn.Linear(dim, classes  # expect: WD000

    def forward(self, x):
        return self.proj(x)
