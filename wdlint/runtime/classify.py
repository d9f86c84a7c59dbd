"""The one classification of a parameter: ``check`` and ``param_groups`` both use it.

First match wins (the spec's order): declared no-decay -> owned by a
normalization module -> bias -> other 0-/1-D -> embedding -> weight.  Module
types come before shapes so that a wrapper's flattening cannot hide a norm.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import torch
from torch import nn

from wdlint.runtime.unknown import UNKNOWN, Unknown


@dataclass(frozen=True)
class Policy:
    """The user's choices that change what must not be decayed."""

    decay_embeddings: bool = True
    #: Extra name substrings to keep out of decay.
    no_decay: tuple[str, ...] = ()

    @classmethod
    def of(cls, decay_embeddings: bool, no_decay: str | Iterable[str] | None) -> Policy:
        """From the public keyword arguments; a lone string is one substring, not its characters; None is none."""
        if no_decay is None:
            return cls(bool(decay_embeddings))
        return cls(bool(decay_embeddings), (no_decay,) if isinstance(no_decay, str) else tuple(no_decay))

    def call_arguments(self) -> str:
        """The keyword arguments that give this policy, as written after a call's other arguments ("" for the
        default): advice that names ``wdlint.param_groups(...)`` must pass them, or its groups fail the same check."""
        arguments = "" if self.decay_embeddings else ", decay_embeddings=False"
        return arguments + (f", no_decay={self.no_decay!r}" if self.no_decay else "")


class Category(enum.Enum):
    """What a parameter is; members are in classification order, most protective first."""

    DECLARED_NO_DECAY = "declared no-decay"
    NORMALIZATION = "normalization"
    BIAS = "bias"
    LOW_DIMENSIONAL = "0-/1-D"
    EMBEDDING = "embedding"
    WEIGHT = "weight"


_ORDER = {category: rank for rank, category in enumerate(Category)}


@dataclass(frozen=True)
class Classification:
    category: Category
    #: Why, in a few words (the owner class, the declaring method, the policy).
    reason: str

    def no_decay_code(self, policy: Policy) -> str | None:
        """The finding code if this parameter sits in a decayed group; None if decay is right."""
        if self.category is Category.EMBEDDING:
            return None if policy.decay_embeddings else "WD204"
        return _CODES[self.category]


_CODES = {
    Category.DECLARED_NO_DECAY: "WD204",
    Category.NORMALIZATION: "WD201",
    Category.BIAS: "WD202",
    Category.LOW_DIMENSIONAL: "WD203",
    Category.WEIGHT: None,
}


@dataclass(frozen=True)
class OwnerKind:
    """What an owner's class says about its parameters.

    Independent flags, not one kind: an Embedding subclass named like a norm
    still owns an embedding matrix, and its name matters only for 0-/1-D
    parameters.
    """

    torch_norm: bool
    named_norm: bool
    linear_or_conv: bool
    embedding: bool


def _torch_norm_classes() -> tuple[type, ...]:
    return (nn.modules.batchnorm._NormBase, nn.LayerNorm, nn.RMSNorm, nn.GroupNorm,
            nn.LocalResponseNorm, nn.CrossMapLRN2d)


@lru_cache(maxsize=None)
def owner_kind(module_type: type) -> OwnerKind:
    """Cached per class: the walk is hot."""
    return OwnerKind(
        torch_norm=issubclass(module_type, _torch_norm_classes()),
        # Hand-written RMSNorm of every LLaMA port, aliases and subclasses of fused norms.
        named_norm=any("Norm" in cls.__name__ for cls in module_type.__mro__),
        linear_or_conv=issubclass(module_type, (nn.Linear, nn.modules.conv._ConvNd)),
        embedding=issubclass(module_type, (nn.Embedding, nn.EmbeddingBag)),
    )


def is_bias_name(leaf: str) -> bool:
    return leaf == "bias" or leaf.endswith("_bias") or leaf.startswith("bias_")


def classify(
    leaf: str,
    owner_type: type,
    shape: torch.Size | Unknown,
    declared_reason: str | None,
) -> Classification | Unknown:
    """Classify one parameter under one of its names.

    ``leaf`` is the attribute name in its owner, ``shape`` the original
    global shape (UNKNOWN before lazy initialisation: then only the rules
    that need no shape can answer).
    """
    if declared_reason is not None:
        return Classification(Category.DECLARED_NO_DECAY, declared_reason)
    kind = owner_kind(owner_type)
    owner = owner_type.__name__
    if kind.torch_norm:
        return Classification(Category.NORMALIZATION, owner)
    if shape is UNKNOWN:
        return UNKNOWN
    if len(shape) <= 1:
        if kind.named_norm:
            return Classification(Category.NORMALIZATION, owner)
        if is_bias_name(leaf) or kind.linear_or_conv:
            return Classification(Category.BIAS, owner)
        return Classification(Category.LOW_DIMENSIONAL, f"{len(shape)}-D in {owner}")
    if kind.embedding:
        return Classification(Category.EMBEDDING, owner)
    return Classification(Category.WEIGHT, owner)


def most_protective(
    first: Classification | Unknown, second: Classification | Unknown
) -> Classification | Unknown:
    """For a tensor tied under several names: the owner that protects it most wins."""
    if first is UNKNOWN:
        return second
    if second is UNKNOWN:
        return first
    return second if _ORDER[second.category] < _ORDER[first.category] else first
