"""The status bar and the one-line prompt used for search and go-to-paragraph."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from reader.tui.widgets.keys import OrderedInput


class StatusBar(Static):
    """One line of state: links, coverage, the focused link, sync and layout. Never markup."""

    def show(self, text: str) -> None:
        self.update(Content(text))


class Prompt(OrderedInput):
    """A single-line input that asks one question and hands the answer (or None, on escape) to the asker
    as enter is handled, not in a message handled later: the keys typed after enter must find the answer
    already acted on (the cursor on the match), not the prompt still open."""

    # An enter typed before diptych put the terminal in raw mode (a burst right at start) arrives as a
    # newline, which Textual reads as ctrl+j.
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False), Binding("ctrl+j", "submit", show=False)]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._answer: Callable[[str | None], None] = lambda value: None

    def ask(self, placeholder: str, answer: Callable[[str | None], None], value: str = "") -> None:
        self._answer = answer
        self.placeholder = placeholder
        self.border_title = placeholder  # the question stays in view over an offered answer
        self.value = value
        self.select_all()  # the last query is offered, and typing replaces it
        self.display = True
        clear_passing_toasts(self.app)  # a toast would cover the answer being typed
        self.screen.set_focus(self)

    def _finish(self, value: str | None) -> None:
        self.display = False
        self._answer(value)

    async def action_submit(self) -> None:
        self._finish(self.value)

    def action_cancel(self) -> None:
        self._finish(None)


def clear_passing_toasts(app: App) -> None:
    """Take down the toasts that only say what happened ("Copied ¶3"): the reader has read them by the time
    they open the prompt or the note editor, where a toast would cover what they type. Warnings and errors
    (notes that could not be loaded, an emergency copy to recover) stay for their time."""
    for notification in list(app._notifications):  # Textual has no public way to take down some toasts
        if notification.severity == "information":
            app._unnotify(notification, refresh=False)
    app._refresh_notifications()
