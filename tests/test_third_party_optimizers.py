"""The third-party rows of the optimizer table, held against the libraries.

Where a library installs here (bitsandbytes, timm, transformers,
torch_optimizer, lion_pytorch, schedulefree: the ``optimizers`` extra), each
row's class is imported by its qualified name and by every alias, and the
row's positions and defaults are read from ``inspect.signature``.  apex and
DeepSpeed build only with CUDA, and ``transformers.AdamW`` is gone from
transformers 5: those rows are held against pinned excerpts of the real
constructors in ``tests/data/optimizer_signatures/`` (each names its version).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.optimizer_libraries import defining_path, exported_names, installed, load, timm_without_package_init
from wdlint.optimizers import (
    THIRD_PARTY_LIBRARIES,
    THIRD_PARTY_OPTIMIZERS,
    TORCH_OPTIMIZERS,
    DecayKind,
    OptimizerSpec,
    builtin_table,
)

EXCERPTS = Path(__file__).parent / "data" / "optimizer_signatures"
_NO_DEFAULT = object()

#: Constructor arguments that switch between coupled and decoupled decay in some library.
SWITCH_NAMES = {
    "decoupled_weight_decay", "adam_w_mode", "adamw_mode", "adagrad_w_mode", "decoupled_decay", "decoupled",
    "weight_decouple", "decouple_weight_decay",
}

#: Rows read from a pinned excerpt rather than an installed package: excerpt file -> rows.
EXCERPT_ROWS = {
    "apex.py": THIRD_PARTY_LIBRARIES["apex"],
    "deepspeed.py": THIRD_PARTY_LIBRARIES["deepspeed"],
    "transformers_4_44.py": (builtin_table()["transformers.AdamW"],),
}
_FROM_EXCERPTS = {spec.qualified_name for specs in EXCERPT_ROWS.values() for spec in specs}
INSTALLED_ROWS = [spec for spec in THIRD_PARTY_OPTIMIZERS if spec.qualified_name not in _FROM_EXCERPTS]


@dataclass(frozen=True)
class Parameter:
    name: str
    positional: bool  # may be passed positionally
    default: object


def _from_inspect(cls: type) -> list[Parameter]:
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]  # drop self
    return [
        Parameter(p.name, p.kind is p.POSITIONAL_OR_KEYWORD, _NO_DEFAULT if p.default is p.empty else p.default)
        for p in parameters
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]


def _literal(node: ast.expr | None) -> object:
    if node is None:
        return _NO_DEFAULT
    try:
        return ast.literal_eval(node)
    except ValueError:
        return ast.unparse(node)  # a name such as apex's `required`


def _from_ast(function: ast.FunctionDef) -> list[Parameter]:
    positional = function.args.args[1:]  # drop self
    defaults = [None] * (len(function.args.args) - len(function.args.defaults)) + list(function.args.defaults)
    result = [Parameter(a.arg, True, _literal(d)) for a, d in zip(positional, defaults[1:])]
    keyword_only = zip(function.args.kwonlyargs, function.args.kw_defaults)
    result += [Parameter(a.arg, False, _literal(d)) for a, d in keyword_only]
    return result


def assert_row_matches(spec: OptimizerSpec, parameters: list[Parameter]) -> None:
    """Positions, defaults and the switch of ``spec`` against a constructor's parameters."""
    index = {p.name: (position, p) for position, p in enumerate(parameters)}
    assert parameters[0].name in ("params", "model_params")
    if spec.positional_count is not None:
        assert spec.positional_count == sum(p.positional for p in parameters)
    if spec.decay is DecayKind.NONE:
        assert "weight_decay" not in index
        return
    position, weight_decay = index["weight_decay"]
    assert spec.weight_decay_position == (position if weight_decay.positional else None)
    assert weight_decay.default == spec.default_weight_decay
    flag = spec.decoupled_flag
    if flag is not None:
        position, switch = index[flag.name]
        assert flag.position == (position if switch.positional else None)
        assert bool(switch.default) is flag.default
    else:
        # An argument named like a switch but not read as one must choose between two decoupled forms
        # (timm Lamb's decoupled_decay, lion_pytorch's decoupled_weight_decay, bnb LAMB's ignored adam_w_mode).
        unexplained = SWITCH_NAMES & set(index)
        assert not unexplained or spec.decay is DecayKind.DECOUPLED, unexplained


