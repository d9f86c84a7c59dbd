"""The one classification of a parameter: ``check`` and ``param_groups`` both use it.

By what a tensor is, not by its raw ``ndim`` (first match wins):

1. declared no-decay (the model's ``no_weight_decay()``, a ``_no_weight_decay``
   flag, ``no_decay=``);
2. owned by a normalization module: torch's norm classes (any shape), or a
   class that says ``Norm`` in its name or is a norm by the family table (its
   gain-shaped parameters), unless the table says it is none (NF-Nets);
3. a model-family fact (``families.FAMILY_FACTS``): biases stored as
   matrices, attention-bias tables (and Swin-V2's bias-generating MLP),
   state-space parameters, learned tokens;
4. the weight of a Linear/Conv (a weight) or of an Embedding (an embedding);
5. any other 0-/1-D parameter of a Linear/Conv: a bias;
6. a gain: a parameter with at most one non-singleton dimension, whatever
   its ``ndim`` -- (C,), (1, 1, C), (C, 1, 1, 1), () -- since a weight
   matrix has two (RWKV-LM decays only ``len(p.squeeze().shape) >= 2``);
7. a weight.

Module types come before shapes so that a wrapper's flattening cannot hide
a norm.  Results are cached per (class, attribute names, shape): the walk
is hot.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import torch
from torch import nn

from wdlint.runtime.families import Kind, class_fact, parameter_fact, path_fact
from wdlint.runtime.unknown import UNKNOWN, Unknown


class Category(enum.Enum):
    """What a parameter is; members are in classification order, most protective first.

    The value is the name ``allow_decay=`` takes.
    """

    DECLARED_NO_DECAY = "declared"
    NORMALIZATION = "norm"
    BIAS = "bias"
    STATE_SPACE = "state-space"
    GAIN = "gain"
    EMBEDDING = "embedding"
    WEIGHT = "weight"

    @property
    def label(self) -> str:
        """As a finding's message says it."""
        return _LABELS[self]


_LABELS = {
    Category.DECLARED_NO_DECAY: "declared no-decay",
    Category.NORMALIZATION: "normalization",
    Category.BIAS: "bias",
    Category.STATE_SPACE: "state-space",
    Category.GAIN: "gain/scale",
    Category.EMBEDDING: "embedding",
    Category.WEIGHT: "weight",
}

_ORDER = {category: rank for rank, category in enumerate(Category)}

_CODES = {
    Category.DECLARED_NO_DECAY: "WD204",
    Category.NORMALIZATION: "WD201",
    Category.BIAS: "WD202",
    Category.STATE_SPACE: "WD203",
    Category.GAIN: "WD203",
    Category.WEIGHT: None,
}

#: The categories ``allow_decay=`` may name: those that are kept out of decay by default.
ALLOWABLE = tuple(c.value for c in _CODES if _CODES[c] is not None)

_FROM_KIND = {
    Kind.NORMALIZATION: Category.NORMALIZATION,
    Kind.BIAS: Category.BIAS,
    Kind.STATE_SPACE: Category.STATE_SPACE,
    Kind.GAIN: Category.GAIN,
    Kind.EMBEDDING: Category.EMBEDDING,
}


def _strings(value: str | Iterable[str] | None, argument: str) -> tuple[str, ...]:
    """A lone string is one entry, not its characters; None is none."""
    if value is None:
        return ()
    entries = (value,) if isinstance(value, str) else tuple(value)
    for entry in entries:
        if not isinstance(entry, str) or not entry:
            raise TypeError(f"{argument} takes non-empty strings, not {entry!r}")
    return entries


@dataclass(frozen=True)
class Policy:
    """The user's choices that change what must not be decayed, and what may be decayed on purpose."""

    decay_embeddings: bool = True
    #: Extra name substrings to keep out of decay.
    no_decay: tuple[str, ...] = ()
    #: Categories decayed on purpose (``Category`` values, e.g. "norm", "bias").
    allow_decay: tuple[str, ...] = ()
    #: Name substrings decayed on purpose, whatever their category.
    allow_decay_names: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        decay_embeddings: bool,
        no_decay: str | Iterable[str] | None,
        allow_decay: str | Iterable[str] | None = (),
        allow_decay_names: str | Iterable[str] | None = (),
    ) -> Policy:
        """From the public keyword arguments, validated (a one-line error for a mistyped category)."""
        allowed = _strings(allow_decay, "allow_decay")
        for category in allowed:
            if category == Category.EMBEDDING.value:
                raise ValueError("allow_decay: embeddings decay unless decay_embeddings=False; to decay some of "
                                 "them anyway, name them in allow_decay_names")
            if category not in ALLOWABLE:
                raise ValueError(f"allow_decay: unknown category {category!r}; choose from "
                                 + ", ".join(map(repr, ALLOWABLE)))
        names = _strings(allow_decay_names, "allow_decay_names")
        excluded = _strings(no_decay, "no_decay")
        both = sorted(set(names) & set(excluded))
        if both:
            raise ValueError(f"{both[0]!r} is in both no_decay and allow_decay_names")
        return cls(bool(decay_embeddings), excluded, tuple(dict.fromkeys(allowed)), names)

    def call_arguments(self) -> str:
        """The keyword arguments that give this policy, as written after a call's other arguments ("" for the
        default): advice that names ``wdlint.param_groups(...)`` must pass them, or its groups fail the same check."""
        arguments = "" if self.decay_embeddings else ", decay_embeddings=False"
        for keyword in ("no_decay", "allow_decay", "allow_decay_names"):
            value = getattr(self, keyword)
            if value:
                arguments += f", {keyword}={value!r}"
        return arguments

    def verdict(self, name: str, classification: Classification) -> Verdict:
        """Whether ``name`` may sit in a decayed group, and if only on purpose, by which argument."""
        code = _CODES.get(classification.category)
        if classification.category is Category.EMBEDDING and not self.decay_embeddings:
            code = "WD204"
        if code is None:
            return DECAY
        for substring in self.allow_decay_names:
            if substring in name:
                return Verdict(code, f"allow_decay_names={substring!r}")
        if classification.category.value in self.allow_decay:
            return Verdict(code, f"allow_decay={classification.category.value!r}")
        return Verdict(code, None)


