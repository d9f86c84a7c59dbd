import torch


class Trainer:
    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(
            self.model.parameters(),
            lr=self.hparams.lr,
            weight_decay=self.hparams.weight_decay,
        )
        scheduler = torch.optim.SGD(
            self.model.parameters(), lr=0.1,
            momentum=0.9, weight_decay=5e-4)
        return optimizer, scheduler
