"""Configuration: the nearest ``.wdlint.toml``, ``wdlint.toml`` or ``pyproject.toml``, then CLI flags.

Everything resolves into one frozen ``Settings`` that the CLI, file discovery,
``wdlint fix``, the language server and (for the analysis options) the flake8
plugin share.  The semantics follow ruff: in each directory from the start
upwards, ``.wdlint.toml`` then ``wdlint.toml`` (keys at the top level, as in
``ruff.toml``) then ``pyproject.toml`` (``[tool.wdlint]``); the nearest
``pyproject.toml`` wins whether or not it has a ``[tool.wdlint]`` table;
CLI flags override the file; selectors are code
prefixes (or ``ALL``) and the more specific of ``select``/``ignore`` wins;
``per-file-ignores`` always wins.  A bad file is a one-line ``ConfigError``.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections import namedtuple
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    ".eggs",
    "*.egg-info",
    "build",
    "dist",
    "__pycache__",
    "node_modules",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".wdlint_cache",
    "site-packages",
)
#: What ``select`` starts from: every static code (WD0xx, WD1xx).
DEFAULT_SELECT = ("WD0", "WD1")
FIX_STYLES = ("inline", "helper")

_QUALIFIED_NAME = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")
_SELECTOR = re.compile(r"^WD[0-9]{0,3}$")


class ConfigError(Exception):
    """A configuration problem the user can fix; its text is one line."""


# -- selection -----------------------------------------------------------------


class SelectionLayer(namedtuple("SelectionLayer", "select extend_select ignore", defaults=(None, (), ()))):
    """One source of select/ignore (the defaults, the file, the command line): tuples of code prefixes.

    ``select=None`` keeps what earlier layers enabled; a ``select`` starts over.
    (Named tuples, not dataclasses, here: see ``wdlint.diagnostics``.)
    """

    __slots__ = ()


def _specificity(selector: str, code: str) -> int:
    """How specifically ``selector`` names ``code``; -1 when it does not."""
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else -1


def _code_enabled(layers: tuple[SelectionLayer, ...], code: str) -> bool:
    enabled = False
    for layer in layers:
        selected = max((_specificity(s, code) for s in (*(layer.select or ()), *layer.extend_select)), default=-1)
        ignored = max((_specificity(s, code) for s in layer.ignore), default=-1)
        if layer.select is not None:
            enabled = False
        # Selectors apply from least to most specific; on a tie ignore comes last.
        if selected > ignored:
            enabled = True
        elif ignored >= 0:
            enabled = False
    return enabled


# -- paths -----------------------------------------------------------------------


class PathGlob(namedtuple("PathGlob", "pattern base")):
    """A glob ``pattern`` matched against a path's basename and its path relative to ``base``.

    A leading ``!`` negates the pattern (per-file-ignores only).  ``*`` also
    matches ``/``, as in ruff's globs; ``**/`` may match no directory at all.
    """

    __slots__ = ()

    def matches(self, path: str) -> bool:
        """Whether the absolute ``path`` (a file or a directory) matches."""
        return matches_any((self,), path)


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> tuple[bool, tuple[re.Pattern[str], ...]]:
    """(is absolute, regexes) for a glob, compiled once per process."""
    pattern = pattern.replace(os.sep, "/").rstrip("/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    variants = dict.fromkeys((pattern, pattern.replace("**/", "")))
    return os.path.isabs(pattern), tuple(re.compile(fnmatch.translate(v)) for v in variants)


def matches_any(globs: Iterable[PathGlob], path: str) -> bool:
    """Whether any glob matches the absolute, normalised ``path``."""
    name = os.path.basename(path)
    relatives: dict[str, str | None] = {}
    for glob in globs:
        is_absolute, regexes = _compiled(glob.pattern)
        if is_absolute:
            candidates: tuple[str, ...] = (path.replace(os.sep, "/"),)
        else:
            if glob.base not in relatives:
                relatives[glob.base] = _relative_inside(path, glob.base)
            relative = relatives[glob.base]
            candidates = (name,) if relative is None else (name, relative)
        if any(regex.match(candidate) for regex in regexes for candidate in candidates):
            return True
    return False


class GlobSet:
    """Many globs matched as one regex per base directory: the walk tests every entry against all of them."""

    def __init__(self, globs: Iterable[PathGlob]) -> None:
        by_base: dict[tuple[bool, str], list[str]] = {}
        for glob in globs:
            is_absolute, regexes = _compiled(glob.pattern)
            by_base.setdefault((is_absolute, glob.base), []).extend(regex.pattern for regex in regexes)
        self._groups = [
            (is_absolute, base, re.compile("|".join(f"(?:{pattern})" for pattern in patterns)))
            for (is_absolute, base), patterns in by_base.items()
        ]

    def matches(self, path: str) -> bool:
        """Whether any glob matches the absolute, normalised ``path`` (as ``matches_any``)."""
        name = os.path.basename(path)
        for is_absolute, base, regex in self._groups:
            if is_absolute:
                if regex.match(path.replace(os.sep, "/")):
                    return True
                continue
            if regex.match(name):
                return True
            relative = _relative_inside(path, base)
            if relative is not None and regex.match(relative):
                return True
        return False


def _relative_inside(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` (POSIX separators), or None when not strictly inside it."""
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not path.startswith(prefix) or len(path) == len(prefix):
        return None
    return path[len(prefix):].replace(os.sep, "/")


