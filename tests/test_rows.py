"""The aligned layout's rows (reader/tui/rows.py) and what the gutter says of them: every article reads in its
own order except the paragraphs flagged, the first article always whole and in order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.analysis.align import Link, pairs_of
from reader.analysis.collation import Collation, Fact, gather_facts, link_facts
from reader.analysis.comparison import Comparison
from reader.analysis.sides import Side
from reader.text.document import Document, Paragraph, Role
from reader.text.loading import load_document
from reader.tui.marks import (
    ARROW_DOWN,
    ARROW_MOVED,
    ARROW_UP,
    Marks,
    aligned_fact_marks,
    aligned_pair_marks,
    fact_marks,
    gutter_marks,
)
from reader.tui.rows import Node, Row, aligned_rows, layout_partners, shown_at, strongest_first
from tests.conftest import SPLIT_LEFT, SPLIT_RIGHT

Links = dict[tuple[int, int], list[Link]]
FLAGS = (ARROW_MOVED, ARROW_UP, ARROW_DOWN)  # moved (brought opposite), or left in place with its partner elsewhere
SIDES: tuple[Side, Side] = ("left", "right")


def _shown(rows: Sequence[Row], pane: int) -> list[int]:
    """The paragraphs of one pane, in the order the aligned rows show them."""
    return [p for row in rows for p in row.paragraphs[pane]]


def _unflagged_in_order(rows: Sequence[Row], pane: int) -> bool:
    shown = [p for row in rows for p in row.paragraphs[pane] if p not in row.moved[pane]]
    return shown == sorted(shown)


def _document(count: int) -> Document:
    return Document("", tuple(Paragraph(i, f"paragraph {i}", Role.BODY, 0, 0) for i in range(count)))


def _pair_marks(links: Sequence[Link], counts: Sequence[int], rows: Sequence[Row]) -> list[Marks]:
    """The gutters of two articles in the aligned layout, as the screen paints them."""
    comparison = Comparison(_document(counts[0]), _document(counts[1]), tuple(links))
    return [aligned_pair_marks(gutter_marks(comparison, side), side, k, rows) for k, side in enumerate(SIDES)]


def test_aligned_rows_survive_two_paragraphs_of_one_pane_joined_through_the_other():
    # Left 1 and left 3 both link to right 1 (and left 3 to right 2 as well): one row holds left 1 and 3.
    links = {(0, 1): [Link((1,), (1,), 0.8, "match"), Link((3,), (1,), 0.4, "partial"), Link((3,), (2,), 0.9, "match")]}
    rows = aligned_rows(links, [5, 4])
    assert any(row.paragraphs == ((1, 2, 3), (1, 2)) for row in rows)  # left 2, unlinked, keeps its place
    assert _shown(rows, 0) == [0, 1, 2, 3, 4]  # the left article in order


def test_aligned_rows_keep_both_articles_in_order_around_a_group_joined_through_the_other_pane():
    # Left 2 and 4 join through right 1 and 5 (a group with gaps on both sides): left 3 and right 2..4, which
    # no link places, stay inside its row rather than after everything else.
    links = {(0, 1): [Link((2,), (1,), 0.8, "match"), Link((4,), (1,), 0.5, "partial"), Link((4,), (5,), 0.9, "match")]}
    rows = aligned_rows(links, [7, 8])
    for pane in (0, 1):
        assert _shown(rows, pane) == list(range([7, 8][pane]))
    assert any(row.paragraphs == ((2, 3, 4), (1, 2, 3, 4, 5)) for row in rows)


def test_aligned_rows_keep_the_left_article_in_order_when_two_groups_overlap():
    # Left 1 and 5 join through right 1, left 2 and 7 through right 2: the groups cannot each take one row
    # without putting the left out of order (the rows once showed left 2 after 5, and the gutter flagged 5).
    links = [Link((1, 5), (1,), 0.8, "match"), Link((2, 7), (2,), 0.8, "match")]
    rows = aligned_rows({(0, 1): links}, [9, 4])
    assert _shown(rows, 0) == list(range(9)) and sorted(_shown(rows, 1)) == list(range(4))
    left, _ = _pair_marks(links, [9, 4], rows)
    for group, partner in (((1, 5), 1), ((2, 7), 2)):  # one opposite its partner, the other pointing at it
        assert sorted(left[i][0][0] for i in group) in (["→", ARROW_UP], ["→", ARROW_DOWN])
        assert {left[i][0][1:] for i in group} == {str(partner)}


def test_a_weak_link_from_the_close_to_the_lead_leaves_every_paragraph_in_its_place():
    # review20 finding 1: left 9 restates the lead (a partial link to right 0, which left 0 matches). The rows
    # once lifted left 1..9 into the first row, the left article reading 0 1 3 5 7 9 2 4 6 8.
    links = [Link((i,), (i,), 1.0, "match") for i in (0, 2, 4, 6, 8)] + [Link((9,), (0,), 0.31, "partial")]
    rows = aligned_rows({(0, 1): links}, [10, 10])
    assert _shown(rows, 0) == list(range(10)) and _shown(rows, 1) == list(range(10))
    assert not any(any(row.moved) for row in rows)
    cells = [row.paragraphs for row in rows]
    assert ((0,), (0,)) in cells and ((3,), ()) in cells and ((9,), ()) in cells  # no counterpart: blanks opposite
    left, right = _pair_marks(links, [10, 10], rows)
    assert left[9][0] == f"{ARROW_UP}0" and left[0][0] == "→0" and right[0][0] == "←0+"  # the partner sits higher
    assert left[3][0] == "∅"


def test_the_gutter_flags_what_the_rows_moved_and_nothing_else():
    # review20 finding 2: left 2 links right 2 and 7, left 6 matches right 7, left 4 right 4 (with the rest
    # on the diagonal). The gutter's own longest run once disagreed with the rows: right 4 shown out of order
    # with no ↕.
    links = [
        *(Link((i,), (i,), 0.9, "match") for i in (0, 1, 3, 5, 8)),
        Link((2,), (2, 7), 0.5, "partial"),
        Link((6,), (7,), 0.9, "match"),
        Link((4,), (4,), 0.9, "match"),
    ]
    counts = [9, 9]
    rows = aligned_rows({(0, 1): links}, counts)
    for k, marks in enumerate(_pair_marks(links, counts, rows)):
        flagged = {i for i, (first, _, _) in marks.items() if first.startswith(ARROW_MOVED)}
        assert flagged == {p for row in rows for p in row.moved[k]}
        assert _unflagged_in_order(rows, k)


def test_aligned_rows_leave_a_paragraph_after_a_moved_partner_in_its_own_place():
    # tests/data/bridge_*: right 4 (the free crossing) is linked to left 1 and brought opposite it, flagged;
    # right 5, with no counterpart, followed it up above right 2 and 3, unflagged. It stays after right 3.
    links = (
        Link((0,), (0,), 0.22, "partial"),
        Link((1,), (1,), 1.0, "match"),
        Link((1,), (4,), 0.53, "partial"),
        Link((2,), (2,), 0.94, "match"),
        Link((3,), (3,), 1.0, "match"),
    )
    rows = aligned_rows({(0, 1): links}, [6, 6])
    assert _shown(rows, 0) == [0, 1, 2, 3, 4, 5]
    assert _shown(rows, 1) == [0, 1, 4, 2, 3, 5]
    assert [row.moved for row in rows if any(row.moved)] == [((), (4,))]
    assert _unflagged_in_order(rows, 0) and _unflagged_in_order(rows, 1)
    cells = [row.paragraphs for row in rows]
    assert cells.index(((), (5,))) == cells.index(((3,), (3,))) + 1  # opposite a blank, after right 3
    # the gutter, as the screen paints it, flags the same paragraph, and no other
    comparison = Comparison(load_document(SPLIT_LEFT), load_document(SPLIT_RIGHT), links)
    marks = aligned_pair_marks(gutter_marks(comparison, "right"), "right", 1, rows)
    assert [i for i, (first, _, _) in marks.items() if first[0] in FLAGS] == [4]
    assert marks[4][0] == f"{ARROW_MOVED}1" and marks[5][2] == "unmatched"


RIVER = {  # tests/data/river_*: left, centre, right
    (0, 1): [
        Link((0,), (0,), 0.37, "partial"),
        *(Link((i,), (i,), 1.0, "match") for i in (2, 3, 4)),
        Link((5,), (5,), 0.39, "partial"),
    ],
    (0, 2): [
        Link((0,), (0,), 0.15, "partial"),
        *(Link((i,), (j,), 1.0, "match") for i, j in ((2, 3), (3, 2), (4, 4), (5, 1))),
    ],
    (1, 2): [
        Link((0,), (0,), 0.13, "partial"),
        *(Link((i,), (j,), 1.0, "match") for i, j in ((2, 3), (3, 2), (4, 4), (6, 5))),
    ],
}


def test_aligned_rows_of_three_flag_moved_partners_and_give_an_unmatched_paragraph_a_row_of_its_own():
    # The right outlet leads with left 5's forecast and swaps left 2 and 3; centre 5 has a partial link to
    # left 5 that does not make it report the forecast (it is not tied to the right's ¶1).
    rows = aligned_rows(RIVER, [9, 8, 7])
    assert _shown(rows, 0) == list(range(9)) and _shown(rows, 1) == list(range(8))
    assert _shown(rows, 2) == [0, 3, 2, 4, 5, 6, 1]
    assert [row.moved for row in rows if any(row.moved)] == [((), (), (3,)), ((), (), (1,))]
    assert all(_unflagged_in_order(rows, pane) for pane in range(3))
    cells = [row.paragraphs for row in rows]
    assert ((), (5,), ()) in cells and ((5,), (), (1,)) in cells  # centre 5 opposite blanks, not the forecast
    assert cells.index(((), (5,), ())) == cells.index(((4,), (4,), (4,))) + 1


def test_two_of_three_articles_are_laid_out_by_the_three_article_facts():
    # verify20 new problem 3: on a terminal with room for two panes (left and centre), the rows followed the
    # pair's own links, the weak left 5 ↔ centre 5 link among them, and put centre 5 ("only") beside the
    # forecast. The facts of all three reject that link; so do the rows.
    facts = link_facts(RIVER, 3)
    seen = [Fact((f.paragraphs[0], f.paragraphs[1])) for f in facts]
    rows = aligned_rows({(0, 1): RIVER[(0, 1)]}, [9, 8], seen)
    cells = [row.paragraphs for row in rows]
    assert ((5,), ()) in cells and ((), (5,)) in cells
    assert ((5,), (5,)) in [row.paragraphs for row in aligned_rows({(0, 1): RIVER[(0, 1)]}, [9, 8])]  # the pair alone


def test_aligned_rows_leave_unlinked_paragraphs_inside_a_moved_partners_span_in_their_place():
    # Left 0 links right 0 and right 7 (moved, past right 2 and 8): right 1 and 3..6, unlinked, lie between
    # them but not between two paragraphs in step, so they keep their own places rather than ride up with 7.
    links = [Link((0,), (0, 7), 0.8, "match"), Link((2,), (2,), 0.9, "match"), Link((3,), (8,), 0.9, "match")]
    rows = aligned_rows({(0, 1): links}, [4, 9])
    assert _shown(rows, 1) == [0, 7, 1, 2, 3, 4, 5, 6, 8]
    assert [row.moved for row in rows if any(row.moved)] == [((), (7,))]
    assert all(row.paragraphs[0] == () for row in rows if set(row.paragraphs[1]) & {1, 3, 4, 5, 6})


def test_gather_facts_adds_the_unlinked_body_paragraphs_and_link_facts_only_those_asked_for():
    # review20 finding 12: the rows once asked gather_facts for facts of empty documents to have no singles
    links = {(0, 1): [Link((1,), (0,), 0.9, "match")]}
    assert link_facts(links, 2) == (Fact(((1,), (0,))),)
    assert link_facts(links, 2, alone=[(0, 0), (0, 1)]) == (Fact(((0,), ())), Fact(((1,), (0,))))
    facts = gather_facts([_document(2), _document(1)], links)
    assert facts == (Fact(((0,), ())), Fact(((1,), (0,))))


# --- the property: over random links, what the screen paints ------------------------------------------


@st.composite
def story_links(draw: st.DrawFn, panes: int) -> tuple[list[int], Links]:
    """Paragraph counts and each pair's links, 1:1, 1:n and n:1 (one link naming several paragraphs, or
    several links sharing one), matches and partial links, some pinned."""
    counts = draw(st.lists(st.integers(0, 9), min_size=panes, max_size=panes))
    links: Links = {}
    for a in range(panes):
        for b in range(a + 1, panes):
            found = []
            if counts[a] and counts[b]:
                for _ in range(draw(st.integers(0, 9))):
                    one = draw(st.integers(0, counts[a] - 1)), draw(st.integers(0, counts[b] - 1))
                    many = draw(st.lists(st.integers(0, counts[b] - 1), max_size=2))
                    left, right = (one[0],), tuple(sorted({one[1], *many}))
                    if draw(st.booleans()):  # n:1 rather than 1:n
                        left, right = tuple(sorted({one[0], *(min(i, counts[a] - 1) for i in many)})), (one[1],)
                    score = draw(st.sampled_from((0.2, 0.35, 0.5, 0.8, 1.0)))
                    kind = draw(st.sampled_from(("match", "partial")))
                    found.append(Link(left, right, score, kind, pinned=draw(st.integers(0, 9)) == 0))
            links[(a, b)] = found
    return counts, links


def _flagged(first: str, second: str) -> bool:
    return first[:1] in FLAGS or second[:1] in FLAGS


def _check(rows: Sequence[Row], counts: Sequence[int], marks: Sequence[Marks], partners: Mapping[Node, list[Node]]):
    """What must hold of the rows as the screen shows and flags them."""
    for k, count in enumerate(counts):
        assert sorted(_shown(rows, k)) == list(range(count))  # each paragraph shown once
        moved = {i for i, (first, second, _) in marks[k].items() if ARROW_MOVED in (first[:1], second[:1])}
        assert moved == {p for row in rows for p in row.moved[k]}  # one source of truth: what the rows moved
        unflagged = [p for p in _shown(rows, k) if p not in moved]
        assert unflagged == sorted(unflagged)  # the rest reads in the article's own order
    assert _shown(rows, 0) == list(range(counts[0]))  # the first article whole, in order
    at = shown_at(rows)
    for x, theirs in partners.items():
        flagged = _flagged(*marks[x[0]][x[1]][:2])
        opposite = any(at[y] == at[x] for y in theirs)
        assert flagged or opposite  # an unflagged linked paragraph has a partner opposite
        for y in theirs:
            # every linked pair shares a row, unless one end is flagged, or each is shown opposite another
            # partner of its own (its gutter names that one, and `+` says there are more)
            assert at[x] == at[y] or flagged or _flagged(*marks[y[0]][y[1]][:2]) or opposite


@settings(max_examples=400, derandomize=True)
@given(story_links(2))
def test_two_articles_read_in_order_and_the_gutter_flags_what_is_not(story: tuple[list[int], Links]):
    counts, links = story
    rows = aligned_rows(links, counts)
    marks = _pair_marks(links[(0, 1)], counts, rows)
    partners = {(k, i): [] for k in (0, 1) for i in range(counts[k])}  # every pair the links join
    for i, j in pairs_of(links[(0, 1)]):
        partners[(0, i)].append((1, j))
        partners[(1, j)].append((0, i))
    _check(rows, counts, marks, {x: ys for x, ys in partners.items() if ys})
    for k in (0, 1):  # a paragraph not flagged names a partner opposite (a moved one is opposite its partner)
        for i, (first, _, kind) in marks[k].items():
            if kind != "unmatched" and first[:1] not in (ARROW_UP, ARROW_DOWN):
                assert shown_at(rows)[(1 - k, int(first[1:].rstrip("+")))] == shown_at(rows)[(k, i)] or (
                    first[:1] == ARROW_MOVED
                )


@settings(max_examples=300, derandomize=True)
@given(story_links(3), st.sampled_from(((0, 1, 2), (0, 1), (1, 2), (0, 2))))
def test_three_articles_or_two_of_them_read_in_order_and_follow_the_facts(
    story: tuple[list[int], Links], visible: tuple[int, ...]
):
    counts, links = story
    docs = [_document(n) for n in counts]
    facts = gather_facts(docs, links)
    collation = Collation(
        tuple(docs),
        {pair: Comparison(docs[pair[0]], docs[pair[1]], tuple(found)) for pair, found in links.items()},
        facts,
    )
    # the panes on screen, as the screen lays them out
    seen = {
        (x, y): collation.links(visible[x], visible[y]) for x in range(len(visible)) for y in range(x + 1, len(visible))
    }
    seen_facts = [Fact(tuple(f.paragraphs[c] for c in visible)) for f in facts]
    rows = aligned_rows(seen, [counts[c] for c in visible], seen_facts)
    partners = {node: strongest_first(found) for node, found in layout_partners(seen, seen_facts).items()}
    marks = [aligned_fact_marks(fact_marks(collation, c), k, rows, partners) for k, c in enumerate(visible)]
    _check(rows, [counts[c] for c in visible], marks, partners)
    # a paragraph the facts say no other outlet reports shares a row with another fact's paragraphs only
    # between two of that row's own paragraphs in its pane (it keeps its place there)
    fact_of = {(k, p): n for n, f in enumerate(seen_facts) for k, ps in enumerate(f.paragraphs) for p in ps}
    for row in rows:
        for k, cell in enumerate(row.paragraphs):
            for p in cell:
                if collation.fact_of(visible[k], p) is not None and collation.fact_of(visible[k], p).single:
                    others = {fact_of[(j, q)] for j, c in enumerate(row.paragraphs) for q in c} - {fact_of[(k, p)]}
                    assert not others or (min(cell) < p < max(cell))
