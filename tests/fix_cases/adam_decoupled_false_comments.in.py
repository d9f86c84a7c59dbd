# Dropping the last argument keeps every comment: the one ending the line before it (also when
# the dropped argument has no trailing comma), own-line comments above it, and its own.
import torch

no_trailing_comma = torch.optim.Adam(
    [w],
    weight_decay=1e-4,  # from the paper
    decoupled_weight_decay=False
)
own_line = torch.optim.Adam(
    [w],
    weight_decay=1e-4,
    # the default, spelled out
    decoupled_weight_decay=False,
)
both = torch.optim.Adam(
    [w],
    weight_decay=1e-4,  # from the paper
    decoupled_weight_decay=False  # the default
)
both_with_comma = torch.optim.Adam(
    [w],
    weight_decay=1e-4,  # from the paper
    # spelled out
    decoupled_weight_decay=False,  # the default
)
