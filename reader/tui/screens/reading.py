"""The reading screen: two or three article panes kept opposite each other by their links.

Its state lives in reactive attributes (the collation, the pane being read, each pane's cursor, the word
selection, the search, the layout, the sync, which panes are shown, what the worker is doing) and watchers
repaint what depends on them. Annotation is a component the screen owns (tui/annotator.py). The stacked
layout of a narrow terminal, and how many of three panes fit, follow Textual's breakpoints.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from textual import events, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from reader.analysis.align import Link
from reader.analysis.collation import Collation, Fact, collate
from reader.analysis.comparison import Comparison
from reader.analysis.sides import Pane, Side
from reader.analysis.worddiff import differing_words_many
from reader.notes.corrections import corrected_collation
from reader.notes.export import paragraph_name
from reader.notes.model import Action, Position
from reader.notes.session import Session, clamp_position
from reader.text.corpus import ArticleInfo, article_info
from reader.text.document import Document, Role
from reader.text.quoting import quoted
from reader.text.sanitise import shown
from reader.tui import bindings
from reader.tui.annotator import Annotator, Selection
from reader.tui.clipboard import system_copy
from reader.tui.marks import (
    aligned_fact_marks,
    aligned_pair_marks,
    fact_marks,
    focused_link,
    gutter_marks,
    is_title_link,
    link_ends,
    link_words,
    pair_status,
    status_text,
    story_status,
    why_lines,
    why_text,
)
from reader.tui.rows import (
    Node,
    Row,
    aligned_rows,
    layout_partners,
    strongest_first,
)
from reader.tui.sync import partner_line
from reader.tui.widgets.pane import ArticlePane, Highlight, LineRef, Mark, merge_highlights
from reader.tui.widgets.status import Prompt, StatusBar

if TYPE_CHECKING:  # the contrasts screen is imported when first opened
    from reader.tui.screens.contrasts import Jump

STACK_BELOW = 100  # columns: narrower terminals stack two panes
THREE_FROM = 150  # columns: from this wide, a story of three shows all three panes
REVIEW_WHY_ROOM = 32  # cells the evidence of a link under review may take from the keys after it
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
ALIGNING = "aligning paragraphs"
CONTRASTING = "finding contrasts"

Highlights = dict[Pane, dict[int, list[Highlight]]]


@dataclass
class Article:
    """A document and how to name it in the header."""

    document: Document
    info: ArticleInfo


@dataclass(frozen=True)
class Search:
    """A search of every article: its matches in reading order (pane by pane), and the one shown."""

    query: str = ""
    hits: tuple[tuple[Pane, int, int, int], ...] = ()  # (pane, paragraph, start, end)
    at: int = -1


@dataclass(frozen=True)
class Review:
    """Stepping through the links of two panes one by one, to pin (confirm) or reject each. What became of
    each is read from the links themselves, so an undo during the review shows at once."""

    pair: tuple[Pane, Pane]
    links: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]  # each link's paragraphs in the two panes
    at: int = 0
    # (link, depth of the undo stack once it was judged), latest last: u goes back to the link it undoes
    judged: tuple[tuple[int, int], ...] = ()


def _no_highlights(panes: tuple[Pane, ...]) -> Highlights:
    return {pane: {} for pane in panes}


class ReaderScreen(Screen[None]):
    """Read two or three articles side by side; move through paragraphs, links, facts and omissions from
    the keyboard; annotate them (through its Annotator)."""

    BINDINGS = bindings.READING
    AUTO_FOCUS = ""  # `_restore` focuses the pane read last; Textual's default would take the first pane
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (STACK_BELOW, "-wide"), (THREE_FROM, "-widest")]

    collation: reactive[Collation | None] = reactive(None, init=False)
    side: reactive[Pane] = reactive("left", init=False)
    cursors: reactive[dict[Pane, int | None]] = reactive(dict, init=False)
    selection: reactive[Selection | None] = reactive(None, init=False)
    search: reactive[Search] = reactive(Search, init=False)
    sync = reactive(True, init=False)
    aligned = reactive(False, init=False)
    shown: reactive[tuple[Pane, ...]] = reactive(tuple, init=False)  # of three panes, the two a narrow terminal shows
    stage: reactive[str | None] = reactive(ALIGNING, init=False)  # what the worker is doing; None when done
    review: reactive[Review | None] = reactive(None, init=False)  # links being reviewed one by one

    def __init__(self, session: Session, collation: Collation | None = None) -> None:
        super().__init__()
        self.session = session
        self.panes = session.panes
        self.articles = {
            pane: Article(doc, article_info(doc.path, doc.metadata) if doc.path else ArticleInfo(Path(pane)))
            for pane, doc in session.docs.items()
        }
        self._initial = collation
        self._base: Collation | None = None  # the aligner's links, before the reader's corrections
        self.annotator = Annotator(self)
        first = {pane: self._first_paragraph(article.document) for pane, article in self.articles.items()}
        self.set_reactive(ReaderScreen.cursors, first)
        self.set_reactive(ReaderScreen.shown, self.panes[:2])
        # The pane read before this one, once the reader has been in another: `p` links the two cursors
        self.previous_side: Pane | None = None
        self._notice: tuple[str, Pane, dict[Pane, int | None]] = ("", self.side, {})  # see `_say`
        self._descriptors: Highlights = _no_highlights(self.panes)
        self._layout = Layout((), [], {})  # the aligned layout's rows, when last laid out
        self._started = time.monotonic()
        self._spinner: Timer | None = None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Help first in the footer: a narrow terminal's footer drops the keys that come last, and help lists
        them all. (Textual orders the footer by this; which binding a key runs does not depend on it.)"""
        active = super().active_bindings
        return {**{k: b for k, b in active.items() if b.binding.action == "help"}, **active}

    @staticmethod
    def _first_paragraph(doc: Document) -> int | None:
        body = [p.index for p in doc.paragraphs if p.role is Role.BODY]
        return body[0] if body else (0 if doc.paragraphs else None)

    @property
    def three(self) -> bool:
        return len(self.panes) == 3

    # --- composition ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Container(id="panes"):
            for pane in self.panes:
                article = self.articles[pane]
                with Vertical(classes="column", id=f"{pane}-column"):
                    yield Static(self._header(article), classes="pane-header", id=f"{pane}-header")
                    yield ArticlePane(pane, article.document, id=f"{pane}-pane")
        yield Prompt(id="prompt")
        yield StatusBar(id="status")
        yield Footer()

    @staticmethod
    def _header(article: Article) -> Content:
        info = article.info
        parts = [info.outlet or "", info.headline or article.document.title, shown(info.path.name)]
        return Content(" · ".join(p for p in parts if p))

    def pane(self, side: Pane) -> ArticlePane:
        return self.query_one(f"#{side}-pane", ArticlePane)

    @property
    def focused_pane(self) -> ArticlePane:
        return self.pane(self.side)

    def other_pane(self) -> Pane:
        """The pane read before this one; until the reader has been in another, the other pane on screen."""
        previous = self.previous_side
        return previous if previous is not None else next(p for p in self.on_screen() if p != self.side)

    def on_screen(self) -> tuple[Pane, ...]:
        """The panes on screen, left to right."""
        if self.three and self.has_class("-widest"):
            return self.panes
        return self.shown

    def on_mount(self) -> None:
        self.set_class(self.three, "-three")
        self.query_one(Prompt).display = False
        self._restore(self.session.position)
        for message in self.session.messages:
            self.notify(message, title="Notes", severity="warning", timeout=15)
        for pane, article in self.articles.items():  # an empty pane says why it is empty
            if not article.document.paragraphs:
                name = shown(self._outlet(pane))
                self.notify(f"The {pane} article, {name}, has no text to show.", severity="warning", timeout=15)
        if self.session.notes:
            count = len(self.session.notes)
            where = shown(self.session.notes_path)
            self.notify(f"{count} note{'' if count == 1 else 's'} loaded from {where}", title="Notes", timeout=8)
        self._show_columns()
        if self._initial is not None:
            self._set_base(self._initial)
        else:  # the text shows at once; the links follow from a worker once the first frame is painted
            self.call_after_refresh(self._begin_aligning)

    def _restore(self, position: Position) -> None:
        """Put the reader back where the saved session left off."""
        position = clamp_position(position, self.session)
        if any(position.cursor(pane) for pane in self.panes):
            saved = {p: position.cursor(p) if self.articles[p].document.paragraphs else None for p in self.panes}
            self.set_reactive(ReaderScreen.cursors, saved)
        side = position.side  # an empty article's pane is not where reading starts
        if not self.articles[side].document.paragraphs:
            side = next((p for p in self.panes if self.articles[p].document.paragraphs), side)
        self.set_reactive(ReaderScreen.side, side)
        if side not in self.shown:
            self.set_reactive(ReaderScreen.shown, self._pair_with(side))
        self.set_reactive(ReaderScreen.sync, position.sync)
        self.set_reactive(ReaderScreen.aligned, position.layout == "aligned")
        self.pane(self.side).focus()
        self._mark_active()

    def current_position(self) -> Position:
        cursor = {pane: self.cursors.get(pane) or 0 for pane in self.panes}
        return Position(
            side=self.side,
            left=cursor["left"],
            right=cursor["right"],
            centre=cursor.get("centre", 0),
            layout="aligned" if self.aligned else "reading",
            sync=self.sync,
        )

    # --- the analysis, from a worker ------------------------------------------------------------------

    def _begin_aligning(self) -> None:
        """Align in a worker thread; meanwhile a spinner in the status bar says what it is doing and for how
        long (long documents take seconds)."""
        self._started = time.monotonic()
        self._spinner = self.set_interval(0.1, self._update_status)
        self._align()

    @work(thread=True, exclusive=True, group="align")
    def _align(self) -> None:
        documents = [self.articles[pane].document for pane in self.panes]
        result = collate(documents, on_links=partial(self.app.call_from_thread, self._set_links))
        self.app.call_from_thread(self._set_base, result)

    def _set_links(self, collation: Collation) -> None:
        """The links are in: show them while the contrasts are found."""
        self.stage = CONTRASTING
        self._show(collation)

    def _set_base(self, collation: Collation) -> None:
        """The whole collation is in."""
        self.stage = None
        self._show(collation)

    def _show(self, collation: Collation) -> None:
        self._base = collation
        self.collation = corrected_collation(collation, self.session.corrections, self.panes)

    def links_corrected(self) -> None:
        """The reader pinned or rejected a link: show the corrected links."""
        if self._base is not None:
            self.collation = corrected_collation(self._base, self.session.corrections, self.panes)

    def pair(self, a: Pane, b: Pane) -> tuple[Link, ...]:
        """The links between two panes, oriented from `a` (each link's left) to `b`."""
        if self.collation is None:
            return ()
        return self.collation.links(self.panes.index(a), self.panes.index(b))

    @property
    def comparison(self) -> Comparison | None:
        """The comparison of a story of two (None for three, or before the links are in)."""
        if self.collation is None or self.three:
            return None
        return self.collation.pairs[(0, 1)]

    def partners(self, pane: Pane, index: int | None) -> dict[Pane, list[int]]:
        """The paragraphs of every other pane linked to paragraph `index` of `pane`."""
        if index is None or self.collation is None:
            return {}
        a = self.panes.index(pane)
        return {
            other: found
            for b, other in enumerate(self.panes)
            if b != a and (found := self.collation.partners(a, index, b))
        }

    # --- reactive state -------------------------------------------------------------------------------

    def watch_collation(self, collation: Collation | None) -> None:
        self._descriptors = self._descriptor_highlights()
        self._relayout()

    def watch_side(self, previous: Pane, side: Pane) -> None:
        self.previous_side = previous
        if side not in self.on_screen():
            self.shown = self._pair_with(side, previous)
        self.focused_pane.focus()
        self._mark_active()
        self._refresh_view()

    def watch_cursors(self) -> None:
        self._refresh_view()

    def watch_selection(self) -> None:
        self._refresh_view()

    def watch_search(self) -> None:
        self._refresh_view()

    def watch_sync(self) -> None:
        self._refresh_view()
        if self.sync:
            self._sync_partners()

    def watch_aligned(self) -> None:
        self._relayout()

    def watch_shown(self) -> None:
        self._show_columns()
        self._relayout()

    def watch_stage(self, stage: str | None) -> None:
        if stage is None and self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        self._update_status()

    def _mark_active(self) -> None:
        """Show which pane is being read (its header), whatever holds the focus (a dialog, the prompt)."""
        for pane in self.panes:
            self.query_one(f"#{pane}-column").set_class(pane == self.side, "-active")

    def _show_columns(self) -> None:
        """Of three panes, hide the one not shown (the widest layout shows all three whatever this says), and
        mark the last one shown: no separator after it (CSS cannot see that the column after it is hidden)."""
        for pane in self.panes:
            column = self.query_one(f"#{pane}-column")
            column.set_class(pane not in self.shown, "-hidden")
            column.set_class(pane == self.shown[-1], "-last")

    def _pair_with(self, side: Pane, beside: Pane | None = None) -> tuple[Pane, ...]:
        """Two panes to show that include `side`, keeping one already shown beside it where possible: `beside`
        (the pane just read, so that l from the centre shows centre and right, not left and right) if shown."""
        shown = sorted(self.shown, key=lambda p: p != beside)
        keep = next((p for p in shown if p != side), None)
        chosen = {side, keep} if keep is not None else {side}
        if len(chosen) < 2:
            chosen.add(next(p for p in self.panes if p != side))
        return tuple(p for p in self.panes if p in chosen)

    def on_article_pane_resized(self, event: ArticlePane.Resized) -> None:
        self._relayout()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A pane focused by mouse follows as the pane read; a focus event that the keys since have
        overtaken (the focus has moved on) is ignored."""
        widget = event.widget
        if isinstance(widget, ArticlePane) and widget is self.focused and widget.side != self.side:
            self.side = widget.side

    # --- layout ---------------------------------------------------------------------------------------

    def _relayout(self) -> None:
        """Lay the panes on screen out again (width, mode, links or panes changed), keeping the cursor in
        view."""
        if not self.is_mounted:
            return
        visible = [self.pane(p) for p in self.on_screen()]
        if any(p.scrollable_content_region.width <= 0 for p in visible):
            return
        for p in visible:
            p.fit_width()
        if self.aligned and self.collation is not None:
            for p, lines in zip(visible, self._aligned_lines(visible)):
                p.set_lines(lines)
        else:
            for p in visible:
                p.set_lines(p.block_lines(range(len(p.document.paragraphs))))
        self._refresh_marks()
        self._refresh_view(scroll=True)

    def _stacked(self) -> bool:
        return self.has_class("-narrow")

    def _aligned_lines(self, visible: list[ArticlePane]) -> list[list[LineRef]]:
        """The aligned layout of the panes on screen: rows of linked paragraphs, padded to a common height
        where the panes stand side by side (stacked panes are not padded: rows meet through the sync)."""
        sides = [p.side for p in visible]
        links = {(a, b): self.pair(sides[a], sides[b]) for a in range(len(sides)) for b in range(a + 1, len(sides))}
        # the story's facts as the panes on screen see them: of three articles with two on screen, a link the
        # three-article facts reject (a weak partial link) places nothing, as in the three-pane view
        columns = [self.panes.index(side) for side in sides]
        story = self.collation.facts if self.collation is not None else ()
        facts = [Fact(tuple(fact.paragraphs[c] for c in columns)) for fact in story]
        rows = aligned_rows(links, [len(p.document.paragraphs) for p in visible], facts)
        partners = {node: strongest_first(found) for node, found in layout_partners(links, facts).items()}
        self._layout = Layout(tuple(sides), rows, partners)
        out: list[list[LineRef]] = [[] for _ in visible]
        for row in rows:
            blocks = [p.block_lines(row.paragraphs[k]) for k, p in enumerate(visible)]
            height = 0 if self._stacked() else max(len(b) for b in blocks)
            for k, block in enumerate(blocks):
                out[k] += block + [(None, 0)] * (height - len(block))
        return out

    def _refresh_marks(self) -> None:
        """Gutter marks: how each paragraph is linked (or, of three, which articles report its fact), and
        whether it carries a note."""
        comparison = self.comparison
        layout = self._layout if self.aligned else Layout((), [], {})
        for k, pane in enumerate(self.panes):
            column = layout.sides.index(pane) if pane in layout.sides else None
            if self.collation is None:
                marks = {}
            elif comparison is not None:
                marks = gutter_marks(comparison, cast(Side, pane))
                if column is not None:
                    marks = aligned_pair_marks(marks, cast(Side, pane), column, layout.rows)
            else:
                marks = fact_marks(self.collation, k)
                if column is not None:
                    marks = aligned_fact_marks(marks, column, layout.rows, layout.partners)
            noted = self.annotator.noted_paragraphs(pane)
            out = {}
            for i in set(marks) | noted:
                first, second, kind = marks.get(i, ("", "", "gutter"))
                out[i] = Mark(first, second, f"pane--{kind}", noted=i in noted)
            self.pane(pane).set_marks(out)

    # --- what the panes show --------------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Show changed notes, selection or links (called by the annotator)."""
        self._refresh_marks()
        self._refresh_view()

    def _refresh_view(self, scroll: bool = False) -> None:
        """Push cursors, partners and highlights to every pane; with `scroll`, bring the cursor into view and
        its partners level with it."""
        if not self.is_mounted:
            return
        side, index = self.side, self.cursors.get(self.side)
        partners = self.partners(side, index)
        groups = {side: [index] if index is not None else [], **partners}
        diff = self._word_differences(groups)
        search = self._search_highlights()
        notes = self.annotator.note_highlights()
        for pane in self.panes:
            highlights = merge_highlights(diff[pane], self._descriptors[pane], notes[pane], search[pane])
            tinted = partners.get(pane, []) if pane != side else []
            self.pane(pane).show(cursor=self.cursors.get(pane), partners=tinted, highlights=highlights)
        if scroll and index is not None:
            self.focused_pane.ensure_visible(index)
            self._sync_partners()
        self._update_status()

    def _word_differences(self, groups: dict[Pane, list[int]]) -> Highlights:
        """The words of each shown paragraph that none of its partners on screen uses, when the link is a
        match (a partial link shares one detail: nearly every word would light up)."""
        out = _no_highlights(self.panes)
        strong = {
            pane
            for pane, found in groups.items()
            if pane != self.side and any(self._strong(self.side, i, pane) for i in groups[self.side])
        }
        if not strong:
            return out
        shown_groups = {pane: groups[pane] for pane in (self.side, *strong) if pane in self.on_screen()}
        for pane, indexes in shown_groups.items():
            texts = [self.articles[pane].document.paragraphs[i].text for i in indexes]
            others = [
                self.articles[o].document.paragraphs[j].text for o, js in shown_groups.items() if o != pane for j in js
            ]
            if not texts or not others:
                continue
            spans, _ = differing_words_many(texts, others)
            for i, found in zip(indexes, spans):
                out[pane][i] = [(a, b, f"pane--{pane}-only") for a, b in found]
        return out

    def _strong(self, a: Pane, index: int, b: Pane) -> bool:
        """Whether paragraph `index` of pane `a` has a match (or pinned) link to pane `b`."""
        return any(index in link.left and (link.kind == "match" or link.pinned) for link in self.pair(a, b))

    def _descriptor_highlights(self) -> Highlights:
        """Spans of every descriptor and loaded word, per pane and paragraph, in the descriptor style."""
        out = _no_highlights(self.panes)
        comparison = self.comparison
        if comparison is None:
            return out
        for contrast in comparison.contrasts:
            for side, items in zip(("left", "right"), (contrast.left, contrast.right)):
                for d in items:
                    if d.kind != "name":
                        out[cast(Pane, side)].setdefault(d.paragraph, []).append((d.start, d.end, "pane--descriptor"))
        for word in comparison.loaded:
            out[word.side].setdefault(word.paragraph, []).append((word.start, word.end, "pane--descriptor"))
        return out

    def _search_highlights(self) -> Highlights:
        out = _no_highlights(self.panes)
        for k, (pane, index, a, b) in enumerate(self.search.hits):
            name = "pane--search-current" if k == self.search.at else "pane--search"
            out[pane].setdefault(index, []).append((a, b, name))
        return out

    def _update_status(self) -> None:
        if not self.is_mounted:
            return
        if self._notice[1:] != (self.side, self.cursors):  # moved on: gone for good, even on coming back
            self._say("")
        notes = [  # what a key just did first: the part a narrow terminal must not cut off
            x
            for x in (
                self._notice[0],
                self.annotator.selection_status(),
                self.annotator.notes_status(),
            )
            if x
        ]
        waiting = ""
        if self.stage is not None:
            elapsed = time.monotonic() - self._started
            waiting = f"{SPINNER[int(elapsed * 10) % len(SPINNER)]} {self.stage} …"
            if elapsed >= 1:
                waiting += f" {elapsed:.0f} s"
            if self.collation is not None:  # links shown, contrasts to come
                notes.insert(0, waiting)
        index = self.cursors.get(self.side)
        comparison = self.comparison
        link: Link | None = None
        if self.collation is None:
            summary = [waiting]
        elif self.review is not None:  # first, where a narrow terminal cannot cut it off
            link = self._reviewed()
            # the evidence before the keys, and room for it even where the keys' tail is then cut off
            room = self.query_one(StatusBar).content_region.width - cell_len(self.review_status(self.review, link))
            why = why_text(link, room=max(room, REVIEW_WHY_ROOM)) if link is not None else ""
            summary = [self.review_status(self.review, link, why)]
            link = None  # its evidence is in the review's own words, before the keys
        elif comparison is not None:
            summary = pair_status(comparison, cast(Side, self.side), index, {"left": "left", "right": "right"})
            link = focused_link(comparison, cast(Side, self.side), index)
        else:
            summary = story_status(self.collation, self.panes.index(self.side), index, list(self.panes))
            hidden = [pane for pane in self.panes if pane not in self.on_screen()]
            if hidden:  # a terminal too narrow for three panes: say that one is out of sight, and how to see it
                summary.append(f"{hidden[0]} hidden: r shows it")
        bar = self.query_one(StatusBar)
        text = status_text(summary, self.sync, self.aligned, " │ ".join(notes))
        room = bar.content_region.width - cell_len(text) - len(" │ ")
        why = why_text(link, room=room) if link is not None else ""
        bar.show(status_text(summary, self.sync, self.aligned, " │ ".join(notes), why))

    # --- syncing --------------------------------------------------------------------------------------

    def _sync_partners(self) -> None:
        """Scroll the other panes on screen so the cursor's partners sit at the same height as the cursor."""
        source = self.focused_pane
        index = self.cursors.get(self.side)
        for other in self.on_screen():
            if other == self.side:
                continue
            target = self.pane(other)
            if self.aligned and not self._stacked():
                if self.sync:
                    target.scroll_line_to_row(source.scroll_y, 0, programmatic=True)
                continue
            if not self.sync or self.collation is None or index is None or index not in source.geometry:
                continue
            top = source.geometry[index][0]
            line = partner_line(top, self.pair(self.side, other), source.geometry, target.geometry, "left", index)
            target.scroll_line_to_row(line, top - source.scroll_y, programmatic=True)

    def on_article_pane_scrolled(self, event: ArticlePane.Scrolled) -> None:
        """Keep linked text opposite when the user scrolls one pane (wheel, page keys)."""
        if not event.by_user or not self.sync or self.collation is None:
            return
        source = event.pane
        for other in self.on_screen():
            if other == source.side:
                continue
            target = self.pane(other)
            if self.aligned and not self._stacked():
                target.scroll_line_to_row(source.scroll_y, 0, programmatic=True)
                continue
            middle = source.middle_line()
            paragraph = source.paragraph_at(int(middle))
            links = self.pair(source.side, other)
            line = partner_line(middle, links, source.geometry, target.geometry, "left", paragraph)
            target.scroll_line_to_row(line, middle - source.scroll_y, programmatic=True)

    # --- moving the cursor ----------------------------------------------------------------------------

    def _order(self, side: Pane) -> list[int]:
        """Paragraph indexes of one pane in display order."""
        return self.pane(side).order

    def set_cursor(self, side: Pane, index: int | None, *, notice: str = "") -> None:
        """Put the cursor of a pane on a paragraph and read that pane; the cursor is brought into view and
        its partners level with it."""
        self.cursors = {**self.cursors, side: index}
        if side != self.side:
            self.side = side
        self._say(notice)
        self._refresh_view(scroll=True)

    def _say(self, notice: str) -> None:
        """A word in the status bar about where the reader is ("no more in this direction"), shown until the
        cursor or the pane being read changes, so that it never outlives what it is about."""
        self._notice = (notice, self.side, dict(self.cursors))

    def _step(self, delta: int, accept: Callable[[int], bool]) -> None:
        order = self._order(self.side)
        current = self.cursors.get(self.side)
        if not order:
            return
        pos = order.index(current) if current in order else (-1 if delta > 0 else len(order))
        candidates = order[pos + 1 :] if delta > 0 else list(reversed(order[:pos]))
        for index in candidates:
            if accept(index):
                self.set_cursor(self.side, index)
                return
        self.set_cursor(self.side, current, notice="no more in this direction")

    def action_move(self, delta: int) -> None:
        self._step(delta, lambda i: True)

    def _facts_where(self, wanted: Callable[[int], bool]) -> Callable[[int], bool]:
        """Accept a paragraph of the pane being read whose fact is reported by a number of articles that
        `wanted` accepts."""
        collation, article = self.collation, self.panes.index(self.side)

        def accept(index: int) -> bool:
            fact = collation.fact_of(article, index) if collation is not None else None
            return fact is not None and wanted(len(fact.articles))

        return accept

    def action_next_link(self, delta: int) -> None:
        """The next paragraph linked to another article (while reviewing links: the next link)."""
        if self.review is not None:
            self._review_at(self.review.at + delta)
        elif self.collation is not None:
            self._step(delta, self._facts_where(lambda n: n > 1))

    def action_next_unmatched(self, delta: int) -> None:
        """The next body paragraph no other article reports: what the others left out."""
        if self.collation is not None:
            self._step(delta, self._facts_where(lambda n: n == 1))

    def action_next_shared(self, delta: int) -> None:
        """The next paragraph whose fact every article reports."""
        if self.collation is not None:
            self._step(delta, self._facts_where(lambda n: n == len(self.panes)))

    def action_switch_pane(self) -> None:
        """The next pane on screen (the first after the last)."""
        visible = self.on_screen()
        self._go_to_pane(visible[(visible.index(self.side) + 1) % len(visible)] if self.side in visible else visible[0])

    def action_focus_step(self, delta: int) -> None:
        """The pane to the left or right of the one being read. While words are being selected, the same keys
        make the selection longer (l, →) or shorter (h, ←)."""
        if self.selection is not None:
            self.annotator.extend_selection(delta)
            return
        order = self.panes
        at = order.index(self.side) + delta
        if 0 <= at < len(order):
            self._go_to_pane(order[at])
        else:
            self._say(f"no pane to the {'right' if delta > 0 else 'left'}")
            self._update_status()

    def _go_to_pane(self, pane: Pane) -> None:
        """Read another pane: its cursor lands on the best partner of the paragraph just read; with none, it
        stays where it was if that is in view, else it comes to the paragraph level with the one just read."""
        if pane == self.side:
            return
        index = self.cursors.get(self.side)
        partners = self.partners(self.side, index).get(pane)
        if partners:
            self.cursors = {**self.cursors, pane: partners[0]}
        elif index is not None and self._laid_out(pane) and not self.pane(pane).shows(self.cursors.get(pane)):
            source, target = self.focused_pane, self.pane(pane)
            row = max(0, source.geometry[index][0] - round(source.scroll_y)) if index in source.geometry else 0
            level = target.paragraph_at(round(target.scroll_y) + row)
            if level is not None:
                self.cursors = {**self.cursors, pane: level}
        self.side = pane
        self._refresh_view(scroll=True)

    def _laid_out(self, pane: Pane) -> bool:
        """Whether a pane is on screen with its lines laid out (one just brought back by `r` is not yet)."""
        return pane in self.on_screen() and self.pane(pane).scrollable_content_region.height > 0

    def action_rotate_panes(self) -> None:
        """Of three articles on a terminal too narrow for three panes, show the next pair."""
        if not self.three:
            self.notify("Rotating panes needs a story of three articles.", severity="warning")
            return
        if self.has_class("-widest"):
            self.notify("All three panes are on screen.")
            return
        pairs = [("left", "centre"), ("centre", "right"), ("left", "right")]
        now = pairs.index(cast(tuple[str, str], self.shown)) if self.shown in pairs else -1
        self.shown = cast(tuple[Pane, ...], pairs[(now + 1) % len(pairs)])
        if self.side not in self.shown:
            self._go_to_pane(self.shown[0])
        self._say("showing " + " and ".join(self.shown))
        self._update_status()

    def action_page(self, delta: int) -> None:
        """A page down or up: the cursor moves to the first paragraph on the new page, and its partners come
        level with it (not with the middle of the page, which could leave them off screen)."""
        pane = self.focused_pane
        view = pane.scrollable_content_region.height
        pane.scroll_line_to_row(pane.scroll_y + delta * max(1, view - 2), 0, programmatic=True)
        top = round(pane.scroll_y)
        index = next((i for i in pane.order if top <= pane.geometry[i][0] < top + view), None)
        if index is None:
            index = pane.paragraph_at(top)
        if index is not None:
            self.cursors = {**self.cursors, self.side: index}
            self._sync_partners()
            self._update_status()

    def action_edge(self, delta: int) -> None:
        order = self._order(self.side)
        if order:
            self.set_cursor(self.side, order[-1] if delta > 0 else order[0])

    def on_article_pane_clicked(self, event: ArticlePane.Clicked) -> None:
        self.selection = None
        self.set_cursor(event.pane.side, event.paragraph)

    def on_article_pane_dragged(self, event: ArticlePane.Dragged) -> None:
        side = event.pane.side
        self.set_cursor(side, event.paragraph)
        self.annotator.select_span(side, event.paragraph, event.start, event.end)

    # --- reviewing links ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The review's own keys (enter, escape) work only while reviewing, and pass through otherwise."""
        if action in ("review_accept", "review_end"):
            return self.review is not None
        return True

    def action_review_links(self) -> None:
        """Step through the links between this pane and the one read before, from the cursor on: enter pins
        (confirms) a link, x rejects it, ] and [ move, escape ends."""
        if self.collation is None:
            self.notify("The links are still being computed.", severity="warning")
            return
        a, b = sorted((self.side, self.other_pane()), key=self.panes.index)
        links = sorted(self.pair(a, b), key=lambda link: (link.left[0], link.right[0]))
        if not links:
            self.notify(f"There are no links between the {a} and {b} articles to review.", severity="warning")
            return
        cursor = self.cursors.get(a) or 0
        start = next((k for k, link in enumerate(links) if link.left[0] >= cursor), 0)
        self.review = Review((a, b), tuple((link.left, link.right) for link in links))
        self._review_at(start)

    def _review_at(self, at: int) -> None:
        review = self.review
        if review is None:
            return
        if not 0 <= at < len(review.links):
            self._say("no more links in this direction")
            self._update_status()
            return
        self.review = replace(review, at=at)
        left, right = review.links[at]
        read = self.side if self.side in review.pair else review.pair[0]
        self.jump_to({review.pair[0]: left[0], review.pair[1]: right[0]}, read)

    def _judge(self, action: Action) -> None:
        """Pin or reject the link under review, then show the next."""
        review = self.review
        assert review is not None
        (a, b), (left, right) = review.pair, review.links[review.at]
        depth = self.annotator.undo_depth
        self.annotator.correct_link(action, a, left, b, right)
        if self.annotator.undo_depth > depth:
            self.review = replace(review, judged=(*review.judged, (review.at, self.annotator.undo_depth)))
        self._review_at(review.at + 1)

    def action_review_accept(self) -> None:
        self._judge("pin")

    def action_review_end(self) -> None:
        review = self.review
        self.review = None
        if review is not None:
            now = [self._link_now(review.pair, ends) for ends in review.links]
            pinned, rejected = sum(1 for k in now if k is not None and k.pinned), now.count(None)
            self.notify(f"Review ended: of {len(now)} links, {pinned} pinned and {rejected} rejected. u undoes each.")

    def watch_review(self) -> None:
        self._update_status()

    def _reviewed(self) -> Link | None:
        """The link under review as the panes have it now (None once rejected, or when not reviewing)."""
        return self._link_now(self.review.pair, self.review.links[self.review.at]) if self.review else None

    def _link_now(self, pair: tuple[Pane, Pane], ends: tuple[tuple[int, ...], tuple[int, ...]]) -> Link | None:
        """What became of a link between these paragraphs: the strongest link left between them (a pinned 1:n
        link comes back as 1:1 links), or None once rejected."""
        left, right = ends
        now = [k for k in self.pair(*pair) if set(k.left) & set(left) and set(k.right) & set(right)]
        return max(now, key=lambda k: (k.pinned, k.score)) if now else None

    def review_status(self, review: Review, link: Link | None, why: str = "") -> str:
        """Which link is under review, named with its score (or "rejected") and why it was made: the one
        enter pins and x rejects. `link` is what became of it."""
        (a, b), (left, right) = review.pair, review.links[review.at]
        named = link_ends(review.pair, (left, right))
        if link is None:
            named += " (rejected)"
        else:
            docs = (self.articles[a].document, self.articles[b].document)
            named += f" {link_words(link, is_title_link(*docs, link))}"
        keys = "enter pins · x rejects · u undoes · ] next · [ back · w why · esc ends"
        return f"review {review.at + 1}/{len(review.links)}: {named} · {why + ' · ' if why else ''}{keys}"

    # --- modes ----------------------------------------------------------------------------------------

    def action_toggle_sync(self) -> None:
        self.sync = not self.sync

    def action_toggle_layout(self) -> None:
        if self.collation is None:
            self.notify("The links are still being computed.", severity="warning")
            return
        self.aligned = not self.aligned

    def action_why_linked(self) -> None:
        """Say in full why the link under the cursor (or under review) was made: what the status bar has
        room for is often only part of it, and in a narrow terminal nothing."""
        if self.collation is None:
            self.notify("The links are still being found.")
            return
        if self.review is not None:
            link, (a, b) = self._reviewed(), self.review.pair
            if link is None:
                self.notify("The link under review is rejected: u brings it back.")
                return
        else:
            index = self.cursors.get(self.side)
            a, b, link = self.side, self.other_pane(), None
            found = [(k, other) for other in self.panes if other != a for k in self.pair(a, other)]
            found = [(k, other) for k, other in found if index in k.left]
            if found:  # the strongest, as the status bar names it
                link, b = max(found, key=lambda f: (f[0].pinned, f[0].score))
            if link is None:
                self.notify("The paragraph under the cursor is not linked: there is nothing to explain.")
                return
        headlines = is_title_link(self.articles[a].document, self.articles[b].document, link)
        named = f"{link_ends((a, b), (link.left, link.right))} {link_words(link, headlines)}"
        self.notify("\n".join(why_lines(link, headlines)), title=f"Why linked: {named}", timeout=12)

    def action_show_contrasts(self) -> None:
        from reader.tui.screens.contrasts import ContrastsScreen

        if self.stage is not None or self.collation is None:
            self.notify("The contrasts are still being found; the status bar shows how far.", severity="warning")
            return
        self.app.push_screen(ContrastsScreen(self.collation), self._jump_to_mentions)

    def _jump_to_mentions(self, jump: Jump | None) -> None:
        if jump is not None:
            self.jump_to(dict(zip(self.panes, jump)))

    def jump_to(self, places: dict[Pane, int | None], read: Pane | None = None) -> None:
        """Put each named pane's cursor on the given paragraph, without the sync moving them off it, and read
        pane `read` (by default the first named)."""
        chosen = {pane: index for pane, index in places.items() if index is not None}
        if not chosen:
            return
        self.cursors = {**self.cursors, **chosen}
        self.side = read if read is not None else next(iter(chosen))
        self._refresh_view()
        for pane, index in chosen.items():
            if pane in self.on_screen():
                self.pane(pane).ensure_visible(index)

    # --- go to and search -----------------------------------------------------------------------------

    def ask(self, placeholder: str, answer: Callable[[str], None], value: str = "") -> None:
        """Ask one line in the prompt; `answer` gets it (nothing happens on escape). Focus comes back to the
        pane being read at once, so the next key typed is the reader's again."""

        def answered(text: str | None) -> None:
            self.remove_class("-asking")
            self.set_focus(self.focused_pane)
            if text is not None:
                answer(text)

        self.add_class("-asking")  # toasts move up, off the prompt
        self.query_one(Prompt).ask(placeholder, answered, value)

    def action_ask_jump(self) -> None:
        count = len(self.articles[self.side].document.paragraphs)
        self.ask(f"Go to paragraph (0–{count - 1}) in the {self.side} article", lambda text: self._jump(text.strip()))

    def action_ask_search(self) -> None:
        self.ask("Search every article (case-insensitive)", self._search, self.search.query)

    def _jump(self, value: str) -> None:
        doc = self.articles[self.side].document
        number = int(value) if value.isascii() and value.isdigit() else -1  # not "²", which isdigit() accepts
        if not 0 <= number < len(doc.paragraphs):
            self.notify(f"No paragraph {value!r} in the {self.side} article.", severity="warning")
            return
        self.set_cursor(self.side, number)

    def _search(self, query: str) -> None:
        """Find every match, numbered in one fixed order (pane by pane, paragraph by paragraph), and go to the
        first at or after the cursor of the pane being read."""
        hits: list[tuple[Pane, int, int, int]] = []
        if query.strip():
            pattern = re.compile(re.escape(query.strip()), re.IGNORECASE)
            for pane in self.panes:
                for p in self.articles[pane].document.paragraphs:
                    hits += [(pane, p.index, m.start(), m.end()) for m in pattern.finditer(p.text)]
        if not hits:
            self.search = Search(query)
            self._say(f"not found: “{query.strip()}”" if query.strip() else "")  # not the last search's match
            if query.strip():
                self.notify(f"Not found: {query.strip()}", severity="warning")
            self._update_status()
            return
        here = (self.panes.index(self.side), self.cursors.get(self.side) or 0)
        first = next((k for k, (pane, i, _, _) in enumerate(hits) if (self.panes.index(pane), i) >= here), 0)
        self.search = Search(query, tuple(hits), first - 1)
        self.action_search_step(1)

    def action_search_step(self, delta: int) -> None:
        found = self.search
        if not found.hits:
            query = found.query.strip()
            message = f"Not found: {query} (/ searches again)" if query else "No search yet: press / to search."
            self.notify(message, severity="warning" if query else "information")
            return
        at = (found.at + delta) % len(found.hits)
        self.search = Search(found.query, found.hits, at)
        side, index, _, _ = found.hits[at]
        notice = f"match {at + 1}/{len(found.hits)} for “{found.query.strip()}”"
        self.set_cursor(side, index, notice=notice)

    def current_match(self) -> tuple[Pane, int, int, int] | None:
        """The search match shown, if any."""
        found = self.search
        return found.hits[found.at] if found.hits and 0 <= found.at < len(found.hits) else None

    # --- annotating (the Annotator does the work) -----------------------------------------------------

    def action_add_note(self) -> None:
        self.annotator.add_note()

    def action_show_notes(self) -> None:
        self.annotator.show_notes()

    def action_save_notes(self) -> None:
        self.annotator.save_notes()

    def action_save_notes_as(self) -> None:
        self.annotator.save_notes_as()

    def action_select_words(self) -> None:
        self.annotator.select_words()

    def action_move_selection_start(self, words: int) -> None:
        self.annotator.move_selection_start(words)

    def action_select_sentence(self, delta: int) -> None:
        self.annotator.extend_selection_to_sentence(delta)

    def action_pin_link(self) -> None:
        self.annotator.pin_link()

    def action_reject_link(self) -> None:
        if self.review is not None:
            self._judge("reject")
        else:
            self.annotator.reject_link()

    def action_undo(self) -> None:
        """Undo the last correction or deletion; in a review, one made there goes back to its link."""
        review = self.review
        if review is not None and review.judged and review.judged[-1][1] == self.annotator.undo_depth:
            self.review = replace(review, judged=review.judged[:-1])
            self.annotator.undo()
            self._review_at(review.judged[-1][0])
            return
        self.annotator.undo()

    def _outlet(self, pane: Pane) -> str:
        """The outlet of a pane's article, from its metadata, else its file name."""
        info = self.articles[pane].info
        return info.outlet or info.path.name

    def action_copy(self) -> None:
        """Copy the selected words, or the paragraph under the cursor, with where they come from."""
        index = self.cursors.get(self.side)
        if index is None:
            return
        doc = self.articles[self.side].document
        s = self.selection
        text = doc.paragraphs[s.paragraph].text[s.start : s.end] if s is not None else doc.paragraphs[index].text
        where = self._outlet(self.side)
        # the paragraph named as the memo names it: as a reader counts, then diptych's number (for `:`)
        named = paragraph_name(doc, s.paragraph if s is not None else index)
        copied = f"{quoted(text)} ({where}, {named})"
        self.app.copy_to_clipboard(copied)  # OSC 52: the terminal's clipboard, where the terminal allows it
        self._copy_elsewhere(copied, f"{'the selected words' if s is not None else named} from {where}")

    @work(thread=True, group="copy")
    def _copy_elsewhere(self, text: str, what: str) -> None:
        """Give the text to the system's clipboard command too, off the UI thread (a command facing a dead
        display waits), and say where it went."""
        went = system_copy(text)
        if went is not None:
            said = f"Copied {what} to {went} (and to the terminal's clipboard)."
        else:
            said = (
                f"Sent {what} to the terminal's clipboard (OSC 52); a terminal that does not take it, or tmux "
                "without `set -g set-clipboard on`, has nothing to paste."
            )
        self.app.call_from_thread(self.notify, said)


# --- the aligned layout's gutter ------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """The aligned layout as last laid out: the panes on screen, their rows, and the partners the rows
    follow (each paragraph's, the strongest first), by column on screen."""

    sides: tuple[Pane, ...]
    rows: list[Row]
    partners: dict[Node, list[Node]]
