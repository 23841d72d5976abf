"""The reading screen: two article panes kept opposite each other by their links."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

if TYPE_CHECKING:  # the contrasts screen is imported when first opened
    from reader.tui.screens.contrasts import Jump

from reader.analysis.comparison import Comparison, compare_documents
from reader.analysis.sides import SIDES, Side, other
from reader.analysis.worddiff import differing_words_many
from reader.notes.model import Position
from reader.notes.session import Session, clamp_position
from reader.text.corpus import ArticleInfo, article_info
from reader.text.document import Document, Role
from reader.text.sanitise import shown
from reader.tui import bindings
from reader.tui.annotator import Annotator
from reader.tui.marks import gutter_marks, link_group, status_text
from reader.tui.rows import aligned_rows
from reader.tui.sync import partner_line
from reader.tui.widgets.pane import ArticlePane, Highlight, LineRef, Mark, merge_highlights
from reader.tui.widgets.status import Prompt, StatusBar

STACK_BELOW = 100  # columns: narrower terminals stack the panes
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
ALIGNING = "aligning paragraphs"
CONTRASTING = "finding contrasts"


@dataclass
class Article:
    """A document and how to name it in the header."""

    document: Document
    info: ArticleInfo


def descriptor_highlights(comparison: Comparison) -> dict[Side, dict[int, list[Highlight]]]:
    """Spans of every descriptor and loaded word, per side and paragraph, in the descriptor style."""
    out: dict[Side, dict[int, list[Highlight]]] = {"left": {}, "right": {}}
    for contrast in comparison.contrasts:
        for side, items in zip(SIDES, (contrast.left, contrast.right)):
            for d in items:
                if d.kind != "name":
                    out[side].setdefault(d.paragraph, []).append((d.start, d.end, "pane--descriptor"))
    for word in comparison.loaded:
        out[word.side].setdefault(word.paragraph, []).append((word.start, word.end, "pane--descriptor"))
    return out


class ReaderScreen(Screen[None]):
    """Read two articles side by side; move through paragraphs, links and omissions from the keyboard;
    annotate them (through its Annotator)."""

    BINDINGS = bindings.READING

    comparison: reactive[Comparison | None] = reactive(None, init=False)
    side: reactive[Side] = reactive("left", init=False)
    sync = reactive(True, init=False)
    aligned = reactive(False, init=False)

    def __init__(self, session: Session, comparison: Comparison | None = None) -> None:
        super().__init__()
        self.session = session
        self.articles = {
            side: Article(doc, article_info(doc.path, doc.metadata) if doc.path else ArticleInfo(Path(side)))
            for side, doc in session.docs.items()
        }
        self._initial = comparison
        self._base: Comparison | None = None  # the aligner's links, before the reader's corrections
        self.annotator = Annotator(self)
        self.cursors: dict[Side, int | None] = {s: self._first_paragraph(self.articles[s].document) for s in SIDES}
        self.search_query = ""
        self.search_hits: list[tuple[Side, int, int, int]] = []  # (side, paragraph, start, end)
        self.search_at = -1
        self._notice = ""
        self._descriptors: dict[Side, dict[int, list[Highlight]]] = {"left": {}, "right": {}}
        self._stage: str | None = ALIGNING  # what the worker is doing while the spinner turns; None when done
        self._started = time.monotonic()
        self._spinner: Timer | None = None

    @staticmethod
    def _first_paragraph(doc: Document) -> int | None:
        body = [p.index for p in doc.paragraphs if p.role is Role.BODY]
        return body[0] if body else (0 if doc.paragraphs else None)

    # --- composition ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Container(id="panes"):
            for side in SIDES:
                article = self.articles[side]
                with Vertical(classes="column", id=f"{side}-column"):
                    yield Static(self._header(article), classes="pane-header", id=f"{side}-header")
                    yield ArticlePane(side, article.document, id=f"{side}-pane")
        yield Prompt(id="prompt")
        yield StatusBar(id="status")
        yield Footer()

    @staticmethod
    def _header(article: Article) -> Content:
        info = article.info
        parts = [info.outlet or "", info.headline or article.document.title, shown(info.path.name)]
        return Content(" · ".join(p for p in parts if p))

    def pane(self, side: Side) -> ArticlePane:
        return self.query_one(f"#{side}-pane", ArticlePane)

    @property
    def focused_pane(self) -> ArticlePane:
        return self.pane(self.side)

    def on_mount(self) -> None:
        self.query_one(Prompt).display = False
        self._restore(self.session.position)
        for message in self.session.messages:
            self.notify(message, title="Notes", severity="warning", timeout=15)
        if self._initial is not None:
            self._set_base(self._initial)
        elif getattr(self.app, "first_frame_shown", True):
            self._begin_aligning()
        # Otherwise the app starts the aligner once the first frame is on screen (see DiptychApp.on_ready):
        # the text shows at once, the links follow from a worker thread.
        self._relayout()

    def _restore(self, position: Position) -> None:
        """Put the reader back where the saved session left off."""
        position = clamp_position(position, self.session)
        for side in SIDES:
            if self.articles[side].document.paragraphs and (position.left or position.right):
                self.cursors[side] = getattr(position, side)
        self.set_reactive(ReaderScreen.side, position.side)
        self.set_reactive(ReaderScreen.sync, position.sync)
        self.set_reactive(ReaderScreen.aligned, position.layout == "aligned")
        self.pane(self.side).focus()

    def current_position(self) -> Position:
        return Position(
            side=self.side,
            left=self.cursors["left"] or 0,
            right=self.cursors["right"] or 0,
            layout="aligned" if self.aligned else "reading",
            sync=self.sync,
        )

    def start_aligning(self) -> None:
        if self._base is None and self._initial is None:
            self._begin_aligning()

    def _begin_aligning(self) -> None:
        """Align in a worker thread; meanwhile a spinner in the status bar says what it is doing and for how
        long (long documents take seconds)."""
        self._started = time.monotonic()
        self._spinner = self.set_interval(0.1, self._update_status)
        self._align()

    @work(thread=True, exclusive=True, group="align")
    def _align(self) -> None:
        left, right = (self.articles[s].document for s in SIDES)
        result = compare_documents(left, right, on_links=partial(self.app.call_from_thread, self._set_links))
        self.app.call_from_thread(self._set_base, result)

    def _set_links(self, comparison: Comparison) -> None:
        """The links are in: show them while the contrasts are found."""
        self._stage = CONTRASTING
        self._show(comparison)

    def _set_base(self, comparison: Comparison) -> None:
        """The whole comparison is in."""
        self._stage = None
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        self._show(comparison)
        self._update_status()  # a pair with no contrasts leaves the comparison equal: no watcher runs

    def _show(self, comparison: Comparison) -> None:
        self._base = comparison
        self.comparison = self.annotator.corrected(comparison)

    def links_corrected(self) -> None:
        """The reader pinned or rejected a link: show the corrected links."""
        if self._base is not None:
            self.comparison = self.annotator.corrected(self._base)

    # --- reactive state -------------------------------------------------------------------------------

    def watch_comparison(self, comparison: Comparison | None) -> None:
        self._descriptors = descriptor_highlights(comparison) if comparison else {"left": {}, "right": {}}
        self._relayout()

    def watch_side(self) -> None:
        self.focused_pane.focus()
        self._refresh_view()

    def watch_sync(self) -> None:
        self._refresh_view()

    def watch_aligned(self) -> None:
        self._relayout()

    def on_resize(self) -> None:
        self.query_one("#panes").set_class(self.size.width < STACK_BELOW, "stacked")

    def on_article_pane_resized(self, event: ArticlePane.Resized) -> None:
        self._relayout()

    async def on_key(self, event: events.Key) -> None:
        """Keys reach the screen in the order they were typed, but Textual runs bindings later, at the app,
        and moves focus later still: a key typed right after one that opens a dialog or the prompt (`a`,
        `/`, `:`) would be dropped, or taken as a command ("/flood" paging down on its "f"). So this screen
        runs its bindings as each key arrives, and passes the keys queued behind an opening dialog or prompt
        on to it."""
        if self.app.screen is not self:
            if event.is_printable:
                self._consume(event)
                self.app.screen.post_message(events.Key(event.key, event.character))
            return
        prompt = self.query_one(Prompt)
        if prompt.display and not prompt.has_focus:
            self._consume(event)
            await prompt.take_key(event)
            return
        # No public call runs "the binding of this key, now"; the app would run the same one a moment later.
        if await self.app._check_bindings(event.key):
            self._consume(event)

    @staticmethod
    def _consume(event: events.Key) -> None:
        event.stop()
        event.prevent_default()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, ArticlePane) and widget.side != self.side:
            self.side = widget.side

    # --- layout ---------------------------------------------------------------------------------------

    def _relayout(self) -> None:
        """Lay both panes out again (width, mode or links changed), keeping the cursor in view."""
        if not self.is_mounted:
            return
        left, right = self.pane("left"), self.pane("right")
        if left.scrollable_content_region.width <= 0 or right.scrollable_content_region.width <= 0:
            return
        left.fit_width()
        right.fit_width()
        if self.aligned and self.comparison is not None:
            lines_l, lines_r = self._aligned_lines(left, right)
            left.set_lines(lines_l)
            right.set_lines(lines_r)
        else:
            left.set_lines(left.block_lines(range(len(left.document.paragraphs))))
            right.set_lines(right.block_lines(range(len(right.document.paragraphs))))
        self._refresh_marks()
        self._refresh_view(scroll=True)

    def _refresh_marks(self) -> None:
        """Gutter marks: how each paragraph is linked, and whether it carries a note."""
        for side in SIDES:
            marks = gutter_marks(self.comparison, side, self.aligned) if self.comparison else {}
            noted = self.annotator.noted_paragraphs(side)
            out = {}
            for i in set(marks) | noted:
                first, second, kind = marks.get(i, ("", "", "gutter"))
                out[i] = Mark(first, second, f"pane--{kind}", noted=i in noted)
            self.pane(side).set_marks(out)

    def _aligned_lines(self, left: ArticlePane, right: ArticlePane) -> tuple[list[LineRef], list[LineRef]]:
        assert self.comparison is not None
        rows = aligned_rows(self.comparison.links, len(left.document.paragraphs), len(right.document.paragraphs))
        out_l: list[LineRef] = []
        out_r: list[LineRef] = []
        for row in rows:
            block_l, block_r = left.block_lines(row.left), right.block_lines(row.right)
            height = max(len(block_l), len(block_r))
            out_l += block_l + [(None, 0)] * (height - len(block_l))
            out_r += block_r + [(None, 0)] * (height - len(block_r))
        return out_l, out_r

    # --- what the panes show --------------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Show changed notes, selection or links (called by the annotation actions)."""
        self._refresh_marks()
        self._refresh_view()

    def _refresh_view(self, scroll: bool = False) -> None:
        """Push cursor, partners and highlights to both panes; with `scroll`, bring the cursor into view."""
        if not self.is_mounted:
            return
        side, index = self.side, self.cursors[self.side]
        comparison = self.comparison
        group_l, group_r = link_group(comparison, side, index) if comparison else ([], [])
        groups = {"left": group_l, "right": group_r}
        diff = self._word_differences(group_l, group_r)
        search = self._search_highlights()
        notes = self.annotator.note_highlights()
        for s in SIDES:
            pane = self.pane(s)
            cursor = self.cursors[s]  # the other pane shows its cursor in the gutter only
            partners = groups[s] if s != side else [i for i in groups[s] if i != index]
            highlights = merge_highlights(diff[s], self._descriptors[s], notes[s], search[s])
            pane.show(cursor=cursor, partners=partners, highlights=highlights)
        if scroll and index is not None:
            self.focused_pane.ensure_visible(index)
            self._sync_partner()
        self._update_status()

    def _word_differences(self, group_l: list[int], group_r: list[int]) -> dict[Side, dict[int, list[Highlight]]]:
        out: dict[Side, dict[int, list[Highlight]]] = {"left": {}, "right": {}}
        if not group_l or not group_r:
            return out
        lt = [self.articles["left"].document.paragraphs[i].text for i in group_l]
        rt = [self.articles["right"].document.paragraphs[j].text for j in group_r]
        spans_l, spans_r = differing_words_many(lt, rt)
        for i, spans in zip(group_l, spans_l):
            out["left"][i] = [(a, b, "pane--left-only") for a, b in spans]
        for j, spans in zip(group_r, spans_r):
            out["right"][j] = [(a, b, "pane--right-only") for a, b in spans]
        return out

    def _search_highlights(self) -> dict[Side, dict[int, list[Highlight]]]:
        out: dict[Side, dict[int, list[Highlight]]] = {"left": {}, "right": {}}
        for k, (side, index, a, b) in enumerate(self.search_hits):
            name = "pane--search-current" if k == self.search_at else "pane--search"
            out[side].setdefault(index, []).append((a, b, name))
        return out

    def _update_status(self) -> None:
        notes = [x for x in (self.annotator.notes_status(), self._notice) if x]
        waiting = ""
        if self._stage is not None:
            elapsed = time.monotonic() - self._started
            waiting = f"{SPINNER[int(elapsed * 10) % len(SPINNER)]} {self._stage} …"
            if elapsed >= 1:
                waiting += f" {elapsed:.0f} s"
            if self.comparison is not None:  # links shown, contrasts to come
                notes.insert(0, waiting)
        text = status_text(
            self.comparison, self.side, self.cursors[self.side], self.sync, self.aligned, " │ ".join(notes), waiting
        )
        self.query_one(StatusBar).show(text)

    # --- syncing --------------------------------------------------------------------------------------

    def _sync_partner(self) -> None:
        """Scroll the other pane so the cursor's partner sits at the same height as the cursor."""
        source = self.focused_pane
        target = self.pane(other(self.side))
        if self.aligned and self.sync:
            target.scroll_line_to_row(source.scroll_y, 0, programmatic=True)
            return
        index = self.cursors[self.side]
        if not self.sync or self.comparison is None or index is None or index not in source.geometry:
            return
        top = source.geometry[index][0]
        line = partner_line(top, self.comparison.links, source.geometry, target.geometry, self.side, index)
        target.scroll_line_to_row(line, top - source.scroll_y, programmatic=True)

    def on_article_pane_scrolled(self, event: ArticlePane.Scrolled) -> None:
        """Keep linked text opposite when the user scrolls one pane (wheel, page keys)."""
        if not event.by_user or not self.sync or self.comparison is None:
            return
        source = event.pane
        target = self.pane(other(source.side))
        if self.aligned:
            target.scroll_line_to_row(source.scroll_y, 0, programmatic=True)
            return
        middle = source.middle_line()
        paragraph = source.paragraph_at(int(middle))
        line = partner_line(middle, self.comparison.links, source.geometry, target.geometry, source.side, paragraph)
        target.scroll_line_to_row(line, middle - source.scroll_y, programmatic=True)

    # --- moving the cursor ----------------------------------------------------------------------------

    def _order(self, side: Side) -> list[int]:
        """Paragraph indexes of one side in display order."""
        return self.pane(side).order

    def set_cursor(self, side: Side, index: int | None, *, notice: str = "") -> None:
        self._notice = notice
        self.cursors[side] = index
        if side != self.side:
            self.side = side
        self._refresh_view(scroll=True)

    def _step(self, delta: int, accept: Callable[[int], bool]) -> None:
        order = self._order(self.side)
        current = self.cursors[self.side]
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

    def action_next_link(self, delta: int) -> None:
        if self.comparison is None:
            return
        linked = self.comparison.linked(self.side)
        self._step(delta, lambda i: i in linked)

    def action_next_unmatched(self, delta: int) -> None:
        if self.comparison is None:
            return
        unmatched = set(self.comparison.unmatched(self.side))
        self._step(delta, lambda i: i in unmatched)

    def action_switch_pane(self) -> None:
        self.action_focus_side(other(self.side))

    def action_focus_side(self, side: Side) -> None:
        """Focus a pane; its cursor lands on the partner of the paragraph just read, when it has one. While
        words are being selected, the same keys make the selection longer (l, →) or shorter (h, ←)."""
        if self.annotator.selection is not None:
            self.annotator.extend_selection(1 if side == "right" else -1)
            return
        if side == self.side:
            return
        group_l, group_r = (
            link_group(self.comparison, self.side, self.cursors[self.side]) if self.comparison else ([], [])
        )
        partners = group_r if side == "right" else group_l
        if partners:
            self.cursors[side] = partners[0]
        self.side = side
        self._refresh_view(scroll=True)

    def action_page(self, delta: int) -> None:
        pane = self.focused_pane
        view = pane.scrollable_content_region.height
        pane.scroll_line_to_row(pane.scroll_y + delta * max(1, view - 2), 0)
        index = pane.paragraph_at(round(pane.scroll_y) + (1 if delta > 0 else 0))
        if index is not None:
            self.cursors[self.side] = index
            self._refresh_view()

    def action_edge(self, delta: int) -> None:
        order = self._order(self.side)
        if order:
            self.set_cursor(self.side, order[-1] if delta > 0 else order[0])

    def on_article_pane_clicked(self, event: ArticlePane.Clicked) -> None:
        self.annotator.selection = None
        self.set_cursor(event.pane.side, event.paragraph)

    def on_article_pane_dragged(self, event: ArticlePane.Dragged) -> None:
        self.set_cursor(event.pane.side, event.paragraph)
        self.annotator.select_span(event.pane.side, event.paragraph, event.start, event.end)

    # --- modes ----------------------------------------------------------------------------------------

    def action_toggle_sync(self) -> None:
        self.sync = not self.sync
        if self.sync:
            self._sync_partner()

    def action_toggle_layout(self) -> None:
        if self.comparison is None:
            self.notify("The links are still being computed.", severity="warning")
            return
        self.aligned = not self.aligned

    def action_show_contrasts(self) -> None:
        from reader.tui.screens.contrasts import ContrastsScreen

        if self._stage is not None or self.comparison is None:
            self.notify("The contrasts are still being found; the status bar shows how far.", severity="warning")
            return
        self.app.push_screen(ContrastsScreen(self.comparison), self._jump_to_mentions)

    def _jump_to_mentions(self, jump: Jump | None) -> None:
        if jump is not None:
            self.jump_to(jump.left, jump.right)

    def jump_to(self, left: int | None, right: int | None) -> None:
        """Put each pane's cursor on the given paragraph, without the sync moving them off it."""
        if left is None and right is None:
            return
        for side, index in zip(SIDES, (left, right)):
            if index is not None:
                self.cursors[side] = index
        self.side = "left" if left is not None else "right"
        self._refresh_view()
        for side, index in zip(SIDES, (left, right)):
            if index is not None:
                self.pane(side).ensure_visible(index)

    # --- go to and search -----------------------------------------------------------------------------

    def ask(self, purpose: str, placeholder: str, value: str = "") -> None:
        self.query_one(Prompt).ask(purpose, placeholder, value)

    def action_ask_jump(self) -> None:
        count = len(self.articles[self.side].document.paragraphs)
        self.ask("jump", f"Go to paragraph (0–{count - 1}) in the {self.side} article")

    def action_ask_search(self) -> None:
        self.ask("search", "Search both articles (case-insensitive)", self.search_query)

    def on_prompt_answered(self, event: Prompt.Answered) -> None:
        self.focused_pane.focus()
        if event.value is None:
            return
        if event.purpose == "jump":
            self._jump(event.value.strip())
        elif event.purpose == "search":
            self._search(event.value)
        elif event.purpose == "save-as":
            self.annotator.save_as(event.value)

    def _jump(self, value: str) -> None:
        doc = self.articles[self.side].document
        number = int(value) if value.isascii() and value.isdigit() else -1  # not "²", which isdigit() accepts
        if not 0 <= number < len(doc.paragraphs):
            self.notify(f"No paragraph {value!r} in the {self.side} article.", severity="warning")
            return
        self.set_cursor(self.side, number)

    def _search(self, query: str) -> None:
        self.search_query = query
        self.search_hits = []
        self.search_at = -1
        if query.strip():
            pattern = re.compile(re.escape(query.strip()), re.IGNORECASE)
            for side in (self.side, other(self.side)):
                for p in self.articles[side].document.paragraphs:
                    self.search_hits += [(side, p.index, m.start(), m.end()) for m in pattern.finditer(p.text)]
        if not self.search_hits:
            self._refresh_view()
            if query.strip():
                self.notify(f"Not found: {query.strip()}", severity="warning")
            return
        self.action_search_step(1)

    def action_search_step(self, delta: int) -> None:
        if not self.search_hits:
            self.notify("No search yet: press / to search.", severity="information")
            return
        self.search_at = (self.search_at + delta) % len(self.search_hits)
        side, index, _, _ = self.search_hits[self.search_at]
        notice = f"match {self.search_at + 1}/{len(self.search_hits)} for “{self.search_query.strip()}”"
        self.set_cursor(side, index, notice=notice)

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

    def action_pin_link(self) -> None:
        self.annotator.pin_link()

    def action_reject_link(self) -> None:
        self.annotator.reject_link()
