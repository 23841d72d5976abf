"""Annotating in the app, keys only: add, edit, save, reopen, delete; spans; link corrections; quitting."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, SelectionList, TextArea

from reader.notes.notesfile import load_notes
from reader.text import safeyaml
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.note_editor import NoteEditor
from reader.tui.screens.notes_list import NotesScreen
from tests.apptools import SIZE, make_app, notified, opened, pane, reader, settle, wait_until
from tests.conftest import DATA


def pair(tmp_path: Path) -> tuple[Path, Path]:
    left, right = tmp_path / "left.txt", tmp_path / "right.txt"
    left.write_text((DATA / "river_left.txt").read_text())
    right.write_text((DATA / "river_right.txt").read_text())
    return left, right


async def type_note(pilot, body: str, quick_tags: int = 0, free: str = "") -> None:
    editor = pilot.app.screen
    assert isinstance(editor, NoteEditor)
    await pilot.press(*body)
    await pilot.press("tab")  # to the quick tags
    for _ in range(quick_tags):
        await pilot.press("space", "down")
    await pilot.press("tab", *free)  # to the free tags
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_add_edit_save_reopen_and_delete_a_note_with_keys_only(tmp_path: Path):
    left, right = pair(tmp_path)
    notes_file = tmp_path / "left--right.notes.yaml"
    async with opened(left, right) as pilot:
        app = pilot.app
        screen = reader(pilot)
        await pilot.press("j")  # to paragraph 3
        index = screen.cursors["left"]
        await pilot.press("a")
        await type_note(pilot, "Governor named", quick_tags=1, free="emergency, state")
        assert len(screen.session.notes) == 1
        note = screen.session.notes[0]
        assert note.body == "Governor named" and note.tags == ("loaded language", "emergency", "state")
        assert note.targets[0].paragraph == index and note.targets[0].side == "left"
        assert pane(pilot, "left").marks[index].noted
        await pilot.press("ctrl+s")
        assert load_notes(notes_file).notes[0].body == "Governor named"
        # Edit it from the notes list.
        await pilot.press("o")
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).text = "Governor named twice"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.session.notes[0].body == "Governor named twice"
        assert screen.session.notes[0].updated >= note.updated
        await pilot.press("ctrl+s")
        await pilot.press("q")
    # Reopen the saved session: articles, notes and position come back.
    again = make_app(notes_file)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader(pilot)
        assert [n.body for n in screen.session.notes] == ["Governor named twice"]
        assert screen.cursors["left"] == index
        await pilot.press("o", "d")
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("y")
        assert screen.session.notes == []
        await pilot.press("ctrl+s")
        await pilot.press("q")
    assert load_notes(notes_file).notes == ()


async def test_a_note_on_both_sides_of_a_linked_pair(tmp_path: Path):
    left, right = pair(tmp_path)
    async with opened(left, right) as pilot:
        screen = reader(pilot)
        await pilot.press("right_square_bracket")
        index = screen.cursors["left"]
        partner = min(pane(pilot, "right").partners)
        await pilot.press("a", *"Same quote, different framing", "tab", "tab", "tab", "space", "ctrl+s")
        await pilot.pause()
        note = screen.session.notes[0]
        assert {(t.side, t.paragraph) for t in note.targets} == {("left", index), ("right", partner)}
        assert pane(pilot, "right").marks[partner].noted


async def test_a_span_selected_with_the_keyboard(tmp_path: Path):
    left, right = pair(tmp_path)
    async with opened(left, right) as pilot:
        screen = reader(pilot)
        index = screen.cursors["left"]
        text = screen.session.left.paragraphs[index].text
        await pilot.press("m", "l", "l", "L")  # words 1-3, then drop the first
        assert screen.annotator.selection is not None
        selected = text[screen.annotator.selection.start : screen.annotator.selection.end]
        assert selected == " ".join(text.split()[1:3])
        await pilot.press("a", *"span note", "ctrl+s")
        await pilot.pause()
        target = screen.session.notes[0].targets[0]
        assert target.quote == selected and target.offset == text.index(selected)
        spans = [h for h in pane(pilot, "left").highlights[index] if h[2] == "pane--noted"]
        assert spans == [(target.offset, target.offset + len(selected), "pane--noted")]


async def test_a_span_selected_with_the_mouse(tmp_path: Path):
    left, right = pair(tmp_path)
    async with opened(left, right) as pilot:
        p = pane(pilot, "left")
        index = reader(pilot).cursors["left"]
        row = p.geometry[index][0] - round(p.scroll_y)
        await pilot.mouse_down("#left-pane", offset=(14, row))
        await pilot.mouse_up("#left-pane", offset=(30, row))
        await pilot.pause()
        sel = reader(pilot).annotator.selection
        assert sel is not None and sel.paragraph == index
        text = reader(pilot).session.left.paragraphs[index].text
        assert text[sel.start : sel.end].split()[0] == text.split()[0]


async def test_cancelled_note_keeps_its_draft(tmp_path: Path):
    left, right = pair(tmp_path)
    async with opened(left, right) as pilot:
        app = pilot.app
        await pilot.press("a", *"half a thought", "escape")
        assert reader(pilot).session.notes == []
        await pilot.press("a")
        assert app.screen.query_one(TextArea).text == "half a thought"


async def test_pin_and_reject_links_are_saved_and_applied_on_reopening(tmp_path: Path):
    left, right = pair(tmp_path)
    notes_file = tmp_path / "corrections.notes.yaml"
    async with opened(left, right, notes=notes_file) as pilot:
        screen = reader(pilot)
        while screen.cursors["left"] != 4:
            await pilot.press("j")
        assert 4 in screen.comparison.linked("left")
        await pilot.press("x")
        assert 4 not in screen.comparison.linked("left")
        await pilot.press("colon", "7", "enter", "tab", "colon", "5", "enter")  # left cursor 7, right cursor 5
        await pilot.press("p")
        pinned = [link for link in screen.comparison.links if link.pinned]
        assert [(link.left, link.right) for link in pinned] == [((7,), (5,))]
        await pilot.press("ctrl+s", "q")
    stored = safeyaml.read(notes_file)
    assert [(c["action"], c["left"], c["right"]) for c in stored["corrections"]] == [("reject", 4, 4), ("pin", 7, 5)]
    again = make_app(notes_file)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        comparison = reader(pilot).comparison
        assert 4 not in comparison.linked("left") and any(link.pinned for link in comparison.links)


async def test_autosave_writes_shortly_after_an_edit(tmp_path: Path):
    left, right = pair(tmp_path)
    notes_file = tmp_path / "auto.notes.yaml"
    async with opened(left, right, notes=notes_file) as pilot:
        await pilot.press("a", *"autosaved", "ctrl+s")  # saves the note in the session, not the file
        await wait_until(pilot, notes_file.exists)  # the autosave, with no key pressed
        assert load_notes(notes_file).notes[0].body == "autosaved"
        assert not reader(pilot).session.dirty


async def test_quitting_with_unsaved_notes_asks_first(tmp_path: Path):
    left, right = pair(tmp_path)
    notes_file = tmp_path / "ask.notes.yaml"
    async with opened(left, right, notes=notes_file) as pilot:
        app = pilot.app
        await pilot.press("a", *"unsaved", "ctrl+s", "q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # stay
        assert app.is_running and not isinstance(app.screen, ConfirmScreen)
        await pilot.press("q", "s")  # save and quit
        await pilot.pause()
    assert load_notes(notes_file).notes[0].body == "unsaved"


async def test_a_broken_notes_file_is_reported_kept_and_notes_can_be_saved_elsewhere(tmp_path: Path):
    left, right = pair(tmp_path)
    broken = tmp_path / "left--right.notes.yaml"
    broken.write_text("schema: diptych.notes/1\nnotes: {oops\n")
    async with opened(left, right) as pilot:
        assert "not valid YAML" in notified(pilot)
        screen = reader(pilot)
        await pilot.press("a", *"rescue me", "ctrl+s")
        await pilot.pause(2.0)  # no autosave over the broken file
        assert broken.read_text() == "schema: diptych.notes/1\nnotes: {oops\n"
        await pilot.press("ctrl+s")  # asks where to save instead
        prompt = screen.query_one("#prompt", Input)
        assert prompt.display
        prompt.value = str(tmp_path / "rescued")
        await pilot.press("enter")
        await pilot.pause()
    assert load_notes(tmp_path / "rescued.notes.yaml").notes[0].body == "rescue me"
    assert broken.read_text() == "schema: diptych.notes/1\nnotes: {oops\n"


async def test_orphaned_notes_are_listed_apart(tmp_path: Path):
    left, right = pair(tmp_path)
    notes_file = tmp_path / "orphans.notes.yaml"
    async with opened(left, right, notes=notes_file) as pilot:
        await pilot.press("colon", "7", "enter", "a", *"about the shops", "ctrl+s")
        await pilot.press("ctrl+s", "q")
    text = left.read_text()
    shops = next(line for line in text.splitlines() if line.startswith("Local businesses"))
    left.write_text(text.replace(shops, "Shops reopened."))
    again = make_app(notes_file)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        orphans = again.screen.query_one("#orphans-table", DataTable)
        placed = again.screen.query_one("#notes-table", DataTable)
        assert orphans.row_count == 1 and placed.row_count == 0
        assert "about the shops" in str(orphans.get_row_at(0)[2])


async def test_quick_tags_are_offered_in_the_editor(tmp_path: Path):
    left, right = pair(tmp_path)
    async with opened(left, right) as pilot:
        app = pilot.app
        await pilot.press("a")
        tags = app.screen.query_one(SelectionList)
        offered = [str(tags.get_option_at_index(k).prompt) for k in range(tags.option_count)]
        assert offered == ["loaded language", "omission", "factual discrepancy", "attribution", "sourcing"]
