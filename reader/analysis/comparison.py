"""Tie the core together: two articles in, one Comparison (documents, links, contrasts) out."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from reader.analysis.align import AlignParams, Link, align
from reader.analysis.sides import Side
from reader.text.document import Document, Role
from reader.text.loading import load_document

if TYPE_CHECKING:  # the descriptor pass (and spaCy) load when first used: the app shows text before it needs them
    from reader.analysis.descriptors import Contrast, LoadedWord
    from reader.analysis.parse import Paragraph as Parsed

FORMAT = "diptych.compare/1"


@dataclass(frozen=True)
class Comparison:
    left: Document
    right: Document
    links: tuple[Link, ...]
    contrasts: tuple[Contrast, ...] = field(default=())
    loaded: tuple[LoadedWord, ...] = field(default=())
    notices: tuple[str, ...] = field(default=())  # about the analysis itself (no parser installed)

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.left.warnings + self.right.warnings + self.notices

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


PARALLEL_FROM = 2000  # paragraphs on both sides together from which the parse runs in a second process

Parses = tuple[dict[int, "Parsed"], dict[int, "Parsed"]]


def compare_documents(
    left: Document,
    right: Document,
    params: AlignParams | None = None,
    parallel: bool = False,
    on_links: Callable[[Comparison], None] | None = None,
) -> Comparison:
    """Align and contrast two documents. `on_links`, when given, receives the comparison with its links and no
    contrasts yet as soon as the alignment is done, for a reader who need not wait for the contrasts. With
    `parallel` (for single-threaded callers such as the command line), long documents are parsed in a forked
    process while this one aligns; the descriptor pass then uses the links."""

    def aligned() -> tuple[Link, ...]:
        links = tuple(align(left, right, params))
        if on_links is not None:
            on_links(Comparison(left=left, right=right, links=links))
        return links

    parsed: Parses | None = None
    links: tuple[Link, ...] | None = None
    if parallel and len(left.paragraphs) + len(right.paragraphs) >= PARALLEL_FROM:
        done = _parse_alongside(left, right, aligned)
        if done is not None:
            links, parsed = done
    if links is None:
        links = aligned()
    return with_contrasts(Comparison(left=left, right=right, links=links), parsed)


def with_contrasts(comparison: Comparison, parsed: Parses | None = None) -> Comparison:
    """The comparison with its descriptor contrasts and loaded words found (using its links); without an
    English pipeline, with a notice that says why there are none."""
    try:
        from reader.analysis.descriptors import find_contrasts
        from reader.analysis.parse import ParserUnavailable

        found = find_contrasts(comparison.left, comparison.right, comparison.links, parsed)
    except (ImportError, ParserUnavailable) as exc:
        notice = f"descriptor contrasts need spaCy and its English pipeline: {exc}"
        return replace(comparison, notices=(notice,))
    return replace(comparison, contrasts=found.entities, loaded=found.loaded)


def _parse_alongside(
    left: Document, right: Document, work: Callable[[], tuple[Link, ...]]
) -> tuple[tuple[Link, ...], Parses | None] | None:
    """Run `work` here while a forked child parses both documents (they are inherited, not copied through a
    pipe; only the parses come back). The parses are None where the child fails, and the whole is None where
    fork is unavailable: the caller then does it all itself."""
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return None
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send_parses, args=(left, right, sender), daemon=True)
    try:
        child.start()
    except OSError:
        return None
    sender.close()
    result = work()
    try:
        parsed = receiver.recv()
    except (EOFError, OSError):
        parsed = None
    finally:
        receiver.close()
        child.join(timeout=5)
    return result, parsed if isinstance(parsed, tuple) else None


def _send_parses(left: Document, right: Document, sender: Connection) -> None:
    try:
        from reader.analysis.descriptors import LONG_DOCUMENT_BUDGET, parse_document

        sender.send((parse_document(left, LONG_DOCUMENT_BUDGET), parse_document(right, LONG_DOCUMENT_BUDGET)))
    except Exception:  # the parent parses itself, and reports what goes wrong then
        pass
    finally:
        sender.close()


def compare(left: str | Path, right: str | Path, limit: int | None = None, parallel: bool = False) -> Comparison:
    """Load two article files and compare them. Raises LoadError with a user-facing message."""
    return compare_documents(load_document(left, limit), load_document(right, limit), parallel=parallel)
