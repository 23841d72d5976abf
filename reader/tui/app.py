"""The Textual app: it loads the keymap, opens the first screen, offers every action in the palette, and
makes sure quitting never loses a note."""

from __future__ import annotations

import asyncio
import os
import select
import signal
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rich.style import Style
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.analysis.collation import Collation
from reader.analysis.sides import Pane
from reader.notes.model import NotesError
from reader.notes.session import Session, open_notes_file, open_story
from reader.resources import bundled
from reader.text.corpus import Story
from reader.text.document import LoadError
from reader.text.loading import load_document
from reader.text.sanitise import shown
from reader.tui import bindings
from reader.tui.bindings import BindingInfo, binding_infos, display_keys
from reader.tui.keymap import load_keymap, user_keymap_path
from reader.tui.screens.reading import ReaderScreen
from reader.tui.settings import load_settings, save_theme, settings_path


@dataclass(frozen=True)
class OpenSession:
    """Start by reading a session (two documents and their notes)."""

    session: Session
    collation: Collation | None = None  # the analysis, when it is already done (tests, screenshots)


@dataclass(frozen=True)
class ConfirmPaths:
    """Start by showing which files outside its folder a notes file would open, and asking first."""

    notes_path: Path
    elsewhere: dict[Pane, Path]
    limit: int | None = None


@dataclass(frozen=True)
class PickStory:
    """Start by choosing a story from a folder."""

    root: Path
    stories: list[Story]


#: What the app opens first.
Start = OpenSession | PickStory | ConfirmPaths
KEYMAP_WARNINGS_SHOWN = 3  # in the toast at start; help lists every one


