"""The body of ``wdlint fix`` and ``wdlint check --fix``: fix files, write them (or print a diff), report.

``wdlint.cli`` resolves the paths and the configuration and calls in here;
everything a user sees of fixing is decided here.  Fix safety follows ruff:
each rule declares its fix's applicability (``Rule.fix_applicability``);
``check --fix`` applies the safe ones and ``--unsafe-fixes`` adds the others;
``wdlint fix`` is the explicit weight-decay fixer and applies both.  Exit
status of ``wdlint fix``: 0 nothing left, 1 findings left (with ``--diff``:
also when a file would change), 2 a file could not be written or fixing failed.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from wdlint.diagnostics import Diagnostic
from wdlint.engine import lint_bytes, read_source
from wdlint.fix.apply import FixResult, fix_source
from wdlint.fix.layout import formatting
from wdlint.fix.writing import unified_diff_bytes, write_atomically

#: Below this much source a process pool costs more than it saves (as for check).
_PARALLEL_MIN_BYTES = 1_000_000


@dataclass(frozen=True)
class FixRequest:
    """What the command line asked of a fixing run."""

    #: Print a unified diff instead of writing.
    diff: bool = False
    #: Apply unsafe fixes too (``wdlint fix``; ``check --fix --unsafe-fixes``).
    unsafe: bool = True
    jobs: int | None = None
    #: Skip files whose cached findings (``wdlint.cache``, from an earlier check) hold nothing to fix.
    use_cache: bool = False


@dataclass
class FixOutcome:
    """What fixing a set of files did, for the caller to report."""

    #: Selected findings left after fixing, sorted (as ``check`` reports them).
    remaining: list[Diagnostic] = field(default_factory=list)
    #: The findings fixed (or that would be, with ``--diff``).
    fixed: list[Diagnostic] = field(default_factory=list)
    changed_files: int = 0
    #: A file could not be fixed or written.
    failed: bool = False


def applicability(code: str) -> str:
    """A rule's fix applicability, ``"safe"`` or ``"unsafe"`` (ruff's words)."""
    from wdlint.rules import get_rule

    rule = get_rule(code)
    return rule.fix_applicability if rule is not None else "unsafe"


def may_apply(code: str, unsafe: bool) -> bool:
    """Whether a fix for ``code`` is applied when ``unsafe`` fixes are (not) allowed."""
    return unsafe or applicability(code) == "safe"


def fix_files(files: list[tuple[str, str]], settings, request: FixRequest, stdout, stderr,
              *, list_fixes: bool = True) -> FixOutcome:
    """Fix ``files`` ((real path, display path) pairs): write each, or print its diff to ``stdout``.

    ``list_fixes`` prints one ``path:line:col: fixed CODE: ...`` line per fix
    on ``stderr`` (``wdlint fix``; ruff's ``check --fix`` lists them only with
    ``--show-fixes``).
    """
    outcome = FixOutcome()
    jobs: list[tuple] = []
    cache = None
    if request.use_cache:
        from wdlint.cache import ResultCache, content_key

        cache = ResultCache.for_settings(settings)
    for path, display_path in files:
        source = read_source(path, display_path)
        if isinstance(source, Diagnostic):
            outcome.remaining.append(source)
            continue
        cached = cache.get(content_key(source, display_path), display_path) if cache is not None else None
        if cached is not None:
            selected = [d for d in cached if settings.is_selected(d.code, display_path)]
            if not any(d.fixable and may_apply(d.code, request.unsafe) for d in selected):
                outcome.remaining += selected  # nothing to fix: what check found is what is left
                continue
        jobs.append((path, source, display_path, settings, request.unsafe))
    for (path, source, display_path, _, _), (result, error) in zip(jobs, _run_jobs(jobs, request.jobs)):
        if error is not None:
            print(f"{display_path}: error: fixing failed: {error}", file=stderr)
            outcome.failed = True
            continue
        for note in result.notes:
            print(note, file=stderr)
        if result.changed:
            if request.diff:
                _write_bytes(stdout, unified_diff_bytes(source, result.new_source, patch_path(path, display_path)))
            else:
                problem = write_atomically(path, result.new_source, expected=source)
                if problem is not None:
                    print(f"{display_path}: error: {problem}; left unchanged", file=stderr)
                    outcome.failed = True
                    # Left unchanged: every finding it had is still there.
                    outcome.remaining += _checked(source, display_path, settings)
                    continue
                if list_fixes:
                    for done in result.fixed:
                        print(f"{done.where}: fixed {done.code}: {done.message}",
                              file=stderr)
            outcome.changed_files += 1
            outcome.fixed += result.fixed
        outcome.remaining += result.remaining
    outcome.remaining.sort()
    return outcome


def fix_one(source: bytes, display_path: str, settings, unsafe: bool = True) -> FixResult:
    """Fix one file's bytes under ``settings``: the one call every surface makes.

    Used by ``fix``, ``check --fix``, ``fix -`` (stdin) and the language
    server.  Where no selected rule's fix may be applied (only unsafe fixes
    and ``unsafe`` is false) the file is only checked.
    """
    # A code the file's ``# wdlint: noqa: CODE`` suppresses is not fixed either.
    file_codes = () if settings.disable_noqa or b"wdlint" not in source else _file_codes(source)

    def fixable(code: str) -> bool:
        return settings.is_selected(code, display_path) and may_apply(code, unsafe) and not (
            file_codes and code.startswith(file_codes)
        )

    if not unsafe and not any(fixable(rule.code) for rule in _fixable_rules()):
        return FixResult(source, remaining=_checked(source, display_path, settings))
    with formatting(settings.line_length, settings.quote, settings.formatter is not None):
        result = fix_source(
            source,
            display_path,
            settings.analysis_options,
            settings.fix_style,
            fixable,
            apply_noqa=not settings.disable_noqa,
            decay_embeddings=settings.decay_embeddings,
        )
    if not unsafe and result.error is None:
        # fix_source reports only what it was allowed to fix: the rest is checked afterwards.
        result.remaining = _checked(result.new_source, display_path, settings)
    return result


def _file_codes(source: bytes) -> tuple[str, ...]:
    from wdlint.noqa import file_suppressed_codes

    return file_suppressed_codes(source.decode("utf-8", "replace").splitlines())


def _fixable_rules():
    from wdlint.rules import all_rules

    return [rule for rule in all_rules() if rule.fix != "None"]


def _checked(source: bytes, display_path: str, settings) -> list[Diagnostic]:
    """What ``check`` reports for ``source``."""
    found = lint_bytes(source, display_path, settings.analysis_options, apply_noqa=not settings.disable_noqa)
    return [d for d in found if settings.is_selected(d.code, display_path)]


def _fix_job(job: tuple) -> tuple[FixResult | None, str | None]:
    """One file's fix; a crash is reported for that file, the run goes on."""
    _, source, display_path, settings, unsafe = job
    try:
        return fix_one(source, display_path, settings, unsafe), None
    except Exception as error:
        if os.environ.get("WDLINT_DEBUG"):
            raise
        return None, f"{type(error).__name__}: {error}"


