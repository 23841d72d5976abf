"""Never lose a note, never run what a file says: every class of failure an outside robustness probe found,
driven the way a user meets it (real files, real processes, real signals, a real terminal)."""

from __future__ import annotations

import copy
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from textual.widgets import Input

from reader.notes.model import NotesError, Position, make_target, new_note
from reader.notes.notesfile import load_notes, save_notes
from reader.notes.session import open_notes_file, open_pair, open_story
from reader.text import safeyaml
from reader.text.corpus import read_story
from reader.text.files import write_atomic
from reader.text.loading import document_from_text, load_document
from reader.text.webpage import extract_text
from reader.tui.bindings import SCOPES, binding_infos
from reader.tui.keymap import checked, parse_keymap
from reader.tui.screens.confirm import ConfirmScreen
from tests.apptools import notified, opened, reader, settle
from tests.conftest import DATA
from tests.terminal import DIPTYCH, PtyProcess, Terminal, exit_code

TMUX = pytest.mark.skipif(subprocess.run(["which", "tmux"], capture_output=True).returncode, reason="no tmux")


def pair(folder: Path) -> tuple[Path, Path]:
    """The river articles, copied into `folder`."""
    out = []
    for name in ("river_left.txt", "river_right.txt"):
        (folder / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
        out.append(folder / name)
    return out[0], out[1]


def session_on(folder: Path, notes: Path):
    left, right = pair(folder)
    return open_pair(load_document(left), load_document(right), notes)


def bodies(path: Path) -> set[str]:
    return {n.body for n in load_notes(path).notes}


def data_folder_copies(pattern: str) -> list[Path]:
    return list((Path(os.environ["XDG_DATA_HOME"]) / "diptych" / "notes").glob(pattern))


# --- notes written elsewhere meanwhile ----------------------------------------------------------------------


def test_two_sessions_on_one_notes_file_keep_each_others_notes(tmp_path: Path):
    notes = tmp_path / "shared.notes.yaml"
    first = session_on(tmp_path, notes)
    second = session_on(tmp_path, notes)
    first.put_note(new_note("from the first window", (), (make_target(first.left, "left", 2),)))
    first.save()
    second.put_note(new_note("from the second window", (), (make_target(second.right, "right", 1),)))
    merged = second.save()
    assert "Merged in what was done elsewhere: 1 note added" in merged
    assert bodies(notes) == {"from the first window", "from the second window"}
    first.put_note(new_note("first again", (), (make_target(first.left, "left", 3),)))
    first.save()
    assert bodies(notes) == {"from the first window", "from the second window", "first again"}
    assert {n.body for n in first.notes} == bodies(notes)  # the merged notes are shown, not only saved


def test_an_edit_made_in_a_text_editor_survives_the_next_save(tmp_path: Path):
    notes = tmp_path / "edited.notes.yaml"
    session = session_on(tmp_path, notes)
    session.put_note(new_note("typo here", (), (make_target(session.left, "left", 2),)))
    session.save()
    notes.write_text(notes.read_text(encoding="utf-8").replace("typo here", "fixed in an editor"), encoding="utf-8")
    session.put_note(new_note("added in diptych", (), (make_target(session.right, "right", 2),)))
    session.save()
    assert bodies(notes) == {"fixed in an editor", "added in diptych"}


def test_a_note_changed_both_here_and_elsewhere_keeps_both_versions(tmp_path: Path):
    notes = tmp_path / "both.notes.yaml"
    session = session_on(tmp_path, notes)
    note = new_note("original", (), (make_target(session.left, "left", 2),))
    session.put_note(note)
    session.save()
    notes.write_text(notes.read_text(encoding="utf-8").replace("original", "their version"), encoding="utf-8")
    session.put_note(note.__class__(**{**note.__dict__, "body": "our version", "updated": "2099-01-01T00:00:00Z"}))
    merged = session.save()
    assert "their version kept as a copy" in merged
    assert bodies(notes) == {"our version", "their version"}


def test_a_note_deleted_elsewhere_stays_deleted(tmp_path: Path):
    notes = tmp_path / "deleted.notes.yaml"
    session = session_on(tmp_path, notes)
    for k in (2, 3):
        session.put_note(new_note(f"note {k}", (), (make_target(session.left, "left", k),)))
    session.save()
    other = session_on(tmp_path, notes)
    other.delete_note(other.notes[0].id)
    other.save()
    session.put_note(new_note("note 4", (), (make_target(session.left, "left", 4),)))
    assert "1 note deleted" in session.save()
    assert bodies(notes) == {"note 3", "note 4"}


def test_a_notes_file_broken_elsewhere_is_never_written_over(tmp_path: Path):
    notes = tmp_path / "broken.notes.yaml"
    session = session_on(tmp_path, notes)
    session.put_note(new_note("mine", (), (make_target(session.left, "left", 2),)))
    session.save()
    notes.write_text("schema: diptych.notes/1\nnotes: [unclosed\n", encoding="utf-8")
    session.put_note(new_note("also mine", (), (make_target(session.left, "left", 3),)))
    with pytest.raises(NotesError, match="not overwritten"):
        session.save()
    assert notes.read_text(encoding="utf-8") == "schema: diptych.notes/1\nnotes: [unclosed\n"
    with pytest.raises(NotesError, match="not overwritten"):  # and the autosave will not try again
        session.save()
    session.save(tmp_path / "rescued.notes.yaml")
    assert bodies(tmp_path / "rescued.notes.yaml") == {"mine", "also mine"}


def test_notes_about_other_articles_are_not_taken_over(tmp_path: Path, capsys):
    from reader.cli import main

    notes = tmp_path / "theirs.notes.yaml"
    session = session_on(tmp_path, notes)
    session.put_note(new_note("about the river", (), (make_target(session.left, "left", 2),)))
    session.save()
    before = notes.read_bytes()
    code = main([str(DATA / "bakery.txt"), str(DATA / "river_right.txt"), "--notes", str(notes)])
    err = capsys.readouterr().err
    assert code == 2 and "holds notes on other articles" in err and err.count("\n") == 1
    assert notes.read_bytes() == before


def test_two_pairs_of_the_same_names_get_notes_files_of_their_own(tmp_path: Path, monkeypatch):
    """Articles in a folder that cannot be written are noted in the user's notes folder, by their names: a
    second pair of the same names found the first pair's notes there and would not open at all."""
    from reader.notes import session as sessions

    monkeypatch.setattr(sessions, "_writable", lambda folder: False)  # read-only folders (chmod cannot: root)
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        pair(folder)
    one = open_story([load_document(p) for p in (first / "river_left.txt", first / "river_right.txt")])
    one.put_note(new_note("on the first pair", (), (make_target(one.left, "left", 2),)))
    one.save()
    (second / "river_right.txt").write_text("A different right article.\n\nIts second paragraph.\n")
    two = open_story([load_document(second / "river_left.txt"), load_document(second / "river_right.txt")])
    assert two.notes_path == one.notes_path.with_name("river_left--river_right.2.notes.yaml") and not two.notes
    assert f"{one.notes_path} holds notes on other articles of the same names; these go in" in two.messages[0]
    two.put_note(new_note("on the second pair", (), (make_target(two.left, "left", 2),)))
    two.save()
    assert bodies(one.notes_path) == {"on the first pair"} and bodies(two.notes_path) == {"on the second pair"}
    again = open_story([load_document(p) for p in (first / "river_left.txt", first / "river_right.txt")])
    assert again.notes_path == one.notes_path and [n.body for n in again.notes] == ["on the first pair"]


async def test_quitting_after_reading_leaves_the_notes_file_as_it_was(tmp_path: Path):
    notes = tmp_path / "read.notes.yaml"
    session = session_on(tmp_path, notes)
    session.put_note(new_note("kept", (), (make_target(session.left, "left", 2),)))
    session.save()
    before, mtime = notes.read_bytes(), notes.stat().st_mtime_ns
    async with opened(notes) as pilot:
        await pilot.press("j", "j", "tab")
        where = reader(pilot).current_position()
        await pilot.press("q")
        await pilot.pause()
    assert notes.read_bytes() == before and notes.stat().st_mtime_ns == mtime
    assert open_notes_file(notes).position == where  # remembered apart, in the user's state folder


@TMUX
def test_two_diptych_processes_on_one_notes_file_lose_no_note(tmp_path: Path):
    left, right = pair(tmp_path)
    command = [str(DIPTYCH), str(left), str(right), "--notes", "shared.notes.yaml"]
    notes = tmp_path / "shared.notes.yaml"
    one, two = Terminal(command, cwd=tmp_path), Terminal(command, cwd=tmp_path)
    try:
        for t in (one, two):
            t.wait_for("links │")

        def write(t: Terminal, body: str) -> None:
            t.keys("a")
            t.wait_for("New note")
            t.keys(body, "C-s")
            deadline = time.monotonic() + 60
            while not (notes.exists() and body in notes.read_text(encoding="utf-8")):
                assert time.monotonic() < deadline, f"{body!r} was never autosaved"
                time.sleep(0.2)

        write(one, "first window")
        write(two, "second window")
        write(one, "first window again")
        for t in (one, two):
            t.keys("q")
            t.wait_until_gone("links │")
    finally:
        one.close()
        two.close()
    assert bodies(notes) == {"first window", "second window", "first window again"}


# --- crashes and signals ------------------------------------------------------------------------------------


def blocked_notes(tmp_path: Path) -> Path:
    """A notes path that cannot be written (its folder is a plain file): only an emergency copy in the data
    folder can then hold unsaved notes, whatever the autosave does."""
    (tmp_path / "blocked").write_text("a file where the notes folder would be")
    return tmp_path / "blocked" / "x.notes.yaml"


def write_a_note(p: PtyProcess, body: bytes) -> None:
    p.read_until(b"links")
    p.write(b"a")
    p.read_until(b"New note")
    p.write(body + b"\x13")  # ctrl+s
    p.read_until(b"NOT SAVED")


RESTORED = (b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?1000l")  # main screen back, cursor shown, mouse off


def test_a_crash_inside_the_app_saves_the_notes_and_exits_non_zero(tmp_path: Path):
    left, right = pair(tmp_path)
    argv = [str(left), str(right), "--notes", str(blocked_notes(tmp_path))]
    program = (
        "import sys\n"
        "from reader.tui.screens.reading import ReaderScreen\n"
        "def broken(self):\n"
        "    raise RuntimeError('a bug in a key handler')\n"
        "ReaderScreen.action_toggle_sync = broken\n"
        "from reader.cli import main\n"
        f"sys.exit(main({argv!r}))\n"
    )
    p = PtyProcess([sys.executable, "-c", program])
    try:
        write_a_note(p, b"written before the crash")
        p.write(b"s")  # toggle sync: the handler raises
        status = p.exit_status()
    finally:
        p.close()
    assert exit_code(status) == 1
    copies = data_folder_copies("x.emergency-*.notes.yaml")
    assert len(copies) == 1 and bodies(copies[0]) == {"written before the crash"}
    assert b"unsaved notes were saved to" in p.output and b"a bug in a key handler" in p.output


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP])
def test_every_stop_signal_leaves_an_emergency_copy_and_the_terminal_restored(tmp_path: Path, signum: int):
    left, right = pair(tmp_path)
    p = PtyProcess([str(DIPTYCH), str(left), str(right), "--notes", str(blocked_notes(tmp_path))])
    try:
        write_a_note(p, b"typed then stopped")
        before = len(p.output)
        os.kill(p.pid, signum)
        status = p.exit_status(timeout=30)  # no key is pressed: the app must leave on its own
    finally:
        p.close()
    assert exit_code(status) == 128 + signum
    copies = data_folder_copies("x.emergency-*.notes.yaml")
    assert len(copies) == 1 and bodies(copies[0]) == {"typed then stopped"}
    if signum != signal.SIGHUP:  # after a hang-up there is no terminal left to restore
        after = p.output[before:]
        assert all(sequence in after for sequence in RESTORED)
        assert after.count(b"unsaved notes were saved to") == 1  # said once, not by the handler and the exit


