#!/usr/bin/env python3
"""The README's rules table, generated from ``wdlint.rules.all_rules()``.

    python scripts/gen_readme_rules.py                    # print the table
    python scripts/gen_readme_rules.py --check README.md  # exit 1 if the README's table is stale
    python scripts/gen_readme_rules.py --write README.md  # rewrite it in place

The table sits between ``<!-- rules-table:start -->`` and
``<!-- rules-table:end -->``; nothing else in the file is touched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

START = "<!-- rules-table:start -->"
END = "<!-- rules-table:end -->"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def rules_table() -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, installed or not
    from wdlint.rules import all_rules

    surfaces = {"static": "`wdlint check`, flake8", "runtime": "`wdlint.check` / `install`"}
    lines = ["| Code | Name | Summary | Fix | Surface |", "| --- | --- | --- | --- | --- |"]
    for rule in all_rules():
        fix = "—" if rule.fix == "None" else rule.fix.lower()
        surface = surfaces.get(rule.surface, rule.surface)
        lines.append(f"| {rule.code} | `{rule.name}` | {_cell(rule.summary)} | {fix} | {surface} |")
    return "\n".join(lines) + "\n"


def _split(text: str, path: str) -> tuple[str, str, str]:
    start, end = text.find(START), text.find(END)
    if start < 0 or end < 0 or end < start:
        raise SystemExit(f"{path}: no {START} ... {END} markers")
    head = text[: start + len(START)]
    body = text[len(head):end]
    return head, body, text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", metavar="README", help="exit 1 if README's table differs from the rules")
    action.add_argument("--write", metavar="README", help="rewrite README's table from the rules")
    args = parser.parse_args(argv)
    table = rules_table()
    if not (args.check or args.write):
        sys.stdout.write(table)
        return 0
    path = Path(args.check or args.write)
    text = path.read_text(encoding="utf-8")
    head, body, tail = _split(text, str(path))
    expected = f"{head}\n{table}{tail}"
    if args.check:
        if text != expected:
            print(f"{path}: the rules table is stale; run scripts/gen_readme_rules.py --write {path}", file=sys.stderr)
            return 1
        return 0
    if text != expected:
        path.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
