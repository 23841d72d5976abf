"""The notes panel: every note with its quote, tags and first line; orphaned notes listed apart."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reader.notes.model import ORPHANED, Note
from reader.tui import bindings


@dataclass(frozen=True)
class NoteAction:
    """What the user chose in the panel: jump to, edit or delete a note."""

    action: str  # "jump", "edit" or "delete"
    note_id: str


def _quote(note: Note) -> Text:
    parts = []
    for t in note.targets:
        where = "orphaned" if t.state == ORPHANED else f"¶{t.paragraph}"
        parts.append(f"{t.side} {where}: “{t.excerpt[:70]}{'…' if len(t.excerpt) > 70 else ''}”")
    return Text("\n".join(parts))


class NotesScreen(ModalScreen[NoteAction | None]):
    BINDINGS = bindings.NOTES_LIST

    def __init__(self, notes: list[Note]) -> None:
        super().__init__()
        self.placed = [n for n in notes if not n.orphaned]
        self.orphans = [n for n in notes if n.orphaned]

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-box"):
            yield Static(
                Content(f"Notes ({len(self.placed)}): enter jumps there · e edits · d deletes · esc closes"),
                classes="box-title",
            )
            yield self._table("notes-table", self.placed)
            yield Static(
                Content(f"Orphaned ({len(self.orphans)}): their text is gone from the article; kept as written"),
                classes="box-title",
            )
            yield self._table("orphans-table", self.orphans)

    @staticmethod
    def _table(table_id: str, notes: list[Note]) -> DataTable:
        table: DataTable = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
        table.add_column(Text("where and quote"), width=60)
        table.add_column(Text("tags"), width=24)
        table.add_column(Text("note"))
        for n in notes:
            moved = " (moved: check it)" if any(t.state == "moved" for t in n.targets) else ""
            table.add_row(_quote(n), Text(", ".join(n.tags)), Text(n.headline + moved), height=None, key=n.id)
        return table

    def on_mount(self) -> None:
        first = "#notes-table" if self.placed or not self.orphans else "#orphans-table"
        self.query_one(first, DataTable).focus()

    def _selected(self) -> Note | None:
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None or table.row_count == 0:
            return None
        notes = self.placed if table.id == "notes-table" else self.orphans
        return notes[table.cursor_row]

    def action_choose(self, action: str) -> None:
        note = self._selected()
        if note is not None:
            self.dismiss(NoteAction(action, note.id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        note = self._selected()
        if note is not None:
            self.dismiss(NoteAction("edit" if note.orphaned else "jump", note.id))
