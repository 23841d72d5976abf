"""The reference for the first-screen benchmark: a bare two-pane Textual app showing two files' text.

With --footer it also shows Textual's Footer with as many keys as diptych's, to tell the footer's share of
diptych's start-up from the rest.
"""

import sys
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Static

FOOTER = "--footer" in sys.argv
PATHS = [a for a in sys.argv[1:] if a != "--footer"]


class Bare(App):
    BINDINGS = [Binding(key, "bell", f"Key {key}") for key in "abcdefghij"] if FOOTER else []

    def compose(self):
        with Horizontal():
            for path in PATHS[:2]:
                with VerticalScroll():
                    yield Static(Path(path).read_text(encoding="utf-8"), markup=False)
        if FOOTER:
            yield Footer()


if __name__ == "__main__":
    Bare().run()
