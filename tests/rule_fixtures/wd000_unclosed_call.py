# A call left open at the end of the file: WD000 where the bracket opens.
# (Without ``parameters`` the file could hold no finding, and would not be parsed.)
import torch

optimizer = torch.optim.AdamW(  # expect: WD000
    model.parameters(),
