# An added argument copies the layout of the others, not their comments: an own-line comment
# above an argument is not repeated above the new one, a comment ending the line stays there.
import torch

trailing = torch.optim.NAdam(
    [w],
    lr=1e-3,
    weight_decay=1e-4,  # from the paper
    decoupled_weight_decay=True
)
own_line = torch.optim.NAdam(
    [w],
    # the paper's value
    weight_decay=1e-4,
    decoupled_weight_decay=True
)
between = torch.optim.NAdam(
    [w],
    # the paper's value
    weight_decay=1e-4,
    lr=1e-3,
    decoupled_weight_decay=True,
)
