"""Import timm where torchvision cannot load.

timm (1.0.x) imports torchvision when it is imported: ``torchvision.ops.misc``
(``FrozenBatchNorm2d``, for its ``freeze_batch_norm_2d`` utility and one entry
of its norm map) and, through ``timm.data``, ``torchvision.transforms`` and
``torchvision.datasets`` (data pipelines).  No default model config builds any
of them.  torchvision cannot be imported beside the CPU torch these tests use,
so when it is not installed, ``torchvision.*`` imports get stand-in modules
whose every attribute is a stand-in class that raises when called.  A model
that needs torchvision to build fails with that error and is reported as
such; nothing is silenced.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types


class _StandIn(type):
    """A class whose attributes are more stand-ins (``InterpolationMode.BILINEAR``) and that cannot be built."""

    def __getattr__(cls, name: str) -> type:
        if name.startswith("__"):
            raise AttributeError(name)
        return _StandIn(f"{cls.__name__}.{name}", (), {})

    def __call__(cls, *args, **kwargs):
        raise RuntimeError(f"torchvision is not installed: {cls.__name__} is a stand-in")


class _StandInModule(types.ModuleType):
    def __getattr__(self, name: str) -> type:
        if name.startswith("__"):
            raise AttributeError(name)
        return _StandIn(f"{self.__name__}.{name}", (), {})


class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname == "torchvision" or fullname.startswith("torchvision."):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _StandInModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module) -> None:
        pass


def import_timm():
    """timm, with stand-in torchvision modules if torchvision is not installed."""
    if "timm" not in sys.modules and importlib.util.find_spec("torchvision") is None:
        sys.meta_path.append(_StandInFinder())
    import timm

    return timm
