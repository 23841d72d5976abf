"""A reading session: two documents, the notes file they are annotated in, and its notes and corrections.

This is where the rules that keep notes safe live: a notes file that failed to load is never written to
(the session must be saved elsewhere); one changed elsewhere since it was read (another window, an editor) is
merged with, never written over; one that holds notes on other articles is not taken over; saves are atomic;
and the session says whether it has unsaved changes. Where the reader was is remembered apart, so that only
changes to the notes rewrite the file.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_data_dir

from reader.analysis.sides import Pane, panes_for
from reader.notes.merge import merge
from reader.notes.model import (
    ANCHORED,
    MOVED,
    ORPHANED,
    ArticlesMissing,
    Correction,
    Note,
    NotesError,
    NotesFile,
    Position,
    article_ref,
    now,
)
from reader.notes.notesfile import Fingerprint, load_notes, read_notes, save_notes, unchanged
from reader.notes.positions import recall, remember
from reader.resources import bundled
from reader.text.document import Document, LoadError
from reader.text.loading import load_document

NOTES_SUFFIX = ".notes.yaml"


def is_notes_path(path: str | Path) -> bool:
    return str(path).lower().endswith((NOTES_SUFFIX, ".notes.yml"))


def _slug(path: Path) -> str:
    return re.sub(r"[^\w.-]+", "-", path.stem)[:60] or "article"


def _data_notes_dir() -> Path:
    """Where notes go when the articles' own folder will not do (~/.local/share/diptych/notes on Linux)."""
    return Path(user_data_dir("diptych")) / "notes"


def default_notes_path(*articles: Path) -> Path:
    """Beside the first article, named after all of them; in the user data folder when that folder is the
    bundled corpus or cannot be written."""
    name = "--".join(_slug(p) for p in articles) + NOTES_SUFFIX
    folder = articles[0].resolve().parent
    shipped = _shipped_corpus()
    if (shipped is not None and folder.is_relative_to(shipped)) or not _writable(folder):
        folder = _data_notes_dir()
    return folder / name


def save_elsewhere_path(notes_path: Path, folder_refused: bool) -> Path:
    """Where to offer saving notes that cannot go to `notes_path`: beside it under a name no file has (never
    its own name, which a save would refuse), or, when its folder refused the write (read-only, full), in the
    user's notes folder, under its own name if free."""
    folder = notes_path.parent
    own: list[str] = []
    if folder_refused and folder.resolve() != _data_notes_dir().resolve():
        folder, own = _data_notes_dir(), [notes_path.name]
    stem = notes_path.name.removesuffix(NOTES_SUFFIX)
    copies = (f"{stem}.copy{'' if k == 1 else k}{NOTES_SUFFIX}" for k in itertools.count(1))
    return next(folder / name for name in itertools.chain(own, copies) if not (folder / name).exists())


def _writable(folder: Path) -> bool:
    import os

    return folder.is_dir() and os.access(folder, os.W_OK)