# --- files diptych writes -----------------------------------------------------------------------------------


def test_notes_on_a_very_long_paragraph_make_a_small_file_that_reads_back(tmp_path: Path):
    sentence = "The council met again on Tuesday to discuss the flood defences and the cost of repairs. "
    (tmp_path / "long.txt").write_text("Headline\n\n" + sentence * 30_000 + "\n\nA short last paragraph.\n")
    (tmp_path / "other.txt").write_text("Other headline\n\nThe council met on Tuesday.\n")
    session = open_pair(load_document(tmp_path / "long.txt"), load_document(tmp_path / "other.txt"))
    for _ in range(20):
        session.put_note(new_note("on the whole paragraph", (), (make_target(session.left, "left", 1),)))
    session.save()
    assert session.notes_path.stat().st_size < 50_000  # the paragraph itself is 2.6 MB
    again = open_notes_file(session.notes_path)
    assert len(again.notes) == 20 and all(t.state == "anchored" for n in again.notes for t in n.targets)
    assert again.notes[0].targets[0].span == (0, len(session.left.paragraphs[1].text))


def test_saving_keeps_the_mode_and_the_symlink(tmp_path: Path):
    real = tmp_path / "real.notes.yaml"
    real.write_text("old")
    real.chmod(0o664)
    link = tmp_path / "link.notes.yaml"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new" and stat.S_IMODE(real.stat().st_mode) == 0o664


