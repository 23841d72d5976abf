"""Excerpts of article text in quotation marks, for lists, dialogs and memos."""

from __future__ import annotations

DOUBLE_MARKS = ('"', "“", "”", "„", "«", "»")


def shortened(text: str, limit: int | None = None) -> str:
    """The text, cut to `limit` characters with an ellipsis when it is longer."""
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def quoted(text: str, limit: int | None = None) -> str:
    """The text in curly double quotation marks; in single ones when it holds double marks itself (a quote
    within a quote), so an excerpt that starts with a quotation never opens with two double marks."""
    text = shortened(text, limit)
    if any(mark in text for mark in DOUBLE_MARKS):
        return f"‘{text}’"
    return f"“{text}”"
