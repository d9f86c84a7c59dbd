import functools
from functools import partial

import torch

make_a = functools.partial(torch.optim.Adam, lr=1e-3, weight_decay=1e-4)
make_b = partial(torch.optim.NAdam, lr=1e-3, weight_decay=1e-4)
optimizer = make_a([w])
