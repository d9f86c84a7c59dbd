"""Is this file Python?  The running interpreter decides; libcst only analyses.

``compile`` is the judge: a file CPython rejects gets one WD000 (with
CPython's message and position) and is never analysed, however forgiving
libcst is (a doubled BOM, ``b'ä'``, ``'\\N{nosuchname}'``, ``[*a for a in
b]``); a file CPython accepts is analysed, and where libcst cannot read it
the WD000 says that the two disagree instead of calling the file invalid.

Before either parser sees a file, ``prepare`` takes away what cannot hold a
finding and costs the most: long data literals (a list of a million numbers
on one line) and long runs of implicitly concatenated strings are replaced
by a placeholder of the same length (every later line and column stays
where it was), and form feeds in a line's indentation, which CPython
resets the column at and libcst misreads, are dropped for libcst.  A data
literal is replaced only where a strict pattern proves it valid Python on
its own, so CPython's verdict on the prepared text is its verdict on the
file.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache

from wdlint.diagnostics import Diagnostic

#: A literal shorter than this stays: parsing it costs less than finding it.
MIN_LITERAL_CHARACTERS = 2_000
#: Placeholders are ``(0xd1a7_<n>   )``: an int literal in parentheses, never a valid target.
_PLACEHOLDER_PREFIX = "0xd1a7_"
_PLACEHOLDER = re.compile(r"\(0xd1a7_([0-9a-f]+)[ \t\r\n]*\)")

_BLANK = r"[ \t\f]"
_SPACE = r"[ \t\f\r\n]"
_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?)?"
_STRING = r"""(?:'[^'\\\r\n]*'|"[^"\\\r\n]*")"""
_WORD = r"(?:True|False|None)(?![A-Za-z0-9_])"
_SCALAR = rf"(?:{_NUMBER}|{_STRING}|{_WORD})"
_FLAT_LIST = rf"\[{_SPACE}*(?:{_SCALAR}(?:{_SPACE}*,{_SPACE}*{_SCALAR})*{_SPACE}*,?)?{_SPACE}*\]"
_FLAT_TUPLE = rf"\({_SPACE}*(?:{_SCALAR}(?:{_SPACE}*,{_SPACE}*{_SCALAR})*{_SPACE}*,?)?{_SPACE}*\)"
_ITEM = rf"(?:{_SCALAR}|{_FLAT_LIST}|{_FLAT_TUPLE})"
_PAIR = rf"(?:{_SCALAR}{_SPACE}*:{_SPACE}*{_ITEM})"
# A display is matched a thousand elements at a time: one regex over millions of elements keeps
# backtracking state per element (gigabytes); chunks keep it small.
_CHUNK = 1000


class _DisplayPatterns:
    """The regexes that read a data display, compiled on first use: some 14 ms, and most files
    hold no literal long enough to need them."""

    def __init__(self) -> None:
        self.items = re.compile(rf"(?:{_SPACE}*{_ITEM}{_SPACE}*,){{1,{_CHUNK}}}")
        self.pairs = re.compile(rf"(?:{_SPACE}*{_PAIR}{_SPACE}*,){{1,{_CHUNK}}}")
        self.strings = re.compile(rf"(?:{_SPACE}+{_STRING}){{1,{_CHUNK}}}")
        self.blank_strings = re.compile(rf"(?:{_BLANK}+{_STRING}){{1,{_CHUNK}}}")
        self.last_item = {
            "[": re.compile(rf"{_SPACE}*(?:{_ITEM}{_SPACE}*)?\]"),
            "(": re.compile(rf"{_SPACE}*(?:{_ITEM}{_SPACE}*)?\)"),
            "{": re.compile(rf"{_SPACE}*(?:{_PAIR}{_SPACE}*)?\}}"),
        }
        self.first_string = re.compile(_STRING)
        self.close_strings = re.compile(rf"{_SPACE}*\)")
        self.strings_end = re.compile(rf"(?!{_BLANK}*[A-Za-z0-9_'\"(\[.])")


@lru_cache(maxsize=1)
def _display_patterns() -> _DisplayPatterns:
    return _DisplayPatterns()


class _Match:
    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def end(self) -> int:
        return self._end

    def group(self, _index: int = 0) -> str:
        return self._text[self._start : self._end]


class _Data:
    """A data display or a run of plain strings at a position (see ``_data_end``), as a match."""

    @staticmethod
    def match(text: str, start: int):
        end = _data_end(text, start)
        return None if end is None else _Match(start, end, text)


_DATA = _Data()


