"""Views of the links for display: which links cross, and the rows of the aligned layout.

Aligned mode reads down the first pane's article, in its own order, every paragraph in its own place. The
paragraphs of one fact share a row where their own articles' order allows: a fact whose paragraphs in the
first pane lie apart (another fact's paragraph between) takes one row per stretch, and the other panes'
paragraphs join the stretch their links put in step. Of each other pane, the paragraphs whose links agree
with the rows' order stay in step; a linked one that does not is a moved partner, brought opposite its
strongest partner and flagged; one with no partner in the panes before keeps its own place, after the row of
its nearest in-step predecessor. So no pane's unflagged paragraphs are ever out of its own order, and a link
the rows cannot show within a row leaves both paragraphs in their places, the gutter pointing from one to
the other (`placements`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from reader.analysis.align import Link, Pair, pairs_of
from reader.analysis.collation import Fact, link_facts

Node = tuple[int, int]  # (pane, paragraph)
Strength = tuple[bool, float]  # a link's (pinned, score): a pin first, then by score
MOVED, OPPOSITE, ABOVE, BELOW = "moved", "opposite", "above", "below"  # how a linked paragraph is shown


@dataclass(frozen=True)
class Row:
    """One row of the aligned layout: the paragraphs each pane shows in it (none where it has nothing), and
    which of them are moved partners, brought out of their place to sit opposite."""

    paragraphs: tuple[tuple[int, ...], ...]
    moved: tuple[tuple[int, ...], ...] = ()  # of those, the ones shown out of their own pane's order (↕)


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


Links = Mapping[tuple[int, int], Sequence[Link]]  # each pair of panes' links, (a, b) with a < b, a on the left


def layout_partners(links: Links, facts: Sequence[Fact] | None = None) -> dict[Node, dict[Node, Strength]]:
    """The links the aligned layout follows, from each end: each paragraph's partners with the strength of
    their strongest link. Only links within one fact count: of three articles, a weak link the facts reject
    (a partial link to an outlet not tied to the rest of the fact) places nothing. `facts` are the story's
    facts over these panes (a fact here in one pane only, joined through a pane out of sight, is none); by
    default those the links make."""
    if facts is None:
        facts = link_facts(links, 1 + max((b for _, b in links), default=0))
    fact_of = _fact_of(facts)
    out: dict[Node, dict[Node, Strength]] = {}
    for (a, b), pair_links in links.items():
        for link in pair_links:
            for i, j in pairs_of([link]):
                x, y = (a, i), (b, j)
                if x in fact_of and fact_of[x] == fact_of.get(y):
                    for one, two in ((x, y), (y, x)):
                        known = out.setdefault(one, {})
                        known[two] = max(known.get(two, (False, 0.0)), (link.pinned, link.score))
    return out


def _fact_of(facts: Sequence[Fact]) -> dict[Node, int]:
    """Each linked paragraph's fact, by number; facts of one pane only (or of one paragraph) are left out."""
    return {
        (k, p): n
        for n, fact in enumerate(facts)
        if len(fact.articles) > 1
        for k, ps in enumerate(fact.paragraphs)
        for p in ps
    }


def aligned_rows(links: Links, counts: Sequence[int], facts: Sequence[Fact] | None = None) -> list[Row]:
    """Rows for the aligned layout of panes with `counts` paragraphs, in the first pane's order. `links`
    holds each pair of panes' links, (a, b) with a < b, a on each link's left; `facts` the story's facts over
    these panes (of three articles with two on screen, the three-article facts seen in those two), by default
    those the links make. Only links within one fact place paragraphs (see `layout_partners`).

    The first pane's paragraphs keep their order: a fact's paragraphs there share a row with the unlinked ones
    between them, but never across another fact's paragraph (that stretch takes a row of its own). The other
    panes follow one by one. Of a pane's paragraphs linked to the rows so far, the most whose rows agree
    with the pane's own order stay in step, each in the row of its strongest partner among them; the rest
    are moved partners, brought opposite their strongest partner and flagged. Each of its other paragraphs
    keeps its place: between two in-step paragraphs of one row it joins that row, elsewhere it follows the
    row of its nearest in-step predecessor (never that of a moved one), in a row of its own fact (with the
    unlinked ones between its paragraphs there), blanks opposite. So every pane's unflagged paragraphs read
    in its own order, and the first pane's are all of them, 0 to the last."""
    if facts is None:
        facts = link_facts(links, len(counts))
    partners, fact_of = layout_partners(links, facts), _fact_of(facts)
    panes = len(counts)
    first = _stretches(0, range(counts[0]) if counts else (), fact_of)
    cells = [[stretch if k == 0 else [] for k in range(panes)] for stretch in first]
    moved: set[Node] = set()
    for pane in range(1, panes):
        cells = _lay_pane(pane, counts[pane], panes, cells, partners, fact_of, moved)
    return [
        Row(
            tuple(tuple(sorted(cell)) for cell in row),
            tuple(tuple(p for p in sorted(cell) if (k, p) in moved) for k, cell in enumerate(row)),
        )
        for row in cells
    ]


