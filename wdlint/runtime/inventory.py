"""One walk over the model: every parameter, its clean name, original shape and class.

The walk uses ``named_modules(remove_duplicate=False)`` and each module's
direct parameters, so a tensor tied under several names is seen with every
owner (classified by the most protective) while keeping the first name, the
one ``named_parameters()`` yields.  Only metadata is touched: meta-device
models work and no device synchronises.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils.parametrize import ParametrizationList

from wdlint.runtime.classify import Classification, Policy, classify, most_protective
from wdlint.runtime.declared import DeclaredNoDecay, flagged_reason
from wdlint.runtime.names import NameCleaner, join
from wdlint.runtime.shapes import OriginalShapes
from wdlint.runtime.unknown import UNKNOWN, Unknown


@dataclass
class ModelParameter:
    """One original parameter of the model."""

    #: Clean name (wrapper segments removed), the first ``named_parameters()`` yields.
    name: str
    #: The tensor an optimizer group holds for it (an FSDP1 FlatParameter for its originals).
    holder: torch.Tensor
    classification: Classification | Unknown
    trainable: bool


@dataclass(frozen=True)
class ModelInventory:
    #: In model order.
    parameters: tuple[ModelParameter, ...]
    #: ``id(holder)`` -> the parameters it holds (several for a FlatParameter).
    by_holder: dict[int, list[ModelParameter]]

    @property
    def unclassified(self) -> tuple[str, ...]:
        """Names that cannot be classified yet (uninitialised lazy parameters)."""
        return tuple(p.name for p in self.parameters if p.classification is UNKNOWN)


def require_module(model: object, function: str) -> None:
    """A clear one-line error for the common slip of passing ``model.parameters()`` or a state dict."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"{function}: model must be a torch.nn.Module, not {type(model).__name__}")


def take_inventory(model: nn.Module, policy: Policy) -> ModelInventory:
    named_modules = list(model.named_modules(remove_duplicate=False))
    clean = NameCleaner(model)
    declared = DeclaredNoDecay.collect(named_modules, clean, policy.no_decay)
    shapes = OriginalShapes(module for _, module in named_modules)
    found: dict[object, ModelParameter] = {}

    def add(key: object, name: str, holder: torch.Tensor, classification: Classification | Unknown) -> None:
        seen = found.get(key)
        if seen is None:
            found[key] = ModelParameter(name, holder, classification, holder.requires_grad)
        else:
            seen.classification = most_protective(seen.classification, classification)

    for path, module in named_modules:
        direct = module._parameters
        if not direct:
            continue
        prefix = clean(path)
        for leaf, tensor in direct.items():
            if tensor is None:
                continue
            originals = shapes.flattened(tensor)
            if originals is None:
                name = join(prefix, leaf)
                owner_type, owner_leaf, owner_attribute = _owner(model, path, prefix, module, leaf)
                reason = declared.reason(name) or flagged_reason(tensor)
                add(id(tensor), name, tensor,
                    classify(owner_leaf, owner_type, shapes.shape(tensor), reason, owner_attribute, name))
                continue
            # FSDP1 use_orig_params=False: one flat tensor, many originals; module
            # types still come from the module tree.
            for original in originals:
                for relative in (original.relative_name, *original.aliases):
                    owner_path, _, original_leaf = relative.rpartition(".")
                    owner = module.get_submodule(owner_path)
                    name = clean(join(path, relative))
                    owner_type, owner_leaf, owner_attribute = _owner(
                        module, owner_path, name.rpartition(".")[0], owner, original_leaf)
                    classification = classify(owner_leaf, owner_type, original.shape, declared.reason(name),
                                              owner_attribute, name)
                    add((id(tensor), original.relative_name), name, tensor, classification)

    by_holder: dict[int, list[ModelParameter]] = {}
    for parameter in found.values():
        by_holder.setdefault(id(parameter.holder), []).append(parameter)
    return ModelInventory(tuple(found.values()), by_holder)


def _owner(root: nn.Module, path: str, clean_path: str, module: nn.Module, leaf: str) -> tuple[type, str, str]:
    """The class, the parameter's attribute name, and the owner's own attribute name it is classified by.

    A parametrization (``weight_norm``, ``spectral_norm``, ``register_parametrization``)
    moves ``X.weight`` to ``X.parametrizations.weight.original``: that is still X's
    ``weight`` (a norm's, an embedding's, a Linear's bias), not a loose 1-D tensor.
    ``path`` is the module's path relative to ``root``; ``clean_path`` the same without wrapper segments.
    """
    if not isinstance(module, ParametrizationList):
        return type(module), leaf, clean_path.rpartition(".")[2]
    parametrizations_path, _, attribute = path.rpartition(".")
    parametrized_path = parametrizations_path.rpartition(".")[0]
    owner_attribute = clean_path.rpartition(".")[0].rpartition(".")[0].rpartition(".")[2]
    return type(root.get_submodule(parametrized_path)), attribute, owner_attribute
