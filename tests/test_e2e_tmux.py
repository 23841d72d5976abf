"""End to end: the installed `diptych` command in a real terminal (tmux send-keys / capture-pane)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.terminal import DIPTYCH, EXITED, Terminal

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


def children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (read from /proc, so no extra tool is needed)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.fixture
def terminal():
    opened: list[Terminal] = []

    def open_(command: list[str], **size: int) -> Terminal:
        t = Terminal(command, **size)
        opened.append(t)
        return t

    yield open_
    for t in opened:
        t.close()


def test_installed_command_opens_the_bundled_pair_and_answers_keys(terminal):
    t = terminal([str(DIPTYCH)])
    t.wait_for("links │", "The Epoch Times", "Breitbart")
    t.keys("]")
    t.wait_for("↔ right ¶")
    t.keys("v")
    t.wait_for("aligned")
    t.keys("?")
    t.wait_for("binding id")
    t.keys("Escape")
    t.wait_until_gone("binding id")  # a key sent straight after Escape would read as alt+key
    t.keys("q")
    t.wait_until_gone("links │")


def test_installed_command_reports_a_missing_file_in_one_line(terminal, tmp_path: Path):
    t = terminal([str(DIPTYCH), str(tmp_path / "missing.txt"), str(tmp_path / "other.txt")])
    screen = t.wait_for("diptych: error:")
    assert "no such file" in screen and "Traceback" not in screen


def test_installed_command_with_a_hostile_article_and_a_hostile_notes_file(terminal, tmp_path: Path):
    article = tmp_path / "hostile.txt"
    article.write_text(
        "Click [@click=app.quit]here[/] for [link=http://x]news[/link]\n\n"
        "Red \x1b[31malert\x1b[0m \x1b]0;pwned\x07title and [bold]markup[/bold] shown as written.\n"
    )
    other = tmp_path / "other.txt"
    other.write_text("Other headline\n\nRed alert title and markup shown as written, says the other outlet.\n")
    notes = tmp_path / "hostile.notes.yaml"
    hostile_yaml = "!!python/object/apply:os.system ['touch pwned']\n"
    notes.write_text(hostile_yaml)
    t = terminal([str(DIPTYCH), str(article), str(other), "--notes", str(notes)])
    screen = t.wait_for("links │", "[@click=app.quit]here[/]", "[bold]markup[/bold]", "alert title and")
    assert "pwned" not in screen  # the escape and its payload are gone
    t.keys("]")  # a click-action lookalike did nothing; the app still answers keys
    t.wait_for("↔ right ¶")
    t.keys("q")
    t.wait_until_gone("links │")
    assert notes.read_text() == hostile_yaml
    assert not (tmp_path / "pwned").exists()


def test_closing_the_terminal_ends_diptych(terminal):
    t = terminal([str(DIPTYCH)])
    t.wait_for("links │")
    shell = subprocess.run([*t.tmux, "display", "-p", "-t", t.name, "#{pane_pid}"], capture_output=True, text=True)
    children = children_of(int(shell.stdout.strip()))
    assert children, "diptych is running under the pane's shell"
    t.close()  # the terminal goes away: diptych gets SIGHUP
    deadline = time.monotonic() + 60  # generous for a loaded machine: the point is that it does not linger
    while any(running(pid) for pid in children):
        assert time.monotonic() < deadline, "diptych outlived its terminal"
        time.sleep(0.1)


def running(pid: int) -> bool:
    """Whether a process is alive; a zombie (ended, not yet reaped by whoever adopted it) is not."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_keys_typed_right_after_opening_a_dialog_or_the_prompt_are_kept(terminal, tmp_path: Path):
    """tmux delivers each send-keys as one burst, as a fast typist does: the keys behind `a` or `/` arrive
    before the dialog or prompt has focus, and used to be dropped (or taken as commands: `f` paged down)."""
    t = terminal(
        [
            str(DIPTYCH),
            str(DATA / "river_left.txt"),
            str(DATA / "river_right.txt"),
            "--notes",
            str(tmp_path / "n.notes.yaml"),
        ]
    )
    t.wait_for("links │")
    t.keys("/flood", "Enter")
    t.wait_for("for “flood”")
    t.keys("atyped at once")
    t.wait_for("typed at once")
    t.keys("Escape")


def test_a_story_of_three_opens_three_panes_and_a_note_on_a_three_way_fact_reopens(terminal, tmp_path: Path):
    """The installed command on a story folder of three articles, as an editor meets it."""
    story = tmp_path / "flood"
    story.mkdir()
    for name in ("left", "centre", "right"):
        (story / f"{name}.txt").write_text((DATA / f"river_{name}.txt").read_text())
    (story / "story.yaml").write_text("title: The Marten flood\narticles: [left.txt, centre.txt, right.txt]\n")
    t = terminal([str(DIPTYCH), str(tmp_path)], width=170, height=45)
    t.wait_for("The Marten flood")
    t.keys("Enter")
    screen = t.wait_for("facts in all")
    assert screen.count("▕") >= 2 * 20  # three panes side by side: two dividers down the screen
    t.keys(">")
    t.wait_for("↔ centre ¶")  # a fact every outlet reports: its paragraphs in the other two
    t.keys("}")
    t.wait_for("only here")  # what the left outlet alone reported
    t.keys("<", "a")  # back to a fact all three report, and a note on it
    t.wait_for("New note")
    t.keys("all three report it", "Tab", "Tab", "Tab", "Space", "C-s")
    t.wait_for("1 note")
    t.keys("C-s")
    t.wait_for("Notes saved to")
    t.keys("q")
    t.wait_until_gone("facts in all")
    notes = story / "left--centre--right.notes.yaml"
    assert "diptych.notes/2" in notes.read_text()
    again = terminal([str(DIPTYCH), str(notes)], width=170, height=45)
    again.wait_for("facts in all")
    again.keys("o")
    listing = again.wait_for("all three report it")
    assert all(f"{name} ¶" in listing for name in ("left", "centre", "right")), listing


def test_quitting_with_unsaved_notes_paints_the_question(terminal, tmp_path: Path):
    """The question is read off a real terminal: its text, the notes file and every key. (It used to paint an
    empty 6x4 box.) A notes file that could not be read keeps the note unsaved: nothing races an autosave."""
    notes = tmp_path / "broken.notes.yaml"
    notes.write_text("schema: [broken\n")
    t = terminal(
        [str(DIPTYCH), str(DATA / "river_left.txt"), str(DATA / "river_right.txt"), "--notes", str(notes)],
        width=80,
        height=24,
    )
    t.wait_for("↔ right ¶")  # the links are in (at 80 columns the notes' state pushes the count off)
    t.keys("a")
    t.wait_for("ctrl+s saves")
    t.keys("a note to keep", "C-s")
    t.wait_for("✎")  # the note is on its paragraph
    t.keys("q")
    # The notes file cannot be written over: saving means another file first, not "save and quit".
    t.wait_for(
        "There are unsaved notes.",
        "Notes file:",
        "broken.notes.yaml",
        "save to another file, then quit",
        "quit without saving",
        "cancel",
    )
    t.keys("d")
    screen = t.wait_for(EXITED)
    assert notes.read_text() == "schema: [broken\n"
    # Quitting without saving is what the reader chose: no emergency copy is made behind their back.
    assert "unsaved notes were saved" not in screen and not list(tmp_path.glob("*emergency*"))
