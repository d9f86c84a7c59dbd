"""Properties of ``wdlint fix`` over generated optimizer constructions.

Generated: the optimizer class, the import form (attribute, module alias,
from-import, alias, submodule, ``functools.partial``), the parameters
expression, keyword/positional mixes in any order, the layout (one line,
one argument per line with or without a trailing comma, hugging), the
indentation, a trailing comment or ``# noqa``, and the file's bytes (LF or
CRLF, BOM, PEP 263 latin-1 header with a non-ASCII comment).

Whatever is generated: the output parses; no fixable finding is left; a
second fix changes nothing; no fix is dropped; a file without a fixable
finding is byte-identical; encoding, BOM, line endings, comments and noqa
suppressions survive; ``--diff`` writes nothing.
"""

from __future__ import annotations

import ast
import io
import os
import re
import tempfile
import tokenize

import libcst
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
]
DECAYS = ["1e-4", "0.0", "0", "args.weight_decay", "0.05"]


def _spec(name):
    return builtin_table()[f"torch.optim.{name}"]


@st.composite
def optimizer_files(draw):
    name = draw(st.sampled_from(CLASSES))
    form = draw(st.sampled_from(["attribute", "module_alias", "from_torch", "from_import", "alias", "submodule", "partial"]))
    imports, reference = {
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
        positional += ["1e-3"] + ["0.9"] * (spec.weight_decay_position - 2) + [decay]
        if spec.decoupled_flag_position is not None and draw(st.booleans()):
            positional += ["0.004"] * (spec.decoupled_flag_position - spec.weight_decay_position - 1)
            positional.append(draw(st.sampled_from(["False", "True"])))
    else:
        if draw(st.booleans()):
            positional.append("1e-3")
        else:
            keywords.append("lr=1e-3")
        if decay is not None:
            keywords.append(f"weight_decay={decay}")
    if spec.has_decoupled_flag and not any(a in ("True", "False") for a in positional[1:]):
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
    statements = prelude + lines
    where = draw(st.sampled_from(["module", "function", "method"]))
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
    text = f"{imports}\n\n{body}\n"
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
    layout = draw(st.sampled_from(["one_line", "one_per_line", "one_per_line_no_comma", "hug", "two_lines"]))
    if layout == "one_line" or not arguments:
        return f"{callee}({', '.join(arguments)})"
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
    suppressed_before = {d.code for d in lint_bytes(data, "case.py", apply_noqa=False)} - {d.code for d in before}
    assert not suppressed_before & {d.code for d in after}


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


class _Settings:
    fix_style = "inline"
    disable_noqa = False