def test_every_row_names_its_defining_module_and_source():
    for spec in TORCH_OPTIMIZERS + THIRD_PARTY_OPTIMIZERS:
        module_paths = [name.rpartition(".")[0] for name in spec.names]
        assert any(path.count(".") >= 1 for path in module_paths), spec.qualified_name
        assert spec.source and "@" in spec.source, spec.qualified_name
    for spec in THIRD_PARTY_OPTIMIZERS:
        assert spec.library in THIRD_PARTY_LIBRARIES or spec.library == "pytorch_ranger"


def test_names_are_unique_across_rows():
    seen: dict[str, str] = {}
    for spec in TORCH_OPTIMIZERS + THIRD_PARTY_OPTIMIZERS:
        for name in spec.names:
            assert name not in seen, f"{name} in {seen.get(name)} and {spec.qualified_name}"
            seen[name] = spec.qualified_name


def test_no_third_party_rename():
    """A rename is offered only where the positional slots match (verified for torch only)."""
    assert all(spec.decoupled_replacement is None for spec in THIRD_PARTY_OPTIMIZERS)


def _library_of(spec: OptimizerSpec) -> str:
    return next(library for library, specs in THIRD_PARTY_LIBRARIES.items() if spec in specs)


@pytest.fixture(scope="module")
def timm_loaded():
    if not installed("timm"):
        yield False
        return
    with timm_without_package_init():
        yield True


@pytest.mark.parametrize("spec", INSTALLED_ROWS, ids=lambda spec: spec.qualified_name)
def test_installed_row_matches_signature(spec: OptimizerSpec, timm_loaded: bool) -> None:
    if not installed(spec.library):
        pytest.skip(f"{spec.library} is not installed (pip install -e '.[optimizers]')")
    cls = load(next(name for name in spec.names if _loads(name)))
    assert defining_path(cls) in spec.names, "the runtime matches on the defining module"
    for name in spec.names:
        if spec.library == "timm" and not _loads(name):
            # timm.optim.X, with timm/optim/__init__.py not importable here: read what it exports.
            module_path, _, class_name = name.rpartition(".")
            init = Path(importlib.util.find_spec("timm").origin).parent / "optim" / "__init__.py"
            assert module_path == "timm.optim" and class_name in exported_names(init), name
            continue
        assert load(name) is cls, name
    assert_row_matches(spec, _from_inspect(cls))


def _loads(path: str) -> bool:
    try:
        load(path)
    except (ImportError, AttributeError):
        return False
    return True


