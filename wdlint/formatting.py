"""The project's formatter settings, so that fixed code is code the formatter accepts.

``wdlint fix`` lays out what it writes for a line length and a quote.  Both
come from the tools the project already configures, nearest first:

* line length: wdlint's own ``line-length`` (``wdlint.config``), else ruff's
  ``line-length`` (``.ruff.toml``, ``ruff.toml``, ``[tool.ruff]``), else
  black's (``[tool.black]``), else flake8's ``max-line-length``
  (``.flake8``, ``setup.cfg``, ``tox.ini``), else 88 (black's and ruff's default);
* layout: where ruff or black formats the project (configured, or run by
  its ``.pre-commit-config.yaml``), a call whose arguments no longer fit is
  laid out one argument per line, as they would, never "hugged";
* quote: ruff's ``[format] quote-style`` (``"single"``/``"double"``;
  ``"preserve"`` follows the file), black's double quotes unless
  ``skip-string-normalization``; with no formatter configured, each file's
  usual quote.

A configuration file that cannot be read is ignored here: it is the
formatter's to report, and the fix then falls back to the defaults.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass

#: black's and ruff's default.
DEFAULT_LINE_LENGTH = 88
_RUFF_FILES = (".ruff.toml", "ruff.toml")
_FLAKE8_FILES = (".flake8", "setup.cfg", "tox.ini")


@dataclass(frozen=True)
class FormatterSettings:
    line_length: int = DEFAULT_LINE_LENGTH
    #: '"' or "'" where a formatter enforces one, None to follow each file.
    quote: str | None = None
    #: Where the line length came from (a file path), for ``--show-settings``-like messages.
    source: str | None = None
    #: "ruff" or "black" where the project formats with one (configured, or in its pre-commit hooks).
    formatter: str | None = None


def formatter_settings(start: str) -> FormatterSettings:
    """The formatter settings that apply in directory ``start``."""
    ruff = black = flake8 = None  # (line length or None, quote or None, path), nearest of each
    for directory in _upwards(start):
        if ruff is None:
            ruff = _ruff(directory)
        if black is None:
            black = _black(directory)
        if flake8 is None:
            flake8 = _flake8(directory)
        if ruff and black and flake8:
            break
    length, source = DEFAULT_LINE_LENGTH, None
    for found in (ruff, black, flake8):
        if found and found[0] is not None:
            length, source = found[0], found[2]
            break
    quote = formatter = None
    if ruff is not None:
        quote, formatter = ruff[1], "ruff"
    elif black is not None:
        quote, formatter = black[1], "black"
    else:
        formatter = _pre_commit_formatter(start)
        quote = '"' if formatter else None
    return FormatterSettings(length, quote, source, formatter)


def _pre_commit_formatter(start: str) -> str | None:
    """ruff format or black run by the project's pre-commit hooks, with their defaults."""
    for directory in _upwards(start):
        path = os.path.join(directory, ".pre-commit-config.yaml")
        if os.path.isfile(path):
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except (OSError, UnicodeDecodeError):
                return None
            if "id: ruff-format" in text:
                return "ruff"
            if "id: black" in text:
                return "black"
            return None
    return None


def _upwards(start: str):
    current = os.path.abspath(start)
    while True:
        yield current
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent


def _toml(path: str) -> dict | None:
    if not os.path.isfile(path):
        return None
    from wdlint.config import ConfigError, read_toml

    try:
        return read_toml(path)
    except ConfigError:
        return None


def _length(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _ruff(directory: str):
    for name in _RUFF_FILES:
        table = _toml(os.path.join(directory, name))
        if table is not None:
            return _ruff_values(table, os.path.join(directory, name))
    data = _toml(os.path.join(directory, "pyproject.toml"))
    tool = data.get("tool") if data else None
    if isinstance(tool, dict) and isinstance(tool.get("ruff"), dict):
        return _ruff_values(tool["ruff"], os.path.join(directory, "pyproject.toml"))
    return None


def _ruff_values(table: dict, path: str):
    format_table = table.get("format")
    style = format_table.get("quote-style", "double") if isinstance(format_table, dict) else "double"
    quote = {"double": '"', "single": "'"}.get(style)  # "preserve": follow the file
    return _length(table.get("line-length")), quote, path


def _black(directory: str):
    path = os.path.join(directory, "pyproject.toml")
    data = _toml(path)
    tool = data.get("tool") if data else None
    if not isinstance(tool, dict) or not isinstance(tool.get("black"), dict):
        return None
    black = tool["black"]
    quote = None if black.get("skip-string-normalization") or black.get("skip_string_normalization") else '"'
    return _length(black.get("line-length", black.get("line_length"))), quote, path


def _flake8(directory: str):
    for name in _FLAKE8_FILES:
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue
        if parser.has_section("flake8"):
            for key in ("max-line-length", "max_line_length"):
                if parser.has_option("flake8", key):
                    try:
                        return int(parser.get("flake8", key).strip()), None, path
                    except ValueError:
                        return None
            return None
    return None
