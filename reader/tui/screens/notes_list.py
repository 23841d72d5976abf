"""The notes panel: every note with where it is, how it is anchored, its quote, tags and first line; orphaned
notes listed apart. Sorted by creation or by place in the articles, and filtered by tag.

Toasts are not drawn over the panel: while it is open, messages show on its own last line (the app sends
them here) and the toasts wait until it closes."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Static

from reader.analysis.sides import PANES
from reader.notes.model import MOVED, ORPHANED, Note, Target
from reader.text.quoting import quoted
from reader.tui import bindings
from reader.tui.columns import CELL_PADDING, box_width, cut, fitted, table_room

NOTE_SHOWN = 32  # cells of a note's first line in the list, where the terminal is wide enough
TAGS_SHOWN = 18
QUOTE_SHOWN = 60  # cells of each quote
LEAST = {"note": 12, "tags": 8, "quote": 12}  # under this, a column gives way (tags first, then the quote)
LEAST_NOTE = 4  # the note's first line gets this much however narrow the list: the place is cut first
STATE_WIDTH = 8  # "anchored", "orphaned"
LIST_ROWS = 2  # rows of the list kept in sight: the details under it get fewer lines first
ORDERS = ("creation order", "article order")
# The keys, the first that fits on one line (the last wraps on a narrow terminal)
HINTS = (
    "enter jumps there · e edits · d deletes · u undoes · s sorts · t T filter by tag · esc closes",
    "enter jumps · e edits · d deletes · u undoes · s sorts · t T tag · esc closes",
    "enter jump · e edit · d delete · u undo · s sort · t T tag · esc",
)
MOVED_HINT = "moved: the words were reworded since the note was written; check them, then e and ctrl+s confirm it"


@dataclass(frozen=True)
class ListView:
    """How the notes list is shown: its order and tag filter, kept when the list opens again."""

    order: str = ORDERS[0]
    tag: str | None = None  # None for every note


@dataclass(frozen=True)
class NoteAction:
    """What the user chose in the panel: jump to, edit or delete a note, and the view it was chosen in."""

    action: str  # "jump", "edit", "delete" or "undo"
    note_id: str
    view: ListView = ListView()


def article_order(note: Note) -> tuple[int, int, int]:
    """Where a note sits in the articles: its first placed target's pane (left first), paragraph, offset."""
    places = sorted(
        (PANES.index(t.side), t.paragraph, t.offset)
        for t in note.targets
        if t.state != ORPHANED and t.paragraph is not None
    )
    return places[0] if places else (len(PANES), 0, 0)


def note_columns(room: int, where: int) -> dict[str, int]:
    """The list's columns and their widths (text cells) in `room` cells (padding included), so that none is
    cut off at the box's edge: the note, its tags and quote share what the state and place leave; where that
    is too little, the tags give way, then the quote (the details line under the list shows both), and then
    the place narrows (its cells cut with "…") to leave the note LEAST_NOTE cells."""
    fixed = {"state": STATE_WIDTH, "where": where}
    left = room - sum(fixed.values()) - CELL_PADDING * len(fixed)
    widest = {"note": NOTE_SHOWN, "tags": TAGS_SHOWN, "quote": QUOTE_SHOWN + 2}
    for shared in (("note", "tags", "quote"), ("note", "quote")):
        if sum(LEAST[c] + CELL_PADDING for c in shared) <= left:
            widths = fitted([widest[c] for c in shared], [LEAST[c] for c in shared], left)
            return {**fixed, **dict(zip(shared, widths))}
    note = min(NOTE_SHOWN, left - CELL_PADDING)
    if note < LEAST_NOTE:
        fixed["where"] = max(1, where - (LEAST_NOTE - note))
        note = LEAST_NOTE
    return {**fixed, "note": note}


def where_text(target: Target) -> str:
    return target.side if target.state == ORPHANED else f"{target.side} ¶{target.paragraph}"


def note_tags(notes: list[Note]) -> list[str]:
    """Every tag in use, in the order they first appear."""
    return list(dict.fromkeys(tag for n in notes for tag in n.tags))


