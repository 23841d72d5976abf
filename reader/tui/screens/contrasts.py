"""The contrasts table: people, groups and things the articles mention, in one row per referent with a column
per outlet (each descriptor with its paragraph and whose words), and the loaded words."""

from __future__ import annotations

from dataclasses import dataclass

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
from reader.text.quoting import shortened
from reader.tui import bindings
from reader.tui.screens.notes_list import fitted

BOX_WIDTH = 95  # % of the screen, as #contrasts-box in app.tcss
BOX_GUTTERS = 6  # the box's border (2) and padding (2), the table's scrollbar (2)
CELL_PADDING = 2  # a DataTable cell's padding, one each side
REFERENT_WIDTH, KIND_WIDTH = 22, 8  # cells, padding included
OUTLET_WIDTH = 12  # the least an outlet's column gets before the kind folds under the referent
NARROW_REFERENT, NARROW_OUTLET = 12, 8  # cells (the referent's with its padding) on a terminal 40 wide

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


@dataclass(frozen=True)
class Columns:
    """The table's column widths (text cells, without padding) for one terminal width."""

    referent: int
    kind: int | None  # None: too narrow for a kind column, so the kind goes under the referent
    outlet: int


def room_for(width: int) -> int:
    """The cells a table has for its columns, padding included, on a screen `width` cells wide."""
    return width * BOX_WIDTH // 100 - BOX_GUTTERS


def columns_for(width: int, outlets: int) -> Columns:
    """Columns for a screen `width` cells wide: the outlets share what the box leaves (see #contrasts-box), so
    the last one is never cut off; where they would get under OUTLET_WIDTH, the kind folds under the referent,
    and then the referent narrows (at 40 columns)."""
    room = room_for(width)

    def share(taken: int) -> int:
        return (room - taken) // outlets - CELL_PADDING

    if share(REFERENT_WIDTH + KIND_WIDTH) >= OUTLET_WIDTH:
        return Columns(REFERENT_WIDTH - CELL_PADDING, KIND_WIDTH - CELL_PADDING, share(REFERENT_WIDTH + KIND_WIDTH))
    referent = REFERENT_WIDTH
    if share(referent) < OUTLET_WIDTH:
        referent = max(NARROW_REFERENT, room - outlets * (OUTLET_WIDTH + CELL_PADDING))
    return Columns(referent - CELL_PADDING, None, max(NARROW_OUTLET, share(referent)))


class ContrastsScreen(ModalScreen[Jump | None]):
    """Pick a row to jump every pane to where the referent is described; escape closes."""

    BINDINGS = bindings.CONTRASTS
    # A short terminal (40x12): no blank lines, one line per title, and the loaded words in a few rows, so
    # that the contrasts keep the room
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]

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
            yield DataTable(id="contrasts-table", cursor_type="row", zebra_stripes=True)
            yield Static(Content(f"Loaded words ({len(self.loaded)}): used by one outlet only"), classes="box-title")
            yield DataTable(id="loaded-table", cursor_type="row", zebra_stripes=True)

    def _fill(self, width: int) -> None:
        """Both tables, in columns sized to a screen `width` cells wide, each cell cut with "…" where it must
        be: nothing is cut off at the box's edge."""
        contrasts = self.query_one("#contrasts-table", DataTable)
        contrasts.clear(columns=True)
        columns = columns_for(width, len(self.names))
        contrasts.add_column(Text("referent"), width=columns.referent)
        if columns.kind is not None:
            contrasts.add_column(Text("kind"), width=columns.kind)
        for name in self.names:
            contrasts.add_column(Text(shortened(name, columns.outlet)), width=columns.outlet)
        for c in self.contrasts:
            cells = [_cell(items) for items in c.descriptors]
            if columns.kind is None:
                contrasts.add_row(Text.assemble(c.entity, ("\n" + c.kind, "dim")), *cells, height=None)
            else:
                contrasts.add_row(Text(c.entity), Text(c.kind), *cells, height=None)
        loaded = self.query_one("#loaded-table", DataTable)
        loaded.clear(columns=True)
        headers = ("word", "outlet", "¶", "about")
        rows = [(w.word, self.names[article], str(w.paragraph), w.subject) for article, w in self.loaded]
        natural = [max(len(cell) for cell in column) for column in zip(headers, *rows)]
        widths = fitted(natural, [min(n, least) for n, least in zip(natural, (8, 8, 3, 8))], room_for(width))
        for header, w in zip(headers, widths):
            loaded.add_column(Text(header), width=w)
        for row in rows:
            loaded.add_row(*(Text(shortened(cell, w)) for cell, w in zip(row, widths)))

    def on_mount(self) -> None:
        self._width = self.app.size.width
        self._fill(self._width)
        self.query_one("#contrasts-table", DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        """Columns follow the terminal's width, keeping the rows the reader is on."""
        if event.size.width == self._width:
            return
        self._width = event.size.width
        tables = [self.query_one(f"#{name}-table", DataTable) for name in ("contrasts", "loaded")]
        rows = [table.cursor_row for table in tables]
        self._fill(event.size.width)
        for table, row in zip(tables, rows):
            if table.row_count:
                table.move_cursor(row=min(row, table.row_count - 1))

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
