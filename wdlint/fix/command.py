"""The body of ``wdlint fix``: fix files, write them (or print a diff), report.

``wdlint.cli`` resolves the paths and the configuration and calls
``cli_fix``; everything a user sees of ``fix`` is decided here.  Exit
status: 0 nothing left, 1 findings left (with ``--diff``: also when a file
would change), 2 a file could not be written or fixing failed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from wdlint.diagnostics import Diagnostic
from wdlint.engine import AnalysisOptions, lint_bytes, read_source
from wdlint.fix.apply import fix_source
from wdlint.fix.writing import unified_diff_bytes, write_atomically


def cli_fix(files: list[tuple[str, str]], settings, diff: bool, stdout, stderr) -> int:
    """Fix ``files`` ((real path, display path) pairs) under ``settings``; the exit status."""
    options = _analysis_options(settings)
    fix_style = getattr(settings, "fix_style", "inline") or "inline"
    apply_noqa = not getattr(settings, "disable_noqa", False)
    decay_embeddings = getattr(settings, "decay_embeddings", True) is not False
    remaining: list[Diagnostic] = []
    fixed_per_code: Counter[str] = Counter()
    changed_files = 0
    failed = False
    for path, display_path in files:
        source = read_source(path, display_path)
        if isinstance(source, Diagnostic):
            remaining.append(source)
            continue
        try:
            result = fix_source(
                source,
                display_path,
                _options_for(settings, display_path, options),
                fix_style,
                _selector(settings, display_path),
                apply_noqa=apply_noqa,
                decay_embeddings=decay_embeddings,
            )
        except Exception as error:  # never a traceback for one bad file
            print(f"{display_path}: error: fixing failed: {type(error).__name__}: {error}", file=stderr)
            failed = True
            continue
        for note in result.notes:
            print(note, file=stderr)
        if not result.changed:
            remaining += result.remaining
            continue
        if diff:
            _write_bytes(stdout, unified_diff_bytes(source, result.new_source, display_path))
        else:
            problem = write_atomically(path, result.new_source, expected=source)
            if problem is not None:
                print(f"{display_path}: error: {problem}; left unchanged", file=stderr)
                failed = True
                # Left unchanged: every finding it had is still there.
                remaining += _findings(source, display_path, settings, options, apply_noqa)
                continue
            for done in result.fixed:
                print(f"{done.path}:{done.line}:{done.column}: fixed {done.code}: {done.message}", file=stderr)
        remaining += result.remaining
        changed_files += 1
        fixed_per_code.update(done.code for done in result.fixed)
    remaining.sort()
    if not diff:
        _print_findings(remaining, stdout)
    print(_summary(fixed_per_code, changed_files, remaining, diff), file=stderr)
    if failed:
        return 2
    if remaining or (diff and changed_files):
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


def _findings(source: bytes, display_path: str, settings, options: AnalysisOptions, apply_noqa: bool) -> list[Diagnostic]:
    """What ``check`` reports for ``source`` (a file that could not be rewritten)."""
    selected = _selector(settings, display_path)
    found = lint_bytes(source, display_path, options, apply_noqa=apply_noqa)
    return [d for d in found if selected(d.code) or d.code == "WD000"]


def _summary(fixed_per_code: Counter, changed_files: int, remaining: list[Diagnostic], diff: bool) -> str:
    total = sum(fixed_per_code.values())
    verb = "would fix" if diff else "fixed"
    per_code = ", ".join(f"{code}: {count}" for code, count in sorted(fixed_per_code.items()))
    fixed = f"{verb} {total} finding{'s' * (total != 1)}"
    if total:
        fixed += f" ({per_code}) in {changed_files} file{'s' * (changed_files != 1)}"
    left = len(remaining)
    return f"wdlint fix: {fixed}; {left} finding{'s' * (left != 1)} left."


def _print_findings(findings: list[Diagnostic], stdout) -> None:
    try:
        from wdlint import output
    except ImportError:
        output = None
    formatter = getattr(output, "format_text", None) if output is not None else None
    if formatter is not None:
        try:
            text = formatter(findings)
        except TypeError:
            text = None
        if isinstance(text, str):
            stdout.write(text if not text or text.endswith("\n") else text + "\n")
            return
    for finding in findings:
        stdout.write(f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}\n")


# -- the CLI's settings object ------------------------------------------------


def _analysis_options(settings) -> AnalysisOptions:
    for name in ("analysis_options", "analysis"):
        value = getattr(settings, name, None)
        if callable(value):
            value = value()
        if isinstance(value, AnalysisOptions):
            return value
    return AnalysisOptions(
        tuple(getattr(settings, "extra_coupled_optimizers", ()) or ()),
        tuple(getattr(settings, "extra_decoupled_optimizers", ()) or ()),
    )


def _options_for(settings, display_path: str, default: AnalysisOptions) -> AnalysisOptions:
    return default


def _selector(settings, display_path: str) -> Callable[[str], bool]:
    for name in ("is_selected", "selects", "code_selected"):
        method = getattr(settings, name, None)
        if callable(method):
            return lambda code, method=method: bool(_call_selector(method, code, display_path))
    return lambda code: True


def _call_selector(method, code: str, path: str) -> bool:
    try:
        return method(code, path)
    except TypeError:
        return method(code)
