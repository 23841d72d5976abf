"""What the gutter and the status bar say about links, as plain strings (no Textual here)."""

from __future__ import annotations

from collections.abc import Sequence

from reader.analysis.align import Link, Pair, pairs_of
from reader.analysis.comparison import Comparison
from reader.analysis.sides import Side, other
from reader.text.document import Role
from reader.tui.rows import in_order_pairs

ARROW_STRAIGHT = {"left": "→", "right": "←"}
ARROW_UP, ARROW_DOWN, ARROW_MOVED = "↗", "↘", "↕"
UNMATCHED = "∅"


PIN = "pin"  # the gutter's word for a link pinned by hand, where the score would be


def score_text(score: float) -> str:
    """ ".83" for 0.83, "1.00" for a perfect score: short enough for a gutter."""
    text = f"{score:.2f}"
    return text[1:] if text.startswith("0") else text


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def why_text(link: Link, terms: int = 3, quote_chars: int = 32) -> str:
    """Why the aligner linked: the shared words that weigh most, the quotation both give, the figures both
    give ("shared: Soleimani, Moscow · quote “a bunch of malarkey” · 2016"). Empty for a pin the aligner
    did not make."""
    evidence = link.evidence
    if evidence is None:
        return ""
    parts = []
    if evidence.terms:
        parts.append("shared: " + ", ".join(evidence.terms[:terms]))
    if evidence.quote:
        parts.append(f"quote “{_clip(evidence.quote, quote_chars)}”")
    if evidence.numbers:
        parts.append(", ".join(evidence.numbers[:3]))
    return " · ".join(parts)


def link_text(link: Link) -> str:
    """The focused link in the status bar: its paragraphs, score and kind, and whether it is pinned."""
    lt = ",".join(map(str, link.left))
    rt = ",".join(map(str, link.right))
    if link.kind == "pinned":
        return f"¶{lt} ↔ ¶{rt} pinned"
    return f"¶{lt} ↔ ¶{rt} {score_text(link.score)} {link.kind}" + (" · pinned" if link.pinned else "")


def _direction(own: int, partner: int, anchors: Sequence[Pair]) -> str:
    """Whether the partner of a moved link sits above (↗) or below (↘) the place the in-order links
    predict. `anchors` are in-order (own index, partner index) pairs, sorted."""
    above = [a for a in anchors if a[0] <= own]
    if above:
        return ARROW_UP if partner < above[-1][1] else ARROW_DOWN
    below = [a for a in anchors if a[0] >= own]
    if below:
        return ARROW_DOWN if partner > below[0][1] else ARROW_UP
    return ARROW_DOWN


def gutter_marks(comparison: Comparison, side: Side, aligned: bool = False) -> dict[int, tuple[str, str, str]]:
    """For each paragraph of one side: (first gutter line, second gutter line, kind), where kind is "link",
    "moved" or "unmatched". Links name their partner ("→ 4", "↗ 12+" for a moved link with more partners)
    and their score; body paragraphs with no counterpart read "∅ only". In the aligned layout a moved
    partner shows "↕": it was brought out of its place to sit opposite."""
    in_order = in_order_pairs(pairs_of(comparison.links))
    own_first = in_order if side == "left" else {(j, i) for i, j in in_order}
    anchors = sorted(own_first)
    marks: dict[int, tuple[str, str, str]] = {}
    for link in sorted(comparison.links, key=lambda link: link.score):
        for index in link.on(side):
            partners = link.on(other(side))
            moved = all((index, p) not in own_first for p in partners)
            if not moved:
                arrow, kind = ARROW_STRAIGHT[side], "link"
            else:
                arrow = ARROW_MOVED if aligned else _direction(index, partners[0], anchors)
                kind = "moved"
            more = "+" if len(partners) > 1 else ""
            second = PIN if link.pinned else score_text(link.score)
            marks[index] = (f"{arrow}{partners[0]}{more}", second, kind)  # best link last wins
    doc = comparison.document(side)
    for p in doc.paragraphs:
        if p.role is Role.BODY and p.index not in marks:
            marks[p.index] = (UNMATCHED, "only", "unmatched")
    return marks


def focused_link(comparison: Comparison, side: Side, index: int | None) -> Link | None:
    """The best link touching a paragraph."""
    if index is None:
        return None
    links = comparison.partners(side, index)
    return max(links, key=lambda link: link.score) if links else None


def link_group(comparison: Comparison, side: Side, index: int | None) -> tuple[list[int], list[int]]:
    """Every left and right paragraph linked with this one (directly), the paragraph included."""
    if index is None:
        return [], []
    links = comparison.partners(side, index)
    left = sorted({i for link in links for i in link.left})
    right = sorted({j for link in links for j in link.right})
    return left, right


def status_text(
    comparison: Comparison | None,
    side: Side,
    index: int | None,
    sync: bool,
    aligned: bool,
    extra: str = "",
    waiting: str = "aligning paragraphs …",
) -> str:
    """The status bar: links, coverage, the focused link, sync, layout, then `extra`, and last (where a narrow
    terminal may cut it) why the focused link was made; until the comparison arrives, `waiting` instead of the
    link figures."""
    mode = "aligned" if aligned else "reading"
    sync_text = "sync on" if sync else "sync off"
    if comparison is None:
        parts = [waiting]
    else:
        parts = [
            f"{len(comparison.links)} links",
            f"covered L {comparison.coverage('left'):.0%} R {comparison.coverage('right'):.0%}",
        ]
    link = focused_link(comparison, side, index) if comparison is not None else None
    if link is not None:
        parts.append(link_text(link))
    elif comparison is not None and index is not None:
        parts.append(f"¶{index} ({side}) unlinked")
    parts += [sync_text, mode]
    if extra:
        parts.append(extra)
    why = why_text(link) if link is not None else ""
    if why:
        parts.append(why)
    return " │ ".join(parts)
