"""The notes panel: every note with where it is, how it is anchored, its quote, tags and first line; orphaned
notes listed apart. Sorted by creation or by place in the articles, and filtered by tag.

Toasts are not drawn over the panel: while it is open, messages show on its own last line (the app sends
them here) and the toasts wait until it closes."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reader.analysis.sides import PANES
from reader.notes.model import MOVED, ORPHANED, Note
from reader.text.quoting import quoted, shortened
from reader.tui import bindings

NOTE_SHOWN = 32  # characters of a note's first line in the list
TAGS_SHOWN = 18
QUOTE_SHOWN = 60  # characters of each quote
ORDERS = ("creation order", "article order")
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

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-box"):
            yield Static(id="notes-title", classes="box-title")
            yield Static(
                Content(
                    "enter jumps there · e edits · d deletes · u undoes · s sorts · t T filter by tag · esc closes"
                ),
                id="notes-hint",
            )
            yield self._table("notes-table")
            yield Static(id="orphans-title", classes="box-title")
            yield self._table("orphans-table")
            yield Static(id="notes-message")

    @staticmethod
    def _table(table_id: str) -> DataTable:
        table: DataTable = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
        # What the reader knows a note by comes first; the quote, widest, last (at 80 columns it scrolls).
        table.add_column(Text("state"), width=8)
        table.add_column(Text("where"), width=9)
        table.add_column(Text("note"), width=NOTE_SHOWN)
        table.add_column(Text("tags"), width=TAGS_SHOWN)
        table.add_column(Text("quote"), width=QUOTE_SHOWN + 2)
        return table

    def on_mount(self) -> None:
        self._fill()
        here = next((n for n in self.placed + self.orphans if n.id == self.at), None)
        orphan = here.orphaned if here is not None else not self.placed and bool(self.orphans)
        table = self.query_one("#orphans-table" if orphan else "#notes-table", DataTable)
        table.focus()
        if here is not None:
            table.move_cursor(row=self._listed_in(table).index(here))
        if any(t.state == MOVED for n in self.notes for t in n.targets):
            self.show_message(MOVED_HINT)

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
        title = f"Notes ({len(self.placed)}{subset}) · {self.order}{tag}"
        self.query_one("#notes-title", Static).update(Content(title))
        orphans = f"Orphaned ({len(self.orphans)}): their text is gone from the article; kept as written"
        self.query_one("#orphans-title", Static).update(Content(orphans))
        for part in ("#orphans-title", "#orphans-table"):  # only when there are some
            self.query_one(part).display = bool(self.orphans)

    @staticmethod
    def _cells(note: Note) -> tuple[Text, Text, Text, Text, Text]:
        """One line per target for its state, place and quote (a note on both sides of a pair has two)."""
        targets = note.targets
        states = "\n".join(t.state for t in targets)
        where = "\n".join(f"{t.side}" if t.state == ORPHANED else f"{t.side} ¶{t.paragraph}" for t in targets)
        quotes = "\n".join(quoted(t.excerpt, QUOTE_SHOWN) for t in targets)
        tags = shortened(", ".join(note.tags), TAGS_SHOWN)
        return Text(states), Text(where), Text(shortened(note.headline, NOTE_SHOWN)), Text(tags), Text(quotes)

    def update_notes(self, notes: list[Note]) -> None:
        """Show the notes as they are now (merged in from another window while the list is open), the cursor
        staying on the note it was on: the next e, d or enter must not act on another."""
        chosen = self._selected()
        self.notes = notes
        self.tags = note_tags(notes)
        self.tag = self.tag if self.tag in self.tags else None
        self._fill()
        table = self.focused
        if chosen is not None and isinstance(table, DataTable):
            ids = [n.id for n in self._listed_in(table)]
            if chosen.id in ids:
                table.move_cursor(row=ids.index(chosen.id))

    def show_message(self, message: str) -> None:
        """A message for the reader while the panel is open (instead of a toast over it)."""
        self.query_one("#notes-message", Static).update(Content(message))

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
