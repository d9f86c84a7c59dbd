"""The config conventions, as data: where a config names an optimizer and its arguments.

No rule code here and no YAML import: the text gate reads ``CONFIG_GATE``
(through the rules' ``Needs.config_patterns``), ``entries`` reads the rest.
Names that are not Python qualified names (DeepSpeed's ``"type"``, timm's
``opt=`` strings) map to rows of the optimizer table (``wdlint/optimizers.py``),
with the switches the library sets for that name; each mapping cites the
source it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClassKeyConvention:
    """A mapping whose ``class_key`` holds a qualified class name; arguments beside it or under ``arguments_key``."""

    name: str
    class_key: str
    #: None: the arguments are the mapping's other keys (Hydra, torchtune).
    arguments_key: str | None = None
    #: Keys that are the convention's own, not constructor arguments.
    own_keys: tuple[str, ...] = ()


CLASS_KEY_CONVENTIONS: tuple[ClassKeyConvention, ...] = (
    # hydra/_internal/instantiate/_instantiate2.py: _target_, _partial_, _args_, _recursive_, _convert_.
    ClassKeyConvention("hydra", "_target_", None, ("_target_", "_partial_", "_args_", "_recursive_", "_convert_")),
    # torchtune/config/_instantiate.py: _component_ (the other keys are keyword arguments).
    ClassKeyConvention("torchtune", "_component_", None, ("_component_",)),
    # jsonargparse / lightning/pytorch/cli.py instantiate_class: class_path + init_args.
    ClassKeyConvention("lightning", "class_path", "init_args", ("class_path", "init_args", "dict_kwargs")),
)


@dataclass(frozen=True)
class NamedOptimizer:
    """A library's name for an optimizer: the table row it builds, and the switches the name sets."""

    qualified_name: str
    #: Arguments the library passes for this name, whatever the config says (DeepSpeed "AdamW": adam_w_mode).
    forced: dict = field(default_factory=dict)
    #: The name a WD101 fix writes instead (same spelling style), when the library has one.
    decoupled_name: str | None = None


#: deepspeed/runtime/config.py (DEEPSPEED_OPTIMIZERS, names compared lower-cased) and
#: deepspeed/runtime/engine.py ``_configure_basic_optimizer`` @ 0.19.x: "adam" and "adamw" build
#: FusedAdam (DeepSpeedCPUAdam under ZeRO offload, torch Adam/AdamW with ``torch_adam``) with
#: ``adam_w_mode = name == "adamw" or params.get("adam_w_mode", True)``: "Adam" is decoupled unless
#: ``adam_w_mode`` is false, and ``torch_adam`` picks torch's class by the same switch.  "lamb" and
#: "lion" build FusedLamb / FusedLion.  "adagrad" is left out: its class depends on the ZeRO offload
#: setting (DeepSpeedCPUAdagrad, else FusedAdam in recent versions), so what it does is not known.
#: Any other name is ``getattr(torch.optim, name)``.
DEEPSPEED_TYPES: dict[str, NamedOptimizer] = {
    "adam": NamedOptimizer("deepspeed.ops.adam.FusedAdam", decoupled_name="AdamW"),
    "adamw": NamedOptimizer("deepspeed.ops.adam.FusedAdam", {"adam_w_mode": True}),
    "lamb": NamedOptimizer("deepspeed.ops.lamb.FusedLamb"),
    "lion": NamedOptimizer("deepspeed.ops.lion.FusedLion"),
}
DEEPSPEED_UNKNOWN_TYPES = frozenset({"adagrad", "onebitadam", "zerooneadam", "onebitlamb", "muadam", "muadamw", "musgd"})
DEEPSPEED_OTHER_MODULE = "torch.optim"

