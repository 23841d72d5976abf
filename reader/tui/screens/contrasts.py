"""The contrasts table: people, groups and things the articles mention, in one row per referent with a column
per outlet (each descriptor with its paragraph and whose words), and the loaded words."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reader.analysis.collation import Collation, StoryContrast, story_contrasts
from reader.analysis.descriptors import Descriptor, LoadedWord
from reader.text.corpus import outlet_names
from reader.tui import bindings

BOX_WIDTH = 95  # % of the screen, as #contrasts-box in app.tcss
BOX_GUTTERS = 6  # the box's border (2) and padding (2), the table's scrollbar (2)
CELL_PADDING = 2  # a DataTable cell's padding, one each side
REFERENT_WIDTH, KIND_WIDTH = 22, 8  # cells, padding included

#: Where to put the panes: a paragraph per article, in article order (None leaves that pane where it is).
Jump = tuple[int | None, ...]


def _cell(items: tuple[Descriptor, ...]) -> Text:
    """Descriptors one per line, then the name as the article writes it, dimmed. Never markup."""
    described = [d for d in items if d.kind != "name"]
    named = [d.text for d in items if d.kind == "name"]
    cell = Text()
    for k, d in enumerate(described):
        if k:
            cell.append("\n")
        cell.append(f"“{d.text}”")
        cell.append(f" ¶{d.paragraph}" + (" quoted" if d.voice != "own" else " own"), style="dim")
    if not described:
        cell.append("—")
    if named:
        cell.append(f"\n{named[0]}", style="dim italic")
    return cell


def _first(items: tuple[Descriptor, ...], mentions: tuple[int, ...]) -> int | None:
    described = [d.paragraph for d in items if d.kind != "name"]
    return described[0] if described else (mentions[0] if mentions else None)


def loaded_words(collation: Collation) -> list[tuple[int, LoadedWord]]:
    """Every pair's loaded words, each with the position of the article that uses it."""
    return [
        (a if word.side == "left" else b, word)
        for (a, b), comparison in collation.pairs.items()
        for word in comparison.loaded
    ]


class ContrastsScreen(ModalScreen[Jump | None]):
    """Pick a row to jump every pane to where the referent is described; escape closes."""

    BINDINGS = bindings.CONTRASTS

    def __init__(self, collation: Collation) -> None:
        super().__init__()
        self.collation = collation
        self.contrasts: tuple[StoryContrast, ...] = story_contrasts(collation)
        self.loaded = loaded_words(collation)
        self.names = outlet_names(collation.documents)
        self._width = 0  # the screen width the columns are sized for

    def compose(self) -> ComposeResult:
        with Vertical(id="contrasts-box"):
            yield Static(
                Content(f"Descriptor contrasts ({len(self.contrasts)}): enter jumps the panes there, esc closes"),
                classes="box-title",
            )
            if not self.contrasts:
                yield Static(Content("No contrasts found."), id="no-contrasts")
            table: DataTable = DataTable(id="contrasts-table", cursor_type="row", zebra_stripes=True)
            self._width = self.app.size.width
            self._fill(table, self._width)
            yield table
            yield Static(Content(f"Loaded words ({len(self.loaded)}): used by one outlet only"), classes="box-title")
            loaded: DataTable = DataTable(id="loaded-table", cursor_type="row", zebra_stripes=True)
            loaded.add_columns(*(Text(h) for h in ("word", "outlet", "¶", "about")))
            for article, w in self.loaded:
                loaded.add_row(Text(w.word), Text(self.names[article]), Text(str(w.paragraph)), Text(w.subject))
            yield loaded

    def _fill(self, table: DataTable, width: int) -> None:
        """The contrasts, in columns sized to a screen `width` cells wide: the outlets share what the box
        leaves (see #contrasts-box), so the last column is never cut off."""
        box = width * BOX_WIDTH // 100 - BOX_GUTTERS
        column = max(12, (box - REFERENT_WIDTH - KIND_WIDTH) // len(self.names) - CELL_PADDING)
        table.add_column(Text("referent"), width=REFERENT_WIDTH - CELL_PADDING)
        table.add_column(Text("kind"), width=KIND_WIDTH - CELL_PADDING)
        for name in self.names:
            table.add_column(Text(name), width=column)
        for c in self.contrasts:
            table.add_row(Text(c.entity), Text(c.kind), *(_cell(items) for items in c.descriptors), height=None)

    def on_mount(self) -> None:
        self.query_one("#contrasts-table", DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        """Columns follow the terminal's width, keeping the row the reader is on."""
        if event.size.width == self._width:
            return
        self._width = event.size.width
        table = self.query_one("#contrasts-table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        self._fill(table, event.size.width)
        if self.contrasts:
            table.move_cursor(row=min(row, len(self.contrasts) - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = event.cursor_row
        count = len(self.collation.documents)
        if event.data_table.id == "contrasts-table":
            c = self.contrasts[row]
            self.dismiss(tuple(_first(items, mentions) for items, mentions in zip(c.descriptors, c.mentions)))
        else:
            article, word = self.loaded[row]
            self.dismiss(tuple(word.paragraph if k == article else None for k in range(count)))