@dataclass
class Session:
    left: Document
    right: Document
    notes_path: Path
    notes: list[Note] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    position: Position = field(default_factory=Position)
    load_error: str | None = None  # the notes file exists but could not be read: never overwrite it
    dirty: bool = False
    messages: list[str] = field(default_factory=list)  # for the user on opening (orphans, moved notes)
    disk: Fingerprint | None = None  # the notes file as last read or written (None: there was none)
    base: NotesFile | None = None  # what it held then: the common ancestor when someone else changes it
    rescued: Path | None = None  # the emergency copy already written, if any
    centre: Document | None = None  # the middle article of a story of three

    @property
    def docs(self) -> dict[Pane, Document]:
        """The articles by pane, left to right."""
        if self.centre is None:
            return {"left": self.left, "right": self.right}
        return {"left": self.left, "centre": self.centre, "right": self.right}

    @property
    def panes(self) -> tuple[Pane, ...]:
        return tuple(self.docs)

    @property
    def can_save_in_place(self) -> bool:
        return self.load_error is None

    def as_file(self, path: Path | None = None) -> NotesFile:
        """The session as a notes file to be saved at `path` (article paths are relative to it)."""
        path = path or self.notes_path
        return NotesFile(
            left=article_ref(self.left, path),
            right=article_ref(self.right, path),
            notes=tuple(self.notes),
            corrections=tuple(self.corrections),
            position=self.position,
            centre=article_ref(self.centre, path) if self.centre is not None else None,
        )

    def save(self, path: Path | None = None) -> str:
        """Save to the session's notes file, or to `path` (which then becomes the notes file; the caller has
        asked before replacing anything there). A notes file changed elsewhere since it was read is merged
        with, never written over; one that failed to load, or now cannot be read or holds other articles, is
        never written. Returns what a merge took in ("" if nothing). Raises NotesError; nothing in memory is
        lost."""
        target = Path(path) if path is not None else self.notes_path
        in_place = _same_file(target, self.notes_path)
        if in_place and not self.can_save_in_place:
            raise NotesError(f"{target} could not be read earlier, so it is not overwritten: save to a new file")
        merged = self._merge_changes_on_disk(target) if in_place else ""
        written = self.as_file(target)
        self.disk = save_notes(written, target)
        self.base = written
        self.notes_path = target
        self.load_error = None
        self.dirty = False
        return merged

    def _merge_changes_on_disk(self, target: Path) -> str:
        """Take in what someone else saved to the notes file since this session read or wrote it."""
        if unchanged(target, self.disk) or not target.exists():
            return ""
        try:
            theirs, _ = read_notes(target)
        except NotesError as exc:
            self.load_error = str(exc)
            raise NotesError(
                f"{target} was changed elsewhere and can no longer be read, so it is not overwritten: "
                "save your notes to a new file"
            ) from exc
        # The file may still name the missing articles this session took the given ones for (open_story).
        ours_before = self.base is not None and _same_refs(theirs, self.base)
        if not _same_articles(theirs, target, self.docs) and not ours_before:
            self.load_error = f"{target} now holds notes on other articles"
            raise NotesError(f"{self.load_error}, so it is not overwritten: save your notes to a new file")
        merged = merge(self.base, self.as_file(target), theirs)
        ours = {n.id for n in self.notes}
        taken, _ = _reanchored(tuple(n for n in merged.notes if n.id not in ours), self.docs)
        by_id = {n.id: n for n in taken}
        self.notes = [by_id.get(n.id, n) for n in merged.notes]
        self.corrections = list(merged.corrections)
        return merged.summary()

    def emergency_save(self) -> Path | None:
        """Save unsaved notes beside the notes file under a name of their own, so that nothing is lost when
        diptych is stopped (a signal) or fails. Returns the path, or None when there was nothing to save or no
        way to save it, or when this copy was already made (a signal's handler, then the exit, each ask)."""
        if not self.dirty or self.rescued is not None:
            return None
        name = _emergency_name(self.notes_path.name, now().replace(":", "").replace("-", ""))
        for folder in (self.notes_path.parent, _data_notes_dir()):
            try:
                save_notes(self.as_file(folder / name), folder / name)
            except NotesError:
                continue
            self.rescued = folder / name
            return self.rescued
        return None

    def discard_unsaved(self) -> None:
        """The reader chose to leave without saving: nothing unsaved is kept, not even as an emergency copy."""
        self.dirty = False

    def remember_position(self, position: Position) -> None:
        """Where the reader is, kept for the next opening without touching the notes file."""
        self.position = position
        remember(self.notes_path, position)

    # --- editing -------------------------------------------------------------------------------------------

    def put_note(self, note: Note) -> None:
        """Add a note, or replace the one with the same id."""
        for k, old in enumerate(self.notes):
            if old.id == note.id:
                self.notes[k] = note
                break
        else:
            self.notes.append(note)
        self.dirty = True

    def delete_note(self, note_id: str) -> None:
        self.notes = [n for n in self.notes if n.id != note_id]
        self.dirty = True

    def set_corrections(self, corrections: tuple[Correction, ...]) -> None:
        self.corrections = list(corrections)
        self.dirty = True


def _same_file(a: Path, b: Path) -> bool:
    return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()


def _same_article(stored: NotesFile, side: Pane, notes_path: Path, doc: Document) -> bool:
    """Whether a notes file's article on `side` is `doc`: the same file, or the same text moved elsewhere."""
    return stored.ref(side).sha256 == doc.sha256 or (
        doc.path is not None and _same_file(stored.article_path(side, notes_path), doc.path)
    )


def _same_articles(stored: NotesFile, notes_path: Path, docs: dict[Pane, Document]) -> bool:
    """Whether a notes file is about these articles: the same files, or the same texts moved elsewhere."""
    return stored.panes == tuple(docs) and all(
        _same_article(stored, side, notes_path, doc) for side, doc in docs.items()
    )


def _same_refs(a: NotesFile, b: NotesFile) -> bool:
    """Whether two notes files name the same articles (the same stored paths and texts)."""
    return a.panes == b.panes and all(
        (a.ref(side).path, a.ref(side).sha256) == (b.ref(side).path, b.ref(side).sha256) for side in a.panes
    )


