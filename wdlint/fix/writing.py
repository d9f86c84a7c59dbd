"""Writing fixed files: atomically, with their permissions, or as a diff.

A fixed file is written to a temporary file beside it, flushed to disk,
given the original's mode, then moved over it with ``os.replace``: a crash
leaves either the old file or the new one, never half of one.  A read-only
file is refused (``os.replace`` would happily replace it, since only the
directory's permissions count).
"""

from __future__ import annotations

import difflib
import io
import os
import re
import stat
import tempfile
import tokenize

_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def write_atomically(path: str, data: bytes, expected: bytes | None = None) -> str | None:
    """Replace ``path`` with ``data``; a one-line reason when it cannot be done.

    ``expected``: the bytes the fix was computed from.  The file is read
    again right before the replace; if it changed meanwhile (an editor saved
    it) or went away, nothing is written: the user's edit is never lost and
    a deleted file is not re-created.  A file with several hard links is
    rewritten in place (same inode, every link sees the fix) after the same
    check, since a replace would split it from its other names.
    """
    real = os.path.realpath(path)
    try:
        status = os.stat(real)
    except FileNotFoundError:
        return "not written: the file was deleted since it was read"
    except OSError as error:
        return f"cannot write: {error.strerror or error}"
    if not stat.S_ISREG(status.st_mode):
        return "cannot write: not a regular file"
    if not status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(real, os.W_OK):
        return "cannot write: the file is read-only"
    if status.st_nlink > 1:
        return _write_in_place(real, data, expected)
    directory = os.path.dirname(real) or "."
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".wdlint-tmp", dir=directory)
    except OSError as error:
        return f"cannot write: {error.strerror or error}"
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        try:
            os.chown(temporary, status.st_uid, status.st_gid)
        except (OSError, AttributeError):
            pass  # not allowed to give it away: the mode still matches
        changed = _changed_since_read(real, expected)
        if changed is not None:
            _remove_quietly(temporary)
            return changed
        os.replace(temporary, real)
    except OSError as error:
        _remove_quietly(temporary)
        return f"cannot write: {error.strerror or error}"
    except BaseException:
        _remove_quietly(temporary)
        raise
    return None


def _changed_since_read(real: str, expected: bytes | None) -> str | None:
    """Why the file on disk is no longer the one the fix was computed from, or None."""
    if expected is None:
        return None
    try:
        with open(real, "rb") as handle:
            now = handle.read()
    except FileNotFoundError:
        return "not written: the file was deleted since it was read"
    except OSError as error:
        return f"cannot write: {error.strerror or error}"
    if now != expected:
        return "not written: the file changed on disk since it was read (run fix again)"
    return None


def _write_in_place(real: str, data: bytes, expected: bytes | None) -> str | None:
    """Rewrite a hard-linked file's own inode (a replace would break its links)."""
    changed = _changed_since_read(real, expected)
    if changed is not None:
        return changed
    try:
        with open(real, "r+b") as stream:
            stream.write(data)
            stream.truncate()
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        return f"cannot write: {error.strerror or error}"
    return None


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def unified_diff(old: bytes, new: bytes, display_path: str) -> str:
    """A ``diff -u`` of two versions of a file, in the file's encoding."""
    encoding = source_encoding(old)
    old_lines = _lines(old.decode(encoding))
    new_lines = _lines(new.decode(encoding))
    lines = difflib.unified_diff(old_lines, new_lines, f"a/{display_path}", f"b/{display_path}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def unified_diff_bytes(old: bytes, new: bytes, display_path: str) -> bytes:
    """A ``diff -u`` of the file's own bytes, as ``patch -p1`` and ``git apply`` read it (issue 14).

    Lines are split at LF only, as those tools split them: a CR-only file is
    one line, a CRLF line keeps its CR, and a latin-1 or BOM file's bytes go
    into the patch unchanged (no decoding, no re-encoding).
    """
    old_lines, new_lines = _at_lf(old), _at_lf(new)
    name = os.fsencode(display_path)
    out = []
    for line in difflib.diff_bytes(difflib.unified_diff, old_lines, new_lines, b"a/" + name, b"b/" + name):
        out.append(line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n")
    return b"".join(out)


def _at_lf(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    result = [line + b"\n" for line in lines[:-1]]
    if lines[-1]:
        result.append(lines[-1])
    return result


def _lines(text: str) -> list[str]:
    """Physical lines with their endings (``str.splitlines`` also breaks at form feeds)."""
    return _PHYSICAL_LINE.findall(text)


def source_encoding(source: bytes) -> str:
    """The encoding a file's bytes declare (PEP 263, BOM), else UTF-8: what it is written back in."""
    try:
        return tokenize.detect_encoding(io.BytesIO(source).readline)[0]
    except SyntaxError:
        return "utf-8"
