"""What the model itself declares no-decay (the timm convention), plus ``no_decay=``.

``no_weight_decay()`` returns exact names and ``no_weight_decay_keywords()``
name substrings, both relative to the module that defines them.  They are
read from every submodule, not just the root: a DDP/compile wrapper does not
forward them (deit #39), and towers inside a model define their own
(open_clip).  An entry with a glob character (``*?[``) is matched as a glob,
as timm does.  A parameter can also carry the declaration itself, as
``mamba_ssm`` marks ``A_log`` and ``D`` with ``param._no_weight_decay = True``
(a 2-D ``A_log`` would otherwise pass for a weight).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fnmatch import fnmatchcase

from torch import nn

from wdlint.runtime.names import join

_GLOB_CHARACTERS = frozenset("*?[")


class DeclaredNoDecay:
    """Answers "is this (clean) parameter name declared no-decay, and by whom?"."""

    def __init__(self) -> None:
        self._exact: dict[str, str] = {}
        self._globs: list[tuple[str, str]] = []
        #: (clean module path, keyword, who declared it)
        self._keywords: list[tuple[str, str, str]] = []
        self._substrings: tuple[str, ...] = ()

    @classmethod
    def collect(
        cls,
        named_modules: Iterable[tuple[str, nn.Module]],
        clean: Callable[[str], str],
        no_decay: Iterable[str],
    ) -> DeclaredNoDecay:
        declared = cls()
        declared._substrings = tuple(no_decay)
        for path, module in named_modules:
            module_type = type(module)
            # Looked up on the class: cheap, and wrappers that forward
            # attributes (FSDP1, checkpoint) are skipped; the inner module is walked too.
            if hasattr(module_type, "no_weight_decay"):
                prefix = clean(path)
                source = f"{module_type.__name__}.no_weight_decay()"
                for entry in _entries(module.no_weight_decay()):
                    if _GLOB_CHARACTERS.intersection(entry):
                        declared._globs.append((join(prefix, entry), source))
                    else:
                        declared._exact.setdefault(join(prefix, entry), source)
            if hasattr(module_type, "no_weight_decay_keywords"):
                prefix = clean(path)
                source = f"{module_type.__name__}.no_weight_decay_keywords()"
                keywords = _entries(module.no_weight_decay_keywords())
                declared._keywords.extend((prefix, keyword, source) for keyword in keywords)
        return declared

    def reason(self, name: str) -> str | None:
        """Who declared ``name`` no-decay, or None."""
        source = self._exact.get(name)
        if source is not None:
            return f"declared by {source}"
        for pattern, source in self._globs:
            if fnmatchcase(name, pattern):
                return f"declared by {source}"
        for prefix, keyword, source in self._keywords:
            if not prefix:
                relative = name
            elif name.startswith(prefix) and name[len(prefix):len(prefix) + 1] == ".":
                relative = name[len(prefix) + 1:]
            else:
                continue
            if keyword in relative:
                return f"declared by {source} ({keyword!r})"
        for substring in self._substrings:
            if substring in name:
                return f"matches no_decay={substring!r}"
        return None


def flagged_reason(tensor: object) -> str | None:
    """The declaration a parameter carries itself (``param._no_weight_decay = True``), or None."""
    if getattr(tensor, "_no_weight_decay", False) is True:
        return "declared by its `_no_weight_decay` attribute"
    return None


def _entries(returned: object) -> tuple[str, ...]:
    """What a declaring method returned: a collection of names; a lone string is one name (not its
    characters, which would match nearly every parameter); None declares nothing."""
    if returned is None:
        return ()
    if isinstance(returned, str):
        return (returned,)
    return tuple(returned)
