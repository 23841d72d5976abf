"""The document types every layer shares: a loaded article, its paragraphs and their roles.

This module imports nothing of the project, so loading, analysis, notes and the app can all depend on it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class LoadError(Exception):
    """An article could not be loaded; the message is one line fit for a user."""


class Role(str, Enum):
    TITLE = "title"
    BYLINE = "byline"
    CAPTION = "caption"
    SUBHEAD = "subhead"  # a short heading between body paragraphs ("What happens next?")
    BODY = "body"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True)
class Paragraph:
    index: int
    text: str  # the file's text with whitespace folded
    role: Role
    start: int  # span of the paragraph in Document.text
    end: int

    @property
    def linkable(self) -> bool:
        return self.role is not Role.BOILERPLATE


@dataclass(frozen=True)
class Document:
    text: str  # decoded, sanitised, newlines normalised
    paragraphs: tuple[Paragraph, ...]
    path: Path | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = field(default=())
    metadata: tuple[tuple[str, str], ...] = field(default=())  # from Markdown front matter: (key, value)

    @property
    def title(self) -> str:
        for p in self.paragraphs:
            if p.role is Role.TITLE:
                return p.text
        return self.path.stem if self.path else ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def body(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.role is Role.BODY]

    def raw_offset(self, paragraph: int, offset: int) -> int:
        """Where character `offset` of a paragraph's folded text sits in `text` (the text as loaded)."""
        p = self.paragraphs[paragraph]
        raw = self.text[p.start : p.end]
        folded = 0
        k = len(raw) - len(raw.lstrip())
        while k < len(raw) and folded < offset:
            if raw[k].isspace():
                while k < len(raw) and raw[k].isspace():
                    k += 1
            else:
                k += 1
            folded += 1
        return p.start + k