def _ancestors_inside(path: str, root: str) -> Iterable[str]:
    """``path`` and its parent directories, stopping before ``root``."""
    current = path
    while _relative_inside(current, root) is not None:
        yield current
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent


# -- the resolved settings ---------------------------------------------------------


#: The fields of ``Settings`` and their defaults (``root`` has none).
_SETTINGS_FIELDS = {
    "root": None,  # str
    "config_path": None,  # str | None
    "selection": (SelectionLayer(select=DEFAULT_SELECT),),  # tuple[SelectionLayer, ...]
    "exclude": (),  # tuple[PathGlob, ...]
    "extend_exclude": (),  # tuple[PathGlob, ...]
    "per_file_ignores": (),  # tuple[tuple[PathGlob, tuple[str, ...]], ...]
    "fix_style": "inline",
    "decay_embeddings": True,
    "extra_coupled_optimizers": (),  # tuple[str, ...]
    "extra_decoupled_optimizers": (),  # tuple[str, ...]
    "force_exclude": False,
    "disable_noqa": False,
    # ``line-length`` from the wdlint table, or None: then the formatter's (``line_length``).
    "configured_line_length": None,  # int | None
}


class Settings(namedtuple("Settings", _SETTINGS_FIELDS, defaults=tuple(_SETTINGS_FIELDS.values())[1:])):
    """The resolved configuration for one run.

    ``root`` is the directory of the ``pyproject.toml`` in use (or the working
    directory without one); relative globs from the file are relative to it,
    globs from the command line to the working directory.  Derived answers
    (the formatter's settings, selection per code and path) are memoised in
    the instance's ``__dict__``, outside the tuple: equality ignores them.
    """

    @property
    def _cache(self) -> dict:
        return self.__dict__.setdefault("memo", {})

    @property
    def analysis_options(self):
        """The engine's ``AnalysisOptions`` (what changes the findings themselves)."""
        from wdlint.engine import AnalysisOptions

        return AnalysisOptions(self.extra_coupled_optimizers, self.extra_decoupled_optimizers)

    @property
    def line_length(self) -> int:
        """The line length fixes lay out to: wdlint's, else ruff's, black's, flake8's, else 88."""
        if self.configured_line_length is not None:
            return self.configured_line_length
        return self._formatter().line_length

    @property
    def formatter(self) -> str | None:
        """``"ruff"`` or ``"black"`` where the project formats with one; fixes then use its layout."""
        return self._formatter().formatter

    @property
    def quote(self) -> str | None:
        """The quote the project's formatter enforces, or None to follow each file's usage."""
        return self._formatter().quote

    def _formatter(self):
        if "formatter" not in self._cache:
            from wdlint.formatting import formatter_settings

            self._cache["formatter"] = formatter_settings(self.root)
        return self._cache["formatter"]

    def is_selected(self, code: str, path: str | None = None) -> bool:
        """Whether findings with ``code`` in ``path`` are reported.

        ``path`` is a display path (as given on the command line, relative to
        the working directory) or an absolute one; it matters for
        per-file-ignores.  WD000 (a file that cannot be read or parsed) is
        reported unless ignored explicitly: a narrow ``--select`` must not turn
        a broken file into a pass.
        """
        key = (code, path)
        if key not in self._cache:
            self._cache[key] = self._is_selected(code, path)
        return self._cache[key]

    def _is_selected(self, code: str, path: str | None) -> bool:
        if code == "WD000":
            enabled = not any(
                _specificity(s, code) > 0 for layer in self.selection for s in layer.ignore
            ) or _code_enabled(self.selection, code)
        else:
            enabled = _code_enabled(self.selection, code)
        if not enabled or path is None:
            return enabled
        return not any(_specificity(s, code) >= 0 for s in self.ignored_for(path))

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """The per-file-ignores selectors that apply to ``path``."""
        absolute = os.path.abspath(path)
        codes: list[str] = []
        for glob, selectors in self.per_file_ignores:
            negated = glob.pattern.startswith("!")
            target = PathGlob(glob.pattern[1:], glob.base) if negated else glob
            hit = any(target.matches(p) for p in _ancestors_inside(absolute, target.base)) or target.matches(
                absolute
            )
            if hit != negated:
                codes.extend(selectors)
        return tuple(codes)

    def is_excluded(self, path: str) -> bool:
        """Whether the absolute, normalised ``path`` (one entry: a file or directory) is excluded."""
        matcher = self._cache.get("exclude")
        if matcher is None:
            matcher = self._cache["exclude"] = GlobSet((*self.exclude, *self.extend_exclude))
        return matcher.matches(path)

    def is_force_excluded(self, path: str) -> bool:
        """Whether an explicitly named path, or a directory above it inside the root, is excluded.

        The root itself and the directories above it are never tested: a
        project checked out under ``~/build/`` is not excluded by ``build``.
        """
        absolute = os.path.abspath(path)
        if absolute == self.root or self.root.startswith(absolute.rstrip(os.sep) + os.sep):
            return False
        candidates = list(_ancestors_inside(absolute, self.root)) or [absolute]
        return any(self.is_excluded(candidate) for candidate in candidates)


