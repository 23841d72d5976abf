"""Three accounts of one story: pairwise links gathered into facts reported by all, some or one outlet."""

from __future__ import annotations

import json

from reader.analysis.collation import Fact, collate, gather_facts
from reader.text.loading import document_from_text, load_document
from tests.conftest import DATA

RIVER = [DATA / f"river_{name}.txt" for name in ("left", "centre", "right")]


def test_facts_join_links_from_every_pair_and_keep_single_paragraphs():
    body = "This paragraph is long enough to read as the body of a news story, {}."
    docs = [
        document_from_text(f"Headline\n\n{body.format('one')}\n\n{body.format('two')}"),
        document_from_text(f"Headline\n\n{body.format('one')}\n\n{body.format('three')}"),
        document_from_text(f"Headline\n\n{body.format('one')}"),
    ]
    facts = gather_facts(docs, {(0, 1): [], (1, 2): []})
    assert all(f.single for f in facts)  # no links: every body paragraph is a fact of its own
    from reader.analysis.align import Link

    linked = gather_facts(docs, {(0, 1): [Link((1,), (1,), 0.9, "match")], (1, 2): [Link((1,), (1,), 0.8, "match")]})
    shared = [f for f in linked if f.shared_by_all]
    assert shared == [Fact(((1,), (1,), (1,)))]  # A-B and B-C join A, B and C, though A-C was never linked
    assert {f.articles for f in linked if f.single} == {(0,), (1,)}


def test_a_partial_link_does_not_make_a_third_outlet_report_what_two_others_do():
    """Centre ¶5 (the levees) had a weak partial link to left ¶5 (the rain forecast), which right ¶1 matches:
    chained, the levees read as a fact all three report, though right never mentions them (trial 19). A
    partial link joins only where the articles it would join are tied directly; matches chain."""
    from reader.analysis.align import Link

    body = "This paragraph is long enough to read as the body of a news story, {}."
    docs = [document_from_text(f"Headline\n\n{body.format(k)}\n\n{body.format(k + 1)}") for k in (0, 10, 20)]
    weak = {(0, 1): [Link((1,), (1,), 0.39, "partial")], (0, 2): [Link((1,), (1,), 1.0, "match")], (1, 2): []}
    facts = gather_facts(docs, weak)
    assert Fact(((1,), (), (1,))) in facts and Fact(((), (1,), ())) in facts  # left-right; centre alone
    tied = {**weak, (1, 2): [Link((1,), (1,), 0.3, "partial")]}  # centre tied to right as well: all three
    assert Fact(((1,), (1,), (1,))) in gather_facts(docs, tied)


def test_three_river_reports_collate_into_shared_and_single_facts():
    collation = collate([load_document(p) for p in RIVER])
    assert set(collation.pairs) == {(0, 1), (0, 2), (1, 2)}
    shared = [collation.documents[0].paragraphs[f.paragraphs[0][0]].text for f in collation.facts if f.shared_by_all]
    for fact in ("burst its banks", "state of emergency", "never seen the river this high"):
        assert any(fact in text for text in shared), f"{fact!r} is reported by all three"
    only_centre = [f for f in collation.facts if f.articles == (1,)]
    texts = [collation.documents[1].paragraphs[p].text for f in only_centre for p in f.paragraphs[1]]
    assert any("Red Cross" in t for t in texts)  # what the centre outlet alone reported


def test_links_read_the_same_from_either_article():
    collation = collate([load_document(p) for p in RIVER])
    for a, b in ((0, 2), (2, 0)):
        for link in collation.links(a, b):
            for i in link.left:
                assert set(link.right) <= set(collation.partners(a, i, b))
    fact = collation.fact_of(0, collation.facts[0].paragraphs[0][0]) if collation.facts[0].paragraphs[0] else None
    assert fact is None or fact == collation.facts[0]


def test_compare_takes_three_articles_and_gives_the_facts_in_json_and_a_column_per_outlet(capsys):
    from reader.cli import main

    assert main(["compare", *map(str, RIVER)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "diptych.compare/2" and len(data["articles"]) == 3
    assert [p["articles"] for p in data["pairs"]] == [[0, 1], [0, 2], [1, 2]]
    assert [a["outlet"] for a in data["articles"]] == ["river left", "river centre", "river right"]
    assert any(f["articles"] == [0, 1, 2] for f in data["facts"])
    assert all(len(f["paragraphs"]) == 3 for f in data["facts"])
    assert main(["compare", *map(str, RIVER), "--format", "markdown"]) == 0
    report = capsys.readouterr().out
    assert "| river left | river centre | river right |" in report and "## Only in river centre" in report


def test_two_articles_keep_the_first_json_shape_unless_asked(capsys):
    from reader.cli import main

    assert main(["compare", str(RIVER[0]), str(RIVER[2])]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "diptych.compare/1"
    assert main(["compare", str(RIVER[0]), str(RIVER[2]), "--schema", "2"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "diptych.compare/2"
    assert main(["compare", *map(str, RIVER), "--schema", "1"]) == 2
    assert "use --schema 2" in capsys.readouterr().err


def test_contrasts_across_three_articles_are_one_row_per_referent_with_a_column_per_outlet(capsys):
    from reader.analysis.collation import story_contrasts
    from reader.cli import main

    collation = collate([load_document(p) for p in RIVER])
    rows = story_contrasts(collation)
    assert rows and all(len(row.descriptors) == 3 and len(row.mentions) == 3 for row in rows)
    entities = [row.entity.casefold() for row in rows]
    assert len(entities) == len(set(entities)), "one row per referent, not one per pair"
    assert any(sum(1 for items in row.descriptors if items) == 3 for row in rows)  # described by all three
    assert main(["compare", *map(str, RIVER)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["contrasts"] and all(len(c["articles"]) == 3 for c in data["contrasts"])
