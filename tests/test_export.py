"""`diptych export`: the Markdown memo and Web Annotation JSON."""

from __future__ import annotations

import json
from pathlib import Path

from reader.cli import main
from reader.notes.model import make_target, new_note
from reader.notes.session import open_pair
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
    assert "## 1. Record | levels?" in memo
    assert "`loaded language`" in memo
    assert "linked ¶3: More than 4,000 people" in memo  # a one-sided note shows the linked counterpart
    assert "“Governor Alice Romero declared" in memo and "“Governor Alice Romero has declared" in memo
    assert "second line" in memo
    assert "| “Marten River burst its banks on” (¶2) |" in memo


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
