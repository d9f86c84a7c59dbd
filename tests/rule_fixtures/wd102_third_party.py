# WD102 on third-party optimizers: any row with weight decay, flat parameters, decay not provably
# zero (explicit, or the row's default). Decoupled rows get WD102 only, never WD101.
import bitsandbytes as bnb
import torch_optimizer
import transformers
from apex.optimizers import FusedAdam, FusedLAMB
from bitsandbytes.optim import Adam8bit, AdamW8bit, RMSprop
from lion_pytorch import Lion
from schedulefree import AdamWScheduleFree
from timm.optim import MADGRAD, Lamb, NAdamW


def bitsandbytes(model):
    Adam8bit(model.parameters(), lr=1e-3, weight_decay=0.01)  # expect: WD102
    Adam8bit(model.parameters(), lr=1e-3)  # bnb Adam's default decay is 0
    AdamW8bit(model.parameters(), lr=1e-3)  # expect: WD102
    bnb.optim.PagedAdamW(model.parameters(), lr=1e-3)  # expect: WD102
    bnb.optim.AdEMAMix(model.parameters())  # expect: WD102
    RMSprop(model.parameters(), lr=1e-2, weight_decay=1e-4)  # expect: WD101, WD102
    bnb.optim.SGD(model.parameters(), 0.1, 0.9, 0, 5e-4)  # expect: WD102
    Adam8bit(
        [
            {"params": [model.head.weight], "weight_decay": 0.01},
            {"params": model.parameters(), "weight_decay": 0.0},
        ],
        lr=1e-3,
    )


def apex(model):
    FusedAdam(model.parameters(), lr=1e-3, weight_decay=0.01)  # expect: WD102
    FusedAdam(model.parameters(), lr=1e-3)  # apex FusedAdam's default decay is 0
    FusedAdam(model.parameters(), adam_w_mode=False, weight_decay=0.01)  # expect: WD101, WD102
    FusedLAMB(model.parameters(), lr=1e-3)  # expect: WD102


def timm(model, args):
    Lamb(model.parameters(), lr=1e-3)  # expect: WD102
    NAdamW(model.parameters(), lr=1e-3)  # expect: WD102
    NAdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
    MADGRAD(model.parameters(), weight_decay=args.weight_decay, decoupled_decay=True)  # expect: WD102


def others(model):
    Lion(model.parameters(), lr=1e-4, weight_decay=1.0)  # expect: WD102
    Lion(model.parameters(), lr=1e-4)
    AdamWScheduleFree(model.parameters(), lr=2.5e-3, weight_decay=0.01)  # expect: WD102
    transformers.Adafactor(model.parameters(), lr=1e-3, relative_step=False, weight_decay=0.01)  # expect: WD102
    transformers.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)  # expect: WD102
    torch_optimizer.Lamb(model.parameters(), lr=1e-3, weight_decay=0.01)  # expect: WD102
    torch_optimizer.Yogi(model.parameters(), lr=1e-2, weight_decay=1e-4)  # expect: WD101, WD102
