"""Notes: the YAML file, re-anchoring, corrections, sessions and saving that never loses a note."""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.analysis.align import align, pairs_of
from reader.launch import LaunchError, start_for
from reader.notes.anchoring import SPAN_ALIKE, reanchor
from reader.notes.corrections import apply_corrections, correction
from reader.notes.model import (
    ANCHORED,
    MOVED,
    ORPHANED,
    ArticleRef,
    ArticlesMissing,
    Correction,
    Note,
    NotesError,
    NotesFile,
    Position,
    Target,
    edited,
    make_target,
    new_note,
)
from reader.notes.notesfile import SCHEMA, from_data, load_notes, save_notes, to_yaml
from reader.notes.session import Session, articles_elsewhere, open_notes_file, open_pair, open_story
from reader.text import safeyaml
from reader.text.corpus import article_info, default_pair
from reader.text.loading import document_from_text, load_document
from reader.tui.app import OpenSession
from reader.tui.keymap import read_keymap_file
from tests.conftest import DATA

ARTICLE = (
    "Harbour deal signed\n\n"
    "The harbour union signed the deal on Monday after six weeks of talks.\n\n"
    "Union chief Piet Hollis called the agreement a victory for dock workers.\n\n"
    "Shipping firms said the new rates would raise prices for customers."
)


def doc(text: str = ARTICLE, name: str = "a.txt"):
    return replace(document_from_text(text), path=Path(name))


# --- the file ---------------------------------------------------------------------------------------------

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# What a notes file can hold and give back exactly: anything but controls (bar newline and tab) and bidi
# overrides, which are stripped from every string diptych reads (test_control_characters_in_a_notes_file...).
text_st = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=BIDI_CONTROLS),
        st.sampled_from("\n\t"),
    ),
    max_size=40,
)
target_st = st.builds(
    Target,
    side=st.sampled_from(["left", "right"]),
    paragraph=st.one_of(st.none(), st.integers(0, 500)),
    offset=st.integers(0, 5000),
    quote=text_st,
    prefix=text_st,
    suffix=text_st,
    state=st.sampled_from([ANCHORED, MOVED, ORPHANED]),
    moved_from=text_st,
).map(lambda t: t if t.state == MOVED else replace(t, moved_from=""))  # kept only while a move is unconfirmed
note_st = st.builds(
    Note,
    id=st.text("abcdef0123456789", min_size=4, max_size=12),
    created=st.just("2026-11-23T10:00:00Z"),
    updated=st.just("2026-11-23T11:00:00Z"),
    author=text_st,
    body=text_st,
    tags=st.lists(text_st, max_size=4).map(tuple),
    targets=st.lists(target_st, min_size=1, max_size=2).map(tuple),
)
file_st = st.builds(
    NotesFile,
    left=st.builds(ArticleRef, path=text_st.filter(bool), title=text_st, sha256=text_st),
    right=st.builds(ArticleRef, path=text_st.filter(bool), title=text_st, sha256=text_st),
    notes=st.lists(note_st, max_size=4, unique_by=lambda n: n.id).map(tuple),
    corrections=st.lists(
        st.builds(
            Correction, st.sampled_from(["pin", "reject"]), st.integers(0, 99), st.integers(0, 99), text_st, text_st
        ),
        max_size=3,
    ).map(tuple),
    position=st.builds(
        Position,
        side=st.sampled_from(["left", "right"]),
        left=st.integers(0, 99),
        right=st.integers(0, 99),
        layout=st.sampled_from(["reading", "aligned"]),
        sync=st.booleans(),
    ),
)


@settings(max_examples=150)
@given(file_st)
def test_notes_saved_and_loaded_are_equal(session: NotesFile):
    assert from_data(safeyaml.loads(to_yaml(session)), "t") == session


