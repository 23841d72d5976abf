"""`diptych export`: the Markdown memo and Web Annotation JSON."""

from __future__ import annotations

import json
from pathlib import Path

from markdown_it import MarkdownIt

from reader.cli import main
from reader.notes.model import make_target, new_note
from reader.notes.session import open_notes_file, open_pair
from reader.text.loading import load_document
from reader.text.paragraphs import fold
from tests.conftest import DATA


def saved_session(tmp_path: Path) -> Path:
    for name in ("river_left.txt", "river_right.txt"):
        (tmp_path / name).write_text((DATA / name).read_text())
    s = open_pair(load_document(tmp_path / "river_left.txt"), load_document(tmp_path / "river_right.txt"))
    s.put_note(
        new_note("Record | levels?\nsecond line", ("loaded language",), (make_target(s.left, "left", 2, 4, 35),))
    )
    s.put_note(new_note("Both sides", (), (make_target(s.left, "left", 3), make_target(s.right, "right", 2))))
    s.save()
    return s.notes_path


def test_markdown_memo_shows_each_note_with_both_sides(tmp_path: Path, capsys):
    notes = saved_session(tmp_path)
    assert main(["export", str(notes)]) == 0
    memo = capsys.readouterr().out
    assert "# Notes: river left and river right" in memo  # no outlet in the metadata: the file's name
    assert "## 1. loaded language\n" in memo  # a short heading: the tags, not the body
    assert "## 2. Both sides\n" in memo  # ... or the body's first words
    # Paragraphs as a reader counts them (the first paragraph of the text is ¶1), then as diptych numbers them
    # (index 2, after the headline and the byline: what `:` goes to), and the memo says how it counts.
    assert "**river left, ¶1 (diptych ¶2)**\n> Marten River burst its banks on\n" in memo
    assert "¶4 is the fourth paragraph of the article's text" in memo and "which `:` goes to" in memo
    assert "**river right, ¶3 (diptych ¶3)** (the linked paragraph)\n> More than 4,000 people" in memo
    assert "> Governor Alice Romero declared" in memo and "> Governor Alice Romero has declared" in memo
    assert "Record | levels?\n\nsecond line\n" in memo  # each line of the note a paragraph
    assert "|---|" not in memo and "“" not in memo  # no tables; quotes are block quotes, not wrapped in marks


def test_the_memo_names_outlets_from_metadata_and_counts_headlines_apart(tmp_path: Path, capsys):
    (tmp_path / "river_left.meta.yaml").write_text("outlet: The Marten Courier\ndate: 2026-03-04\n")
    notes = saved_session(tmp_path)
    s = open_notes_file(notes)
    s.put_note(new_note("", ("headline",), (make_target(s.left, "left", 0),)))
    s.put_note(new_note("Quoted", (), (make_target(s.left, "left", 4),)))
    s.save()
    assert main(["export", str(notes)]) == 0
    memo = capsys.readouterr().out
    assert "# Notes: The Marten Courier and river" in memo  # the other's file name, short
    assert "- **The Marten Courier**, 2026-03-04: Flood Waters Force Thousands" in memo
    assert "**The Marten Courier, headline (diptych ¶0)**" in memo and "## 3. headline" in memo
    assert '**The Marten Courier, ¶3 (diptych ¶4)**\n> "We have never seen the river this high' in memo  # one mark


