from torch.optim import NAdam
import torch


class Trainer:
    def configure(self, model, args):
        # Laying the call out would carry the parameters (WD102) off the noqa line.
        optimizer = NAdam(model.parameters(), 1e-3, (0.9, 0.999), 1e-08, 1e-4, decoupled_weight_decay=True)  # noqa: WD102
        grouped = torch.optim.AdamW([{"params": model.parameters(), "weight_decay": 1e-4}], lr=1e-3, weight_decay=0.0)  # noqa: WD102
        return optimizer, grouped


# Two optimizers on one line, WD101 suppressed for both: only the last list is laid out.
opt_g, opt_d = torch.optim.Adam([{"params": [p for p in generator.parameters() if p.ndim >= 2]}, {"params": [p for p in generator.parameters() if p.ndim < 2], "weight_decay": 0.0}], lr=2e-4, weight_decay=1e-5), torch.optim.Adam([  # noqa: WD101
    {"params": [p for p in discriminator.parameters() if p.ndim >= 2]},
    {
        "params": [p for p in discriminator.parameters() if p.ndim < 2],
        "weight_decay": 0.0,
    },
], lr=2e-4, weight_decay=1e-5)
# A comment ending the first line of a multi-line expression stays on that line.
finetune = torch.optim.Adam([  # noqa: WD101
    # trainable only
    {"params": [p for p in model.parameters() if p.requires_grad and p.ndim >= 2]},
    {
        "params": [p for p in model.parameters() if p.requires_grad and p.ndim < 2],
        "weight_decay": 0.0,
    },
], lr=1e-3, weight_decay=1e-4)