class NotesScreen(ModalScreen[NoteAction | None]):
    BINDINGS = bindings.NOTES_LIST
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]

    def __init__(self, notes: list[Note], at: str | None = None, view: ListView = ListView()) -> None:
        super().__init__()
        self.notes = notes
        self.at = at  # the id of the note the cursor starts on (back from editing or deleting one)
        self.tags = note_tags(notes)
        self.order = view.order
        self.tag = view.tag if view.tag in self.tags else None  # the tag filter, None for every note
        self.placed: list[Note] = []  # what each table shows, in its order
        self.orphans: list[Note] = []
        self.columns: dict[str, int] = {}  # each column shown, and its width (text cells)
        self._width = 0  # the screen width the columns are sized for
        self._hint = HINTS[0]  # the keys, as shown
        self._title = ""
        self._message = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-box"):
            yield Static(id="notes-title", classes="box-title")
            yield Static(id="notes-hint")
            yield DataTable(id="notes-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="orphans-title", classes="box-title")
            yield DataTable(id="orphans-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="notes-detail")
            yield Static(id="notes-message")

    def on_mount(self) -> None:
        self.query_one("#notes-message").display = False  # no blank line under the list while there is none
        self._fit(self.size)
        here = next((n for n in self.placed + self.orphans if n.id == self.at), None)
        orphan = here.orphaned if here is not None else not self.placed and bool(self.orphans)
        table = self.query_one("#orphans-table" if orphan else "#notes-table", DataTable)
        table.focus()
        if here is not None:
            table.move_cursor(row=self._listed_in(table).index(here))
        if any(t.state == MOVED for n in self.notes for t in n.targets):
            self.show_message(MOVED_HINT)

    def on_resize(self, event: events.Resize) -> None:
        """Columns, key hints and details follow the terminal's size, the cursor staying on its note."""
        if event.size.width != self._width:
            chosen = self._selected()
            self._fit(event.size)
            self._keep(chosen)
        self._show_detail()

    def _fit(self, size: Size) -> None:
        """Size the columns and the key hints for a screen of that size, and show the notes in them."""
        self._width = size.width
        box = self.query_one("#notes-box")
        hint = self.query_one("#notes-hint", Static)
        room = box_width(box, size) - hint.styles.gutter.width
        self._hint = next((h for h in HINTS if cell_len(h) <= room), HINTS[-1])
        hint.update(Content(self._hint))
        where = max((cell_len(where_text(t)) for n in self.notes for t in n.targets), default=0)
        self.columns = note_columns(table_room(box, self.query_one("#notes-table"), size), max(5, where))
        for table_id in ("#notes-table", "#orphans-table"):
            table = self.query_one(table_id, DataTable)
            table.clear(columns=True)
            for name, column_width in self.columns.items():
                table.add_column(Text(name), width=column_width, key=name)
        self._fill()

    def _fill(self) -> None:
        """Show the notes in the chosen order, with the chosen tag."""
        shown = [n for n in self.notes if self.tag is None or self.tag in n.tags]
        if self.order == "article order":
            shown.sort(key=article_order)  # stable: orphans keep their creation order
        self.placed = [n for n in shown if not n.orphaned]
        self.orphans = [n for n in shown if n.orphaned]
        for table_id, notes in (("#notes-table", self.placed), ("#orphans-table", self.orphans)):
            table = self.query_one(table_id, DataTable)
            table.clear()
            for n in notes:
                table.add_row(*self._cells(n), height=None, key=n.id)
        subset = f" of {len([n for n in self.notes if not n.orphaned])}" if self.tag else ""
        tag = f" · tag: {self.tag}" if self.tag else ""
        self._title = f"Notes ({len(self.placed)}{subset}) · {self.order}{tag}"
        self.query_one("#notes-title", Static).update(Content(self._title))
        orphans = f"Orphaned ({len(self.orphans)}): their text is gone from the article; kept as written"
        self.query_one("#orphans-title", Static).update(Content(orphans))
        for part in ("#orphans-title", "#orphans-table"):  # only when there are some
            self.query_one(part).display = bool(self.orphans)
        self._show_detail()

    def _cells(self, note: Note) -> list[Text]:
        """The cells of the columns shown: one line per target for its state, place and quote (a note on
        both sides of a pair has two), each cut with "…" to its column's cells."""
        targets = note.targets
        cells = []
        for name, width in self.columns.items():
            if name == "state":
                cell = "\n".join(t.state for t in targets)
            elif name == "where":
                cell = "\n".join(cut(where_text(t), width) for t in targets)
            elif name == "note":
                cell = cut(note.headline, width)
            elif name == "tags":
                cell = cut(", ".join(note.tags), width)
            else:  # the quote, in its marks
                cell = "\n".join(quoted(cut(t.excerpt, width - 2)) for t in targets)
            cells.append(Text(cell))
        return cells

    def _detail(self, note: Note) -> str:
        """What the list may have cut of a note, the short fields first so that they are never the ones cut:
        its tags, its first line (when cut), then each quote in full (a narrow list has no quote column; the
        editor shows them too)."""
        parts = ["tags: " + ", ".join(note.tags)] if note.tags else []
        if cell_len(note.headline) > self.columns["note"]:
            parts.append(f"note: {note.headline}")
        parts += [f"{where_text(t)} {quoted(t.excerpt)}" for t in note.targets]
        return " · ".join(parts)

    def _show_detail(self) -> None:
        """The selected note's details under the list, in as many lines as its max-height (styles/app.tcss)
        allows while LIST_ROWS rows of the list stay in sight, the last cut with "…" if need be."""
        detail = self.query_one("#notes-detail", Static)
        note = self._selected()
        box = self.query_one("#notes-box")
        inner = box_width(box, self.size)
        width = inner - detail.styles.gutter.width
        if note is None or width <= 1:
            detail.update("")
            return
        lines = self._wrapped(self._detail(note), width)
        most = (
            len(lines)
            if detail.styles.max_height is None
            else int(detail.styles.max_height.resolve(self.size, self.size))
        )
        left = self._height_left(box, inner)
        while most > 1 and left - most < LIST_ROWS:
            most -= 1
        if len(lines) > most:
            lines = lines[:most]
            last = lines[-1]
            last.truncate(width - 1)
            last.rstrip()
            last.append("…")
        detail.update(Content("\n".join(line.plain for line in lines)))

    def _height_left(self, box: Widget, inner: int) -> int:
        """The lines the box has for the list's rows and the details: its height (styles/app.tcss) less its
        gutters, its title, the keys, the list's header and any message, each as tall as it is wrapped."""
        height = box.styles.height
        outer = int(height.resolve(self.size, self.size)) if height is not None else self.size.height
        left = outer - box.styles.gutter.height
        table = self.query_one("#notes-table", DataTable)
        left -= table.header_height if table.show_header else 0
        shown = [("#notes-title", self._title), ("#notes-hint", self._hint), ("#notes-message", self._message)]
        for part, text in shown:
            widget = self.query_one(part)
            if widget.display:
                left -= len(self._wrapped(text, inner - widget.styles.gutter.width)) + widget.styles.gutter.height
        return left

    def _wrapped(self, text: str, width: int) -> list[Text]:
        """`text` in lines at most `width` cells wide (none for no text)."""
        return list(Text(text).wrap(self.app.console, width)) if text else []

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_detail()

    def update_notes(self, notes: list[Note]) -> None:
        """Show the notes as they are now (merged in from another window while the list is open), the cursor
        staying on the note it was on: the next e, d or enter must not act on another."""
        chosen = self._selected()
        self.notes = notes
        self.tags = note_tags(notes)
        self.tag = self.tag if self.tag in self.tags else None
        self._fit(self.size)  # a note on the centre may have come in: its place is wider
        self._keep(chosen)

    def _keep(self, chosen: Note | None) -> None:
        """Put the cursor back on the note it was on, if it is still listed."""
        table = self.focused
        if chosen is not None and isinstance(table, DataTable):
            ids = [n.id for n in self._listed_in(table)]
            if chosen.id in ids:
                table.move_cursor(row=ids.index(chosen.id))

    def show_message(self, message: str) -> None:
        """A message for the reader while the panel is open (instead of a toast over it)."""
        self._message = message
        shown = self.query_one("#notes-message", Static)
        shown.update(Content(message))
        shown.display = bool(message)  # no blank line under the list meanwhile
        self._show_detail()

    def action_sort(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self._fill()

    def action_tag_filter(self, step: int) -> None:
        """The next (or previous) tag in use, then every note again."""
        if not self.tags:
            self.show_message("No note has a tag yet.")
            return
        cycle: list[str | None] = [None, *self.tags]
        self.tag = cycle[(cycle.index(self.tag) + step) % len(cycle)]
        self._fill()

    def _selected(self) -> Note | None:
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None or table.row_count == 0:
            return None
        return self._listed_in(table)[table.cursor_row]

    def _listed_in(self, table: DataTable) -> list[Note]:
        """The notes a table shows, in its rows' order."""
        return self.placed if table.id == "notes-table" else self.orphans

    def _view(self) -> ListView:
        return ListView(self.order, self.tag)

    def action_choose(self, action: str) -> None:
        """Edit, delete (the note under the cursor) or undo: the reading screen does it, then opens the list
        again in this view."""
        note = self._selected()
        if note is not None or action == "undo":
            self.dismiss(NoteAction(action, note.id if note else "", self._view()))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        note = self._selected()
        if note is not None:
            self.dismiss(NoteAction("edit" if note.orphaned else "jump", note.id, self._view()))
