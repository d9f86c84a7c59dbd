"""``wdlint fix`` on a config file: each fix rewrites one scalar; every other byte stays."""

from __future__ import annotations

from wdlint.diagnostics import Diagnostic


def fix_config(source: bytes, path: str, options, is_selected, *, apply_noqa: bool = True):
    from wdlint.configs.documents import ConfigError, load
    from wdlint.configs.lint import ConfigEdit, analyse, config_fix, lint_config, might_hold_optimizer
    from wdlint.fix.apply import FixResult

    def remaining_in(text: str) -> list[Diagnostic]:
        return [d for d in lint_config(text, path, options, apply_noqa=apply_noqa) if is_selected(d.code) or d.code == "WD000"]

    try:
        text = source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        found = Diagnostic(path, 1, 1, 1, 1, "WD000", f"cannot decode: {error.reason}")
        return FixResult(source, remaining=[found], error=found.message)
    if not might_hold_optimizer(text):
        return FixResult(source)
    reported = remaining_in(text)
    wanted = {(d.line, d.column, d.code) for d in reported if d.fixable}
    if not wanted:
        return FixResult(source, remaining=reported)
    analysed = analyse(text, path, options)
    if isinstance(analysed, Diagnostic):
        return FixResult(source, remaining=[analysed])
    from wdlint.configs.documents import line_and_column

    edits: list[tuple[ConfigEdit, Diagnostic]] = []
    for finding in analysed[1]:
        line, column = line_and_column(text, finding.node.start)
        if (line, column, finding.code) not in wanted:
            continue
        edit = config_fix(finding, text)
        if isinstance(edit, ConfigEdit):
            diagnostic = next(d for d in reported if (d.line, d.column, d.code) == (line, column, finding.code))
            edits.append((edit, diagnostic))
    new_text = text
    taken: list[tuple[int, int]] = []
    fixed = []
    for edit, diagnostic in sorted(edits, key=lambda pair: pair[0].start, reverse=True):
        if any(edit.start < end and start < edit.end for start, end in taken):
            continue  # one edit per scalar
        taken.append((edit.start, edit.end))
        new_text = new_text[: edit.start] + edit.new + new_text[edit.end :]
        fixed.append(diagnostic)
    try:
        load(new_text, path)
    except ConfigError as error:
        return FixResult(source, remaining=reported, notes=[f"{path}: fix dropped: the result would not parse ({error.reason})"])
    if new_text == text:
        return FixResult(source, remaining=reported)
    bom = "\ufeff" if source.startswith(b"\xef\xbb\xbf") and not text.startswith("\ufeff") else ""
    return FixResult((bom + new_text).encode("utf-8"), fixed=sorted(fixed), remaining=remaining_in(new_text), changed=True)
