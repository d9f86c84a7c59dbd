"""Properties of ``wdlint fix`` over generated optimizer constructions.

Generated: the optimizer class, the import form (attribute, module alias,
from-import, alias, submodule, an import inside the function,
``functools.partial``), the parameters expression (also spread over lines
with a comment inside, or reading an iterator bound to a name),
keyword/positional mixes in any order, the layout (one line, one argument
per line with or without a trailing comma, hugging, aligned with the
bracket), the indentation, a trailing comment or ``# noqa``, and the file's
bytes (LF or CRLF, BOM, PEP 263 latin-1 header with a non-ASCII comment, a
form feed line).

Whatever is generated: the output parses; no fixable finding is left; a
second fix changes nothing; no fix is dropped; a file without a fixable
finding is byte-identical; encoding, BOM, line endings, comments (each
once) and noqa'd findings survive; ``--diff`` writes nothing.  With torch
installed, both versions are run: the fixed optimizer holds the same
parameters with the same options, its ndim >= 2 parameters keep their
decay, the others keep it or get 0.0, and what was fixed is decoupled.
"""

from __future__ import annotations

import ast
import functools
import inspect
import io
import os
import re
import tempfile
import tokenize
from collections import Counter
from types import SimpleNamespace

import hypothesmith
import libcst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wdlint.config import Settings
from wdlint.engine import lint_bytes
from wdlint.fix import fix_source
from wdlint.fix.command import cli_fix
from wdlint.optimizers import builtin_table

CLASSES = ["Adam", "AdamW", "NAdam", "RAdam", "SGD", "Adagrad", "RMSprop", "Adamax"]
MODULES = {"Adam": "adam", "AdamW": "adamw", "NAdam": "nadam", "RAdam": "radam", "SGD": "sgd",
           "Adagrad": "adagrad", "RMSprop": "rmsprop", "Adamax": "adamax"}
PARAMS = [
    "model.parameters()",
    "self.model.parameters()",
    "model.named_parameters()",
    "[p for p in model.parameters() if p.requires_grad]",
    "(p for p in model.parameters() if p.requires_grad)",
    "list(model.parameters())",
    "filter(lambda p: p.requires_grad, model.parameters())",
    "[model.head.weight]",
    '[{"params": model.parameters(), "lr": 1e-3}]',
    '[{"params": model.parameters(), "weight_decay": 0.05}, {"params": [model.head.weight]}]',
    "[dict(params=model.parameters(), lr=1e-3)]",
    "params",
    "groups",
    "list(iterator)",
    "[p for p in iterator]",
    "filter(lambda x: x[1].requires_grad, model.named_parameters())",
    "[\n        p\n        for p in model.parameters()  # trainable only\n        if p.requires_grad\n    ]",
    "list(\n        model.parameters()\n    )",
    '[\n        {\n            "params": [\n                p\n                for p in model.parameters()  # all\n'
    '                if p.requires_grad\n            ],\n            "lr": 1e-3,\n        },\n    ]',
]
DECAYS = ["1e-4", "0.0", "0", "args.weight_decay", "0.05"]


def _spec(name):
    return builtin_table()[f"torch.optim.{name}"]


@functools.lru_cache(maxsize=None)
def _signature_defaults(name: str) -> tuple[str, ...]:
    """The defaults of the optimizer's positional slots, as source (valid arguments to run)."""
    try:
        import torch.optim
    except ImportError:
        return ()
    parameters = inspect.signature(getattr(torch.optim, name)).parameters.values()
    return tuple(repr(p.default) for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD)


def _defaults(name: str, start: int, stop: int) -> list[str]:
    known = _signature_defaults(name)
    return [known[i] if i < len(known) else "0.9" for i in range(start, stop)]