def _stretches(pane: int, paragraphs: Iterable[int], fact_of: Mapping[Node, int]) -> list[list[int]]:
    """Consecutive paragraphs of a pane cut into the stretches that take a row each: a fact's paragraphs with
    the unlinked ones between them, up to another fact's paragraph; an unlinked paragraph outside any alone.
    A paragraph missing from `paragraphs` (shown elsewhere) ends a stretch."""
    out: list[list[int]] = []
    run: list[int] = []  # the current stretch, perhaps with unlinked paragraphs after its last fact's one
    fact: int | None = None

    def close() -> None:
        nonlocal run, fact
        end = max((k for k, p in enumerate(run) if (pane, p) in fact_of), default=0)
        out.append(run[: end + 1])
        out.extend([p] for p in run[end + 1 :])
        run, fact = [], None

    for p in paragraphs:
        here = fact_of.get((pane, p))
        if run and (p != run[-1] + 1 or fact is None or here not in (None, fact)):
            close()
        if not run:
            fact = here
        run.append(p)
    if run:
        close()
    return out


def _lay_pane(
    pane: int,
    count: int,
    panes: int,
    cells: list[list[list[int]]],
    partners: Mapping[Node, Mapping[Node, Strength]],
    fact_of: Mapping[Node, int],
    moved: set[Node],
) -> list[list[list[int]]]:
    """The rows with the paragraphs of `pane` laid in (see `aligned_rows`); `moved` gains the pane's moved
    partners."""
    row_at = {(a, i): r for r, row in enumerate(cells) for a in range(pane) for i in row[a]}

    def earlier(p: int) -> dict[Node, Strength]:
        return {y: s for y, s in partners.get((pane, p), {}).items() if y[0] < pane}

    chain = in_order_pairs((row_at[y], p) for p in range(count) for y in earlier(p))
    rows_of: dict[int, set[int]] = {}
    for r, p in chain:
        rows_of.setdefault(p, set()).add(r)

    def strongest_row(p: int, among: Iterable[int] | None = None) -> int:
        """The row of the strongest of a paragraph's partners in the panes before (in `among`, if given)."""
        allowed = None if among is None else set(among)
        found = [(s, -row_at[y]) for y, s in earlier(p).items() if allowed is None or row_at[y] in allowed]
        return -max(found)[1]

    home = {p: strongest_row(p, rows) for p, rows in rows_of.items()}  # in step, in order
    for p in range(count):
        if p not in home and earlier(p):  # linked, but against the order: brought opposite its partner
            cells[strongest_row(p)][pane].append(p)
            moved.add((pane, p))
    for p, r in home.items():
        cells[r][pane].append(p)
    steps = sorted(home)
    after: dict[int, list[list[int]]] = {}  # the new rows (this pane's cell) to follow row r; -1: before the first
    for k in range(len(steps) + 1):
        start = steps[k - 1] + 1 if k else 0
        end = steps[k] if k < len(steps) else count
        free = [p for p in range(start, end) if (pane, p) not in moved]
        if not free:
            continue
        if 0 < k < len(steps) and home[steps[k - 1]] == home[steps[k]]:
            cells[home[steps[k]]][pane] += free  # inside a row: it stays there, in its place
        else:
            after[home[steps[k - 1]] if k else -1] = _stretches(pane, free, fact_of)
    out: list[list[list[int]]] = []
    for r in range(-1, len(cells)):
        if r >= 0:
            out.append(cells[r])
        out += [[stretch if k == pane else [] for k in range(panes)] for stretch in after.get(r, [])]
    return out


def placements(rows: Sequence[Row], partners: Mapping[Node, Sequence[Node]]) -> dict[Node, str]:
    """How the aligned layout shows each paragraph with partners, for its gutter: MOVED (brought out of its
    own place to sit opposite a partner: ↕), OPPOSITE (in its place, one of `partners` in its row), or, in
    its place with none of them opposite, ABOVE or BELOW: where the first of them (the one the gutter names)
    is shown (↗, ↘)."""
    shown = shown_at(rows)
    moved = {(k, p) for row in rows for k, cell in enumerate(row.moved) for p in cell}
    out: dict[Node, str] = {}
    for node, theirs in partners.items():
        if node not in shown or not theirs:
            continue
        row = shown[node]
        if node in moved:
            out[node] = MOVED
        elif any(shown.get(y) == row for y in theirs):
            out[node] = OPPOSITE
        elif theirs[0] in shown:
            out[node] = ABOVE if shown[theirs[0]] < row else BELOW
    return out


def shown_at(rows: Sequence[Row]) -> dict[Node, int]:
    """The row each paragraph is shown in."""
    return {(k, p): r for r, row in enumerate(rows) for k, cell in enumerate(row.paragraphs) for p in cell}


def strongest_first(partners: Mapping[Node, Strength]) -> list[Node]:
    """A paragraph's partners, the strongest link's first (then in pane and paragraph order)."""
    return sorted(partners, key=lambda y: ((not partners[y][0], -partners[y][1]), y))
