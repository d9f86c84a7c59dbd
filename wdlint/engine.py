"""The one analysis path: source in, diagnostics out.

The CLI, the flake8 plugin, pre-commit and ``wdlint fix`` are thin adapters
over these functions.  Cost is kept where findings are: a text prefilter first
(libcst is not even imported for a file it rejects), one libcst parse and one
traversal for the rest, and source positions computed only for files that
have a finding.
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass
from functools import lru_cache

from wdlint import noqa
from wdlint.analysis.prefilter import might_have_findings as _prefilter
from wdlint.analysis.prefilter import optimizer_names_pattern
from wdlint.analysis.pruning import physical_lines, prune
from wdlint.diagnostics import Diagnostic
from wdlint.optimizers import OptimizerSpec, optimizer_table


@dataclass(frozen=True)
class AnalysisOptions:
    """Settings that change what the analysis finds (not select/ignore)."""

    extra_coupled_optimizers: tuple[str, ...] = ()
    extra_decoupled_optimizers: tuple[str, ...] = ()

    def table(self) -> dict[str, OptimizerSpec]:
        return optimizer_table(self.extra_coupled_optimizers, self.extra_decoupled_optimizers)


DEFAULT_OPTIONS = AnalysisOptions()


def might_have_findings(text: str, options: AnalysisOptions = DEFAULT_OPTIONS) -> bool:
    """Cheap text prefilter: False means the file surely has no finding."""
    return _prefilter(text, options.extra_coupled_optimizers, options.extra_decoupled_optimizers)


def unreadable(path: str, reason: str, line: int = 1, column: int = 1) -> Diagnostic:
    """The WD000 finding for a file that could not be analysed."""
    return Diagnostic(path, line, column, line, column, "WD000", reason)


@lru_cache(maxsize=16)
def _star_import_names(options: AnalysisOptions) -> dict[str, list[str]]:
    """Module -> names that ``from module import *`` brings in and we care about."""
    names: dict[str, list[str]] = {"functools": ["partial"], "itertools": ["chain"], "builtins": []}
    for qualified in options.table():
        module, _, name = qualified.rpartition(".")
        names.setdefault(module, []).append(name)
    return names


def analyse_module(module, options: AnalysisOptions = DEFAULT_OPTIONS):
    """Raw findings (anchored on nodes) for a parsed libcst module; used by ``fix`` too."""
    try:
        return _analyse(module, options)
    except RecursionError:
        # Messages quote code (recursive code generation), and a few checks
        # recurse into operands: a very deep expression needs a larger stack.
        return _on_deep_stack(_analyse, module, options)


def _analyse(module, options: AnalysisOptions):
    from wdlint.analysis.context import FileContext
    from wdlint.analysis.optimizer_findings import optimizer_findings
    from wdlint.analysis.penalties import penalty_findings
    from wdlint.analysis.scopes import collect

    context = FileContext(module, collect(module, _star_import_names(options)), options.table())
    return [*optimizer_findings(context), *penalty_findings(context)]


def _on_deep_stack(function, *args):
    """``function(*args)`` on a thread with a 512 MiB stack and a matching recursion limit."""
    import sys
    import threading

    outcome: list = []

    def run() -> None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 40_000))
        try:
            outcome.append((True, function(*args)))
        except RecursionError as error:
            outcome.append((False, error))
        finally:
            sys.setrecursionlimit(limit)

    previous = threading.stack_size(512 * 1024 * 1024)
    try:
        thread = threading.Thread(target=run, name="wdlint-positions")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous)
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def positioned(module, raw_findings, path: str) -> list[Diagnostic]:
    """Attach 1-based source ranges (end exclusive) to raw findings."""
    if not raw_findings:
        return []
    from wdlint.analysis.positions import positions_of

    nodes = [finding.node for finding in raw_findings]
    try:
        positions = positions_of(module, nodes)
    except RecursionError:
        # libcst finds positions by generating code recursively: likewise.
        positions = _on_deep_stack(positions_of, module, nodes)
    diagnostics = []
    for finding in raw_findings:
        where = positions[finding.node]
        diagnostics.append(
            Diagnostic(
                path,
                where.start.line,
                where.start.column + 1,
                where.end.line,
                where.end.column + 1,
                finding.code,
                finding.message,
                finding.fixable,
            )
        )
    return diagnostics


def parse(text: str, path: str):
    """A libcst module, or the WD000 diagnostic saying why it cannot be parsed."""
    import libcst

    try:
        return libcst.parse_module(text)
    except libcst.ParserSyntaxError as error:
        return unreadable(path, f"cannot parse: {error.message}", error.raw_line, error.raw_column + 1)
    except (RecursionError, MemoryError, ValueError, TypeError) as error:
        return unreadable(path, f"cannot parse: {type(error).__name__}: {error}")


def _syntax_tree(text: str, path: str):
    """``ast`` tree (cheap) used to prune, or the WD000 diagnostic for invalid syntax.

    Also says whether libcst may still read a rejected file: a plain syntax
    error can be syntax newer than this Python's (PEP 695, PEP 701 f-strings).
    Not past the parser's nesting or indentation limits, nor after a
    RecursionError: libcst's native parser can overflow its stack there.
    """
    import ast
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text), False
    except SyntaxError as error:
        newer_syntax = not isinstance(error, IndentationError) and not str(error.msg).startswith("too many")
        return unreadable(path, f"cannot parse: {error.msg}", error.lineno or 1, error.offset or 1), newer_syntax
    except (ValueError, RecursionError, MemoryError) as error:
        return unreadable(path, f"cannot parse: {type(error).__name__}: {error}"), False


def lint_text(
    text: str, path: str, options: AnalysisOptions = DEFAULT_OPTIONS, *, apply_noqa: bool = True
) -> list[Diagnostic]:
    """Findings for decoded source text, sorted; ``apply_noqa=False`` for flake8."""
    if not might_have_findings(text, options):
        return _unparsable(text, path, apply_noqa)
    lines = physical_lines(text)
    if apply_noqa and noqa.file_is_skipped(lines):
        return []
    tree, maybe_newer_syntax = _syntax_tree(text, path)
    if isinstance(tree, Diagnostic):
        # Valid Python of a newer version is analysed unpruned when libcst reads it.
        module = parse(text, path) if maybe_newer_syntax else tree
        if isinstance(module, Diagnostic):
            return [tree]
    else:
        names = optimizer_names_pattern(options.extra_coupled_optimizers, options.extra_decoupled_optimizers)
        module = parse(prune(text, tree, names.search), path)
        if isinstance(module, Diagnostic):
            return [module]
    diagnostics = positioned(module, analyse_module(module, options), path)
    if apply_noqa and diagnostics:
        noqa_text = noqa_lines(text, lines)
        file_codes = noqa.file_suppressed_codes(lines) if "wdlint" in text else ()
        diagnostics = [
            d for d in diagnostics if not noqa.is_suppressed(_line(noqa_text, d.line), d.code, file_codes)
        ]
    return sorted(diagnostics)


def _unparsable(text: str, path: str, apply_noqa: bool) -> list[Diagnostic]:
    """The WD000 of a file the prefilter rejects, if Python cannot parse it.

    A file with nothing to find is still checked for a syntax error (the
    contract: every unparsable file is reported), with ``ast`` alone;
    libcst is consulted only for syntax newer than this Python's.
    """
    tree, maybe_newer_syntax = _syntax_tree(text, path)
    if not isinstance(tree, Diagnostic):
        return []
    if apply_noqa and noqa.file_is_skipped(physical_lines(text)):
        return []
    if maybe_newer_syntax and not isinstance(parse(text, path), Diagnostic):
        return []
    return [tree]


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def noqa_lines(text: str, lines: list[str]) -> list[str]:
    """Per physical line, the text flake8 searches for its ``# noqa`` comment.

    flake8 reads the comment on a finding's physical line, except where one
    token range spans several lines (a backslash continuation, a multi-line
    string): every line of the range then shares the whole range's text, so
    ``# noqa`` after the closing line covers a finding on the first.
    """
    if "noqa" not in text.lower():
        return lines
    mapped = list(lines)
    first = last = None
    try:
        # Lines as ``physical_lines`` splits them (universal newlines, as flake8 reads files).
        for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first = token.start[0] if first is None else min(first, token.start[0])
            last = token.end[0] if last is None else max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                if last > first:
                    joined = "\n".join(lines[first - 1 : last])
                    mapped[first - 1 : last] = [joined] * len(mapped[first - 1 : last])
                first = last = None
    except (tokenize.TokenError, SyntaxError):
        return lines  # flake8 falls back to the physical line too
    return mapped


def decode(source: bytes, path: str) -> str | Diagnostic:
    """Source text per PEP 263 / BOM, or the WD000 diagnostic saying why not."""
    if b"\x00" in source:
        return unreadable(path, "cannot read: binary file (contains NUL bytes)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError as error:
        # A bad declaration, or bytes in the first two lines that are not UTF-8.
        line, column = _undecodable_position(source, "utf-8")
        return unreadable(path, f"cannot decode: {error.msg if hasattr(error, 'msg') else error}", line, column)
    try:
        return source.decode(encoding)
    except UnicodeDecodeError as error:
        line, column = _undecodable_position(source, encoding)
        return unreadable(path, f"cannot decode as {encoding}: {error}", line, column)
    except LookupError as error:
        return unreadable(path, f"cannot decode as {encoding}: {error}")


def _undecodable_position(source: bytes, encoding: str) -> tuple[int, int]:
    """1-based line and column of the first byte that does not decode (else 1, 1).

    Where Python's own "Non-UTF-8 code starting with ... on line N" points.
    Lines end at CRLF, CR or LF, as Python numbers them.
    """
    if source.startswith(b"\xef\xbb\xbf"):
        source = source[3:]  # utf-8-sig counts offsets after the BOM, and so do columns
    try:
        source.decode(encoding)
        return 1, 1
    except UnicodeDecodeError as error:
        offset = error.start
    before = source[:offset]
    line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    return before.count(b"\n") + before.replace(b"\r\n", b"\n").count(b"\r") + 1, offset - line_start + 1


def lint_bytes(
    source: bytes, path: str, options: AnalysisOptions = DEFAULT_OPTIONS, *, apply_noqa: bool = True
) -> list[Diagnostic]:
    """Decode (PEP 263, BOM) then lint; undecodable input gives one WD000."""
    text = decode(source, path)
    if isinstance(text, Diagnostic):
        return [text]
    return lint_text(text, path, options, apply_noqa=apply_noqa)


def read_source(path: str, display_path: str) -> bytes | Diagnostic:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        return unreadable(display_path, f"cannot read: {error.strerror or error}")


def lint_file(
    path: str,
    display_path: str | None = None,
    options: AnalysisOptions = DEFAULT_OPTIONS,
    *,
    apply_noqa: bool = True,
) -> list[Diagnostic]:
    """Read and lint one file; an unreadable file gives one WD000, never a traceback."""
    display_path = display_path if display_path is not None else path
    source = read_source(path, display_path)
    if isinstance(source, Diagnostic):
        return [source]
    return lint_bytes(source, display_path, options, apply_noqa=apply_noqa)
