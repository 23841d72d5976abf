"""The reader's corrections to the alignment: links pinned or rejected by hand, applied on every reopening."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from reader.analysis.align import PINNED, Link, Pair, group_links, pairs_of
from reader.analysis.collation import Collation, gather_facts
from reader.analysis.linkmodel import shipped
from reader.analysis.sides import Pane
from reader.notes.model import Action, Correction
from reader.text.document import Document

QUOTE_CHARS = 60  # how much of each paragraph's start is kept to find it again


def correction(
    action: Action, left: Document, right: Document, i: int, j: int, pair: tuple[Pane, Pane] = ("left", "right")
) -> Correction:
    """A correction to the link between paragraph i of `left` and j of `right`, the articles of panes `pair`."""
    quotes = left.paragraphs[i].text[:QUOTE_CHARS], right.paragraphs[j].text[:QUOTE_CHARS]
    return Correction(action, i, j, *quotes, pair=pair)


def _find(doc: Document, index: int, quote: str) -> int | None:
    """The paragraph a correction meant: the same index if its text still starts the same, else the one
    paragraph that starts with the quote; None when the text is gone."""
    if not quote:
        return index if index < len(doc.paragraphs) else None
    if index < len(doc.paragraphs) and doc.paragraphs[index].text.startswith(quote):
        return index
    found = [p.index for p in doc.paragraphs if p.text.startswith(quote)]
    return found[0] if len(found) == 1 else None


def locate(c: Correction, left: Document, right: Document) -> Pair | None:
    i, j = _find(left, c.left, c.left_quote), _find(right, c.right, c.right_quote)
    return (i, j) if i is not None and j is not None else None


def apply_corrections(
    links: Sequence[Link], corrections: Iterable[Correction], left: Document, right: Document
) -> tuple[Link, ...]:
    """The links with rejected pairs removed and pinned pairs added (the later of two corrections to the
    same pair wins). Corrections whose paragraphs no longer exist are skipped. Pins are marked `pinned` and
    keep the aligner's own score and evidence; a pin the aligner did not link scores 0 with kind "pinned"."""
    pairs = pairs_of(links)
    scores = {pair: link.score for link in links if link.kind != PINNED for pair in pairs_of([link])}
    evidence = {link.evidence.pair: link.evidence for link in links if link.evidence}
    pinned: set[Pair] = set()
    for c in corrections:
        pair = locate(c, left, right)
        if pair is None:
            continue
        if c.action == "reject":
            pairs.discard(pair)
            pinned.discard(pair)
        else:
            pairs.add(pair)
            pinned.add(pair)
    return tuple(group_links(pairs, scores, shipped().match, frozenset(pinned), evidence))


def toggled(corrections: Sequence[Correction], new: Correction) -> tuple[Correction, ...]:
    """Add a correction, replacing any earlier one for the same two paragraphs."""
    kept = [c for c in corrections if (c.pair, c.left, c.right) != (new.pair, new.left, new.right)]
    return (*kept, new)


def corrected_collation(collation: Collation, corrections: Sequence[Correction], panes: Sequence[Pane]) -> Collation:
    """A collation with each pair's links corrected (pins added, rejections removed) and its facts gathered
    again. `panes` names the collation's articles in order."""
    pairs = {}
    for (a, b), comparison in collation.pairs.items():
        mine = [c for c in corrections if c.pair == (panes[a], panes[b])]
        links = apply_corrections(comparison.links, mine, comparison.left, comparison.right) if mine else None
        pairs[(a, b)] = replace(comparison, links=links) if links is not None else comparison
    facts = gather_facts(collation.documents, {pair: c.links for pair, c in pairs.items()})
    return Collation(collation.documents, pairs, facts)
