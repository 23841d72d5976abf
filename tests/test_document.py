"""Loading (encodings, sanitising, errors) and splitting into paragraphs."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from reader.text.decoding import decode
from reader.text.document import LoadError
from reader.text.loading import document_from_text, load_document
from reader.text.paragraphs import split_spans
from reader.text.sanitise import sanitise

WRAPPED = """\
The committee met on Monday to consider the proposal, which would
change how the city funds its public libraries over the next ten
years.

Members were divided. Some argued that the plan would leave rural
branches without enough money to stay open on weekends, while others
said the new formula was fairer to fast-growing districts.

A final vote is expected next month.
"""

LONG_LINE = "The first paragraph is a long line of text, as web copies have it, with no wrapping at all. " * 2
PER_LINE = (
    "Title of the piece\n"
    "A caption line sits right under the title with a single newline.\n"
    "Jane Roe\n"
    "\n" + LONG_LINE + "\n"
    "The second paragraph follows after one newline only, which is common in copied pages.\n"
)


def texts(text: str) -> list[str]:
    return [p.text for p in document_from_text(text).paragraphs]


def test_hard_wrapped_text_joins_lines_into_paragraphs():
    paras = texts(WRAPPED)
    assert len(paras) == 3
    assert paras[0].startswith("The committee met") and paras[0].endswith("next ten years.")
    assert "rural branches" in paras[1]
    assert paras[2] == "A final vote is expected next month."


def test_one_paragraph_per_line_splits_on_single_newlines():
    paras = texts(PER_LINE)
    assert paras[:3] == [
        "Title of the piece",
        "A caption line sits right under the title with a single newline.",
        "Jane Roe",
    ]
    assert len(paras) == 5
    assert paras[3] == LONG_LINE.strip()
    assert paras[4].startswith("The second paragraph")


def test_markdown_headings_and_list_items_start_paragraphs():
    text = "# Heading\nIntro text that is short.\n\n- first item\n- second item\n"
    assert texts(text) == ["# Heading", "Intro text that is short.", "- first item", "- second item"]


def test_paragraph_text_is_the_file_text_with_whitespace_folded():
    doc = document_from_text("One  line\u00a0with   odd\tspacing.\n\nNext.")
    assert doc.paragraphs[0].text == "One line with odd spacing."
    p = doc.paragraphs[0]
    assert " ".join(doc.text[p.start : p.end].split()) == p.text


def test_spans_cover_every_non_space_character():
    text = WRAPPED + "\n\n" + PER_LINE
    spans = split_spans(text)
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(covered.split()) == "".join(text.split())


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("café – “quoted”".encode(), "café – “quoted”"),
        (codecs.BOM_UTF8 + "naïve".encode(), "naïve"),
        ("résumé – ‘x’".encode("cp1252"), "résumé – ‘x’"),
        ("Zürich".encode("latin-1"), "Zürich"),
        (codecs.BOM_UTF16_LE + "wide ñ".encode("utf-16-le"), "wide ñ"),
        ("utf8 é and ".encode() + "cp1252 é".encode("cp1252"), "utf8 é and cp1252 é"),
    ],
)
def test_decoding_keeps_every_character(data: bytes, expected: str):
    assert decode(data)[0] == expected


def test_crlf_and_lone_cr_become_newlines():
    assert texts("one\r\n\r\ntwo\rthree") == ["one", "two", "three"]


def test_terminal_escapes_and_controls_are_stripped():
    raw = "red \x1b[31mtext\x1b[0m, a \x1b]8;;http://x\x07link\x1b]8;;\x07, bell\x07 and\x00 nul\x9b tab\there"
    assert sanitise(raw) == "red text, a link, bell and nul tab\there"


def test_unterminated_osc_does_not_swallow_the_article():
    doc = document_from_text("Start \x1b]0;title without end\n\nSecond paragraph survives.")
    assert doc.paragraphs[-1].text == "Second paragraph survives."


def test_load_seed_roles(seed_paths):
    left, right = (load_document(p) for p in seed_paths)
    roles = {p.index: p.role.value for p in left.paragraphs}
    assert roles[0] == "title"
    assert roles[1] == "boilerplate"  # the repeated headline
    assert roles[2] == "caption"
    assert roles[3] == "byline"
    assert roles[4] == "boilerplate"  # "Updated:"
    assert roles[5] == "body"
    assert all(r == "boilerplate" for i, r in roles.items() if i >= 18)  # bio, share labels, related topics
    r_roles = [p.role.value for p in right.paragraphs]
    assert r_roles[0] == "title" and r_roles[1] == "caption"
    assert r_roles[-2:] == ["boilerplate", "boilerplate"]  # "Follow ... on Facebook", comment prompt
    assert r_roles[2:-2] == ["body"] * (len(r_roles) - 4)
    assert left.title.startswith("Moscow Condemns Killing")


def test_empty_file_gives_an_empty_document_with_a_warning(tmp_path: Path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    doc = load_document(f)
    assert doc.paragraphs == ()
    assert doc.warnings and "empty" in doc.warnings[0]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") and d / "bin.txt", "binary"),
        (lambda d: (d / "nul.txt").write_bytes(b"text\x00more") and d / "nul.txt", "NUL"),
    ],
)
def test_unreadable_inputs_raise_a_clear_load_error(tmp_path: Path, make, message: str):
    with pytest.raises(LoadError, match=message):
        load_document(make(tmp_path))


def test_size_limit_is_enforced_and_configurable(tmp_path: Path, monkeypatch):
    f = tmp_path / "big.txt"
    f.write_text("word " * 50_000)
    with pytest.raises(LoadError, match=r"over the .* limit"):
        load_document(f, limit=100_000)
    monkeypatch.setenv("DIPTYCH_MAX_MB", "0.1")
    with pytest.raises(LoadError, match="DIPTYCH_MAX_MB"):
        load_document(f)
    monkeypatch.setenv("DIPTYCH_MAX_MB", "1")
    assert load_document(f).paragraphs


def test_html_page_is_extracted(tmp_path: Path):
    f = tmp_path / "page.html"
    body = "".join(
        f"<p>Paragraph {i} of the story has enough words to count as real article text here.</p>" for i in range(5)
    )
    f.write_text(
        "<html><head><title>Storm hits coast</title></head><body><nav>Home | News | Sport</nav>"
        f"<article><h1>Storm hits coast</h1>{body}</article><footer>Cookie settings</footer></body></html>"
    )
    doc = load_document(f)
    assert doc.title == "Storm hits coast"
    assert any("Paragraph 3 of the story" in p.text for p in doc.paragraphs)
    assert not any("Cookie" in p.text for p in doc.paragraphs)