# -- reading pyproject.toml ---------------------------------------------------------

_LIST_KEYS = ("select", "ignore", "extend-select", "exclude", "extend-exclude")
_OPTIMIZER_KEYS = ("extra-coupled-optimizers", "extra-decoupled-optimizers")
KNOWN_KEYS = (
    *_LIST_KEYS,
    "per-file-ignores",
    "extend-per-file-ignores",
    "fix-style",
    "decay-embeddings",
    "line-length",
    *_OPTIMIZER_KEYS,
)
#: Looked for in this order in each directory, as ruff looks for .ruff.toml, ruff.toml, pyproject.toml.
CONFIG_FILE_NAMES = (".wdlint.toml", "wdlint.toml", "pyproject.toml")


def find_config(start: str) -> str | None:
    """The first ``.wdlint.toml``, ``wdlint.toml`` or ``pyproject.toml`` in ``start`` or above it."""
    current = os.path.abspath(start)
    while True:
        for name in CONFIG_FILE_NAMES:
            candidate = os.path.join(current, name)
            if os.path.isfile(candidate):
                return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


#: The old name, kept for callers that only knew pyproject.toml.
find_pyproject = find_config


def _section(path: str) -> str:
    """How messages name the table: ``[tool.wdlint]`` in pyproject.toml, the file's top level elsewhere."""
    return "[tool.wdlint]" if os.path.basename(path) == "pyproject.toml" else "wdlint.toml"