def _gone_articles(stored: NotesFile, notes_path: Path, docs: dict[Pane, Document]) -> list[Pane] | None:
    """The panes whose article the notes file names is nowhere to be found (not at its path, and no file of
    its name and text where `article_location` looks) and is not the article given for that pane: the given
    one takes its place, and the notes are re-anchored onto it (an article edited since, and moved or re-saved,
    is the usual case). None when the notes are about other articles: another number of panes, or a stored
    article that is still somewhere and is not the one given."""
    if stored.panes != tuple(docs):
        return None
    gone: list[Pane] = []
    for side, doc in docs.items():
        if _same_article(stored, side, notes_path, doc):
            continue
        where, found = article_location(stored, side, notes_path)
        if found is not None or where.exists():
            return None
        gone.append(side)
    return gone


def _replaced_message(session: Session, stored: NotesFile, gone: list[Pane]) -> list[str]:
    """What taking the given articles in place of the missing ones did to the notes, pane by pane."""
    out = []
    for side in gone:
        targets = [t for n in session.notes if (t := n.target(side)) is not None]
        states = [sum(1 for t in targets if t.state == state) for state in (ANCHORED, MOVED, ORPHANED)]
        count = f"{len(targets)} note{'' if len(targets) == 1 else 's'}"
        done = (
            f"of {count}, {states[0]} on the same words, {states[1]} moved, {states[2]} orphaned"
            if targets
            else "no note was on it"
        )
        out.append(
            f"The notes on the {side} article were on {stored.ref(side).path}, which is nowhere to be found "
            f"(looked for at {stored.article_path(side, session.notes_path)}); they are re-anchored onto "
            f"{session.docs[side].path}: {done}."
        )
    if out:
        these = "this article" if len(gone) == 1 else "these articles"
        out.append(
            f"{session.notes_path} is left as it is until the notes are saved (ctrl+s), which records {these} in it."
        )
    return out


def _reanchored(notes: tuple[Note, ...], docs: dict[Pane, Document]) -> tuple[list[Note], list[str]]:
    from reader.notes.anchoring import reanchor_note  # with rapidfuzz, only once a notes file is opened: a faster start

    placed = [reanchor_note(n, docs) for n in notes]
    moved = sum(1 for n in placed for t in n.targets if t.state == "moved")
    orphaned = sum(1 for n in placed if n.orphaned)
    messages = []
    if moved:
        messages.append(f"{moved} note target(s) moved to reworded text: check them in the notes list")
    if orphaned:
        messages.append(f"{orphaned} note(s) orphaned: their text is gone; they are kept, listed apart")
    return placed, messages


def open_pair(left: Document, right: Document, notes_path: Path | None = None) -> Session:
    """A session for two documents (see open_story)."""
    return open_story((left, right), notes_path)


def open_story(documents: Sequence[Document], notes_path: Path | None = None) -> Session:
    """A session for two or three documents, in pane order; an existing notes file at `notes_path` (or the
    default path) is loaded, re-anchored against the texts as they are now. A notes file that fails to load
    is reported and left alone. Raises NotesError when the notes file holds notes on other articles (it would
    otherwise orphan them all and be rewritten for these). A notes file named with `notes_path` whose articles
    differ from these only where its own are nowhere to be found (what `diptych THAT_FILE` advises when they
    are missing) takes these in their place: its notes are re-anchored onto them, a message says so, and the
    session is unsaved, so that the next save records these articles; until then the file is left as it
    is. Without `notes_path`, a default file that holds notes on other articles of the same names (two
    read-only pairs both noted in the data folder) gives way to the first of NAME.2, NAME.3, ... that is free
    or holds these; each candidate is read once."""
    paths = [doc.path for doc in documents]
    assert all(p is not None for p in paths) and len(documents) in (2, 3)
    docs = dict(zip(panes_for(len(documents)), documents, strict=True))
    default = default_notes_path(*(p for p in paths if p is not None))
    stem = default.name.removesuffix(NOTES_SUFFIX)
    defaults = (default if k == 1 else default.with_name(f"{stem}.{k}{NOTES_SUFFIX}") for k in itertools.count(1))
    gone: list[Pane] | None = []
    for path in [Path(notes_path)] if notes_path else defaults:
        found = _read_if_there(path)
        if not isinstance(found, tuple) or _same_articles(found[0], path, docs):
            break
        if notes_path:
            gone = _gone_articles(found[0], path, docs)
            if gone:  # named with the articles in place of its missing ones: the advice of open_notes_file
                break
            named = " and ".join(found[0].ref(side).path for side in found[0].panes)
            raise NotesError(
                f"{path} holds notes on other articles ({named}); open it with `diptych {path}`, "
                "or give another --notes file"
            )
    centre = documents[1] if len(documents) == 3 else None
    session = Session(documents[0], documents[-1], path, position=recall(path) or Position(), centre=centre)
    if path != default and not notes_path:
        session.messages.append(f"{default} holds notes on other articles of the same names; these go in {path}")
    if isinstance(found, NotesError):
        session.load_error = str(found)
        session.messages.append(f"{found}. The file is left as it is; save your notes to a new file.")
        session.messages += _saved_elsewhere_message(session)
    elif found is not None:
        stored, session.disk = found
        said = len(session.messages)
        _restore(session, stored)
        if gone:
            session.messages[said:said] = _replaced_message(session, stored, gone)
            session.dirty = True  # the file still names the missing articles: the next save records these
    session.messages += _rescued_message(session)
    return session


