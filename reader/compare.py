"""Tie the core together: two articles in, one Comparison (documents, links, contrasts) out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.align import AlignParams, Link, align
from reader.contrast import Contrast, LoadedWord, find_contrasts
from reader.document import Document, Role, load_document

FORMAT = "diptych.compare/1"


@dataclass(frozen=True)
class Comparison:
    left: Document
    right: Document
    links: tuple[Link, ...]
    contrasts: tuple[Contrast, ...] = field(default=())
    loaded: tuple[LoadedWord, ...] = field(default=())

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.left.warnings + self.right.warnings

    def partners(self, side: str, index: int) -> list[Link]:
        """The links that touch paragraph `index` of `side` ("left" or "right")."""
        return [link for link in self.links if index in getattr(link, side)]

    def linked(self, side: str) -> set[int]:
        return {i for link in self.links for i in getattr(link, side)}

    def unmatched(self, side: str) -> list[int]:
        """Body paragraphs of one side with no counterpart: what the other article left out."""
        doc, linked = getattr(self, side), self.linked(side)
        return [p.index for p in doc.paragraphs if p.role is Role.BODY and p.index not in linked]

    def coverage(self, side: str) -> float:
        """Share of one side's body paragraphs that are linked."""
        doc = getattr(self, side)
        body = [p.index for p in doc.paragraphs if p.role is Role.BODY]
        if not body:
            return 0.0
        linked = self.linked(side)
        return sum(1 for i in body if i in linked) / len(body)


def compare_documents(left: Document, right: Document, params: AlignParams | None = None) -> Comparison:
    found = find_contrasts(left, right)
    return Comparison(
        left=left, right=right, links=tuple(align(left, right, params)), contrasts=found.entities, loaded=found.loaded
    )


def compare(left: str | Path, right: str | Path, limit: int | None = None) -> Comparison:
    """Load two article files and compare them. Raises LoadError with a user-facing message."""
    return compare_documents(load_document(left, limit), load_document(right, limit))