def _data_end(text: str, start: int) -> int | None:
    """End of the data literal starting at ``start``: a list/tuple of scalars or flat lists/tuples, a
    dict of scalar keys, or implicitly concatenated plain strings; None when there is none."""
    opening = text[start]
    patterns = _display_patterns()
    if opening in "'\"":
        first = patterns.first_string.match(text, start)
        if first is None:
            return None
        position, runs = first.end(), 0
        while (more := patterns.blank_strings.match(text, position)) is not None:
            position, runs = more.end(), runs + 1
        return position if runs and patterns.strings_end.match(text, position) else None
    position = start + 1
    chunks = patterns.pairs if opening == "{" else patterns.items
    while (more := chunks.match(text, position)) is not None:
        position = more.end()
    last = patterns.last_item[opening].match(text, position)
    if last is not None:
        if opening != "(" or position > start + 1:
            return last.end()
    if opening == "(":
        first = patterns.first_string.match(text, _skip_space(text, start + 1))
        if first is not None:
            position, runs = first.end(), 0
            while (more := patterns.strings.match(text, position)) is not None:
                position, runs = more.end(), runs + 1
            close = patterns.close_strings.match(text, position)
            if runs and close is not None:
                return close.end()
    return None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\f\r\n":
        position += 1
    return position


_OPENING = re.compile(r"[\[({'\"]")
#: What may come right before a display that is an expression (not a subscript, call or prefix).
_EXPRESSION_BEFORE = set("=([{,:+-*/%&|^~<>!@;")
_KEYWORDS_BEFORE = {"return", "in", "yield", "else", "and", "or", "not", "is", "assert", "await", "lambda", "if", "elif", "while", "from"}
_WORD_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)$")


@dataclass
class Prepared:
    """The text the parsers see, and how to map it back to the file."""

    text: str
    #: Placeholder number -> the original text it stands for.
    literals: list[str] = field(default_factory=list)
    #: 1-based line -> characters removed from its start for libcst (form feeds).
    column_shift: dict[int, int] = field(default_factory=dict)
    #: The text before form feeds were dropped (what CPython judges).
    compiled_text: str = ""
    #: 1-based line -> (0-based column after a placeholder, characters the literal had more).
    literal_moves: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    #: 1-based line -> (its indentation in the file, as libcst was shown it).
    indents: dict[int, tuple[str, str]] = field(default_factory=dict)

    def original_column(self, line: int, column: int) -> int:
        """The 0-based ``column`` of ``line`` in this text, as a column of the file."""
        column += self.column_shift.get(line, 0)
        return column + sum(removed for after, removed in self.literal_moves.get(line, ()) if after <= column)

    def restore(self, text: str) -> str:
        """``text`` (derived from ``self.text``) with every placeholder back to its literal."""
        if not self.literals or _PLACEHOLDER_PREFIX not in text:
            return text
        return _PLACEHOLDER.sub(lambda match: self.literals[int(match.group(1), 16)], text)


def prepare(text: str) -> Prepared:
    """``text`` with long data literals replaced, indentation form feeds dropped and a final continuation
    shown as CPython reads it (see the module doc)."""
    literals: list[str] = []
    moves: dict[int, list[tuple[int, int]]] = {}
    if len(text) >= MIN_LITERAL_CHARACTERS and _PLACEHOLDER_PREFIX not in text:
        text = _replace_literals(text, literals, moves)
    compiled = text
    text, shifts, indents = _drop_form_feeds(text)
    if text.endswith("\\\r\n"):
        # CPython accepts a backslash before a final CRLF (it joins nothing); libcst's tokenizer stops
        # there ("unexpected end of file after a line continuation"): it is shown a space instead.
        text = text[:-3] + " \r\n"
    return Prepared(text, literals, shifts, compiled, moves, indents)


def _replace_literals(text: str, literals: list[str], moves: dict[int, list[tuple[int, int]]]) -> str:
    """``text`` with each long data literal replaced by ``(0xd1a7_<n>)`` holding the literal's line breaks.

    Every later line keeps its number; what follows on a literal's last line
    moves left, which ``moves`` records (line -> (column after the
    placeholder, characters removed)).  Padding to the literal's length is no
    option: libcst spends about 160 bytes per character of whitespace.
    """
    pieces: list[str] = []
    ends: list[tuple[int, int]] = []  # (offset in the output after the placeholder, characters removed from that line)
    length = 0
    position = 0
    search_from = 0
    while True:
        opening = _OPENING.search(text, search_from)
        if opening is None:
            break
        start = opening.start()
        match = _DATA.match(text, start)
        if match is None or match.end() - start < MIN_LITERAL_CHARACTERS or not _is_expression_start(text, start):
            search_from = start + 1 if match is None else match.end()
            continue
        original = match.group(0)
        index = len(literals)
        literals.append(original)
        breaks = "".join(_LINE_BREAKS.findall(original))
        placeholder = f"({_PLACEHOLDER_PREFIX}{index:x}{breaks})"
        before = text[position:start]
        pieces += [before, placeholder]
        length += len(before) + len(placeholder)
        last_segment = len(original) - max(original.rfind("\n"), original.rfind("\r")) - 1
        placeholder_segment = len(placeholder) - max(placeholder.rfind("\n"), placeholder.rfind("\r")) - 1
        ends.append((length, last_segment - placeholder_segment))
        position = search_from = match.end()
    if not literals:
        return text
    pieces.append(text[position:])
    replaced = "".join(pieces)
    if ends:
        import bisect

        line_starts = [0] + [m.end() for m in _LINE_BREAKS.finditer(replaced)]
        for offset, removed in ends:
            line = bisect.bisect_right(line_starts, offset - 1)
            moves.setdefault(line, []).append((offset - line_starts[line - 1], removed))
    return replaced


