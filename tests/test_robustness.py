"""The robustness matrix (README, "Robustness"): hostile and broken input, resizing, full disks, signals.

Rows already covered elsewhere are named in the README with their test; the rest are here.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Input, TextArea

from reader.analysis.align import align
from reader.cli import main
from reader.notes.model import make_target, new_note
from reader.notes.notesfile import load_notes
from reader.notes.session import open_pair
from reader.text import files, safeyaml
from reader.text.document import LoadError
from reader.text.loading import document_from_text, load_document
from reader.tui import annotator
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.note_editor import NoteEditor
from tests.apptools import make_app, notified, opened, pane, reader, settle, wait_until
from tests.conftest import DATA

SIZE = (120, 36)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def article(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- articles ---------------------------------------------------------------------------------------------


def test_unreadable_file_is_one_clear_line(capsys, tmp_path: Path, monkeypatch):
    """The operating system refuses to open the file (simulated: the tests may run as root, who can read
    anything)."""
    locked = article(tmp_path, "locked.txt", "text")
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    code, out, err = run_cli(capsys, "compare", str(locked), str(DATA / "bakery.txt"))
    assert code == 2 and out == "" and err == f"diptych: error: {locked}: permission denied\n"


def test_directory_as_an_article_in_the_app_is_one_clear_line(capsys, tmp_path: Path):
    code, _, err = run_cli(capsys, str(tmp_path), str(DATA / "bakery.txt"))
    assert code == 2 and "is a directory" in err and err.count("\n") == 1


def test_nul_bytes_in_compare(capsys, tmp_path: Path):
    f = tmp_path / "nul.txt"
    f.write_bytes(b"Headline\n\nText\x00with a NUL byte.\n")
    code, _, err = run_cli(capsys, "compare", str(f), str(DATA / "bakery.txt"))
    assert code == 2 and "NUL" in err


def test_a_file_over_the_limit_is_refused_before_it_is_read(capsys, tmp_path: Path, monkeypatch):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # 50 MB, sparse: nothing needs reading to refuse it
    real_read = os.read
    read_from_big = []

    def watched_read(fd: int, n: int) -> bytes:
        read_from_big.append(os.fstat(fd).st_size == 50 * 1024 * 1024)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", watched_read)
    code, _, err = run_cli(capsys, "compare", str(big), str(DATA / "bakery.txt"))
    assert not any(read_from_big), "a byte of the 50 MB file was read"
    assert code == 2 and "50 MB is over the 32 MB limit" in err and "--max-size" in err
    code, _, err = run_cli(
        capsys, "compare", str(DATA / "river_left.txt"), str(DATA / "bakery.txt"), "--max-size", "0.0001"
    )
    assert code == 2 and "1019 bytes is over the 104 bytes limit" in err


async def test_empty_article_opens_in_the_app(tmp_path: Path):
    empty = article(tmp_path, "empty.txt", "")
    async with opened(empty, DATA / "bakery.txt", size=SIZE) as pilot:
        await pilot.press("h", "j", "k", "right_square_bracket", "right_curly_bracket", "G", "slash", "x", "enter", "a")
        assert reader(pilot).comparison.links == ()  # "a" on an empty article opens nothing
        assert pane(pilot, "left").lines == []


async def test_a_one_megabyte_line_loads_and_scrolls(tmp_path: Path):
    words = ("harbour union deal signed monday talks " * 30000)[:1_000_000]
    big = article(tmp_path, "oneline.txt", words)
    doc = load_document(big)
    assert len(doc.paragraphs) == 1 and len(doc.paragraphs[0].text) > 990_000
    async with opened(big, DATA / "river_left.txt", size=SIZE) as pilot:
        left = pane(pilot, "left")
        assert len(left.lines) > 10_000
        await pilot.press("G", "space", "b")
        assert left.render_line(0).cell_length == left.scrollable_content_region.width


WIDE = (
    "סיכום: הממשלה אישרה את התקציב החדש ביום שני.\n\n"
    "北京是中国的首都，人口众多。东京是日本的首都。\n\n"
    "Emoji 🎉🇺🇳👩‍👩‍👧 and zero​width joiners, cafe\u0301 with a combining accent, 한국어 텍스트."
)


async def test_rtl_cjk_emoji_and_combining_text_keeps_every_line_to_the_pane_width(tmp_path: Path):
    wide = article(tmp_path, "wide.txt", "Wide text\n\n" + WIDE)
    app = make_app(wide, wide)
    for size in ((120, 36), (50, 20)):
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            for side in ("left", "right"):
                p = pane(pilot, side)
                width = p.scrollable_content_region.width
                for y in range(len(p.lines)):
                    strip = p._render_display_line(y)
                    assert strip.cell_length == width
                text = "".join(p._render_display_line(y).text for y in range(len(p.lines)))
                assert "北京是中国的首都" in text.replace(" ", "") and "🎉" in text
        app = make_app(wide, wide)


async def test_escape_sequences_never_reach_the_screen(tmp_path: Path):
    hostile = article(
        tmp_path,
        "hostile.txt",
        "Headline \x1b]0;pwned\x07here\n\n"
        "Red \x1b[31mtext\x1b[0m and a \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ end.\x9b2J",
    )
    async with opened(hostile, DATA / "bakery.txt", size=SIZE) as pilot:
        p = pane(pilot, "left")
        rendered = "".join(p.render_line(y).text for y in range(10))
        assert "\x1b" not in rendered and "\x9b" not in rendered
        assert "Red text and a link end." in rendered


# --- notes files ----------------------------------------------------------------------------------------


def test_truncated_notes_file_is_refused_and_left_alone(tmp_path: Path):
    left, right = (article(tmp_path, n, (DATA / f"river_{n}").read_text()) for n in ("left.txt", "right.txt"))
    session = open_pair(load_document(left), load_document(right))
    session.put_note(new_note("a note\nwith lines", ("omission",), (make_target(session.left, "left", 2),)))
    session.save()
    path = session.notes_path
    whole = path.read_text()
    path.write_text(whole[: len(whole) // 2 + 7])
    cut = path.read_text()
    with pytest.raises(Exception, match="notes"):
        load_notes(path)
    assert path.read_text() == cut


async def test_articles_outside_the_notes_folder_are_shown_before_opening(tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    left = article(elsewhere, "left.txt", (DATA / "river_left.txt").read_text())
    right = article(elsewhere, "right.txt", (DATA / "river_right.txt").read_text())
    notes_dir = tmp_path / "notes"
    notes_dir.mkdir()
    session = open_pair(load_document(left), load_document(right), notes_dir / "shared.notes.yaml")
    session.save()
    data = safeyaml.read(session.notes_path)
    assert data["articles"]["left"]["path"] == "../elsewhere/left.txt"
    app = make_app(session.notes_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        shown = str(app.screen.query_one("#confirm-detail").render())
        assert str(left.resolve()) in shown and str(right.resolve()) in shown
        await pilot.press("o")
        await settle(pilot)
        assert reader(pilot).session.left.path == left.resolve() or reader(pilot).session.left.text == session.left.text
    refused = make_app(session.notes_path)
    async with refused.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert refused.return_code == 1


# --- running ------------------------------------------------------------------------------------------------


async def test_resizing_down_to_40x12_while_editing_a_note_loses_nothing(tmp_path: Path):
    left, right = (article(tmp_path, n, (DATA / f"river_{n}").read_text()) for n in ("left.txt", "right.txt"))
    async with opened(left, right, size=SIZE) as pilot:
        app = pilot.app
        await pilot.press("a", *"before resize ")
        for width, height in ((40, 12), (60, 15), (40, 12), (200, 50), (120, 36)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"after")
        assert app.screen.query_one(TextArea).text == "before resize after"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert reader(pilot).session.notes[0].body == "before resize after"


async def test_a_full_disk_keeps_the_notes_and_offers_to_save_elsewhere(tmp_path: Path, monkeypatch):
    left, right = (article(tmp_path, n, (DATA / f"river_{n}").read_text()) for n in ("left.txt", "right.txt"))
    notes = tmp_path / "full.notes.yaml"
    real_write = files.write_atomic

    def full_disk(path, text):
        if Path(path) == notes:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(path, text)

    monkeypatch.setattr(files, "write_atomic", full_disk)
    async with opened(left, right, notes=notes, size=SIZE) as pilot:
        await pilot.press("a", *"keep me", "ctrl+s", "ctrl+s")
        await pilot.pause()
        status = str(reader(pilot).query_one("#status").render())
        assert "NOT SAVED" in status and "No space left on device" in status
        assert "No space left on device" in notified(pilot)
        assert reader(pilot).session.notes[0].body == "keep me" and not notes.exists()
        await pilot.press("S")
        prompt = reader(pilot).query_one("#prompt")
        prompt.value = str(tmp_path / "elsewhere")
        await pilot.press("enter")
        await pilot.pause()
    assert load_notes(tmp_path / "elsewhere.notes.yaml").notes[0].body == "keep me"


def refuse_writes_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `folder` refuse every write, as a read-only share does (chmod cannot: the tests may run as root)."""
    real_write = files.write_atomic

    def read_only(path: Path, text: str) -> None:
        if Path(path).parent == folder:
            raise OSError(errno.EROFS, "Read-only file system")
        real_write(path, text)

    monkeypatch.setattr(files, "write_atomic", read_only)


