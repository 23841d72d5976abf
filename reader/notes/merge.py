"""Merge a notes file that someone else changed (another diptych window, a text editor, a colleague's sync)
with this session's notes, so that saving never writes over their work.

A three-way merge by note id against the version both started from (the base): a note only one side changed
takes that side's version, a note only one side deleted is deleted, a note only one side added is added. When
both changed one note, this session's version keeps the id and theirs is kept beside it as a copy, so nothing
either wrote is lost. Corrections merge the same way by the pair of paragraphs they concern; the reading
position is this session's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from reader.notes.model import Correction, Note, NotesFile


@dataclass(frozen=True)
class Merged:
    notes: tuple[Note, ...]
    corrections: tuple[Correction, ...]
    added: int  # notes taken from the other version
    changed: int  # notes whose text the other version changed
    deleted: int  # notes the other version deleted
    conflicts: int  # notes both changed: theirs kept as a copy

    def summary(self) -> str:
        """What the merge did, for the reader; "" when it took nothing from the other version."""
        parts = [
            f"{n} note{'' if n == 1 else 's'} {what}"
            for n, what in (
                (self.added, "added"),
                (self.changed, "changed"),
                (self.deleted, "deleted"),
                (self.conflicts, "changed here and there (their version kept as a copy)"),
            )
            if n
        ]
        return ("Merged in what was done elsewhere: " + ", ".join(parts)) if parts else ""


def _content(note: Note) -> tuple[object, ...]:
    """What a person wrote: re-anchoring a note moves its targets but does not change it."""
    return note.body, note.tags, note.updated, note.author, tuple((t.side, t.quote, t.quote_end) for t in note.targets)


def merge(base: NotesFile | None, ours: NotesFile, theirs: NotesFile) -> Merged:
    """This session's notes (`ours`) merged with the file as it now is (`theirs`), both descended from `base`
    (None when this session started without a file)."""
    base_notes = {n.id: n for n in base.notes} if base else {}
    our_notes = {n.id: n for n in ours.notes}
    their_notes = {n.id: n for n in theirs.notes}
    out: list[Note] = []
    added = changed = deleted = conflicts = 0
    for note_id in [*our_notes, *(i for i in their_notes if i not in our_notes)]:
        b, o, t = base_notes.get(note_id), our_notes.get(note_id), their_notes.get(note_id)
        ours_changed = o is None or b is None or _content(o) != _content(b)
        theirs_changed = t is None or b is None or _content(t) != _content(b)
        if o is not None and t is not None and _content(o) == _content(t):
            out.append(o)
        elif o is not None and (t is None and b is None):
            out.append(o)  # new here
        elif t is not None and o is None and b is None:
            out.append(t)  # new there
            added += 1
        elif not theirs_changed:
            if o is not None:
                out.append(o)  # only we changed it (or we deleted it: nothing to add)
        elif not ours_changed:
            if t is not None:
                out.append(t)
                changed += 1
            else:
                deleted += 1
        else:  # both changed it: keep both, ours under its id
            if o is not None:
                out.append(o)
            if t is not None:
                out.append(replace(t, id=uuid.uuid4().hex[:12]) if o is not None else t)
                conflicts += 1
    return Merged(tuple(out), _merge_corrections(base, ours, theirs), added, changed, deleted, conflicts)


def _merge_corrections(base: NotesFile | None, ours: NotesFile, theirs: NotesFile) -> tuple[Correction, ...]:
    """Corrections either side added, less those either side removed; one per pair, ours first."""
    b = set(base.corrections) if base else set()
    o, t = set(ours.corrections), set(theirs.corrections)
    kept = [c for c in ours.corrections if c in t or c not in b]
    kept += [c for c in theirs.corrections if c not in b and c not in o]
    seen: set[tuple[int, int]] = set()
    out = []
    for c in kept:
        if (c.left, c.right) not in seen:
            seen.add((c.left, c.right))
            out.append(c)
    return tuple(out)
