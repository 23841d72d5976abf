"""Table columns that fit their box: the room a box leaves a table, read from the box's CSS, widths shared out
in it, and text cut to a column by terminal cells (a CJK character or an emoji takes two), so that no column
runs past the box's edge. Used by the notes list and the contrasts table."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.geometry import Size
from textual.widget import Widget

# A DataTable cell's padding, one cell each side: DataTable's `cell_padding` argument (Textual's default, 1),
# which is not CSS, so it cannot be read from a style.
CELL_PADDING = 2


def cut(text: str, cells: int | None) -> str:
    """The text in at most `cells` terminal cells, ending with "…" where it had to be cut (None: whole)."""
    if cells is None or cell_len(text) <= cells:
        return text
    if cells <= 1:
        return "…"[:cells]
    return set_cell_size(text, cells - 1).rstrip() + "…"  # a wide character cut in two leaves a space


def box_width(box: Widget, screen: Size) -> int:
    """The cells inside `box` (a dialog's box on a screen of that size), between its border and padding, as
    styles/app.tcss sets its width and gutters (read from its styles, so a change there is followed here)."""
    width = box.styles.width
    outer = int(width.resolve(screen, screen)) if width is not None else screen.width
    if box.styles.max_width is not None:
        outer = min(outer, int(box.styles.max_width.resolve(screen, screen)))
    return outer - box.styles.gutter.width


def table_room(box: Widget, table: Widget, screen: Size) -> int:
    """The cells a table inside `box` has for its columns, padding included: the box's inner width less the
    table's own gutters and its vertical scrollbar (counted whether shown or not, so that rows added later
    never push the last column off)."""
    return box_width(box, screen) - table.styles.gutter.width - table.styles.scrollbar_size_vertical


def fitted(natural: list[int], least: list[int], room: int) -> list[int]:
    """Column widths (text cells) as wide as their contents, narrowed where they must be to fit in `room`
    cells with their padding: always the one with the most to spare, never under its `least`."""
    widths = list(natural)
    while sum(widths) + CELL_PADDING * len(widths) > room:
        k = max(range(len(widths)), key=lambda i: widths[i] - least[i])
        if widths[k] <= least[k]:
            break
        widths[k] -= 1
    return widths