@st.composite
def optimizer_files(draw):
    name = draw(st.sampled_from(CLASSES))
    form = draw(st.sampled_from(
        ["attribute", "module_alias", "from_torch", "from_import", "alias", "submodule", "partial", "local_import"]
    ))
    imports, reference = {
        "local_import": ("import torch", name),
        "attribute": ("import torch", f"torch.optim.{name}"),
        "module_alias": ("import torch.optim as optim", f"optim.{name}"),
        "from_torch": ("from torch import optim", f"optim.{name}"),
        "from_import": (f"from torch.optim import {name}", name),
        "alias": (f"from torch.optim import {name} as Opt", "Opt"),
        "submodule": (f"from torch.optim.{MODULES[name]} import {name}", name),
        "partial": ("import functools\nimport torch", f"torch.optim.{name}"),
    }[form]
    spec = _spec(name)
    params = draw(st.sampled_from(PARAMS))
    positional = [params]
    keywords = []
    decay = draw(st.sampled_from([None, *DECAYS]))
    decay_positional = decay is not None and spec.weight_decay_position is not None and draw(st.booleans())
    if decay_positional:
        positional += ["1e-3"] + _defaults(name, 2, spec.weight_decay_position) + [decay]
        flag_position = spec.decoupled_flag.position if spec.decoupled_flag is not None else None
        if flag_position is not None and draw(st.booleans()):
            positional += _defaults(name, spec.weight_decay_position + 1, flag_position)
            positional.append(draw(st.sampled_from(["False", "True"])))
    else:
        if draw(st.booleans()):
            positional.append("1e-3")
        else:
            keywords.append("lr=1e-3")
        if decay is not None:
            keywords.append(f"weight_decay={decay}")
    if spec.decoupled_flag is not None and not any(a in ("True", "False") for a in positional[1:]):
        flag = draw(st.sampled_from([None, None, "False", "True"]))
        if flag is not None:
            keywords.append(f"decoupled_weight_decay={flag}")
    keywords = draw(st.permutations(keywords))
    if draw(st.booleans()) and len(positional) == 1 and not params.startswith("("):
        keywords = [f"params={params}", *keywords]
        positional = []
    arguments = positional + list(keywords)
    if form == "partial":
        if len(positional) == 1:  # partial(cls, **keywords) then make(params)
            call_text = _lay_out("functools.partial", [reference, *keywords], draw)
            body_call = f"make = {call_text}\noptimizer = make({params})"
        else:  # everything fixed by the partial
            call_text = _lay_out("functools.partial", [reference, *arguments], draw)
            body_call = f"make = {call_text}\noptimizer = make()"
    else:
        body_call = "optimizer = " + _lay_out(reference, arguments, draw)
    if params.startswith("(") and len(arguments) == 1 and form != "partial" and draw(st.booleans()):
        body_call = body_call.replace(f"({params})", f"({params[1:-1]})", 1)
    comment = draw(st.sampled_from(["", "  # noqa: WD101", "  # noqa: WD102", "  # tuned by hand", "  # noqa"]))
    lines = body_call.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("optimizer = ") or line.startswith("make = "))
    lines[first] += comment
    prelude = []
    if params == "params":
        prelude.append("params = list(model.parameters())")
    if params == "groups":
        prelude.append('groups = [{"params": model.parameters(), "lr": 1e-3}, {"params": [model.head.weight]}]')
    if "iterator" in params:
        prelude.append("iterator = model.parameters()")  # one-shot: never fixed
    if form == "local_import":
        prelude.insert(0, f"from torch.optim import {name}")
    statements = prelude + lines
    where = draw(st.sampled_from(["function", "method"] if form == "local_import" else ["module", "function", "method"]))
    if where == "module":
        body = "\n".join(statements)
    elif where == "function":
        body = "def build(model, args):\n" + "\n".join("    " + line for line in statements) + "\n    return optimizer"
    else:
        body = (
            "class Trainer:\n    def configure(self, model, args):\n"
            + "\n".join("        " + line for line in statements)
            + "\n        return optimizer"
        )
    form_feed = "\x0c\n" if draw(st.booleans()) else ""  # a form feed is no line break for Python
    text = f"{imports}\n{form_feed}\n{body}\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-bom", "latin-1"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    if encoding == "latin-1":
        text = "# -*- coding: latin-1 -*-\n# r\u00e9glage du taux\n" + text
    text = text.replace("\n", newline)
    data = text.encode("latin-1" if encoding == "latin-1" else "utf-8")
    if encoding == "utf-8-bom":
        data = b"\xef\xbb\xbf" + data
    return data


