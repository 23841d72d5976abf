"""Keys typed faster than the app handles them (a burst from a fast typist, a paste into the terminal, tmux
send-keys) take effect in the order they were typed, wherever the focus moves between them."""

from __future__ import annotations

from pathlib import Path

from reader.tui.screens.note_editor import NoteEditor
from reader.tui.widgets.status import Prompt
from tests.apptools import burst, opened, reader, wait_until
from tests.conftest import DATA

LEFT, RIGHT = DATA / "river_left.txt", DATA / "river_right.txt"


async def test_a_search_typed_in_one_burst_finds_its_word_and_the_key_after_enter_moves_the_reader():
    async with opened(LEFT, RIGHT) as pilot:
        screen = reader(pilot)
        await burst(pilot, "/", *"flood", "enter", "j")
        await wait_until(pilot, lambda: not screen.query_one(Prompt).display)
        assert screen.search.query == "flood"  # not "f" paging down and "lood" lost, nor "floodj"
        side, index = screen.search.hits[screen.search.at][:2]
        assert side == screen.side and screen.cursors[side] > index  # it went to the match; `j` moved it on
        assert screen.focused is screen.focused_pane


async def test_escape_in_a_burst_closes_the_prompt_and_the_next_key_is_a_command_again():
    async with opened(LEFT, RIGHT) as pilot:
        screen = reader(pilot)
        start = screen.cursors[screen.side]
        await burst(pilot, "/", *"xyz", "escape", "j")
        await wait_until(pilot, lambda: screen.cursors[screen.side] == start + 1)
        assert not screen.query_one(Prompt).display and screen.search.query == ""


async def test_the_last_query_is_offered_and_typing_replaces_it():
    async with opened(LEFT, RIGHT) as pilot:
        screen = reader(pilot)
        await burst(pilot, "/", *"levee", "enter")
        await burst(pilot, "/")
        prompt = screen.query_one(Prompt)
        await wait_until(pilot, lambda: prompt.has_focus)
        assert prompt.value == "levee"
        await burst(pilot, *"Romero", "enter")
        await wait_until(pilot, lambda: screen.search.query == "Romero")


async def test_a_note_typed_and_saved_in_one_burst_keeps_its_text_and_the_keys_after_it_move_the_reader(
    tmp_path: Path,
):
    async with opened(LEFT, RIGHT, notes=tmp_path / "n.notes.yaml") as pilot:
        screen = reader(pilot)
        start = screen.cursors[screen.side]
        await burst(pilot, "a", *"typed at once", "ctrl+s", "j", "j")
        await wait_until(pilot, lambda: len(screen.session.notes) == 1 and pilot.app.screen is screen)
        await wait_until(pilot, lambda: screen.cursors[screen.side] == start + 2)
        assert screen.session.notes[0].body == "typed at once"  # not "t", nor "typed at oncejj"
        assert screen.session.notes[0].targets[0].paragraph == start


async def test_a_burst_after_a_kept_draft_goes_on_at_its_end(tmp_path: Path):
    async with opened(LEFT, RIGHT, notes=tmp_path / "n.notes.yaml") as pilot:
        screen = reader(pilot)
        await burst(pilot, "a", *"first", "escape")  # cancelled: the draft is kept for this paragraph
        await wait_until(pilot, lambda: pilot.app.screen is screen)
        await burst(pilot, "a", *" second")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, NoteEditor))
        editor = pilot.app.screen
        assert isinstance(editor, NoteEditor)
        await wait_until(pilot, lambda: editor.current().body == "first second")


async def test_an_enter_typed_before_the_terminal_was_raw_still_submits_the_prompt():
    async with opened(LEFT, RIGHT) as pilot:
        screen = reader(pilot)
        await burst(pilot, "/", *"flood", "ctrl+j")  # a newline: what enter is while the terminal is cooked
        await wait_until(pilot, lambda: not screen.query_one(Prompt).display)
        assert screen.search.query == "flood"