def _excerpt_classes(filename: str) -> dict[str, ast.FunctionDef]:
    """Defining path (``apex.optimizers.fused_adam.FusedAdam``) -> the excerpt's ``__init__``."""
    tree = ast.parse((EXCERPTS / filename).read_text(encoding="utf-8"))
    classes = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            source_file = ast.get_docstring(node)
            module = source_file.removesuffix(".py").replace("/", ".")
            init = next(n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
            classes[f"{module}.{node.name}"] = init
    return classes


@pytest.mark.parametrize(
    ("filename", "spec"),
    [(filename, spec) for filename, specs in EXCERPT_ROWS.items() for spec in specs],
    ids=lambda value: value.qualified_name if isinstance(value, OptimizerSpec) else value,
)
def test_excerpt_row_matches_signature(filename: str, spec: OptimizerSpec) -> None:
    classes = _excerpt_classes(filename)
    defining = [name for name in spec.names if name in classes]
    assert len(defining) == 1, f"{spec.qualified_name}: no excerpt class among {spec.names}"
    assert_row_matches(spec, _from_ast(classes[defining[0]]))


def test_every_excerpt_class_has_a_row():
    table = builtin_table()
    for filename in EXCERPT_ROWS:
        for defining in _excerpt_classes(filename):
            assert defining in table, defining


def test_rows_cover_every_installed_optimizer_with_weight_decay(timm_loaded: bool) -> None:
    """Each installed library's exported optimizers that take weight_decay have a row."""
    import torch

    packages = {
        "bitsandbytes": ["bitsandbytes.optim"],
        "torch_optimizer": ["torch_optimizer"],
        "lion_pytorch": ["lion_pytorch"],
        "schedulefree": ["schedulefree"],
    }
    table = builtin_table()
    missing = []
    for package, modules in packages.items():
        if not installed(package):
            continue
        for module_name in modules:
            module = importlib.import_module(module_name)
            for name in dir(module):
                value = getattr(module, name)
                if not (isinstance(value, type) and issubclass(value, torch.optim.Optimizer)):
                    continue
                if value.__module__.startswith("torch.") or "weight_decay" not in inspect.signature(value).parameters:
                    continue
                if defining_path(value) not in table:
                    missing.append(defining_path(value))
    if timm_loaded:
        init = Path(importlib.util.find_spec("timm").origin).parent / "optim" / "__init__.py"
        timm_rows = {spec.name for spec in THIRD_PARTY_LIBRARIES["timm"]}
        for name in exported_names(init):
            if name[0].isupper() and name not in timm_rows and name not in _TIMM_NOT_OPTIMIZERS:
                missing.append(f"timm.optim.{name}")
    assert missing == []


#: timm.optim exports that are no optimizer with weight decay of its own.
_TIMM_NOT_OPTIMIZERS = {"Lookahead", "OptimInfo", "OptimizerRegistry"}


@pytest.mark.parametrize(
    "spec", [spec for spec in INSTALLED_ROWS if spec.decoupled_flag is not None], ids=lambda spec: spec.qualified_name
)
def test_switch_is_kept_where_the_row_says(spec: OptimizerSpec, timm_loaded: bool) -> None:
    """The runtime reads the switch from the groups, or from the attribute the row names."""
    import torch

    if not installed(spec.library):
        pytest.skip(f"{spec.library} is not installed")
    cls = load(next(name for name in spec.names if _loads(name)))
    flag = spec.decoupled_flag
    weight = torch.nn.Parameter(torch.zeros(2, 2))
    for value in (True, False):
        optimizer = cls([weight], **{flag.name: value})
        if flag.attribute is None:
            assert optimizer.param_groups[0][flag.name] is value
        else:
            assert flag.name not in optimizer.param_groups[0]
            assert bool(getattr(optimizer, flag.attribute)) is value


@pytest.mark.parametrize(
    ("bnb_name", "reference", "decay"),
    [
        ("Adam", "torch.optim.AdamW", DecayKind.DECOUPLED),  # named Adam, steps as AdamW
        ("Adam32bit", "torch.optim.AdamW", DecayKind.DECOUPLED),
        ("AdamW", "torch.optim.AdamW", DecayKind.DECOUPLED),
        ("RMSprop", "torch.optim.RMSprop", DecayKind.COUPLED_ADAPTIVE),
        ("Adagrad", "torch.optim.Adagrad", DecayKind.COUPLED_ADAPTIVE),
        ("Lion", "lion_pytorch.Lion", DecayKind.DECOUPLED),
    ],
)
def test_bitsandbytes_steps_as_its_row_says(bnb_name, reference, decay):
    """bitsandbytes' CPU update against a reference of known semantics: the row's decay kind is what it does."""
    import torch

    for package in ("bitsandbytes", reference.split(".")[0]):
        if not installed(package):
            pytest.skip(f"{package} is not installed")
    generator = torch.Generator().manual_seed(0)
    start = torch.randn(32, 32, generator=generator) * 3
    gradients = [torch.randn(32, 32, generator=generator) for _ in range(3)]

    def run(cls):
        weight = torch.nn.Parameter(start.clone())
        optimizer = cls([weight], lr=1e-2, weight_decay=0.3)
        for gradient in gradients:
            weight.grad = gradient.clone()
            optimizer.step()
        return weight.detach()

    assert builtin_table()[f"bitsandbytes.optim.{bnb_name}"].decay is decay
    assert torch.allclose(run(load(f"bitsandbytes.optim.{bnb_name}")), run(load(reference)), atol=1e-5)
