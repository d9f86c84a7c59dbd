"""Bytes outside the edits stay the file's own, by construction.

libcst writes back what it parsed almost exactly, but not quite: a CR-only
file loses its last CR, a form feed starting a line can go, blank lines
before a whitespace-only last line collapse; and wdlint hands libcst a
prepared text (``wdlint.validity``: long literals replaced, indentation form
feeds dropped).  So a fix is never written as libcst prints it: the lines the
fix did not touch are taken from the original file, byte for byte (their
line endings, form feeds, trailing whitespace), and only the lines the fix
rewrote come from libcst, with the placeholders put back, each ended as the
original line before it (a file that mixes line endings is fixed on LF lines).

Which lines the fix touched is a line diff between the text the fix started
from and the text it produced (Myers' algorithm on line contents: linear in
the file plus the square of the number of changed lines; past a bound the
changed region is taken whole).
"""

from __future__ import annotations

from wdlint.source import split_lines_keeping_ends
from wdlint.validity import Prepared

#: Past this many changed lines the diff stops refining (the region between the first and last change is taken whole).
MAX_CHANGED_LINES = 2_000


def keep_outside_edits(original: str, prepared: Prepared, fixed: str, round_trip: str | None = None) -> str:
    """``fixed`` (libcst's output for ``prepared.text``) with every untouched line as ``original`` has it.

    ``round_trip`` is libcst's output for ``prepared.text`` unchanged.  Two
    diffs: the prepared text against the round trip (libcst's own losses:
    a line is matched without its line break and form feeds), then the round
    trip against the fix (both libcst's writing, so compared exactly).  A
    line the fix left is written as the original has it; a line libcst lost
    between two untouched lines is put back.
    """
    before = split_lines_keeping_ends(original)
    analysed = split_lines_keeping_ends(prepared.text)
    after = split_lines_keeping_ends(fixed)
    if len(before) != len(analysed):
        return _with_final_line_break(prepared.restore(fixed), original)
    if round_trip is None:
        round_trip = prepared.text
    written = split_lines_keeping_ends(round_trip)
    to_original: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in _line_diff([_key(line) for line in analysed], [_key(line) for line in written]):
        if tag == "equal":
            to_original.update((j1 + k, i1 + k) for k in range(i2 - i1))
    out: list[str] = []
    last = -1  # the last original line written or consumed by an edit
    prefix = None
    for tag, i1, i2, j1, j2 in _line_diff(written, after):
        if tag == "equal":
            for index in range(i1, i2):
                line = to_original.get(index)
                if line is None:
                    out.append(prepared.restore(written[index]))
                    continue
                out += before[last + 1 : line]  # lines libcst lost between untouched ones
                out.append(before[line])
                last = max(last, line)
        elif tag == "delete":
            consumed = [to_original[index] for index in range(i1, i2) if index in to_original]
            if consumed:
                prefix = prepared.indents.get(consumed[0] + 1)
                last = max(last, consumed[-1])
        else:
            lines = [prepared.restore(line) for line in after[j1:j2]]
            if prefix and lines and lines[0].startswith(prefix[1]):
                lines[0] = prefix[0] + lines[0][len(prefix[1]) :]  # the indentation as the file wrote it
            prefix = None
            out += _ended_like(lines, _line_ended_before(before, last), out[-1] if out else "")
    mapped = set(to_original.values())
    if not any(index in mapped for index in range(last + 1, len(before))):
        out += before[last + 1 :]  # lines libcst lost at the end
    return _with_final_line_break("".join(out), original)


def _line_ended_before(lines: list[str], index: int) -> str:
    """``lines[index]``, or the line before it where it ends the file without a line break (the first line at -1)."""
    if not lines:
        return ""
    index = max(index, 0)
    if index and not lines[index].endswith(("\r", "\n")):
        index -= 1
    return lines[index]


