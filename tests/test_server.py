"""``wdlint server`` driven by a real LSP client (pygls's ``LanguageClient``), as an editor drives it.

The client runs in the test process and starts ``python -m wdlint server``
over stdio: initialize, didOpen / didChange / didSave, codeAction, shutdown,
exit — real JSON-RPC, no mocks of the protocol.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

BAD = "import torch\n\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n"
CLEAN = "import torch\n\nopt = torch.optim.AdamW(groups, lr=1e-3)\n"


class Session:
    """A client talking to a live ``wdlint server``; diagnostics collected per URI."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.client = LanguageClient("wdlint-test", "1")
        self.diagnostics: dict[str, asyncio.Queue] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.queue(params.uri).put_nowait(params.diagnostics)

    def queue(self, uri: str) -> asyncio.Queue:
        return self.diagnostics.setdefault(uri, asyncio.Queue())

    async def start(self) -> types.InitializeResult:
        await self.client.start_io(sys.executable, "-m", "wdlint", "server", cwd=str(self.root))
        result = await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=self.root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=self.root.as_uri(), name="project")],
            )
        )
        self.client.initialized(types.InitializedParams())
        return result

    async def next_diagnostics(self, uri: str) -> list[types.Diagnostic]:
        return await asyncio.wait_for(self.queue(uri).get(), timeout=60)

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        ))
        return uri

    async def stop(self) -> None:
        await asyncio.wait_for(self.client.shutdown_async(None), timeout=30)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), timeout=30)


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, timeout=120))


def test_diagnostics_on_open_change_save_and_close(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    path = tmp_path / "train.py"
    path.write_text(BAD)

    async def scenario():
        session = Session(tmp_path)
        result = await session.start()
        assert result.server_info.name == "wdlint"
        uri = session.open(path, BAD)
        found = await session.next_diagnostics(uri)
        assert [(d.code, d.range.start.line, d.range.start.character, d.source) for d in found] == [
            ("WD101", 2, 6, "wdlint"), ("WD102", 2, 23, "wdlint")
        ]
        assert found[1].range.end.character == 23 + len("model.parameters()")
        assert found[0].message.endswith("(coupled-decay-in-adaptive-optimizer)")
        assert found[0].code_description.href.endswith("docs/rules.md#wd101-coupled-decay-in-adaptive-optimizer")

        session.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=CLEAN)],
        ))
        assert list(await session.next_diagnostics(uri)) == []

        session.client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)
        ))
        assert list(await session.next_diagnostics(uri)) == []
        session.client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)
        ))
        assert list(await session.next_diagnostics(uri)) == []
        await session.stop()

    run(scenario())


def test_workspace_configuration_and_broken_configuration(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.wdlint]\nignore = ["WD101"]\n')
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "wdlint.toml").write_text('selcet = ["WD1"]\n')

    async def scenario():
        session = Session(tmp_path)
        await session.start()
        uri = session.open(tmp_path / "train.py", BAD)
        assert [d.code for d in await session.next_diagnostics(uri)] == ["WD102"]
        other = session.open(broken / "train.py", BAD)
        found = await session.next_diagnostics(other)
        assert [d.code for d in found] == ["WD000"]
        assert "unknown key 'selcet'; did you mean 'select'?" in found[0].message
        await session.stop()

    run(scenario())


def test_code_actions_fix_and_noqa(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    path = tmp_path / "train.py"

    async def scenario():
        session = Session(tmp_path)
        await session.start()
        uri = session.open(path, BAD)
        found = await session.next_diagnostics(uri)
        actions = await session.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found),
        ))
        titles = [action.title for action in actions]
        assert titles == [
            "wdlint: fix WD101 in this file (unsafe: changes training)",
            "wdlint: fix WD102 in this file (unsafe: changes training)",
            "wdlint: ignore WD101 on this line (# noqa: WD101)",
            "wdlint: ignore WD102 on this line (# noqa: WD102)",
        ]
        assert not any(action.is_preferred for action in actions)
        fix_101 = apply_edit(BAD, actions[0].edit.changes[uri])
        assert "torch.optim.AdamW(model.parameters()" in fix_101
        noqa = apply_edit(BAD, actions[2].edit.changes[uri])
        assert noqa.splitlines()[2].endswith("weight_decay=1e-4)  # noqa: WD101")

        every = await session.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=found, only=["source.fixAll"]),
        ))
        assert [action.kind for action in every] == ["source.fixAll.wdlint"]
        fixed = apply_edit(BAD, every[0].edit.changes[uri])
        assert "AdamW" in fixed and "p.ndim < 2" in fixed
        # The fixed text is clean for the server too.
        session.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        ))
        assert list(await session.next_diagnostics(uri)) == []
        await session.stop()

    run(scenario())


def test_positions_in_utf16_for_astral_characters(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    text = 'import torch\n\nx = "\U0001f600"; opt = torch.optim.Adam(model.parameters(), weight_decay=1e-4)\n'

    async def scenario():
        session = Session(tmp_path)
        await session.start()
        uri = session.open(tmp_path / "emoji.py", text)
        found = await session.next_diagnostics(uri)
        line = text.splitlines()[2]
        code_points = line.index("torch.optim")
        assert found[0].range.start.character == code_points + 1  # the emoji is two UTF-16 units
        await session.stop()

    run(scenario())


def apply_edit(text: str, edits: list[types.TextEdit]) -> str:
    """Apply whole-line TextEdits (what the server sends) to ``text``."""
    lines = text.splitlines(keepends=True)
    for edit in sorted(edits, key=lambda e: e.range.start.line, reverse=True):
        assert edit.range.start.character == 0 and edit.range.end.character == 0
        lines[edit.range.start.line:edit.range.end.line] = [edit.new_text]
    return "".join(lines)