#: timm/optim/_optim_factory.py @ 1.0.31 (``_register_*_optimizers``; ``opt`` is lower-cased, and a
#: ``lookahead_`` prefix wraps the same class).  ``create_optimizer_v2(model_or_params, opt, lr,
#: weight_decay=0.0, momentum, foreach, filter_bias_and_bn=True, ...)``: given a module, a nonzero
#: weight_decay and ``filter_bias_and_bn`` true, it builds decay / no-decay groups itself
#: (``param_groups_weight_decay``: every ≤1-D parameter and the model's ``no_weight_decay()``).
TIMM_OPT_NAMES: dict[str, NamedOptimizer] = {
    "sgd": NamedOptimizer("torch.optim.SGD"),
    "momentum": NamedOptimizer("torch.optim.SGD"),
    "adam": NamedOptimizer("torch.optim.Adam", decoupled_name="adamw"),
    "adamw": NamedOptimizer("torch.optim.AdamW"),
    "nadam": NamedOptimizer("torch.optim.NAdam", decoupled_name="nadamw"),
    "radam": NamedOptimizer("torch.optim.RAdam", decoupled_name="radamw"),
    "radamw": NamedOptimizer("torch.optim.RAdam", {"decoupled_weight_decay": True}),
    "adamax": NamedOptimizer("torch.optim.Adamax"),
    "adagrad": NamedOptimizer("torch.optim.Adagrad"),
    "rmsprop": NamedOptimizer("torch.optim.RMSprop"),
}
#: ``create_optimizer(args, model)`` (the legacy form) reads an argparse namespace: not read.
TIMM_FACTORIES = ("timm.optim.create_optimizer_v2", "timm.optim._optim_factory.create_optimizer_v2", "timm.create_optimizer_v2")
TIMM_GROUPING_SWITCH = "filter_bias_and_bn"

#: mmengine/optim/optimizer/builder.py registers every torch.optim class under its own name
#: (``OPTIMIZERS.register_module(module=...)``), and ``DefaultOptimWrapperConstructor``
#: (mmengine/optim/optimizer/default_constructor.py) hands ``model.parameters()`` to it unless
#: ``paramwise_cfg`` is set (``bias_decay_mult``/``norm_decay_mult``... then give groups).
MMENGINE_TYPE_MODULE = "torch.optim"
MMENGINE_GROUPING_KEY = "paramwise_cfg"
MMENGINE_CONSTRUCTOR_KEY = "constructor"
MMENGINE_INHERITANCE = "_base_"
#: New-style (lazy) configs inherit with ``with read_base(): from .._base_... import *``.
MMENGINE_LAZY_INHERITANCE = "read_base"
MMENGINE_MODEL_KEY = "model"

#: The text gate's words for these in Python files (the rules' ``Needs.patterns``); each starts
#: with a plain word, which the gate scans for before running the regex.  timm's factory names its
#: optimizer in lower case, and an mm config need not mention torch, so: the factory's name; for
#: WD101 an mm ``type`` naming one of torch's coupled adaptive classes (``tests/test_reach.py``
#: holds the names against the optimizer table); for WD102 an mm config that builds its model and
#: its optimizer in the same file (only those are linked).
TIMM_FACTORY_PATTERN = r"create_optimizer_v2\b"
MM_COUPLED_TYPE_NAMES = ("Adam", "Adamax", "NAdam", "RAdam", "Adagrad", "RMSprop")
_MM_COUPLED_TYPE = r"type\s*=\s*['\"]?(?:" + "|".join(MM_COUPLED_TYPE_NAMES) + r")\b(?!W)"
#: mmengine ``optim_wrapper = dict(... type=...)``, mmcv ``optimizer = dict(type=...)``.
MM_COUPLED_TYPE_PATTERNS = (
    r"optim_wrapper\s*=\s*dict\b(?s:.*?)\b" + _MM_COUPLED_TYPE,
    r"optimizer\s*=\s*dict\(\s*" + _MM_COUPLED_TYPE,
)
MM_OPTIMIZER_DICT_PATTERN = r"optim(?:_wrapper|izer)\s*=\s*dict\b"
#: ...and (``Needs.together``, tried only where a pattern matched) the model is built in the same
#: file and nothing is inherited, unless it is timm's factory.
MM_WHOLE_CONFIG_OR_FACTORY = (
    r"\A(?!(?s:.*)\b(?:_base_|read_base)\b)|create_optimizer_v2\b",
    r"\bmodel\s*=\s*dict\b|create_optimizer_v2\b",
)

#: The text gate for config files: one of these keys, and an optimizer-ish word.
CONFIG_GATE = (
    r"(_target_|_component_|class_path)[\"']?\s*:|[\"']optimizer[\"']\s*:",
)
CONFIG_WORDS = r"(?i)adam|adagrad|rmsprop|sgd|lamb|lion|optim"