def test_file_is_readable_yaml_with_block_bodies_and_unicode():
    n = new_note("First line\nsecond “line”", ("omission",), (make_target(doc(), "left", 2, 10, 20),), author="ana")
    text = to_yaml(NotesFile(ArticleRef("a.txt", "T", "x"), ArticleRef("b.txt", "U", "y"), (n,)))
    assert text.startswith(f"schema: {SCHEMA}\n")
    assert "body: |-\n    First line\n    second “line”" in text
    assert text.index("articles:") < text.index("position:") < text.index("corrections:") < text.index("notes:")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("schema: diptych.notes/1\narticles: [\n", "not valid YAML"),
        ("!!python/object/apply:os.system ['echo hacked']\n", "not valid YAML"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("schema: diptych.notes/9\narticles: {}\n", "newer diptych"),
        ("hello: world\n", "not a diptych notes file"),
        (
            f"schema: {SCHEMA}\narticles: {{left: {{path: a}}, right: {{path: b}}}}\nnotes: [{{id: 1}}]\n",
            "notes[0].id must be text",
        ),
        (
            f"schema: {SCHEMA}\narticles: {{left: {{path: a}}, right: {{path: b}}}}\n"
            "notes: [{id: x, created: t, targets: [{side: left, quote: q, paragraph: -1}]}]\n",
            "notes[0].targets[0].paragraph must be a whole number",
        ),
        (f"schema: {SCHEMA}\narticles: {{left: {{path: a}}}}\n", "articles.right must be a mapping"),
    ],
)
def test_corrupt_and_hostile_files_are_refused_with_a_clear_message(tmp_path: Path, content: str, message: str):
    f = tmp_path / "x.notes.yaml"
    f.write_text(content)
    with pytest.raises(NotesError, match=re.escape(message)):
        load_notes(f)
    assert f.read_text() == content  # never touched


