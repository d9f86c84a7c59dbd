"""Shapes as the model defined them, before a wrapper flattened or sharded them.

Local ``.ndim`` lies after sharding: FSDP1 with ``use_orig_params=True``
turns every parameter into a 1-D shard view (possibly empty), and with
``use_orig_params=False`` one ``FlatParameter`` stands for many.  Both keep
the original fqns and shapes in the flat parameter's metadata, the same on
every rank, so a verdict built from them is rank-independent.  DeepSpeed
ZeRO-3 keeps it in ``ds_shape``.  FSDP2 and DTensor need nothing: a
DTensor's ``.shape`` is already the global one.
Only metadata is read, never data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.parameter import is_lazy

from wdlint.runtime.names import join
from wdlint.runtime.unknown import UNKNOWN, Unknown


@dataclass(frozen=True)
class FlattenedOriginal:
    """One original parameter inside an FSDP1 ``FlatParameter`` (``use_orig_params=False``)."""

    #: Path relative to the module that holds the flat parameter.
    relative_name: str
    shape: torch.Size
    #: Other paths the same tensor was tied under (relative, like ``relative_name``).
    aliases: tuple[str, ...] = ()


class OriginalShapes:
    """Original shapes of FSDP1-managed parameters of one model."""

    def __init__(self, modules: Iterable[nn.Module]) -> None:
        self._view_shapes: dict[int, torch.Size] = {}
        self._flattened: dict[int, tuple[FlattenedOriginal, ...]] = {}
        for module in modules:
            # FSDP1 keeps its FlatParamHandle in the unit's ``_handle``; a plain
            # dict read keeps this loop cheap for models without FSDP.
            handle = module.__dict__.get("_handle")
            flat = getattr(handle, "flat_param", None)
            if flat is None:
                continue
            if flat._params is not None:
                for param, shape in zip(flat._params, flat._shapes):
                    self._view_shapes[id(param)] = shape
                for info, param in zip(flat._shared_param_infos, flat._shared_params or ()):
                    primary = next(p for p, fqn in zip(flat._params, flat._fqns)
                                   if fqn == join(info.prim_module_name, info.prim_param_name))
                    self._view_shapes[id(param)] = self._view_shapes[id(primary)]
            else:
                self._flattened[id(flat)] = _flattened_originals(flat)

    def shape(self, tensor: torch.Tensor) -> torch.Size | Unknown:
        """The original global shape, or UNKNOWN for an uninitialised lazy parameter."""
        if self._view_shapes:
            shape = self._view_shapes.get(id(tensor))
            if shape is not None:
                return shape
        if is_lazy(tensor):
            return UNKNOWN
        # DeepSpeed ZeRO-3 empties ``param.data`` and keeps the shape as ``ds_shape``.
        zero_shape = tensor.__dict__.get("ds_shape")
        return tensor.shape if zero_shape is None else torch.Size(zero_shape)

    def flattened(self, tensor: torch.Tensor) -> tuple[FlattenedOriginal, ...] | None:
        """The originals a flat parameter stands for, or None for an ordinary parameter."""
        return self._flattened.get(id(tensor)) if self._flattened else None


def _flattened_originals(flat: torch.Tensor) -> tuple[FlattenedOriginal, ...]:
    aliases: dict[str, list[str]] = {}
    for info in flat._shared_param_infos:
        primary = join(info.prim_module_name, info.prim_param_name)
        aliases.setdefault(primary, []).append(join(info.module_name, info.param_name))
    return tuple(
        FlattenedOriginal(fqn, shape, tuple(aliases.get(fqn, ())))
        for fqn, shape in zip(flat._fqns, flat._shapes)
    )

