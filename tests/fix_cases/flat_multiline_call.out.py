import torch


class Trainer:
    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(
            [
                {"params": [p for p in self.model.parameters() if p.ndim >= 2]},
                {
                    "params": [p for p in self.model.parameters() if p.ndim < 2],
                    "weight_decay": 0.0,
                },
            ],
            lr=self.hparams.lr,
            weight_decay=self.hparams.weight_decay,
        )
        scheduler = torch.optim.SGD(
            [
                {"params": [p for p in self.model.parameters() if p.ndim >= 2]},
                {
                    "params": [p for p in self.model.parameters() if p.ndim < 2],
                    "weight_decay": 0.0,
                },
            ], lr=0.1,
            momentum=0.9, weight_decay=5e-4)
        return optimizer, scheduler
