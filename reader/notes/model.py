"""The notes model: notes and where they point, link corrections, the reading position, the articles.

Plain frozen data; `reader.notes.notesfile` reads and writes it as the `diptych.notes/1` YAML file.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal, NamedTuple

from reader.analysis.sides import Pane, panes_for
from reader.text.document import Document

CONTEXT = 32  # characters of prefix and suffix kept around a quote
QUOTE_WHOLE = 500  # quotes up to this long are kept whole
QUOTE_END = 200  # of a longer quote, this much of each end is kept
QUICK_TAGS = ("loaded language", "omission", "factual discrepancy", "attribution", "sourcing")
AnchorState = Literal["anchored", "moved", "orphaned"]
ANCHORED: AnchorState = "anchored"  # on the same words as when the note was written
MOVED: AnchorState = "moved"  # re-anchored on a close rewording: worth a look
ORPHANED: AnchorState = "orphaned"  # the words are gone; the note keeps its quote
ANCHOR_STATES: tuple[AnchorState, ...] = (ANCHORED, MOVED, ORPHANED)
Action = Literal["pin", "reject"]
ACTIONS: tuple[Action, ...] = ("pin", "reject")
Layout = Literal["reading", "aligned"]
LAYOUTS: tuple[Layout, ...] = ("reading", "aligned")


class NotesError(Exception):
    """A notes file cannot be used; the message is one line fit for a user."""


class ArticlesMissing(NotesError):
    """A notes file that reads well but whose articles (some of them) are nowhere to be found: opened with the
    articles named (`diptych LEFT RIGHT --notes FILE`), it keeps its notes."""

    def __init__(self, message: str, found: dict[Pane, Path | None]) -> None:
        super().__init__(message)
        self.found = found  # every pane of the notes file, in order: where its article is, None when missing


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
    """Where a note points in one article: the quote itself plus context and position hints.

    A long quote (a note on a long paragraph) is kept by its two ends, its length and its hash, which are
    enough to find it again, so that a notes file stays small enough to be read back whatever it quotes."""

    side: Pane
    paragraph: int | None  # None once orphaned
    offset: int  # character offset of the quote in the paragraph's text
    quote: str  # the words noted; for a long quote, its first QUOTE_END characters
    prefix: str = ""
    suffix: str = ""
    state: AnchorState = ANCHORED
    quote_end: str = ""  # a long quote's last QUOTE_END characters; "" when `quote` is the whole quote
    length: int = 0  # a long quote's length
    sha256: str = ""  # a long quote's hash
    moved_from: str = ""  # a moved target's excerpt before it moved, "" if unrecorded (until the move is confirmed)

    def __post_init__(self) -> None:
        # only a move not yet confirmed has earlier words: any other state (anchored, confirmed, orphaned) drops them
        if self.moved_from and self.state != MOVED:
            object.__setattr__(self, "moved_from", "")

    @property
    def whole(self) -> bool:
        return not self.quote_end

    @property
    def size(self) -> int:
        """The length of the quoted text."""
        return len(self.quote) if self.whole else self.length

    @property
    def span(self) -> tuple[int, int]:
        return self.offset, self.offset + self.size

    @property
    def excerpt(self) -> str:
        """The quote as a person reads it in lists and memos: whole, or its two ends."""
        return self.quote if self.whole else f"{self.quote} … {self.quote_end}"

    def is_quote(self, text: str) -> bool:
        """Whether `text` is exactly the quoted text."""
        if self.whole:
            return text == self.quote
        return len(text) == self.length and _digest(text) == self.sha256


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class QuoteFields(NamedTuple):
    """What a Target keeps of the text it quotes: the text itself, or for a long one its ends, length and hash."""

    quote: str
    quote_end: str = ""
    length: int = 0
    sha256: str = ""


def quote_fields(quoted: str) -> QuoteFields:
    if len(quoted) <= QUOTE_WHOLE:
        return QuoteFields(quoted)
    return QuoteFields(quoted[:QUOTE_END], quoted[-QUOTE_END:], len(quoted), _digest(quoted))


def placed(
    target: Target, text: str, paragraph: int, start: int, end: int, state: AnchorState, moved_from: str = ""
) -> Target:
    """The target on characters start..end of a paragraph's text, with fresh context. A moved target keeps
    the excerpt it had before it first moved (or, moving now, `moved_from`)."""
    return replace(
        target,
        paragraph=paragraph,
        offset=start,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        state=state,
        moved_from=target.moved_from or moved_from,
        **quote_fields(text[start:end])._asdict(),
    )


def make_target(doc: Document, side: Pane, paragraph: int, start: int = 0, end: int | None = None) -> Target:
    """A target on a paragraph (or on a span of it)."""
    text = doc.paragraphs[paragraph].text
    end = len(text) if end is None else end
    return placed(Target(side=side, paragraph=paragraph, offset=start, quote=""), text, paragraph, start, end, ANCHORED)


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

    def target(self, side: Pane) -> Target | None:
        return next((t for t in self.targets if t.side == side), None)

    @property
    def headline(self) -> str:
        """The first line of the body, for lists."""
        return self.body.strip().splitlines()[0] if self.body.strip() else "(no text)"


def new_note(body: str, tags: tuple[str, ...], targets: tuple[Target, ...], author: str | None = None) -> Note:
    stamp = now()
    return Note(uuid.uuid4().hex[:12], stamp, stamp, author or default_author(), body, tags, targets)


def edited(note: Note, body: str, tags: tuple[str, ...]) -> Note:
    """The note as saved from the editor, which showed its quotes: that confirms where a moved note now is."""
    targets = tuple(replace(t, state=ANCHORED) if t.state == MOVED else t for t in note.targets)
    return replace(note, body=body, tags=tags, updated=now(), targets=targets)


@dataclass(frozen=True)
class Correction:
    """A link pinned or rejected by hand, with the start of each paragraph to find it again if text moves.
    `left` and `right` are paragraphs of the pair of panes `pair` (in a story of three, any two of them)."""

    action: Action
    left: int
    right: int
    left_quote: str = ""
    right_quote: str = ""
    pair: tuple[Pane, Pane] = ("left", "right")


@dataclass(frozen=True)
class Position:
    side: Pane = "left"  # the pane being read
    left: int = 0  # each pane's cursor
    right: int = 0
    layout: Layout = "reading"
    sync: bool = True
    centre: int = 0

    def cursor(self, pane: Pane) -> int:
        return self.centre if pane == "centre" else self.left if pane == "left" else self.right


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
    centre: ArticleRef | None = None  # the middle article of a story of three

    @property
    def panes(self) -> tuple[Pane, ...]:
        return panes_for(3 if self.centre is not None else 2)

    def ref(self, side: Pane) -> ArticleRef:
        if side == "centre":
            assert self.centre is not None
            return self.centre
        return self.left if side == "left" else self.right

    def article_path(self, side: Pane, notes_path: Path) -> Path:
        """Where an article is, resolving a relative path against the notes file's folder."""
        stored = Path(self.ref(side).path).expanduser()
        return stored if stored.is_absolute() else (notes_path.parent / stored)


def article_ref(doc: Document, notes_path: Path) -> ArticleRef:
    path = Path(doc.path or "").resolve()
    try:  # relative to the folder the notes file is read from (article_path resolves it the same way)
        stored = os.path.relpath(path, notes_path.parent.resolve())
    except ValueError:  # another drive on Windows
        stored = str(path)
    return ArticleRef(path=stored, title=doc.title, sha256=doc.sha256)
