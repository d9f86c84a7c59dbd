"""Output formats for findings: text, json, sarif, github, and statistics.

Every formatter takes the sorted ``Diagnostic`` list and returns the whole
text for stdout, so the CLI writes once (and ``wdlint fix`` prints what is
left with the same ``format_text``).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from urllib.parse import quote

from wdlint import __version__
from wdlint.diagnostics import Diagnostic

FORMATS = ("text", "json", "sarif", "github")
#: ruff's names for its text formats, accepted so muscle memory works.
FORMAT_ALIASES = {"concise": "text", "full": "text"}
INFORMATION_URI = "https://pypi.org/project/wdlint/"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}\n" for d in diagnostics)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([d.as_json() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands (``::error ...::``), one per finding."""
    lines = []
    for d in diagnostics:
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("title", f"wdlint ({d.code})"),
                ("file", d.path),
                ("line", d.line),
                ("col", d.column),
                ("endLine", d.end_line),
                ("endColumn", d.end_column),
            )
        )
        lines.append(f"::error {properties}::{_escape_data(f'{d.code} {d.message}')}\n")
    return "".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    """SARIF 2.1.0: one run, the static rules as ``tool.driver.rules``."""
    from wdlint.rules import all_rules

    rules = [rule for rule in all_rules() if rule.surface == "static"]
    index = {rule.code: i for i, rule in enumerate(rules)}
    descriptors = [_sarif_rule(rule) for rule in rules]
    results = []
    for d in diagnostics:
        if d.code not in index:  # a code without a rule module: still a valid reference
            index[d.code] = len(descriptors)
            descriptors.append({"id": d.code, "shortDescription": {"text": d.code}})
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": "error",
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(d.path)},
                            "region": {
                                "startLine": d.line,
                                "startColumn": d.column,
                                "endLine": d.end_line,
                                "endColumn": d.end_column,
                            },
                        }
                    }
                ],
                "properties": {"fixable": d.fixable},
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wdlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                # Our columns count code points, not SARIF's default UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _sarif_rule(rule) -> dict:
    page = rule.render()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what_it_does.strip()},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": "error"},
        "properties": {"fix": rule.fix, "surface": rule.surface, "tags": ["weight-decay", "pytorch"]},
    }


def _uri(path: str) -> str:
    """A relative URI reference for a relative path, a ``file://`` URI otherwise."""
    posix = path.replace(os.sep, "/")
    if os.path.isabs(path):
        return "file://" + _quote_path(posix if posix.startswith("/") else "/" + posix)
    while posix.startswith("./"):
        posix = posix[2:]
    return _quote_path(posix)


def _quote_path(posix: str) -> str:
    """Percent-encoded, from the name's own bytes (a non-UTF-8 name decodes to surrogates: issue 14)."""
    return quote(os.fsencode(posix))


FORMATTERS = {"text": format_text, "json": format_json, "sarif": format_sarif, "github": format_github}


# -- statistics and the summary line -----------------------------------------------


def statistics(diagnostics: Sequence[Diagnostic]) -> list[dict]:
    """Counts per code, most frequent first (ties by code), as ruff's ``--statistics``."""
    from wdlint.rules import get_rule

    counts = Counter(d.code for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if d.fixable)
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = get_rule(code)
        rows.append(
            {"code": code, "name": rule.name if rule else "", "count": count, "fixable": fixable[code] > 0}
        )
    return rows


def format_statistics(diagnostics: Sequence[Diagnostic], output_format: str = "text") -> str:
    rows = statistics(diagnostics)
    if output_format == "json":
        return json.dumps(rows, indent=2) + "\n"
    if not rows:
        return ""
    count_width = max(len(str(row["count"])) for row in rows)
    code_width = max(len(row["code"]) for row in rows)
    lines = []
    for row in rows:
        marker = "[*] " if row["fixable"] else "    "
        lines.append(f"{row['count']:>{count_width}}\t{row['code']:<{code_width}}\t{marker}{row['name']}\n")
    return "".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    """The one line on stderr after the findings."""
    checked = f"checked {_plural(files_checked, 'file')}"
    if not diagnostics:
        return f"All checks passed; {checked}."
    fixable = sum(1 for d in diagnostics if d.fixable)
    files = len({d.path for d in diagnostics})
    fixable_text = f" ({fixable} fixable)" if fixable else ""
    return f"Found {_plural(len(diagnostics), 'finding')}{fixable_text} in {_plural(files, 'file')}; {checked}."
