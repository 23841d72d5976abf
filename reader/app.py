"""The Textual app: it loads the keymap, opens the first screen and offers every action in the palette."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reader.compare import Comparison
from reader.corpus import Story, article_info
from reader.document import Document, LoadError, load_document
from reader.keymap import load_keymap, user_keymap_path
from reader.keys import BindingInfo, binding_infos, display_keys
from reader.resources import bundled
from reader.screens.contrasts import ContrastsScreen
from reader.screens.help import HelpScreen
from reader.screens.picker import PickerScreen
from reader.screens.reading import Article, ReaderScreen


@dataclass(frozen=True)
class OpenPair:
    """Start by reading two loaded documents."""

    left: Document
    right: Document
    comparison: Comparison | None = None


@dataclass(frozen=True)
class PickStory:
    """Start by choosing a story from a folder."""

    root: Path
    stories: list[Story]


class DiptychApp(App[int]):
    CSS_PATH = str(bundled("styles") / "app.tcss")
    TITLE = "diptych"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark,f1", "help", "Help", id="help"),
    ]

    def __init__(self, start: OpenPair | PickStory, keymap_file: Path | None = None, limit: int | None = None) -> None:
        super().__init__()
        self.start = start
        self.keymap_file = keymap_file
        self.limit = limit
        self.keymap: dict[str, str] = {}
        self.keymap_warnings: list[str] = []

    # --- bindings -------------------------------------------------------------------------------------

    @staticmethod
    def binding_registry() -> list[BindingInfo]:
        """Every user-facing binding of the app and its screens."""
        return binding_infos(
            [
                ("everywhere", DiptychApp.BINDINGS),
                ("reading", ReaderScreen.BINDINGS),
                ("story picker", PickerScreen.BINDINGS),
                ("help", HelpScreen.BINDINGS),
                ("contrasts", ContrastsScreen.BINDINGS),
            ]
        )

    def on_mount(self) -> None:
        known = {info.id for info in self.binding_registry()}
        self.keymap, self.keymap_warnings = load_keymap(known, self.keymap_file)
        self.set_keymap(self.keymap)
        for warning in self.keymap_warnings:
            self.notify(warning, title="Keymap", severity="warning", timeout=12)
        if isinstance(self.start, OpenPair):
            self.push_screen(self._reader(self.start.left, self.start.right, self.start.comparison))
        else:
            self.push_screen(PickerScreen(self.start.root, self.start.stories), self._picked)

    def _reader(self, left: Document, right: Document, comparison: Comparison | None = None) -> ReaderScreen:
        articles = [
            Article(doc, article_info(doc.path) if doc.path else article_info(Path("text"))) for doc in (left, right)
        ]
        return ReaderScreen(articles[0], articles[1], comparison)

    def _picked(self, pair: tuple[Path, Path] | None) -> None:
        if pair is None:
            return
        try:
            left, right = (load_document(p, self.limit) for p in pair)
        except LoadError as exc:
            self.notify(str(exc), title="Cannot open", severity="error")
            assert isinstance(self.start, PickStory)
            self.push_screen(PickerScreen(self.start.root, self.start.stories), self._picked)
            return
        self.push_screen(self._reader(left, right))

    def action_help(self) -> None:
        notes = [f"Your keymap file: {user_keymap_path()} (or pass --keymap FILE)."]
        notes += [f"Keymap warning: {w}" for w in self.keymap_warnings]
        self.push_screen(HelpScreen(self.binding_registry(), self.keymap, notes))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        scopes = {"everywhere": self, "reading": ReaderScreen, "story picker": PickerScreen}
        for info in self.binding_registry():
            owner = scopes.get(info.scope)
            if owner is self or (isinstance(owner, type) and isinstance(screen, owner)):
                target = self if owner is self else screen
                keys = display_keys(self.keymap.get(info.id, info.default_keys))
                yield SystemCommand(info.description, f"{keys}  ·  {info.id}", partial(self._run, target, info.action))

    def _run(self, target: App | Screen, action: str) -> None:
        self.call_later(target.run_action, action)
