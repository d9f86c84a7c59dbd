# A comment after the last argument, before a closing bracket on its own line, stays on
# the argument's line: the new argument goes before it, in the call's one-line style.
from torch.optim import NAdam

a = NAdam([w], lr=2e-3, weight_decay=1e-4, decoupled_weight_decay=True  # tuned on the small run
)
b = NAdam([w], lr=2e-3, weight_decay=1e-4, decoupled_weight_decay=True,  # tuned on the small run
)
