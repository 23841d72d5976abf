"""The note editor: a body, quick tags, free tags, and whether the note also goes on the partner paragraph."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from reader.analysis.worddiff import differing_words
from reader.notes.model import MOVED, QUICK_TAGS, Target
from reader.text.quoting import quoted
from reader.text.tokens import word_spans
from reader.tui import bindings
from reader.tui.widgets.keys import OrderedTextArea, forward, run_binding_now
from reader.tui.widgets.status import clear_passing_toasts

QUOTE_SHOWN = 300  # characters of each quote shown above the note
BODY_SHOWN = 3  # lines of the note in view at least, however short the terminal
WAS_SHOWN = 120  # characters of a moved quote's earlier words shown, around what changed
WAS_CONTEXT = 4  # words shown either side of what changed
# How the words that changed are painted, in the earlier words and in the quote: a component class of the
# editor (styles/app.tcss), which Content looks up from the Static that shows it
CHANGED = ".note-editor--changed"


@dataclass(frozen=True)
class Draft:
    """What the editor returns: the note's text and tags, whether to attach it to both sides, and whether
    it was saved (a cancelled draft comes back too, so the reader can offer it again)."""

    body: str
    tags: tuple[str, ...]
    both_sides: bool
    submitted: bool = True


def was_line(old: str, new: str) -> Content:
    """What a moved quote was, around what changed (the words that went in bold), for the reader to check
    the rewording it moved to before confirming it."""
    words = word_spans(old)
    if not words:
        return Content("moved: reworded since the note was written (its earlier words were not recorded)")
    # the words the panes would mark in a linked pair: case, quotation marks and punctuation never count
    went, came = differing_words(old, new)
    # The old text's words from `first` to `stop` (not included) hold every change
    if went:
        first = next(k for k, (_, end) in enumerate(words) if end > went[0][0])
        stop = next(k for k in range(len(words), 0, -1) if words[k - 1][0] < went[-1][1])
    elif came:  # words only added: where they came in, as many words in as in the new text
        first = stop = min(len(words), sum(1 for _, end in word_spans(new) if end <= came[0][0]))
    else:  # a change the panes would not mark either (case, quotation marks, punctuation)
        first, stop = 0, len(words)
    start, end = max(0, first - WAS_CONTEXT), min(len(words), stop + WAS_CONTEXT)
    while end - start > 1 and words[end - 1][1] - words[start][0] > WAS_SHOWN:  # the change's start comes first
        end -= 1
    a, b = words[start][0], words[end - 1][1]
    lead, tail = ("…" if a > 0 else ""), ("…" if b < len(old) else "")
    label = "moved: was "
    line = Content(f"{label}{quoted(lead + old[a:b] + tail)}; ctrl+s confirms the words below")
    shift = len(label) + 1 + len(lead) - a  # where the characters of `old` are in the line
    for x, y in went:  # a run of changed words may go on past the words shown
        if x < b and a < y:
            line = line.stylize(CHANGED, max(x, a) + shift, min(y, b) + shift)
    return line


def quote_content(quote: str, moved_from: str = "") -> Content:
    """A quote as the editor shows it; a moved one, given the words it was on, with the words that came in the
    rewording in bold."""
    text = quoted(quote, QUOTE_SHOWN)
    content = Content(text)
    if moved_from:
        shown = len(text) - 2 - (1 if len(quote) > QUOTE_SHOWN else 0)  # within the marks (and the ellipsis)
        for x, y in differing_words(moved_from, quote)[1]:  # the words that came
            if y <= shown:
                content = content.stylize(CHANGED, x + 1, y + 1)
    return content


def parse_tags(quick: list[str], free: str) -> tuple[str, ...]:
    """Quick tags then free tags (comma-separated), each once, in order."""
    seen: dict[str, None] = {}
    for tag in [*quick, *free.split(",")]:
        tag = " ".join(tag.split())
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


class NoteEditor(ModalScreen[Draft]):
    """Write or edit a note. ctrl+s saves it, escape discards the edit (the draft is kept for next time).

    The box scrolls when the terminal is too short for every field: tab brings the focused field into view."""

    BINDINGS = bindings.NOTE_EDITOR
    COMPONENT_CLASSES = {"note-editor--changed"}  # CHANGED
    AUTO_FOCUS = ""  # on_mount focuses the body without scrolling the box past the quotes

    def __init__(
        self,
        targets: Sequence[Target],
        draft: Draft | None = None,
        partner: str | None = None,
        title: str = "New note",
    ) -> None:
        super().__init__()
        self.targets = targets  # what the note is on: their quotes show, a moved one's earlier words too
        self.draft = draft or Draft("", (), False)
        self.partner = partner  # a description of the partner paragraph when the note can go on both sides
        self.title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-box"):
            hint = "ctrl+s saves · esc cancels · tab moves between fields"
            yield Static(Content(f"{self.title}  ({hint})"), classes="box-title")
            for target in self.targets:
                moved = target.state == MOVED
                if moved:  # what it was (or that it was not recorded), then what it is now
                    yield Static(was_line(target.moved_from, target.excerpt), classes="editor-moved")
                yield Static(quote_content(target.excerpt, target.moved_from if moved else ""), classes="editor-quote")
            yield OrderedTextArea(self.draft.body, id="note-body", soft_wrap=True, tab_behavior="focus")
            quick = [t for t in self.draft.tags if t in QUICK_TAGS]
            yield SelectionList[str](*(Selection(tag, tag, tag in quick) for tag in QUICK_TAGS), id="quick-tags")
            free = ", ".join(t for t in self.draft.tags if t not in QUICK_TAGS)
            yield Input(free, placeholder="more tags, comma-separated", id="free-tags")
            if self.partner:
                yield Checkbox(f"Also attach to {self.partner}", self.draft.both_sides, id="both-sides")

    async def on_key(self, event: events.Key) -> None:
        """Keys typed in a burst right after `a` were queued in the reading pane, which posts them here, in
        order: letters go into the note (no printable key reaches this screen from the text box, which takes
        them all), and the rest run their bindings now, ahead of the keys behind them. Keys that arrive after
        the editor has closed (the pane posted them before ctrl+s ran) go on to the reader."""
        if not self.is_current:
            forward(event, self.app.focused, self)
            return
        body = self.query_one("#note-body", TextArea)
        if event.is_printable and event.character and self.focused in (None, body):
            body.insert(event.character)
            event.stop()
            event.prevent_default()
        else:
            await run_binding_now(event, self)

    def on_mount(self) -> None:
        clear_passing_toasts(self.app)  # a toast would cover the note's last lines
        body = self.query_one("#note-body", TextArea)
        body.focus(scroll_visible=False)  # the box opens at its top, with the quotes
        body.move_cursor(body.document.end)  # an existing note or draft goes on where it ends
        self.call_after_refresh(self._body_in_view)

    def _body_in_view(self) -> None:
        """In a terminal too short for the quotes and the note, scroll the quotes up until the first lines
        of the note show: what is typed must be seen."""
        body, box = self.query_one("#note-body", TextArea), self.query_one("#editor-box")
        bottom = box.content_region.bottom
        if bottom - body.region.y < BODY_SHOWN:
            box.scroll_to(y=box.scroll_y + body.region.y + BODY_SHOWN - bottom, animate=False)

    def action_body_edge(self, end: bool) -> None:
        """ctrl+home / ctrl+end: the start or the end of the note (TextArea binds neither)."""
        body = self.query_one("#note-body", TextArea)
        body.focus()
        body.move_cursor(body.document.end if end else body.document.start)

    def current(self) -> Draft:
        quick = list(self.query_one("#quick-tags", SelectionList).selected)
        free = self.query_one("#free-tags", Input).value
        both = self.query_one("#both-sides", Checkbox).value if self.partner else False
        return Draft(self.query_one("#note-body", TextArea).text, parse_tags(quick, free), both)

    def action_submit(self) -> None:
        draft = self.current()
        if not draft.body.strip() and not draft.tags:
            self.notify("Write something or pick a tag first (esc cancels).", severity="warning")
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(replace(self.current(), submitted=False))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()
