# A name imported in both arms of a try/except (or if/else) may be either class:
# analysed per branch like a conditional expression, reported when every branch has it.
import torch

try:
    from apex.optimizers import FusedAdam as AdamW
except ImportError:
    from torch.optim import AdamW

try:
    from torch.optim import Adam as CoupledAdam
except ImportError:
    from torch.optim.adam import Adam as CoupledAdam

try:
    from mylab.optim import LionW as Optimizer
except ImportError:
    from torch.optim import AdamW as Optimizer


def fused_or_torch(model, args):
    # Both decoupled, both given a nonzero decay: WD102 only.
    return AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)  # expect: WD102


def fused_or_torch_default(model, args):
    # FusedAdam's default decay is 0, AdamW's 0.01: not every branch decays.
    return AdamW(model.parameters(), lr=args.lr)


def adam_either_path(model):
    return CoupledAdam(model.parameters(), lr=1e-3, weight_decay=1e-4)  # expect: WD101, WD102


def unknown_branch(model):
    # One branch is not a known optimizer: cannot tell, no report.
    return Optimizer(model.parameters(), lr=1e-3, weight_decay=0.1)
