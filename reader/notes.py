"""Notes: the model, the `diptych.notes/1` YAML file, and saving that never loses a note.

A notes file records both articles (path relative to the notes file when possible, headline, sha256 of the
text as loaded), every note with one target per annotated side (quote, prefix, suffix, paragraph and offset
hints, anchor state), the user's corrections to the alignment, and where the reader was. See the README for
an example.
"""

from __future__ import annotations

import getpass
import os
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from reader import safeyaml
from reader.document import Document

SCHEMA = "diptych.notes/1"
CONTEXT = 32  # characters of prefix and suffix kept around a quote
QUICK_TAGS = ("loaded language", "omission", "factual discrepancy", "attribution", "sourcing")
ANCHORED, MOVED, ORPHANED = "anchored", "moved", "orphaned"
SIDES = ("left", "right")


class NotesError(Exception):
    """A notes file cannot be used; the message is one line fit for a user."""


def now() -> str:
    """The current time in UTC, ISO 8601 to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def default_author() -> str:
    """Who is writing: DIPTYCH_AUTHOR, else the login name."""
    explicit = os.environ.get("DIPTYCH_AUTHOR", "").strip()
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class Target:
    """Where a note points in one article: the quote itself plus context and position hints."""

    side: str
    paragraph: int | None  # None once orphaned
    offset: int  # character offset of the quote in the paragraph's text
    quote: str
    prefix: str = ""
    suffix: str = ""
    state: str = ANCHORED

    @property
    def span(self) -> tuple[int, int]:
        return self.offset, self.offset + len(self.quote)


def make_target(doc: Document, side: str, paragraph: int, start: int = 0, end: int | None = None) -> Target:
    """A target on a paragraph (or on a span of it)."""
    text = doc.paragraphs[paragraph].text
    end = len(text) if end is None else end
    return Target(
        side=side,
        paragraph=paragraph,
        offset=start,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


@dataclass(frozen=True)
class Note:
    id: str
    created: str
    updated: str
    author: str
    body: str
    tags: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()

    @property
    def orphaned(self) -> bool:
        return all(t.state == ORPHANED for t in self.targets)

    def target(self, side: str) -> Target | None:
        return next((t for t in self.targets if t.side == side), None)

    @property
    def headline(self) -> str:
        """The first line of the body, for lists."""
        return self.body.strip().splitlines()[0] if self.body.strip() else "(no text)"


def new_note(body: str, tags: tuple[str, ...], targets: tuple[Target, ...], author: str | None = None) -> Note:
    stamp = now()
    return Note(uuid.uuid4().hex[:12], stamp, stamp, author or default_author(), body, tags, targets)


def edited(note: Note, body: str, tags: tuple[str, ...]) -> Note:
    return replace(note, body=body, tags=tags, updated=now())


@dataclass(frozen=True)
class Correction:
    """A link pinned or rejected by hand, with the start of each paragraph to find it again if text moves."""

    action: str  # "pin" or "reject"
    left: int
    right: int
    left_quote: str = ""
    right_quote: str = ""


@dataclass(frozen=True)
class Position:
    side: str = "left"
    left: int = 0
    right: int = 0
    layout: str = "reading"
    sync: bool = True


@dataclass(frozen=True)
class ArticleRef:
    path: str  # as stored: relative to the notes file when possible
    title: str
    sha256: str


@dataclass(frozen=True)
class NotesFile:
    left: ArticleRef
    right: ArticleRef
    notes: tuple[Note, ...] = ()
    corrections: tuple[Correction, ...] = ()
    position: Position = field(default_factory=Position)

    def article_path(self, side: str, notes_path: Path) -> Path:
        """Where an article is, resolving a relative path against the notes file's folder."""
        stored = Path(getattr(self, side).path).expanduser()
        return stored if stored.is_absolute() else (notes_path.parent / stored)


def article_ref(doc: Document, notes_path: Path) -> ArticleRef:
    path = Path(doc.path or "").resolve()
    try:
        stored = os.path.relpath(path, notes_path.resolve().parent)
    except ValueError:  # another drive on Windows
        stored = str(path)
    return ArticleRef(path=stored, title=doc.title, sha256=doc.sha256)


# --- YAML ---------------------------------------------------------------------------------------------------


def _target_yaml(t: Target) -> dict:
    return {
        "side": t.side,
        "paragraph": t.paragraph,
        "offset": t.offset,
        "quote": t.quote,
        "prefix": t.prefix,
        "suffix": t.suffix,
        "state": t.state,
    }


def to_yaml(session: NotesFile) -> str:
    data = {
        "schema": SCHEMA,
        "saved": now(),
        "articles": {
            side: {"path": ref.path, "title": ref.title, "sha256": ref.sha256}
            for side, ref in (("left", session.left), ("right", session.right))
        },
        "position": {
            "side": session.position.side,
            "left": session.position.left,
            "right": session.position.right,
            "layout": session.position.layout,
            "sync": session.position.sync,
        },
        "corrections": [
            {
                "action": c.action,
                "left": c.left,
                "right": c.right,
                "left_quote": c.left_quote,
                "right_quote": c.right_quote,
            }
            for c in session.corrections
        ],
        "notes": [
            {
                "id": n.id,
                "created": n.created,
                "updated": n.updated,
                "author": n.author,
                "tags": list(n.tags),
                "body": n.body,
                "targets": [_target_yaml(t) for t in n.targets],
            }
            for n in session.notes
        ],
    }
    return safeyaml.dumps(data)


