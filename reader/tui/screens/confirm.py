"""A small question with a few one-key answers (quit with unsaved notes, delete a note, open paths)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.text.sanitise import shown
from reader.tui import bindings

CANCEL = ("esc", "cancel")


class ConfirmScreen(ModalScreen[str | None]):
    """Ask a question; each answer is (key, label). Escape answers None.

    The box is as wide as its longest line (up to most of the screen) and every line of it sizes to its own
    text: a box of `width: auto` over lines that fill their parent would measure nothing and paint an empty
    frame. A long detail scrolls, so the question and the keys always show, down to 40x12."""

    BINDINGS = bindings.QUESTIONS
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]

    def __init__(self, question: str, answers: list[tuple[str, str]], detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.answers = answers
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content(shown(self.question)), id="confirm-question")
            if self.detail:  # paths and quotes: shown line by line, never acted on by the terminal
                detail = "\n".join(shown(line) for line in self.detail.splitlines())
                with VerticalScroll(id="confirm-detail-scroll", can_focus=False):
                    yield Static(Content(detail), id="confirm-detail")
            answers = [*self.answers, CANCEL]
            width = max(len(key) for key, _ in answers)
            keys = [Content.assemble((key.ljust(width), "bold"), "  ", Content(label)) for key, label in answers]
            yield Static(Content("\n").join(keys), id="confirm-keys")

    def on_key(self, event: events.Key) -> None:
        for key, _ in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(key)
                return
