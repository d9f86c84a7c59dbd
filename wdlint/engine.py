"""The one analysis path: source in, diagnostics out.

The CLI, the flake8 plugin, pre-commit and ``wdlint fix`` are thin adapters
over these functions, and none of them, nor this module, names a rule: the
registry (``wdlint.rules``) says what each rule checks, needs and fixes.
Cost is kept where findings are: a text gate first (a file it rejects is
not even parsed), then ``ast`` (``wdlint.analysis.candidates``) dismisses a
file whose optimizer calls surely pass no weight decay without importing
libcst, prunes the definitions no rule needs, one libcst parse for the
rest, and source positions computed only for files that have a finding.
"""

from __future__ import annotations

from collections import namedtuple
from functools import lru_cache

from wdlint.analysis.prefilter import gate
from wdlint.diagnostics import Diagnostic

#: Notebooks and config files (``wdlint.documents.SUFFIXES``; spelled here so a Python file imports nothing more).
_DOCUMENT_SUFFIXES = (".ipynb", ".yaml", ".yml", ".json")


class AnalysisOptions(namedtuple("AnalysisOptions", "extra_coupled_optimizers extra_decoupled_optimizers",
                                 defaults=((), ()))):
    """Settings that change what the analysis finds (not select/ignore): tuples of qualified class names.

    (A named tuple, hashable for the per-options caches: see ``wdlint.diagnostics`` on start-up.)
    """

    __slots__ = ()

    def table(self) -> dict:
        """Qualified name -> ``wdlint.optimizers.OptimizerSpec`` (the table is imported when asked for)."""
        from wdlint.optimizers import optimizer_table

        return optimizer_table(self.extra_coupled_optimizers, self.extra_decoupled_optimizers)


DEFAULT_OPTIONS = AnalysisOptions()


def might_have_findings(text: str | bytes, options: AnalysisOptions = DEFAULT_OPTIONS) -> bool:
    """Cheap text gate over every rule's needs: False means the file surely has no finding.

    Reads decoded text or raw bytes (Python source encodings are ASCII-compatible,
    and every word a rule needs is ASCII): the CLI gates bytes, so a rejected
    file is neither decoded nor parsed.
    """
    return gate(options).matches(text)


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


def analyse_module(module, options: AnalysisOptions = DEFAULT_OPTIONS, clock=None):
    """Raw findings (anchored on nodes) of every static rule, for a parsed libcst module; used by ``fix`` too.

    ``clock``: the file's ``wdlint.budget.Clock``, checked after each rule
    (``BudgetExceeded`` past the file's seconds).
    """
    try:
        return _analyse(module, options, clock)
    except RecursionError:
        # Messages quote code (recursive code generation), and a few checks
        # recurse into operands: a very deep expression needs a larger stack.
        return _on_deep_stack(_analyse, module, options, clock)


def _analyse(module, options: AnalysisOptions, clock=None):
    from wdlint.analysis.context import FileContext
    from wdlint.analysis.scopes import collect
    from wdlint.rules import static_rules

    context = FileContext(module, collect(module, _star_import_names(options)), options.table())
    findings = []
    for rule in static_rules():
        if clock is not None:
            clock.check(f"rule {rule.code}")
        findings += rule.check(context)
    return findings


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