def _read_if_there(path: Path) -> tuple[NotesFile, Fingerprint] | NotesError | None:
    """The notes file at `path` as read, the error reading it, or None when there is none."""
    if not path.exists():
        return None
    try:
        return read_notes(path)
    except NotesError as exc:
        return exc


def _emergency_name(notes_name: str, stamp: str) -> str:
    """The name of an emergency copy of the notes file `notes_name`, made at `stamp`."""
    return notes_name.removesuffix(NOTES_SUFFIX) + f".emergency-{stamp}{NOTES_SUFFIX}"


def _newest_copy(path: Path, pattern: str, wanted: Callable[[NotesFile, Path], bool]) -> tuple[Path, int] | None:
    """The newest file matching `pattern` (already glob-escaped) beside the notes file `path` or in the user's
    notes folder that `wanted` accepts, and how many it accepts."""
    found: list[tuple[float, Path]] = []
    for folder in dict.fromkeys((path.parent, _data_notes_dir())):
        for copy in folder.glob(pattern) if folder.is_dir() else ():
            try:
                made, stored = copy.stat().st_mtime, load_notes(copy)
            except (OSError, NotesError):
                continue
            if wanted(stored, copy):
                found.append((made, copy))
    return (max(found)[1], len(found)) if found else None


def _rescued_message(session: Session) -> list[str]:
    """A word about emergency copies of this session's notes (diptych was stopped with notes unsaved: a closed
    terminal, a signal) that hold a note, or a version of one, the session does not have: only opening the
    copy brings it back. Said at every opening until the copy is deleted or its notes are in the notes file."""
    have = {(n.id, n.updated) for n in session.notes}
    pattern = _emergency_name(glob.escape(session.notes_path.name), "*")

    def lacking(stored: NotesFile, _: Path) -> bool:
        return bool({(n.id, n.updated) for n in stored.notes} - have)

    found = _newest_copy(session.notes_path, pattern, lacking)
    if found is None:
        return []
    newest, count = found
    more = f" (the newest of {count})" if count > 1 else ""
    return [
        f"Unsaved notes from an earlier session were kept in {newest}{more}. To get them back, open it with "
        f"`diptych {shlex.quote(str(newest))}`; delete it once you have what you need."
    ]


def _saved_elsewhere_message(session: Session) -> list[str]:
    """When the notes file cannot be read: a word about the copy the reader saved these articles' notes to
    instead (save-as offers NAME.copy.notes.yaml), which otherwise looked lost at the next opening."""
    stem = session.notes_path.name.removesuffix(NOTES_SUFFIX)
    pattern = f"{glob.escape(stem)}.copy*{NOTES_SUFFIX}"

    def ours(stored: NotesFile, copy: Path) -> bool:
        return bool(stored.notes) and _same_articles(stored, copy, session.docs)

    found = _newest_copy(session.notes_path, pattern, ours)
    if found is None:
        return []
    newest = found[0]
    return [f"Notes on these articles saved since are in {newest}: open it with `diptych {shlex.quote(str(newest))}`."]


def _restore(session: Session, stored: NotesFile) -> None:
    """Put a notes file's notes (re-anchored), corrections and position into a session."""
    session.base = stored
    notes, messages = _reanchored(stored.notes, session.docs)
    session.notes = notes
    session.messages += messages
    session.corrections = list(stored.corrections)
    session.position = recall(session.notes_path) or stored.position


def _shipped_corpus() -> Path | None:
    try:
        return bundled("corpus").resolve()
    except FileNotFoundError:
        return None


