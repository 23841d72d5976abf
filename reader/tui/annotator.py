"""Annotating on the reading screen: notes, word selections, link corrections, saving.

A mixin for ReaderScreen, kept apart so the reading screen stays about reading. It works on the screen's
session (reader.session.Session), and never loses a note: edits are autosaved shortly after they happen,
a failed save keeps everything in memory and offers to save elsewhere, and a notes file that failed to load
is never written over.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from reader.analysis.sides import Pane
from reader.notes.corrections import correction, toggled
from reader.notes.model import ORPHANED, Action, Note, NotesError, Target, edited, make_target, new_note
from reader.notes.notesfile import load_notes
from reader.notes.session import NOTES_SUFFIX, Session, save_elsewhere_path
from reader.text.tokens import sentence_ends, word_spans
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

    side: Pane
    paragraph: int
    start: int
    end: int


class Annotator:
    """Note-taking for a ReaderScreen: the screen's key actions call these methods, and the screen asks this
    for what the panes and the status bar show about notes. The word selection itself is the screen's
    reactive state (`screen.selection`), so that setting it repaints the panes."""

    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self._autosave: Timer | None = None
        self._drafts: dict[tuple, Draft] = {}  # cancelled drafts by where they were written, offered again
        self._save_problem = ""
        self._undo: list[tuple[str, Callable[[], None]]] = []  # what `u` puts back, last first

    @property
    def session(self) -> Session:
        return self.screen.session

    @property
    def selection(self) -> Selection | None:
        return self.screen.selection

    @selection.setter
    def selection(self, value: Selection | None) -> None:
        self.screen.selection = value

    # --- what the panes show -----------------------------------------------------------------------------

    def note_highlights(self) -> dict[Pane, dict[int, list[Highlight]]]:
        """Span notes underlined, and the current word selection."""
        out: dict[Pane, dict[int, list[Highlight]]] = {pane: {} for pane in self.session.panes}
        for note in self.session.notes:
            for t in note.targets:
                if t.state == ORPHANED or t.paragraph is None or t.side not in out:
                    continue
                whole = t.offset == 0 and t.size == len(self.session.docs[t.side].paragraphs[t.paragraph].text)
                if not whole:
                    out[t.side].setdefault(t.paragraph, []).append((*t.span, "pane--noted"))
        if self.selection is not None:
            s = self.selection
            out[s.side].setdefault(s.paragraph, []).append((s.start, s.end, "pane--selection"))
        return out

    def noted_paragraphs(self, side: Pane) -> set[int]:
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
            return f"{notes}, saving…" if self._autosave is not None else f"{notes}, unsaved"
        return notes if count else ""

    def selection_status(self) -> str:
        """What is selected, for the status bar: the words, shortened, and how many."""
        s = self.selection
        if s is None:
            return ""
        text = self.session.docs[s.side].paragraphs[s.paragraph].text[s.start : s.end]
        count = len(word_spans(text))
        shown_text = text if len(text) <= 40 else text[:18] + " … " + text[-18:]
        return f"selected {count} word{'' if count == 1 else 's'}: “{shown_text}”"

    # --- notes -------------------------------------------------------------------------------------------

    def _targets_here(self) -> list[Target]:
        """Where a new note goes: the selection, or the paragraph under the cursor."""
        if self.selection is not None:
            s = self.selection
            return [make_target(self.session.docs[s.side], s.side, s.paragraph, s.start, s.end)]
        side = self.screen.side
        index = self.screen.cursors.get(side)
        if index is None:
            return []
        return [make_target(self.session.docs[side], side, index)]

    def _partners_here(self) -> list[Target]:
        """Every paragraph of the other articles linked to the one under the cursor (all of a 1:n link: the
        note covers the whole fact), the strongest first."""
        side = self.screen.side
        found = self.screen.partners(side, self.screen.cursors.get(side))
        return [make_target(self.session.docs[pane], pane, p) for pane, paragraphs in found.items() for p in paragraphs]

    def add_note(self) -> None:
        from reader.tui.screens.note_editor import NoteEditor

        targets = self._targets_here()
        if not targets:
            return
        partners = self._partners_here()
        key = tuple((t.side, t.paragraph, t.offset, t.size) for t in targets)
        describe = ", ".join(f"{p.side} ¶{p.paragraph}" for p in partners)
        editor = NoteEditor(targets, self._drafts.get(key), describe or None)

        def done(draft: Draft | None) -> None:
            if draft is None:
                return
            if not draft.submitted:
                self._drafts[key] = draft  # offered again next time, so nothing typed is lost
                return
            self._drafts.pop(key, None)
            chosen = (*targets, *partners) if draft.both_sides else tuple(targets)
            self.session.put_note(new_note(draft.body, draft.tags, chosen))
            self.selection = None
            self.notes_changed()

        self.screen.app.push_screen(editor, done)

    def edit_note(self, note: Note, then: Callable[[], None] = lambda: None) -> None:
        """Edit a note; `then` runs when the editor closes, saved or not."""
        from reader.tui.screens.note_editor import Draft, NoteEditor

        editor = NoteEditor(note.targets, Draft(note.body, note.tags, False), None, "Edit note")

        def done(draft: Draft | None) -> None:
            if draft is not None and draft.submitted:
                self.session.put_note(edited(note, draft.body, draft.tags))
                self.notes_changed()
            then()

        self.screen.app.push_screen(editor, done)

    def show_notes(self, at: NoteAction | None = None) -> None:
        """The notes list; back from editing or deleting a note chosen in it, in the same view, on that note."""
        from reader.tui.screens.notes_list import NotesScreen

        if at is None:
            self.screen.app.push_screen(NotesScreen(self.session.notes), self._note_chosen)
        elif self.session.notes:  # (after deleting the last note there is nothing left to list)
            self.screen.app.push_screen(NotesScreen(self.session.notes, at.note_id, at.view), self._note_chosen)

    def _note_chosen(self, choice: NoteAction | None) -> None:
        if choice is None:
            return
        if choice.action == "undo":
            self.undo()
            self.show_notes(choice)
            return
        note = next((n for n in self.session.notes if n.id == choice.note_id), None)
        if note is None:
            return
        back = partial(self.show_notes, choice)  # editing or deleting from the list returns to it
        if choice.action == "edit":
            self.edit_note(note, back)
        elif choice.action == "delete":
            self._confirm_delete(note, back)
        else:
            self.jump_to_note(note)

    def jump_to_note(self, note: Note) -> None:
        self.screen.jump_to({t.side: t.paragraph for t in note.targets if t.state != ORPHANED})

    def _confirm_delete(self, note: Note, then: Callable[[], None]) -> None:
        def answer(key: str | None) -> None:
            if key == "y":
                self.session.delete_note(note.id)
                self._remember("deleting the note", lambda: self.session.put_note(note))
                self.notes_changed()
                self.screen.notify("Note deleted. u puts it back.")
            then()

        question = ConfirmScreen("Delete this note?", [("y", "delete"), ("n", "keep")], note.headline)
        self.screen.app.push_screen(question, answer)

    # --- word selection ------------------------------------------------------------------------------------

    def _text(self, s: Selection) -> str:
        return self.session.docs[s.side].paragraphs[s.paragraph].text

    def select_words(self) -> None:
        """Start selecting words in the paragraph under the cursor (the search match shown there, else its
        first word), or stop."""
        if self.selection is not None:
            self.selection = None
            return
        side = self.screen.side
        index = self.screen.cursors.get(side)
        if index is None:
            return
        match = self.screen.current_match()
        if match is not None and match[:2] == (side, index):
            self.selection = Selection(side, index, match[2], match[3])
        else:
            spans = word_spans(self.session.docs[side].paragraphs[index].text)
            if not spans:
                return
            self.selection = Selection(side, index, *spans[0])
        self.screen.notify(
            "Selecting words: l/→ longer, h/← shorter, ) to the end of the sentence, ( back a sentence, "
            "L/H move the start, a annotates, y copies, m stops."
        )

    def extend_selection(self, words: int) -> None:
        s = self.selection
        assert s is not None
        ends = [b for _, b in word_spans(self._text(s)) if b > s.start]
        k = next((i for i, b in enumerate(ends) if b >= s.end), len(ends) - 1)
        k = max(0, min(len(ends) - 1, k + words))
        self.selection = replace(s, end=ends[k])

    def extend_selection_to_sentence(self, delta: int) -> None:
        """Move the end of the selection to the end of this sentence or the next (delta 1), or back to the
        end of the previous one (delta -1), never before the first word."""
        s = self.selection
        if s is None:
            self.screen.notify("Press m to start selecting words first.", severity="warning")
            return
        ends = [e for e in sentence_ends(self._text(s)) if e > s.start]
        if not ends:
            return
        if delta > 0:
            self.selection = replace(s, end=next((e for e in ends if e > s.end), ends[-1]))
        else:
            earlier = [e for e in ends if e < s.end]
            if earlier:
                self.selection = replace(s, end=earlier[-1])

    def move_selection_start(self, words: int) -> None:
        s = self.selection
        if s is None:
            return
        starts = [a for a, _ in word_spans(self._text(s)) if a < s.end]
        k = next((i for i, a in enumerate(starts) if a >= s.start), 0)
        k = max(0, min(len(starts) - 1, k + words))
        self.selection = replace(s, start=starts[k])

    def select_span(self, side: Pane, paragraph: int, start: int, end: int) -> None:
        """A selection made with the mouse, widened to whole words."""
        text = self.session.docs[side].paragraphs[paragraph].text
        inside = [(a, b) for a, b in word_spans(text) if b > min(start, end) and a < max(start, end)]
        if inside:
            self.selection = Selection(side, paragraph, inside[0][0], inside[-1][1])

    # --- link corrections ----------------------------------------------------------------------------------

    def correct_link(self, action: Action, a: Pane, left: Sequence[int], b: Pane, right: Sequence[int]) -> None:
        """Pin or reject every pair of a link between panes a and b (from the link review); `u` undoes it."""
        self._changing_links(
            f"{'the pin' if action == 'pin' else 'the rejection'} of {a} ¶{left[0]} and {b} ¶{right[0]}"
        )
        for i in left:
            for j in right:
                self._correct(action, a, i, b, j)

    def _correct(self, action: Action, a: Pane, i: int, b: Pane, j: int) -> None:
        """Pin or reject the link between paragraph i of pane a and j of pane b."""
        panes = self.session.panes
        if panes.index(a) > panes.index(b):
            a, i, b, j = b, j, a, i
        docs = self.session.docs
        fix = correction(action, docs[a], docs[b], i, j, (a, b))
        self.session.set_corrections(toggled(self.session.corrections, fix))
        self.screen.links_corrected()
        self.notes_changed()

    def _changing_links(self, what: str) -> None:
        """Remember the corrections as they are, so that `u` can put them back."""
        before = tuple(self.session.corrections)

        def restore() -> None:
            self.session.set_corrections(before)
            self.screen.links_corrected()

        self._remember(what, restore)

    def pin_link(self) -> None:
        """Link the paragraph under the cursor with the one under the cursor of the pane read before it (a
        correction saved with the notes)."""
        a = self.screen.side
        b = self.screen.previous_side
        if b is None:  # the other cursor is where the article starts, not where the reader put it
            self.screen.notify(
                "p links this paragraph with the one under the cursor of the pane read before: go to the other "
                "pane (tab), put its cursor on the paragraph, come back and press p.",
                severity="warning",
            )
            return
        i, j = self.screen.cursors.get(a), self.screen.cursors.get(b)
        if i is None or j is None or a == b:
            return
        self._changing_links(f"the pin of {a} ¶{i} and {b} ¶{j}")
        self._correct("pin", a, i, b, j)
        self.screen.notify(f"Pinned {a} ¶{i} to {b} ¶{j}: a link made by hand. x unlinks, u undoes.")

    def reject_link(self) -> None:
        """Unlink the paragraph under the cursor from its partner under the cursor of the pane read before (or
        the other pane on screen), else from all its partners there, else from all its partners."""
        side = self.screen.side
        index = self.screen.cursors.get(side)
        found = self.screen.partners(side, index)
        if index is None or not found:
            self.screen.notify(f"{side} ¶{index} has no link to remove.", severity="warning")
            return
        previous = self.screen.other_pane()
        theirs, opposite = found.get(previous, []), self.screen.cursors.get(previous)
        chosen = {previous: [opposite]} if opposite in theirs else {previous: theirs} if theirs else found
        self._changing_links(f"unlinking {side} ¶{index}")
        for pane, paragraphs in chosen.items():
            for j in paragraphs:
                self._correct("reject", side, index, pane, j)
        unlinked = "; ".join(f"{pane} ¶{', ¶'.join(map(str, js))}" for pane, js in chosen.items())
        self.screen.notify(f"Unlinked {side} ¶{index} from {unlinked}. u undoes, p links again.")

    # --- undo ----------------------------------------------------------------------------------------------

    def _remember(self, what: str, restore: Callable[[], None]) -> None:
        self._undo.append((what, restore))

    @property
    def undo_depth(self) -> int:
        """How many changes `undo` can take back."""
        return len(self._undo)

    def undo(self) -> None:
        """Put back the last link correction or deleted note."""
        if not self._undo:
            self.screen.notify("Nothing to undo.", severity="warning")
            return
        what, restore = self._undo.pop()
        restore()
        self.notes_changed()
        self.screen.notify(f"Undone: {what}.")

    # --- saving --------------------------------------------------------------------------------------------

    def notes_changed(self) -> None:
        """Something in the notes changed: show it, and save shortly (edits in a burst save once)."""
        if self._autosave is not None:
            self._autosave.stop()
        can = self.session.can_save_in_place
        self._autosave = self.screen.set_timer(AUTOSAVE_SECONDS, self.autosave) if can else None
        self.screen.refresh_view()

    def hold_autosave(self) -> None:
        """No autosave while the reader is asked whether to save: it would answer for them ("quit without
        saving" found the notes already saved). `notes_changed` starts it again."""
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        self.screen.refresh_view()  # "unsaved", no longer "saving…"

    def autosave(self) -> None:
        self._autosave = None  # the timer has run: no save is pending ("saving…" no more)
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
            from reader.tui.screens.notes_list import NotesScreen  # the merged notes show in the list too

            listed = self.screen.app.screen
            if isinstance(listed, NotesScreen):
                listed.update_notes(self.session.notes)
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

    @property
    def saves_in_place(self) -> bool:
        """The notes file can be written over: it loaded (or is new), and the last save to it did not fail."""
        return self.session.can_save_in_place and not self._save_problem

    def save_notes_as(self, then: Callable[[], None] | None = None) -> None:
        """Ask where to save: the notes file, or, when it cannot be written (it failed to load, changed on disk,
        or its last save failed), a free name beside it or in the user's notes folder, never the file that
        would be refused. `then` runs once saved (quit)."""
        path = self.session.notes_path
        if not self.saves_in_place:  # a notes file that reads fine failed to be written: its folder refused
            path = save_elsewhere_path(path, folder_refused=self.session.can_save_in_place)
        self.screen.ask(
            "Save notes to (a path; .notes.yaml is added)", lambda value: self.save_as(value, then), str(path)
        )

    def save_as(self, value: str, then: Callable[[], None] | None = None) -> None:
        """Save to the path typed; a file already there is replaced only once the reader says so. `then` runs
        once saved."""
        path = Path(value.strip()).expanduser()
        if not value.strip():
            return
        if not str(path).endswith((".yaml", ".yml")):
            path = path.with_name(path.name + NOTES_SUFFIX)
        if not path.exists() or path.resolve() == self.session.notes_path.resolve():
            if self.save(path) and then is not None:
                then()
            return
        try:
            load_notes(path)
            question = f"{path} is another notes file. Replace its notes with these?"
        except NotesError:
            question = f"{path} exists and is not a diptych notes file. Replace it with these notes?"

        def answer(key: str | None) -> None:
            if key == "r":
                if self.save(path) and then is not None:
                    then()
            else:
                self.screen.notify("Not saved: choose another file with S.", severity="warning")

        self.screen.app.push_screen(ConfirmScreen(question, [("r", "replace it"), ("n", "keep it")]), answer)
