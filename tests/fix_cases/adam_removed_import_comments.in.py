# AdamW is imported already: Adam's name goes, the comments on its lines stay where they were.
from torch.optim import (
    SGD,  # baseline
    Adam,  # main optimizer
    AdamW,
)


def build(model):
    from torch.optim import (
        AdamW,  # the fine-tuning one
        Adam  # pretraining
    )

    return Adam([model.weight], lr=1e-3, weight_decay=1e-4), AdamW([model.weight])


optimizer = Adam([model.weight], lr=1e-3, weight_decay=1e-4)
probe = SGD([model.weight], lr=0.1)
head = AdamW([model.weight], lr=1e-3, weight_decay=0.0)
