"""Output formats for findings: text, json, sarif, github, and statistics.

Every formatter takes the sorted ``Diagnostic`` list and returns the whole
text for stdout, so the CLI writes once (and ``wdlint fix`` prints what is
left with the same ``format_text``).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence

from wdlint import __version__
from wdlint.diagnostics import Diagnostic

FORMATS = ("text", "json", "sarif", "github")
#: ruff's names for its text formats, accepted so muscle memory works.
FORMAT_ALIASES = {"concise": "text", "full": "text"}
INFORMATION_URI = "https://pypi.org/project/wdlint/"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(f"{d.where}: {d.code} {d.message}\n" for d in diagnostics)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    import json

    return json.dumps([as_json(d) for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


def as_json(diagnostic: Diagnostic) -> dict:
    """One finding as JSON; one with a fix carries ``"fix": {"applicability": ...}`` (ruff's model)."""
    data = diagnostic.as_json()
    if diagnostic.fixable:
        data["fix"] = {"applicability": fix_applicability(diagnostic.code)}
    return data


def fix_applicability(code: str) -> str:
    """``"safe"`` or ``"unsafe"``: whether the rule's fix keeps training as it was."""
    from wdlint.rules import get_rule

    rule = get_rule(code)
    return rule.fix_applicability if rule is not None else "unsafe"


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
                # A notebook finding's lines are the cell's: the cell goes with it.
                "properties": {"fixable": d.fixable, **({"cell": d.cell} if d.cell else {})},
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
    import json

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
    from urllib.parse import quote

    return quote(os.fsencode(posix))


FORMATTERS = {"text": format_text, "json": format_json, "sarif": format_sarif, "github": format_github}


# -- statistics and the summary line -----------------------------------------------


def statistics(diagnostics: Sequence[Diagnostic], unsafe_fixes: bool = False) -> list[dict]:
    """Counts per code, most frequent first (ties by code), as ruff's ``--statistics``.

    As in ruff, ``fixable`` counts the fixes ``--fix`` would apply: unsafe
    ones only with ``--unsafe-fixes``.
    """
    from wdlint.rules import get_rule

    counts = Counter(d.code for d in diagnostics)
    fixable = Counter(
        d.code for d in diagnostics if d.fixable and (unsafe_fixes or fix_applicability(d.code) == "safe")
    )
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = get_rule(code)
        rows.append(
            {
                "code": code,
                "name": rule.name if rule else "",
                "count": count,
                "fixable": fixable[code] > 0,
                "fixable_count": fixable[code],
            }
        )
    return rows


#: The formats ``--statistics`` can be written in (ruff refuses the others too).
STATISTICS_FORMATS = ("text", "json")


def format_statistics(diagnostics: Sequence[Diagnostic], output_format: str = "text",
                      unsafe_fixes: bool = False) -> str:
    if output_format not in STATISTICS_FORMATS:
        raise ValueError(f"--statistics cannot be written as {output_format}")
    rows = statistics(diagnostics, unsafe_fixes)
    if output_format == "json":
        import json

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


def summary(diagnostics: Sequence[Diagnostic], files_checked: int, fixed: int | None = None) -> str:
    """The line on stderr after the findings (``fixed``: how many ``check --fix`` fixed)."""
    checked = f"checked {_plural(files_checked, 'file')}"
    if fixed is not None and fixed:
        files = len({d.path for d in diagnostics})
        where = f" in {_plural(files, 'file')}" if diagnostics else ""
        total = _plural(len(diagnostics) + fixed, "finding")
        return f"Found {total} ({fixed} fixed, {len(diagnostics)} remaining){where}; {checked}."
    if not diagnostics:
        return f"All checks passed; {checked}."
    fixable = sum(1 for d in diagnostics if d.fixable)
    files = len({d.path for d in diagnostics})
    fixable_text = f" ({fixable} fixable)" if fixable else ""
    return f"Found {_plural(len(diagnostics), 'finding')}{fixable_text} in {_plural(files, 'file')}; {checked}."


def fix_hint(diagnostics: Sequence[Diagnostic], unsafe_fixes: bool) -> str | None:
    """ruff's line about the fixes on offer (ruff 0.17's words), or None when there are none.

    ``[*] 2 fixable with `--fix`.``; unsafe fixes not enabled are counted
    apart: ``2 unsafe fixes available with `--fix --unsafe-fixes`.``
    """
    fixable = [d for d in diagnostics if d.fixable]
    applicable = sum(1 for d in fixable if unsafe_fixes or fix_applicability(d.code) == "safe")
    hidden = len(fixable) - applicable
    hidden_text = f"{hidden} unsafe fix{'es' * (hidden != 1)} available with `--fix --unsafe-fixes`"
    if applicable and hidden:
        return f"[*] {applicable} fixable with `--fix` ({hidden_text})."
    if applicable:
        return f"[*] {applicable} fixable with `--fix`."
    if hidden:
        return f"{hidden_text[0].upper()}{hidden_text[1:]}."
    return None


def format_fixes(fixed: Sequence[Diagnostic], would: bool = False) -> str:
    """ruff's ``--show-fixes`` block: per file, how many of each code were fixed."""
    if not fixed:
        return ""
    from wdlint.rules import get_rule

    per_file: dict[str, Counter] = {}
    for d in fixed:
        per_file.setdefault(d.path, Counter())[d.code] += 1
    verb = "Would fix" if would else "Fixed"
    lines = [f"\n{verb} {_plural(len(fixed), 'finding')}:\n"]
    for path in sorted(per_file):
        lines.append(f"- {path}:\n")
        for code, count in sorted(per_file[path].items()):
            rule = get_rule(code)
            lines.append(f"    {count} × {code} ({rule.name if rule else code})\n")
    return "".join(lines) + "\n"