_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def _is_expression_start(text: str, start: int) -> bool:
    """Whether the bracket at ``start`` opens a display (not a subscript or call), judged by what precedes it."""
    before = start - 1
    while before >= 0 and text[before] in " \t\f":
        before -= 1
    if before < 0 or text[before] in "\r\n":
        return False  # a statement of its own, or a continuation line: rare for data, left alone
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    head = text[line_start:start]
    if "#" in head or head.count("'") % 2 or head.count('"') % 2 or "\\" in head:
        return False  # maybe inside a string or a comment: leave it to the parsers
    character = text[before]
    if character in _EXPRESSION_BEFORE:
        return True
    word = _WORD_BEFORE.search(text[max(0, before - 20) : before + 1])
    return word is not None and word.group(1) in _KEYWORDS_BEFORE


def _drop_form_feeds(text: str) -> tuple[str, dict[int, int], dict[int, tuple[str, str]]]:
    """Indentation as CPython measures it, written so that libcst measures it alike.

    A form feed restarts the column (CPython): the indentation up to the last
    one is dropped.  Tabs mixed with spaces count to the next multiple of 8
    (CPython): such indentation is written as spaces, and then every tab of the
    file's indentation too.  Returns the text, the
    characters each changed line lost at its start, and its (original,
    new) indentation.
    """
    shifts: dict[int, int] = {}
    indents: dict[int, tuple[str, str]] = {}
    if "\f" not in text and "\t" not in text:
        return text, shifts, indents
    from wdlint.source import split_lines_keeping_ends

    lines = split_lines_keeping_ends(text)
    # Where one line mixes tabs with spaces, every tab in indentation is written as spaces: libcst
    # cannot match a block indented by a tab with one indented by the spaces a mixed line became.
    mixed = any("\t" in indentation and " " in indentation for indentation in map(_effective_indentation, lines))
    for number, line in enumerate(lines, 1):
        match = _INDENTATION.match(line)
        original = match.group(0)
        if not original or match.end() >= len(line.rstrip("\r\n")):
            continue  # no indentation, or a blank line: it indents nothing
        indentation = original[original.rfind("\f") + 1 :]
        if "\t" in indentation and (mixed or " " in indentation):
            column = 0
            for character in indentation:
                column = (column // 8 + 1) * 8 if character == "\t" else column + 1
            indentation = " " * column
        if indentation != original:
            lines[number - 1] = indentation + line[len(original) :]
            shifts[number] = len(original) - len(indentation)
            indents[number] = (original, indentation)
    return "".join(lines), shifts, indents


_INDENTATION = re.compile(r"[ \t\f]*")


def _effective_indentation(line: str) -> str:
    """A line's indentation after its last form feed (where CPython restarts the column)."""
    indentation = _INDENTATION.match(line).group(0)
    return indentation[indentation.rfind("\f") + 1 :]


# -- the verdict -------------------------------------------------------------------------


def python_rejects(text: str, path: str) -> Diagnostic | None:
    """CPython's WD000 for ``text`` (compiled, not just parsed), or None when it compiles."""
    from wdlint.engine import unreadable

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        message = error.msg or "invalid syntax"
        return unreadable(path, f"cannot parse: {message}", error.lineno or 1, max(1, error.offset or 1))
    except RecursionError:
        return unreadable(path, "cannot parse: too deeply nested for Python's compiler (RecursionError)")
    except MemoryError:
        return unreadable(path, "cannot parse: Python's compiler ran out of memory (MemoryError)")
    except ValueError as error:  # "source code string cannot contain null bytes"
        return unreadable(path, f"cannot parse: {error}")
    return None


def libcst_disagrees(path: str, reason: str, line: int = 1, column: int = 1) -> Diagnostic:
    """The WD000 of a file Python accepts and libcst cannot read: said as such."""
    from wdlint.engine import unreadable

    return unreadable(
        path, f"not analysed: Python accepts this file but libcst, which wdlint analyses with, cannot parse it ({reason})", line, column
    )


def shift_columns(diagnostics: list[Diagnostic], prepared: Prepared) -> list[Diagnostic]:
    """Diagnostics found in ``prepared.text`` placed in the file (form feeds and literals put back)."""
    if not prepared.column_shift and not prepared.literal_moves:
        return diagnostics
    return [
        d._replace(
            column=prepared.original_column(d.line, d.column - 1) + 1,
            end_column=prepared.original_column(d.end_line, d.end_column - 1) + 1,
        )
        for d in diagnostics
    ]


#: path -> the clock started when its verdict was asked (read once, by ``parsed``).
_clocks: dict = {}


def analysable(text: str, path: str, tree=None):
    """``(Prepared, ast tree)`` for a file CPython parses, else its WD000.

    The ``ast`` tree (which the candidates and the pruning read) is CPython's
    parse of the prepared text.  What only the compiler checks (``return``
    outside a function, ``nonlocal`` at module level...) is asked of that
    tree by ``python_rejects`` once ``ast`` has shown that a rule may report
    in the file (the engine does): compiling costs two thirds of the parse,
    and a file no rule can report in is the general linter's.
    ``tree``: the caller's ``ast`` parse of ``text`` (flake8's), reused when
    the prepared text is the text itself.
    """
    import ast

    from wdlint import budget

    clock = budget.Clock()
    prepared = prepare(text)
    if tree is not None and prepared.text == text:
        _clocks[path] = clock
        return prepared, tree
    try:
        budget.check_memory(prepared.text, budget.COMPILE_BYTES_PER_TOKEN, "Python's compiler")
    except budget.BudgetExceeded as exceeded:
        from wdlint.engine import unreadable

        return unreadable(path, exceeded.reason)
    if len(_clocks) > 1000:
        _clocks.clear()
    _clocks[path] = clock
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = compile(prepared.text, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        rejected = python_rejects(prepared.text, path)
        if rejected is not None and _plain_syntax_error(error) and _libcst_reads(prepared.text):
            rejected = _said_libcst_reads(rejected)
        return rejected or python_rejects(text, path)
    if prepared.compiled_text != prepared.text:
        # Indentation was rewritten for libcst (form feeds, tabs among spaces): CPython judges it as written
        # (a tab that makes indentation ambiguous is a TabError there, not eight columns).
        rejected = _parser_rejects(prepared.compiled_text, path)
        if rejected is not None:
            return rejected
    return prepared, tree


def _parser_rejects(text: str, path: str) -> Diagnostic | None:
    """CPython's parser's WD000 for ``text``, or None when it parses (the compiler is not asked)."""
    import ast

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return python_rejects(text, path)
    return None


def _plain_syntax_error(error: BaseException) -> bool:
    """Not past the parser's nesting or indentation limits: libcst's native parser can overflow there."""
    return type(error) is SyntaxError and not str(error.msg).startswith("too many")


def _libcst_reads(text: str) -> bool:
    import libcst

    try:
        libcst.parse_module(text)
    except Exception:
        return False
    return True


def _said_libcst_reads(rejected: Diagnostic) -> Diagnostic:
    import sys

    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return rejected._replace(
        message=f"{rejected.message} (Python {version} rejects this file, which libcst parses: "
        "syntax of a newer Python? not analysed)",
    )


def take_clock(path: str):
    """The clock started when ``path``'s verdict was asked (None if none), for the phases after the parse."""
    return _clocks.pop(path, None)


def parsed(text: str, path: str):
    """libcst's module for a text CPython accepted, or the WD000 saying that libcst disagrees."""
    import libcst

    from wdlint import budget

    try:
        budget.check_memory(text, budget.LIBCST_BYTES_PER_TOKEN, "libcst")
        clock = _clocks.get(path)
        if clock is not None:
            clock.check("libcst's parse")
    except budget.BudgetExceeded as exceeded:
        from wdlint.engine import unreadable

        return unreadable(path, exceeded.reason)
    try:
        return libcst.parse_module(text)
    except libcst.ParserSyntaxError as error:
        return libcst_disagrees(path, f"{error.message.splitlines()[0] if error.message else 'syntax error'}", error.raw_line, error.raw_column + 1)
    except RecursionError:
        return libcst_disagrees(path, "too deeply nested for libcst")
    except MemoryError:
        return libcst_disagrees(path, "out of memory")
    except Exception as error:
        return libcst_disagrees(path, f"{type(error).__name__}: {error}")
