"""``wdlint`` command line: ``check``, ``fix``, ``rule``, ``rules``, ``server``.

Start-up is kept light: argparse and the configuration only; the engine is
imported when there are files to lint and imports libcst itself only for a
file its text prefilter lets through.  torch is never imported.  Exit status
(ruff's): 0 no findings, 1 findings, 2 a usage, configuration or internal
error.  Set ``WDLINT_DEBUG=1`` for a traceback instead of the one-line error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from wdlint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _comma_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _line_length(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 320:
        raise argparse.ArgumentTypeError("must be from 1 to 320")
    return number


def _flatten(values: list[list[str]] | None) -> list[str] | None:
    return None if values is None else [item for chunk in values for item in chunk]


def _add_settings_options(parser: argparse.ArgumentParser) -> None:
    """The flags that mirror ``[tool.wdlint]`` keys, shared by ``check`` and ``fix``."""
    group = parser.add_argument_group("rule selection")
    group.add_argument("--select", type=_comma_list, action="append", metavar="CODES",
                       help="comma-separated code prefixes to report (replaces the config's select; ALL for all)")
    group.add_argument("--extend-select", type=_comma_list, action="append", metavar="CODES",
                       help="code prefixes to report in addition to select")
    group.add_argument("--ignore", type=_comma_list, action="append", metavar="CODES",
                       help="code prefixes not to report")
    group.add_argument("--per-file-ignores", action="append", metavar="GLOB:CODES",
                       help="ignore CODES in files matching GLOB (repeatable; replaces the config's table)")
    group.add_argument("--extend-per-file-ignores", action="append", metavar="GLOB:CODES",
                       help="ignore CODES in files matching GLOB, in addition to the config's table (repeatable)")
    group.add_argument("--disable-noqa", action="store_true", default=None,
                       help="report findings on lines marked `# noqa`")

    group = parser.add_argument_group("files")
    group.add_argument("--config", metavar="FILE",
                       help="use this pyproject.toml or wdlint.toml instead of the nearest one")
    group.add_argument("--exclude", type=_comma_list, action="append", metavar="GLOBS",
                       help="globs to skip while walking directories (replaces the defaults)")
    group.add_argument("--extend-exclude", type=_comma_list, action="append", metavar="GLOBS",
                       help="globs to skip in addition to exclude")
    group.add_argument("--force-exclude", action="store_true", default=None,
                       help="apply excludes to paths named on the command line too (for pre-commit)")
    group.add_argument("--stdin-filename", metavar="PATH",
                       help="read the source from stdin; configuration, excludes (with --force-exclude), "
                            "per-file-ignores and the path in the output follow PATH")
    group.add_argument("--no-cache", action="store_true",
                       help="neither read nor write the result cache (.wdlint_cache/)")

    group = parser.add_argument_group("analysis")
    group.add_argument("--extra-coupled-optimizers", type=_comma_list, action="append", metavar="NAMES",
                       help="qualified names of optimizers with coupled decay (WD101 and WD102)")
    group.add_argument("--extra-decoupled-optimizers", type=_comma_list, action="append", metavar="NAMES",
                       help="qualified names of optimizers with decoupled decay (WD102 only)")
    group.add_argument("--fix-style", choices=("inline", "helper"),
                       help="how fixes split parameters: inline comprehensions or wdlint.param_groups(...)")
    group.add_argument("--decay-embeddings", action=argparse.BooleanOptionalAction, default=None,
                       help="whether embeddings belong in the decay group")
    group.add_argument("--line-length", type=_line_length, metavar="N",
                       help="line length fixes lay out to (default: the formatter's: ruff, black, flake8, else 88)")


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    """The output flags ``check`` and ``fix`` share (ruff's names)."""
    from wdlint.output import FORMAT_ALIASES, FORMATS

    parser.add_argument("--format", "--output-format", dest="output_format",
                        choices=(*FORMATS, *FORMAT_ALIASES), default="text",
                        help="output format (default: text)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    parser.add_argument("-j", "--jobs", type=_positive_int, metavar="N",
                        help="processes for the analysis (default: the CPUs available, at most 8)")
    parser.add_argument("--show-fixes", action="store_true", help="list the fixes made, per file and code")


class _Parser(argparse.ArgumentParser):
    """argparse with ruff's kind of usage error: one line on stderr, exit 2.

    argparse prints the whole usage block first (a dozen lines for ``check``);
    the line names the command whose ``--help`` explains the options instead
    (a subcommand's parser is a ``_Parser`` too and names itself).
    """

    commands: dict[str, argparse.ArgumentParser] = {}

    def __init__(self, *args, **kwargs) -> None:
        # As ruff (clap): no abbreviations, so `--unsafe-fix` is a mistake with a suggestion,
        # not a silent prefix of --unsafe-fixes.
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:  # reported by the top-level parser: name the command they were given to
            command = getattr(parsed, "command", None)
            message = f"unrecognized arguments: {' '.join(extras)}"
            hint = self._similar(extras, self.commands.get(command, self))
            self._fail(message + hint, f"{self.prog} {command}" if command else self.prog)
        return parsed

    @staticmethod
    def _similar(extras: list[str], parser: argparse.ArgumentParser) -> str:
        """ruff's tip for a mistyped option: the closest one the command knows."""
        import difflib

        known = [option for action in parser._actions for option in action.option_strings if option.startswith("--")]
        for extra in extras:
            if extra.startswith("--"):
                close = difflib.get_close_matches(extra.split("=", 1)[0], known, n=1, cutoff=0.75)
                if close:
                    return f"; a similar argument exists: '{close[0]}'"
        return ""

    def error(self, message: str):
        # argparse's "invalid choice: 'chek' (choose from ...)": name the closest choice, as ruff does.
        import difflib
        import re

        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice is not None:
            options = re.findall(r"'([^']*)'", choice.group(2)) or [c.strip() for c in choice.group(2).split(",")]
            close = difflib.get_close_matches(choice.group(1), options, n=1, cutoff=0.6)
            if close:
                message += f"; did you mean '{close[0]}'?"
        self._fail(message, self.prog)

    def _fail(self, message: str, prog: str):
        self.exit(EXIT_ERROR, f"wdlint: error: {message} (see `{prog} --help`)\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; ``only``: the options of that command alone (the others stay bare).

    A run parses one command: adding some sixty options it will not see
    costs a file the gate rejects a tenth of its start-up.
    """
    parser = _Parser(
        prog="wdlint", description="Find and fix weight-decay mistakes in PyTorch training code."
    )
    parser.add_argument("--version", action="version", version=f"wdlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (summary, description, add_options) in COMMANDS.items():
        command = commands.add_parser(name, help=summary, description=description)
        if only is None or only == name:
            add_options(command)
    parser.commands = dict(commands.choices)
    return parser


def _check_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .); - for stdin")
    _add_output_options(check)
    check.add_argument("--statistics", action="store_true",
                       help="print counts per code instead of findings (text or json)")
    group = check.add_argument_group("fixing (ruff's flags)")
    group.add_argument("--fix", action="store_true",
                       help="apply the safe fixes (wdlint's fixes change training, so all are unsafe: "
                            "add --unsafe-fixes, or use `wdlint fix`)")
    group.add_argument("--unsafe-fixes", action=argparse.BooleanOptionalAction, default=False,
                       help="also apply (with --fix) and offer fixes that change training")
    group.add_argument("--diff", action="store_true", help="with --fix: print a unified diff and write nothing")
    group.add_argument("--add-noqa", action="store_true",
                       help="add `# noqa: CODE` to every line with a finding, then exit")
    _add_settings_options(check)


def _fix_options(fix: argparse.ArgumentParser) -> None:
    fix.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .); - for stdin")
    fix.add_argument("--diff", action="store_true", help="print a unified diff and write nothing")
    _add_output_options(fix)
    _add_settings_options(fix)


def _rule_options(rule: argparse.ArgumentParser) -> None:
    rule.add_argument("code", nargs="?", metavar="CODE", help="a code (WD101) or a name")
    rule.add_argument("--all", action="store_true", help="print every rule")


def _rules_options(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("--format", "--output-format", dest="output_format", choices=("text", "json"),
                       default="text", help="output format (default: text)")


#: Each command: its one-line help (``wdlint --help`` lists them), its description, and what adds its options.
COMMANDS = {
    "check": ("lint files and directories (default: .)",
              "Lint files and directories for weight-decay mistakes. PATH - reads the source from stdin.",
              _check_options),
    "fix": ("apply autofixes in place (safe and unsafe), then report what is left",
            "Apply autofixes in place, then report what is left. PATH - reads stdin and writes the fixed source "
            "to stdout.",
            _fix_options),
    "rule": ("explain a rule", "Print a rule's documentation.", _rule_options),
    "rules": ("list all rules", "List all rules.", _rules_options),
    "server": ("run the language server (LSP over stdio)",
               "Run wdlint's language server: LSP over stdin/stdout, for editors.", lambda server: None),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``wdlint`` and ``python -m wdlint``; returns the exit status."""
    _tolerant_output()
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as done:  # argparse: --help, --version, usage errors (exit 2)
        return done.code if isinstance(done.code, int) else (0 if done.code is None else EXIT_ERROR)
    except KeyboardInterrupt:
        print("wdlint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `wdlint check | head`: the reader is gone; quiet exit, no traceback.
        _silence_stdout()
        return EXIT_ERROR
    except Exception as error:  # the promise: one line, never a traceback
        if os.environ.get("WDLINT_DEBUG"):
            raise
        print(f"wdlint: error: internal error: {type(error).__name__}: {error} "
              "(set WDLINT_DEBUG=1 for a traceback)", file=sys.stderr)
        return EXIT_ERROR


def _run(argv: list[str]) -> int:
    # The top level has no option taking a value: the first word is the command.
    command = next((word for word in argv if not word.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    if args.command == "rule":
        return _rule(args, parser)
    if args.command == "rules":
        return _rules(args)
    if args.command == "server":
        from wdlint.server import serve

        return serve()

    from wdlint.config import ConfigError, resolve_settings

    stdin = args.paths == ["-"] or (not args.paths and args.stdin_filename is not None)
    if "-" in args.paths and not stdin:
        print("wdlint: error: - (stdin) cannot be combined with other paths", file=sys.stderr)
        return EXIT_ERROR
    paths = args.paths or ["."]
    if stdin:
        # Configuration is looked for from the file stdin stands for.
        paths = [args.stdin_filename] if args.stdin_filename else []
    overrides = {
        "select": _flatten(args.select),
        "extend-select": _flatten(args.extend_select),
        "ignore": _flatten(args.ignore),
        "per-file-ignores": args.per_file_ignores,
        "extend-per-file-ignores": args.extend_per_file_ignores,
        "exclude": _flatten(args.exclude),
        "extend-exclude": _flatten(args.extend_exclude),
        "fix-style": args.fix_style,
        "decay-embeddings": args.decay_embeddings,
        "extra-coupled-optimizers": _flatten(args.extra_coupled_optimizers),
        "extra-decoupled-optimizers": _flatten(args.extra_decoupled_optimizers),
        "line-length": args.line_length,
        "force-exclude": args.force_exclude,
        "disable-noqa": args.disable_noqa,
    }
    try:
        settings = resolve_settings(paths, config=args.config, overrides=overrides)
    except ConfigError as error:
        print(f"wdlint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.command == "check" and args.statistics:
        from wdlint.output import FORMAT_ALIASES, STATISTICS_FORMATS

        if FORMAT_ALIASES.get(args.output_format, args.output_format) not in STATISTICS_FORMATS:
            print(f"wdlint: error: --statistics cannot be written as {args.output_format} "
                  f"(use --format text or json)", file=sys.stderr)
            return EXIT_ERROR

    if stdin:
        return _stdin(args, settings)

    from wdlint.files import discover

    discovery = discover(paths, settings)
    for problem in discovery.errors:
        print(f"wdlint: error: {problem}", file=sys.stderr)
    if args.command == "fix":
        status = _fix(discovery.files, settings, args)
    elif args.add_noqa:
        status = _add_noqa(discovery.files, settings, args)
    elif args.fix or args.diff:
        status = _check_fix(discovery.files, settings, args)
    else:
        status = _check(discovery.files, settings, args)
    return EXIT_ERROR if discovery.errors else status


def _output_format(args) -> str:
    from wdlint.output import FORMAT_ALIASES

    return FORMAT_ALIASES.get(args.output_format, args.output_format)


def _report(diagnostics: list, files_checked: int, args, *, fixed: int | None = None) -> None:
    """Findings on stdout in the chosen format; ruff's summary and fix hint on stderr."""
    from wdlint import output

    if args.statistics:
        sys.stdout.write(output.format_statistics(diagnostics, _output_format(args), args.unsafe_fixes))
    else:
        sys.stdout.write(output.FORMATTERS[_output_format(args)](diagnostics))
    sys.stdout.flush()
    if args.quiet:
        return
    if not files_checked:
        print("warning: no Python files found under the given paths", file=sys.stderr)
        return
    print(output.summary(diagnostics, files_checked, fixed), file=sys.stderr)
    hint = output.fix_hint(diagnostics, args.unsafe_fixes)
    if hint is not None:
        print(hint, file=sys.stderr)


def _exit_status(diagnostics: list, args, internal_errors: int = 0) -> int:
    if internal_errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if diagnostics and not args.exit_zero else EXIT_CLEAN


def _check(files: list[tuple[str, str]], settings, args) -> int:
    found, internal_errors = lint_files(files, settings, args.jobs, use_cache=not args.no_cache)
    diagnostics = sorted(d for d in found if settings.is_selected(d.code, d.path))
    _report(diagnostics, len(files), args)
    return _exit_status(diagnostics, args, internal_errors)


def _check_fix(files: list[tuple[str, str]], settings, args) -> int:
    """``check --fix`` (ruff's): safe fixes only unless ``--unsafe-fixes``; ``--diff`` writes nothing."""
    from wdlint import output
    from wdlint.fix.command import FixRequest, fix_files

    request = FixRequest(diff=args.diff, unsafe=args.unsafe_fixes, jobs=args.jobs, use_cache=not args.no_cache)
    outcome = fix_files(files, settings, request, sys.stdout, sys.stderr, list_fixes=False)
    if args.diff:
        if not args.quiet:
            count = len(outcome.fixed)
            print(f"Would fix {count} finding{'s' * (count != 1)}." if count else "No fixes available.",
                  file=sys.stderr)
        return EXIT_ERROR if outcome.failed else (EXIT_FINDINGS if outcome.fixed else EXIT_CLEAN)
    if args.show_fixes and not args.quiet:
        sys.stderr.write(output.format_fixes(outcome.fixed))
    _report(outcome.remaining, len(files), args, fixed=len(outcome.fixed))
    return EXIT_ERROR if outcome.failed else _exit_status(outcome.remaining, args)


def _add_noqa(files: list[tuple[str, str]], settings, args) -> int:
    """``check --add-noqa``: a ``# noqa: CODE`` on each line with a finding; writes files in place."""
    from wdlint.engine import decode, read_source
    from wdlint.fix.writing import source_encoding, write_atomically
    from wdlint.noqa import add_noqa

    found, internal_errors = lint_files(files, settings, args.jobs, use_cache=not args.no_cache)
    per_path: dict[str, list] = {}
    for d in found:
        if d.code != "WD000" and settings.is_selected(d.code, d.path):
            per_path.setdefault(d.path, []).append((d.line, d.code))
    added = 0
    failed = False
    for real_path, display_path in files:
        if display_path not in per_path:
            continue
        source = read_source(real_path, display_path)
        text = decode(source, display_path) if isinstance(source, bytes) else source
        if not isinstance(text, str):
            continue
        new_text, count = add_noqa(text, per_path[display_path])
        if not count:
            continue
        problem = write_atomically(real_path, new_text.encode(source_encoding(source)))
        if problem is not None:
            print(f"{display_path}: error: {problem}", file=sys.stderr)
            failed = True
            continue
        added += count
    if not args.quiet:
        print(f"Added {added} noqa directive{'s' * (added != 1)}.", file=sys.stderr)
    return EXIT_ERROR if failed or internal_errors else EXIT_CLEAN


def _stdin(args, settings) -> int:
    """``check -`` / ``fix -`` / ``--stdin-filename``: the source comes from stdin."""
    display_path = args.stdin_filename or "-"
    source = sys.stdin.buffer.read()
    if args.stdin_filename and settings.force_exclude and settings.is_force_excluded(args.stdin_filename):
        # ruff's behaviour: an excluded file is passed through unchanged and not reported.
        if args.command == "fix" and not args.diff:
            sys.stdout.buffer.write(source)
        return EXIT_CLEAN
    if args.command == "fix" or args.fix or args.diff:
        from wdlint.fix.command import fix_stdin

        unsafe = args.command == "fix" or args.unsafe_fixes
        outcome, _ = fix_stdin(source, display_path, settings, args.diff, sys.stdout, sys.stderr,
                               unsafe=unsafe, quiet=args.quiet)
        if outcome.remaining and not args.exit_zero:
            return EXIT_FINDINGS
        return EXIT_FINDINGS if args.diff and outcome.changed_files and not args.exit_zero else EXIT_CLEAN
    if args.add_noqa:
        print("wdlint: error: --add-noqa cannot be used with stdin", file=sys.stderr)
        return EXIT_ERROR
    from wdlint.engine import lint_bytes

    found = lint_bytes(source, display_path, settings.analysis_options, apply_noqa=not settings.disable_noqa)
    diagnostics = sorted(d for d in found if settings.is_selected(d.code, display_path))
    _report(diagnostics, 1, args)
    return _exit_status(diagnostics, args)


#: From this many bytes of source (about 10,000 lines) a pool of forked workers pays: measured on
#: 2 cores with ``benchmarks/pool_threshold.py`` (even at 0.15 MB, 0.83-0.86x of one process at
#: 0.3-0.5 MB, 0.6x at 8 MB).
PARALLEL_MIN_BYTES = 400_000
#: Chunks per worker: enough for the pool to balance, few enough to keep the task overhead low.
CHUNKS_PER_JOB = 8


def lint_files(
    files: list[tuple[str, str]], settings, jobs: int | None = None, *, use_cache: bool = False
) -> tuple[list, int]:
    """All findings for ``files`` (unfiltered by selection) and the count of internal errors.

    One path for every file: ``engine.read_source``, then ``engine.lint_bytes``
    (gate on the bytes, decode, parse, analyse, noqa), in a process pool when
    ``jobs`` asks for one or the size pays.  Workers get paths, not texts
    (a text crosses the process boundary pickled), in chunks of about equal
    bytes, largest files first.  With ``use_cache`` a file whose bytes were
    analysed before under the same settings (``wdlint.cache``) is not
    analysed again.
    """
    from wdlint.diagnostics import Diagnostic
    from wdlint.engine import read_source

    cache = None
    if use_cache:
        # Looked up before the gate: hashing a file costs less than gating it (a warm run is hashes).
        from wdlint.cache import ResultCache, content_key

        cache = ResultCache.for_settings(settings)
    diagnostics: list = []
    todo: list[tuple[str, str]] = []
    sizes: list[int] = []
    for real_path, display_path in files:
        if cache is None:
            size = _size(real_path)
        else:
            source = read_source(real_path, display_path)
            if isinstance(source, Diagnostic):
                diagnostics.append(source)
                continue
            cached = cache.get(content_key(source, display_path), display_path)
            if cached is not None:
                diagnostics.extend(cached)
                continue
            size = len(source)
        todo.append((real_path, display_path))
        sizes.append(size)
    job = (settings.analysis_options, not settings.disable_noqa, cache is not None)
    # An explicit --jobs is honoured; by default a pool starts only where it pays.
    worth_a_pool = jobs is not None or sum(sizes) >= PARALLEL_MIN_BYTES
    jobs = _default_jobs() if jobs is None else jobs
    results = None
    if jobs > 1 and len(todo) > 1 and worth_a_pool:
        results = _lint_in_processes(todo, sizes, job, jobs)
    if results is None:
        results = _lint_paths((todo, *job))
    internal_errors = 0
    for display_path, found, error, key in results:
        if error is not None:
            print(f"wdlint: error: {display_path}: internal error: {error}", file=sys.stderr)
            internal_errors += 1
            continue
        diagnostics.extend(found)
        if key is not None:
            cache.put(key, found)
    if cache is not None:
        cache.save()
    return diagnostics, internal_errors


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _lint_paths(job: tuple) -> list[tuple[str, list, str | None, bytes | None]]:
    """Read and lint each file: (display path, findings, internal error, cache key of the bytes read).

    A crash is reported for that file and the run goes on; an unreadable
    file is its WD000 (not cached).
    """
    from wdlint.diagnostics import Diagnostic
    from wdlint.engine import lint_bytes, read_source

    files, options, apply_noqa, keyed = job
    results = []
    for real_path, display_path in files:
        source = read_source(real_path, display_path)
        if isinstance(source, Diagnostic):
            results.append((display_path, [source], None, None))
            continue
        key = None
        if keyed:
            from wdlint.cache import content_key

            key = content_key(source, display_path)
        try:
            results.append((display_path, lint_bytes(source, display_path, options, apply_noqa=apply_noqa), None, key))
        except Exception as error:
            if os.environ.get("WDLINT_DEBUG"):
                raise
            results.append((display_path, [], f"{type(error).__name__}: {error}", None))
    return results


def chunks_by_bytes(files: list, sizes: list[int], count: int) -> list[list]:
    """``files`` in about ``count`` chunks of equal bytes, largest files first (LPT order)."""
    order = sorted(range(len(files)), key=lambda index: -sizes[index])
    target = max(1, sum(sizes) // max(1, count))
    chunks: list[list] = []
    current: list = []
    current_bytes = 0
    for index in order:
        current.append(files[index])
        current_bytes += sizes[index]
        if current_bytes >= target:
            chunks.append(current)
            current, current_bytes = [], 0
    if current:
        chunks.append(current)
    return chunks


def _lint_in_processes(todo: list[tuple[str, str]], sizes: list[int], job: tuple, jobs: int) -> list | None:
    """Results from a process pool, or None where one cannot run (then the caller goes serial).

    The pool forks where the platform allows it (Linux): the workers inherit
    the imported modules and the text gate, built here before the fork.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from wdlint.engine import might_have_findings

    might_have_findings(b"", job[0])
    jobs = min(jobs, len(todo))
    chunks = chunks_by_bytes(todo, sizes, jobs * CHUNKS_PER_JOB)
    context = None
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            return [result for done in pool.map(_lint_paths, [(chunk, *job) for chunk in chunks]) for result in done]
    except (OSError, NotImplementedError, ImportError, BrokenProcessPool):
        return None


def _default_jobs() -> int:
    try:
        available = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        available = os.cpu_count() or 1
    return max(1, min(available, 8))


def _fix(files: list[tuple[str, str]], settings, args) -> int:
    """``wdlint fix``: every fix, safe and unsafe (see ``wdlint.fix.command``)."""
    from wdlint.fix.command import cli_fix

    return cli_fix(files, settings, args.diff, sys.stdout, sys.stderr, output_format=_output_format(args),
                   quiet=args.quiet, exit_zero=args.exit_zero, show_fixes=args.show_fixes, jobs=args.jobs,
                   use_cache=not args.no_cache)


def _rule(args, parser: argparse.ArgumentParser) -> int:
    from wdlint.rules import all_rules, get_rule

    if args.all:
        sys.stdout.write("\n".join(rule.render() for rule in all_rules()))
        return EXIT_CLEAN
    if not args.code:
        print("wdlint: error: rule: give a CODE (e.g. WD101) or --all", file=sys.stderr)
        return EXIT_ERROR
    rule = get_rule(args.code)
    if rule is None:
        print(f"wdlint: error: unknown rule {args.code!r} (see `wdlint rules`)", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(rule.render())
    return EXIT_CLEAN


def _rules(args) -> int:
    from wdlint.rules import all_rules

    rules = all_rules()
    if args.output_format == "json":
        import json

        rows = [{"code": r.code, "name": r.name, "summary": r.summary, "fix": r.fix,
                 "fixable": r.fix != "None",
                 "fix_applicability": r.fix_applicability if r.fix != "None" else None,
                 "surface": r.surface} for r in rules]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return EXIT_CLEAN
    header = ("CODE", "NAME", "FIX", "SURFACE", "SUMMARY")
    rows = [(r.code, r.name, r.fix if r.fix != "None" else "-", r.surface, r.summary) for r in rules]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header) - 1)]
    for row in (header, *rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        sys.stdout.write("  ".join([*cells, row[-1]]).rstrip() + "\n")
    return EXIT_CLEAN


def _tolerant_output() -> None:
    """Never fail on a message a narrow console encoding cannot show."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
