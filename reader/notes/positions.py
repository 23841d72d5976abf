"""Where the reader was in each notes file, kept in the user's state folder (positions.yaml), so that
quitting after only reading never rewrites a notes file: the file changes only when its notes do."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

from platformdirs import user_state_dir

from reader.notes.model import NotesError, Position
from reader.notes.notesfile import FieldReader, position_from, position_yaml
from reader.text import files, safeyaml

KEEP = 500  # notes files remembered; the oldest are forgotten
LOCK_TRIES, LOCK_WAIT = 80, 0.025  # up to two seconds for other windows to finish writing their positions


def positions_path() -> Path:
    return Path(user_state_dir("diptych")) / "positions.yaml"


def _key(notes_path: Path) -> str:
    return str(Path(notes_path).expanduser().resolve())


def _table() -> dict[str, object]:
    """The remembered positions; an unreadable file counts as empty (it is diptych's own cache)."""
    try:
        data = safeyaml.read(positions_path())
    except safeyaml.YamlError:
        return {}
    return data if isinstance(data, dict) else {}


def recall(notes_path: Path) -> Position | None:
    """The position last remembered for a notes file, if any."""
    entry = _table().get(_key(notes_path))
    if entry is None:
        return None
    try:
        return position_from(entry, FieldReader(str(positions_path())), _key(notes_path))
    except NotesError:
        return None


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Hold the positions file's lock: two windows quitting at once would each write back the table it read,
    and one of the two positions would be lost. Where there is no flock (Windows) there is no lock."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(positions_path().with_name("positions.lock"), "a") as handle:
        for _ in range(LOCK_TRIES):  # never wait long at quit: past that, write unlocked
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released when the handle closes
                break
            except BlockingIOError:
                time.sleep(LOCK_WAIT)
            except OSError:  # no locks on this file system (some NFS, sshfs, FUSE homes): write unlocked
                break
        yield


def remember(notes_path: Path, position: Position) -> None:
    """Remember where the reader was; failing to (a full disk, a read-only home) costs only the position."""
    with contextlib.suppress(OSError):
        positions_path().parent.mkdir(parents=True, exist_ok=True)
        with _locked():
            table = {k: v for k, v in _table().items() if k != _key(notes_path)}
            table[_key(notes_path)] = position_yaml(position, three=True)  # the centre too, when there is one
            files.write_atomic(positions_path(), safeyaml.dumps(dict(list(table.items())[-KEEP:])))
