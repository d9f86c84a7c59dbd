"""The optimizer entries of a config document, read as each library reads them."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from wdlint.configs.conventions import (
    CLASS_KEY_CONVENTIONS,
    DEEPSPEED_OTHER_MODULE,
    DEEPSPEED_TYPES,
    DEEPSPEED_UNKNOWN_TYPES,
    NamedOptimizer,
)
from wdlint.configs.documents import ConfigNode


class Decay(enum.Enum):
    ZERO = "zero"
    NONZERO = "nonzero"
    #: An interpolation or a value another tool fills in (DeepSpeed's "auto"): not reported.
    UNKNOWN = "unknown"


@dataclass
class ConfigEntry:
    convention: str
    spec: object  # OptimizerSpec
    #: The key that names the class (``_target_``, ``type``...): where findings point.
    key: ConfigNode
    #: The scalar holding the class name (what a fix rewrites).
    name: ConfigNode
    arguments: ConfigNode | None
    decay: Decay
    #: The decay as written, for messages.
    decay_text: str
    #: True / False, or None when it cannot be told.
    decoupled: bool | None
    #: The text a WD101 fix writes in ``name``'s place (None: no fix).
    decoupled_name: str | None = None
    #: The mapping holding the entry, and the document root (for linking rules).
    mapping: ConfigNode | None = None
    path: tuple = field(default_factory=tuple)
    root: ConfigNode | None = None


def optimizer_entries(root: ConfigNode, table: dict, text: str = "") -> list[ConfigEntry]:
    found: list[ConfigEntry] = []
    _walk(root, (), root, table, found, set())
    for entry in found:
        node = entry.arguments.value_of("weight_decay") if entry.arguments is not None else None
        if node is not None and text:
            entry.decay_text = f"weight_decay={text[node.start:node.end].strip()}"
    return found


def _walk(node: ConfigNode, path: tuple, root: ConfigNode, table: dict, found: list, seen: set) -> None:
    if id(node) in seen or len(path) > 64:
        return
    seen.add(id(node))
    if node.kind == "mapping":
        entry = _class_key_entry(node, path, root, table) or _deepspeed_entry(node, path, root, table)
        if entry is not None:
            found.append(entry)
        for key, value in node.items:
            _walk(value, (*path, key.value), root, table, found, seen)
    elif node.kind == "sequence":
        for index, value in enumerate(node.items):
            _walk(value, (*path, index), root, table, found, seen)


def _class_key_entry(node: ConfigNode, path: tuple, root: ConfigNode, table: dict) -> ConfigEntry | None:
    for convention in CLASS_KEY_CONVENTIONS:
        found = node.get(convention.class_key)
        if found is None:
            continue
        key, name = found
        if name.kind != "scalar" or not isinstance(name.value, str):
            return None
        spec = table.get(name.value.strip())
        if spec is None:
            return None
        if convention.arguments_key is None:
            arguments = node
        else:
            arguments = node.value_of(convention.arguments_key)
            if arguments is not None and arguments.kind != "mapping":
                return None
        replacement = table.get(spec.decoupled_replacement) if spec.decoupled_replacement else None
        named = NamedOptimizer(spec.qualified_name, decoupled_name=replacement.qualified_name if replacement else None)
        return _entry(convention.name, spec, key, name, arguments, named, node, path, root)
    return None


def _deepspeed_entry(node: ConfigNode, path: tuple, root: ConfigNode, table: dict) -> ConfigEntry | None:
    """``"optimizer": {"type": ..., "params": {...}}`` at the top of a DeepSpeed config."""
    if path != ("optimizer",):
        return None
    found = node.get("type")
    if found is None:
        return None
    key, name = found
    if name.kind != "scalar" or not isinstance(name.value, str):
        return None
    lowered = name.value.lower()
    if lowered in DEEPSPEED_UNKNOWN_TYPES:
        return None
    named = DEEPSPEED_TYPES.get(lowered) or NamedOptimizer(f"{DEEPSPEED_OTHER_MODULE}.{name.value}")
    spec = table.get(named.qualified_name)
    if spec is None:
        return None
    arguments = node.value_of("params")
    if arguments is not None and arguments.kind != "mapping":
        return None
    if named.decoupled_name is not None and name.value != lowered:
        named = NamedOptimizer(named.qualified_name, named.forced, named.decoupled_name)
    elif named.decoupled_name is not None:
        named = NamedOptimizer(named.qualified_name, named.forced, named.decoupled_name.lower())
    return _entry("deepspeed", spec, key, name, arguments, named, node, path, root)


_INTERPOLATION = re.compile(r"^\$\{([\w.]+)\}$")


def _entry(convention, spec, key, name, arguments, named: NamedOptimizer, mapping, path, root) -> ConfigEntry:
    decay_node = arguments.value_of("weight_decay") if arguments is not None else None
    if decay_node is None:
        decay = Decay.ZERO if spec.default_weight_decay == 0 else Decay.NONZERO
        decay_text = f"weight_decay={spec.default_weight_decay:g} (the default)"
    else:
        decay = _decay_of(_resolved(decay_node, root))
        decay_text = f"weight_decay={_text_of(decay_node)}"
    decoupled = spec.decoupled_by_default
    flag = spec.decoupled_flag
    if flag is not None:
        if flag.name in named.forced:
            decoupled = bool(named.forced[flag.name])
        elif arguments is not None and arguments.value_of(flag.name) is not None:
            value = _resolved(arguments.value_of(flag.name), root)
            decoupled = value.value if value is not None and isinstance(value.value, bool) else None
    return ConfigEntry(
        convention, spec, key, name, arguments, decay, decay_text, decoupled, named.decoupled_name, mapping, path, root
    )


def _resolved(node: ConfigNode, root: ConfigNode, depth: int = 0) -> ConfigNode | None:
    """A scalar, following an OmegaConf interpolation ``${a.b}`` to a key of the same file; None if elsewhere."""
    if node.kind != "scalar" or not isinstance(node.value, str):
        return node
    match = _INTERPOLATION.match(node.value.strip())
    if match is None:
        return node
    if depth > 8:
        return None
    target = root
    for part in match.group(1).split("."):
        target = target.value_of(part) if target is not None else None
    return _resolved(target, root, depth + 1) if target is not None else None


def _decay_of(node: ConfigNode | None) -> Decay:
    if node is None or node.kind != "scalar":
        return Decay.UNKNOWN
    value = node.value
    if isinstance(value, bool) or value is None:
        return Decay.UNKNOWN
    if isinstance(value, (int, float)):
        return Decay.ZERO if value == 0 else Decay.NONZERO
    return Decay.UNKNOWN  # "auto" (the HF Trainer fills it in), an expression another tool resolves


def _text_of(node: ConfigNode) -> str:
    value = node.value if node.kind == "scalar" else "..."
    return str(value)


def position(text: str, node: ConfigNode) -> tuple[int, int]:
    from wdlint.configs.documents import line_and_column

    return line_and_column(text, node.start)
