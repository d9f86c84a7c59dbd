"""Fuzzing harness: generated and mutated programs through ``check`` and ``fix``.

Two sources of programs:

- *generated*: hypothesmith programs (valid Python from the grammar), each
  also given an optimizer construction (before, after, or inside it), so the
  analysis and the fixes run, not just the prefilter;
- *mutated*: the repository's fixtures (rule fixtures and fix cases), each
  changed by one to three random mutations: delete or duplicate a token or a
  line, change a line's indentation or all line endings (CRLF, CR), insert a
  NUL, a BOM, a form feed or odd unicode, truncate, trailing whitespace,
  re-encode (latin-1 with a coding header, UTF-8 BOM, cp1252).

Properties checked on each (a violation is recorded with the program, the
run goes on):

1. no exception escapes ``lint_bytes`` or ``fix_source``;
2. WD000 is reported exactly when CPython's ``compile`` rejects the bytes (for
   a file that could hold a finding and is not ``# flake8: noqa``; a file only
   the compiler rejects is exempt where ``ast`` shows no rule can report in it);
3. the fixed file compiles; 4. a second fix changes nothing;
5. bytes outside the fixed statements are unchanged (line diff against the
   statements of the fixed findings and the imports), BOM and line endings
   kept; 6. every comment is kept, once;
7. fixable is fixed: a file with a fixable finding changes, one without does
   not, and no fixable finding is left; ``fix``'s count of findings left
   equals ``check``'s on the fixed file.

Run: ``python scripts/fuzz.py --generated 20000 --mutated 20000 --seed 1``
(``--jobs N`` splits the work over processes).  ``tests/test_fuzz.py`` runs
a few hundred of each in CI.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import random
import sys
import time
import tokenize
import traceback
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SNIPPETS = [
    "import torch\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=0.1)\n",
    "from torch.optim import NAdam\noptimizer = NAdam(net.parameters(), weight_decay=1e-4)  # noqa: WD101\n",
    "import torch\nopt = torch.optim.AdamW([{'params': model.parameters()},\n    {'params': head.parameters(), 'lr': 1e-3}], weight_decay=0.1)\n",
    "import torch\ndef build(model):\n    return torch.optim.SGD(\n        model.parameters(),  # all of them\n        lr=0.1,\n        weight_decay=5e-4,\n    )\n",
    "import torch.optim as optim\nloss = loss + 0.01 * sum(p.pow(2).sum() for p in model.parameters())\nopt = optim.RMSprop(model.parameters(), weight_decay=1e-2)\n",
]

ODD = ["\x00", "\ufeff", "\f", "\u00a0", "\u2028", "\u0085", "é", "\U0001F600", "\t", "\\", "\r", "\v", "\x1c"]


def fixture_sources() -> list[bytes]:
    paths = sorted((ROOT / "tests" / "rule_fixtures").glob("*.py")) + sorted((ROOT / "tests" / "fix_cases").glob("*.in.py"))
    return [path.read_bytes() for path in paths]


# -- mutations ------------------------------------------------------------------------------


def mutate(source: bytes, rng: random.Random) -> bytes:
    text = source.decode("utf-8", "surrogateescape")
    for _ in range(rng.randint(1, 3)):
        text = rng.choice(_TEXT_MUTATIONS)(text, rng)
    data = text.encode("utf-8", "surrogateescape")
    if rng.random() < 0.25:
        data = rng.choice(_BYTE_MUTATIONS)(data, rng)
    return data


def _tokens(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens (a rough regex: words, numbers, strings' quotes, punctuation)."""
    import re

    return [(m.start(), m.end()) for m in re.finditer(r"\w+|'[^'\n]*'|\"[^\"\n]*\"|#[^\n]*|[^\w\s]", text)]


def _delete_token(text, rng):
    spans = _tokens(text)
    if not spans:
        return text
    a, b = rng.choice(spans)
    return text[:a] + text[b:]


def _duplicate_token(text, rng):
    spans = _tokens(text)
    if not spans:
        return text
    a, b = rng.choice(spans)
    return text[:b] + text[a:b] + text[b:]


def _lines(text):
    return text.splitlines(keepends=True) or [""]


def _delete_line(text, rng):
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "".join(lines)


