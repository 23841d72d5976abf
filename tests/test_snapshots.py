"""Snapshots (pytest-textual-snapshot) of what is painted: the reading layouts (wide, narrow, aligned, light
theme) and the dialogs at the sizes a reader uses.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.analysis.sides import Side
from reader.notes.model import make_target, new_note
from reader.notes.session import open_pair
from reader.text.loading import load_document
from reader.tui import annotator
from reader.tui.app import ConfirmPaths, DiptychApp
from tests.apptools import make_app, settle, steady, wait_until
from tests.conftest import DATA, SEED_LEFT, SEED_RIGHT

BLINK = 0.6  # longer than a text cursor's blink (0.5 s), as a loaded CI machine can take before the snapshot


def after(*keys: str, theme: str | None = None) -> Callable[[Pilot], Awaitable[None]]:
    """Before the snapshot: the links in, then each of `keys` pressed once every pane is at rest."""

    async def run(pilot: Pilot) -> None:
        if theme is not None:
            pilot.app.theme = theme
        await settle(pilot)
        for key in keys:
            await steady(pilot)
            await pilot.press(key)
        await steady(pilot)

    return run


def test_wide_layout(snap_compare):
    assert snap_compare(
        make_app(SEED_LEFT, SEED_RIGHT), terminal_size=(200, 45), run_before=after(*["right_square_bracket"] * 2)
    )


def test_narrow_layout_stacks_panes(snap_compare):
    assert snap_compare(
        make_app(SEED_LEFT, SEED_RIGHT), terminal_size=(80, 24), run_before=after("right_square_bracket")
    )


def test_aligned_layout(snap_compare):
    assert snap_compare(
        make_app(SEED_LEFT, SEED_RIGHT), terminal_size=(160, 40), run_before=after("v", "right_square_bracket")
    )


def test_light_theme(snap_compare):
    assert snap_compare(
        make_app(SEED_LEFT, SEED_RIGHT),
        terminal_size=(120, 30),
        run_before=after("right_square_bracket", theme="textual-light"),
    )


THREE = [DATA / f"river_{name}.txt" for name in ("left", "centre", "right")]


def test_three_panes_side_by_side(snap_compare):
    assert snap_compare(make_app(*THREE), terminal_size=(160, 45), run_before=after("greater_than_sign"))


def test_three_articles_two_panes_at_a_time(snap_compare):
    assert snap_compare(make_app(*THREE), terminal_size=(100, 30), run_before=after("r", "greater_than_sign"))


# --- questions: the question, its detail and its keys are painted, at every size a reader uses -----------

QUESTION_SIZES = [(160, 45), (80, 24), (40, 12)]


@pytest.fixture
def river_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The river pair in a folder of its own, which is the working folder: paths in messages stay short and
    the same on every machine."""
    monkeypatch.chdir(tmp_path)
    for name in ("river_left.txt", "river_right.txt"):
        (tmp_path / name).write_text((DATA / name).read_text())
    return Path("river_left.txt"), Path("river_right.txt")


