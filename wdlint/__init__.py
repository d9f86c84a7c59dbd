"""wdlint: find and fix weight-decay mistakes in PyTorch training code.

The runtime API is loaded on first use (PEP 562), so ``import wdlint`` and
the CLI never import torch.
"""

__version__ = "0.1.0"

_RUNTIME = ("check", "install", "param_groups", "Report", "Finding", "WeightDecayError", "WeightDecayWarning")

__all__ = ["__version__", *_RUNTIME]


def __getattr__(name: str):
    if name in _RUNTIME:
        from wdlint import runtime

        return getattr(runtime, name)
    raise AttributeError(f"module 'wdlint' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_RUNTIME))
