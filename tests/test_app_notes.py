"""Annotating in the app, keys only: add, edit, save, reopen, delete; spans; link corrections; quitting."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import DataTable, Input, SelectionList, TextArea

from reader.analysis.worddiff import differing_words
from reader.launch import start_for
from reader.notes.model import make_target, new_note
from reader.notes.notesfile import load_notes
from reader.notes.session import open_notes_file, open_pair
from reader.text import safeyaml
from reader.text.loading import load_document
from reader.tui import annotator
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.note_editor import NoteEditor, quote_content, was_line
from reader.tui.screens.notes_list import NotesScreen, note_columns
from tests.apptools import SIZE, RecordingApp, burst, make_app, notified, opened, pane, reader, settle, wait_until
from tests.conftest import DATA, SPLIT_LEFT, SPLIT_RIGHT


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
        assert isinstance(app.screen, NotesScreen)  # back to the list the edit started from
        await pilot.press("escape", "ctrl+s")
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


async def test_p_links_only_a_paragraph_the_reader_chose_in_the_other_pane(tmp_path: Path):
    """p pressed at once linked the left cursor to right ¶1, where the right cursor starts and the reader
    never put it, scrolled out of view by the sync: a stray key made a wrong link by hand (trial 19)."""
    left, right = pair(tmp_path)
    async with opened(left, right, size=(80, 24)) as pilot:
        screen = reader(pilot)
        await pilot.press("colon", "8", "enter", "p")
        assert not any(link.pinned for link in screen.comparison.links) and not screen.session.corrections
        assert "go to the other pane (tab)" in notified(pilot)
        await pilot.press("tab", "colon", "5", "enter", "tab", "colon", "8", "enter", "p")
        assert [(link.left, link.right) for link in screen.comparison.links if link.pinned] == [((8,), (5,))]


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


async def test_quitting_with_unsaved_notes_asks_first(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(annotator, "AUTOSAVE_SECONDS", 3600)  # on a busy machine the autosave could come first
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


async def test_no_autosave_answers_the_quit_question_for_the_reader(tmp_path: Path, monkeypatch):
    """The question stays open longer than the autosave's delay: 'quit without saving' still writes nothing,
    and staying lets the notes save on their own again."""
    monkeypatch.setattr(annotator, "AUTOSAVE_SECONDS", 1.0)
    left, right = pair(tmp_path)
    notes_file = tmp_path / "ask.notes.yaml"
    async with opened(left, right, notes=notes_file) as pilot:
        # typed in a burst, so that the question is up well within the autosave's delay however slow the machine
        await burst(pilot, "a", *"kept", "ctrl+s", "q")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await pilot.pause(1.5)
        assert not notes_file.exists() and pilot.app.readers()[0].session.dirty
        await pilot.press("escape")  # stay: the autosave comes
        await wait_until(pilot, lambda: notes_file.exists())
        await burst(pilot, "a", *"not kept", "ctrl+s", "q")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await pilot.pause(1.5)
        await pilot.press("d")  # quit without saving
    assert [n.body for n in load_notes(notes_file).notes] == ["kept"]


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
        await pilot.press("ctrl+s")  # asks where to save instead, offering a free name, not the broken file
        prompt = screen.query_one("#prompt", Input)
        assert prompt.display and prompt.value == str(tmp_path / "left--right.copy.notes.yaml")
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


async def test_tabbing_through_the_editor_at_80x24_keeps_each_field_in_view(tmp_path: Path):
    left, right = pair(tmp_path)
    async with opened(left, right, size=(80, 24)) as pilot:
        await pilot.press("a")
        editor = pilot.app.screen
        assert isinstance(editor, NoteEditor)
        box = editor.query_one("#editor-box")
        seen = []
        for _ in range(4):  # body -> quick tags -> free tags -> "also attach to the partner"
            await pilot.press("tab")
            await pilot.pause()
            await pilot.pause()  # the scroll to the focused field happens after a refresh
            focused = pilot.app.focused
            assert focused is not None and box.scrollable_content_region.contains_region(focused.region), focused
            seen.append(focused.id)
        assert seen == ["quick-tags", "free-tags", "both-sides", "note-body"]


async def test_editing_a_note_starts_at_its_end_and_ctrl_home_and_end_move_there(tmp_path: Path):
    left, right = pair(tmp_path)
    async with opened(left, right) as pilot:
        screen = reader(pilot)
        await pilot.press("a", *"first line", "enter", *"second line", "ctrl+s", "o", "e")
        body = pilot.app.screen.query_one("#note-body", TextArea)
        assert body.cursor_location == (1, len("second line"))
        await pilot.press("ctrl+home", "X")
        assert body.text == "Xfirst line\nsecond line"
        await pilot.press("ctrl+end", "Y")
        assert body.text == "Xfirst line\nsecond lineY"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.session.notes[0].body == "Xfirst line\nsecond lineY"


def notes_on_the_river(tmp_path: Path) -> Path:
    """Three notes, made in this order: a span on left ¶3 (tagged), one on right ¶2, one on left ¶2 (tagged);
    then the left article rewords the first note's words."""
    left, right = pair(tmp_path)
    session = open_pair(load_document(left), load_document(right), tmp_path / "river.notes.yaml")
    d = session.left
    quote = "asked the National Guard to help"
    start = d.paragraphs[3].text.index(quote)
    first = make_target(d, "left", 3, start, start + len(quote))
    session.put_note(new_note("The Guard is asked, not sent", ("loaded language",), (first,)))
    session.put_note(new_note("Says 'has declared'", (), (make_target(session.right, "right", 2),)))
    session.put_note(new_note("Record levels\nsecond line", ("omission",), (make_target(d, "left", 2),)))
    session.save()
    left.write_text(left.read_text().replace("asked the National Guard to help", "asked the National Guard to assist"))
    return session.notes_path


def rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


async def test_the_notes_list_shows_each_anchor_state_sorts_by_article_and_filters_by_tag(tmp_path: Path):
    notes_file = notes_on_the_river(tmp_path)
    app = make_app(notes_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        table = app.screen.query_one("#notes-table", DataTable)
        first = rows(table)
        assert [r[2] for r in first] == ["The Guard is asked, not sent", "Says 'has declared'", "Record levels"]
        assert [r[0] for r in first] == ["moved", "anchored", "anchored"]  # in a column of its own
        assert first[0][1] == "left ¶3" and first[0][4] == "“asked the National Guard to assist”"
        assert "e and ctrl+s confirm" in str(app.screen.query_one("#notes-message").render())
        await pilot.press("s")  # article order: left ¶2, left ¶3, right ¶2
        assert [r[1] for r in rows(table)] == ["left ¶2", "left ¶3", "right ¶2"]
        assert "article order" in str(app.screen.query_one("#notes-title").render())
        await pilot.press("t")  # the first tag in use
        assert [r[3] for r in rows(table)] == ["loaded language"]
        assert "tag: loaded language" in str(app.screen.query_one("#notes-title").render())
        await pilot.press("t")
        assert [r[3] for r in rows(table)] == ["omission"]
        await pilot.press("T", "T")  # back past the first tag to every note
        assert table.row_count == 3
        await pilot.press("j", "j", "k")  # j and k move in every list, as in the reading screen
        assert table.cursor_row == 1
        await pilot.press("k")
        # Saving the moved note from the editor confirms its new place.
        await pilot.press("j", "e", "escape")  # an edit left unsaved: back in the list, on the same note
        assert isinstance(app.screen, NotesScreen) and app.screen.query_one("#notes-table", DataTable).cursor_row == 1
        await pilot.press("s", "e")  # creation order again; the first note
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("escape")
        assert reader(pilot).session.notes[0].targets[0].state == "anchored"


def a_note_on_both_paragraphs(tmp_path: Path, left: str | None = None, body: str = "Who ordered it?") -> Path:
    """One note, tagged, on the whole of left ¶2 and right ¶2: two long quotes (optionally, a left article of
    its own)."""
    left_path, right_path = pair(tmp_path)
    if left is not None:
        left_path.write_text(left)
    session = open_pair(load_document(left_path), load_document(right_path), tmp_path / "both.notes.yaml")
    targets = (make_target(session.left, "left", 2), make_target(session.right, "right", 2))
    session.put_note(new_note(body, ("omission", "sourcing"), targets))
    session.save()
    return session.notes_path


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_notes_list_details_show_the_tags_of_a_note_with_a_long_quote(tmp_path: Path, size):
    """Review 20: the details line under the list gave the quotes first and cut the rest, so a note on a
    whole paragraph (what `a` makes) never showed its tags there; at 40x12, with no tags column, they were
    nowhere. The short fields come first now, and the quotes are what is cut."""
    async with make_app(a_note_on_both_paragraphs(tmp_path)).run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, NotesScreen)
        detail = " ".join(str(screen.query_one("#notes-detail").render()).split())
        assert detail.startswith("tags: omission, sourcing · ")  # first, never the ones cut
        assert "· left ¶2 “The" in detail and detail.endswith("…")  # then the quotes, cut last
        table = screen.query_one("#notes-table", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_the_notes_list_cuts_wide_characters_by_the_cells_they_take(tmp_path: Path):
    """Review 20: cells were cut by characters, not by the cells a terminal gives them, so a note in Japanese
    (two cells a character) or with emoji ran past its column."""
    from rich.cells import cell_len

    japanese = (
        "知事は州兵に避難と土のう積みの支援を要請した。川の水位は観測史上最高に達し🌊🌊、四千人以上が家を離れた。"
    )
    left = (DATA / "river_left.txt").read_text().split("\n\n")
    left[2] = japanese
    notes = a_note_on_both_paragraphs(tmp_path, "\n\n".join(left), body="州兵の要請について知事が説明した記録🌊")
    async with make_app(notes).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        table = pilot.app.screen.query_one("#notes-table", DataTable)
        widths = [column.width for column in table.columns.values()]
        cells = [str(cell).splitlines() for cell in table.get_row_at(0)]
        assert cells[2][0].endswith("…") and cells[4][0].startswith("“知事は")  # cut, and saying so
        assert all(cell_len(line) <= width for lines, width in zip(cells, widths) for line in lines)
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_the_notes_list_makes_no_cells_for_the_columns_it_does_not_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """At 40 columns the list has no quote column (the details line shows the quotes), but each row's quote
    cells were made anyway and thrown away."""
    from reader.tui.screens import notes_list

    made: list[str] = []
    real = notes_list.quoted
    monkeypatch.setattr(notes_list, "quoted", lambda text, *limit: made.append(text) or real(text, *limit))
    async with make_app(a_note_on_both_paragraphs(tmp_path)).run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, NotesScreen) and "quote" not in screen.columns
        made.clear()
        screen._cells(screen.notes[0])
        assert made == []