@pytest.mark.parametrize("failed_before", [True, False], ids=["after-a-failed-save", "failing-now"])
async def test_quitting_where_the_notes_folder_is_read_only_saves_in_the_users_notes_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failed_before: bool
):
    """'Save and quit' in a read-only folder failed and left the reader where they were, asked again the same
    question; now the quit question offers another file once a save has failed, and a save failing at the
    question opens the save-as prompt too, on the same name in the user's notes folder, then quits."""
    monkeypatch.setattr(annotator, "AUTOSAVE_SECONDS", 3600)  # the saves here are the ones the test makes
    left, right = (article(tmp_path, n, (DATA / f"river_{n}").read_text()) for n in ("left.txt", "right.txt"))
    refuse_writes_in(tmp_path, monkeypatch)
    async with opened(left, right, notes=tmp_path / "ro.notes.yaml", size=SIZE) as pilot:
        await pilot.press("a", *"keep me", "ctrl+s")
        if failed_before:
            await pilot.press("ctrl+s")
            assert "Read-only file system" in str(reader(pilot).query_one("#status").render())
        await pilot.press("q")
        question = pilot.app.screen
        offered = "save to another file, then quit" if failed_before else "save and quit"
        assert isinstance(question, ConfirmScreen) and ("s", offered) in question.answers
        await pilot.press("s")
        prompt = reader(pilot).query_one("#prompt", Input)
        await wait_until(pilot, lambda: prompt.has_focus)
        elsewhere = Path(os.environ["XDG_DATA_HOME"]) / "diptych" / "notes" / "ro.notes.yaml"
        assert prompt.value == str(elsewhere)
        await pilot.press("enter")
        await pilot.pause()
    assert pilot.app.return_code == 0
    assert load_notes(elsewhere).notes[0].body == "keep me"
    assert not (tmp_path / "ro.notes.yaml").exists()


