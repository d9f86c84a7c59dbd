# torch reads decoupled_weight_decay per param group: a group that sets it True has
# decoupled (AdamW-style) decay, so its own weight_decay is not coupled (no WD101).
import torch


def group_sets_the_flag(model):
    torch.optim.Adam([{"params": [model.w], "weight_decay": 1e-2, "decoupled_weight_decay": True}], lr=1e-3)
    torch.optim.NAdam([dict(params=[model.w], weight_decay=1e-2, decoupled_weight_decay=True)], lr=2e-3)
    torch.optim.RAdam([{"params": [model.w], "weight_decay": 1e-2, "decoupled_weight_decay": model.flag}], lr=1e-3)


def group_flag_false_or_absent(model):
    torch.optim.Adam([{"params": [model.w], "weight_decay": 1e-2, "decoupled_weight_decay": False}], lr=1e-3)  # expect: WD101
    torch.optim.Adam(  # expect: WD101
        [
            {"params": [model.w], "weight_decay": 1e-2, "decoupled_weight_decay": True},
            {"params": [model.v], "weight_decay": 1e-2},
        ],
        lr=1e-3,
    )


def flat_group_still_decays(model):
    # Decoupled, but still decays biases and norms: WD102 only.
    torch.optim.Adam([{"params": model.parameters(), "weight_decay": 1e-2, "decoupled_weight_decay": True}], lr=1e-3)  # expect: WD102
