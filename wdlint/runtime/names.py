"""Parameter names as the user wrote the model, whatever wraps it.

DDP and DataParallel put ``module.`` in front of every name, ``torch.compile``
adds ``_orig_mod.``, activation checkpointing ``_checkpoint_wrapped_module.``
and FSDP1 ``_fsdp_wrapped_module.`` (the last three wherever the wrapper
sits).  Wrappers from libraries wdlint does not import are known by class
name: DeepSpeed's engine adds ``module.`` and Lightning Fabric's
``_FabricModule`` adds ``_forward_module.`` (or ``_original_module.``).
Findings and ``no_weight_decay()`` names use the clean form, so a report
reads the same with or without wrappers.
"""

from __future__ import annotations

from torch import nn
from torch.nn.parallel import DataParallel, DistributedDataParallel

#: Path segments a wrapper inserts wherever it wraps a module.
WRAPPER_SEGMENTS = frozenset({"_orig_mod", "_checkpoint_wrapped_module", "_fsdp_wrapped_module"})

#: Outer wrappers by class name (no import of their library) -> the children that hold the model.
_OUTER_WRAPPERS_BY_NAME = {
    "DeepSpeedEngine": ("module",),
    "PipelineEngine": ("module",),
    "_FabricModule": ("_forward_module", "_original_module"),
}


def _wrapped_children(module: nn.Module) -> tuple[str, ...]:
    """The child segments by which ``module``, an outer wrapper, holds the model; () if it is none.

    A leading ``module`` is a wrapper's only under DDP/DataParallel/DeepSpeed:
    a user model may well have a child called ``module``.
    """
    if isinstance(module, (DataParallel, DistributedDataParallel)):
        return ("module",)
    for segment in WRAPPER_SEGMENTS:
        if segment in module._modules:
            return (segment,)
    for cls in type(module).__mro__:
        children = _OUTER_WRAPPERS_BY_NAME.get(cls.__name__)
        if children is not None:
            return children
    return ()


class NameCleaner:
    """Removes wrapper segments from the dotted paths of one model."""

    def __init__(self, model: nn.Module) -> None:
        self._root = model
        self._root_wrapped = bool(_wrapped_children(model))

    def __call__(self, path: str) -> str:
        if not self._root_wrapped and "_orig_mod" not in path and "_wrapped_module" not in path:
            return path
        segments = path.split(".") if path else []
        # The outer wrappers, followed down from the root, each drop their own segment.
        module, start = self._root, 0
        while start < len(segments) and segments[start] in _wrapped_children(module):
            module = module._modules.get(segments[start])
            start += 1
            if module is None:
                break
        return ".".join(segment for segment in segments[start:] if segment not in WRAPPER_SEGMENTS)


def join(prefix: str, leaf: str) -> str:
    return f"{prefix}.{leaf}" if prefix else leaf