def _lay_out(callee: str, arguments: list[str], draw) -> str:
    layout = draw(st.sampled_from(["one_line", "one_per_line", "one_per_line_no_comma", "hug", "two_lines", "aligned"]))
    if layout == "one_line" or not arguments:
        return f"{callee}({', '.join(arguments)})"
    if layout == "aligned":  # continuation lines under the bracket (pycodestyle's visual indent)
        column = " " * (len("optimizer = ") + len(callee) + 1)
        return f"{callee}(" + f",\n{column}".join(arguments) + ")"
    if layout == "one_per_line":
        return f"{callee}(\n" + "".join(f"    {a},\n" for a in arguments) + ")"
    if layout == "one_per_line_no_comma":
        return f"{callee}(\n" + ",\n".join(f"    {a}" for a in arguments) + "\n)"
    if layout == "hug":
        return f"{callee}({arguments[0]}" + "".join(f",\n        {a}" for a in arguments[1:]) + ")"
    half = max(1, len(arguments) // 2)
    return f"{callee}({', '.join(arguments[:half])},\n    {', '.join(arguments[half:])})" if arguments[half:] else f"{callee}({arguments[0]})"


def _text(data: bytes) -> str:
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def _comments(text: str) -> list[str]:
    return sorted(re.findall(r"#[^\r\n]*", text))


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(optimizer_files())
def test_fix_guarantees(data: bytes) -> None:
    ast.parse(data)  # the generator writes valid Python
    before = lint_bytes(data, "case.py")
    result = fix_source(data, "case.py")
    assert result.notes == []
    output = result.new_source
    if not any(d.fixable for d in before):
        assert output == data
        return
    # Parses, with the same encoding, BOM and line endings.
    libcst.parse_module(output)
    ast.parse(output)
    assert output.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    text = _text(output)
    if b"\r\n" in data:
        assert "\n" not in text.replace("\r\n", "")
    else:
        assert "\r" not in text
    # Nothing fixable left; a second fix is a no-op.
    after = lint_bytes(output, "case.py")
    assert [d for d in after if d.fixable] == []
    assert result.remaining == after
    assert fix_source(output, "case.py").new_source == output
    # Comments survive (the Adam import line carries none); noqa still suppresses.
    assert _comments(text) == _comments(_text(data))
    # A noqa'd finding is never fixed: it is still there, still suppressed.
    suppressed = Counter(d.code for d in lint_bytes(data, "case.py", apply_noqa=False)) - Counter(d.code for d in before)
    still = Counter(d.code for d in lint_bytes(output, "case.py", apply_noqa=False)) - Counter(d.code for d in after)
    assert suppressed == still


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(optimizer_files())
def test_diff_writes_nothing(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "train.py")
        with open(path, "wb") as handle:
            handle.write(data)
        before = os.stat(path)
        stdout, stderr = io.StringIO(), io.StringIO()
        status = cli_fix([(path, "train.py")], _Settings(), True, stdout, stderr)
        with open(path, "rb") as handle:
            assert handle.read() == data
        assert os.stat(path).st_mtime_ns == before.st_mtime_ns
        assert os.listdir(directory) == ["train.py"]
        changed = fix_source(data, "train.py").changed
        assert bool(stdout.getvalue()) == changed
        assert status in (0, 1)
        assert (status == 1) == (changed or bool(lint_bytes(data, "train.py")))


def _Settings() -> Settings:
    """The real settings object with its defaults (no configuration file)."""
    return Settings(root=tempfile.gettempdir())


def _build(data: bytes, model):
    """The optimizer the generated file constructs for ``model``, or the exception it raised."""
    namespace = {"args": SimpleNamespace(weight_decay=0.05), "self": SimpleNamespace(model=model), "model": model}
    try:
        exec(compile(data, "case.py", "exec"), namespace)
        if "build" in namespace:
            return namespace["build"](model, namespace["args"])
        if "Trainer" in namespace:
            trainer = namespace["Trainer"]()
            trainer.model = model
            return trainer.configure(model, namespace["args"])
        return namespace["optimizer"]
    except Exception as error:  # generated arguments torch rejects, in the original
        return error


def _model():
    from torch import nn

    model = nn.Module()
    model.body = nn.Linear(3, 3)
    model.norm = nn.LayerNorm(3)
    object.__setattr__(model, "head", nn.Linear(3, 2))  # a tensor of the model's that parameters() leaves out
    return model


def _settings(group) -> dict:
    ignored = ("params", "param_names", "weight_decay", "decoupled_weight_decay")  # param_names: named_parameters()
    return {key: value for key, value in group.items() if key not in ignored}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(optimizer_files())
def test_fixed_optimizer_means_the_same(data: bytes) -> None:
    """Run both versions: same parameters, same options, decay only where it belongs."""
    pytest.importorskip("torch")
    result = fix_source(data, "case.py")
    if not result.changed:
        return
    model = _model()
    before = _build(data, model)
    if isinstance(before, Exception):
        return
    after = _build(result.new_source, model)
    assert not isinstance(after, Exception), f"the fixed file fails: {after!r}"
    old = {id(p): (p, group) for group in before.param_groups for p in group["params"]}
    new = {id(p): group for group in after.param_groups for p in group["params"]}
    assert old.keys() == new.keys()  # every parameter once, none lost (a consumed iterator)
    assert sum(len(g["params"]) for g in after.param_groups) == len(new)
    for key, (parameter, group) in old.items():
        assert _settings(new[key]) == _settings(group)
        if parameter.ndim >= 2:
            assert new[key]["weight_decay"] == group["weight_decay"]
        else:
            assert new[key]["weight_decay"] in (group["weight_decay"], 0.0)
    fixed = {d.code for d in result.fixed}
    if "WD101" in fixed:
        assert type(after).__name__ == "AdamW" or all(g["decoupled_weight_decay"] for g in after.param_groups)
    if "WD102" in fixed:
        assert all(g["weight_decay"] == 0.0 for g in after.param_groups if any(p.ndim < 2 for p in g["params"]))


ADAM_CALL = "\nimport torch\noptimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(code=hypothesmith.from_grammar())
def test_fix_never_breaks_valid_python(code: str) -> None:
    """Arbitrary valid code around (and without) a fixable call: never a crash, never a broken file."""
    for text in (code, code.rstrip("\\\n") + "\n" + ADAM_CALL):
        try:
            ast.parse(text)
            libcst.parse_module(text)
        except (SyntaxError, ValueError, libcst.ParserSyntaxError, RecursionError):
            continue
        data = text.encode("utf-8", "surrogatepass")
        result = fix_source(data, "case.py")
        assert not any("internal error" in note for note in result.notes)
        if result.changed:
            ast.parse(result.new_source)
            libcst.parse_module(result.new_source)
            assert fix_source(result.new_source, "case.py").new_source == result.new_source
        else:
            assert result.new_source == data
