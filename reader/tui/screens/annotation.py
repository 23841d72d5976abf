"""Annotating on the reading screen: notes, word selections, link corrections, saving.

A mixin for ReaderScreen, kept apart so the reading screen stays about reading. It works on the screen's
session (reader.session.Session), and never loses a note: edits are autosaved shortly after they happen,
a failed save keeps everything in memory and offers to save elsewhere, and a notes file that failed to load
is never written over.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from reader.analysis.comparison import Comparison
from reader.notes.corrections import apply_corrections, correction, toggled
from reader.notes.model import ORPHANED, Note, NotesError, Target, edited, make_target, new_note
from reader.notes.session import Session
from reader.text.tokens import WORD
from reader.tui.widgets.pane import Highlight

if TYPE_CHECKING:  # the dialogs are imported when first opened, to keep start-up light
    from reader.tui.screens.note_editor import Draft
    from reader.tui.screens.notes_list import NoteAction

AUTOSAVE_SECONDS = 1.5


@dataclass(frozen=True)
class Selection:
    """A range of words in one paragraph, made with `m` and the arrows, or with the mouse."""

    side: str
    paragraph: int
    start: int
    end: int


def word_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in WORD.finditer(text)]


class Annotating:
    """Note-taking actions for ReaderScreen (which provides session, cursors, side, pane(), notify, ...)."""

    session: Session
    selection: Selection | None
    _autosave: Timer | None
    _drafts: dict[tuple, Draft]
    _save_problem: str

    def _init_annotation(self) -> None:
        self.selection = None
        self._autosave = None
        self._drafts = {}
        self._save_problem = ""

    # --- what the panes show -----------------------------------------------------------------------------

    def note_highlights(self) -> dict[str, dict[int, list[Highlight]]]:
        """Span notes underlined, and the current word selection."""
        out: dict[str, dict[int, list[Highlight]]] = {"left": {}, "right": {}}
        for note in self.session.notes:
            for t in note.targets:
                if t.state == ORPHANED or t.paragraph is None:
                    continue
                whole = t.offset == 0 and len(t.quote) == len(self.session.docs[t.side].paragraphs[t.paragraph].text)
                if not whole:
                    out[t.side].setdefault(t.paragraph, []).append((*t.span, "pane--noted"))
        if self.selection is not None:
            s = self.selection
            out[s.side].setdefault(s.paragraph, []).append((s.start, s.end, "pane--selection"))
        return out

    def noted_paragraphs(self, side: str) -> set[int]:
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
        index = self.cursors[self.side]  # type: ignore[attr-defined]
        if index is None:
            return []
        return [make_target(self.session.docs[self.side], self.side, index)]  # type: ignore[attr-defined]

    def _partner_here(self) -> Target | None:
        """The other side's paragraph opposite the cursor, when the cursor's paragraph is linked."""
        side = self.side  # type: ignore[attr-defined]
        other_side = "right" if side == "left" else "left"
        partners = sorted(self.pane(other_side).partners)  # type: ignore[attr-defined]
        if not partners:
            return None
        return make_target(self.session.docs[other_side], other_side, partners[0])

    def action_add_note(self) -> None:
        from reader.tui.screens.note_editor import NoteEditor

        targets = self._targets_here()
        if not targets:
            return
        partner = self._partner_here()
        key = tuple((t.side, t.paragraph, t.offset, len(t.quote)) for t in targets)
        describe = f"the partner: {partner.side} ¶{partner.paragraph}" if partner else None
        editor = NoteEditor([t.quote for t in targets], self._drafts.get(key), describe)

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

        self.app.push_screen(editor, done)  # type: ignore[attr-defined]

    def edit_note(self, note: Note) -> None:
        from reader.tui.screens.note_editor import Draft, NoteEditor

        editor = NoteEditor([t.quote for t in note.targets], Draft(note.body, note.tags, False), None, "Edit note")

        def done(draft: Draft | None) -> None:
            if draft is not None and draft.submitted:
                self.session.put_note(edited(note, draft.body, draft.tags))
                self.notes_changed()

        self.app.push_screen(editor, done)  # type: ignore[attr-defined]

    def action_show_notes(self) -> None:
        from reader.tui.screens.notes_list import NotesScreen

        self.app.push_screen(NotesScreen(self.session.notes), self._note_chosen)  # type: ignore[attr-defined]

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
        self.jump_to(placed.get("left"), placed.get("right"))  # type: ignore[attr-defined]

    def _confirm_delete(self, note: Note) -> None:
        from reader.tui.screens.confirm import ConfirmScreen

        def answer(key: str | None) -> None:
            if key == "y":
                self.session.delete_note(note.id)
                self.notes_changed()

        question = ConfirmScreen("Delete this note?", [("y", "delete"), ("n", "keep")], note.headline)
        self.app.push_screen(question, answer)  # type: ignore[attr-defined]

    # --- word selection ------------------------------------------------------------------------------------

    def action_select_words(self) -> None:
        """Start selecting words in the paragraph under the cursor (its first word), or stop."""
        if self.selection is not None:
            self.selection = None
        else:
            index = self.cursors[self.side]  # type: ignore[attr-defined]
            if index is None:
                return
            spans = word_spans(self.session.docs[self.side].paragraphs[index].text)  # type: ignore[attr-defined]
            if not spans:
                return
            self.selection = Selection(self.side, index, *spans[0])  # type: ignore[attr-defined]
            self.notify("Selecting words: l/→ longer, h/← shorter, L/H move the start, a annotates, m stops.")
        self.refresh_view()  # type: ignore[attr-defined]

    def extend_selection(self, words: int) -> None:
        s = self.selection
        assert s is not None
        spans = word_spans(self.session.docs[s.side].paragraphs[s.paragraph].text)
        ends = [b for _, b in spans if b > s.start]
        k = next((i for i, b in enumerate(ends) if b >= s.end), len(ends) - 1)
        k = max(0, min(len(ends) - 1, k + words))
        self.selection = replace(s, end=ends[k])
        self.refresh_view()  # type: ignore[attr-defined]

    def action_move_selection_start(self, words: int) -> None:
        s = self.selection
        if s is None:
            return
        spans = word_spans(self.session.docs[s.side].paragraphs[s.paragraph].text)
        starts = [a for a, _ in spans if a < s.end]
        k = next((i for i, a in enumerate(starts) if a >= s.start), 0)
        k = max(0, min(len(starts) - 1, k + words))
        self.selection = replace(s, start=starts[k])
        self.refresh_view()  # type: ignore[attr-defined]

    def select_span(self, side: str, paragraph: int, start: int, end: int) -> None:
        """A selection made with the mouse, widened to whole words."""
        text = self.session.docs[side].paragraphs[paragraph].text
        spans = word_spans(text)
        inside = [(a, b) for a, b in spans if b > min(start, end) and a < max(start, end)]
        if not inside:
            return
        self.selection = Selection(side, paragraph, inside[0][0], inside[-1][1])
        self.refresh_view()  # type: ignore[attr-defined]

    # --- link corrections ----------------------------------------------------------------------------------

    def _correct(self, action: str, i: int, j: int) -> None:
        fix = correction(action, self.session.left, self.session.right, i, j)
        self.session.set_corrections(toggled(self.session.corrections, fix))
        self.links_corrected()  # type: ignore[attr-defined]
        self.notes_changed()

    def action_pin_link(self) -> None:
        """Link the paragraph under each pane's cursor (a correction saved with the notes)."""
        i, j = self.cursors["left"], self.cursors["right"]  # type: ignore[attr-defined]
        if i is None or j is None:
            return
        self._correct("pin", i, j)
        self.notify(f"Linked left ¶{i} and right ¶{j}. x unlinks.")

    def action_reject_link(self) -> None:
        """Unlink the paragraph under the cursor from its partner opposite (or from all its partners)."""
        side = self.side  # type: ignore[attr-defined]
        index = self.cursors[side]  # type: ignore[attr-defined]
        other_side = "right" if side == "left" else "left"
        partners = sorted(self.pane(other_side).partners)  # type: ignore[attr-defined]
        if index is None or not partners:
            self.notify("This paragraph has no link to remove.", severity="warning")  # type: ignore[attr-defined]
            return
        other_cursor = self.cursors[other_side]  # type: ignore[attr-defined]
        chosen = [other_cursor] if other_cursor in partners else partners
        for k in chosen:
            i, j = (index, k) if side == "left" else (k, index)
            self._correct("reject", i, j)
        self.notify(f"Unlinked {side} ¶{index} from {other_side} ¶{', ¶'.join(map(str, chosen))}. p links again.")

    # --- saving --------------------------------------------------------------------------------------------

    def notes_changed(self) -> None:
        """Something in the notes changed: show it, and save shortly (edits in a burst save once)."""
        if self._autosave is not None:
            self._autosave.stop()
        if self.session.can_save_in_place:
            self._autosave = self.set_timer(AUTOSAVE_SECONDS, self.autosave)  # type: ignore[attr-defined]
        self.refresh_view()  # type: ignore[attr-defined]

    def autosave(self) -> None:
        if self.session.dirty and self.session.can_save_in_place:
            self.save(quiet=True)

    def save(self, path: Path | None = None, quiet: bool = False) -> bool:
        """Save now; on failure keep everything in memory, say why and how to save elsewhere."""
        self.session.position = self.current_position()  # type: ignore[attr-defined]
        try:
            saved = self.session.save(path)
        except NotesError as exc:
            self._save_problem = str(exc).split(": ")[-1]
            self.notify(f"{exc}. Your notes are kept; S saves them elsewhere.", title="Not saved", severity="error")
            self.refresh_view()  # type: ignore[attr-defined]
            return False
        self._save_problem = ""
        if not quiet:
            self.notify(f"Notes saved to {saved}")
        self.refresh_view()  # type: ignore[attr-defined]
        return True

    def save_position_quietly(self) -> None:
        """Remember where the reader was in an existing notes file (never creates one just for that)."""
        if self.session.notes_path.exists() and self.session.can_save_in_place:
            self.session.position = self.current_position()  # type: ignore[attr-defined]
            with contextlib.suppress(NotesError):
                self.session.save()

    def action_save_notes(self) -> None:
        if not self.session.can_save_in_place:
            self.action_save_notes_as()
            return
        self.save()

    def action_save_notes_as(self) -> None:
        self.ask("save-as", "Save notes to (a path; .notes.yaml is added)", str(self.session.notes_path))  # type: ignore[attr-defined]

    def save_as(self, value: str) -> None:
        path = Path(value.strip()).expanduser()
        if not value.strip():
            return
        if not str(path).endswith((".yaml", ".yml")):
            path = path.with_name(path.name + ".notes.yaml")
        self.save(path)
