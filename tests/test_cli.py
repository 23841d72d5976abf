"""The `diptych compare` command: JSON contract, Markdown report, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from tests.conftest import DATA


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_follows_the_compare_contract(capsys, seed_paths):
    left, right = seed_paths
    code, out, _ = run(capsys, "compare", str(left), str(right), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "diptych.compare/1"
    for side, path in (("left", left), ("right", right)):
        doc = data[side]
        assert doc["path"] == str(path)
        assert doc["title"]
        assert [p["index"] for p in doc["paragraphs"]] == list(range(len(doc["paragraphs"])))
        assert {p["role"] for p in doc["paragraphs"]} <= {"title", "byline", "caption", "body", "boilerplate"}
        raw = path.read_text(encoding="utf-8")
        for p in doc["paragraphs"]:
            assert p["text"] == " ".join(p["text"].split())
            assert p["text"].split()[0] in raw
    assert data["links"]
    for link in data["links"]:
        assert set(link) >= {"left", "right", "score", "kind"}
        assert link["kind"] in ("match", "partial") and 0 <= link["score"] <= 1
        assert all(isinstance(i, int) for i in link["left"] + link["right"])
    assert isinstance(data["contrasts"], list)


def test_markdown_report_lists_links_and_both_sides_omissions(capsys):
    code, out, _ = run(
        capsys, "compare", str(DATA / "river_left.txt"), str(DATA / "river_right.txt"), "--format", "markdown"
    )
    assert code == 0
    assert "## Linked paragraphs" in out
    assert "## Only in river left (the left article)" in out and "## Only in river right (the right article)" in out
    assert "water treatment plant" in out  # only on the left
    assert "Anglers on the upper Marten" in out  # only on the right
    headlines = next(line for line in out.splitlines() if line.startswith("| 0 | "))
    assert headlines.endswith("| — | headlines |")  # linked by rule: a score would mislead, as the reader says


def test_empty_article_gives_a_valid_result_and_a_warning(capsys, tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, out, err = run(capsys, "compare", str(empty), str(DATA / "river_left.txt"))
    assert code == 0
    data = json.loads(out)
    assert data["left"]["paragraphs"] == [] and data["links"] == []
    assert "warning" in err and "empty" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (lambda d: [str(d / "nope.txt"), str(DATA / "bakery.txt")], "no such file"),
        (lambda d: [str(d), str(DATA / "bakery.txt")], "is a directory"),
        (lambda d: [str(DATA / "bakery.txt")], "compare needs two or more articles"),
        (lambda d: [str(_binary(d)), str(DATA / "bakery.txt")], "binary"),
        (lambda d: [str(DATA / "bakery.txt"), str(DATA / "bakery.txt"), "--format", "xml"], "invalid choice"),
    ],
)
def test_errors_print_one_line_and_exit_2(capsys, tmp_path: Path, args, message: str):
    code, out, err = run(capsys, "compare", *args(tmp_path))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("diptych: error:") and message in err
    assert "Traceback" not in err


def _binary(d: Path) -> Path:
    f = d / "image.txt"
    f.write_bytes(bytes(range(256)) * 4)
    return f


def test_installed_command_runs_without_traceback(tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "reader.cli", "compare", str(tmp_path / "missing.txt"), str(DATA / "bakery.txt")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("diptych: error:") and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (lambda d: [str(DATA / "bakery.txt")], "give two articles"),
        (lambda d: [str(d)], "no story with two or more articles"),
        (lambda d: [str(DATA / "bakery.txt")] * 4, "two or three articles, not 4"),
        (lambda d: [str(d / "gone.txt"), str(DATA / "bakery.txt")], "no such file"),
    ],
)
def test_app_launch_errors_are_one_line(capsys, tmp_path: Path, args, message: str):
    code, out, err = run(capsys, *args(tmp_path))
    assert code == 2 and out == ""
    assert err.startswith("diptych: error:") and message in err and err.count("\n") == 1


def test_parallel_compare_gives_the_same_result_as_sequential(monkeypatch):
    from reader.analysis import comparison as compare_module

    monkeypatch.setattr(compare_module, "PARALLEL_FROM", 2)
    left, right = DATA / "river_left.txt", DATA / "river_right.txt"
    sequential = compare_module.compare(left, right)
    parallel = compare_module.compare(left, right, parallel=True)
    assert parallel.links == sequential.links
    assert parallel.contrasts == sequential.contrasts and parallel.loaded == sequential.loaded


def test_markdown_report_shows_article_text_as_written_and_names_sides_once(tmp_path: Path, capsys):
    """A file named left.txt has no outlet but "left": the report says "Left", not "Left, left". What an
    article writes that Markdown would format (emphasis, HTML, a pipe) shows as written."""
    text = (DATA / "river_left.txt").read_text(encoding="utf-8")
    (tmp_path / "left.txt").write_text(text + "\n\nA **bold** claim with <b>markup</b> | and a pipe.\n")
    (tmp_path / "right.txt").write_text((DATA / "river_right.txt").read_text(encoding="utf-8"))
    code, out, _ = run(
        capsys, "compare", str(tmp_path / "left.txt"), str(tmp_path / "right.txt"), "--format", "markdown"
    )
    assert code == 0
    assert "- **Left:** " in out and "Left, left" not in out and "## Only in the left article" in out
    assert "A \\*\\*bold\\*\\* claim with \\<b\\>markup\\</b\\> \\| and a pipe." in out  # in "Only in"