def read_toml(path: str) -> dict:
    """A TOML file as a dict; ConfigError (one line) when it cannot be read or parsed."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:  # tomllib decodes the bytes as UTF-8 itself
        raise ConfigError(f"{path}: invalid TOML: not UTF-8: {error.reason} at byte {error.start}") from None
    except RecursionError:  # tomllib recurses per nesting level (issue 14)
        raise ConfigError(f"{path}: invalid TOML: nested too deeply to read") from None
    except (ValueError, MemoryError) as error:  # odd input tomllib does not turn into TOMLDecodeError
        raise ConfigError(f"{path}: invalid TOML: {type(error).__name__}: {error}") from None


def load_table(path: str) -> dict:
    """The raw wdlint table (empty when absent); ConfigError when unreadable.

    ``[tool.wdlint]`` of a ``pyproject.toml``; the whole document of a
    ``wdlint.toml`` / ``.wdlint.toml`` (which may also use ``[tool.wdlint]``).
    """
    data = read_toml(path)
    tool = data.get("tool", {})
    table = tool.get("wdlint", {}) if isinstance(tool, dict) else {}
    if os.path.basename(path) != "pyproject.toml" and not table:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.wdlint] must be a table")
    return table


def analysis_options_from_pyproject(path: str):
    """The ``AnalysisOptions`` of one configuration file (the flake8 plugin's part).

    The whole table is validated: a typo anywhere is a ConfigError, which the
    plugin reports rather than silently running with the defaults.
    """
    from wdlint.engine import AnalysisOptions

    values = _validated(load_table(path), path)
    return AnalysisOptions(
        tuple(values.get("extra-coupled-optimizers", ())), tuple(values.get("extra-decoupled-optimizers", ()))
    )


def _validated(table: Mapping[str, object], source: str) -> dict[str, object]:
    """Check types and values of a wdlint table; normalise selectors."""
    values: dict[str, object] = {}
    section = _section(source)
    for key, value in table.items():
        where = f"{source}: {section} {key}"
        if key not in KNOWN_KEYS:
            import difflib

            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known keys: {', '.join(KNOWN_KEYS)})"
            raise ConfigError(f"{source}: {section} unknown key {key!r}{hint}")
        values[key] = _validate_value(key, value, where)
    return values


def _validate_value(key: str, value: object, where: str) -> object:
    if key in ("select", "ignore", "extend-select"):
        return tuple(_selector(item, where) for item in _string_list(value, where))
    if key in ("exclude", "extend-exclude"):
        return tuple(_string_list(value, where))
    if key in _OPTIMIZER_KEYS:
        names = tuple(_string_list(value, where))
        for name in names:
            if not _QUALIFIED_NAME.match(name):
                raise ConfigError(f"{where}: {name!r} is not a qualified name such as 'mypkg.optim.MyAdam'")
        return names
    if key == "line-length":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 320:
            raise ConfigError(f"{where}: expected an integer from 1 to 320 (ruff's range), got {_describe(value)}")
        return value
    if key in ("per-file-ignores", "extend-per-file-ignores"):
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where}: expected a table of glob = [codes], got {_describe(value)}")
        table = []
        for glob, codes in value.items():
            where_glob = f"{where}.{glob!r}"
            table.append((str(glob), tuple(_selector(item, where_glob) for item in _string_list(codes, where_glob))))
        return tuple(table)
    if key == "fix-style":
        if value not in FIX_STYLES:
            raise ConfigError(f"{where}: expected one of {', '.join(map(repr, FIX_STYLES))}, got {_describe(value)}")
        return value
    if key == "decay-embeddings":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {_describe(value)}")
        return value
    raise AssertionError(key)  # pragma: no cover - KNOWN_KEYS and this function agree


def _string_list(value: object, where: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {_describe(value)}")
    return list(value)


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@lru_cache(maxsize=None)
def _known_codes() -> tuple[str, ...]:
    from wdlint.rules import all_rules

    return tuple(rule.code for rule in all_rules())


def _selector(item: str, where: str) -> str:
    """A code prefix that names at least one rule, or ``ALL``."""
    selector = item.strip().upper()
    if selector == "ALL":
        return selector
    if not _SELECTOR.match(selector) or not any(code.startswith(selector) for code in _known_codes()):
        raise ConfigError(f"{where}: unknown rule selector {item!r} (see `wdlint rules`)")
    return selector


# -- resolving --------------------------------------------------------------------


def _split_per_file_ignore(item: str, key: str = "per-file-ignores") -> tuple[str, tuple[str, ...]]:
    glob, separator, codes = item.rpartition(":")
    if not separator or not glob or not codes.strip():
        raise ConfigError(f"--{key}: expected GLOB:CODES, got {item!r}")
    return glob, tuple(_selector(code, f"--{key}") for code in codes.split(",") if code.strip())


def resolve_settings(
    paths: Sequence[str] = (),
    *,
    config: str | None = None,
    overrides: Mapping[str, object] | None = None,
    cwd: str | None = None,
) -> Settings:
    """Settings from the nearest ``pyproject.toml`` (or ``config``) and CLI ``overrides``.

    ``overrides`` uses the config keys (``"select"``, ``"fix-style"`` ...)
    with values already split into lists, plus ``"force-exclude"`` and
    ``"disable-noqa"``; ``"per-file-ignores"`` and ``"extend-per-file-ignores"``
    are lists of ``GLOB:CODES``.
    A key that is absent or None leaves the file's value.
    """
    cwd = os.path.abspath(cwd or os.getcwd())
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    if config is not None:
        pyproject = os.path.abspath(os.path.join(cwd, config))
        if not os.path.isfile(pyproject):
            raise ConfigError(f"--config: {config}: no such file")
    else:
        pyproject = find_config(_search_start(paths, cwd))
    file_values = _validated(load_table(pyproject), pyproject) if pyproject else {}
    root = os.path.dirname(pyproject) if pyproject else cwd

    cli_values: dict[str, object] = {}
    for key, value in overrides.items():
        if key in ("force-exclude", "disable-noqa"):
            continue
        if key in ("per-file-ignores", "extend-per-file-ignores"):
            cli_values[key] = tuple(_split_per_file_ignore(item, key) for item in value)
        elif key in ("select", "ignore", "extend-select"):
            cli_values[key] = tuple(_selector(item, f"--{key}") for item in value)
        else:
            cli_values[key] = _validate_value(key, value, f"--{key}")

    def globs(key: str) -> tuple[PathGlob, ...] | None:
        if key in cli_values:
            return tuple(PathGlob(p, cwd) for p in cli_values[key])
        if key in file_values:
            return tuple(PathGlob(p, root) for p in file_values[key])
        return None

    exclude = globs("exclude")
    if exclude is None:
        exclude = tuple(PathGlob(p, root) for p in DEFAULT_EXCLUDE)
    extend_exclude = tuple(PathGlob(p, root) for p in file_values.get("extend-exclude", ()))
    extend_exclude += tuple(PathGlob(p, cwd) for p in cli_values.get("extend-exclude", ()))

    if "per-file-ignores" in cli_values:
        per_file_ignores = tuple((PathGlob(g, cwd), c) for g, c in cli_values["per-file-ignores"])
    else:
        per_file_ignores = tuple(
            (PathGlob(glob, root), codes) for glob, codes in file_values.get("per-file-ignores", ())
        )
    # ruff's extend-per-file-ignores: added to the table in use, from the file then the command line.
    per_file_ignores += tuple(
        (PathGlob(glob, root), codes) for glob, codes in file_values.get("extend-per-file-ignores", ())
    )
    per_file_ignores += tuple(
        (PathGlob(glob, cwd), codes) for glob, codes in cli_values.get("extend-per-file-ignores", ())
    )

    selection = [SelectionLayer(select=DEFAULT_SELECT)]
    for values in (file_values, cli_values):
        if any(k in values for k in ("select", "extend-select", "ignore")):
            selection.append(
                SelectionLayer(
                    select=values.get("select"),
                    extend_select=values.get("extend-select", ()),
                    ignore=values.get("ignore", ()),
                )
            )

    def pick(key: str, default: object) -> object:
        return cli_values.get(key, file_values.get(key, default))

    return Settings(
        root=root,
        config_path=pyproject,
        selection=tuple(selection),
        exclude=exclude,
        extend_exclude=extend_exclude,
        per_file_ignores=per_file_ignores,
        fix_style=pick("fix-style", "inline"),
        decay_embeddings=pick("decay-embeddings", True),
        extra_coupled_optimizers=pick("extra-coupled-optimizers", ()),
        extra_decoupled_optimizers=pick("extra-decoupled-optimizers", ()),
        force_exclude=bool(overrides.get("force-exclude", False)),
        disable_noqa=bool(overrides.get("disable-noqa", False)),
        configured_line_length=pick("line-length", None),
    )


def _search_start(paths: Sequence[str], cwd: str) -> str:
    """Where the search for ``pyproject.toml`` starts: the common base of the paths."""
    absolute = [os.path.abspath(os.path.join(cwd, p)) for p in paths]
    if not absolute:
        return cwd
    try:
        base = os.path.commonpath(absolute)
    except ValueError:  # different drives
        return cwd
    while base and not os.path.isdir(base):
        parent = os.path.dirname(base)
        if parent == base:
            return cwd
        base = parent
    return base or cwd