def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path: Path):
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.notes.yaml", "text")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.notes.yaml").stat().st_mode) == 0o640


def test_special_and_read_only_files_are_never_written(tmp_path: Path):
    fifo = tmp_path / "pipe.notes.yaml"
    os.mkfifo(fifo)
    read_only = tmp_path / "locked.notes.yaml"
    read_only.write_text("keep")
    read_only.chmod(0o444)
    loop = tmp_path / "loop.notes.yaml"
    loop.symlink_to(loop)
    session = session_on(tmp_path, tmp_path / "any.notes.yaml")
    session.put_note(new_note("x", (), (make_target(session.left, "left", 2),)))
    for target, reason in ((fifo, "named pipe"), (read_only, "read-only"), (loop, "symlink loop")):
        with pytest.raises(NotesError, match=reason):
            save_notes(session.as_file(target), target)
    assert read_only.read_text() == "keep" and stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_output_is_refused_where_it_would_break_something(tmp_path: Path, capsys):
    from reader.cli import main

    session = session_on(tmp_path, tmp_path / "s.notes.yaml")
    session.put_note(new_note("x", (), (make_target(session.left, "left", 2),)))
    session.save()
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    locked = tmp_path / "locked.md"
    locked.write_text("keep")
    locked.chmod(0o444)
    for target, reason in ((fifo, "named pipe"), (locked, "read-only")):
        assert main(["export", str(session.notes_path), "-o", str(target)]) == 2
        assert reason in capsys.readouterr().err
    assert locked.read_text() == "keep"