def _run_jobs(jobs: list[tuple], workers: int | None):
    """Results in order, from a process pool where ``-j`` asks for one or the size pays."""
    size = sum(len(job[1]) for job in jobs)
    if len(jobs) > 1 and (workers or 0) > 1 or (workers is None and size >= _PARALLEL_MIN_BYTES and len(jobs) > 1):
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        count = min(workers or os.cpu_count() or 1, len(jobs), 8)
        if count > 1:
            try:
                with ProcessPoolExecutor(max_workers=count) as pool:
                    return list(pool.map(_fix_job, jobs, chunksize=max(1, len(jobs) // (count * 4))))
            except (OSError, NotImplementedError, ImportError, BrokenProcessPool):
                pass
    return map(_fix_job, jobs)


def patch_path(real_path: str, display_path: str) -> str:
    """The path a diff names: relative to the repository root, so ``git apply`` and ``patch -p1`` take it.

    Outside a git repository: the path as given, normalised (no ``./``), so
    that ``patch -p1`` from the working directory takes it.
    """
    absolute = os.path.abspath(real_path)
    root = _repository_root(os.path.dirname(absolute))
    if root is not None:
        return os.path.relpath(absolute, root).replace(os.sep, "/")
    return os.path.normpath(display_path).replace(os.sep, "/")


def _repository_root(directory: str) -> str | None:
    current = directory
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


# -- reporting ------------------------------------------------------------------


def cli_fix(files: list[tuple[str, str]], settings, diff: bool, stdout, stderr, *,
            output_format: str = "text", quiet: bool = False, exit_zero: bool = False,
            show_fixes: bool = False, jobs: int | None = None, use_cache: bool = False) -> int:
    """``wdlint fix``: fix ``files`` (both safe and unsafe fixes) and report; the exit status."""
    from wdlint import output

    request = FixRequest(diff=diff, unsafe=True, jobs=jobs, use_cache=use_cache)
    outcome = fix_files(files, settings, request, stdout, stderr, list_fixes=not quiet and not show_fixes)
    if not diff:
        stdout.write(output.FORMATTERS[output_format](outcome.remaining))
    if show_fixes:
        stderr.write(output.format_fixes(outcome.fixed, would=diff))
    if not quiet:
        print(fix_summary(outcome, diff), file=stderr)
    if outcome.failed:
        return 2
    if exit_zero:
        return 0
    if outcome.remaining or (diff and outcome.changed_files):
        return 1
    return 0


def _write_bytes(stdout, data: bytes) -> None:
    """The diff's bytes as they are (the file's own encoding and line endings), on a text stream too."""
    buffer = getattr(stdout, "buffer", None)
    if buffer is not None:
        stdout.flush()
        buffer.write(data)
        buffer.flush()
    else:
        stdout.write(data.decode("utf-8", "surrogateescape"))


def fix_summary(outcome: FixOutcome, diff: bool) -> str:
    fixed_per_code = Counter(done.code for done in outcome.fixed)
    total = sum(fixed_per_code.values())
    verb = "would fix" if diff else "fixed"
    per_code = ", ".join(f"{code}: {count}" for code, count in sorted(fixed_per_code.items()))
    fixed = f"{verb} {total} finding{'s' * (total != 1)}"
    if total:
        fixed += f" ({per_code}) in {outcome.changed_files} file{'s' * (outcome.changed_files != 1)}"
    left = len(outcome.remaining)
    return f"wdlint fix: {fixed}; {left} finding{'s' * (left != 1)} left."


def fix_stdin(source: bytes, display_path: str, settings, diff: bool, stdout, stderr, *,
              unsafe: bool = True, quiet: bool = False) -> tuple[FixOutcome, bytes]:
    """``fix -``: the fixed source (or its diff) on stdout, what is left on stderr, as ruff does."""
    from wdlint import output

    outcome = FixOutcome()
    result = fix_one(source, display_path, settings, unsafe)
    for note in result.notes:
        print(note, file=stderr)
    if diff:
        if result.changed:
            _write_bytes(stdout, unified_diff_bytes(source, result.new_source, display_path.replace(os.sep, "/")))
    else:
        stdout.flush()
        out = getattr(stdout, "buffer", None)
        if out is not None:
            out.write(result.new_source)
            out.flush()
        else:
            stdout.write(result.new_source.decode("utf-8", "surrogateescape"))
    outcome.fixed = result.fixed
    outcome.changed_files = int(result.changed)
    outcome.remaining = sorted(result.remaining)
    if not quiet:
        stderr.write(output.format_text(outcome.remaining))
    return outcome, result.new_source
