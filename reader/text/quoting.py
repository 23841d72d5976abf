"""Excerpts of article text in quotation marks, for lists, dialogs and memos; article text made literal for a
Markdown memo or report."""

from __future__ import annotations

import re

DOUBLE_MARKS = ('"', "“", "”", "„", "«", "»")
# What Markdown would read as emphasis, code, a link, HTML or a table's column break, anywhere in a line
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|])")


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


def markdown_literal(text: str) -> str:
    """Article text as a Markdown reader shows it, character for character: "**bold**", "<b>" and "a | b"
    from an article come out as written, not as formatting or a table's columns."""
    return _MARKDOWN_INLINE.sub(r"\\\1", text)