async def test_save_as_asks_before_replacing_a_file(tmp_path: Path):
    left, right = pair(tmp_path)
    precious = tmp_path / "docker-compose.yaml"
    precious.write_text("services: {}\n")
    async with opened(left, right) as pilot:
        await pilot.press("a", *"a note", "ctrl+s", "S")
        prompt = reader(pilot).query_one("#prompt", Input)
        prompt.value = str(precious)
        await pilot.press("enter")
        await pilot.pause()
        question = pilot.app.screen
        assert isinstance(question, ConfirmScreen) and "not a diptych notes file" in question.question
        await pilot.press("n")
        await pilot.pause()
        assert precious.read_text() == "services: {}\n"
        await pilot.press("S")
        reader(pilot).query_one("#prompt", Input).value = str(precious)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
    assert bodies(precious) == {"a note"}


def test_duplicate_keys_in_any_yaml_file_are_refused():
    with pytest.raises(safeyaml.YamlError, match="the key 'notes' appears twice"):
        safeyaml.loads("schema: diptych.notes/1\nnotes: []\nnotes: []\n")


def test_a_duplicate_note_id_is_refused(tmp_path: Path):
    session = session_on(tmp_path, tmp_path / "dup.notes.yaml")
    session.put_note(new_note("x", (), (make_target(session.left, "left", 2),)))
    session.save()
    data = yaml.safe_load(session.notes_path.read_text())
    data["notes"].append(copy.deepcopy(data["notes"][0]))
    session.notes_path.write_text(yaml.safe_dump(data))
    with pytest.raises(NotesError, match=r"notes\[1\]\.id must be unique"):
        load_notes(session.notes_path)


# --- the terminal is ours -----------------------------------------------------------------------------------

HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;cGF5bG9hZA==\x07\x1b[2J\u202eevil"


def hostile_notes(tmp_path: Path) -> Path:
    """A valid notes file whose every text field carries terminal escapes and a bidi override, written
    the way an attacker would (YAML escapes), next to a .meta.yaml that does the same."""
    session = session_on(tmp_path, tmp_path / "hostile.notes.yaml")
    session.put_note(new_note("placeholder", ("tag",), (make_target(session.left, "left", 2),), author="ana"))
    session.save()
    data = yaml.safe_load(session.notes_path.read_text())
    note = data["notes"][0]
    note["body"], note["author"], note["tags"] = f"body {HOSTILE}", f"ana {HOSTILE}", [f"tag {HOSTILE}"]
    session.notes_path.write_text(yaml.safe_dump(data, allow_unicode=False))
    (tmp_path / "river_left.meta.yaml").write_text(yaml.safe_dump({"outlet": f"Outlet {HOSTILE}"}))
    return session.notes_path


def test_escape_sequences_in_a_notes_file_never_reach_the_export(tmp_path: Path, capsys):
    from reader.cli import main

    notes = hostile_notes(tmp_path)
    for fmt in ("markdown", "json"):
        assert main(["export", str(notes), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "body" in out and not any(c in out for c in "\x1b\x07\u202e")


def test_every_string_read_from_yaml_is_sanitised(tmp_path: Path):
    notes = hostile_notes(tmp_path)
    note = load_notes(notes).notes[0]
    for text in (note.body, note.author, *note.tags):
        assert not any(c in text for c in "\x1b\x07\u202e")
    outlet = read_story(tmp_path).articles[0].outlet
    assert outlet.startswith("Outlet") and not any(c in outlet for c in "\x1b\x07\u202e")


def test_the_app_never_writes_an_escape_sequence_that_came_from_a_file(tmp_path: Path):
    notes = hostile_notes(tmp_path)
    p = PtyProcess([str(DIPTYCH), str(notes)])
    try:
        p.read_until(b"links")
        p.write(b"o")  # the notes list shows body, tags and quote
        p.read_until(b"Notes (1)")
        p.write(b"\x1b")
        p.write(b"q")
        p.exit_status()
    finally:
        p.close()
    assert b"\x1b]0;" not in p.output and b"\x1b]52;" not in p.output and b"\xe2\x80\xae" not in p.output


async def test_text_typed_or_read_from_a_file_is_never_markup(tmp_path: Path):
    keymap = tmp_path / "keys.yaml"
    keymap.write_text("next-link: '[b]'\nno-such-id: '[/]'\n")
    left, right = pair(tmp_path)
    async with opened(left, right, keymap=keymap) as pilot:
        await pilot.press("slash", *"[/]", "enter")
        await pilot.pause()
        assert pilot.app.is_running
        messages = notified(pilot)
        assert "Not found: [/]" in messages and "'[b]'" in messages and "'no-such-id'" in messages


def test_export_asks_before_opening_articles_outside_the_notes_folder(tmp_path: Path, capsys):
    from reader.cli import main

    (tmp_path / "notes").mkdir()
    session = session_on(tmp_path, tmp_path / "notes" / "out.notes.yaml")
    session.put_note(new_note("x", (), (make_target(session.left, "left", 2),)))
    session.save()
    assert main(["export", str(session.notes_path)]) == 2
    err = capsys.readouterr().err
    assert "outside its folder" in err and str(tmp_path / "river_left.txt") in err and "--allow-outside" in err
    assert main(["export", str(session.notes_path), "--allow-outside"]) == 0


def test_an_article_is_asked_about_by_where_it_resolves(tmp_path: Path):
    """A symlink beside the notes file that points out of its folder is asked about; an absolute path that
    resolves inside the folder is not; an article found beside the notes by name and text is inside."""
    from reader.notes.session import articles_elsewhere

    outside, home = tmp_path / "outside", tmp_path / "home"
    outside.mkdir()
    home.mkdir()
    left, right = pair(outside)
    (home / "river_left.txt").symlink_to(left)
    (home / "river_right.txt").write_text(right.read_text(encoding="utf-8"), encoding="utf-8")
    session = open_pair(load_document(home / "river_left.txt"), load_document(home / "river_right.txt"))
    session.save(home / "s.notes.yaml")
    text = (home / "s.notes.yaml").read_text(encoding="utf-8")
    (home / "s.notes.yaml").write_text(text.replace("path: river_right.txt", f"path: {home / 'river_right.txt'}"))
    assert f"path: {home / 'river_right.txt'}" in (home / "s.notes.yaml").read_text(encoding="utf-8")
    assert articles_elsewhere(home / "s.notes.yaml") == {"left": left.resolve()}


def test_the_bundled_pairs_own_notes_reopen_without_asking(capsys):
    """diptych keeps the bundled pair's notes in the data folder, away from its articles: they are its own
    articles, not ones a stranger's file points at, so reopening the notes does not ask (it asked every time).
    Any other article outside the folder still asks (above)."""
    from reader.cli import main
    from reader.launch import start_for
    from reader.notes.session import articles_elsewhere, open_story
    from reader.text.corpus import default_pair
    from reader.tui.app import OpenSession

    session = open_story([load_document(p) for p in default_pair()])
    session.put_note(new_note("mine", (), (make_target(session.left, "left", 2),)))
    session.save()
    assert not session.notes_path.parent.samefile(default_pair()[0].parent)  # in the data folder
    assert articles_elsewhere(session.notes_path) == {}
    assert isinstance(start_for([str(session.notes_path)]), OpenSession)
    assert main(["export", str(session.notes_path)]) == 0 and "mine" in capsys.readouterr().out


# --- crashes and hangs --------------------------------------------------------------------------------------


async def test_a_superscript_digit_is_not_a_paragraph_number(tmp_path: Path):
    async with opened(*pair(tmp_path)) as pilot:
        await pilot.press("colon", "²", "enter")
        await pilot.pause()
        assert pilot.app.is_running and "No paragraph '²'" in notified(pilot)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 20_000, "nested more than 64 levels deep"),
        ("x: " + "9" * 5_000, "a number too long to read"),
        ("a: &x 1\nb: *x\n", "aliases"),
    ],
)
def test_hostile_yaml_shapes_are_refused_with_one_clear_line(text: str, problem: str):
    with pytest.raises(safeyaml.YamlError, match=problem):
        safeyaml.loads(text, "f.yaml")