def positioned(
    module,
    raw_findings,
    path: str,
    text: str | None = None,
    options: AnalysisOptions = DEFAULT_OPTIONS,
    fix_settings=None,
    *,
    tree=None,
    clock=None,
) -> list[Diagnostic]:
    """Attach 1-based source ranges (end exclusive) and fixability to raw findings.

    A finding is fixable when its rule's fixer returns an edit for it
    (``wdlint.fix.plan``): the same call ``wdlint fix`` makes, so the two
    cannot disagree.  ``text`` is the module's source (for the fixers'
    layout); without it fixability is not computed.
    """
    if not raw_findings:
        return []
    from wdlint.analysis.positions import StatementPositions, positions_of

    nodes = [finding.node for finding in raw_findings]
    # With ast line numbers, one mapping tracks each statement once, for the findings and the fixers alike.
    lazy = StatementPositions(module, tree) if tree is not None else None

    def find_positions():
        if lazy is not None:
            return {node: lazy[node] for node in nodes}
        return positions_of(module, nodes)

    try:
        positions = find_positions()
    except RecursionError:
        # libcst finds positions by generating code recursively: likewise.
        positions = _on_deep_stack(find_positions)
    outcomes = [None] * len(raw_findings)
    if text is not None:
        from wdlint.fix.plan import fix_outcomes

        outcomes = fix_outcomes(module, text, raw_findings, options.table(), fix_settings, options, positions=lazy, clock=clock)
    diagnostics = []
    for finding, outcome in zip(raw_findings, outcomes):
        where = positions[finding.node]
        message = finding.message
        if outcome is not None and not outcome.fixed:
            message = f"{message} (no autofix: {outcome.reason})"
        diagnostics.append(
            Diagnostic(
                path,
                where.start.line,
                where.start.column + 1,
                where.end.line,
                where.end.column + 1,
                finding.code,
                message,
                outcome is not None and outcome.fixed,
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
    except Exception as error:  # RecursionError, MemoryError, CSTValidationError...: a reason, never a crash
        return unreadable(path, f"cannot parse: {type(error).__name__}: {error}")


def lint_text(
    text: str,
    path: str,
    options: AnalysisOptions = DEFAULT_OPTIONS,
    *,
    apply_noqa: bool = True,
    fix_settings=None,
    tree=None,
) -> list[Diagnostic]:
    """Findings for decoded source text, sorted; ``apply_noqa=False`` for flake8.

    ``fix_settings`` (a ``wdlint.fix.plan.FixSettings``) are the fix style and
    policy the fixable flag is decided for (the defaults otherwise).  A
    notebook or a config file (by ``path``'s suffix) goes to ``wdlint.documents``.
    ``tree``: the ``ast`` module of ``text`` when the caller has one (flake8 does).
    """
    if path.endswith(_DOCUMENT_SUFFIXES):
        from wdlint.documents import lint_document

        return lint_document(text, path, options, apply_noqa=apply_noqa, fix_settings=fix_settings)
    if not might_have_findings(text, options):
        # Nothing a rule could find: not parsed at all (its syntax errors are
        # the general linter's, ruff's or flake8's E999).
        return []
    return _lint_gated_text(text, path, options, apply_noqa, fix_settings, tree)


def _lint_gated_text(text: str, path: str, options: AnalysisOptions, apply_noqa: bool, fix_settings, tree):
    """``lint_text`` of Python source the text gate let through."""
    from wdlint import noqa
    from wdlint.source import split_lines

    lines = split_lines(text)
    if apply_noqa and noqa.file_is_skipped(lines):
        return []
    from wdlint import validity

    # CPython judges the file (wdlint.validity); libcst only analyses what it accepts.
    checked = validity.analysable(text, path, tree=tree)
    if isinstance(checked, Diagnostic):
        return [checked]
    prepared, tree = checked
    spans = None
    if not WITHOUT_DISMISSAL:
        spans = _candidate_spans(prepared.text, tree, options)
        if spans is None:
            return []  # ``ast`` alone shows no rule can report here: libcst is not even imported
    rejected = validity.python_rejects(tree, path)  # what only the compiler checks, where a rule may report
    if rejected is not None:
        return [rejected]
    analysed = _pruned(prepared.text, tree, options, spans)
    module = validity.parsed(analysed, path)
    clock = validity.take_clock(path)
    if isinstance(module, Diagnostic):
        return [module]
    from wdlint.budget import BudgetExceeded

    try:
        raw_findings = analyse_module(module, options, clock)
        # Positions per statement, from ast line numbers.
        diagnostics = positioned(module, raw_findings, path, analysed, options, fix_settings, tree=tree, clock=clock)
    except BudgetExceeded as exceeded:
        return [unreadable(path, exceeded.reason)]
    diagnostics = validity.shift_columns(diagnostics, prepared)
    if apply_noqa and diagnostics:
        hidden = noqa.suppressed(diagnostics, text, lines)
        diagnostics = [d for d in diagnostics if d not in hidden]
    return sorted(diagnostics)


#: Benchmarks and the gate diff switch the ``ast`` dismissal off to prove it loses nothing.
WITHOUT_DISMISSAL = False


def _candidate_spans(text: str, tree, options: AnalysisOptions):
    from wdlint.analysis.candidates import candidate_spans

    return candidate_spans(text, tree, options)


def _pruned(text: str, tree, options: AnalysisOptions, spans=None) -> str:
    """``text`` with the definitions no rule needs blanked; with candidate spans, only those holding one
    (or what a text rule needs) are kept: libcst parses the smallest enclosing definitions."""
    from wdlint.analysis.pruning import prune

    pruning_gate = gate(options, pruning=True).matches
    if spans is None:
        return prune(text, tree, pruning_gate, _returns_gate(options).matches)
    from wdlint.analysis.candidates import text_rules_gate

    def holds_candidate(node) -> bool:
        start = node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno
        return any(start <= first and last <= node.end_lineno for first, last in spans)

    return prune(text, tree, text_rules_gate(options).matches, _returns_gate(options).matches,
                 holds_candidate=holds_candidate, alias_keeps=pruning_gate)


@lru_cache(maxsize=16)
def _returns_gate(options: AnalysisOptions):
    """The needs of the rules that follow a returned value into its callers (WD103's penalty helpers)."""
    from wdlint.analysis.prefilter import TextGate
    from wdlint.rules import static_rules

    rules = [rule for rule in static_rules() if rule.needs is not None and rule.needs.follows_returns]
    return TextGate.for_rules(rules, options.table(), pruning=False)


def decode(source: bytes, path: str) -> str | Diagnostic:
    """Source text per PEP 263 / BOM, or the WD000 diagnostic saying why not."""
    from wdlint.source import Undecodable
    from wdlint.source import decode as decode_source

    try:
        return decode_source(source)
    except Undecodable as error:
        return unreadable(path, error.reason, error.line, error.column)


def lint_bytes(
    source: bytes, path: str, options: AnalysisOptions = DEFAULT_OPTIONS, *, apply_noqa: bool = True
) -> list[Diagnostic]:
    """Decode (PEP 263, BOM) then lint; undecodable input gives one WD000."""
    gated = _gates_as_bytes(source, path)
    if gated and not might_have_findings(source, options):
        return []
    text = decode(source, path)
    if isinstance(text, Diagnostic):
        # Undecodable bytes are a WD000 only where they could hold a finding (the bytes gate said so).
        return [text] if gated or might_have_findings(source, options) else []
    if gated and source.isascii():
        # ASCII: the text is these bytes, which the gate let through.
        return _lint_gated_text(text, path, options, apply_noqa, None, None)
    return lint_text(text, path, options, apply_noqa=apply_noqa)


def _gates_as_bytes(source: bytes, path: str) -> bool:
    """Whether the text gate may read the raw bytes: Python source without a coding declaration.

    That is UTF-8, whose bytes spell every word the text does (``# coding:
    utf-7`` can spell ``Adam`` as ``+AEE-dam``): a file the bytes gate
    rejects is neither decoded nor parsed.
    """
    if path.endswith(_DOCUMENT_SUFFIXES):
        return False
    first = source.find(b"\n")
    second = source.find(b"\n", first + 1) if first >= 0 else -1
    return b"coding" not in (source if second < 0 else source[:second])


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
