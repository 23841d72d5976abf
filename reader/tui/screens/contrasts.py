"""The contrasts table: people, groups and things the articles mention, in one row per referent with a column
per outlet (each descriptor with its paragraph and whose words), and the loaded words. Where the outlets'
columns cannot fit side by side (three outlets on a terminal under about 50 columns), each row stacks them,
one line per outlet."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reader.analysis.collation import Collation, StoryContrast, story_contrasts
from reader.analysis.descriptors import Descriptor, LoadedWord
from reader.text.corpus import outlet_names
from reader.tui import bindings
from reader.tui.columns import CELL_PADDING, cut, fitted, table_room

REFERENT_WIDTH, KIND_WIDTH = 22, 8  # cells, padding included
OUTLET_WIDTH = 12  # the least an outlet's column gets before the kind folds under the referent
NARROW_REFERENT, NARROW_OUTLET = 12, 8  # cells (the referent's with its padding) before the outlets stack
LOADED_LEAST = (8, 8, 3, 8)  # the loaded words' columns (word, outlet, ¶, about) narrow no further

#: Where to put the panes: a paragraph per article, in article order (None leaves that pane where it is).
Jump = tuple[int | None, ...]


@dataclass(frozen=True)
class Paint:
    """How the parts of a cell are painted: the ContrastsScreen component classes in styles/app.tcss."""

    aside: Style  # a descriptor's paragraph and whose words, a referent's kind
    name: Style  # the name as the article writes it
    outlet: Style  # an outlet's name at the start of its line, where the outlets are stacked


def _cell(items: tuple[Descriptor, ...], paint: Paint) -> Text:
    """Descriptors one per line, then the name as the article writes it. Never markup."""
    described = [d for d in items if d.kind != "name"]
    named = [d.text for d in items if d.kind == "name"]
    cell = Text()
    for k, d in enumerate(described):
        if k:
            cell.append("\n")
        cell.append(f"“{d.text}”")
        cell.append(f" ¶{d.paragraph}" + (" quoted" if d.voice != "own" else " own"), style=paint.aside)
    if not described:
        cell.append("—")
    if named:
        cell.append(f"\n{named[0]}", style=paint.name)
    return cell


def _line(items: tuple[Descriptor, ...], width: int, paint: Paint) -> Text:
    """An outlet's descriptors on one line `width` cells wide, then the name as it writes it, cut with "…"
    where the line is full: the row of a stacked table keeps one line per outlet."""
    line = Text()
    for k, d in enumerate(d for d in items if d.kind != "name"):
        line.append("; " if k else "")
        line.append(f"“{d.text}”")
        line.append(f" ¶{d.paragraph}" + (" quoted" if d.voice != "own" else " own"), style=paint.aside)
    named = [d.text for d in items if d.kind == "name"]
    if not line:
        line.append("—")
    if named:
        line.append(" · ")
        line.append(named[0], style=paint.name)
    line.truncate(width, overflow="ellipsis")
    return line


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
    """The table's column widths (text cells, without padding) for the room a box leaves it."""

    referent: int
    kind: int | None  # None: too narrow for a kind column, so the kind goes under (stacked: beside) the referent
    outlet: int  # each outlet's column; stacked, the one column every outlet shares, a line each
    stacked: bool = False  # the referent column names the outlets, one a line, under the referent


