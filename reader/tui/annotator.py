"""Annotating on the reading screen: notes, word selections, link corrections, saving.

A mixin for ReaderScreen, kept apart so the reading screen stays about reading. It works on the screen's
session (reader.session.Session), and never loses a note: edits are autosaved shortly after they happen,
a failed save keeps everything in memory and offers to save elsewhere, and a notes file that failed to load
is never written over.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from reader.analysis.comparison import Comparison
from reader.analysis.sides import Side, other
from reader.notes.corrections import apply_corrections, correction, toggled
from reader.notes.model import ORPHANED, Action, Note, NotesError, Target, edited, make_target, new_note
from reader.notes.notesfile import load_notes
from reader.notes.session import Session
from reader.text.tokens import word_spans
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.widgets.pane import Highlight

if TYPE_CHECKING:  # the dialogs are imported when first opened, to keep start-up light
    from reader.tui.screens.note_editor import Draft
    from reader.tui.screens.notes_list import NoteAction
    from reader.tui.screens.reading import ReaderScreen

AUTOSAVE_SECONDS = 1.5


@dataclass(frozen=True)
class Selection:
    """A range of words in one paragraph, made with `m` and the arrows, or with the mouse."""

    side: Side
    paragraph: int
    start: int
    end: int


class Annotator:
    """Note-taking for a ReaderScreen: the screen's key actions call these methods, and the screen asks this
    for what the panes and the status bar show about notes."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.selection: Selection | None = None
        self._autosave: Timer | None = None
        self._drafts: dict[tuple, Draft] = {}  # cancelled drafts by where they were written, offered again
        self._save_problem = ""

    @property
    def session(self) -> Session:
        return self.screen.session

    # --- what the panes show -----------------------------------------------------------------------------

    def note_highlights(self) -> dict[Side, dict[int, list[Highlight]]]:
        """Span notes underlined, and the current word selection."""
        out: dict[Side, dict[int, list[Highlight]]] = {"left": {}, "right": {}}
        for note in self.session.notes:
            for t in note.targets:
                if t.state == ORPHANED or t.paragraph is None:
                    continue
                whole = t.offset == 0 and t.size == len(self.session.docs[t.side].paragraphs[t.paragraph].text)
                if not whole:
                    out[t.side].setdefault(t.paragraph, []).append((*t.span, "pane--noted"))
        if self.selection is not None:
            s = self.selection
            out[s.side].setdefault(s.paragraph, []).append((s.start, s.end, "pane--selection"))
        return out

    def noted_paragraphs(self, side: Side) -> set[int]:
        return {
            t.paragraph
            for n in self.session.notes
            for t in n.targets
            if t.side == side and t.state != ORPHANED and t.paragraph is not None
        }

    def notes_status(self) -> str:
        count = len(self.session.notes)
        notes = f"{count} note" + ("" if count == 1 else "s")
        if self._save_problem:
            return f"{notes} NOT SAVED ({self._save_problem}): ctrl+s retries, S saves elsewhere"
        if self.session.load_error:
            return f"{notes}, notes file unreadable: S saves to a new file"
        if self.session.dirty:
            return f"{notes}, saving…" if self.session.can_save_in_place else f"{notes}, unsaved"
        return notes if count else ""

    def corrected(self, comparison: Comparison) -> Comparison:
        links = apply_corrections(comparison.links, self.session.corrections, self.session.left, self.session.right)
        return replace(comparison, links=links)

    # --- notes -------------------------------------------------------------------------------------------

    def _targets_here(self) -> list[Target]:
        """Where a new note goes: the selection, or the paragraph under the cursor."""
        if self.selection is not None:
            s = self.selection
            return [make_target(self.session.docs[s.side], s.side, s.paragraph, s.start, s.end)]
        index = self.screen.cursors[self.screen.side]
        if index is None:
            return []
        return [make_target(self.session.docs[self.screen.side], self.screen.side, index)]

    def _partner_here(self) -> Target | None:
        """The other side's paragraph opposite the cursor, when the cursor's paragraph is linked."""
        side = self.screen.side
        other_side = other(side)
        partners = sorted(self.screen.pane(other_side).partners)
        if not partners:
            return None
        return make_target(self.session.docs[other_side], other_side, partners[0])

    def add_note(self) -> None:
        from reader.tui.screens.note_editor import NoteEditor

        targets = self._targets_here()
        if not targets:
            return
        partner = self._partner_here()
        key = tuple((t.side, t.paragraph, t.offset, t.size) for t in targets)
        describe = f"the partner: {partner.side} ¶{partner.paragraph}" if partner else None
        editor = NoteEditor([t.excerpt for t in targets], self._drafts.get(key), describe)

        def done(draft: Draft | None) -> None:
            if draft is None:
                return
            if not draft.submitted:
                self._drafts[key] = draft  # offered again next time, so nothing typed is lost
                return
            self._drafts.pop(key, None)
            chosen = (*targets, partner) if draft.both_sides and partner is not None else tuple(targets)
            self.session.put_note(new_note(draft.body, draft.tags, chosen))
            self.selection = None
            self.notes_changed()

        self.screen.app.push_screen(editor, done)

    def edit_note(self, note: Note) -> None:
        from reader.tui.screens.note_editor import Draft, NoteEditor

        editor = NoteEditor([t.excerpt for t in note.targets], Draft(note.body, note.tags, False), None, "Edit note")

        def done(draft: Draft | None) -> None:
            if draft is not None and draft.submitted:
                self.session.put_note(edited(note, draft.body, draft.tags))
                self.notes_changed()

        self.screen.app.push_screen(editor, done)

    def show_notes(self) -> None:
        from reader.tui.screens.notes_list import NotesScreen

        self.screen.app.push_screen(NotesScreen(self.session.notes), self._note_chosen)

    def _note_chosen(self, choice: NoteAction | None) -> None:
        if choice is None:
            return
        note = next((n for n in self.session.notes if n.id == choice.note_id), None)
        if note is None:
            return
        if choice.action == "edit":
            self.edit_note(note)
        elif choice.action == "delete":
            self._confirm_delete(note)
        else:
            self.jump_to_note(note)

    def jump_to_note(self, note: Note) -> None:
        placed = {t.side: t.paragraph for t in note.targets if t.state != ORPHANED}
        self.screen.jump_to(placed.get("left"), placed.get("right"))

    def _confirm_delete(self, note: Note) -> None:
        def answer(key: str | None) -> None:
            if key == "y":
                self.session.delete_note(note.id)
                self.notes_changed()

        question = ConfirmScreen("Delete this note?", [("y", "delete"), ("n", "keep")], note.headline)
        self.screen.app.push_screen(question, answer)

    # --- word selection ------------------------------------------------------------------------------------

    def select_words(self) -> None:
        """Start selecting words in the paragraph under the cursor (its first word), or stop."""
        if self.selection is not None:
            self.selection = None
        else:
            index = self.screen.cursors[self.screen.side]
            if index is None:
                return
            spans = word_spans(self.session.docs[self.screen.side].paragraphs[index].text)
            if not spans:
                return
            self.selection = Selection(self.screen.side, index, *spans[0])
            self.screen.notify("Selecting words: l/→ longer, h/← shorter, L/H move the start, a annotates, m stops.")
        self.screen.refresh_view()

    def extend_selection(self, words: int) -> None:
        s = self.selection
        assert s is not None
        spans = word_spans(self.session.docs[s.side].paragraphs[s.paragraph].text)
        ends = [b for _, b in spans if b > s.start]
        k = next((i for i, b in enumerate(ends) if b >= s.end), len(ends) - 1)
        k = max(0, min(len(ends) - 1, k + words))
        self.selection = replace(s, end=ends[k])
        self.screen.refresh_view()

    def move_selection_start(self, words: int) -> None:
        s = self.selection
        if s is None:
            return
        spans = word_spans(self.session.docs[s.side].paragraphs[s.paragraph].text)
        starts = [a for a, _ in spans if a < s.end]
        k = next((i for i, a in enumerate(starts) if a >= s.start), 0)
        k = max(0, min(len(starts) - 1, k + words))
        self.selection = replace(s, start=starts[k])
        self.screen.refresh_view()

    def select_span(self, side: Side, paragraph: int, start: int, end: int) -> None:
        """A selection made with the mouse, widened to whole words."""
        text = self.session.docs[side].paragraphs[paragraph].text
        spans = word_spans(text)
        inside = [(a, b) for a, b in spans if b > min(start, end) and a < max(start, end)]
        if not inside:
            return
        self.selection = Selection(side, paragraph, inside[0][0], inside[-1][1])
        self.screen.refresh_view()

    # --- link corrections ----------------------------------------------------------------------------------

    def _correct(self, action: Action, i: int, j: int) -> None:
        fix = correction(action, self.session.left, self.session.right, i, j)
        self.session.set_corrections(toggled(self.session.corrections, fix))
        self.screen.links_corrected()
        self.notes_changed()

    def pin_link(self) -> None:
        """Link the paragraph under each pane's cursor (a correction saved with the notes)."""
        i, j = self.screen.cursors["left"], self.screen.cursors["right"]
        if i is None or j is None:
            return
        self._correct("pin", i, j)
        self.screen.notify(f"Linked left ¶{i} and right ¶{j}. x unlinks.")

    def reject_link(self) -> None:
        """Unlink the paragraph under the cursor from its partner opposite (or from all its partners)."""
        side = self.screen.side
        index = self.screen.cursors[side]
        other_side = other(side)
        partners = sorted(self.screen.pane(other_side).partners)
        if index is None or not partners:
            self.screen.notify("This paragraph has no link to remove.", severity="warning")
            return
        other_cursor = self.screen.cursors[other_side]
        chosen = [other_cursor] if other_cursor in partners else partners
        for k in chosen:
            i, j = (index, k) if side == "left" else (k, index)
            self._correct("reject", i, j)
        unlinked = ", ¶".join(map(str, chosen))
        self.screen.notify(f"Unlinked {side} ¶{index} from {other_side} ¶{unlinked}. p links again.")

    # --- saving --------------------------------------------------------------------------------------------

    def notes_changed(self) -> None:
        """Something in the notes changed: show it, and save shortly (edits in a burst save once)."""
        if self._autosave is not None:
            self._autosave.stop()
        if self.session.can_save_in_place:
            self._autosave = self.screen.set_timer(AUTOSAVE_SECONDS, self.autosave)
        self.screen.refresh_view()

    def autosave(self) -> None:
        if self.session.dirty and self.session.can_save_in_place:
            self.save(quiet=True)

    def save(self, path: Path | None = None, quiet: bool = False) -> bool:
        """Save now; on failure keep everything in memory, say why and how to save elsewhere."""
        self.session.position = self.screen.current_position()
        try:
            merged = self.session.save(path)
        except NotesError as exc:
            self._save_problem = str(exc).split(": ")[-1]
            message = f"{exc}. Your notes are kept; S saves them elsewhere."
            self.screen.notify(message, title="Not saved", severity="error")
            self.screen.refresh_view()
            return False
        self._save_problem = ""
        if merged:
            self.screen.notify(f"{merged}.", title="Notes file changed elsewhere", timeout=10)
            self.screen.refresh_view()  # the merged notes show at once
        elif not quiet:
            self.screen.notify(f"Notes saved to {self.session.notes_path}")
        self.screen.refresh_view()
        return True

    def remember_position(self) -> None:
        """Remember where the reader is, for the next opening (the notes file is not rewritten for that)."""
        self.session.remember_position(self.screen.current_position())

    def save_notes(self) -> None:
        if not self.session.can_save_in_place:
            self.save_notes_as()
            return
        self.save()

    def save_notes_as(self) -> None:
        self.screen.ask("save-as", "Save notes to (a path; .notes.yaml is added)", str(self.session.notes_path))

    def save_as(self, value: str) -> None:
        """Save to the path typed; a file already there is replaced only once the reader says so."""
        path = Path(value.strip()).expanduser()
        if not value.strip():
            return
        if not str(path).endswith((".yaml", ".yml")):
            path = path.with_name(path.name + ".notes.yaml")
        if not path.exists() or path.resolve() == self.session.notes_path.resolve():
            self.save(path)
            return
        try:
            load_notes(path)
            question = f"{path} is another notes file. Replace its notes with these?"
        except NotesError:
            question = f"{path} exists and is not a diptych notes file. Replace it with these notes?"

        def answer(key: str | None) -> None:
            if key == "r":
                self.save(path)
            else:
                self.screen.notify("Not saved: choose another file with S.", severity="warning")

        self.screen.app.push_screen(ConfirmScreen(question, [("r", "replace it"), ("n", "keep it")]), answer)
