"""The result cache, ruff's way: findings per file content, in ``.wdlint_cache/``.

An entry is keyed by a hash of the file's bytes; the cache file it lives in
is keyed by everything else that changes findings: wdlint's version (and,
so that an editable install never serves stale results, the size and mtime
of wdlint's own modules) and the analysis settings (extra optimizers,
``--disable-noqa``).  Selection (``select``/``ignore``/per-file-ignores) is
applied after the cache, so changing it needs no new analysis.  Entries
hold findings without their path: a file renamed or copied is still a hit.

The directory is created beside the configuration in use (or in the working
directory), with a ``.gitignore`` of ``*`` and a ``CACHEDIR.TAG``, as ruff
does; ``--no-cache`` skips it, ``WDLINT_CACHE_DIR`` moves it.  A cache that
cannot be read or written is ignored: it only ever costs a re-analysis.
"""

from __future__ import annotations

import marshal
import os

try:  # the builtin module hashlib's blake2b comes from, without loading OpenSSL (milliseconds of start-up)
    from _blake2 import blake2b
except ImportError:  # not CPython
    from hashlib import blake2b

from wdlint import __version__
from wdlint.diagnostics import Diagnostic

CACHE_DIRECTORY = ".wdlint_cache"
_GITIGNORE = "# Automatically created by wdlint.\n*\n"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by wdlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_FORMAT = 1
#: Entries kept at most, least recently written dropped first: one per file content ever seen
#: would grow without end, and a run over a few files (pre-commit) must not drop the others.
MAX_ENTRIES = 100_000


def content_key(source: bytes, path: str = "") -> bytes:
    """The key of one file's entry: a hash of its bytes and of how they are read.

    The same bytes are read differently as a notebook, a config or Python
    source (by the path's suffix), so the suffix is part of the key.
    """
    kind = os.path.splitext(path)[1].lower().encode() if path.endswith((".ipynb", ".yaml", ".yml", ".json")) else b".py"
    return blake2b(kind + b"\0" + source, digest_size=16).digest()


def cache_directory(root: str) -> str:
    return os.environ.get("WDLINT_CACHE_DIR") or os.path.join(root, CACHE_DIRECTORY)


class ResultCache:
    """Findings per content hash for one combination of version and analysis settings."""

    def __init__(self, directory: str, settings_key: str) -> None:
        self.directory = directory
        self.path = os.path.join(directory, __version__, f"{settings_key}.marshal")
        self._entries: dict[bytes, tuple] = {}
        self._used: dict[bytes, tuple] = {}
        self._dirty = False
        self._load()

    @classmethod
    def for_settings(cls, settings) -> ResultCache:
        options = settings.analysis_options
        parts = (
            __version__,
            _FORMAT,
            _code_fingerprint(),
            options.extra_coupled_optimizers,
            options.extra_decoupled_optimizers,
            settings.disable_noqa,
        )
        key = blake2b(repr(parts).encode(), digest_size=12).hexdigest()
        return cls(cache_directory(settings.root), key)

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                entries = marshal.load(handle)
        except (OSError, EOFError, ValueError, TypeError):
            return
        if isinstance(entries, dict):
            self._entries = entries

    def get(self, key: bytes, path: str) -> list[Diagnostic] | None:
        """The findings cached for this content, with ``path`` as their path; None on a miss."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._used[key] = entry
        return [Diagnostic(path, *row[1:], cell=row[0]) for row in entry]

    def put(self, key: bytes, diagnostics: list[Diagnostic]) -> None:
        entry = tuple(
            (d.cell, d.line, d.column, d.end_line, d.end_column, d.code, d.message, d.fixable) for d in diagnostics
        )
        self._used[key] = entry
        self._dirty = True

    def save(self) -> None:
        """Write the cache atomically when this run added entries; never fails.

        Entries of files not seen in this run are kept (a run over a few files
        must not empty the cache), oldest first, up to ``MAX_ENTRIES``.
        """
        if not self._dirty:
            return
        merged = {key: entry for key, entry in self._entries.items() if key not in self._used}
        merged.update(self._used)
        if len(merged) > MAX_ENTRIES:
            merged = dict(list(merged.items())[-MAX_ENTRIES:])
        try:
            _prepare(self.directory)
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            import tempfile

            handle, temporary = tempfile.mkstemp(dir=os.path.dirname(self.path), suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    marshal.dump(merged, stream)
                os.replace(temporary, self.path)
            except BaseException:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass
                raise
        except OSError:
            pass


def _prepare(directory: str) -> None:
    """Create the cache directory with its ``.gitignore`` and ``CACHEDIR.TAG``."""
    os.makedirs(directory, exist_ok=True)
    for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)


def _code_fingerprint() -> tuple:
    """Size and mtime of wdlint's own modules: a changed rule never reads an old entry."""
    package = os.path.dirname(os.path.abspath(__file__))
    fingerprint = []
    for directory, subdirectories, files in os.walk(package):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                try:
                    info = os.stat(os.path.join(directory, name))
                except OSError:
                    continue
                fingerprint.append((name, info.st_size, info.st_mtime_ns))
    return tuple(fingerprint)
