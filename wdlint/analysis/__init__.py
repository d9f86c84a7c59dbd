"""Static analysis of training code with libcst (no torch, no execution)."""