def billion_laughs() -> str:
    """A YAML file of a few hundred bytes that expands to 9**9 strings if its aliases are followed."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 9):
        prev = chr(ord("a") + k - 1)
        cur = chr(ord("a") + k)
        lines.append(f"{cur}: &{cur} [{','.join('*' + prev for _ in range(9))}]")
    return "\n".join(lines)


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path):
    f = tmp_path / "bomb.notes.yaml"
    f.write_text(billion_laughs())
    with pytest.raises(NotesError, match="aliases"):
        load_notes(f)


def test_keymaps_and_metadata_refuse_billion_laughs_too(tmp_path: Path):
    """Keymaps and story folders are shared as well: their YAML goes through the same guarded reader."""
    keymap = tmp_path / "keys.yaml"
    keymap.write_text(billion_laughs())
    entries, warnings = read_keymap_file(keymap, {"next-link"})
    assert entries == {} and "aliases" in warnings[0] and "using the defaults" in warnings[0]
    article = tmp_path / "one.txt"
    article.write_text("A headline\n\nA paragraph.\n")
    article.with_suffix(".meta.yaml").write_text(billion_laughs())
    assert article_info(article).outlet == ""


def test_huge_file_is_refused(tmp_path: Path):
    f = tmp_path / "huge.notes.yaml"
    f.write_bytes(b"# " + b"x" * (safeyaml.MAX_BYTES + 10))
    with pytest.raises(NotesError, match="over the 8 MB limit for a diptych YAML file"):
        load_notes(f)


# --- atomic saving --------------------------------------------------------------------------------------


def _session_file(notes=()) -> NotesFile:
    return NotesFile(ArticleRef("a.txt", "A", "1"), ArticleRef("b.txt", "B", "2"), tuple(notes))


def test_an_interrupted_save_leaves_the_old_file_intact(tmp_path: Path, monkeypatch):
    f = tmp_path / "s.notes.yaml"
    save_notes(_session_file(), f)
    before = f.read_text()

    def crash(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    note = new_note("lost?", (), (make_target(doc(), "left", 1),))
    with pytest.raises(NotesError, match="No space left on device"):
        save_notes(_session_file([note]), f)
    assert f.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.notes.yaml"]  # no temporary file left behind


def test_read_only_file_system_is_reported_and_nothing_is_written(tmp_path: Path, monkeypatch):
    import errno
    import tempfile

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(NotesError, match="Read-only file system"):
        save_notes(_session_file(), tmp_path / "x.notes.yaml")
    assert list(tmp_path.iterdir()) == []


def test_read_only_folder_gives_a_clear_error(tmp_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(NotesError, match="could not save notes"):
            save_notes(_session_file(), folder / "x.notes.yaml")
    finally:
        folder.chmod(0o700)


# --- re-anchoring ----------------------------------------------------------------------------------------


def quote_target(text: str = ARTICLE, quote: str = "Piet Hollis called the agreement") -> Target:
    d = doc(text)
    p = next(p for p in d.paragraphs if quote in p.text)
    start = p.text.index(quote)
    return make_target(d, "left", p.index, start, start + len(quote))


def test_unchanged_text_keeps_the_anchor():
    t = quote_target()
    assert reanchor(t, doc()) == t


def test_text_inserted_before_the_anchor():
    t = quote_target()
    changed = ARTICLE.replace("Union chief Piet", "Veteran union chief Piet")
    placed = reanchor(t, doc(changed))
    assert placed.state == ANCHORED and placed.quote == t.quote and placed.offset == t.offset + len("Veteran u") - 1


def test_paragraphs_inserted_and_the_paragraph_moved():
    t = quote_target()
    paras = ARTICLE.split("\n\n")
    changed = "\n\n".join([paras[0], "A new paragraph.", paras[3], paras[1], paras[2]])
    placed = reanchor(t, doc(changed))
    d = doc(changed)
    assert placed.state == ANCHORED and placed.paragraph == 4
    assert d.paragraphs[4].text[placed.offset : placed.offset + len(placed.quote)] == t.quote


def test_slightly_reworded_quote_is_moved():
    t = quote_target()
    changed = ARTICLE.replace("Piet Hollis called the agreement", "Piet Hollis called this agreement")
    placed = reanchor(t, doc(changed))
    assert placed.state == MOVED and placed.quote == "Piet Hollis called this agreement"


ENVOY = (
    "Envoy speaks\n\n"
    "The talks went on all night.\n\n"
    "The envoy said the ministry would respond, RIA reported from Moscow.\n\n"
    "Markets were calm."
)


def test_a_rewording_longer_than_the_quote_is_taken_whole_and_becomes_the_quote():
    """The alignment has the old quote's length: the words a rewording adds at the end used to be cut off
    ("Moscow." lost)."""
    t = quote_target(ENVOY, "The envoy said the ministry would respond, RIA reported from Moscow.")
    changed = ENVOY.replace("would respond, RIA", "would respond firmly, RIA")
    placed = reanchor(t, doc(changed))
    assert placed.state == MOVED
    assert placed.quote == "The envoy said the ministry would respond firmly, RIA reported from Moscow."
    assert placed.offset == 0 and placed.suffix == ""


def test_a_rewording_shorter_than_the_quote_is_not_padded_with_the_next_words():
    t = quote_target(ENVOY, "the ministry would respond, RIA reported")
    changed = ENVOY.replace("the ministry would respond, RIA", "the ministry would reply, RIA")
    placed = reanchor(t, doc(changed))
    assert placed.state == MOVED and placed.quote == "the ministry would reply, RIA reported"


def test_a_moved_note_stays_moved_on_its_words_until_it_is_saved_from_the_editor():
    t = quote_target()
    reworded = ARTICLE.replace("Piet Hollis called the agreement", "Piet Hollis called this agreement")
    moved = reanchor(t, doc(reworded))
    assert moved.state == MOVED
    again = reanchor(moved, doc(reworded))  # the next opening: found exactly where it was saved
    assert again.state == MOVED and again.quote == moved.quote
    elsewhere = reanchor(moved, doc("Update\n\n" + reworded))  # found exactly, in another paragraph
    assert elsewhere.state == MOVED
    confirmed = edited(Note("n1", "t", "t", "ana", "body", (), (again,)), "body, checked", ())
    assert confirmed.targets[0].state == ANCHORED
    assert reanchor(confirmed.targets[0], doc(reworded)).state == ANCHORED


def test_a_moved_note_keeps_the_words_it_was_on_until_it_is_confirmed():
    """The editor shows what a moved note quoted before, to check the rewording against: the notes file keeps
    it (an extra key, `moved_from`, after `state`) while the note is moved, and drops it once confirmed."""
    t = quote_target()
    reworded = ARTICLE.replace("Piet Hollis called the agreement", "Piet Hollis called this agreement")
    moved = reanchor(t, doc(reworded))
    assert moved.state == MOVED and moved.moved_from == "Piet Hollis called the agreement"
    # The quote is now the reworded words, and the words it was on are kept apart, for the editor to compare.
    assert moved.excerpt == "Piet Hollis called this agreement" != moved.moved_from
    assert reanchor(moved, doc(reworded)).moved_from == moved.moved_from  # the next opening, on its words
    twice = reanchor(moved, doc(reworded.replace("called this agreement", "called that agreement")))
    assert twice.state == MOVED and twice.moved_from == "Piet Hollis called the agreement"  # not the last guess
    note = Note("n1", "t", "t", "ana", "body", (), (twice,))
    files = NotesFile(ArticleRef("a.txt", "T", "x"), ArticleRef("b.txt", "U", "y"), (note,))
    text = to_yaml(files)
    assert "    state: moved\n    moved_from: Piet Hollis called the agreement\n" in text
    assert from_data(safeyaml.loads(text), "t") == files
    confirmed = edited(note, "body, checked", ())
    assert confirmed.targets[0].moved_from == "" and "moved_from" not in to_yaml(replace(files, notes=(confirmed,)))
    assert reanchor(twice, doc(ARTICLE.replace("Piet Hollis called the agreement", "He left"))).moved_from == ""


def test_deleted_quote_is_orphaned_and_keeps_its_text():
    t = quote_target()
    changed = ARTICLE.replace("Union chief Piet Hollis called the agreement a victory for dock workers.", "He left.")
    placed = reanchor(t, doc(changed))
    assert placed.state == ORPHANED and placed.quote == t.quote


def test_a_lookalike_without_context_is_not_used():
    t = quote_target(quote="the deal")
    lookalikes = "Headline\n\nThey rejected the deal outright.\n\nLater the deal was forgotten by all."
    placed = reanchor(t, doc(lookalikes))
    assert placed.state == ORPHANED


words_st = st.lists(
    st.sampled_from("harbour deal union signed talks chief firms rates prices the a on".split()),
    min_size=3,
    max_size=30,
)


@settings(max_examples=120)
@given(words_st, words_st, st.integers(0, 2), st.integers(1, 4))
def test_reanchoring_never_moves_a_note_to_a_passage_without_its_quote(before, after, k, length):
    old = doc("Title\n\n" + " ".join(before))
    text = old.paragraphs[1].text
    ws = text.split()
    start_word = min(k, len(ws) - 1)
    quote = " ".join(ws[start_word : start_word + length])
    start = text.index(quote)
    t = make_target(old, "left", 1, start, start + len(quote))
    new = doc("Title\n\n" + " ".join(after))
    placed = reanchor(t, new)
    if placed.state == ANCHORED:
        assert new.paragraphs[placed.paragraph].text[placed.offset : placed.offset + len(placed.quote)] == quote
    elif placed.state == MOVED:  # a close rewording (85% of it found), taken whole: still 70% alike
        from rapidfuzz import fuzz

        assert fuzz.ratio(placed.quote, quote) >= SPAN_ALIKE
    else:
        assert placed.quote == quote


# --- corrections ------------------------------------------------------------------------------------------


def test_corrections_pin_and_reject_links_and_survive_edits():
    left, right = load_document(DATA / "river_left.txt"), load_document(DATA / "river_right.txt")
    links = align(left, right)
    assert (4, 4) in pairs_of(links) and (7, 5) not in pairs_of(links)
    fixes = [correction("reject", left, right, 4, 4), correction("pin", left, right, 7, 5)]
    corrected = apply_corrections(links, fixes, left, right)
    assert (4, 4) not in pairs_of(corrected)
    pinned = next(link for link in corrected if link.left == (7,))
    # A pin the aligner did not make is the reader's judgement: marked, not dressed up as a perfect match.
    assert pinned.right == (5,) and pinned.pinned and pinned.kind == "pinned" and pinned.score == 0.0
    # A paragraph inserted at the top shifts every index; the quotes find the paragraphs again.
    edited = replace(document_from_text("Breaking\n\n" + left.text), path=left.path)
    corrected = apply_corrections(align(edited, right), fixes, edited, right)
    assert (8, 5) in pairs_of(corrected) and (5, 4) not in pairs_of(corrected)


# --- sessions ---------------------------------------------------------------------------------------------


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    left, right = tmp_path / "left.txt", tmp_path / "right.txt"
    left.write_text((DATA / "river_left.txt").read_text())
    right.write_text((DATA / "river_right.txt").read_text())
    return left, right


def test_session_round_trip_reopens_articles_notes_corrections_and_position(tmp_path: Path):
    left, right = _pair(tmp_path)
    session = open_pair(load_document(left), load_document(right))
    assert session.notes_path == tmp_path / "left--right.notes.yaml"
    n = new_note("Only here", ("omission",), (make_target(session.left, "left", 6),))
    session.put_note(n)
    session.set_corrections((correction("pin", session.left, session.right, 7, 5),))
    session.position = Position("right", 3, 2, "aligned", False)
    session.save()
    again = open_notes_file(session.notes_path)
    assert again.notes == [n]
    assert again.corrections == session.corrections
    assert again.position == session.position
    assert again.left.text == session.left.text
    stored = safeyaml.read(session.notes_path)
    assert stored["articles"]["left"]["path"] == "left.txt"  # relative to the notes file


def test_a_moved_notes_file_finds_articles_relative_to_itself_or_names_the_missing_one(tmp_path: Path):
    left, right = _pair(tmp_path)
    session = open_pair(load_document(left), load_document(right))
    session.save()
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    (tmp_path / "left.txt").rename(moved / "left.txt")
    (tmp_path / "right.txt").rename(moved / "right.txt")
    session.notes_path.rename(moved / session.notes_path.name)
    assert open_notes_file(moved / session.notes_path.name).left.path == moved / "left.txt"
    (moved / "right.txt").unlink()
    with pytest.raises(NotesError, match=r"right article is missing: .*right.txt"):
        open_notes_file(moved / session.notes_path.name)


def test_missing_articles_are_named_with_those_found_and_the_advice_keeps_the_notes(tmp_path: Path):
    """Every missing article is named (not the first alone), and so is the one found; the advice opens the
    articles with this notes file, which keeps its notes, not with a new one, which started empty."""
    left, right = _pair(tmp_path)
    session = open_pair(load_document(left), load_document(right), tmp_path / "story.notes.yaml")
    session.put_note(new_note("a finding", (), (make_target(session.left, "left", 1),)))
    session.save()
    alone = tmp_path / "alone"
    alone.mkdir()
    notes = alone / "story.notes.yaml"
    notes.write_bytes(session.notes_path.read_bytes())
    with pytest.raises(ArticlesMissing, match=r"both articles are missing: the left at .*alone/left.txt \(stored") as e:
        open_notes_file(notes)
    assert "the right at " in str(e.value) and [p for p, at in e.value.found.items() if at is None] == ["left", "right"]
    with pytest.raises(LaunchError) as launch:
        start_for([str(notes)])
    assert str(launch.value).endswith(f"diptych LEFT RIGHT --notes {notes})") and "NEW" not in str(launch.value)
    (alone / "left.txt").write_bytes(left.read_bytes())
    with pytest.raises(NotesError, match=r"the right article is missing: .*alone/right.txt .*; the left one was found"):
        open_notes_file(notes)
    with pytest.raises(LaunchError, match=re.escape(f"diptych {alone / 'left.txt'} RIGHT --notes {notes})")):
        start_for([str(notes)])

    centre = tmp_path / "centre.txt"
    centre.write_text((DATA / "river_centre.txt").read_text())
    three = open_story([load_document(p) for p in (left, centre, right)], tmp_path / "three.notes.yaml")
    three.save()
    (alone / "three.notes.yaml").write_bytes(three.notes_path.read_bytes())
    with pytest.raises(LaunchError) as launch:
        start_for([str(alone / "three.notes.yaml")])
    message = str(launch.value)
    assert (
        "the centre and right articles are missing: the centre at " in message and "; the left one was found" in message
    )
    assert message.endswith(f"diptych {alone / 'left.txt'} CENTRE RIGHT --notes {alone / 'three.notes.yaml'})")


def test_following_the_advice_with_an_edited_article_re_anchors_the_notes_onto_it(tmp_path: Path):
    """The usual case: the notes file travels alone and the articles turn up elsewhere, one of them updated
    since. The advice (`diptych LEFT RIGHT --notes THAT_FILE`) was refused as "notes on other articles", which
    advised `diptych THAT_FILE` again: a circle. Where the stored article is nowhere to be found, the one named
    takes its place and the notes are re-anchored onto it; the file is rewritten only by a save."""
    left, right = _pair(tmp_path)
    session = open_pair(load_document(left), load_document(right), tmp_path / "story.notes.yaml")
    session.put_note(new_note("on the words", (), (make_target(session.left, "left", 2, 4, 35),)))
    session.put_note(new_note("on the forecast", (), (make_target(session.left, "left", 5),)))
    session.put_note(new_note("on the right", (), (make_target(session.right, "right", 2),)))
    session.save()
    alone, new = tmp_path / "alone", tmp_path / "new"
    alone.mkdir()
    new.mkdir()
    notes = alone / "story.notes.yaml"
    session.notes_path.rename(notes)
    edited_left, moved_right = new / "L.txt", new / "R.txt"
    forecast = session.left.paragraphs[5].text
    edited_left.write_text(
        left.read_text().replace("burst its banks on", "burst its banks late on").replace(forecast, "")
    )
    left.unlink()
    right.rename(moved_right)
    before = notes.read_bytes()

    with pytest.raises(LaunchError) as advised:
        start_for([str(notes)])
    command = shlex.split(str(advised.value).rsplit("diptych ", 1)[1].removesuffix(")"))
    assert command == ["LEFT", "RIGHT", "--notes", str(notes)]
    start = start_for([str(edited_left), str(moved_right)], notes=command[3])  # what the reader types

    assert isinstance(start, OpenSession)
    reopened = start.session
    states = {n.body: n.targets[0].state for n in reopened.notes}
    assert states == {"on the words": MOVED, "on the forecast": ORPHANED, "on the right": ANCHORED}
    assert reopened.notes[0].targets[0].quote == "Marten River burst its banks late on"
    said = " ".join(reopened.messages)
    assert "The notes on the left article were on left.txt, which is nowhere to be found" in said
    assert f"re-anchored onto {edited_left}: of 2 notes, 0 on the same words, 1 moved, 1 orphaned." in said
    assert "right article" not in said  # the same text moved: nothing to re-anchor there
    assert notes.read_bytes() == before and reopened.dirty  # unsaved, not rewritten on opening

    reopened.save()
    stored = load_notes(notes)
    assert (stored.left.path, stored.right.path) == ("../new/L.txt", "../new/R.txt")
    again = open_notes_file(notes)  # (start_for asks first: the articles are outside the notes file's folder)
    assert again.left.path.resolve() == edited_left and not any("nowhere" in m for m in again.messages)
    assert {n.body: n.targets[0].state for n in again.notes} == states  # moved until confirmed


def test_named_articles_do_not_take_over_notes_on_articles_that_still_exist(tmp_path: Path):
    """Only an article that is nowhere to be found is replaced: where the stored one is still somewhere (at
    its path, or beside the notes file), the notes are about it, and the file is refused as before."""
    left, right = _pair(tmp_path)
    session = open_pair(load_document(left), load_document(right), tmp_path / "story.notes.yaml")
    session.put_note(new_note("a finding", (), (make_target(session.left, "left", 2),)))
    session.save()
    before = session.notes_path.read_bytes()
    other = tmp_path / "other.txt"
    other.write_text(left.read_text().replace("burst its banks on", "burst its banks late on"))
    with pytest.raises(NotesError, match="holds notes on other articles"):
        open_pair(load_document(other), load_document(right), session.notes_path)
    beside = tmp_path / "alone"
    beside.mkdir()
    for path in (left, session.notes_path):  # the left one found beside the notes file, by name and text
        path.rename(beside / path.name)
    with pytest.raises(NotesError, match="holds notes on other articles"):
        open_pair(load_document(other), load_document(right), beside / "story.notes.yaml")
    assert (beside / "story.notes.yaml").read_bytes() == before


def test_notes_sent_with_their_articles_in_one_folder_find_them_there(tmp_path: Path):
    """A colleague keeps articles in a subfolder (or elsewhere) and sends the notes file with the articles
    beside it: the notes file names paths that do not exist here, but the same text of the same name beside
    it is the article. A file of that name with other text is not."""
    mine = tmp_path / "mine"
    (mine / "articles").mkdir(parents=True)
    left, right = _pair(mine / "articles")
    session = open_pair(load_document(left), load_document(right), mine / "story.notes.yaml")
    session.put_note(new_note("a finding", (), (make_target(session.left, "left", 1),)))
    session.save()
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    for path in (left, right, session.notes_path):
        (theirs / path.name).write_bytes(path.read_bytes())
    reopened = open_notes_file(theirs / "story.notes.yaml")
    assert reopened.left.path == theirs / "left.txt" and reopened.right.path == theirs / "right.txt"
    assert [n.body for n in reopened.notes] == ["a finding"] and reopened.notes[0].targets[0].state == "anchored"
    assert any("left article was not at articles/left.txt" in m for m in reopened.messages)
    assert articles_elsewhere(theirs / "story.notes.yaml") == {}  # found beside the notes: nothing to trust
    (theirs / "right.txt").write_text("Another story altogether.\n")
    with pytest.raises(NotesError, match=r"right article is missing: .*articles/right.txt"):
        open_notes_file(theirs / "story.notes.yaml")


def test_the_bundled_pairs_notes_find_its_articles_after_a_reinstall(tmp_path: Path):
    """Notes on the bundled pair name its articles where diptych was installed; installed elsewhere (a new
    virtual environment), they are found among the articles diptych ships, by name and text."""
    docs = [load_document(p) for p in default_pair()]
    session = open_pair(docs[0], docs[1], tmp_path / "bundled.notes.yaml")
    session.put_note(new_note("mine", (), (make_target(session.left, "left", 2),)))
    session.save()
    text = session.notes_path.read_text(encoding="utf-8")
    old_install = "/old/venv/lib/python3.11/site-packages/corpus"
    for doc in docs:
        assert doc.path is not None
        text = text.replace(os.path.relpath(doc.path, tmp_path), f"{old_install}/{doc.path.name}")
    session.notes_path.write_text(text, encoding="utf-8")
    reopened = open_notes_file(session.notes_path)
    assert [n.body for n in reopened.notes] == ["mine"] and reopened.left.path == docs[0].path
    assert articles_elsewhere(session.notes_path) == {}


def test_a_notes_file_that_failed_to_load_is_never_overwritten(tmp_path: Path):
    left, right = _pair(tmp_path)
    broken = tmp_path / "left--right.notes.yaml"
    broken.write_text("schema: [broken\n")
    session = open_pair(load_document(left), load_document(right))
    assert session.load_error and "not valid YAML" in session.messages[0]
    session.put_note(new_note("keep me", (), (make_target(session.left, "left", 2),)))
    with pytest.raises(NotesError, match="not overwritten"):
        session.save()
    assert broken.read_text() == "schema: [broken\n"
    session.save(tmp_path / "rescued.notes.yaml")
    assert load_notes(tmp_path / "rescued.notes.yaml").notes[0].body == "keep me"
    assert broken.read_text() == "schema: [broken\n"


def test_the_copy_saved_instead_of_an_unreadable_notes_file_is_named_at_the_next_opening(tmp_path: Path):
    """Save-as from an unreadable notes file offers NAME.copy.notes.yaml; the next opening of the pair showed
    the same error and 0 notes, and the copy looked lost (trial 19)."""
    left, right = _pair(tmp_path)
    (tmp_path / "left--right.notes.yaml").write_text("schema: [broken\n")
    session = open_pair(load_document(left), load_document(right))
    assert not any(".copy" in m for m in session.messages)
    session.put_note(new_note("keep me", (), (make_target(session.left, "left", 2),)))
    session.save(tmp_path / "left--right.copy.notes.yaml")
    again = open_pair(load_document(left), load_document(right))
    assert again.load_error and not again.notes
    assert any(f"saved since are in {tmp_path / 'left--right.copy.notes.yaml'}" in m for m in again.messages)


def test_edited_article_reanchors_notes_on_reopening(tmp_path: Path):
    left, right = _pair(tmp_path)
    session = open_pair(load_document(left), load_document(right))
    d = session.left
    quote = "burst its banks"
    p = next(p for p in d.paragraphs if quote in p.text)
    start = p.text.index(quote)
    session.put_note(new_note("check", (), (make_target(d, "left", p.index, start, start + len(quote)),)))
    gone = new_note("gone", (), (make_target(d, "left", 7),))
    session.put_note(gone)
    session.save()
    text = left.read_text()
    left.write_text("Update: new top paragraph.\n\n" + text.replace(d.paragraphs[7].text, "Shops reopened."))
    again: Session = open_notes_file(session.notes_path)
    first, second = again.notes
    assert first.targets[0].state == ANCHORED and first.targets[0].paragraph == p.index + 1
    assert second.orphaned and second.targets[0].quote == d.paragraphs[7].text
    assert any("changed" in m for m in again.messages) and any("orphaned" in m for m in again.messages)


def test_reopening_names_an_emergency_copy_until_its_notes_are_back(tmp_path: Path):
    """A terminal closed with notes unsaved leaves an emergency copy; every opening of the pair says where it
    is and how to get the notes back, edits and saves since notwithstanding, until the notes file holds what
    the copy holds. A name with glob characters is found too."""
    left = load_document(DATA / "river_left.txt")
    right = load_document(DATA / "river_right.txt")
    notes_path = tmp_path / "river[1].notes.yaml"
    session = open_pair(left, right, notes_path)
    lost = new_note("unsaved when the terminal closed", (), (make_target(left, "left", 2),))
    session.put_note(lost)
    copy = session.emergency_save()
    assert copy is not None and copy.parent == tmp_path
    reopened = open_pair(left, right, notes_path)
    assert any(f"diptych '{copy}'" in message for message in reopened.messages)  # quoted for the shell
    assert not reopened.notes  # brought back only by opening the copy, which holds them
    assert [n.body for n in load_notes(copy).notes] == ["unsaved when the terminal closed"]
    reopened.put_note(new_note("written since", (), (make_target(left, "left", 3),)))
    reopened.save()
    again = open_pair(left, right, notes_path)
    assert any(str(copy) in message for message in again.messages)  # a later save does not hide it
    again.put_note(lost)  # the lost note is back in the notes file (as opening the copy and saving does)
    again.save()
    assert not any("emergency" in message for message in open_pair(left, right, notes_path).messages)
