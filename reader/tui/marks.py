"""What the gutter and the status bar say about links and facts, as plain strings (no Textual here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reader.analysis.align import Link, Pair, is_title_link, pairs_of
from reader.analysis.collation import Collation
from reader.analysis.comparison import Comparison
from reader.analysis.evidence import FEATURES
from reader.analysis.sides import Side, other
from reader.text.document import Role
from reader.text.quoting import shortened
from reader.tui.rows import ABOVE, BELOW, MOVED, OPPOSITE, Node, Row, in_order_pairs, placements

ARROW_STRAIGHT = {"left": "→", "right": "←"}
ARROW_UP, ARROW_DOWN, ARROW_MOVED = "↗", "↘", "↕"
UNMATCHED = "∅"
PRESENT, ABSENT = "●", "○"
PIN = "pin"  # the second gutter line of a link made or confirmed by hand, instead of a score
TITLE = "title"  # ... and of two headlines, whose score means little
MIN_QUOTE_CHARS = 12  # a quotation with less room than this is left out of the status bar, not cut to a word

Marks = dict[int, tuple[str, str, str]]  # paragraph -> (first gutter line, second line, kind)


def score_text(score: float) -> str:
    """ ".83" for 0.83, "1.00" for a perfect score: short enough for a gutter."""
    text = f"{score:.2f}"
    return text[1:] if text.startswith("0") else text


def why_text(link: Link, room: int = 200, terms: int = 3, quote_chars: int = 32) -> str:
    """Why the aligner linked: the shared words that weigh most, the quotation both give, the figures both
    give ("shared: Soleimani, Moscow · quote “a bunch of malarkey” · 2016"), in at most `room` cells. Where
    the status bar has less room the quotation, the strongest evidence, keeps its place (shortened, never to
    a word or two) and fewer shared words are named. Empty for a pin the aligner did not make."""
    evidence = link.evidence
    if evidence is None:
        return ""
    quote_room = min(quote_chars, room - len("quote “”"))
    whole_or_enough = quote_room >= min(MIN_QUOTE_CHARS, len(evidence.quote))
    quote = f"quote “{shortened(evidence.quote, quote_room)}”" if evidence.quote and whole_or_enough else ""
    parts: list[str] = []

    def fits(*more: str) -> bool:
        return len(" · ".join(p for p in (*parts, *more, quote) if p)) <= room

    for n in range(min(terms, len(evidence.terms)), 0, -1):
        shared = "shared: " + ", ".join(evidence.terms[:n])
        if fits(shared):
            parts.append(shared)
            break
    figures = "figures: " + ", ".join(evidence.numbers[:3]) if evidence.numbers else ""
    return " · ".join(p for p in (*parts, quote, figures if figures and fits(figures) else "") if p)


# The kinds of evidence (reader/analysis/evidence.py FEATURES) as a reader would name them.
EVIDENCE_NAMES = {
    "words": "word overlap",
    "phrases": "phrase overlap",
    "sentence": "closest sentences",
    "quote": "quotation",
    "quote_part": "part of a quotation",
    "numbers": "figures",
    "headline": "headline against text",
}


def why_lines(link: Link, headlines: bool) -> list[str]:
    """Everything that made a link, a line each, for the reader who asks (`w`): the shared words, the
    quotation and the figures both give, and the value of each kind of evidence the model weighed."""
    evidence = link.evidence
    lines = []
    if link.pinned:
        lines.append("pinned by hand" + ("" if evidence else ": the aligner did not make this link"))
    if headlines:
        lines.append("two headlines are always linked; their score says little")
    if evidence is None:
        return lines
    if evidence.terms:
        lines.append("shared words, weightiest first: " + ", ".join(evidence.terms))
    if evidence.quote:
        lines.append(f"quoted by both: “{evidence.quote}”")
    if evidence.numbers:
        lines.append("figures both give: " + ", ".join(evidence.numbers))
    weighed = [f"{EVIDENCE_NAMES.get(n, n)} {round(v, 2):g}" for n, v in zip(FEATURES, evidence.values) if round(v, 2)]
    if weighed:
        lines.append("what the model weighed into the score: " + " · ".join(weighed))
    return lines


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


def _is_title_link(comparison: Comparison, link: Link) -> bool:
    return is_title_link(comparison.left, comparison.right, link)


def _second_line(comparison: Comparison, link: Link) -> str:
    """Under the partner: the score, or what stands for it when a score would mislead."""
    if link.pinned:
        return PIN
    return TITLE if _is_title_link(comparison, link) else score_text(link.score)


def gutter_marks(comparison: Comparison, side: Side) -> Marks:
    """For each paragraph of one side: (first gutter line, second gutter line, kind), where kind is "link",
    "moved" or "unmatched". Links name their partner ("→ 4", "↗ 12+" for a moved link with more partners)
    and their score (`pin` for a link made by hand, `title` for two headlines); body paragraphs with no
    counterpart read "∅ only". The aligned layout rewrites the arrows from its rows (`aligned_pair_marks`)."""
    in_order = in_order_pairs(pairs_of(comparison.links))
    own_first = in_order if side == "left" else {(j, i) for i, j in in_order}
    anchors = sorted(own_first)
    marks: Marks = {}
    linked_to: dict[int, set[int]] = {}  # every partner of a paragraph, over all its links
    for link in comparison.links:
        for index in link.on(side):
            linked_to.setdefault(index, set()).update(link.on(other(side)))
    for link in sorted(comparison.links, key=lambda link: (link.pinned, link.score)):
        for index in link.on(side):
            partners = link.on(other(side))
            moved = all((index, p) not in own_first for p in partners)
            if not moved:
                arrow, kind = ARROW_STRAIGHT[side], "link"
            else:
                arrow = _direction(index, partners[0], anchors)
                kind = "moved"
            more = "+" if len(linked_to[index]) > 1 else ""
            # the best link last wins; a pin beats any score
            marks[index] = (f"{arrow}{partners[0]}{more}", _second_line(comparison, link), kind)
    doc = comparison.document(side)
    for p in doc.paragraphs:
        if p.role is Role.BODY and p.index not in marks:
            marks[p.index] = (UNMATCHED, "only", "unmatched")
    return marks


def fact_marks(collation: Collation, article: int) -> Marks:
    """For each paragraph of one article of a story of three: which articles report its fact ("● ● ○" in
    pane order), then "all", "only" or nothing; kind "link" or "unmatched" (reported here only)."""
    marks: Marks = {}
    for p in collation.documents[article].paragraphs:
        fact = collation.fact_of(article, p.index)
        if fact is None:
            continue
        dots = " ".join(PRESENT if found else ABSENT for found in fact.paragraphs)
        second = "only" if fact.single else "all" if fact.shared_by_all else ""
        marks[p.index] = (dots, second, "unmatched" if fact.single else "link")
    return marks


def focused_link(comparison: Comparison, side: Side, index: int | None) -> Link | None:
    """The best link touching a paragraph (a pin first)."""
    if index is None:
        return None
    links = comparison.partners(side, index)
    return max(links, key=lambda link: (link.pinned, link.score)) if links else None


def link_words(link: Link, headlines: bool) -> str:
    """How the status bar qualifies a link: "pinned" (with the aligner's score and kind when it made the same
    link), "headlines", or its score and kind."""
    if headlines:  # a score says little here, pinned or not
        return "headlines · pinned" if link.pinned else "headlines"
    if link.pinned:
        return "pinned" if link.kind == "pinned" else f"{score_text(link.score)} {link.kind} · pinned"
    return f"{score_text(link.score)} {link.kind}"


def link_ends(names: tuple[str, str], ends: tuple[Sequence[int], Sequence[int]]) -> str:
    """The paragraphs a link joins, as the status bar names them: "left ¶11 ↔ right ¶8,9"."""
    return " ↔ ".join(f"{name} ¶{','.join(map(str, end))}" for name, end in zip(names, ends))


def pair_status(comparison: Comparison, side: Side, index: int | None, names: dict[Side, str]) -> list[str]:
    """The status bar's words about two articles: the paragraph being read with its partners, the pane being
    read named first ("right ¶3 ↔ left ¶6 .58 match"), then the links and coverage."""
    parts = []
    link = focused_link(comparison, side, index)
    if link is not None and index is not None:
        ends = link_ends((names[side], names[other(side)]), (link.on(side), link.on(other(side))))
        more = len(comparison.partners(side, index)) - 1
        also = f" (+{more} more link{'s' if more > 1 else ''})" if more else ""
        parts.append(f"{ends} {link_words(link, _is_title_link(comparison, link))}{also}")
    elif index is not None:
        parts.append(f"{names[side]} ¶{index} unlinked")
    return [
        *parts,
        f"{len(comparison.links)} links",
        f"covered {names['left'][:1].upper()} {comparison.coverage('left'):.0%} "
        f"{names['right'][:1].upper()} {comparison.coverage('right'):.0%}",
    ]


def story_status(collation: Collation, article: int, index: int | None, names: Sequence[str]) -> list[str]:
    """The status bar's words about three articles: which articles report the fact being read, then how many
    facts all, two or one report."""
    counts = [sum(1 for f in collation.facts if len(f.articles) == n) for n in (3, 2, 1)]
    totals = f"facts in all {counts[0]}, in two {counts[1]}, in one {counts[2]}"
    fact = collation.fact_of(article, index) if index is not None else None
    if index is None:
        return [totals]
    if fact is None:
        return [f"{names[article]} ¶{index}", totals]
    if fact.single:
        return [f"{names[article]} ¶{index}: only here", totals]
    where = ", ".join(
        f"{names[k]} ¶{','.join(map(str, ps))}" for k, ps in enumerate(fact.paragraphs) if ps and k != article
    )
    return [f"{names[article]} ¶{index} ↔ {where}", totals]


def status_text(summary: Sequence[str], sync: bool, aligned: bool, extra: str = "", why: str = "") -> str:
    """The status bar: the summary's first part (where the reader is: the paragraph and its link, or the
    spinner, or the review), then `extra` (what a key just did: "match 1/4", "no more in this direction"),
    both of which a narrow terminal must not cut off; then the rest of the summary (the counts), sync and
    layout, and last `why`: why the focused link was made."""
    modes = ["sync on" if sync else "sync off", "aligned" if aligned else "reading"]
    parts = [*summary[:1], extra, *summary[1:], *modes, why]
    return " │ ".join(part for part in parts if part)


ALIGNED_ARROWS = {MOVED: ARROW_MOVED, ABOVE: ARROW_UP, BELOW: ARROW_DOWN}


def aligned_pair_marks(marks: Marks, side: Side, column: int, rows: Sequence[Row]) -> Marks:
    """The gutter of one of two articles in the aligned layout: the reading layout's marks (`gutter_marks`),
    each arrow saying where the rows show the partner the mark names: opposite (→, ←), brought opposite out
    of this paragraph's own place (↕, a moved partner), or, this paragraph left in its place, higher or lower
    (↗, ↘). What the gutter flags is what the rows moved or could not put opposite."""
    named = {
        (column, i): [(1 - column, int(first[1:].rstrip("+")))]  # "→4+": the partner the mark names
        for i, (first, _, kind) in marks.items()
        if kind != "unmatched"
    }
    out = dict(marks)
    for (_, i), placed in placements(rows, named).items():
        first, second, _ = marks[i]
        arrow = ARROW_STRAIGHT[side] if placed == OPPOSITE else ALIGNED_ARROWS[placed]
        out[i] = (arrow + first[1:], second, "link" if placed == OPPOSITE else "moved")
    return out


def aligned_fact_marks(
    marks: Marks, column: int, rows: Sequence[Row], partners: Mapping[Node, Sequence[Node]]
) -> Marks:
    """The gutter of one of three articles in the aligned layout: the facts' dots, and under them ↕ where the
    rows brought the paragraph opposite a partner out of its own place, or ↗ / ↘ where they left it in its
    place with no partner on screen opposite (the strongest shown higher or lower)."""
    out = dict(marks)
    for (_, i), placed in placements(rows, {n: p for n, p in partners.items() if n[0] == column}).items():
        if placed != OPPOSITE:
            dots, second, _ = marks.get(i, ("", "", "gutter"))
            out[i] = (dots, f"{ALIGNED_ARROWS[placed]} {second}".strip(), "moved")
    return out
