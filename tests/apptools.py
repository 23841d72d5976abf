"""Helpers for driving the app in tests."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reader.app import DiptychApp
from reader.launch import start_for
from reader.screens.reading import ReaderScreen
from reader.widgets.pane import ArticlePane


def make_app(*paths: Path, keymap: Path | None = None, notes: Path | None = None) -> DiptychApp:
    return DiptychApp(start_for([str(p) for p in paths], notes=str(notes) if notes else None), keymap_file=keymap)


async def settle(pilot: Pilot) -> None:
    """Wait until the links have arrived and the screen has caught up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def reader(pilot: Pilot) -> ReaderScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def pane(pilot: Pilot, side: str) -> ArticlePane:
    return reader(pilot).pane(side)


def viewport_row(p: ArticlePane, index: int) -> float:
    """Where the top of a paragraph sits in its pane's viewport."""
    return p.geometry[index][0] - p.scroll_y
