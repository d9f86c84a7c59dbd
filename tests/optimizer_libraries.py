"""Import third-party optimizer classes by the names the optimizer table gives them.

timm's package ``__init__`` imports ``timm.layers``, which imports torchvision;
torchvision has no build for the CPU torch the tests run on.  timm's optimizer
modules themselves need only torch, so when ``import timm.optim`` fails for
that reason they are loaded from the installed files under their real module
names (``timm.optim.lamb``), without running the two package ``__init__``
files, and the package entries are removed again afterwards.  What
``timm/optim/__init__.py`` exports is then read from its source
(``exported_names``), not assumed.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import sys
import types
from collections.abc import Iterator
from pathlib import Path

#: Rows whose package is importable under another top-level name than the row's library.
_IMPORT_NAME = {"torch_optimizer": ("torch_optimizer", "pytorch_ranger")}


def installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


@contextlib.contextmanager
def timm_without_package_init() -> Iterator[None]:
    """``timm`` and ``timm.optim`` as bare packages (their ``__init__`` needs torchvision)."""
    try:
        importlib.import_module("timm.optim")
        yield
        return
    except ImportError as error:
        if "torchvision" not in str(error):
            raise
    for name in [n for n in sys.modules if n == "timm" or n.startswith("timm.")]:
        del sys.modules[name]  # the half-imported package from the failed attempt
    root = Path(importlib.util.find_spec("timm").origin).parent
    for name, path in (("timm", root), ("timm.optim", root / "optim")):
        package = types.ModuleType(name)
        package.__path__ = [str(path)]
        package.__file__ = str(path / "__init__.py")  # never executed
        package.__spec__ = importlib.util.spec_from_file_location(
            name, path / "__init__.py", submodule_search_locations=[str(path)])
        sys.modules[name] = package
    try:
        yield
    finally:
        for name in [n for n in sys.modules if n == "timm" or n.startswith("timm.")]:
            del sys.modules[name]


def load(path: str) -> object:
    """The object at a dotted path (``bitsandbytes.optim.adam.Adam8bit``)."""
    module_path, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module_path), name)


def exported_names(package_init: Path) -> set[str]:
    """Names a package ``__init__`` imports from its own submodules (``from .lamb import Lamb``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(package_init.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def defining_path(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"
