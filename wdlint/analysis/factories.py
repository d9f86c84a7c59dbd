"""Optimizers named by a string and built by a library: timm's factory, mmengine/mmcv dict configs.

- ``timm.optim.create_optimizer_v2(model_or_params, opt="adam", weight_decay=...)``: the name is a
  key of timm's registry, mapped to a row of the optimizer table (``wdlint.configs.conventions``);
  given a module, timm itself splits decay / no-decay groups unless ``filter_bias_and_bn=False``.
- mmengine / mmcv Python configs: a module-level ``optim_wrapper = dict(optimizer=dict(type=...))``
  or ``optimizer = dict(type=...)``; ``type`` is a torch.optim class name (mmengine registers them
  all) or the class itself (new-style configs that import it).  The default constructor hands
  ``model.parameters()`` flat to the optimizer unless ``paramwise_cfg`` (or a ``constructor``) says
  otherwise.  Flat parameters are proved only for a whole training config in one file (it sets
  ``model`` too and inherits nothing: no ``_base_``, no ``read_base()``): a schedule fragment may
  be given ``paramwise_cfg`` by the configs that inherit it.  WD101 is read from any config (its
  ``type`` and ``weight_decay`` override a base's).

Precision first: a name that is not a literal, a call with ``**kwargs``, or an unknown name is
not read.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from wdlint.analysis.arguments import ArgumentState, BoundArguments
from wdlint.analysis.flat import flat_parameters
from wdlint.analysis.groups import read_group
from wdlint.analysis.scopes import BindingKind, Scope, resolve_dotted
from wdlint.analysis.values import Decay, decay_of, literal_bool
from wdlint.configs.conventions import (
    MMENGINE_CONSTRUCTOR_KEY,
    MMENGINE_GROUPING_KEY,
    MMENGINE_INHERITANCE,
    MMENGINE_LAZY_INHERITANCE,
    MMENGINE_MODEL_KEY,
    MMENGINE_TYPE_MODULE,
    TIMM_FACTORIES,
    TIMM_GROUPING_SWITCH,
    TIMM_OPT_NAMES,
)


@dataclass(frozen=True)
class NamedOptimizer:
    """An optimizer a library builds from a name."""

    convention: str  # "timm", "mmengine"
    #: Where findings about the class point: the factory call, or the ``type`` value.
    anchor: cst.CSTNode
    #: The string naming the class (what a WD101 fix rewrites), or None (a class object: not renamed here).
    name_node: cst.SimpleString | None
    spec: object  # OptimizerSpec
    weight_decay: cst.BaseExpression | None
    decay: Decay
    decoupled: bool | None
    #: The name a WD101 fix writes (same spelling rules as the library's), or None.
    decoupled_name: str | None
    #: The flat parameters the optimizer provably receives (a node to point at), or None.
    flat: cst.CSTNode | None = None
    #: How the parameters get there, for the message.
    flat_how: str = ""

    def describe_decay(self) -> str:
        from wdlint.analysis.code import code_of

        if self.weight_decay is not None:
            return f"weight_decay={code_of(self.weight_decay)}"
        return f"weight_decay={self.spec.default_weight_decay:g} (the default)"


def named_optimizers(context) -> list[NamedOptimizer]:
    """Every timm factory call and mmengine/mmcv optimizer dict of a file (memoised per file)."""
    found = context.cache.get("named_optimizers")
    if found is None:
        found = [*_timm_calls(context), *_mm_configs(context)]
        context.cache["named_optimizers"] = found
    return found


# -- timm ----------------------------------------------------------------------------

_TIMM_NAMES = frozenset(name.rsplit(".", 1)[1] for name in TIMM_FACTORIES)
_TIMM_POSITIONS = {"model_or_params": 0, "opt": 1, "lr": 2, "weight_decay": 3, "momentum": 4, "foreach": 5,
                   TIMM_GROUPING_SWITCH: 6, "layer_decay": 7, "param_group_fn": 8}


def _string(expr) -> str | None:
    if isinstance(expr, cst.SimpleString):
        value = expr.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _timm_calls(context):
    for call, scope in context.scopes.calls:
        func = call.func
        # The factory's own name first (cheap); its import is resolved only then.
        if not (
            (isinstance(func, cst.Name) and func.value in _TIMM_NAMES)
            or (isinstance(func, cst.Attribute) and func.attr.value in _TIMM_NAMES)
        ):
            continue
        if resolve_dotted(call.func, scope) not in TIMM_FACTORIES:
            continue
        arguments = BoundArguments.bind(tuple(call.args))
        opt_state, opt = arguments.get("opt", _TIMM_POSITIONS["opt"], True)
        name = _string(opt) if opt_state is ArgumentState.FOUND else None
        if name is None:
            continue
        parts = name.lower().split("_")
        named = TIMM_OPT_NAMES.get(parts[-1])
        spec = context.table.get(named.qualified_name) if named is not None else None
        if spec is None:
            continue
        decay_state, weight_decay = arguments.get("weight_decay", _TIMM_POSITIONS["weight_decay"], True)
        if decay_state is ArgumentState.FOUND:
            decay = decay_of(weight_decay, scope)
        elif decay_state is ArgumentState.MISSING:
            decay = Decay.ZERO  # create_optimizer_v2(weight_decay=0.0)
        else:
            continue
        decoupled = spec.decoupled_by_default
        flag = spec.decoupled_flag
        if flag is not None and flag.name in named.forced:
            decoupled = bool(named.forced[flag.name])
        elif flag is not None:
            flag_state, flag_value = arguments.get(flag.name, None, True)
            if flag_state is ArgumentState.FOUND:
                decoupled = literal_bool(flag_value)
            elif flag_state is ArgumentState.UNKNOWN:
                decoupled = None
        decoupled_name = None
        if named.decoupled_name is not None and len(parts) <= 2 and name == name.lower():
            decoupled_name = "_".join([*parts[:-1], named.decoupled_name])
        flat, how = _timm_flat(arguments, scope)
        yield NamedOptimizer("timm", call, opt, spec, weight_decay, decay, decoupled, decoupled_name, flat, how)


def _timm_flat(arguments: BoundArguments, scope: Scope):
    """What timm hands the optimizer: flat parameters given, or a module with grouping turned off."""
    for key in ("layer_decay", "param_group_fn"):
        state, value = arguments.get(key, _TIMM_POSITIONS[key], True)
        if state is ArgumentState.UNKNOWN or (state is ArgumentState.FOUND and not _is_none(value)):
            return None, ""
    state, model = arguments.get("model_or_params", 0, True)
    if state is not ArgumentState.FOUND:
        return None, ""
    if flat_parameters(model, scope) is not None:
        return model, "flat parameters given to timm's factory"
    switch_state, switch = arguments.get(TIMM_GROUPING_SWITCH, _TIMM_POSITIONS[TIMM_GROUPING_SWITCH], True)
    if switch_state is ArgumentState.FOUND and literal_bool(switch) is False and isinstance(model, (cst.Name, cst.Attribute)):
        return switch, "`filter_bias_and_bn=False` makes timm pass `model.parameters()`"
    return None, ""


def _is_none(expr) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"


# -- mmengine / mmcv -------------------------------------------------------------------

_MM_TARGETS = ("optim_wrapper", "optimizer")


def _mm_configs(context):
    module_scope = context.scopes.module_scope
    if module_scope is None:
        return
    names = module_scope.bindings
    inherits = MMENGINE_INHERITANCE in names or MMENGINE_LAZY_INHERITANCE in names
    # Flat parameters are proved only for a whole training config in one file: it builds the
    # model too, inherits nothing, and changes no optimizer dict after writing it.
    whole = MMENGINE_MODEL_KEY in names and not inherits
    for target in _MM_TARGETS:
        if target == "optimizer" and "optim_wrapper" in names:
            continue  # mmengine: ``optimizer`` is a piece of ``optim_wrapper``, read there
        bindings = names.get(target, ())
        if len(bindings) != 1 or bindings[0].kind is not BindingKind.ASSIGN:
            continue
        outer = read_group(bindings[0].value, module_scope)
        if outer is None:
            continue
        if target == "optim_wrapper":
            inner_node = outer.keys.get("optimizer")
            optimizer = read_group(inner_node, module_scope) if inner_node is not None else None
            wrappers = [outer, optimizer]
        else:
            optimizer = outer
            wrappers = [outer]
        if optimizer is None or optimizer.has_hidden_keys or "type" not in optimizer.keys:
            continue
        changed = any(module_scope.mutations.get(name) for name in (target, "optimizer"))
        found = _mm_entry(optimizer, wrappers, module_scope, context.table, inherits, whole and not changed)
        if found is not None:
            yield found


def _mm_entry(optimizer, wrappers, scope: Scope, table: dict, inherits: bool, whole: bool):
    type_node = optimizer.keys["type"]
    name = _string(type_node)
    if name is not None:
        spec = table.get(f"{MMENGINE_TYPE_MODULE}.{name}")
        name_node = type_node
    elif isinstance(type_node, (cst.Name, cst.Attribute)):
        qualified = resolve_dotted(type_node, scope)
        spec = table.get(qualified) if qualified is not None else None
        name_node = None
    else:
        return None
    if spec is None:
        return None
    weight_decay = optimizer.keys.get("weight_decay")
    if weight_decay is not None:
        decay = decay_of(weight_decay, scope)
    else:
        decay = Decay.UNKNOWN if inherits else (Decay.ZERO if spec.default_weight_decay == 0 else Decay.NONZERO)
    decoupled = spec.decoupled_by_default
    flag = spec.decoupled_flag
    if flag is not None and flag.name in optimizer.keys:
        decoupled = literal_bool(optimizer.keys[flag.name])
    replacement = table.get(spec.decoupled_replacement) if spec.decoupled_replacement else None
    decoupled_name = None
    if name_node is not None and replacement is not None and replacement.qualified_name.startswith(MMENGINE_TYPE_MODULE + "."):
        decoupled_name = replacement.name
    grouped = any(
        wrapper is not None and (MMENGINE_GROUPING_KEY in wrapper.keys or MMENGINE_CONSTRUCTOR_KEY in wrapper.keys or wrapper.has_hidden_keys)
        for wrapper in wrappers
    )
    flat = None
    how = ""
    if not grouped and whole:
        flat = optimizer.node
        how = "mmengine's default constructor passes `model.parameters()` (no `paramwise_cfg`)"
    return NamedOptimizer("mmengine", type_node, name_node, spec, weight_decay, decay, decoupled, decoupled_name, flat, how)
