"""``wdlint server``: a language server (LSP over stdio), on pygls.

What an editor gets: diagnostics when a Python document is opened, changed
or saved (code, rule name, a link to the rule's page), and code actions for
each finding: the fix (marked unsafe, since wdlint's fixes change training;
never "preferred", so no editor applies it on save) and ``# noqa: CODE``,
plus ``source.fixAll.wdlint`` for the whole document.  Configuration is the
one ``wdlint check`` would use for the document's path: the nearest
``.wdlint.toml``, ``wdlint.toml`` or ``pyproject.toml`` (re-read on every
analysis, so editing it takes effect at the next change).

The analysis and the fixes are the same calls the CLI makes
(``engine.lint_text``, ``fix.command.fix_one``); this module only converts
positions (wdlint counts code points, LSP clients mostly UTF-16) and shapes
the messages.  pygls is imported only here: ``wdlint check`` never pays for it.
"""

from __future__ import annotations

import os
import sys

from wdlint import __version__

#: Where a rule's documentation lives (``docs/rules.md``, generated from the rules).
RULES_URL = "https://github.com/wdlint/wdlint/blob/main/docs/rules.md"
FIX_ALL_KIND = "source.fixAll.wdlint"


def serve() -> int:
    """Run the server on stdin/stdout until the client says exit; the exit status."""
    try:
        server = build_server()
    except ImportError as error:
        print(f"wdlint: error: the language server needs pygls ({error}); "
              "install it with `pip install 'wdlint[server]'`", file=sys.stderr)
        return 2
    server.start_io()
    return 0


def rule_url(code: str) -> str:
    from wdlint.rules import get_rule

    rule = get_rule(code)
    anchor = f"{code}-{rule.name}".lower() if rule is not None else code.lower()
    return f"{RULES_URL}#{anchor}"


def build_server():
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    server = LanguageServer("wdlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        diagnostics = [_to_lsp(types, document, d) for d in _findings(document)]
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
        )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        document = server.workspace.get_text_document(params.text_document.uri)
        return _code_actions(types, document, params)

    return server


# -- analysis -------------------------------------------------------------------------------


def _path(document) -> str:
    return document.path or os.path.join(os.getcwd(), "untitled.py")


def _settings(document):
    from wdlint.config import ConfigError, resolve_settings

    path = _path(document)
    try:
        return resolve_settings([path], cwd=os.path.dirname(path)), None
    except ConfigError as error:
        return None, str(error)


def _findings(document) -> list:
    """What ``wdlint check`` reports for the document's current text."""
    from wdlint.diagnostics import Diagnostic
    from wdlint.engine import lint_text

    settings, problem = _settings(document)
    if settings is None:  # a broken configuration is shown, never a silent "no findings"
        return [Diagnostic(document.uri, 1, 1, 1, 1, "WD000", f"wdlint configuration error: {problem}")]
    path = _path(document)
    found = lint_text(document.source, path, settings.analysis_options, apply_noqa=not settings.disable_noqa)
    return [d for d in found if settings.is_selected(d.code, path)]


def _to_lsp(types, document, finding):
    from wdlint.rules import get_rule

    rule = get_rule(finding.code)
    start = types.Position(line=finding.line - 1, character=finding.column - 1)
    end = types.Position(line=finding.end_line - 1, character=finding.end_column - 1)
    where = document.position_codec.range_to_client_units(document.lines, types.Range(start=start, end=end))
    name = rule.name if rule is not None else ""
    return types.Diagnostic(
        range=where,
        message=f"{finding.message} ({name})" if name else finding.message,
        severity=types.DiagnosticSeverity.Warning,
        code=finding.code,
        code_description=types.CodeDescription(href=rule_url(finding.code)),
        source="wdlint",
        data={"name": name, "fixable": finding.fixable},
    )


# -- code actions ---------------------------------------------------------------------------


def _code_actions(types, document, params) -> list:
    from wdlint.fix.command import applicability

    wanted = params.context.only
    settings, _ = _settings(document)
    if settings is None:
        return []
    ours = [d for d in params.context.diagnostics if d.source == "wdlint" and isinstance(d.code, str)]
    actions = []
    quick = wanted is None or any(kind.startswith(types.CodeActionKind.QuickFix) for kind in wanted)
    if quick:
        for code in dict.fromkeys(d.code for d in ours if (d.data or {}).get("fixable")):
            edit = _fixed_edit(types, document, settings, lambda c, code=code: c == code)
            if edit is not None:
                actions.append(types.CodeAction(
                    title=f"wdlint: fix {code} in this file ({applicability(code)}: changes training)",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[d for d in ours if d.code == code],
                    edit=edit,
                    is_preferred=False,
                ))
        for diagnostic in ours:
            if diagnostic.code == "WD000":
                continue
            edit = _noqa_edit(types, document, diagnostic)
            if edit is not None:
                actions.append(types.CodeAction(
                    title=f"wdlint: ignore {diagnostic.code} on this line (# noqa: {diagnostic.code})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=edit,
                ))
    if wanted is not None and any(FIX_ALL_KIND.startswith(kind) for kind in wanted):
        edit = _fixed_edit(types, document, settings, lambda code: True)
        if edit is not None:
            actions.append(types.CodeAction(title="wdlint: fix all (unsafe: changes training)",
                                            kind=FIX_ALL_KIND, edit=edit))
    return actions


def _fixed_edit(types, document, settings, codes):
    """The document after the fixes of ``codes``, as one edit over the changed lines; None if none."""
    from wdlint.fix.apply import fix_source
    from wdlint.fix.layout import formatting

    path = _path(document)
    text = document.source
    encoding = _declared_encoding(text)
    try:
        source = text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return None
    with formatting(settings.line_length, settings.quote, settings.formatter is not None):
        result = fix_source(source, path, settings.analysis_options, settings.fix_style,
                            lambda code: codes(code) and settings.is_selected(code, path),
                            apply_noqa=not settings.disable_noqa, decay_embeddings=settings.decay_embeddings)
    if not result.changed:
        return None
    return _replacement(types, document, result.new_source.decode(encoding))


def _noqa_edit(types, document, diagnostic):
    from wdlint.noqa import add_noqa

    new_text, changed = add_noqa(document.source, [(diagnostic.range.start.line + 1, diagnostic.code)])
    return _replacement(types, document, new_text) if changed else None


def _replacement(types, document, new_text: str):
    """A WorkspaceEdit that replaces the lines where ``new_text`` differs from the document."""
    from wdlint.noqa import physical_lines_with_endings

    old_lines = physical_lines_with_endings(document.source)
    new_lines = physical_lines_with_endings(new_text)
    start = 0
    while start < min(len(old_lines), len(new_lines)) and old_lines[start] == new_lines[start]:
        start += 1
    old_end, new_end = len(old_lines), len(new_lines)
    while old_end > start and new_end > start and old_lines[old_end - 1] == new_lines[new_end - 1]:
        old_end -= 1
        new_end -= 1
    edit = types.TextEdit(
        range=types.Range(start=types.Position(line=start, character=0),
                          end=types.Position(line=old_end, character=0)),
        new_text="".join(new_lines[start:new_end]),
    )
    return types.WorkspaceEdit(changes={document.uri: [edit]})


def _declared_encoding(text: str) -> str:
    """The PEP 263 encoding the text declares (what the file is written in), else UTF-8."""
    from wdlint.fix.writing import source_encoding

    return source_encoding("\n".join(text.splitlines()[:2]).encode("utf-8", "replace") + b"\n")
