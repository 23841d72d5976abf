"""Views of the links for display: which links cross, and the rows of the aligned layout.

Aligned mode reads down the left article. Linked paragraphs share a row (a connected group of links is one
row); a paragraph with no counterpart keeps its place with a blank opposite. Right paragraphs that no link
places follow the row of their predecessor in the right article.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.analysis.align import Link, Pair, pairs_of


@dataclass(frozen=True)
class Row:
    left: tuple[int, ...]
    right: tuple[int, ...]


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


def aligned_rows(links: Sequence[Link], left_count: int, right_count: int) -> list[Row]:
    """Rows for the aligned layout, in the left article's order."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for link in links:
        nodes = [("l", i) for i in link.left] + [("r", j) for j in link.right]
        for node in nodes[1:]:
            parent[find(node)] = find(nodes[0])
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in list(parent):
        side, index = node
        group = groups.setdefault(find(node), ([], []))
        group[0 if side == "l" else 1].append(index)

    rows: list[Row] = []
    row_of_left: dict[int, int] = {}
    for i in range(left_count):
        if i in row_of_left:
            continue
        root = find(("l", i)) if ("l", i) in parent else None
        lefts, rights = groups[root] if root is not None else ([i], [])
        for k in lefts:
            row_of_left[k] = len(rows)
        rows.append(Row(tuple(sorted(lefts)), tuple(sorted(rights))))

    placed = {j for row in rows for j in row.right}
    # Insert each unplaced right paragraph after the row holding its nearest placed predecessor.
    after: dict[int, list[int]] = {}
    last_row = -1
    row_of_right = {j: r for r, row in enumerate(rows) for j in row.right}
    for j in range(right_count):
        if j in placed:
            last_row = row_of_right[j]
        else:
            after.setdefault(last_row, []).append(j)
    out: list[Row] = [Row((), (j,)) for j in after.get(-1, [])]
    for r, row in enumerate(rows):
        out.append(row)
        out += [Row((), (j,)) for j in after.get(r, [])]
    return out
