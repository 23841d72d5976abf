"""Wrap paragraph text to a width in terminal cells, as character ranges.

Ranges rather than strings let highlights (word differences, descriptors, search hits, notes), which are
character spans of the paragraph, be painted onto any wrapped line. Widths are measured in cells, so CJK
characters and emoji take two columns and zero-width or combining characters none.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

_TOKEN = re.compile(r"\S+|\s+")


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _chop(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Split one over-long word into lines of at most `width` cells."""
    out, line_start, used = [], start, 0
    for k in range(start, end):
        w = _width(text[k])
        if used + w > width and k > line_start:
            out.append((line_start, k))
            line_start, used = k, 0
        used += w
    out.append((line_start, end))
    return out


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Line ranges (start, end) covering `text`, each at most `width` cells wide once trailing spaces are
    dropped. An empty text is one empty line."""
    width = max(1, width)
    if _width(text) <= width:
        return [(0, len(text))]
    lines: list[tuple[int, int]] = []
    start, used = 0, 0
    for m in _TOKEN.finditer(text):
        a, b = m.span()
        if text[a].isspace():
            used += _width(m.group(0))
            continue
        w = _width(m.group(0))
        if used + w > width and a > start:
            lines.append((start, a))
            start, used = a, 0
        if w > width:
            pieces = _chop(text, a, b, width)
            lines += pieces[:-1]
            start = pieces[-1][0]
            used = _width(text[start:b])
            continue
        used += w
    lines.append((start, len(text)))
    return lines
