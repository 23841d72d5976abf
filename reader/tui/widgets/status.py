"""The status bar and the one-line prompt used for search and go-to-paragraph."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.content import Content
from textual.widgets import Input, Static


class StatusBar(Static):
    """One line of state: links, coverage, the focused link, sync and layout. Never markup."""

    def show(self, text: str) -> None:
        self.update(Content(text))


class Prompt(Input):
    """A single-line input that asks one question and hands the answer (or None, on escape) to the asker
    at once: the keys typed after enter must find the answer already acted on (the cursor on the match),
    which a message handled later would not guarantee."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._answer: Callable[[str | None], None] = lambda value: None

    def ask(self, placeholder: str, answer: Callable[[str | None], None], value: str = "") -> None:
        self._answer = answer
        self.placeholder = placeholder
        self.value = value
        self.display = True
        self.screen.set_focus(self)

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
        self._answer(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._finish(event.value)

    def key_escape(self) -> None:
        self._finish(None)
