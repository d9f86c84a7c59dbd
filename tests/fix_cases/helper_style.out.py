# wdlint-fix-style: helper
import torch
import wdlint

a = torch.optim.AdamW(wdlint.param_groups(model), lr=3e-4, weight_decay=0.1)
b = torch.optim.AdamW(wdlint.param_groups(model), lr=3e-4)
c = torch.optim.AdamW([
    {
        "params": [
            p
            for p in list(encoder.parameters()) + list(decoder.parameters())
            if p.ndim >= 2
        ],
    },
    {
        "params": [
            p
            for p in list(encoder.parameters()) + list(decoder.parameters())
            if p.ndim < 2
        ],
        "weight_decay": 0.0,
    },
], lr=3e-4)
d = torch.optim.AdamW(wdlint.param_groups(self.net), lr=1e-3, weight_decay=1e-4)
