"""Split an article's text into paragraphs, for both shapes real files come in: one paragraph per line (web
copies) and hard-wrapped text with blank lines between paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence

_BLOCK_START = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>)")
_WRAP_MAX = 120  # hard-wrapped text is wrapped at a width no wider than this


def _wrap_width(lines: Sequence[str]) -> int | None:
    """The width text was hard-wrapped at, or None when lines are whole paragraphs (web copies)."""
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < 4:
        return None
    candidates = [n for n in lengths if n <= _WRAP_MAX]
    if not candidates:
        return None
    width = max(candidates)
    near = sum(1 for n in lengths if width - 20 <= n <= width)
    longer = sum(1 for n in lengths if n > width)
    # Wrapped text fills most of its lines close to the width; web copies have long lines beyond any width.
    return width if near >= 0.4 * len(lengths) and longer <= 0.05 * len(lengths) else None


def _continues(previous: str, line: str, width: int | None) -> bool:
    """Whether `line` continues the paragraph of `previous` within one block of text."""
    if width is None or _BLOCK_START.match(line):
        return False
    first_word = line.split(maxsplit=1)[0]
    # A greedy wrapper only breaks a line where the next word would not have fit.
    return len(previous.rstrip()) + 1 + len(first_word) > width - 2


def split_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of `text` (newlines already normalised)."""
    lines = text.split("\n")
    width = _wrap_width(lines)
    spans: list[tuple[int, int]] = []
    offset = 0
    current: tuple[int, int] | None = None
    previous = ""
    for line in lines:
        end = offset + len(line)
        if not line.strip():
            current = None
        elif current is not None and _continues(previous, line, width):
            current = (current[0], end)
            spans[-1] = current
        else:
            current = (offset, end)
            spans.append(current)
        previous = line
        offset = end + 1
    return spans


def fold(text: str) -> str:
    """Fold every run of whitespace (Unicode spaces included) to one space."""
    return " ".join(text.split())
