"""Turn the command-line paths into the app's first screen, failing early with one clear line."""

from __future__ import annotations

import os
import shlex
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.analysis.sides import MAX_PANES
from reader.notes.model import ArticlesMissing, NotesError
from reader.text.document import LoadError
from reader.text.files import unreachable
from reader.text.loading import load_document

if TYPE_CHECKING:  # the app (and Textual) are imported only once the paths are known to be good
    from reader.tui.app import Start


class LaunchError(LoadError):
    """The paths given cannot be opened; the message is one line for stderr."""


def start_for(paths: Sequence[str], limit: int | None = None, notes: str | None = None) -> Start:
    """What the app opens first for these command-line paths."""
    from reader.notes.session import articles_elsewhere, is_notes_path, open_notes_file, open_story
    from reader.text.corpus import default_pair, stories
    from reader.tui.app import ConfirmPaths, OpenSession, PickStory

    notes_path = Path(notes) if notes else None
    if not paths:
        pair = default_pair()
        return OpenSession(open_story([load_document(p, limit) for p in pair], notes_path))
    if len(paths) == 1:
        only = Path(paths[0])
        if only.is_dir():
            found = stories(only)
            if not found:
                raise LaunchError(f"{only}: no story with two or more articles (.txt, .md, .html) in this folder")
            return PickStory(only, found)
        problem = unreachable(only)
        if problem:
            raise LaunchError(f"{only}: {problem}")
        if is_notes_path(only):
            try:
                elsewhere = articles_elsewhere(only, limit)
                if elsewhere:
                    return ConfirmPaths(only, elsewhere, limit)
                return OpenSession(open_notes_file(only, limit))
            except ArticlesMissing as exc:  # the notes are fine: name the articles, and keep the notes
                articles = " ".join(  # a missing article by its place (LEFT), one that was found by its path
                    pane.upper() if at is None else shlex.quote(str(at)) for pane, at in exc.found.items()
                )
                hint = (  # edited since or not: open_story re-anchors the notes onto them
                    "the file is left as it is; to keep its notes, open the articles with it, as they are now: "
                    f"diptych {articles} "
                )
                raise LaunchError(f"{exc} ({hint}--notes {shlex.quote(str(only))})") from exc
            except NotesError as exc:
                hint = (
                    "the file is left as it is; open the articles with: diptych LEFT RIGHT --notes NEW.notes.yaml "
                    "(or LEFT CENTRE RIGHT for a story of three)"
                )
                raise LaunchError(f"{exc} ({hint})") from exc
        raise LaunchError(f"{only}: give two articles to compare (diptych LEFT RIGHT), or a story folder")
    if len(paths) > MAX_PANES:
        raise LaunchError(f"the reader opens two or three articles, not {len(paths)} (diptych compare takes more)")
    return OpenSession(open_story([load_document(p, limit) for p in paths], notes_path))


#: Signals that end the app: each leaves an emergency copy of unsaved notes. In the app the terminal's own
#: ctrl+c and ctrl+\ are keys, not signals; these come from outside (kill, a closing terminal, a shutdown).
STOP_SIGNALS = ("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP")


def launch(
    paths: Sequence[str],
    notes: str | None = None,
    keymap: str | None = None,
    limit: int | None = None,
    theme: str | None = None,
) -> int:
    """Run the app. Whatever ends it (quitting, SIGTERM, SIGHUP, a crash), unsaved notes are saved first:
    by the quit prompt, or as an emergency copy beside the notes file."""
    from reader.tui.app import DiptychApp

    start = start_for(paths, limit, notes)
    if not (sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty()):
        # Textual would wait for keys that never come (stdin from /dev/null spun at 55% CPU).
        raise LaunchError(
            "the reader needs a terminal, and standard input or output is not one "
            "(for output without one: diptych compare LEFT RIGHT)"
        )
    app = DiptychApp(start, keymap_file=Path(keymap) if keymap else None, limit=limit, theme=theme)

    def stop(signum: int, frame: object) -> None:
        saved = app.emergency_save()
        message = _emergency_message(saved)
        hung_up = signum == getattr(signal, "SIGHUP", None)  # the terminal is gone: nothing to restore
        if hung_up or not app.stop_now(128 + signum, message):
            if message and not hung_up:
                print(message, file=sys.stderr)
            os._exit(128 + signum)
        # Should the app not wind down (a stuck handler), do not linger as an orphan.
        watchdog = threading.Timer(5.0, os._exit, args=(128 + signum,))
        watchdog.daemon = True
        watchdog.start()

    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    try:
        result = app.run()
    finally:
        saved = app.emergency_save()  # after a crash; a clean exit has nothing unsaved
        if saved:
            print(_emergency_message(saved), file=sys.stderr)
    return app.return_code or result or 0  # a signal's exit code is the return code, not the app's result


def _emergency_message(saved: list[Path]) -> str | None:
    if not saved:
        return None
    return "diptych: unsaved notes were saved to " + ", ".join(str(p) for p in saved)
