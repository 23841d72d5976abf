"""The `diptych.notes/1` file: notes, corrections and the reading position as readable YAML, read back with
every field checked.

A notes file records both articles (path relative to the notes file when possible, headline, sha256 of the
text as loaded), every note with one target per annotated side (quote, prefix, suffix, paragraph and offset
hints, anchor state; a moved quote also what it quoted before, `moved_from`, which older versions ignore), the
user's corrections to the alignment, and where the reader was. See the README for an example.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from reader.analysis.sides import PANES, Pane, panes_for
from reader.notes.model import (
    ACTIONS,
    ANCHOR_STATES,
    ANCHORED,
    LAYOUTS,
    ArticleRef,
    Correction,
    Note,
    NotesError,
    NotesFile,
    Position,
    Target,
    now,
)
from reader.text import files, safeyaml
from reader.text.files import human_size

SCHEMA = "diptych.notes/1"  # two articles, left and right
SCHEMA_THREE = "diptych.notes/2"  # three articles: left, centre and right; corrections name their pair
SCHEMAS = {SCHEMA: 2, SCHEMA_THREE: 3}  # articles a file of each version holds
T = TypeVar("T", bound=str)


def _target_yaml(t: Target) -> dict:
    out: dict[str, object] = {"side": t.side, "paragraph": t.paragraph, "offset": t.offset, "quote": t.quote}
    if not t.whole:  # a long quote: its ends, length and hash find it again
        out |= {"quote_end": t.quote_end, "length": t.length, "sha256": t.sha256}
    out |= {"prefix": t.prefix, "suffix": t.suffix, "state": t.state}
    if t.moved_from:  # what a moved note quoted before, until the move is confirmed (Target keeps no other)
        out["moved_from"] = t.moved_from
    return out


def position_yaml(position: Position, three: bool = False) -> dict[str, object]:
    out: dict[str, object] = {"side": position.side, "left": position.left}
    if three:
        out["centre"] = position.centre
    return out | {"right": position.right, "layout": position.layout, "sync": position.sync}


def position_from(data: object, r: FieldReader, where: str) -> Position:
    """A reading position from loaded YAML, every field checked."""
    pos = r.mapping(data, where)
    sync = pos.get("sync", True)
    if not isinstance(sync, bool):
        raise r.fail(f"{where}.sync", "true or false")
    return Position(
        side=r.choice(pos.get("side"), f"{where}.side", PANES, "left"),
        left=r.number(pos.get("left", 0), f"{where}.left") or 0,
        right=r.number(pos.get("right", 0), f"{where}.right") or 0,
        layout=r.choice(pos.get("layout"), f"{where}.layout", LAYOUTS, "reading"),
        sync=sync,
        centre=r.number(pos.get("centre", 0), f"{where}.centre") or 0,
    )


def _correction_yaml(c: Correction, three: bool) -> dict[str, object]:
    out: dict[str, object] = {"action": c.action}
    if three:  # which two articles the link joins; a file of two articles has one pair
        out["pair"] = list(c.pair)
    return out | {"left": c.left, "right": c.right, "left_quote": c.left_quote, "right_quote": c.right_quote}


def to_yaml(session: NotesFile) -> str:
    """The notes file: `diptych.notes/1` for two articles (as every earlier diptych wrote it), `/2` for three."""
    three = session.centre is not None
    data = {
        "schema": SCHEMA_THREE if three else SCHEMA,
        "saved": now(),
        "articles": {
            side: {"path": ref.path, "title": ref.title, "sha256": ref.sha256}
            for side in session.panes
            for ref in (session.ref(side),)
        },
        "position": position_yaml(session.position, three),
        "corrections": [_correction_yaml(c, three) for c in session.corrections],
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


class FieldReader:
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

    def choice(self, value: object, where: str, choices: tuple[T, ...], default: T | None) -> T:
        """One of `choices` (`default` when absent; None makes the field required)."""
        value = default if value is None else value
        for choice in choices:
            if value == choice:
                return choice
        raise self.fail(where, "one of " + ", ".join(choices))


def from_data(data: object, name: str) -> NotesFile:
    """Check and convert loaded YAML. Raises NotesError naming the first problem."""
    r = FieldReader(name)
    top = r.mapping(data, "the file")
    schema = top.get("schema")
    if not isinstance(schema, str) or not schema.startswith("diptych.notes/"):
        raise NotesError(f"{name}: not a diptych notes file (no 'schema: {SCHEMA}')")
    if schema not in SCHEMAS:
        known = " and ".join(SCHEMAS)
        raise NotesError(f"{name}: written by a newer diptych ({schema}); this version reads {known}")
    panes = panes_for(SCHEMAS[schema])
    articles = r.mapping(top.get("articles"), "articles")
    refs = {}
    for side in panes:
        a = r.mapping(articles.get(side), f"articles.{side}")
        refs[side] = ArticleRef(
            path=r.text(a.get("path"), f"articles.{side}.path"),
            title=r.text(a.get("title"), f"articles.{side}.title", ""),
            sha256=r.text(a.get("sha256"), f"articles.{side}.sha256", ""),
        )
    position = position_from(top.get("position") or {}, r, "position")
    corrections = []
    for k, c in enumerate(r.items(top.get("corrections"), "corrections")):
        where = f"corrections[{k}]"
        c = r.mapping(c, where)
        corrections.append(
            Correction(
                action=r.choice(c.get("action"), f"{where}.action", ACTIONS, None),
                left=r.number(c.get("left"), f"{where}.left") or 0,
                right=r.number(c.get("right"), f"{where}.right") or 0,
                left_quote=r.text(c.get("left_quote"), f"{where}.left_quote", ""),
                right_quote=r.text(c.get("right_quote"), f"{where}.right_quote", ""),
                pair=_pair(c.get("pair"), r, f"{where}.pair", panes),
            )
        )
    notes = []
    ids: dict[str, int] = {}
    for k, n in enumerate(r.items(top.get("notes"), "notes")):
        where = f"notes[{k}]"
        n = r.mapping(n, where)
        note_id = r.text(n.get("id"), f"{where}.id")
        if note_id in ids:
            raise r.fail(f"{where}.id", f"unique ({note_id!r} is also the id of notes[{ids[note_id]}])")
        ids[note_id] = k
        created = r.text(n.get("created"), f"{where}.created")
        tags = tuple(r.text(t, f"{where}.tags[{j}]") for j, t in enumerate(r.items(n.get("tags"), f"{where}.tags")))
        targets = []
        for j, t in enumerate(r.items(n.get("targets"), f"{where}.targets")):
            tw = f"{where}.targets[{j}]"
            t = r.mapping(t, tw)
            targets.append(
                Target(
                    side=r.choice(t.get("side"), f"{tw}.side", panes, None),
                    paragraph=r.number(t.get("paragraph"), f"{tw}.paragraph", optional=True),
                    offset=r.number(t.get("offset", 0), f"{tw}.offset") or 0,
                    quote=r.text(t.get("quote"), f"{tw}.quote"),
                    prefix=r.text(t.get("prefix"), f"{tw}.prefix", ""),
                    suffix=r.text(t.get("suffix"), f"{tw}.suffix", ""),
                    state=r.choice(t.get("state"), f"{tw}.state", ANCHOR_STATES, ANCHORED),
                    quote_end=r.text(t.get("quote_end"), f"{tw}.quote_end", ""),
                    length=r.number(t.get("length", 0), f"{tw}.length") or 0,
                    sha256=r.text(t.get("sha256"), f"{tw}.sha256", ""),
                    moved_from=r.text(t.get("moved_from"), f"{tw}.moved_from", ""),
                )
            )
            if targets[-1].quote_end and not (targets[-1].length and targets[-1].sha256):
                raise r.fail(tw, "a long quote with its length and sha256")
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
    if position.side not in panes:
        raise r.fail("position.side", "one of " + ", ".join(panes))
    return NotesFile(refs["left"], refs["right"], tuple(notes), tuple(corrections), position, centre=refs.get("centre"))


def _pair(value: object, r: FieldReader, where: str, panes: tuple[Pane, ...]) -> tuple[Pane, Pane]:
    """The two panes a correction joins: left and right in a file of two; named, in pane order, in one of
    three."""
    if len(panes) == 2:
        return ("left", "right")
    items = r.items(value, where)
    if len(items) != 2:
        raise r.fail(where, "two of " + ", ".join(panes))
    a, b = (r.choice(x, where, panes, None) for x in items)
    if panes.index(a) >= panes.index(b):
        raise r.fail(where, "two different articles, in pane order (left, centre, right)")
    return (a, b)


@dataclass(frozen=True)
class Fingerprint:
    """What a notes file was when diptych last read or wrote it, to tell whether anyone changed it since."""

    mtime_ns: int
    size: int
    sha256: str


def _fingerprint(path: Path, data: bytes) -> Fingerprint:
    st = path.stat()
    return Fingerprint(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest())


def read_notes(path: Path) -> tuple[NotesFile, Fingerprint]:
    """Read and check a notes file, and what it was as read. Raises NotesError with one clear line; never
    touches the file."""
    path = Path(path)
    try:
        data = safeyaml.read_raw(path)
        fingerprint = _fingerprint(path, data)
        return from_data(safeyaml.parse(data, str(path)), str(path)), fingerprint
    except safeyaml.YamlError as exc:
        raise NotesError(str(exc)) from exc
    except OSError as exc:
        raise NotesError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def load_notes(path: Path) -> NotesFile:
    """Read and check a notes file. Raises NotesError with one clear line; never touches the file."""
    return read_notes(path)[0]


def unchanged(path: Path, known: Fingerprint | None) -> bool:
    """Whether the file at `path` is still what was read or written (`known`; None: there was no file)."""
    try:
        st = Path(path).stat()
    except FileNotFoundError:
        return known is None
    except OSError:
        return False
    if known is None:
        return False
    if (st.st_mtime_ns, st.st_size) == (known.mtime_ns, known.size):
        return True
    try:  # touched, or rewritten with the same bytes: only the content counts
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() == known.sha256
    except OSError:
        return False


def save_notes(notes: NotesFile, path: Path) -> Fingerprint:
    """Save atomically, and return what the file now is. Raises NotesError with a clear message (disk full,
    read-only, too large to read back, ...); the file on disk is then exactly as it was."""
    path = Path(path)
    data = to_yaml(notes).encode("utf-8")
    if len(data) > safeyaml.MAX_BYTES:  # never write a file diptych could not read back
        raise NotesError(
            f"could not save notes to {path}: they come to {human_size(len(data))}, over the "
            f"{human_size(safeyaml.MAX_BYTES)} a notes file may hold"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomic(path, data.decode("utf-8"))
        return _fingerprint(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise NotesError(f"could not save notes to {path}: {reason}") from exc
