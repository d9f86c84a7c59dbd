import torch


def build(model):
	if model is not None:
		opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
		return opt
