"""Views of the links for display: which links cross, and the rows of the aligned layout.

Aligned mode reads down the left article. Linked paragraphs share a row (a connected group of links is one
row, with the unlinked paragraphs that sit between two of its own); a paragraph with no counterpart keeps its
place with a blank opposite. Right paragraphs that no link
places follow the row of their predecessor in the right article.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reader.analysis.align import Link, Pair, pairs_of


@dataclass(frozen=True)
class Row:
    """One row of the aligned layout: the paragraphs each pane shows in it (none where it has nothing)."""

    paragraphs: tuple[tuple[int, ...], ...]


def in_order_pairs(pairs: Iterable[Pair]) -> set[Pair]:
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
    keep: set[Pair] = set()
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
    holds each pair of panes' links, (a, b) with a < b, a on each link's left. Paragraphs joined by links,
    through any pair, share a row; a paragraph the earlier panes did not place follows the row of its nearest
    placed predecessor in its own pane."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for (a, b), pair_links in links.items():
        for i, j in pairs_of(pair_links):
            parent[find((a, i))] = find((b, j))
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in list(parent):
        members.setdefault(find(node), []).append(node)

    taken: set[tuple[int, int]] = set()  # (pane, paragraph) already in a row: each is shown once

    def row_of(node: tuple[int, int]) -> Row:
        """The row of a paragraph's group; unlinked paragraphs between two of one pane's paragraphs in it
        join it (unless an earlier row took them), so that a group joined through another pane does not put
        a pane's text out of order."""
        nodes = members.get(find(node), [node]) if node in parent else [node]
        cells = []
        for pane in range(len(counts)):
            own = sorted(p for k, p in nodes if k == pane)
            span = range(own[0], own[-1] + 1) if own else range(0)
            free = [p for p in span if (pane, p) not in parent and (pane, p) not in taken]
            cells.append(tuple(sorted({*own, *free})))
        taken.update((pane, p) for pane, cell in enumerate(cells) for p in cell)
        return Row(tuple(cells))

    rows: list[Row] = []
    for pane, count in enumerate(counts):
        placed = {p for row in rows for p in row.paragraphs[pane]}
        row_at = {p: r for r, row in enumerate(rows) for p in row.paragraphs[pane]}
        out: list[Row] = []
        after: dict[int, list[Row]] = {}  # new rows to follow row r (-1: before the first)
        last = -1
        for p in range(count):
            if p in placed:
                # A paragraph of a row already laid out; one placed by a new row of this pane (a link that
                # joins it to an earlier paragraph of the same pane, through the other pane) moves nothing.
                last = row_at.get(p, last)
                continue
            row = row_of((pane, p))
            placed.update(row.paragraphs[pane])
            after.setdefault(last, []).append(row)
        out += after.get(-1, [])
        for r, row in enumerate(rows):
            out.append(row)
            out += after.get(r, [])
        rows = out
    return rows