def _duplicate_line(text, rng):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "".join(lines)


def _indent(text, rng):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    change = rng.choice(["    ", " ", "\t", "\f", "-"])
    if change == "-":
        lines[i] = lines[i][1:] if lines[i][:1] in " \t" else lines[i]
    else:
        lines[i] = change + lines[i]
    return "".join(lines)


def _line_endings(text, rng):
    ending = rng.choice(["\r\n", "\r", "\n"])
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", ending)


def _insert_odd(text, rng):
    i = rng.randint(0, len(text))
    return text[:i] + rng.choice(ODD) + text[i:]


def _truncate(text, rng):
    return text[: rng.randint(0, len(text))]


def _trailing_whitespace(text, rng):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    line = lines[i]
    body = line.rstrip("\r\n")
    lines[i] = body + rng.choice([" ", "\t", "  \f", "   "]) + line[len(body):]
    return "".join(lines)


def _blank_tail(text, rng):
    return text + rng.choice(["\n\n   ", "\n\n", "   ", "\f", "\n\f\n"])


def _mixed_line_endings(text, rng):
    """Line endings mixed line by line: the first line's apart, each at random, or in runs."""
    import re

    lines = re.split(r"\r\n|\r|\n", text)
    rest = lines.pop()  # after the last line break ('' when the text ends in one)
    endings = ["\n", "\r", "\r\n"]
    mode = rng.randrange(3)
    if mode == 0:
        first, others = rng.sample(endings, 2)
        chosen = [first] + [others] * (len(lines) - 1)
    elif mode == 1:
        chosen = [rng.choice(endings) for _ in lines]
    else:
        chosen, current = [], rng.choice(endings)
        for _ in lines:
            if rng.random() < 0.1:
                current = rng.choice(endings)
            chosen.append(current)
    return "".join(line + ending for line, ending in zip(lines, chosen)) + rest


_TEXT_MUTATIONS = [
    _delete_token, _duplicate_token, _delete_line, _duplicate_line, _indent, _line_endings,
    _insert_odd, _truncate, _trailing_whitespace, _blank_tail, _mixed_line_endings,
]


def _latin1(data, rng):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    try:
        return ("# -*- coding: latin-1 -*-\n" + text).encode("latin-1")
    except UnicodeEncodeError:
        return data


def _bom(data, rng):
    return b"\xef\xbb\xbf" + data


def _cp1252(data, rng):
    try:
        return ("# coding: cp1252\n" + data.decode("utf-8") + "# caf\u00e9\n").encode("cp1252")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return data


def _raw_byte(data, rng):
    i = rng.randint(0, len(data))
    return data[:i] + rng.choice([b"\xff", b"\xe9", b"\xc3", b"\x00"]) + data[i:]


_BYTE_MUTATIONS = [_latin1, _bom, _cp1252, _raw_byte]


# -- the properties ---------------------------------------------------------------------------


def python_rejects(source: bytes) -> bool:
    """CPython's verdict when it runs the file: ``compile``, and every byte decodes (PEP 263).

    (``compile`` of bytes in Python 3.11 lets a comment that does not decode
    through; ``python file.py`` rejects it, and so does wdlint.)
    """
    from wdlint.source import Undecodable, decode

    try:
        decode(source)
    except Undecodable:
        return True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "fuzz.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return True
    return False


def comments_of(source: bytes) -> Counter:
    """The comments, as Python reads the file (lines end at CR, LF or CRLF)."""
    from wdlint.source import Undecodable, decode, split_lines

    try:
        text = "\n".join(split_lines(decode(source))) + "\n"
        return Counter(t.string for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.COMMENT)
    except (tokenize.TokenError, SyntaxError, IndentationError, Undecodable):
        return Counter()


def _dismissed_by_ast(text: str) -> bool:
    """Whether the file parses and ``ast`` alone shows that no rule can report in it."""
    from wdlint import validity
    from wdlint.analysis.candidates import candidate_spans
    from wdlint.engine import DEFAULT_OPTIONS

    checked = validity.analysable(text, "fuzz.py")
    validity.take_clock("fuzz.py")
    return isinstance(checked, tuple) and candidate_spans(checked[0].text, checked[1], DEFAULT_OPTIONS) is None


