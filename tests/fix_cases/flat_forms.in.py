import itertools

import torch

a = torch.optim.AdamW(model.named_parameters(), lr=3e-4)
b = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=3e-4)
c = torch.optim.AdamW((p for p in model.parameters() if p.requires_grad), lr=3e-4)
d = torch.optim.AdamW(filter(lambda p: p.requires_grad, model.parameters()), lr=3e-4)
e = torch.optim.AdamW(list(model.parameters()), lr=3e-4)
f = torch.optim.AdamW(itertools.chain(encoder.parameters(), decoder.parameters()), lr=3e-4)
g = torch.optim.AdamW([p for n, p in model.named_parameters() if p.requires_grad], lr=3e-4)
h = torch.optim.AdamW(p for p in model.parameters() if p.requires_grad)