def article_location(
    stored: NotesFile, side: Pane, notes_path: Path, limit: int | None = None
) -> tuple[Path, Document | None]:
    """Where a notes file's article is, with the article when it was found elsewhere than the notes file says
    (loaded to compare it, so not loaded again): when it is not there, a file of the same name and the same
    text beside the notes file (a colleague's notes sent with the articles in one folder) or among the articles
    diptych ships (the bundled pair's notes after a reinstall) is the article. Where it is nowhere, the path
    the notes file gives."""
    ref = stored.ref(side)
    where = stored.article_path(side, notes_path)
    if where.exists():
        return where, None
    name = Path(ref.path).name
    shipped = _shipped_corpus()
    candidates = [notes_path.parent / name, *(shipped.rglob(glob.escape(name)) if shipped is not None else ())]
    for candidate in candidates:
        if candidate.is_file():
            with contextlib.suppress(LoadError):
                doc = load_document(candidate, limit)
                if doc.sha256 == ref.sha256:
                    return candidate, doc
    return where, None


def articles_elsewhere(path: Path, limit: int | None = None) -> dict[Pane, Path]:
    """The articles a notes file would open that are not inside its own folder once resolved (an absolute path
    elsewhere, a relative one that climbs out, a symlink out) nor among the articles diptych ships: a shared
    notes file could otherwise open any file on the machine unseen. Raises NotesError when the notes file
    cannot be read."""
    stored = load_notes(path)
    home = path.resolve().parent
    shipped = _shipped_corpus()
    out: dict[Pane, Path] = {}
    for side in stored.panes:
        where = article_location(stored, side, path, limit)[0].resolve()
        if not where.is_relative_to(home) and not (shipped is not None and where.is_relative_to(shipped)):
            out[side] = where
    return out


def open_notes_file(path: Path, limit: int | None = None) -> Session:
    """Reopen a saved session: its notes file, both articles and everything in it. Raises NotesError or
    LoadError with one clear line; ArticlesMissing (a NotesError) when articles are nowhere to be found, naming
    each missing one and the path it looked for."""
    path = Path(path)
    stored, disk = read_notes(path)
    docs: dict[Pane, Document] = {}
    moved: list[str] = []
    located = {side: article_location(stored, side, path, limit) for side in stored.panes}
    if any(found is None and not where.exists() for where, found in located.values()):
        raise _articles_missing(path, stored, located)
    for side, (where, found) in located.items():
        if found is not None:
            moved.append(f"the {side} article was not at {stored.ref(side).path}; the same text was found at {where}")
        docs[side] = found if found is not None else load_document(where, limit)
    session = Session(docs["left"], docs["right"], path, disk=disk, centre=docs.get("centre"))
    session.messages += moved
    for side in stored.panes:
        if docs[side].sha256 != stored.ref(side).sha256:
            session.messages.append(f"the {side} article changed since the notes were saved; notes were re-anchored")
    _restore(session, stored)
    session.messages += _rescued_message(session)
    return session


def _articles_missing(
    path: Path, stored: NotesFile, located: dict[Pane, tuple[Path, Document | None]]
) -> ArticlesMissing:
    """Which articles of a notes file are missing and where each was looked for, and which were found."""
    found = {side: where if doc is not None or where.exists() else None for side, (where, doc) in located.items()}
    missing = {side: located[side][0] for side, where in found.items() if where is None}
    places = [f"{where} (stored as {stored.ref(side).path})" for side, where in missing.items()]
    sides = tuple(missing)
    if len(sides) == 1:
        what = f"the {sides[0]} article is missing: {places[0]}"
    else:
        every = "both" if len(found) == 2 else "all three" if len(sides) == 3 else f"the {' and '.join(sides)}"
        what = f"{every} articles are missing: " + ", ".join(f"the {s} at {p}" for s, p in zip(sides, places))
    there = [side for side, where in found.items() if where is not None]
    if there:
        what += f"; the {' and '.join(there)} {'one was' if len(there) == 1 else 'ones were'} found"
    return ArticlesMissing(f"{path}: {what}", found)


def clamp_position(position: Position, session: Session) -> Position:
    """A saved position that still fits the documents."""

    def fit(pane: Pane) -> int:
        doc = session.docs.get(pane)
        return min(position.cursor(pane), max(0, len(doc.paragraphs) - 1)) if doc else 0

    side = position.side if position.side in session.docs else "left"
    return replace(position, side=side, left=fit("left"), centre=fit("centre"), right=fit("right"))
