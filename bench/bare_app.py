"""The reference for the first-screen benchmark: a bare two-pane Textual app showing two files' text."""

import sys
from pathlib import Path

from textual.app import App
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static


class Bare(App):
    def compose(self):
        with Horizontal():
            for path in sys.argv[1:3]:
                with VerticalScroll():
                    yield Static(Path(path).read_text(encoding="utf-8"), markup=False)


if __name__ == "__main__":
    Bare().run()