def columns_for(room: int, outlets: int, label: int) -> Columns:
    """Columns in `room` cells (padding included) for `outlets` outlets whose names are at most `label`
    cells: the outlets share what the referent leaves, so the last one is never cut off; where they would
    get under OUTLET_WIDTH, the kind folds under the referent, and then the referent narrows; where even
    NARROW_OUTLET does not fit (three outlets under about 50 columns), the outlets stack in one column."""

    def share(taken: int) -> int:
        return (room - taken) // outlets - CELL_PADDING

    if share(REFERENT_WIDTH + KIND_WIDTH) >= OUTLET_WIDTH:
        return Columns(REFERENT_WIDTH - CELL_PADDING, KIND_WIDTH - CELL_PADDING, share(REFERENT_WIDTH + KIND_WIDTH))
    referent = REFERENT_WIDTH
    if share(referent) < OUTLET_WIDTH:
        referent = max(NARROW_REFERENT, room - outlets * (OUTLET_WIDTH + CELL_PADDING))
    if share(referent) >= NARROW_OUTLET:
        return Columns(referent - CELL_PADDING, None, share(referent))
    first = max(NARROW_REFERENT - CELL_PADDING, min(label, room // 3 - CELL_PADDING))
    return Columns(first, None, max(1, room - first - 2 * CELL_PADDING), stacked=True)


class ContrastsScreen(ModalScreen[Jump | None]):
    """Pick a row to jump every pane to where the referent is described; escape closes."""

    BINDINGS = bindings.CONTRASTS
    COMPONENT_CLASSES = {"contrasts--aside", "contrasts--name", "contrasts--outlet"}
    # A short terminal (40x12): no blank lines, one line per title, and the loaded words in a few rows, so
    # that the contrasts keep the room
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]

    def __init__(self, collation: Collation) -> None:
        super().__init__()
        self.collation = collation
        self.contrasts: tuple[StoryContrast, ...] = story_contrasts(collation)
        self.loaded = loaded_words(collation)
        self.names = outlet_names(collation.documents)
        self.columns: Columns | None = None  # as the contrasts table shows them
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

    def _paint(self) -> Paint:
        return Paint(
            *(self.get_component_rich_style(f"contrasts--{part}", partial=True) for part in ("aside", "name", "outlet"))
        )

    def _fill(self, screen: Size) -> None:
        """Both tables, in columns sized to the room their box has on a screen of that size, each cell cut
        with "…" where it must be: nothing is cut off at the box's edge."""
        box = self.query_one("#contrasts-box")
        paint = self._paint()
        contrasts = self.query_one("#contrasts-table", DataTable)
        contrasts.clear(columns=True)
        label = max((cell_len(name) for name in self.names), default=0)
        columns = self.columns = columns_for(table_room(box, contrasts, screen), len(self.names), label)
        contrasts.add_column(Text("referent"), width=columns.referent)
        if columns.stacked:
            contrasts.add_column(Text("descriptors"), width=columns.outlet)
            for c in self.contrasts:
                contrasts.add_row(*self._stacked(c, columns, paint), height=None)
        else:
            if columns.kind is not None:
                contrasts.add_column(Text("kind"), width=columns.kind)
            for name in self.names:
                contrasts.add_column(Text(cut(name, columns.outlet)), width=columns.outlet)
            for c in self.contrasts:
                cells = [_cell(items, paint) for items in c.descriptors]
                if columns.kind is None:
                    contrasts.add_row(Text.assemble(c.entity, ("\n" + c.kind, paint.aside)), *cells, height=None)
                else:
                    contrasts.add_row(Text(c.entity), Text(c.kind), *cells, height=None)
        loaded = self.query_one("#loaded-table", DataTable)
        loaded.clear(columns=True)
        headers = ("word", "outlet", "¶", "about")
        rows = [(w.word, self.names[article], str(w.paragraph), w.subject) for article, w in self.loaded]
        natural = [max(cell_len(cell) for cell in column) for column in zip(headers, *rows)]
        least = [min(n, most) for n, most in zip(natural, LOADED_LEAST)]
        widths = fitted(natural, least, table_room(box, loaded, screen))
        for header, w in zip(headers, widths):
            loaded.add_column(Text(header), width=w)
        for row in rows:
            loaded.add_row(*(Text(cut(cell, w)) for cell, w in zip(row, widths)))

    def _stacked(self, c: StoryContrast, columns: Columns, paint: Paint) -> tuple[Text, Text]:
        """A row's two cells where the outlets are stacked: the referent (wrapped) beside its kind, then a line
        per outlet, its name beside its descriptors, the two cells kept line for line."""
        entity = list(Text(c.entity).wrap(self.app.console, columns.referent))
        for line in entity:
            line.rstrip()
        names = [Text(cut(name, columns.referent), style=paint.outlet) for name in self.names]
        kind = [Text(cut(c.kind, columns.outlet), style=paint.aside)] + [Text() for _ in entity[1:]]
        lines = [_line(items, columns.outlet, paint) for items in c.descriptors]
        return Text("\n").join([*entity, *names]), Text("\n").join([*kind, *lines])

    def on_mount(self) -> None:
        self._width = self.app.size.width
        self._fill(self.app.size)
        self.query_one("#contrasts-table", DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        """Columns follow the terminal's width, keeping the rows the reader is on."""
        if event.size.width == self._width:
            return
        self._width = event.size.width
        tables = [self.query_one(f"#{name}-table", DataTable) for name in ("contrasts", "loaded")]
        rows = [table.cursor_row for table in tables]
        self._fill(event.size)
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
