# A call left open at the end of the file: WD000 where the bracket opens.
import torch

optimizer = torch.optim.AdamW(  # expect: WD000