def _ended_like(lines: list[str], neighbour: str, previous: str) -> list[str]:
    """Rewritten lines ended as the original line before them (``neighbour``), not as libcst ended them.

    A file that mixes line endings is fixed on LF lines (``fix.apply``).  A
    blank line right after a lone CR ends in a CR: an LF there would make
    the two one CRLF line.
    """
    ending = neighbour[len(neighbour.rstrip("\r\n")) :]
    ended = []
    for line in lines:
        body = line.rstrip("\r\n")
        own = line[len(body) :]
        if own and ending:
            own = ending
        if own and not body and previous.endswith("\r") and own != "\r":
            own = "\r"
        previous = body + own
        ended.append(previous)
    return ended


def _key(line: str) -> str:
    """A line as compared: without its line break and form feeds (what libcst may drop)."""
    return line.rstrip("\r\n").replace("\f", "")


def _with_final_line_break(text: str, original: str) -> str:
    """A last line break the original had and libcst dropped (CR-only files) put back."""
    if original.endswith(("\r", "\n")) and text and not text.endswith(("\r", "\n")):
        ending = "\r\n" if original.endswith("\r\n") else original[-1]
        return text + ending
    return text


def _line_diff(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes turning ``a`` into ``b`` (common prefix and suffix first, Myers between)."""
    n, m = len(a), len(b)
    start = 0
    while start < n and start < m and a[start] == b[start]:
        start += 1
    end_a, end_b = n, m
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    opcodes: list[tuple[str, int, int, int, int]] = []
    if start:
        opcodes.append(("equal", 0, start, 0, start))
    if (end_a, end_b) != (start, start):
        middle = _myers(a[start:end_a], b[start:end_b])
        if middle is None:
            middle = [("replace" if end_a > start and end_b > start else ("delete" if end_a > start else "insert"),
                       0, end_a - start, 0, end_b - start)]
        opcodes += [(tag, i1 + start, i2 + start, j1 + start, j2 + start) for tag, i1, i2, j1, j2 in middle]
    if end_a < n:
        opcodes.append(("equal", end_a, n, end_b, m))
    return _merged(opcodes)


def _myers(a: list[str], b: list[str]):
    """Opcodes of a shortest edit script, or None past ``MAX_CHANGED_LINES`` edits."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return [("delete", 0, n, 0, 0)] if n else [("insert", 0, 0, 0, m)]
    offset = MAX_CHANGED_LINES + 1
    frontier = [0] * (2 * offset + 2)
    history: list[list[int]] = []
    found = None
    for d in range(min(MAX_CHANGED_LINES, n + m) + 1):
        history.append(frontier[:])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and frontier[offset + k - 1] < frontier[offset + k + 1]):
                x = frontier[offset + k + 1]
            else:
                x = frontier[offset + k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            frontier[offset + k] = x
            if x >= n and y >= m:
                found = d
                break
        if found is not None:
            break
    if found is None:
        return None
    # Walk back through the saved frontiers to recover the path.
    moves: list[tuple[str, int, int]] = []
    x, y = n, m
    for d in range(found, 0, -1):
        previous = history[d]
        k = x - y
        if k == -d or (k != d and previous[offset + k - 1] < previous[offset + k + 1]):
            previous_k = k + 1
        else:
            previous_k = k - 1
        previous_x = previous[offset + previous_k]
        previous_y = previous_x - previous_k
        while x > previous_x and y > previous_y:
            x -= 1
            y -= 1
            moves.append(("equal", x, y))
        if d > 0:
            if x == previous_x:
                moves.append(("insert", x, previous_y))
            else:
                moves.append(("delete", previous_x, y))
        x, y = previous_x, previous_y
    while x > 0 and y > 0:
        x -= 1
        y -= 1
        moves.append(("equal", x, y))
    moves.reverse()
    opcodes: list[tuple[str, int, int, int, int]] = []
    for tag, i, j in moves:
        di, dj = (1, 1) if tag == "equal" else ((0, 1) if tag == "insert" else (1, 0))
        opcodes.append((tag, i, i + di, j, j + dj))
    return opcodes


def _merged(opcodes):
    """Adjacent opcodes of one kind joined (a delete stays apart from the insert after it)."""
    merged: list[list] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 == i2 and j1 == j2:
            continue
        if merged:
            last = merged[-1]
            if last[0] == tag:
                last[2], last[4] = i2, j2
                continue
        merged.append([tag, i1, i2, j1, j2])
    return [tuple(op) for op in merged]
