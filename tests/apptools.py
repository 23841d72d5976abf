"""Helpers for driving the app in tests."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from reader.launch import start_for
from reader.tui.app import DiptychApp
from reader.tui.screens.reading import ReaderScreen
from reader.tui.widgets.pane import ArticlePane

TOAST_SECONDS = 3600.0  # longer than any test: a snapshot then shows the same toasts however slow the machine
SIZE = (160, 40)  # the terminal the Pilot tests run in, wide enough for side-by-side panes


class RecordingApp(DiptychApp):
    """The app, keeping every notification it showed and every toast on screen: Textual drops a toast once
    its timeout runs out, which on a busy machine can be before a test reads it or a snapshot paints it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notified: list[str] = []

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:
        self.notified.append(str(message))
        super().notify(message, *args, **{**kwargs, "timeout": TOAST_SECONDS})

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A text cursor stays lit: blinking, it is painted or not by how long the machine took to get to the
        snapshot."""
        if isinstance(event.widget, (Input, TextArea)):
            event.widget.cursor_blink = False


def make_app(
    *paths: Path, keymap: Path | None = None, notes: Path | None = None, theme: str | None = None
) -> RecordingApp:
    start = start_for([str(p) for p in paths], notes=str(notes) if notes else None)
    return RecordingApp(start, keymap_file=keymap, theme=theme)


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the app run until `condition` holds (a timer fired, a worker finished); generous, for a busy
    machine: it asserts what happens, never how fast."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await pilot.pause(0.1)


def notified(pilot: Pilot) -> str:
    """Every notification the app has shown so far, joined."""
    app = pilot.app
    assert isinstance(app, RecordingApp)
    return " | ".join(app.notified)


async def burst(pilot: Pilot, *keys: str) -> None:
    """Send every key at once, as tmux or a fast typist does: unlike `pilot.press`, no key waits for the one
    before it to be handled. Keys are named as for `pilot.press`; the key events are built as it builds them."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


async def settle(pilot: Pilot) -> None:
    """Wait until the links have arrived and the screen has caught up. The reading screen starts its worker
    only after its first frame, so waiting for the workers alone can return before there is one to wait for:
    wait for the screen to say it is done."""
    await pilot.pause()
    readers = [s for s in pilot.app.screen_stack if isinstance(s, ReaderScreen)]
    await wait_until(pilot, lambda: all(r.stage is None for r in readers))
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def steady(pilot: Pilot, timeout: float = 60.0) -> None:
    """Wait until no pane moves any more: a key that scrolls one pane posts a message that scrolls the others
    (the sync), and rotating panes resizes and rewraps them, in rounds that a snapshot taken after a fixed
    number of pauses caught halfway on a loaded machine (a scrollbar thumb a row off)."""

    def state() -> list[tuple[object, ...]]:
        panes = pilot.app.screen.query(ArticlePane)
        return [(p.scroll_y, p.virtual_size, p.size, p.vertical_scrollbar.position) for p in panes]

    deadline = time.monotonic() + timeout
    last, same = state(), 0
    while same < 3:
        assert time.monotonic() < deadline, "the panes never came to rest"
        await pilot.pause(0.05)
        now = state()
        same, last = (same + 1 if now == last else 0), now


@asynccontextmanager
async def opened(
    *paths: Path,
    size: tuple[int, int] = SIZE,
    keymap: Path | None = None,
    notes: Path | None = None,
    theme: str | None = None,
) -> AsyncIterator[Pilot]:
    """The app on these paths, running headless with its links in (no paths: the bundled pair)."""
    app = make_app(*paths, keymap=keymap, notes=notes, theme=theme)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot


def reader(pilot: Pilot) -> ReaderScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def pane(pilot: Pilot, side: str) -> ArticlePane:
    return reader(pilot).pane(side)


def viewport_row(p: ArticlePane, index: int) -> float:
    """Where the top of a paragraph sits in its pane's viewport."""
    return p.geometry[index][0] - p.scroll_y