def _line_endings_of(data: bytes) -> set[bytes]:
    import re

    return set(re.findall(rb"\r\n|\r|\n", data))


def check_program(source: bytes) -> list[str]:
    """The violated properties (empty: all hold)."""
    from wdlint.engine import decode, lint_bytes, might_have_findings
    from wdlint.fix.apply import fix_source
    from wdlint.noqa import file_is_skipped
    from wdlint.source import split_lines

    problems: list[str] = []
    try:
        found = lint_bytes(source, "fuzz.py")
    except Exception:
        return ["check raised: " + traceback.format_exc(limit=4)]
    text = decode(source, "fuzz.py")
    if isinstance(text, str):
        gated = might_have_findings(text) and not file_is_skipped(split_lines(text))
    else:  # undecodable: a WD000 only where the bytes could hold a finding (the speed issue)
        gated = might_have_findings(source)
    rejected = python_rejects(source)
    has_wd000 = any(d.code == "WD000" for d in found)
    if gated:
        # What only CPython's compiler rejects is a WD000 where ``ast`` shows a rule may report (the engine).
        if rejected != has_wd000 and not (rejected and not has_wd000 and _dismissed_by_ast(text)):
            problems.append(f"WD000={has_wd000} but CPython rejects={rejected}: {[d.message for d in found if d.code == 'WD000']}")
    try:
        result = fix_source(source, "fuzz.py")
    except Exception:
        return problems + ["fix raised: " + traceback.format_exc(limit=4)]
    fixable = [d for d in found if d.fixable]
    if bool(fixable) != result.changed:
        problems.append(f"fixable={len(fixable)} but changed={result.changed} notes={result.notes}")
    if sorted((d.code, d.line) for d in result.remaining if not result.changed) != sorted(
        (d.code, d.line) for d in found if not result.changed
    ):
        problems.append("fix's findings left differ from check's on an unchanged file")
    if not result.changed:
        if result.new_source != source:
            problems.append("unchanged result but bytes differ")
        return problems
    new = result.new_source
    if python_rejects(new):
        problems.append("fixed file does not compile")
        return problems
    try:
        again = fix_source(new, "fuzz.py")
        after = lint_bytes(new, "fuzz.py")
    except Exception:
        return problems + ["second pass raised: " + traceback.format_exc(limit=4)]
    if again.changed:
        problems.append("second fix changed the file")
    if any(d.fixable for d in after):
        problems.append(f"fixable findings left after fix: {[(d.code, d.line) for d in after if d.fixable]}")
    if sorted(after) != sorted(result.remaining):
        problems.append(f"fix counts {len(result.remaining)} findings left, check {len(after)}")
    if new.startswith(b"\xef\xbb\xbf") != source.startswith(b"\xef\xbb\xbf"):
        problems.append("BOM changed")
    if not _line_endings_of(new) <= (_line_endings_of(source) or {b"\n"}):
        problems.append(f"line endings changed: {_line_endings_of(source)} -> {_line_endings_of(new)}")
    missing = comments_of(source) - comments_of(new)
    if missing:
        problems.append(f"comments lost: {list(missing)}")
    doubled = comments_of(new) - comments_of(source)
    if doubled:
        problems.append(f"comments added or doubled: {list(doubled)}")
    outside = _changed_outside_fixed_statements(source, new, [d for d in found if d.fixable])
    if outside:
        problems.append(f"bytes changed outside the fixed statements, original lines {outside[:5]}")
    return problems


