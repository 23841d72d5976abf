"""The status bar and the one-line prompt used for search and go-to-paragraph."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static


class StatusBar(Static):
    """One line of state: links, coverage, the focused link, sync and layout. Never markup."""

    def show(self, text: str) -> None:
        self.update(Content(text))


class Prompt(Input):
    """A single-line input that asks one question and reports the answer (or nothing, on escape)."""

    class Answered(Message):
        def __init__(self, purpose: str, value: str | None) -> None:
            super().__init__()
            self.purpose = purpose
            self.value = value

    purpose = ""

    def ask(self, purpose: str, placeholder: str, value: str = "") -> None:
        self.purpose = purpose
        self.placeholder = placeholder
        self.value = value
        self.display = True
        self.focus()

    async def take_key(self, event: events.Key) -> None:
        """A key typed before the prompt had focus (it was queued elsewhere): do what it would have done."""
        if event.key == "enter":
            await self.action_submit()
        elif event.key == "escape":
            self.key_escape()
        elif event.key == "backspace":
            self.action_delete_left()
        elif event.is_printable and event.character:
            self.insert_text_at_cursor(event.character)

    def _finish(self, value: str | None) -> None:
        self.display = False
        self.post_message(self.Answered(self.purpose, value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._finish(event.value)

    def key_escape(self) -> None:
        self._finish(None)