@pytest.mark.parametrize("size", QUESTION_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_quit_question_with_unsaved_notes(snap_compare, river_here, monkeypatch, size):
    monkeypatch.setattr(annotator, "AUTOSAVE_SECONDS", 3600)  # the note stays unsaved however slow the machine

    async def note_then_quit(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("a", *"Record or not?", "ctrl+s", "q")
        await pilot.pause()

    app = make_app(*river_here, notes=Path("review.notes.yaml"))
    assert snap_compare(app, terminal_size=size, run_before=note_then_quit)


@pytest.mark.parametrize("size", QUESTION_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_delete_note_question(snap_compare, river_here, size):
    left, right = river_here
    session = open_pair(load_document(left), load_document(right), Path("review.notes.yaml"))
    session.put_note(new_note("The governor is named twice here", (), (make_target(session.left, "left", 3),)))
    session.save()

    async def delete(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("o", "d")
        await pilot.pause()

    assert snap_compare(make_app(Path("review.notes.yaml")), terminal_size=size, run_before=delete)


@pytest.mark.parametrize("size", QUESTION_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_open_articles_outside_the_folder_question(snap_compare, size):
    elsewhere: dict[Side, Path] = {
        "left": Path("/srv/newsroom/archive/2020/epoch-times_moscow-condemns-killing.txt"),
        "right": Path("/srv/newsroom/archive/2020/breitbart_russian-politicians-red-line.txt"),
    }
    app = DiptychApp(ConfirmPaths(Path("shared.notes.yaml"), elsewhere))
    assert snap_compare(app, terminal_size=size, run_before=after())


# --- help: keys and the legend of marks and colours ---------------------------------------------------------


@pytest.mark.parametrize("size", [(160, 45), (40, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_with_its_legend(snap_compare, size, monkeypatch):
    # The help names the config folder: one path for every run, as long as a test's own temporary folder is not.
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/editor/.config")

    async def help_laid_out(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        table = pilot.app.screen.query_one("#help-table")
        await wait_until(pilot, lambda: table.size.height == table.virtual_size.height > 0)  # rows measured

    assert snap_compare(make_app(SEED_LEFT, SEED_RIGHT), terminal_size=size, run_before=help_laid_out)


def test_note_editor_at_80x24(snap_compare, river_here):
    async def editing(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("a", *"Record is this outlet word")
        await pilot.pause(BLINK)

    app = make_app(*river_here, notes=Path("review.notes.yaml"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=editing)


def notes_on_the_river(left: Path, right: Path) -> Path:
    """Two notes on the river pair, the first moved (its words reworded since), the second on a whole
    paragraph, whose quote is longer than a narrow list has room for."""
    session = open_pair(load_document(left), load_document(right), Path("review.notes.yaml"))
    quote = "asked the National Guard to help"
    start = session.left.paragraphs[3].text.index(quote)
    target = make_target(session.left, "left", 3, start, start + len(quote))
    session.put_note(new_note("The Guard is asked, not sent", ("loaded language",), (target,)))
    session.put_note(new_note("Says 'has declared'", (), (make_target(session.right, "right", 2),)))
    session.save()
    left.write_text(left.read_text().replace(quote, "asked the National Guard to assist"))
    return Path("review.notes.yaml")


def test_notes_list_with_anchor_states_and_no_toast_over_it(snap_compare, river_here):
    """A moved note says so in the state column; a message that comes while the list is open shows on its
    last line, not as a toast over the list. At 80 columns every column is on screen, the quote's too, each
    cut with "…", and the selected note's quote shows whole under the list."""

    async def list_then_message(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("o")
        pilot.app.notify("Notes saved to review.notes.yaml")
        await pilot.pause()

    app = make_app(notes_on_the_river(*river_here))
    assert snap_compare(app, terminal_size=(80, 24), run_before=list_then_message)


@pytest.mark.parametrize("size", [(100, 16), (40, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_notes_list_on_a_short_terminal_keeps_its_keys_in_sight(snap_compare, river_here, size):
    """Trial 20: at 100x16 the line of keys (e edits, d deletes …) was hidden, and at 40x12 the list showed
    no quote at all. The keys stay (shorter where the list is narrow), and what the list cut of the note under
    the cursor shows under the list: its tags and first line first, then its quote (review 20)."""

    async def listed(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("o", "j")
        await pilot.pause()

    app = make_app(notes_on_the_river(*river_here))
    assert snap_compare(app, terminal_size=size, run_before=listed)


# --- small terminals: what trial 20 found cut off or blank -------------------------------------------------


def test_contrasts_at_40x12_show_rows_of_both_tables(snap_compare):
    """The contrasts table had no height at 40x12, and the loaded words only their header: both show rows,
    the contrasts taking the room, and the outlets' columns fit the box (the kind goes under the referent)."""
    assert snap_compare(make_app(SEED_LEFT, SEED_RIGHT), terminal_size=(40, 12), run_before=after("c"))


def test_contrasts_of_three_outlets_at_40x12_stack_the_outlets_in_each_row(snap_compare):
    """Review 20: with three outlets the columns needed 42 cells where the box had 32, so the third was cut
    off and a scrollbar showed. Each row now gives the referent and its kind, then a line per outlet: its
    name beside its descriptors, cut with "…"."""
    assert snap_compare(make_app(*THREE), terminal_size=(40, 12), run_before=after("c"))


def test_an_empty_article_says_so_in_its_pane(snap_compare, tmp_path, monkeypatch):
    """An article with no text had a blank pane, explained only by a toast that fades: the pane says it."""
    monkeypatch.chdir(tmp_path)
    Path("empty.txt").write_text("", encoding="utf-8")
    Path("bridge_right.txt").write_text((DATA / "bridge_right.txt").read_text())
    app = make_app(Path("empty.txt"), Path("bridge_right.txt"))
    assert snap_compare(app, terminal_size=(120, 24), run_before=after())


def test_search_prompt_names_its_question_over_the_last_query(snap_compare):
    async def searched_then_asked_again(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"Zakharova", "enter", "slash")
        await pilot.pause(BLINK)

    assert snap_compare(make_app(SEED_LEFT, SEED_RIGHT), terminal_size=(80, 24), run_before=searched_then_asked_again)