async def test_ctrl_c_with_unsaved_notes_asks_first(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(annotator, "AUTOSAVE_SECONDS", 3600)  # on a busy machine the autosave could come first
    left, right = (article(tmp_path, n, (DATA / f"river_{n}").read_text()) for n in ("left.txt", "right.txt"))
    async with opened(left, right, notes=tmp_path / "c.notes.yaml", size=SIZE) as pilot:
        app = pilot.app
        await pilot.press("a", *"unsaved", "ctrl+s", "ctrl+c")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("s")
        await pilot.pause()
    assert load_notes(tmp_path / "c.notes.yaml").notes[0].body == "unsaved"


# --- properties -------------------------------------------------------------------------------------------

printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029\x85"), max_size=400
)


@settings(max_examples=200)
@given(st.lists(st.one_of(printable, st.sampled_from(["\n", "\n\n", "\r\n", " ", "\t"])), max_size=30))
def test_every_character_of_the_text_survives_loading_and_splitting(parts):
    text = "".join(parts)
    doc = document_from_text(text)
    visible = "".join(text.replace("\r", "").split())
    assert "".join("".join(p.text.split()) for p in doc.paragraphs) == visible


@settings(max_examples=40)
@given(
    st.lists(
        st.sampled_from("harbour union deal signed monday talks chief firms rates prices storm ports".split()),
        min_size=20,
        max_size=200,
    ),
    st.randoms(use_true_random=False),
)
def test_alignment_scores_stay_in_range(word_list, rng):
    def text() -> str:
        rng.shuffle(word_list)
        return "\n\n".join(" ".join(word_list[k : k + 12]) for k in range(0, len(word_list), 12))

    left, right = document_from_text(text()), document_from_text(text())
    assert all(0.0 <= link.score <= 1.0 for link in align(left, right))


def test_load_error_is_an_exception_with_a_message():
    with pytest.raises(LoadError) as info:
        load_document(Path("/nonexistent/diptych.txt"))
    assert str(info.value) == "/nonexistent/diptych.txt: no such file"


def test_installed_command_has_no_traceback_on_bad_input(tmp_path: Path):
    bad = tmp_path / "bad.notes.yaml"
    bad.write_text("!!python/object/apply:os.system ['echo hacked > hacked.txt']\n")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "diptych"), str(bad)], capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and not (tmp_path / "hacked.txt").exists()


def test_a_reading_position_is_kept_where_the_file_system_has_no_locks(monkeypatch: pytest.MonkeyPatch):
    """Some NFS, sshfs and FUSE homes refuse flock (ENOLCK): the position is then written unlocked, not lost."""
    import fcntl

    from reader.notes.model import Position
    from reader.notes.positions import recall, remember

    def no_locks(*_: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    remember(Path("/nowhere/a.notes.yaml"), Position(left=7))
    assert recall(Path("/nowhere/a.notes.yaml")) == Position(left=7)
