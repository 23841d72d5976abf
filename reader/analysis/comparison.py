"""Tie the core together: two articles in, one Comparison (documents, links, contrasts) out."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from reader.analysis.align import AlignParams, Link, align
from reader.analysis.sides import Side
from reader.text.document import Document, Role
from reader.text.loading import load_document

if TYPE_CHECKING:  # the contrast finder is imported when first used: the app shows text before it needs it
    from reader.analysis.contrast import Contrast, Contrasts, LoadedWord

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

    def document(self, side: Side) -> Document:
        return self.left if side == "left" else self.right

    def partners(self, side: Side, index: int) -> list[Link]:
        """The links that touch paragraph `index` of `side`."""
        return [link for link in self.links if index in link.on(side)]

    def linked(self, side: Side) -> set[int]:
        return {i for link in self.links for i in link.on(side)}

    def unmatched(self, side: Side) -> list[int]:
        """Body paragraphs of one side with no counterpart: what the other article left out."""
        doc, linked = self.document(side), self.linked(side)
        return [p.index for p in doc.paragraphs if p.role is Role.BODY and p.index not in linked]

    def coverage(self, side: Side) -> float:
        """Share of one side's body paragraphs that are linked."""
        doc = self.document(side)
        body = [p.index for p in doc.paragraphs if p.role is Role.BODY]
        if not body:
            return 0.0
        linked = self.linked(side)
        return sum(1 for i in body if i in linked) / len(body)


PARALLEL_FROM = 2000  # paragraphs on both sides together from which contrasts run in a second process


def compare_documents(
    left: Document,
    right: Document,
    params: AlignParams | None = None,
    parallel: bool = False,
    on_links: Callable[[Comparison], None] | None = None,
) -> Comparison:
    """Align and contrast two documents. `on_links`, when given, receives the comparison with its links and no
    contrasts yet as soon as the alignment is done, for a reader who need not wait for the contrasts. With
    `parallel` (for single-threaded callers such as the command line), long documents have their contrasts
    found in a forked process while this one aligns."""
    from reader.analysis.contrast import find_contrasts

    def aligned() -> tuple[Link, ...]:
        links = tuple(align(left, right, params))
        if on_links is not None:
            on_links(Comparison(left=left, right=right, links=links))
        return links

    both = None
    if parallel and len(left.paragraphs) + len(right.paragraphs) >= PARALLEL_FROM:
        both = _contrasts_alongside(left, right, aligned)
    links, found = both if both is not None else (aligned(), find_contrasts(left, right))
    return Comparison(left=left, right=right, links=links, contrasts=found.entities, loaded=found.loaded)


def _contrasts_alongside(
    left: Document, right: Document, work: Callable[[], tuple[Link, ...]]
) -> tuple[tuple[Link, ...], Contrasts] | None:
    """Run `work` here while a forked child finds the contrasts (the documents are inherited, not copied
    through a pipe; only the small result comes back). None where fork is unavailable or the child fails,
    and the caller then does it all itself."""
    from reader.analysis.contrast import Contrasts

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return None
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send_contrasts, args=(left, right, sender), daemon=True)
    try:
        child.start()
    except OSError:
        return None
    sender.close()
    result = work()
    try:
        found = receiver.recv()
    except (EOFError, OSError):
        found = None
    finally:
        receiver.close()
        child.join(timeout=5)
    return (result, found) if isinstance(found, Contrasts) else None


def _send_contrasts(left: Document, right: Document, sender: Connection) -> None:
    from reader.analysis.contrast import find_contrasts

    try:
        sender.send(find_contrasts(left, right))
    finally:
        sender.close()


def compare(left: str | Path, right: str | Path, limit: int | None = None, parallel: bool = False) -> Comparison:
    """Load two article files and compare them. Raises LoadError with a user-facing message."""
    return compare_documents(load_document(left, limit), load_document(right, limit), parallel=parallel)
