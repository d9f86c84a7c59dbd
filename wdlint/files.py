"""File discovery: which files a run checks, in a deterministic order.

Directories are walked in sorted order for ``.py`` and ``.pyi`` files,
notebooks (``.ipynb``) and config files (``.yaml``/``.yml``/``.json``
up to ``CONFIG_MAX_BYTES``; ``wdlint.configs`` reads only those that name an optimizer);
excludes apply to what the walk finds.  A path named on the command line is
always checked (pre-commit names files explicitly) unless ``force_exclude``.
Symlinked directories are followed once: a directory already visited (same
device and inode) is not entered again, so a link loop ends.  Files are not
opened here: reading and parsing problems become WD000 findings in the engine.
A FIFO, socket or device met by the walk is skipped (a FIFO would block the
read); named explicitly it is read, so ``wdlint check <(git show HEAD:a.py)``
works.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence

from wdlint.config import Settings

PYTHON_SUFFIXES = (".py", ".pyi")
#: Walked too: notebooks, and config files small enough to be configs (the engine's text gate decides the rest).
NOTEBOOK_SUFFIXES = (".ipynb",)
CONFIG_SUFFIXES = (".yaml", ".yml", ".json")
CONFIG_MAX_BYTES = 512 * 1024


class Discovery:
    """What ``discover`` found (a plain class: see ``wdlint.diagnostics`` on start-up)."""

    def __init__(self) -> None:
        #: (real path, display path) pairs, in order, each file once.
        self.files: list[tuple[str, str]] = []
        #: One-line problems with the paths themselves (missing, an unlistable directory).
        self.errors: list[str] = []


def discover(paths: Sequence[str], settings: Settings) -> Discovery:
    """The files to check under ``paths`` (display paths keep the spelling given)."""
    found = Discovery()
    seen_files: set[str] = set()
    visited_directories: set[tuple[int, int]] = set()

    def add(real_path: str, display_path: str, absolute: str | None = None) -> None:
        key = os.path.normcase(absolute or os.path.abspath(real_path))
        if key not in seen_files:
            seen_files.add(key)
            found.files.append((real_path, display_path))

    for given in paths:
        try:
            os.lstat(given)
        except FileNotFoundError:
            found.errors.append(f"{given}: no such file or directory")
            continue
        except OSError as error:  # a directory above it cannot be searched: say so (issue 14)
            found.errors.append(f"{given}: cannot read: {error.strerror or error}")
            continue
        if settings.force_exclude and settings.is_force_excluded(given):
            continue
        if os.path.isdir(given):
            _walk(given, given, settings, visited_directories, add, found.errors)
        else:
            # Named explicitly: checked whatever the suffix; a dangling link or
            # an unreadable file becomes a WD000 finding when it is read.
            add(given, given)
    return found


def _walk(
    directory: str, display: str, settings: Settings, visited: set[tuple[int, int]], add, errors: list[str]
) -> None:
    try:
        info = os.stat(directory)
    except OSError:
        return
    identity = (info.st_dev, info.st_ino)
    if identity in visited:
        return
    visited.add(identity)
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        # Files we were asked to check but cannot list: an error, not a silent pass.
        errors.append(f"{display}: cannot read directory: {error.strerror or error}")
        return
    base = os.path.abspath(directory)  # once per directory, not per entry
    for entry in entries:
        absolute = os.path.join(base, entry.name)
        if settings.is_excluded(absolute):
            continue
        child_display = os.path.join(display, entry.name)
        if _is_directory(entry):
            _walk(entry.path, child_display, settings, visited, add, errors)
        elif _looks_like_python(entry.name) and _may_be_source(entry):
            add(entry.path, child_display, absolute)
        elif _is_document(entry):
            add(entry.path, child_display, absolute)


def _is_directory(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:  # a link loop (ELOOP) or a permission problem: not a directory we can walk
        return False


def _may_be_source(entry: os.DirEntry) -> bool:
    """False for a FIFO, socket or device found by the walk: reading a FIFO would block forever.

    A link that cannot be followed (dangling, a loop) stays: it is a WD000 when read.
    """
    try:
        return stat.S_ISREG(entry.stat(follow_symlinks=True).st_mode)
    except OSError:
        return True


def _is_document(entry: os.DirEntry) -> bool:
    """A notebook, or a config file (YAML/TOML/JSON) small enough to be one: data files are not read."""
    name = entry.name
    if name.endswith(NOTEBOOK_SUFFIXES):
        return _may_be_source(entry)
    if not name.endswith(CONFIG_SUFFIXES):
        return False
    try:
        info = entry.stat(follow_symlinks=True)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= CONFIG_MAX_BYTES


def _looks_like_python(name: str) -> bool:
    return name.endswith(PYTHON_SUFFIXES)
