"""A small question with a few one-key answers (quit with unsaved notes, delete a note, open paths)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.text.sanitise import shown
from reader.tui import bindings


class ConfirmScreen(ModalScreen[str | None]):
    """Ask a question; each answer is (key, label). Escape answers None."""

    BINDINGS = bindings.QUESTIONS

    def __init__(self, question: str, answers: list[tuple[str, str]], detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.answers = answers
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content(shown(self.question)), classes="box-title")
            if self.detail:  # paths and quotes: shown line by line, never acted on by the terminal
                detail = "\n".join(shown(line) for line in self.detail.splitlines())
                yield Static(Content(detail), id="confirm-detail")
            keys = "   ".join(f"{key}: {label}" for key, label in self.answers) + "   esc: cancel"
            yield Static(Content(keys), id="confirm-keys")

    def on_key(self, event: events.Key) -> None:
        for key, _ in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(key)
                return