class _Reader:
    """Typed access to loaded YAML with error messages that name the field."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, wanted: str) -> NotesError:
        return NotesError(f"{self.name}: {where} must be {wanted}")

    def mapping(self, value: object, where: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, "a mapping")
        return value

    def items(self, value: object, where: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, "a list")
        return value

    def text(self, value: object, where: str, default: str | None = None) -> str:
        if value is None and default is not None:
            return default
        if not isinstance(value, str):
            raise self.fail(where, "text")
        return value

    def number(self, value: object, where: str, optional: bool = False) -> int | None:
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(where, "a whole number of 0 or more")
        return value

    def choice(self, value: object, where: str, choices: tuple[str, ...], default: str) -> str:
        value = default if value is None else value
        if value not in choices:
            raise self.fail(where, "one of " + ", ".join(choices))
        return str(value)


def from_data(data: object, name: str) -> NotesFile:
    """Check and convert loaded YAML. Raises NotesError naming the first problem."""
    r = _Reader(name)
    top = r.mapping(data, "the file")
    schema = top.get("schema")
    if not isinstance(schema, str) or not schema.startswith("diptych.notes/"):
        raise NotesError(f"{name}: not a diptych notes file (no 'schema: {SCHEMA}')")
    if schema != SCHEMA:
        raise NotesError(f"{name}: written by a newer diptych ({schema}); this version reads {SCHEMA}")
    articles = r.mapping(top.get("articles"), "articles")
    refs = {}
    for side in SIDES:
        a = r.mapping(articles.get(side), f"articles.{side}")
        refs[side] = ArticleRef(
            path=r.text(a.get("path"), f"articles.{side}.path"),
            title=r.text(a.get("title"), f"articles.{side}.title", ""),
            sha256=r.text(a.get("sha256"), f"articles.{side}.sha256", ""),
        )
    pos = r.mapping(top.get("position") or {}, "position")
    sync = pos.get("sync", True)
    if not isinstance(sync, bool):
        raise r.fail("position.sync", "true or false")
    position = Position(
        side=r.choice(pos.get("side"), "position.side", SIDES, "left"),
        left=r.number(pos.get("left", 0), "position.left") or 0,
        right=r.number(pos.get("right", 0), "position.right") or 0,
        layout=r.choice(pos.get("layout"), "position.layout", ("reading", "aligned"), "reading"),
        sync=sync,
    )
    corrections = []
    for k, c in enumerate(r.items(top.get("corrections"), "corrections")):
        where = f"corrections[{k}]"
        c = r.mapping(c, where)
        corrections.append(
            Correction(
                action=r.choice(c.get("action"), f"{where}.action", ("pin", "reject"), ""),
                left=r.number(c.get("left"), f"{where}.left") or 0,
                right=r.number(c.get("right"), f"{where}.right") or 0,
                left_quote=r.text(c.get("left_quote"), f"{where}.left_quote", ""),
                right_quote=r.text(c.get("right_quote"), f"{where}.right_quote", ""),
            )
        )
    notes = []
    for k, n in enumerate(r.items(top.get("notes"), "notes")):
        where = f"notes[{k}]"
        n = r.mapping(n, where)
        note_id = r.text(n.get("id"), f"{where}.id")
        created = r.text(n.get("created"), f"{where}.created")
        tags = tuple(r.text(t, f"{where}.tags[{j}]") for j, t in enumerate(r.items(n.get("tags"), f"{where}.tags")))
        targets = []
        for j, t in enumerate(r.items(n.get("targets"), f"{where}.targets")):
            tw = f"{where}.targets[{j}]"
            t = r.mapping(t, tw)
            targets.append(
                Target(
                    side=r.choice(t.get("side"), f"{tw}.side", SIDES, ""),
                    paragraph=r.number(t.get("paragraph"), f"{tw}.paragraph", optional=True),
                    offset=r.number(t.get("offset", 0), f"{tw}.offset") or 0,
                    quote=r.text(t.get("quote"), f"{tw}.quote"),
                    prefix=r.text(t.get("prefix"), f"{tw}.prefix", ""),
                    suffix=r.text(t.get("suffix"), f"{tw}.suffix", ""),
                    state=r.choice(t.get("state"), f"{tw}.state", (ANCHORED, MOVED, ORPHANED), ANCHORED),
                )
            )
        if not targets:
            raise r.fail(f"{where}.targets", "a list with at least one target")
        notes.append(
            Note(
                id=note_id,
                created=created,
                updated=r.text(n.get("updated"), f"{where}.updated", created),
                author=r.text(n.get("author"), f"{where}.author", ""),
                body=r.text(n.get("body"), f"{where}.body", ""),
                tags=tags,
                targets=tuple(targets),
            )
        )
    return NotesFile(refs["left"], refs["right"], tuple(notes), tuple(corrections), position)


def load_notes(path: Path) -> NotesFile:
    """Read and check a notes file. Raises NotesError with one clear line; never touches the file."""
    try:
        data = safeyaml.read(Path(path))
    except safeyaml.YamlError as exc:
        raise NotesError(str(exc)) from exc
    return from_data(data, str(path))


def save_notes(session: NotesFile, path: Path) -> None:
    """Save atomically. Raises NotesError with a clear message (disk full, read-only folder, ...); the file
    on disk is then exactly as it was."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        safeyaml.write_atomic(path, to_yaml(session))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise NotesError(f"could not save notes to {path}: {reason}") from exc
