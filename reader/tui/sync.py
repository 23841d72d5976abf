"""Synced scrolling by alignment, not by line number (Meld's approach, with crossing links).

The pane being scrolled is the source. The line in the middle of its viewport falls inside a paragraph or
between two; the same place on the other side is found through the links: inside a linked paragraph it maps
to the same fraction of its partner, elsewhere it is interpolated between the nearest in-order links (anchors)
above and below. The other pane is then scrolled to put that place in the middle of its viewport too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reader.analysis.align import Link, pairs_of
from reader.analysis.sides import Side, other
from reader.tui.rows import in_order_pairs

#: Where each paragraph of one pane sits: index -> (top line, height in lines).
Geometry = Mapping[int, tuple[int, int]]


@dataclass(frozen=True)
class Anchor:
    """A stretch of lines on the source side and the stretch it corresponds to on the other side."""

    src_top: int
    src_bottom: int
    dst_top: int
    dst_bottom: int


def _extent(indexes: Sequence[int], geometry: Geometry) -> tuple[int, int] | None:
    spans = [geometry[i] for i in indexes if i in geometry]
    if not spans:
        return None
    return min(t for t, _ in spans), max(t + h for t, h in spans)


def anchors(links: Sequence[Link], src: Geometry, dst: Geometry, src_side: Side) -> list[Anchor]:
    """In-order links as monotone anchors from the source pane to the other pane."""
    ordered = in_order_pairs(pairs_of(links))
    if src_side != "left":
        ordered = {(j, i) for i, j in ordered}
    out = []
    for s, d in sorted(ordered):
        a, b = _extent([s], src), _extent([d], dst)
        if a and b:
            out.append(Anchor(a[0], a[1], b[0], b[1]))
    # Keep the anchors monotone on both sides once laid out (a 1:n link can overlap itself).
    monotone: list[Anchor] = []
    for anchor in out:
        if not monotone or (anchor.src_top >= monotone[-1].src_top and anchor.dst_top >= monotone[-1].dst_top):
            monotone.append(anchor)
    return monotone


def _lerp(y: float, a0: float, a1: float, b0: float, b1: float) -> float:
    if a1 <= a0:
        return b0
    return b0 + (y - a0) * (b1 - b0) / (a1 - a0)


def map_line(y: float, anchor_list: Sequence[Anchor]) -> float:
    """The line on the other side that corresponds to line `y` of the source side."""
    if not anchor_list:
        return y
    previous = None
    for anchor in anchor_list:
        if y < anchor.src_top:
            if previous is None:
                return anchor.dst_top - (anchor.src_top - y)
            return _lerp(y, previous.src_bottom, anchor.src_top, previous.dst_bottom, anchor.dst_top)
        if y < anchor.src_bottom:
            return _lerp(y, anchor.src_top, anchor.src_bottom, anchor.dst_top, anchor.dst_bottom)
        previous = anchor
    assert previous is not None
    return previous.dst_bottom + (y - previous.src_bottom)


def partner_line(
    y: float, links: Sequence[Link], src: Geometry, dst: Geometry, src_side: Side, paragraph: int | None
) -> float:
    """The line opposite line `y`. When `y` lies in a linked paragraph the partners of its best link decide
    (even a link that crosses; the link the status bar names when the paragraph has several); otherwise the
    in-order anchors do."""
    if paragraph is not None:
        own_links = [link for link in links if paragraph in link.on(src_side)]
        best = max(own_links, key=lambda link: link.score, default=None)
        partners = list(best.on(other(src_side))) if best is not None else []
        own, there = _extent([paragraph], src), _extent(partners, dst)
        if own and there:
            return _lerp(y, own[0], own[1], there[0], there[1])
    return map_line(y, anchors(links, src, dst, src_side))