@dataclass(frozen=True)
class Verdict:
    #: The finding a decayed group would get (None: decay is right).
    code: str | None
    #: The argument that allows it on purpose, or None.
    allowed_by: str | None

    @property
    def may_decay(self) -> bool:
        return self.code is None or self.allowed_by is not None


DECAY = Verdict(None, None)


@dataclass(frozen=True)
class Classification:
    category: Category
    #: Why, in a few words (the owner class, the declaring method, the family fact).
    reason: str


@dataclass(frozen=True)
class OwnerKind:
    """What an owner's class says about its parameters.

    Independent flags, not one kind: an Embedding subclass named like a norm
    still owns an embedding matrix, and its name matters only for its
    gain-shaped parameters.
    """

    torch_norm: bool
    #: A norm by its name or by the family table (None: not one); the reason says which.
    norm_reason: str | None
    linear_or_conv: bool
    embedding: bool


def _torch_norm_classes() -> tuple[type, ...]:
    return (nn.modules.batchnorm._NormBase, nn.LayerNorm, nn.RMSNorm, nn.GroupNorm,
            nn.LocalResponseNorm, nn.CrossMapLRN2d)


@lru_cache(maxsize=None)
def owner_kind(module_type: type) -> OwnerKind:
    """Cached per class: the walk is hot."""
    fact = class_fact(module_type)
    if fact is not None:
        norm_reason = f"{module_type.__name__}, {fact.what}" if fact.kind is Kind.NORMALIZATION else None
    elif any("Norm" in cls.__name__ for cls in module_type.__mro__):
        # Hand-written RMSNorm of every LLaMA port, aliases and subclasses of fused norms.
        norm_reason = module_type.__name__
    else:
        norm_reason = None
    return OwnerKind(
        torch_norm=issubclass(module_type, _torch_norm_classes()),
        norm_reason=norm_reason,
        linear_or_conv=issubclass(module_type, (nn.Linear, nn.modules.conv._ConvNd)),
        embedding=issubclass(module_type, (nn.Embedding, nn.EmbeddingBag)),
    )


def is_gain_shaped(shape: torch.Size | tuple[int, ...]) -> bool:
    """At most one non-singleton dimension: (), (C,), (1, 1, C), (C, 1, 1, 1)."""
    return sum(1 for size in shape if size != 1) <= 1


def classify(
    leaf: str,
    owner_type: type,
    shape: torch.Size | Unknown,
    declared_reason: str | None,
    owner_attribute: str = "",
    name: str = "",
) -> Classification | Unknown:
    """Classify one parameter under one of its names.

    ``leaf`` is the attribute name in its owner, ``owner_attribute`` the
    owner's attribute name in its parent, ``shape`` the original global
    shape (UNKNOWN before lazy initialisation: then only the rules that need
    no shape can answer), ``name`` the clean name (for the family facts
    about a whole submodule).
    """
    if declared_reason is not None:
        return Classification(Category.DECLARED_NO_DECAY, declared_reason)
    submodule_fact = path_fact(name)
    if submodule_fact is not None:
        return Classification(_FROM_KIND[submodule_fact.kind], submodule_fact.what)
    if shape is UNKNOWN:
        kind = owner_kind(owner_type)
        return Classification(Category.NORMALIZATION, owner_type.__name__) if kind.torch_norm else UNKNOWN
    return _classify(leaf, owner_type, owner_attribute, shape)


@lru_cache(maxsize=4096)
def _classify(leaf: str, owner_type: type, owner_attribute: str, shape: torch.Size) -> Classification:
    kind = owner_kind(owner_type)
    owner = owner_type.__name__
    if kind.torch_norm:
        return Classification(Category.NORMALIZATION, owner)
    gain_shaped = is_gain_shaped(shape)
    is_module_weight = leaf == "weight" and (kind.linear_or_conv or kind.embedding)
    if kind.norm_reason is not None and gain_shaped and not is_module_weight:
        return Classification(Category.NORMALIZATION, kind.norm_reason)
    fact = parameter_fact(owner_type, owner_attribute, leaf)
    if fact is not None:
        return Classification(_FROM_KIND[fact.kind], fact.what)
    if is_module_weight:
        return Classification(Category.EMBEDDING if kind.embedding else Category.WEIGHT, owner)
    if kind.linear_or_conv and len(shape) <= 1:
        return Classification(Category.BIAS, owner)
    if gain_shaped:
        return Classification(Category.GAIN, f"{_shape_text(shape)} in {owner}")
    return Classification(Category.WEIGHT, owner)


def _shape_text(shape: torch.Size) -> str:
    if len(shape) <= 1:
        return f"{len(shape)}-D"
    return f"shape {tuple(shape)}"


def most_protective(
    first: Classification | Unknown, second: Classification | Unknown
) -> Classification | Unknown:
    """For a tensor tied under several names: the owner that protects it most wins."""
    if first is UNKNOWN:
        return second
    if second is UNKNOWN:
        return first
    return second if _ORDER[second.category] < _ORDER[first.category] else first