def test_odd_story_metadata_counts_as_absent(tmp_path: Path):
    pair(tmp_path)
    (tmp_path / "story.yaml").write_text("title: [a, list]\narticles:\n")
    (tmp_path / "river_left.meta.yaml").write_text("outlet: {nested: map}\ndate: 2020-01-03\n")
    story = read_story(tmp_path)
    assert story.title == tmp_path.name and len(story.articles) == 2
    assert story.articles[0].outlet == "" and story.articles[0].date == "2020-01-03"


def run(*argv: str, env: dict[str, str] | None = None, stdout: object = subprocess.PIPE):
    """The installed command, with a generous guard against a hang (a hang is the failure being tested)."""
    return subprocess.run(
        [str(DIPTYCH), *argv],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_special_files_never_hang(tmp_path: Path):
    fifo = tmp_path / "nobody-writes.txt"
    os.mkfifo(fifo)
    proc = run("compare", str(fifo), str(DATA / "bakery.txt"))
    assert proc.returncode == 0 and b"the article is empty" in proc.stderr  # read as empty, not waited on
    proc = run("compare", "/dev/zero", str(DATA / "bakery.txt"))
    assert proc.returncode == 2 and b"is a character device" in proc.stderr
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "diptych"
    config.mkdir(parents=True)
    os.mkfifo(config / "keymap.yaml")
    loop = tmp_path / "loop.notes.yaml"
    loop.symlink_to(loop)
    proc = run(str(loop))
    assert proc.returncode == 2 and b"symlink loop" in proc.stderr and proc.stderr.count(b"\n") == 1


def test_bad_numbers_from_the_environment_and_options_are_one_clear_line():
    proc = run("compare", str(DATA / "river_left.txt"), str(DATA / "bakery.txt"), env={"DIPTYCH_MAX_MB": "nan"})
    assert proc.returncode == 0 and b"DIPTYCH_MAX_MB=nan is not a size in MB; using 32 MB" in proc.stderr
    for bad in ("nan", "inf", "-1", "0"):
        proc = run("compare", str(DATA / "river_left.txt"), str(DATA / "bakery.txt"), "--max-size", bad)
        assert proc.returncode == 2 and b"is not a size in MB" in proc.stderr and b"Traceback" not in proc.stderr


def test_standard_streams_that_cannot_be_used_are_one_clear_line():
    pair_args = (str(DATA / "river_left.txt"), str(DATA / "bakery.txt"))
    with open("/dev/full", "w") as full:
        proc = run("compare", *pair_args, stdout=full)
    assert proc.returncode == 2 and b"could not write the output (No space left on device)" in proc.stderr
    closed = subprocess.run(
        f"'{DIPTYCH}' compare {pair_args[0]} {pair_args[1]} >&-", shell=True, capture_output=True, timeout=120
    )
    assert closed.returncode == 2 and b"no standard output" in closed.stderr
    proc = run(*pair_args)  # the reader with stdin from /dev/null: refused, not spinning
    assert proc.returncode == 2 and b"needs a terminal" in proc.stderr


def test_a_five_megabyte_word_does_not_freeze_the_analysis(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Headline\n\n" + "a" * 5_000_000 + " and more.\n")
    (tmp_path / "b.txt").write_text("Other headline\n\n" + "a" * 4_999_999 + "b and more.\n")
    proc = run("compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))  # times out on the old code
    assert proc.returncode == 0 and json.loads(proc.stdout)["format"] == "diptych.compare/1"


def test_input_through_a_pipe_keeps_the_size_limit():
    proc = subprocess.run(
        [str(DIPTYCH), "compare", "/dev/stdin", str(DATA / "bakery.txt"), "--max-size", "1"],
        input=b"word " * 800_000,  # 4 MB through a pipe, which has no size to check beforehand
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 2 and b"more than 1 MB is over the 1 MB limit" in proc.stderr


def test_a_file_name_that_is_not_utf8_still_gives_valid_json(tmp_path: Path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("Headline\n\nSome words about a thing.\n")
    proc = run("compare", str(tmp_path / name), str(DATA / "bakery.txt"))
    assert proc.returncode == 0 and json.loads(proc.stdout.decode("utf-8"))["left"]["path"].endswith("caf\ufffd.txt")


# --- smaller ------------------------------------------------------------------------------------------------


def test_markdown_front_matter_is_metadata_not_paragraphs():
    doc = document_from_text("---\ntitle: Storm hits\noutlet: Daily\n---\n# Storm hits\n\nThe storm hit.\n")
    assert dict(doc.metadata) == {"title": "Storm hits", "outlet": "Daily"}
    assert [p.text for p in doc.paragraphs] == ["# Storm hits", "The storm hit."]


def test_a_control_character_reference_does_not_stop_a_web_page_being_read():
    html = (
        b"<html><head><title>Flood hits town</title></head><body><article><h1>Flood hits town</h1>"
        b"<p>The river rose &#27; overnight and families left their homes in the dark of the night.</p>"
        b"<p>Officials said the water would fall by Friday and schools would stay closed until then.</p>"
        b"</article></body></html>"
    )
    assert "The river rose" in extract_text(html, "page.html")


def test_a_huge_keymap_gives_one_warning_per_kind_of_problem():
    ids = {info.id for info in binding_infos(SCOPES)}
    data = {f"no-such-binding-{k}": "x" for k in range(10_000)}
    keymap, warnings = parse_keymap(data, "keys.yaml", ids)
    assert keymap == {} and len(warnings) == 1 and "and 9997 more" in warnings[0]


def test_keymap_conflicts_are_named_and_ctrl_c_always_quits():
    registry = binding_infos(SCOPES)
    keymap, warnings = checked(registry, {"next-link": "q", "toggle-sync": "ctrl+c", "interrupt": "x"})
    assert "ctrl+c" not in keymap["toggle-sync"] and "ctrl+c" in keymap["interrupt"].split(",")
    assert any("'q'" in w and "'quit'" in w and "'next-link'" in w for w in warnings)
    assert checked(registry, {}) == ({}, [])  # the defaults have no conflict


def test_a_key_the_user_gives_a_binding_is_taken_from_a_default_that_has_another():
    registry = binding_infos(SCOPES)
    # `f` pages down by default (with space, pagedown, ctrl+f): the user's choice wins and the page key keeps the rest.
    keymap, warnings = checked(registry, {"next-link": "f"}, chosen={"next-link"})
    assert keymap["next-link"] == "f" and "f" not in keymap["page-down"].split(",")
    assert any("'f' now runs 'next-link'" in w and "'page-down' keeps" in w for w in warnings)
    # `x` is the only key of reject-link: it stays, and the user's binding keeps its other key.
    keymap, warnings = checked(registry, {"next-link": "x,ctrl+n"}, chosen={"next-link"})
    assert keymap["next-link"] == "ctrl+n" and "reject-link" not in keymap
    assert any("'x' stays with 'reject-link'" in w and "'next-link' keeps ctrl+n" in w for w in warnings)
    # Two of the user's own choices clash: said, not settled.
    _, warnings = checked(registry, {"next-link": "z", "prev-link": "z"}, chosen={"next-link", "prev-link"})
    assert any("given to both" in w for w in warnings)
    # A binding that falls back to its default key, which the user gave to another: that clash is said too.
    _, warnings = checked(registry, {"save-notes": "slash", "toggle-layout": "ctrl+s"}, {"save-notes", "toggle-layout"})
    assert any("'ctrl+s' is given to both" in w for w in warnings)


async def test_the_spinner_stops_when_a_pair_has_no_contrasts(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Harbour reopens\n\nThe harbour reopened on monday after the storm passed.\n")
    (tmp_path / "b.txt").write_text("Port open again\n\nThe harbour reopened on monday once the storm had gone.\n")
    async with opened(tmp_path / "a.txt", tmp_path / "b.txt") as pilot:
        await settle(pilot)
        assert reader(pilot).comparison.contrasts == ()
        status = str(reader(pilot).query_one("#status").render())
        assert "finding contrasts" not in status and "aligning" not in status


def test_a_terminal_that_goes_away_without_a_hang_up_ends_diptych_with_its_notes_saved(tmp_path: Path):
    """A pseudo-terminal that is not the controlling terminal closes: no SIGHUP comes, the input is at its
    end, and Textual's input thread would spin on it for ever (such orphans were seen at 100% CPU)."""
    import pty

    left, right = pair(tmp_path)
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36"}
    command = [str(DIPTYCH), str(left), str(right), "--notes", str(blocked_notes(tmp_path))]
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    p = PtyProcess.__new__(PtyProcess)  # read the output through the same helper
    p.pid, p.fd, p.output, p.status = process.pid, master, b"", None
    try:
        write_a_note(p, b"typed then the terminal closed")
        os.close(master)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGHUP
    copies = data_folder_copies("x.emergency-*.notes.yaml")
    assert len(copies) == 1 and bodies(copies[0]) == {"typed then the terminal closed"}


def _remember_many(first: int) -> None:
    from reader.notes.positions import remember

    for k in range(first, first + 3):  # a few quits each, all at once: more than real windows ever do
        remember(Path(f"/nowhere/{k}.notes.yaml"), Position(left=k))


def test_windows_quitting_at_once_each_keep_their_reading_position():
    """Positions are a read-modify-write of one file in the state folder; without its lock, processes that
    write at once drop each other's entries."""
    import multiprocessing

    from reader.notes.positions import recall

    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_remember_many, args=(3 * n,)) for n in range(6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert [w.exitcode for w in workers] == [0] * 6
    missing = [k for k in range(18) if recall(Path(f"/nowhere/{k}.notes.yaml")) != Position(left=k)]
    assert missing == []


def test_articles_named_for_missing_ones_take_nothing_over_and_merge_with_the_file(tmp_path: Path):
    """`diptych LEFT RIGHT --notes FILE` takes the named articles only in place of the file's missing ones:
    one of them still on disk and different means other articles, refused with the file untouched. Taken in,
    the file (still naming the missing articles) is merged with when changed elsewhere, not refused."""
    from dataclasses import replace

    notes = tmp_path / "story.notes.yaml"
    session = session_on(tmp_path, notes)
    session.put_note(new_note("mine", (), (make_target(session.left, "left", 2),)))
    session.save()
    before = notes.read_bytes()
    left, right = tmp_path / "river_left.txt", tmp_path / "river_right.txt"
    new = tmp_path / "new"
    new.mkdir()
    (new / "L.txt").write_text(left.read_text().replace("burst its banks on", "burst its banks late on"))
    (new / "R.txt").write_text(right.read_text().replace("has declared", "declared"))
    left.unlink()  # the left article is gone; the right is still there, and R.txt is another text
    named = [load_document(new / "L.txt"), load_document(new / "R.txt")]
    with pytest.raises(NotesError, match="holds notes on other articles"):
        open_story(named, notes)
    assert notes.read_bytes() == before

    right.unlink()  # both gone: the named articles take their places
    taken = open_story(named, notes)
    assert [n.body for n in taken.notes] == ["mine"] and notes.read_bytes() == before
    other = open_story(named, notes)  # another window adds a note before the first one saves
    other.put_note(new_note("theirs", (), (make_target(other.right, "right", 1),)))
    old = load_notes(notes)
    save_notes(replace(old, notes=(*old.notes, other.notes[-1])), notes)  # still naming the missing articles
    assert taken.save()  # what the merge took in, said
    assert bodies(notes) == {"mine", "theirs"} and load_notes(notes).left.path == "new/L.txt"