def _changed_outside_fixed_statements(source: bytes, new: bytes, fixed) -> list[int]:
    """1-based original lines changed by the fix that no fixed statement nor import covers."""
    import re

    from wdlint.fix.splice import _line_diff

    def lines(data):
        return re.findall(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z", data)

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    allowed: set[int] = set()
    statements = [n for n in ast.walk(tree) if isinstance(n, ast.stmt)]
    for diagnostic in fixed:
        covering = [s for s in statements if s.lineno <= diagnostic.line <= s.end_lineno]
        if covering:
            smallest = min(covering, key=lambda s: s.end_lineno - s.lineno)
            allowed.update(range(smallest.lineno, smallest.end_lineno + 1))
            # A group added by ``X.add_param_group`` is fixed at X's construction (renamed to AdamW).
            for call in ast.walk(smallest):
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "add_param_group" \
                        and isinstance(call.func.value, ast.Name):
                    for bound in statements:
                        if isinstance(bound, ast.Assign) and any(
                            isinstance(t, ast.Name) and t.id == call.func.value.id for t in bound.targets
                        ):
                            allowed.update(range(bound.lineno, bound.end_lineno + 1))
    for node in statements:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            allowed.update(range(node.lineno, node.end_lineno + 2))
    allowed.update(range(1, (tree.body[0].lineno if tree.body else 1) + 1))
    old_lines, new_lines = lines(source), lines(new)
    bad = []
    for tag, i1, i2, _, _ in _line_diff(old_lines, new_lines):
        if tag == "equal":
            continue
        touched = range(i1 + 1, i2 + 1) if i2 > i1 else range(i1, i1 + 2)
        if not any(line in allowed for line in touched):
            bad.append(i1 + 1)
    return bad


# -- driving --------------------------------------------------------------------------------


def generated_programs(count: int, seed: int):
    """``count`` hypothesmith programs, each with an optimizer construction added somewhere."""
    import hypothesmith
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    programs: list[str] = []
    strategy = st.tuples(hypothesmith.from_grammar(), st.integers(0, len(SNIPPETS) - 1), st.integers(0, 2))

    @settings(max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)
    @given(strategy)
    def collect(case):
        programs.append(case)

    import hypothesis

    hypothesis.seed(seed)(collect)()
    rng = random.Random(seed)
    for program, snippet_index, where in programs:
        snippet = SNIPPETS[snippet_index]
        if where == 0:
            text = snippet + program
        elif where == 1:
            text = program + ("\n" if program and not program.endswith("\n") else "") + snippet
        else:
            lines = program.splitlines(keepends=True)
            i = rng.randint(0, len(lines))
            text = "".join(lines[:i]) + snippet + "".join(lines[i:])
        yield text.encode("utf-8", "surrogatepass")


def mutated_programs(count: int, seed: int):
    rng = random.Random(seed)
    sources = fixture_sources()
    for _ in range(count):
        yield mutate(rng.choice(sources), rng)


def run(kind: str, count: int, seed: int, report_every: int = 500, out=sys.stderr) -> dict:
    programs = generated_programs(count, seed) if kind == "generated" else mutated_programs(count, seed)
    checked = 0
    violations: list[dict] = []
    started = time.time()
    for source in programs:
        problems = check_program(source)
        checked += 1
        if problems:
            violations.append({"kind": kind, "source": source.decode("latin-1"), "problems": problems})
        if report_every and checked % report_every == 0:
            print(f"[{kind} seed={seed}] {checked} checked, {len(violations)} violations, {time.time() - started:.0f} s", file=out, flush=True)
    return {"kind": kind, "seed": seed, "checked": checked, "violations": violations, "seconds": round(time.time() - started, 1)}


#: Programs per batch (one seed each).
BATCH = 500


def _worker(arguments):
    kind, count, seed = arguments
    return run(kind, count, seed)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=1000)
    parser.add_argument("--mutated", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--out", default="fuzz-report.json")
    args = parser.parse_args(argv)
    # Batches of at most BATCH programs, each with its own seed: hypothesis draws a batch's
    # programs before they are checked, and a batch of thousands costs minutes and a gigabyte first.
    work = []
    for kind, total in (("generated", args.generated), ("mutated", args.mutated)):
        batches = max(args.jobs, -(-total // BATCH))
        per = [total // batches + (1 if i < total % batches else 0) for i in range(batches)]
        work += [(kind, n, args.seed * 1000 + i) for i, n in enumerate(per) if n]
    if args.jobs > 1:
        from multiprocessing import Pool

        with Pool(args.jobs) as pool:
            results = pool.map(_worker, work, chunksize=1)
    else:
        results = [_worker(item) for item in work]
    summary = {
        kind: {"checked": sum(r["checked"] for r in results if r["kind"] == kind),
               "violations": sum(len(r["violations"]) for r in results if r["kind"] == kind)}
        for kind in ("generated", "mutated")
    }
    Path(args.out).write_text(json.dumps({"summary": summary, "results": results}, indent=1))
    print(json.dumps(summary))
    return 1 if any(s["violations"] for s in summary.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
