"""The help screen: every binding with the keys the live keymap gives it, and a legend of what the gutter
marks and the colours of the reading screen mean."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reader.analysis.linkmodel import shipped
from reader.text.sanitise import shown
from reader.tui import bindings
from reader.tui.bindings import BindingInfo, display_keys
from reader.tui.marks import (
    ABSENT,
    ARROW_DOWN,
    ARROW_MOVED,
    ARROW_STRAIGHT,
    ARROW_UP,
    PIN,
    PRESENT,
    TITLE,
    UNMATCHED,
    score_text,
)

KEYS_WIDTH = 12
NARROW = 100  # columns: below this the keys table has two columns
HELP_WIDTH, HELP_MAX_WIDTH = 90, 110  # the help box's width (% of the screen) and its limit, as in app.tcss
BOX_GUTTERS = 10  # the box's border (2), padding (2) and scrollbar (2), and the cells' padding (4)

#: (sample, the pane's component class that paints it, meaning), in the order a reader meets them.
GUTTER_LEGEND = [
    (
        f"{ARROW_STRAIGHT['left']}4  {ARROW_STRAIGHT['right']}9",
        "pane--link",
        "linked in step: its partner is ¶4 of the other article (← in the right pane)",
    ),
    (
        f"{ARROW_UP}12  {ARROW_DOWN}3",
        "pane--moved",
        "linked to a paragraph the other outlet moved: the partner sits above (↗) or below (↘) where the "
        "story's order would put it; in the aligned layout, its row is above or below",
    ),
    (f"{ARROW_MOVED}7", "pane--moved", "aligned layout (v): the partner was brought opposite from elsewhere"),
    (f"{ARROW_STRAIGHT['left']}4+", "pane--link", "+ after the number: more than one partner"),
    (
        score_text(0.83),
        "pane--link",
        f"the link's score, 0 to 1: from {score_text(shipped().match)} the same fact (match), below it a shared "
        "detail (partial)",
    ),
    (
        TITLE,
        "pane--link",
        "two headlines: always linked to each other, so a score would only say how few words they share (a "
        "low one, such as .05, is no error)",
    ),
    (PIN, "pane--link", "pinned: a link you made or confirmed by hand (p, or R then enter; x unlinks, u undoes)"),
    (
        f"{PRESENT} {PRESENT} {ABSENT} all",
        "pane--link",
        "three articles: which outlets report this paragraph's fact, in pane order; all: every one of them",
    ),
    (f"{UNMATCHED} only", "pane--unmatched", "no counterpart: what the other outlets left out"),
    ("✎", "pane--note", "a note on this paragraph"),
    ("12", "pane--cursor-gutter", "a number in bold: the cursor"),
    ("12", "pane--cursor-other", "a reversed number: another pane's cursor (p links the cursor to it)"),
]

COLOUR_LEGEND = [
    ("cursor", "pane--cursor", "the paragraph under the cursor, in the pane you are reading"),
    ("partner", "pane--partner", "its partners in the other article (and the rest of a 1:n group)"),
    ("left-only", "pane--left-only", "inside the linked pair: words only the left article uses"),
    ("right-only", "pane--right-only", "inside the linked pair: words only the right article uses"),
    ("centre-only", "pane--centre-only", "of three articles: words only the centre article uses"),
    (
        "descriptor",
        "pane--descriptor",
        "how one outlet describes a person, group or thing the other describes differently, and loaded "
        "words (c lists them)",
    ),
    ("search", "pane--search", "search matches (/ searches, n and N step through them)"),
    ("match", "pane--search-current", "the current search match"),
    ("noted", "pane--noted", "words a note is attached to"),
    ("selected", "pane--selection", "words selected for a note (m, then l and h)"),
    ("Headline", "pane--title", "the headline; bylines and captions are italic, boilerplate dimmed"),
]


class HelpBody(VerticalScroll):
    """The help page's scroll, a line or a page per key, at once: Textual's own scrolls count from a position
    updated only at the next refresh, so keys typed in a burst (a held j or ↓) all scrolled from the same
    place, and ten presses moved one line."""

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.scroll_relative(y=self.scrollable_content_region.height, animate=False, immediate=True)

    def action_page_up(self) -> None:
        self.scroll_relative(y=-self.scrollable_content_region.height, animate=False, immediate=True)


class HelpScreen(ModalScreen[None]):
    """Keys and legend in one scrolling page: the arrows and page keys scroll it from the start. Side by side
    from 160 columns, one under the other below that."""

    BINDINGS = bindings.HELP
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (160, "-wide")]  # the keys table is ~100 wide
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]

    def __init__(
        self,
        bindings: list[BindingInfo],
        keymap: dict[str, str],
        notes: list[str],
        swatches: dict[str, Style] | None = None,
    ) -> None:
        super().__init__()
        self.bindings_info = bindings
        self.keymap = keymap
        self.notes = notes
        self.swatches = swatches or {}  # each component class as the reading screen paints it
        self.narrow = False  # the keys table's layout, set as it is built

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Content("diptych help · esc closes · ↑ ↓ j k PgUp PgDn scroll"), id="help-title")
            with HelpBody(id="help-body"), Container(id="help-columns"):
                with Vertical(id="help-keys"):
                    yield Static(Content("Keys"), id="help-keys-title")
                    yield self._keys_table()
                    for line in self.notes:
                        yield Static(Content(shown(line)), classes="help-note")
                with Vertical(id="help-legend"):
                    yield Static(Content("The gutter"), classes="help-section")
                    yield from self._legend(GUTTER_LEGEND)
                    yield Static(Content("Colours"), classes="help-section")
                    yield from self._legend(COLOUR_LEGEND)

    def _keys_table(self) -> DataTable:
        """Keys, action, where and binding id; below NARROW columns, where and id go under the action, so that
        nothing is cut off (the table does not scroll sideways: the page scrolls as a whole)."""
        self.narrow = self.app.size.width < NARROW
        table: DataTable = DataTable(id="help-table", cursor_type="none", zebra_stripes=True)
        table.can_focus = False
        table.add_column(Text("keys"), width=KEYS_WIDTH)  # several keys wrap, so the action stays in view
        if self.narrow:  # as wide as the help box leaves it (see #help-box), so that its lines wrap
            box = min(HELP_WIDTH * self.app.size.width // 100, HELP_MAX_WIDTH)
            table.add_column(Text("action"), width=max(10, box - KEYS_WIDTH - BOX_GUTTERS))
        else:
            table.add_columns(*(Text(h) for h in ("action", "where", "binding id")))
        for info in self.bindings_info:
            keys = Text(display_keys(self.keymap.get(info.id, info.default_keys)))
            if self.narrow:
                where = Text.assemble(info.description, "\n", (f"{info.scope} · {info.id}", "dim"))
                table.add_row(keys, where, height=None)
            else:
                table.add_row(keys, Text(info.description), Text(info.scope), Text(info.id), height=None)
        return table

    async def on_resize(self) -> None:
        if self.is_mounted and (self.app.size.width < NARROW) != self.narrow:
            await self.query_one("#help-table").remove()  # gone before its successor, with the same id, mounts
            table = self._keys_table()
            await self.query_one("#help-keys").mount(table, after="#help-keys-title")
            self._fit(table)

    def _legend(self, entries: list[tuple[str, str, str]]) -> ComposeResult:
        with Container(classes="legend"):
            for sample, component, meaning in entries:
                yield Static(Text(sample, style=self.swatches.get(component, Style())), classes="legend-sample")
                yield Static(Content(meaning), classes="legend-meaning")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
        self._fit(self.query_one("#help-table", DataTable))

    def _fit(self, table: DataTable) -> None:
        """Keep the keys table as tall as its rows. It measures wrapped rows only when idle, and its automatic
        height keeps the first, short measure: the page's end (the legend) could never be scrolled to."""

        def follow(size: Size) -> None:
            table.styles.height = size.height

        self.watch(table, "virtual_size", follow)
