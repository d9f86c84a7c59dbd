# wdlint-fix-style: helper
import torch

a = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)
b = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=3e-4)
c = torch.optim.AdamW(list(encoder.parameters()) + list(decoder.parameters()), lr=3e-4)
d = torch.optim.Adam(self.net.parameters(), lr=1e-3, weight_decay=1e-4)