def test_the_place_column_narrows_before_the_list_runs_past_its_box_at_40_columns():
    """Review 20: at 40 columns a place wider than 14 cells ("centre ¶12345") pushed the list past its box:
    the note kept 4 cells whatever the place took. The place now gives way (cut with "…")."""
    room = 32  # the cells the list's columns have at 40 columns (95% of the screen, less the box's gutters)
    for where in range(5, 24):
        widths = note_columns(room, where)
        assert sum(widths.values()) + 2 * len(widths) <= room, where
        assert widths["note"] >= 4


def painted(pilot) -> list[list[tuple[str, bool]]]:
    """The screen as painted: each row's stretches of text, and whether each is in bold."""
    strips = pilot.app.screen._compositor.render_strips()
    return [[(segment.text, bool(segment.style and segment.style.bold)) for segment in strip] for strip in strips]


async def editor_painted(pilot) -> tuple[list[list[tuple[str, bool]]], list[str]]:
    """Open the editor of the first note from the notes list: the screen as painted (see `painted`), and
    each row's text."""
    await pilot.press("o", "e")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, NoteEditor)
    rows = painted(pilot)
    return rows, ["".join(t for t, _ in row) for row in rows]


async def test_the_editor_of_a_moved_note_shows_the_words_it_was_on_at_80x24(tmp_path: Path):
    """`e` on a moved note says that it moved and what it quoted before, above the quote it is on now, the
    words that changed in bold on both, in an 80x24 terminal; ctrl+s confirms it and forgets the old words."""
    notes_file = notes_on_the_river(tmp_path)
    app = make_app(notes_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows, text = await editor_painted(pilot)
        was = next(k for k, row in enumerate(text) if "moved: was “…the National Guard to help”" in row)
        now = next(k for k, row in enumerate(text) if "“asked the National Guard to assist”" in row)
        body = next(k for k, row in enumerate(text) if "The Guard is asked, not sent" in row)
        assert was < now < body < len(rows) == 24  # all in view, the old words first
        assert ("help", True) in rows[was] and ("assist", True) in rows[now]  # what changed, in bold
        assert any("the National Guard to" in t and not bold for t, bold in rows[was] + rows[now])  # the rest not
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape", "ctrl+s")
        await pilot.pause()
        assert reader(pilot).session.notes[0].targets[0].state == "anchored"
        await pilot.press("o", "e")  # confirmed: nothing moved any more
        await pilot.pause()
        assert not any("moved" in "".join(t for t, _ in row) for row in painted(pilot))
    assert "moved_from" not in notes_file.read_text() and "state: moved" not in notes_file.read_text()


def test_the_moved_line_shows_the_change_in_a_long_quote_and_says_when_the_old_words_are_unknown():
    old = (
        "Dockworkers at the Port of Wellin stopped work at 6 a.m. on Tuesday, halting the loading of 14 container "
        "ships, after the port authority announced it would cut night-shift pay by 12 percent."
    )
    new = old.replace("halting the loading of 14 container ships", "halting loading on 14 container vessels")
    line = was_line(old, new)
    assert line.plain == (
        "moved: was “…loading of 14 container ships, after the port authority…”; ctrl+s confirms the words below"
    )
    # What went, in bold: as in the panes, "the" and "of" (still in the new words) and the comma are no change
    assert [line.plain[s.start : s.end] for s in line.spans] == ["ships"]
    assert was_line("", new).plain.startswith("moved: reworded since the note was written")  # an older file


def test_the_editor_bolds_the_words_the_panes_mark_not_changes_of_case_quotes_or_punctuation():
    """Review 20: the editor had a word diff of its own, on words split at spaces, so "help," against
    "help." or "National" against "“National" was bolded as a change, and so was a capital letter; the panes
    mark neither. The editor now bolds what worddiff.differing_words gives the panes."""
    old = "asked the National Guard to help, Romero said"
    new = "Asked the “National Guard” to assist. Romero said"
    went, came = differing_words(old, new)
    line, quote = was_line(old, new), quote_content(new, old)
    assert [line.plain[s.start : s.end] for s in line.spans] == [old[a:b] for a, b in went] == ["help"]
    assert [quote.plain[s.start : s.end] for s in quote.spans] == [new[a:b] for a, b in came] == ["assist"]
    added = was_line(old, old.replace("help,", "help at once,"))  # words only added: shown where they came
    assert added.plain.startswith("moved: was “…National Guard to help, Romero said”") and not added.spans


class Restyled(RecordingApp):
    """The app with a stylesheet of its own over app.tcss."""

    CSS = """
    NoteEditor > .note-editor--changed { text-style: underline; }
    ContrastsScreen > .contrasts--aside { text-style: italic; }
    """


async def test_the_words_a_moved_note_changed_are_painted_as_the_stylesheet_says(tmp_path: Path):
    """Review 20: the editor painted the changed words bold from Python (and its moved line's colour from CSS
    of its own), out of reach of styles/app.tcss. They are a component class there now: a stylesheet that
    restyles it restyles them."""
    assert "DEFAULT_CSS" not in vars(NoteEditor)
    app = Restyled(start_for([str(notes_on_the_river(tmp_path))]))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o", "e")
        await pilot.pause()
        await pilot.pause()
        strips = pilot.app.screen._compositor.render_strips()
        styled = {
            (s.text, bool(s.style and s.style.underline), bool(s.style and s.style.bold)) for r in strips for s in r
        }
        assert ("help", True, False) in styled and ("assist", True, False) in styled
        moved = pilot.app.screen.query_one(".editor-moved")
        assert moved.styles.color == Color.parse(pilot.app.get_css_variables()["text-warning"])  # from app.tcss


async def test_the_editor_of_a_moved_note_from_an_older_file_says_its_earlier_words_were_not_recorded(
    tmp_path: Path,
):
    """A notes file written before `moved_from` was kept has a moved note but not what it quoted before: the
    editor says so, and paints the quote plain (nothing to compare it with)."""
    notes_file = notes_on_the_river(tmp_path)
    open_notes_file(notes_file).save()  # the note is moved now, and the file says what it was
    older = notes_file.read_text().replace("    moved_from: asked the National Guard to help\n", "")
    assert "state: moved" in older and "moved_from" not in older
    notes_file.write_text(older)
    app = make_app(notes_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows, text = await editor_painted(pilot)
        said = next(k for k, row in enumerate(text) if "moved: reworded since the note was written (its earlier" in row)
        assert "not recorded)" in text[said + 1]  # the line wraps in 80 columns
        now = next(k for k, row in enumerate(text) if "“asked the National Guard to assist”" in row)
        assert not any(bold for t, bold in rows[now] if t.strip())  # no word of the quote in bold


async def test_a_new_note_says_nothing_of_moving(tmp_path: Path):
    left, right = pair(tmp_path)
    async with opened(left, right, size=(80, 24)) as pilot:
        await pilot.press("a")
        assert isinstance(pilot.app.screen, NoteEditor)
        assert not pilot.app.screen.query(".editor-moved")


async def test_a_moved_note_is_still_moved_when_the_file_is_opened_again(tmp_path: Path):
    notes_file = notes_on_the_river(tmp_path)
    async with make_app(notes_file).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", *"a new note", "ctrl+s", "ctrl+s")  # a save of the whole file confirms nothing
        await pilot.pause()
    stored = load_notes(notes_file).notes[0].targets[0]
    assert stored.state == "moved" and stored.quote == "asked the National Guard to assist"
    again = make_app(notes_file)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert reader(pilot).session.notes[0].targets[0].state == "moved"


async def test_a_toast_is_never_drawn_over_the_status_bar(tmp_path: Path):
    """The first save's "Notes saved" toast sat one row too low: its left edge showed in the status bar as a
    stray ▌."""
    left, right = pair(tmp_path)
    async with make_app(left, right).run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("a", *"a note", "ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")  # save the file now: "Notes saved to ..."
        await pilot.pause(0.2)
        assert "Notes saved" in notified(pilot)
        toasts = list(pilot.app.screen.query("Toast"))
        assert toasts, "the save is announced"
        status, footer = reader(pilot).query_one("#status").region, reader(pilot).query_one("Footer").region
        for toast in toasts:
            assert not toast.region.overlaps(status) and not toast.region.overlaps(footer)


@pytest.mark.parametrize("size", [(40, 12), (50, 14), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_note_being_typed_is_in_view_however_short_the_terminal(tmp_path: Path, size: tuple[int, int]):
    left, right = pair(tmp_path)
    async with opened(left, right, size=size) as pilot:
        await pilot.press("a", *"seen")
        await pilot.pause()
        editor = pilot.app.screen
        body, box = editor.query_one("#note-body", TextArea), editor.query_one("#editor-box")
        assert body.text == "seen"
        assert box.content_region.bottom - body.region.y >= 3  # its first lines show below the quotes
        assert body.region.y >= box.content_region.y


async def test_a_note_on_both_sides_covers_every_partner_of_the_paragraph(tmp_path: Path):
    async with opened(SPLIT_LEFT, SPLIT_RIGHT, notes=tmp_path / "n.notes.yaml") as pilot:
        screen = reader(pilot)
        index = next(i for i in screen.comparison.linked("left") if len(screen.partners("left", i)["right"]) > 1)
        partners = screen.partners("left", index)["right"]
        await pilot.press("colon", *str(index), "enter")
        await pilot.press("a", *"One fact, two paragraphs", "tab", "tab", "tab", "space", "ctrl+s")
        await pilot.pause()
        note = screen.session.notes[0]
        assert {(t.side, t.paragraph) for t in note.targets} == {("left", index), *(("right", p) for p in partners)}


@pytest.mark.parametrize("three", [False, True], ids=["two", "three"])
async def test_reopening_puts_the_reader_back_in_the_pane_and_paragraph_read_last(tmp_path: Path, three: bool):
    names = ("left", "centre", "right") if three else ("left", "right")
    paths = []
    for name in names:
        (tmp_path / f"{name}.txt").write_text((DATA / f"river_{name}.txt").read_text())
        paths.append(tmp_path / f"{name}.txt")
    notes = tmp_path / "n.notes.yaml"
    async with opened(*paths, notes=notes, size=(160, 45)) as pilot:
        screen = reader(pilot)
        await pilot.press("l", "colon", "4", "enter")  # the second pane, its ¶4
        read = screen.side
        assert read == names[1] and screen.cursors[read] == 4
        await pilot.press("q")
    async with opened(*paths, notes=notes, size=(160, 45)) as pilot:
        screen = reader(pilot)
        assert screen.side == read and screen.cursors[read] == 4
        assert screen.focused is screen.pane(read)


@pytest.mark.parametrize("over", ["o", "c"], ids=["notes-list", "contrasts"])
async def test_q_and_help_work_over_the_notes_list_and_the_contrasts_as_help_says_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, over: str
):
    """Textual's modal screens stop the app's keys: q did nothing in the notes list and the contrasts, and ?
    did not open help, though help lists both for every screen."""
    from reader.tui.screens.help import HelpScreen

    monkeypatch.setattr(annotator, "AUTOSAVE_SECONDS", 3600)  # the note stays unsaved: quitting must ask
    left, right = pair(tmp_path)
    async with opened(left, right, notes=tmp_path / "q.notes.yaml") as pilot:
        screen = reader(pilot)
        await pilot.press("a", *"unsaved", "ctrl+s", over)
        listed = pilot.app.screen
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        assert pilot.app.screen is listed
        await pilot.press("q")  # the list closes and the quit question asks about the unsaved note
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen) and pilot.app.screen_stack[-2] is screen
        await pilot.press("s")
        await pilot.pause()
    assert pilot.app.return_code == 0
    assert load_notes(tmp_path / "q.notes.yaml").notes[0].body == "unsaved"


async def test_the_notes_list_shows_notes_merged_in_while_it_is_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """With the list open, the autosave merged in a note from another window: the status bar said 2 notes, the
    list still 'Notes (1)' until reopened (trial 19)."""
    monkeypatch.setattr(annotator, "AUTOSAVE_SECONDS", 3600)  # the test says when the autosave runs
    left, right = pair(tmp_path)
    notes_file = tmp_path / "shared.notes.yaml"
    async with opened(left, right, notes=notes_file) as pilot:
        screen = reader(pilot)
        await pilot.press("a", *"first here", "ctrl+s", "a", *"second here", "ctrl+s", "o", "j")
        listed = pilot.app.screen
        table = listed.query_one("#notes-table", DataTable)
        assert isinstance(listed, NotesScreen) and table.row_count == 2 and table.cursor_row == 1
        other = open_pair(load_document(left), load_document(right), notes_file)  # another window saves
        other.put_note(new_note("from the other window", (), (make_target(other.right, "right", 1),)))
        other.save()
        screen.annotator.autosave()  # what the autosave timer runs
        await pilot.pause()
        assert table.row_count == 3 and "Notes (3)" in str(listed.query_one("#notes-title").render())
        assert listed.placed[table.cursor_row].body == "second here"  # the cursor stays on its note


async def test_u_in_the_notes_list_puts_back_a_note_deleted_there(tmp_path: Path):
    async with make_app(notes_on_the_river(tmp_path)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader(pilot)
        await pilot.press("o", "d", "y")  # delete the first note from the list: back in the list
        assert len(screen.session.notes) == 2 and isinstance(pilot.app.screen, NotesScreen)
        await pilot.press("u")
        await pilot.pause()
        assert len(screen.session.notes) == 3 and isinstance(pilot.app.screen, NotesScreen)
        assert pilot.app.screen.query_one("#notes-table", DataTable).row_count == 3


async def test_quitting_with_notes_that_cannot_be_saved_in_place_offers_another_file(tmp_path: Path):
    left, right = pair(tmp_path)
    broken = tmp_path / "left--right.notes.yaml"
    broken.write_text("schema: diptych.notes/1\nnotes: {oops\n")
    async with opened(left, right) as pilot:
        screen = reader(pilot)
        await pilot.press("a", *"keep me", "ctrl+s", "q")
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen) and ("s", "save to another file, then quit") in question.answers
        await pilot.press("s")  # the save-as prompt, on a free name: the broken file is never offered
        prompt = screen.query_one("#prompt", Input)
        await wait_until(pilot, lambda: prompt.has_focus)
        assert prompt.value == str(tmp_path / "left--right.copy.notes.yaml")
        await pilot.press("enter")  # saved there, and then diptych quits, as the reader asked
        await pilot.pause()
    assert pilot.app.return_code == 0
    assert load_notes(tmp_path / "left--right.copy.notes.yaml").notes[0].body == "keep me"
    assert broken.read_text() == "schema: diptych.notes/1\nnotes: {oops\n"


async def test_notes_file_broken_elsewhere_is_saved_beside_it_as_a_copy_the_next_opening_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The notes file turned unreadable while diptych had it open, so the save failed: save-as offered the
    user's notes folder (as for a read-only folder), where the next opening never looked (review 19). It offers
    a free .copy name beside the file, never the file's own name, even once the broken file is gone."""
    monkeypatch.setattr(annotator, "AUTOSAVE_SECONDS", 3600)  # the saves here are the ones the test makes
    left, right = pair(tmp_path)
    notes_file = tmp_path / "n.notes.yaml"
    async with opened(left, right, notes=notes_file) as pilot:
        screen = reader(pilot)
        await pilot.press("a", *"first", "ctrl+s", "ctrl+s")
        assert load_notes(notes_file).notes[0].body == "first"
        notes_file.write_text("schema: [broken by a sync\n")
        await pilot.press("a", *"second", "ctrl+s", "ctrl+s")  # the save fails: the file cannot be read
        assert notes_file.read_text() == "schema: [broken by a sync\n"
        notes_file.unlink()  # and then it is gone: its name would still be refused
        await pilot.press("S")
        prompt = screen.query_one("#prompt", Input)
        await wait_until(pilot, lambda: prompt.has_focus)
        assert prompt.value == str(tmp_path / "n.copy.notes.yaml")
        await pilot.press("enter")
        await pilot.pause()
        assert {n.body for n in load_notes(tmp_path / "n.copy.notes.yaml").notes} == {"first", "second"}


async def test_passing_toasts_make_way_for_the_prompt_and_the_note_editor_warnings_stay(tmp_path: Path):
    """A message that only says what happened is read by the time the reader opens the prompt or the editor;
    left up, it covered the answer being typed and the note's last lines. A warning stays."""
    left, right = pair(tmp_path)
    async with make_app(left, right).run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)

        async def toasts() -> list[str]:
            await pilot.pause()
            return [str(toast.render()) for toast in pilot.app.screen.query("Toast")]

        pilot.app.notify("Copied ¶3 from river left.")
        pilot.app.notify("An emergency copy to recover", severity="warning")
        assert len(await toasts()) == 2
        await pilot.press("slash")
        shown = await toasts()
        assert len(shown) == 1 and "emergency copy" in shown[0]
        prompt = reader(pilot).query_one("#prompt")
        (toast,) = pilot.app.screen.query("Toast")  # the warning stays, above the prompt, not over the answer
        assert toast.region.bottom <= prompt.region.y
        await pilot.press("escape")
        pilot.app.notify("Copied ¶4 from river left.")
        assert len(await toasts()) == 2
        await pilot.press("a")
        shown = await toasts()
        assert len(shown) == 1 and "emergency copy" in shown[0]


async def test_a_message_of_several_lines_shows_them_as_lines(tmp_path: Path):
    """The keymap's warnings come as one toast, a line each: its line breaks are not escaped like the
    control characters a file name might hold."""
    left, right = pair(tmp_path)
    async with make_app(left, right).run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        pilot.app.notify("• one warning\n• another, from a file named a\x1bb", severity="warning")
        await pilot.pause()
        shown = " ".join(str(toast.render()) for toast in pilot.app.screen.query("Toast"))
        assert "• one warning\n• another" in shown and "\\x0a" not in shown and "a\\x1bb" in shown
