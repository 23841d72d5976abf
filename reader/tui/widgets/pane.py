"""One article in a scrolling pane, drawn with Textual's Line API.

Only the lines on screen are rendered, so a pane stays fast on a book-length document. The pane shows what the
screen tells it (its layout of lines, the cursor, partner highlights, gutter marks, highlighted spans); it
decides nothing about links itself. Article text is painted as plain segments, never parsed as markup.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.analysis.sides import Pane
from reader.text.document import Document, Role
from reader.text.sanitise import shown
from reader.tui.widgets.keys import KeysInOrder
from reader.tui.wrap import wrap

GUTTER = 13  # note marker (1) + number (4) + space + link mark (6) + space
GUTTER_LINES = 2  # the partner on the first line, the score (or pin, title, only) under it

#: A highlighted span of a paragraph: (start, end, component class).
Highlight = tuple[int, int, str]
#: One display line: the paragraph it shows (None for padding) and which of its wrapped lines.
LineRef = tuple[int | None, int]


@dataclass(frozen=True)
class Mark:
    """What the gutter says about a paragraph: a first line ("↗ 12"), a second line (".83") and a style."""

    first: str = ""
    second: str = ""
    style: str = "pane--gutter"
    noted: bool = False


_ROLE_CLASS = {
    Role.TITLE: "pane--title",
    Role.BYLINE: "pane--caption",
    Role.CAPTION: "pane--caption",
    Role.SUBHEAD: "pane--title",
    Role.BOILERPLATE: "pane--boilerplate",
}


class ArticlePane(KeysInOrder, ScrollView, can_focus=True, inherit_bindings=False):
    """A scrolling view of one document's paragraphs with a gutter."""

    COMPONENT_CLASSES = {
        "pane--gutter",
        "pane--link",
        "pane--moved",
        "pane--unmatched",
        "pane--note",
        "pane--cursor",
        "pane--cursor-gutter",
        "pane--partner",
        "pane--title",
        "pane--caption",
        "pane--boilerplate",
        "pane--left-only",
        "pane--right-only",
        "pane--centre-only",
        "pane--cursor-other",
        "pane--descriptor",
        "pane--search",
        "pane--search-current",
        "pane--noted",
        "pane--selection",
    }

    class Scrolled(Message):
        """The pane's scroll position changed; `by_user` is False when the screen scrolled it to sync."""

        def __init__(self, pane: ArticlePane, by_user: bool) -> None:
            super().__init__()
            self.pane = pane
            self.by_user = by_user

    class Clicked(Message):
        """A paragraph was clicked (`offset` is the character nearest the click, when known)."""

        def __init__(self, pane: ArticlePane, paragraph: int, offset: int | None) -> None:
            super().__init__()
            self.pane = pane
            self.paragraph = paragraph
            self.offset = offset

    class Dragged(Message):
        """Text was selected with the mouse inside one paragraph (character offsets)."""

        def __init__(self, pane: ArticlePane, paragraph: int, start: int, end: int) -> None:
            super().__init__()
            self.pane = pane
            self.paragraph = paragraph
            self.start = start
            self.end = end

    class Resized(Message):
        def __init__(self, pane: ArticlePane) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, side: Pane, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.side = side
        self.document = document
        self.cursor: int | None = None
        self.partners: frozenset[int] = frozenset()
        self.marks: dict[int, Mark] = {}
        self.highlights: dict[int, list[Highlight]] = {}
        self.lines: list[LineRef] = []
        self.geometry: dict[int, tuple[int, int]] = {}
        self.order: list[int] = []
        self._starts: list[int] = []  # top line of each block, for finding the paragraph at a line
        self._start_paragraph: list[int | None] = []
        self._wrap_width = 8
        self._wraps: dict[int, list[tuple[int, int]]] = {}
        self._cache: dict[int, Strip] = {}
        self._styles: dict[tuple[str, str | None], Style] = {}
        self._syncing = False
        self._press: tuple[int, int] | None = None  # (paragraph, offset) where a mouse button went down
        self._dragged = False

    # --- layout ---------------------------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        return max(8, self.scrollable_content_region.width - GUTTER - 1)

    def fit_width(self) -> None:
        """Wrap for the pane's current width from now on. The screen calls this before building a layout, so
        a layout and the wrapping it was built from never disagree (rendering between a resize and the new
        layout shows the old layout)."""
        width = self.text_width
        if width != self._wrap_width:
            self._wraps.clear()
            self._wrap_width = width

    def wrapped(self, index: int) -> list[tuple[int, int]]:
        """The line ranges of paragraph `index` at the layout's width (cached until that width changes)."""
        lines = self._wraps.get(index)
        if lines is None:
            lines = self._wraps[index] = wrap(self.document.paragraphs[index].text, self._wrap_width)
        return lines

    def block_lines(self, indexes: Iterable[int]) -> list[LineRef]:
        """Display lines for these paragraphs in this order, a blank line after each. A paragraph takes at
        least the gutter's two lines, so that a one-line paragraph keeps its score, `pin`, `title` or `only`."""
        lines: list[LineRef] = []
        for index in indexes:
            lines += [(index, k) for k in range(max(len(self.wrapped(index)), GUTTER_LINES))]
            lines.append((None, 0))
        return lines

    def set_lines(self, lines: list[LineRef]) -> None:
        """Show this layout of display lines."""
        self.lines = lines
        geometry: dict[int, tuple[int, int]] = {}
        starts: list[int] = []
        owners: list[int | None] = []
        previous: int | None = -1
        for y, (index, _) in enumerate(lines):
            if index != previous:
                starts.append(y)
                owners.append(index)
                previous = index
            if index is not None:
                top, height = geometry.get(index, (y, 0))
                geometry[index] = (top, height + 1)
        self.geometry, self._starts, self._start_paragraph = geometry, starts, owners
        self.order = list(geometry)  # dicts keep insertion order: paragraphs in display order
        self.virtual_size = Size(self.scrollable_content_region.width, len(lines))
        self.invalidate()

    def paragraph_at(self, line: int) -> int | None:
        """The paragraph shown at display line `line`, or the nearest one above it."""
        k = bisect_right(self._starts, line) - 1
        while k >= 0:
            if self._start_paragraph[k] is not None:
                return self._start_paragraph[k]
            k -= 1
        return next((p for p in self._start_paragraph if p is not None), None)

    def middle_line(self) -> float:
        return self.scroll_y + self.scrollable_content_region.height / 2

    # --- state from the screen -----------------------------------------------------------------------

    def invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    def show(
        self,
        *,
        cursor: int | None,
        partners: Iterable[int] = (),
        highlights: dict[int, list[Highlight]] | None = None,
    ) -> None:
        self.cursor = cursor
        self.partners = frozenset(partners)
        if highlights is not None:
            self.highlights = highlights
        self.invalidate()

    def set_marks(self, marks: dict[int, Mark]) -> None:
        self.marks = marks
        self.invalidate()

    # --- scrolling ------------------------------------------------------------------------------------

    def scroll_line_to_row(self, line: float, row: float, *, programmatic: bool = False) -> None:
        """Scroll so display line `line` appears at viewport row `row`. A `programmatic` move (the screen
        following the cursor or keeping this pane opposite the other) is reported as not the user's."""
        self._syncing = programmatic
        try:
            self.scroll_to(y=max(0, round(line - row)), animate=False, force=True)
        finally:
            self._syncing = False

    def shows(self, index: int | None) -> bool:
        """Whether any line of paragraph `index` is in view."""
        if index is None or index not in self.geometry:
            return False
        top, height = self.geometry[index]
        return top < self.scroll_y + self.scrollable_content_region.height and top + height > self.scroll_y

    def ensure_visible(self, index: int) -> None:
        """Scroll the least amount that shows the top of paragraph `index` with some context."""
        if index not in self.geometry:
            return
        top, height = self.geometry[index]
        view = self.scrollable_content_region.height
        margin = min(2, view // 4)
        if top < self.scroll_y + margin or top + min(height, view - 2 * margin) > self.scroll_y + view - margin:
            self.scroll_line_to_row(top, min(view // 3, margin + 3), programmatic=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # Textual moves the thumb only while the scrollbar shows: a pane scrolled before its first layout (one of
        # three, brought on screen by r) kept its thumb at the top, whatever it showed
        self.vertical_scrollbar.position = new_value
        if round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self, by_user=not self._syncing))

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized(self))

    def _text_at(self, x: int, y: int) -> tuple[int | None, int | None]:
        """The paragraph and character offset at a point of the pane (offset None off the text)."""
        line = round(self.scroll_y) + y
        if not 0 <= line < len(self.lines):
            return None, None
        index, k = self.lines[line]
        if index is None:
            return self.paragraph_at(line), None
        return index, self._offset_at(index, k, x - GUTTER)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index, offset = self._text_at(event.x, event.y)
        self._press = (index, offset) if index is not None and offset is not None else None
        self._dragged = False

    def on_mouse_up(self, event: events.MouseUp) -> None:
        press, self._press = self._press, None
        index, offset = self._text_at(event.x, event.y)
        if press is None or index != press[0] or offset is None or offset == press[1]:
            return
        self._dragged = True
        start, end = sorted((press[1], offset))
        self.post_message(self.Dragged(self, index, start, end))

    def on_click(self, event: events.Click) -> None:
        if self._dragged:
            self._dragged = False
            return
        index, offset = self._text_at(event.x, event.y)
        if index is not None:
            self.post_message(self.Clicked(self, index, offset))

    def _offset_at(self, index: int, k: int, column: int) -> int:
        ranges = self.wrapped(index)
        if k >= len(ranges):  # the gutter's second line under a one-line paragraph: its end
            return ranges[-1][1] if ranges else 0
        start, end = ranges[k]
        text = self.document.paragraphs[index].text
        used = 0
        for pos in range(start, end):
            used += Segment(text[pos]).cell_length
            if used > column:
                return pos
        return end

    def on_focus(self) -> None:
        self.invalidate()  # the cursor is drawn brighter in the focused pane

    def on_blur(self) -> None:
        self.invalidate()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._styles.clear()

    # --- rendering ------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        line = round(self.scroll_y) + y
        strip = self._cache.get(line)
        if strip is None:
            strip = self._cache[line] = self._render_display_line(line)
        return strip

    def style_of(self, name: str, over: str | None = None) -> Style:
        """A component class's style as it is painted over the pane, or over the tint of component `over` (the
        cursor's, a partner's). Textual's partial styles (the kind that layer over a line's own style) drop a
        colour's alpha and leave "auto" text white, which makes muted or dimmed text full strength and "auto"
        text vanish on light themes; here both are resolved against the background they are painted on."""
        style = self._styles.get((name, over))
        if style is None:
            styles = self.get_component_styles(name)
            tint = self.style_of(over).bgcolor if over is not None else None
            under = Color.from_rich_color(tint or self.rich_style.bgcolor)
            background = under + styles.background if styles.has_rule("background") else None
            color = None
            if styles.has_rule("color"):
                paint = styles.color
                behind = background or under
                auto = styles.has_rule("auto_color") and styles.auto_color
                color = behind + (behind.get_contrast_text(paint.a) if auto else paint)
            style = self._styles[(name, over)] = (
                Style(
                    color=color.rich_color if color else None,
                    bgcolor=background.rich_color if background else None,
                )
                + styles.text_style
            )
        return style

    def empty_message(self) -> str:
        """What an article with no text shows in its pane, instead of a blank that looks broken."""
        name = shown(self.document.path.name) if self.document.path else "this file"
        return f"The {self.side} article, {name}, has no text to show."

    def _render_empty(self, line: int, width: int) -> Strip:
        """A line of the message of an empty article: in the text's column, under a blank line, where the pane
        has the room; else from its left edge, and from its top."""
        message = self.empty_message()
        lines = wrap(message, width - GUTTER - 1)
        indent = GUTTER
        if len(lines) > 2:
            indent, lines = 1, wrap(message, width - 2)
        top = 1 if self.scrollable_content_region.height > len(lines) else 0
        base = self.rich_style
        if not top <= line < top + len(lines):
            return Strip.blank(width, base)
        start, end = lines[line - top]
        text = message[start:end].strip()
        segments = [Segment(" " * indent, base), Segment(text, base + self.style_of("pane--caption"))]
        return Strip(segments).adjust_cell_length(width, base)

    def _render_display_line(self, line: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.document.paragraphs:
            return self._render_empty(line, width)
        if not 0 <= line < len(self.lines):
            return Strip.blank(width, base)
        index, k = self.lines[line]
        if index is None:
            return Strip.blank(width, base)
        paragraph = self.document.paragraphs[index]
        tint = None
        if index == self.cursor and self.has_focus:
            tint = "pane--cursor"
        elif index in self.partners:
            tint = "pane--partner"
        block = base + self.style_of(tint) if tint else base
        role = _ROLE_CLASS.get(paragraph.role)
        text_style = block + self.style_of(role, tint) if role else block
        segments = self._gutter(index, k, block) + self._text(index, k, text_style)
        return Strip(segments).adjust_cell_length(width, block)

    def _gutter(self, index: int, k: int, base: Style) -> list[Segment]:
        mark = self.marks.get(index, Mark())
        gutter_style = base + self.style_of("pane--gutter")
        if index == self.cursor:
            gutter_style = gutter_style + self.style_of("pane--cursor-gutter")
        number_style = gutter_style
        if index == self.cursor and not self.has_focus:  # the cursor of a pane not being read: `p` links to it
            number_style = gutter_style + self.style_of("pane--cursor-other")
        if k == 0:
            note = "✎" if mark.noted else " "
            return [
                Segment(note, gutter_style + self.style_of("pane--note")),
                Segment(f"{index:>4}", number_style),
                Segment(" ", gutter_style),
                Segment(f"{mark.first:<6.6}", gutter_style + self.style_of(mark.style)),
                Segment(" ", base),
            ]
        text = mark.second if k == 1 else ""
        return [
            Segment(" " * 6, gutter_style),
            Segment(f"{text:<6.6}", gutter_style + self.style_of(mark.style)),
            Segment(" ", base),
        ]

    def _text(self, index: int, k: int, style: Style) -> list[Segment]:
        ranges = self.wrapped(index)
        if k >= len(ranges):  # the gutter's second line under a one-line paragraph
            return []
        start, end = ranges[k]
        text = self.document.paragraphs[index].text
        spans = [h for h in self.highlights.get(index, ()) if h[0] < end and h[1] > start]
        if not spans:
            return [Segment(text[start:end].rstrip(" "), style)]
        cuts = sorted({start, end} | {max(start, min(end, p)) for a, b, _ in spans for p in (a, b)})
        segments = []
        for a, b in itertools.pairwise(cuts):
            piece_style = style
            for s0, s1, name in spans:  # later highlights win: search over descriptors over differences
                if s0 <= a and b <= s1:
                    piece_style = piece_style + self.style_of(name)
            segments.append(Segment(text[a:b], piece_style))
        return segments


def merge_highlights(*groups: Mapping[int, Sequence[Highlight]]) -> dict[int, list[Highlight]]:
    """Combine highlight groups, later groups painted over earlier ones."""
    out: dict[int, list[Highlight]] = {}
    for group in groups:
        for index, spans in group.items():
            out.setdefault(index, []).extend(spans)
    return out
