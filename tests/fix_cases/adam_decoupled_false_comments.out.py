# Dropping the last argument keeps every comment: the one ending the line before it (also when
# the dropped argument has no trailing comma), own-line comments above it, and its own.
import torch

no_trailing_comma = torch.optim.AdamW(
    [w],
    weight_decay=1e-4,  # from the paper
)
own_line = torch.optim.AdamW(
    [w],
    weight_decay=1e-4,
    # the default, spelled out
)
both = torch.optim.AdamW(
    [w],
    weight_decay=1e-4,  # from the paper
    # the default
)
both_with_comma = torch.optim.AdamW(
    [w],
    weight_decay=1e-4,  # from the paper
    # spelled out
    # the default
)
