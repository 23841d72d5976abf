"""Views of the links for display: which links cross, and the rows of the aligned layout.

Aligned mode reads down the first pane's article. The paragraphs of one fact share a row (with the unlinked
paragraphs that sit between two of its own in step); a paragraph with no counterpart keeps its place with
blanks opposite. Of each other pane, the paragraphs the rows already show in its own order stay in step, the
rest are moved partners, brought opposite and flagged; its paragraphs that no row holds yet follow the row
of their nearest in-step predecessor, so that no pane's unflagged paragraphs are ever out of its own order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from reader.analysis.align import Link, Pair, pairs_of
from reader.analysis.collation import gather_facts
from reader.text.document import Document

Node = tuple[int, int]  # (pane, paragraph)
Place = tuple[int, int, int]  # (row, pane, paragraph): where a paragraph of an earlier pane sits in the rows
K = TypeVar("K", int, Place)


@dataclass(frozen=True)
class Row:
    """One row of the aligned layout: the paragraphs each pane shows in it (none where it has nothing), and
    which of them are moved partners, brought out of their place to sit opposite."""

    paragraphs: tuple[tuple[int, ...], ...]
    moved: tuple[tuple[int, ...], ...] = ()  # of those, the ones shown out of their own pane's order (↕)


def in_order_pairs(pairs: Iterable[tuple[K, int]]) -> set[tuple[K, int]]:
    """The largest set of pairs whose order agrees on both sides (a longest non-decreasing subsequence, so
    the pairs of a 1:n or n:1 link stay together); the remaining pairs are the ones that moved."""
    ordered = sorted(set(pairs))
    tails: list[int] = []  # smallest right index ending an increasing run of each length
    tail_at: list[int] = []
    parent: list[int] = []
    for k, (_, j) in enumerate(ordered):
        pos = bisect_right(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        parent.append(tail_at[pos - 1] if pos else -1)
    keep: set[tuple[K, int]] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(ordered[k])
        k = parent[k]
    return keep


def moved_pairs(links: Sequence[Link]) -> set[Pair]:
    """Pairs whose partner sits out of order: the links that cross the main line of the alignment."""
    pairs = pairs_of(links)
    return pairs - in_order_pairs(pairs)


def aligned_rows(links: Mapping[tuple[int, int], Sequence[Link]], counts: Sequence[int]) -> list[Row]:
    """Rows for the aligned layout of panes with `counts` paragraphs, in the first pane's order. `links`
    holds each pair of panes' links, (a, b) with a < b, a on each link's left.

    The paragraphs of one fact share a row, the facts gathered as the story's are (of three panes, a partial
    link joins a third article only where it is tied to both: a paragraph it does not join is unmatched in
    the rows too). The rows are laid out pane by pane. Of the paragraphs earlier panes' rows already hold,
    the most that read in the pane's own order (judged by their links, as the gutter judges a link in step)
    stay in step and the rest are moved partners, brought opposite. Then each paragraph no row holds yet
    keeps its place: an unlinked one between two in-step paragraphs of one row joins that row, any other
    follows the row of its nearest in-step predecessor (never that of a moved one) in a row of its own fact,
    blanks opposite where the fact has nothing. Each row names its moved paragraphs: no pane's others are
    ever out of its own order."""
    facts = gather_facts([Document("", ())] * len(counts), dict(links))  # the facts of linked paragraphs
    fact_of = {(k, p): f for f in facts for k, ps in enumerate(f.paragraphs) for p in ps}
    linked = {((a, i), (b, j)) for (a, b), pair_links in links.items() for i, j in pairs_of(pair_links)}
    taken: set[Node] = set()  # already in a row: each paragraph is shown once

    def row_of(pane: int, p: int) -> Row:
        """A new row, for a paragraph's fact, with the unlinked paragraphs of `pane` between two of the
        fact's (unless an earlier row took them), so that a fact joined through another pane does not put
        the pane's text out of order. Later panes' unlinked paragraphs join it in their turn, if in step."""
        fact = fact_of.get((pane, p))
        cells = list(fact.paragraphs if fact else (() if k != pane else (p,) for k in range(len(counts))))
        if own := cells[pane]:
            free = (q for q in range(own[0], own[-1]) if (pane, q) not in fact_of and (pane, q) not in taken)
            cells[pane] = tuple(sorted({*own, *free}))
        taken.update((k, q) for k, cell in enumerate(cells) for q in cell)
        return Row(tuple(cells))

    def in_step(pane: int, rows: list[Row]) -> set[int]:
        """The paragraphs of `pane` that `rows` show in its own order: the most whose links to earlier panes'
        paragraphs in their row agree in order, and those linked to none there (joined through a later
        pane) that sit between two of them."""
        row_at = {p: r for r, row in enumerate(rows) for p in row.paragraphs[pane]}
        pairs = {
            ((r, a, i), p)
            for r, row in enumerate(rows)
            for p in row.paragraphs[pane]
            for a in range(pane)
            for i in row.paragraphs[a]
            if ((a, i), (pane, p)) in linked
        }
        kept = sorted({p for _, p in in_order_pairs(pairs)})
        for p in sorted(set(row_at) - {p for _, p in pairs}):
            k = bisect_right(kept, p)
            if (not k or row_at[kept[k - 1]] <= row_at[p]) and (k == len(kept) or row_at[p] <= row_at[kept[k]]):
                kept.insert(k, p)
        return set(kept)

    rows: list[Row] = []
    moved: list[set[int]] = []
    for pane, count in enumerate(counts):
        row_at = {p: r for r, row in enumerate(rows) for p in row.paragraphs[pane]}
        kept = in_step(pane, rows)
        steps = sorted(kept)
        moved.append(set(row_at) - kept)
        after: dict[int, list[Row]] = {}  # new rows to follow row r (-1: before the first)
        joining: dict[int, list[int]] = {}  # unlinked paragraphs that join row r
        last = -1
        for p in range(count):
            if p in row_at:
                # only a paragraph in step places what follows it (a moved partner sits out of its place)
                last = row_at[p] if p in kept else last
                continue
            if (pane, p) in taken:  # placed by a new row of this pane
                continue
            k = bisect_right(steps, p)
            if (pane, p) not in fact_of and 0 < k < len(steps) and row_at[steps[k - 1]] == row_at[steps[k]]:
                joining.setdefault(row_at[steps[k]], []).append(p)
                taken.add((pane, p))
            else:
                after.setdefault(last, []).append(row_of(pane, p))
        out = after.get(-1, [])
        for r, row in enumerate(rows):
            if r in joining:
                cells = list(row.paragraphs)
                cells[pane] = tuple(sorted({*cells[pane], *joining[r]}))
                row = Row(tuple(cells))
            out += [row, *after.get(r, [])]
        rows = out
    for pane, out_of_order in enumerate(moved):
        # what else the rows had to put out of order (a fact of one pane's paragraphs far apart) moved too
        row_at = {p: r for r, row in enumerate(rows) for p in row.paragraphs[pane] if p not in out_of_order}
        out_of_order |= set(row_at) - {p for _, p in in_order_pairs((r, p) for p, r in row_at.items())}
    return [
        Row(row.paragraphs, tuple(tuple(p for p in cell if p in moved[k]) for k, cell in enumerate(row.paragraphs)))
        for row in rows
    ]