def test_a_moved_note_is_exported_as_moved(tmp_path: Path, capsys):
    notes = saved_session(tmp_path)
    left = tmp_path / "river_left.txt"
    left.write_text(left.read_text().replace("burst its banks on", "burst its banks late on"))
    assert main(["export", str(notes), "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)[0]["target"][0]
    assert first["diptych:state"] == "moved" and first["selector"][0]["exact"] == "Marten River burst its banks late on"
    assert main(["export", str(notes)]) == 0
    assert "**river left, ¶1 (diptych ¶2)** (moved: reworded since the note was written)" in capsys.readouterr().out


def test_web_annotation_json_selectors_point_at_the_text(tmp_path: Path, capsys):
    notes = saved_session(tmp_path)
    out = tmp_path / "out.json"
    assert main(["export", str(notes), "--format", "json", "-o", str(out)]) == 0
    annotations = json.loads(out.read_text())
    first = annotations[0]
    assert first["type"] == "Annotation" and first["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert {"purpose": "tagging", "type": "TextualBody", "value": "loaded language"} in first["body"]
    target = first["target"][0]
    quote, position = target["selector"]
    raw = load_document(tmp_path / "river_left.txt").text
    assert fold(raw[position["start"] : position["end"]]) == quote["exact"] == "Marten River burst its banks on"
    assert target["source"].startswith("file://")


def test_export_of_a_missing_or_broken_notes_file_is_one_line(tmp_path: Path, capsys):
    bad = tmp_path / "bad.notes.yaml"
    bad.write_text("schema: [")
    assert main(["export", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("diptych: error:") and err.count("\n") == 1


def test_the_memo_quotes_article_text_as_written_not_as_markdown(tmp_path: Path, capsys):
    (tmp_path / "river_left.txt").write_text(
        (DATA / "river_left.txt").read_text()
        + "\n\n# Not a heading: a **bold** <b>claim</b> from the article.\n\n2016. Not a list either, a year.\n"
    )
    (tmp_path / "river_right.txt").write_text((DATA / "river_right.txt").read_text())
    s = open_pair(load_document(tmp_path / "river_left.txt"), load_document(tmp_path / "river_right.txt"))
    last = len(s.left.paragraphs) - 1
    s.put_note(new_note("Which *emphasis* is mine", (), (make_target(s.left, "left", last - 1),)))
    s.put_note(new_note("A year", (), (make_target(s.left, "left", last),)))
    s.save()
    assert main(["export", str(s.notes_path)]) == 0
    memo = capsys.readouterr().out
    assert "> \\# Not a heading: a \\*\\*bold\\*\\* \\<b\\>claim\\</b\\> from the article." in memo
    assert "> 2016\\. Not a list either, a year." in memo
    assert "Which *emphasis* is mine" in memo  # the note is the reader's own Markdown


def test_the_lines_of_a_note_stay_lines_when_the_memo_is_rendered(tmp_path: Path, capsys):
    """Markdown joins lines that follow one another: a note of two lines came out as one. Each line of the note
    is a paragraph of the memo (what pastes into an email or a CMS), and its blank lines add none."""
    for name in ("river_left.txt", "river_right.txt"):
        (tmp_path / name).write_text((DATA / name).read_text())
    s = open_pair(load_document(tmp_path / "river_left.txt"), load_document(tmp_path / "river_right.txt"))
    body = "Says “dictator”.\nSecond line: check AP style.\n\n\nA later thought,  \n- and a list"
    s.put_note(new_note(body, (), (make_target(s.left, "left", 2),)))
    s.save()
    assert main(["export", str(s.notes_path)]) == 0
    html = MarkdownIt("commonmark").render(capsys.readouterr().out)
    note = "<p>Says “dictator”.</p>\n<p>Second line: check AP style.</p>\n<p>A later thought,</p>\n<ul>\n<li>"
    assert note in html and "and a list" in html


def test_a_notes_own_markdown_blocks_are_left_whole_in_the_memo(tmp_path: Path, capsys):
    """Only plain lines of a note become paragraphs of their own: a blank line after every line turned a table
    into paragraphs, opened its fence's code with blank lines and lost its own, loosened a list and made an
    indented line code. A fence left open is closed, so the next note is not read as code."""
    for name in ("river_left.txt", "river_right.txt"):
        (tmp_path / name).write_text((DATA / name).read_text())
    s = open_pair(load_document(tmp_path / "river_left.txt"), load_document(tmp_path / "river_right.txt"))
    body = (
        "Two outlets, two words.\nCheck both.\n"
        "| outlet | word |\n|---|---|\n| Epoch Times | commander |\n| Breitbart | terror chief |\n"
        "```\nfirst = 1\n\nsecond = 2\n```\n"
        "- one\n- two\n  still two\n"
        "A line\n    indented under it"
    )
    s.put_note(new_note(body, (), (make_target(s.left, "left", 2),)))
    s.put_note(new_note("~~~\nleft open", (), (make_target(s.left, "left", 3),)))
    s.put_note(new_note("After the open fence", (), (make_target(s.left, "left", 4),)))
    s.save()
    assert main(["export", str(s.notes_path)]) == 0
    html = MarkdownIt("commonmark").enable("table").render(capsys.readouterr().out)
    assert "<p>Two outlets, two words.</p>\n<p>Check both.</p>\n<table>" in html
    assert "<td>Breitbart</td>\n<td>terror chief</td>\n</tr>\n</tbody>\n</table>" in html
    assert "<pre><code>first = 1\n\nsecond = 2\n</code></pre>" in html
    assert "<ul>\n<li>one</li>\n<li>two\nstill two</li>\n</ul>\n<p>A line</p>\n<p>indented under it</p>" in html
    assert "<pre><code>left open\n</code></pre>" in html and "<p>After the open fence</p>" in html