class DiptychApp(App[int]):
    CSS_PATH = str(bundled("styles") / "app.tcss")
    TITLE = "diptych"

    BINDINGS = bindings.APP

    def __init__(
        self,
        start: Start,
        keymap_file: Path | None = None,
        limit: int | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.start = start
        self.keymap_file = keymap_file
        self.limit = limit
        self.theme_choice = theme  # --theme: this session only
        self._remember_theme = False  # on once the starting theme is set: later changes are the reader's
        self.keymap: dict[str, str] = {}
        self.keymap_warnings: list[str] = []
        # The app owns the sessions, not its screens: after a crash Textual has closed the screens, and the
        # emergency save must still find every unsaved note.
        self.sessions: list[Session] = []
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- bindings -------------------------------------------------------------------------------------

    @staticmethod
    def binding_registry() -> list[BindingInfo]:
        """Every user-facing binding of the app and its screens."""
        return binding_infos(bindings.SCOPES)

    def on_mount(self) -> None:
        self._loop = asyncio.get_running_loop()
        if not self.is_headless:
            self.set_interval(1.0, self._check_terminal)
        self._apply_theme()
        self.keymap, self.keymap_warnings = load_keymap(self.binding_registry(), self.keymap_file)
        self.set_keymap(self.keymap)
        if self.keymap_warnings:  # one toast of a few lines, however many: toasts stacked up over a whole pane
            warnings = self.keymap_warnings
            listed = "\n".join(f"• {w}" for w in warnings[:KEYMAP_WARNINGS_SHOWN])
            more = len(warnings) - KEYMAP_WARNINGS_SHOWN
            end = f"\n{more} more: help (?) lists them all" if more > 0 else "\n(help, ?, lists them too)"
            self.notify(listed + end, title="Keymap", severity="warning", timeout=12)
        if isinstance(self.start, OpenSession):
            self.open_reader(self.start.session, self.start.collation)
        elif isinstance(self.start, ConfirmPaths):
            self._confirm_paths(self.start)
        else:
            self._pick_story()

    def _apply_theme(self) -> None:
        """Start in the theme given with --theme, else the one last chosen in the app."""
        settings = load_settings()
        for warning in settings.warnings:
            self.notify(warning, title="Settings", severity="warning", timeout=12)
        chosen = self.theme_choice or settings.theme
        if chosen in self.available_themes:
            self.theme = chosen
        elif chosen:
            self.notify(f"unknown theme {chosen!r} in {settings_path()}", title="Settings", severity="warning")
        self._remember_theme = True

    def watch_theme(self, theme: str) -> None:
        """The reader chose a theme (from the command palette): remember it for next time."""
        if self._remember_theme:
            problem = save_theme(theme)
            if problem:
                self.notify(problem, title="Settings", severity="warning", timeout=12)

    def _confirm_paths(self, start: ConfirmPaths) -> None:
        from reader.tui.screens.confirm import ConfirmScreen

        listing = "\n".join(f"{side}: {path}" for side, path in start.elsewhere.items())

        def answer(key: str | None) -> None:
            if key != "o":
                self.exit(return_code=1, message="diptych: not opened")
                return
            try:
                session = open_notes_file(start.notes_path, start.limit)
            except (LoadError, NotesError) as exc:
                self.exit(return_code=2, message=f"diptych: error: {exc}")
                return
            self.open_reader(session)

        question = ConfirmScreen(
            f"{start.notes_path.name} opens articles outside its folder. Open them?",
            [("o", "open them"), ("q", "quit")],
            listing,
        )
        self.push_screen(question, answer)

    def _pick_story(self, last: Path | None = None) -> None:
        """The list of stories of the folder diptych was started on (`last`, the story just read, chosen)."""
        from reader.tui.screens.picker import PickerScreen

        assert isinstance(self.start, PickStory)
        self.push_screen(PickerScreen(self.start.root, self.start.stories, last), self._picked)

    def _picked(self, chosen: tuple[Path, ...] | None) -> None:
        if chosen is None:
            return
        try:
            session = open_story([load_document(p, self.limit) for p in chosen])
        except (LoadError, NotesError) as exc:
            self.notify(str(exc), title="Cannot open", severity="error")
            self._pick_story(chosen[0].parent)
            return
        self.open_reader(session)

    def action_back_to_stories(self) -> None:
        """From a story back to the list of stories, when diptych was started on a folder; unsaved notes are
        asked about first, as when quitting."""
        reader = self.screen
        if not isinstance(reader, ReaderScreen):
            return
        if not isinstance(self.start, PickStory):
            self.notify("diptych was opened on two articles, not on a folder of stories: there is no list.")
            return

        def back() -> None:
            reader.annotator.remember_position()
            self.sessions.remove(reader.session)  # saved, or left unsaved on purpose
            self.pop_screen()
            # From the app's own queue: a screen pushed while the reader handles the key would report its
            # choice to the reader, which is gone.
            self.call_later(self._pick_story, reader.session.left.path.parent if reader.session.left.path else None)

        self._unless_unsaved([reader], "go back", back)

    def open_reader(self, session: Session, collation: Collation | None = None) -> None:
        """Read a session: the app keeps it (for emergency saves) and shows it."""
        self.sessions.append(session)
        self.push_screen(ReaderScreen(session, collation))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast. Messages carry file names, typed text and file contents: never markup (whatever the caller
        asked), never a control character that would reach the terminal. Over the notes list, whose last
        line it would hide, the message shows in the list itself and the toast waits until the list closes."""
        from reader.tui.screens.notes_list import NotesScreen

        top = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(top, NotesScreen):
            top.show_message(shown(f"{title}: {message}" if title else message))
        lines = "\n".join(shown(line) for line in message.split("\n"))  # the message's own lines stay lines
        super().notify(lines, title=shown(title), severity=severity, timeout=timeout, markup=False)

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen

        notes = [
            f"Your keymap file: {self.keymap_file} (given with --keymap)."
            if self.keymap_file
            else f"Your keymap file: {user_keymap_path()} (or pass --keymap FILE).",
            f"Themes: ctrl+p, then Theme; the choice is kept in {settings_path()} (or pass --theme NAME).",
        ]
        notes += [f"Keymap warning: {w}" for w in self.keymap_warnings]
        self.push_screen(HelpScreen(self.binding_registry(), self.keymap, notes, self._swatches()))

    def _swatches(self) -> dict[str, Style]:
        """Each highlight and gutter style as the reading pane paints it now, for the help screen's legend
        (read before the help opens, while the pane still has focus and paints its cursor)."""
        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            return {}
        pane = screen.focused_pane
        return {name: pane.rich_style + pane.style_of(name) for name in pane.COMPONENT_CLASSES}

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        from reader.tui.screens.picker import PickerScreen

        scopes = {"everywhere": self, "reading": ReaderScreen, "story picker": PickerScreen}
        for info in self.binding_registry():
            owner = scopes.get(info.scope)
            if owner is self or (isinstance(owner, type) and isinstance(screen, owner)):
                target = self if owner is self else screen
                keys = display_keys(self.keymap.get(info.id, info.default_keys))
                yield SystemCommand(info.description, f"{keys}  ·  {info.id}", partial(self._run, target, info.action))

    def _run(self, target: App | Screen, action: str) -> None:
        self.call_later(target.run_action, action)

    # --- quitting without losing notes ----------------------------------------------------------------

    def readers(self) -> list[ReaderScreen]:
        return [s for s in self.screen_stack if isinstance(s, ReaderScreen)]

    async def action_quit(self) -> None:
        """Quit, asking first when notes are unsaved; quitting remembers where the reader was."""
        self._unless_unsaved(self.readers(), "quit", self._leave)

    async def action_quit_from_list(self) -> None:
        """q in the notes list or the contrasts table: close it, then quit as from the reading screen (whose
        prompt a save-as may need)."""
        self.pop_screen()
        await self.action_quit()

    def _unless_unsaved(self, readers: list[ReaderScreen], leaving: str, then: Callable[[], None]) -> None:
        """Do `then` (quit, go back), first asking whether to save when these readers have unsaved notes."""
        dirty = [r for r in readers if r.session.dirty]
        if not dirty:
            then()
            return

        # A notes file that cannot be written (it failed to load, changed on disk, or refused the last save) is
        # saved elsewhere: the save-as prompt opens, and once saved, leaving goes on (asking again if more are
        # unsaved). So is one whose save fails now.
        in_place = all(r.annotator.saves_in_place for r in dirty)

        def answer(key: str | None) -> None:
            if key == "s":
                for r in dirty:  # every one tried, not up to a failure
                    if r.annotator.saves_in_place:
                        r.annotator.save()
                stuck = [r for r in dirty if r.session.dirty]
                if stuck:
                    stuck[0].annotator.save_notes_as(lambda: self._unless_unsaved(readers, leaving, then))
                else:
                    then()
            elif key == "d":
                for r in dirty:
                    r.session.discard_unsaved()
                then()
            else:  # staying: the notes save on their own again
                for r in dirty:
                    r.annotator.notes_changed()

        from reader.tui.screens.confirm import ConfirmScreen

        notes = dirty[0].session.notes_path
        folder = f"\nin {notes.parent}" if notes.parent != Path() else ""  # the name on a line of its own
        question = ConfirmScreen(
            "There are unsaved notes.",
            [
                ("s", f"save and {leaving}" if in_place else f"save to another file, then {leaving}"),
                ("d", f"{leaving} without saving"),
            ],
            f"Notes file: {notes.name}{folder}",
        )
        for r in dirty:
            r.annotator.hold_autosave()
        self.push_screen(question, answer)

    def _leave(self) -> None:
        for reader in self.readers():
            reader.annotator.remember_position()
        self.exit(0)

    def emergency_save(self) -> list[Path]:
        """Save every unsaved session next to its notes file under a new name (for signals and crashes)."""
        saved = []
        for session in self.sessions:
            path = session.emergency_save()
            if path is not None:
                saved.append(path)
        return saved

    def _check_terminal(self) -> None:
        """Leave when the terminal has gone without a hang-up signal (its input at end of file): Textual's
        input thread would otherwise spin on it for ever, as orphans left by a closed pseudo-terminal did."""
        try:
            fd = sys.__stdin__.fileno() if sys.__stdin__ else -1
        except (OSError, ValueError):
            fd = -1
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        if any(events & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, events in poller.poll(0)):
            self.emergency_save()
            os._exit(128 + signal.SIGHUP)  # nothing to restore, nobody to tell

    def stop_now(self, return_code: int, message: str | None) -> bool:
        """End the app at once from a signal handler, restoring the terminal. The handler runs between two
        steps of the event loop, which may be asleep waiting for a key: waking it through the loop's own
        thread-safe call makes the exit happen now rather than at the next key. False before the app runs."""
        if self._loop is None or self._loop.is_closed():
            return False
        self._loop.call_soon_threadsafe(partial(self.exit, return_code=return_code, message=message))
        return True
