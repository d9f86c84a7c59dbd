"""``wdlint`` command line: ``check``, ``fix``, ``rule``, ``rules``.

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
    group.add_argument("--disable-noqa", action="store_true", default=None,
                       help="report findings on lines marked `# noqa`")

    group = parser.add_argument_group("files")
    group.add_argument("--config", metavar="PYPROJECT",
                       help="use this pyproject.toml instead of the nearest one")
    group.add_argument("--exclude", type=_comma_list, action="append", metavar="GLOBS",
                       help="globs to skip while walking directories (replaces the defaults)")
    group.add_argument("--extend-exclude", type=_comma_list, action="append", metavar="GLOBS",
                       help="globs to skip in addition to exclude")
    group.add_argument("--force-exclude", action="store_true", default=None,
                       help="apply excludes to paths named on the command line too (for pre-commit)")

    group = parser.add_argument_group("analysis")
    group.add_argument("--extra-coupled-optimizers", type=_comma_list, action="append", metavar="NAMES",
                       help="qualified names of optimizers with coupled decay (WD101 and WD102)")
    group.add_argument("--extra-decoupled-optimizers", type=_comma_list, action="append", metavar="NAMES",
                       help="qualified names of optimizers with decoupled decay (WD102 only)")
    group.add_argument("--fix-style", choices=("inline", "helper"),
                       help="how fixes split parameters: inline comprehensions or wdlint.param_groups(...)")
    group.add_argument("--decay-embeddings", action=argparse.BooleanOptionalAction, default=None,
                       help="whether embeddings belong in the decay group")


class _Parser(argparse.ArgumentParser):
    """argparse with ruff's kind of usage error: one line on stderr, exit 2.

    argparse prints the whole usage block first (a dozen lines for ``check``);
    the line names the command whose ``--help`` explains the options instead
    (a subcommand's parser is a ``_Parser`` too and names itself).
    """

    def parse_args(self, args=None, namespace=None):
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:  # reported by the top-level parser: name the command they were given to
            command = getattr(parsed, "command", None)
            self._fail(f"unrecognized arguments: {' '.join(extras)}", f"{self.prog} {command}" if command else self.prog)
        return parsed

    def error(self, message: str):
        self._fail(message, self.prog)

    def _fail(self, message: str, prog: str):
        self.exit(EXIT_ERROR, f"wdlint: error: {message} (see `{prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    from wdlint.output import FORMAT_ALIASES, FORMATS

    parser = _Parser(
        prog="wdlint", description="Find and fix weight-decay mistakes in PyTorch training code."
    )
    parser.add_argument("--version", action="version", version=f"wdlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="lint files and directories (default: .)",
                                description="Lint files and directories for weight-decay mistakes.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    check.add_argument("--format", "--output-format", dest="output_format",
                       choices=(*FORMATS, *FORMAT_ALIASES), default="text",
                       help="output format (default: text)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true", help="print counts per code instead of findings")
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    check.add_argument("-j", "--jobs", type=_positive_int, metavar="N",
                       help="processes for the analysis (default: the CPUs available, at most 8)")
    _add_settings_options(check)

    fix = commands.add_parser("fix", help="apply autofixes in place, then report what is left",
                              description="Apply autofixes in place, then report what is left.")
    fix.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    fix.add_argument("--diff", action="store_true", help="print a unified diff and write nothing")
    _add_settings_options(fix)

    rule = commands.add_parser("rule", help="explain a rule", description="Print a rule's documentation.")
    rule.add_argument("code", nargs="?", metavar="CODE", help="a code (WD101) or a name")
    rule.add_argument("--all", action="store_true", help="print every rule")

    rules = commands.add_parser("rules", help="list all rules", description="List all rules.")
    rules.add_argument("--format", "--output-format", dest="output_format", choices=("text", "json"),
                       default="text", help="output format (default: text)")
    return parser


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
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    if args.command == "rule":
        return _rule(args, parser)
    if args.command == "rules":
        return _rules(args)

    from wdlint.config import ConfigError, resolve_settings

    paths = args.paths or ["."]
    overrides = {
        "select": _flatten(args.select),
        "extend-select": _flatten(args.extend_select),
        "ignore": _flatten(args.ignore),
        "per-file-ignores": args.per_file_ignores,
        "exclude": _flatten(args.exclude),
        "extend-exclude": _flatten(args.extend_exclude),
        "fix-style": args.fix_style,
        "decay-embeddings": args.decay_embeddings,
        "extra-coupled-optimizers": _flatten(args.extra_coupled_optimizers),
        "extra-decoupled-optimizers": _flatten(args.extra_decoupled_optimizers),
        "force-exclude": args.force_exclude,
        "disable-noqa": args.disable_noqa,
    }
    try:
        settings = resolve_settings(paths, config=args.config, overrides=overrides)
    except ConfigError as error:
        print(f"wdlint: error: {error}", file=sys.stderr)
        return EXIT_ERROR

    from wdlint.files import discover

    discovery = discover(paths, settings)
    for problem in discovery.errors:
        print(f"wdlint: error: {problem}", file=sys.stderr)
    if args.command == "fix":
        status = _fix(discovery.files, settings, args.diff)
    else:
        status = _check(discovery.files, settings, args)
    return EXIT_ERROR if discovery.errors else status


def _check(files: list[tuple[str, str]], settings, args) -> int:
    from wdlint import output
    from wdlint.runner import lint_files

    found, internal_errors = lint_files(files, settings, args.jobs)
    diagnostics = sorted(d for d in found if settings.is_selected(d.code, d.path))

    output_format = output.FORMAT_ALIASES.get(args.output_format, args.output_format)
    if args.statistics:
        sys.stdout.write(output.format_statistics(diagnostics, output_format))
    else:
        sys.stdout.write(output.FORMATTERS[output_format](diagnostics))
    sys.stdout.flush()
    if not args.quiet:
        if not files:
            print("warning: no Python files found under the given paths", file=sys.stderr)
        else:
            print(output.summary(diagnostics, len(files)), file=sys.stderr)
    if internal_errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if diagnostics and not args.exit_zero else EXIT_CLEAN


def _fix(files: list[tuple[str, str]], settings, diff: bool) -> int:
    """Delegate to ``wdlint.fix.cli_fix``.

    The contract with the fixer: ``cli_fix(files, settings, diff, stdout,
    stderr) -> int``, where ``files`` are (real path, display path) pairs and
    ``settings`` is ``wdlint.config.Settings`` (``analysis_options``,
    ``is_selected(code, path)``, ``fix_style``, ``decay_embeddings``,
    ``disable_noqa``); it prints what it did and what is left and returns the
    exit status (0 nothing left, 1 findings left, 2 error).
    """
    import importlib.util

    if importlib.util.find_spec("wdlint.fix") is None:
        print("wdlint fix is not yet available", file=sys.stderr)
        return EXIT_ERROR
    from wdlint.fix import cli_fix

    return cli_fix(files, settings, diff, sys.stdout, sys.stderr)


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
                 "fixable": r.fix != "None", "surface": r.surface} for r in rules]
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
