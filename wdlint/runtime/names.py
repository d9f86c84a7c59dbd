"""Parameter names as the user wrote the model, whatever wraps it.

DDP and DataParallel put ``module.`` in front of every name, ``torch.compile``
adds ``_orig_mod.``, activation checkpointing ``_checkpoint_wrapped_module.``
and FSDP1 ``_fsdp_wrapped_module.`` (the last three wherever the wrapper
sits).  Findings and ``no_weight_decay()`` names use the clean form, so a
report reads the same with or without wrappers.
"""

from __future__ import annotations

from torch import nn
from torch.nn.parallel import DataParallel, DistributedDataParallel

#: Path segments a wrapper inserts wherever it wraps a module.
WRAPPER_SEGMENTS = frozenset({"_orig_mod", "_checkpoint_wrapped_module", "_fsdp_wrapped_module"})

_DATA_PARALLEL = (DataParallel, DistributedDataParallel)


def wrapped_by_data_parallel(model: nn.Module) -> bool:
    """Whether names start with DDP's / DataParallel's ``module.``.

    Only then is a leading ``module`` segment a wrapper's: a user model may
    well have a child called ``module``.  Other wrappers may sit around the
    data-parallel one (``torch.compile(DDP(m))``).
    """
    while True:
        if isinstance(model, _DATA_PARALLEL):
            return True
        children = model._modules
        inner = next((children[segment] for segment in WRAPPER_SEGMENTS if segment in children), None)
        if inner is None:
            return False
        model = inner


class NameCleaner:
    """Removes wrapper segments from the dotted paths of one model."""

    def __init__(self, model: nn.Module) -> None:
        self._strip_leading_module = wrapped_by_data_parallel(model)

    def __call__(self, path: str) -> str:
        if not self._strip_leading_module and "_orig_mod" not in path and "_wrapped_module" not in path:
            return path
        segments = [segment for segment in path.split(".") if segment not in WRAPPER_SEGMENTS]
        if self._strip_leading_module and segments and segments[0] == "module":
            segments = segments[1:]
        return ".".join(segments)


def join(prefix: str, leaf: str) -> str:
    return f"{prefix}.{leaf}" if prefix else leaf
