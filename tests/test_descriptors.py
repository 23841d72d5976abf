"""Referents, descriptors, voice and contrasts (reader.parse, reader.referents, reader.voice, reader.descriptors),
on invented sentences: one test a construction."""

from __future__ import annotations

import json

import pytest

from reader.analysis import parse
from reader.analysis.descriptors import body_names, find_contrasts, parse_document, sentence_case
from reader.analysis.voice import quoted_tokens
from reader.text.loading import document_from_text


def doc(*paragraphs: str):
    return document_from_text("\n\n".join(paragraphs))


def contrasts(left: list[str], right: list[str], links=None):
    return find_contrasts(doc(*left), doc(*right), links)


def about(found, word: str):
    """The contrast whose referent label holds `word`."""
    return next(c for c in found.entities if word.lower() in c.entity.lower())


def texts(items) -> list[str]:
    return [d.text for d in items if d.kind != "name"]


TITLE = "A headline about the day in the capital"


# --- the parse ----------------------------------------------------------------------------------------------


def test_parse_gives_plain_tokens_with_offsets_heads_and_entities():
    (p,) = parse.parse_texts(["Mayor Lena Ortiz opened the new bridge in Dunmore."])
    assert all(p.text[t.start : t.end] == t.text for t in p.tokens)
    bridge = next(t for t in p.tokens if t.text == "bridge")
    assert bridge.pos == "NOUN" and p.tokens[bridge.head].lemma == "open"
    assert ("PERSON" in {kind for _, _, kind in p.entities()}) or any(t.ent == "PERSON" for t in p.tokens)
    assert p.subtree(bridge.i)[0] < bridge.i  # "the new" hangs off it


def test_parses_are_cached_and_a_damaged_cache_entry_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPTYCH_CACHE_DIR", str(tmp_path))
    texts_ = ["The ferry left the harbour at dawn.", "Its captain waved."]
    first = parse.parse_texts(texts_)
    (entry,) = (tmp_path / "parses").glob("*.json")
    calls = []
    real = parse.pipeline
    monkeypatch.setattr(parse, "pipeline", lambda: calls.append(1) or real())
    assert parse.parse_texts(texts_) == first and not calls  # from the cache
    entry.write_text("{not json", encoding="utf-8")
    assert parse.parse_texts(texts_) == first and calls  # parsed again, no error
    entry.write_text(json.dumps([[[0, 3, "x", "NOUN", "NN", "ROOT", 99, "", 0, 0]], []]), encoding="utf-8")
    assert parse.parse_texts(texts_) == first  # a head out of range: parsed again


def test_a_title_case_headline_is_parsed_with_its_common_words_in_lower_case():
    names = body_names(["The harbour of Dunmore, said Mayor Ortiz, will grow. The DNC agreed."])
    assert {"Dunmore", "Mayor", "Ortiz", "DNC"} <= names and "The" not in names
    assert sentence_case("Council Approves Harbour Plan For Dunmore", names) == (
        "council approves harbour plan for Dunmore"
    )
    assert sentence_case("DESPERATION: DNC Sues", names) == "desperation: DNC sues"
    assert sentence_case("An ordinary sentence about the plan", names) == "An ordinary sentence about the plan"


# --- descriptors, one construction at a time ----------------------------------------------------------------------


def test_premodifiers_of_a_name_are_descriptors():
    found = contrasts(
        [TITLE, "Veteran diplomat Tomas Varga arrived in the port city on Monday."],
        [TITLE, "Notorious warmonger Tomas Varga arrived in the port city on Monday."],
    )
    c = about(found, "Varga")
    assert c.kind == "person"
    assert texts(c.left) == ["Veteran diplomat"] and texts(c.right) == ["Notorious warmonger"]


def test_an_appositive_describes_the_name_beside_it():
    found = contrasts(
        [TITLE, "Lena Ortiz, a veteran negotiator, opened the talks in Geneva."],
        [TITLE, "Lena Ortiz, a hardline ideologue, opened the talks in Geneva."],
    )
    c = about(found, "Ortiz")
    assert "a veteran negotiator" in texts(c.left) and "a hardline ideologue" in texts(c.right)
    assert all(d.kind == "appositive" for d in c.left if d.kind != "name")


def test_a_noun_before_a_name_in_apposition_describes_the_name():
    found = contrasts(
        [TITLE, "The mayor's deputy, Omar Haddad, signed the order."],
        [TITLE, "The mayor's longtime fixer, Omar Haddad, signed the order."],
    )
    c = about(found, "Haddad")
    assert any("deputy" in t for t in texts(c.left)) and any("fixer" in t for t in texts(c.right))


def test_a_relative_clause_describes_a_name():
    found = contrasts(
        [TITLE, "Ruth Mbeki, who founded the charity in 1998, spoke at the dinner."],
        [TITLE, "Ruth Mbeki, who was fined for fraud last year, spoke at the dinner."],
    )
    c = about(found, "Mbeki")
    assert any(t.startswith("who founded the charity") for t in texts(c.left))
    assert any(t.startswith("who was fined for fraud") for t in texts(c.right))
    assert {d.kind for d in c.left if d.kind != "name"} == {"relative"}


def test_a_labelling_predicate_describes_its_subject():
    found = contrasts(
        [TITLE, "The treaty is a historic breakthrough for the region."],
        [TITLE, "The treaty is a dangerous capitulation to the rebels."],
    )
    c = about(found, "treaty")
    assert any(t.startswith("a historic breakthrough") for t in texts(c.left))
    assert any(t.startswith("a dangerous capitulation") for t in texts(c.right))
    assert c.kind == "thing"


def test_common_noun_phrases_match_by_head_and_their_modifiers_differ():
    found = contrasts(
        [TITLE, "The council passed the reckless tariff plan on Tuesday.", "Critics said the plan would fail."],
        [TITLE, "The council passed the modest tariff plan on Tuesday.", "Supporters said the plan would work."],
    )
    c = about(found, "plan")
    assert "head" in c.matched_by
    assert texts(c.left)[0] == "the reckless tariff plan" and texts(c.right)[0] == "the modest tariff plan"


def test_one_head_noun_modified_by_different_words_is_two_referents_not_a_contrast():
    """ "The weather service" and "the fire service", "37 people" and "4,000 people", "the governor's office"
    and "the weather office": one head noun, each always told apart by a noun, a possessor or a number."""
    found = contrasts(
        [
            TITLE,
            "The national weather service warned of heavy rain and rising rivers on Friday.",
            "Rescuers in boats saved 37 people from the flooded farms.",
            "The stubborn weather office issued a flood alert for the valley.",
        ],
        [
            TITLE,
            "The overwhelmed fire service sent every crew to the valley on Friday.",
            "About 4,000 people left their homes before the river rose.",
            "The governor's cautious office declined to say how long the emergency would last.",
        ],
    )
    assert not any(c.entity.lower() in ("service", "people", "office") for c in found.entities)
    same = contrasts(  # one of them unmodified: "the service" may be the weather service
        [TITLE, "The national weather service warned of heavy rain on Friday."],
        [TITLE, "The beleaguered service warned of heavy rain on Friday."],
    )
    assert about(same, "service")
    spelled = contrasts(  # one modifier spelled two ways is one modifier
        [TITLE, "The reckless U.S. military struck the convoy on Friday."],
        [TITLE, "The cautious US military struck the convoy on Friday."],
    )
    assert about(spelled, "military")


def test_groups_of_people_are_referents_of_kind_group():
    found = contrasts(
        [TITLE, "Police detained dozens of illegal workers at the farm."],
        [TITLE, "Police detained dozens of undocumented workers at the farm."],
    )
    c = about(found, "worker")
    assert c.kind == "group"
    assert "illegal workers" in texts(c.left) and "undocumented workers" in texts(c.right)


def test_noun_phrases_in_the_same_slot_of_linked_sentences_match_despite_different_heads():
    left = [TITLE, "The council approved a temporary halt on new building permits on Monday."]
    right = [TITLE, "The council approved a sweeping freeze on new building permits on Monday."]
    unlinked = contrasts(left, right)
    assert not any("halt" in c.entity for c in unlinked.entities)
    linked = contrasts(left, right, links=[((1,), (1,))])
    c = about(linked, "halt")
    assert "slot" in c.matched_by and "freeze" in c.entity
    assert any("temporary halt" in t for t in texts(c.left)) and any("sweeping freeze" in t for t in texts(c.right))


def test_a_headline_role_noun_describes_the_main_person_when_the_headline_names_nobody():
    body = "Police said Marco Bellini was arrested at the airport. Bellini denied the charges."
    found = contrasts(
        ["Smuggling Kingpin Arrested At Airport", body, "Bellini will appear in court on Friday."],
        [
            "Businessman detained at airport",
            "Police said businessman Marco Bellini was arrested at the airport.",
            "Bellini will appear in court on Friday.",
        ],
    )
    c = about(found, "Bellini")
    headline = [d for d in c.left if d.headline]
    assert headline and "Kingpin" in headline[0].text


def test_a_title_or_a_bare_name_is_no_contrast():
    found = contrasts(
        [TITLE, "President Anna Berg met the envoys in Oslo."],
        [TITLE, "Anna Berg met the envoys in Oslo."],
    )
    assert not any("Berg" in c.entity for c in found.entities)


def test_descriptors_are_short_phrases_with_spans_in_their_paragraph():
    left = doc(
        TITLE,
        "The committee, a secretive panel that meets in a windowless room beneath the old city hall "
        "every second Thursday of the month, voted on the budget.",
    )
    right = doc(TITLE, "The committee, an elected body, voted on the budget.")
    found = find_contrasts(left, right)
    for c in found.entities:
        for side, d_ in (("left", left), ("right", right)):
            for d in getattr(c, side):
                assert d_.paragraphs[d.paragraph].text[d.start : d.end] == d.text
                assert len(d.text.split()) <= 16


# --- voice --------------------------------------------------------------------------------------------------------


def _voice_of(text: str, word: str) -> bool:
    (p,) = parse.parse_texts([text])
    quoted = quoted_tokens(p)
    return quoted[next(t.i for t in p.tokens if t.text == word)]


@pytest.mark.parametrize(
    ("text", "word", "quoted"),
    [
        ("“It is a sham lawsuit,” the campaign said on Friday.", "sham", True),
        ("The campaign said the lawsuit was a sham.", "sham", True),
        ("The mayor called the plan a reckless gamble.", "reckless", True),
        ("The plan is what the ministry calls an unfair practice.", "unfair", True),
        ("According to the ministry, the plan is an unfair practice.", "unfair", True),
        ("The reckless plan passed on Friday.", "reckless", False),
        ("The campaign said on Friday that it would appeal.", "campaign", False),
        ("Iran’s reckless plan passed.", "reckless", False),
    ],
)
def test_voice_tells_the_outlets_words_from_quoted_or_attributed_speech(text: str, word: str, quoted: bool):
    assert _voice_of(text, word) is quoted


def test_loaded_words_are_evaluative_words_in_the_outlets_own_voice_only():
    own = contrasts(
        [TITLE, "The council signed the disastrous deal on Friday."],
        [TITLE, "The council signed the deal on Friday."],
    )
    assert [w.word for w in own.loaded] == ["disastrous"]
    (d,) = [d for d in about(own, "deal").left if d.loaded]
    assert d.voice == "own" and d.loaded == ("disastrous",)
    quoted = contrasts(
        [TITLE, "The council signed what critics called a disastrous deal on Friday."],
        [TITLE, "The council signed the deal on Friday."],
    )
    assert not quoted.loaded


def _tagged(text: str, word: str) -> tuple[str, str, str]:
    (p,) = parse.parse_texts([text])
    t = next(t for t in p.tokens if t.text == word)
    return t.pos, t.tag, t.dep


@pytest.mark.parametrize(
    ("left", "right", "word", "subject"),
    [
        (
            "The council approved a punishing tax on Friday.",
            "The council approved a tax on Friday.",
            "punishing",
            "tax",
        ),
        (
            "The mayor met the struggling shopkeepers on Friday.",
            "The mayor met the shopkeepers on Friday.",
            "struggling",
            "shopkeeper",
        ),
        ("The council backed a failed plan on Friday.", "The council backed a plan on Friday.", "failed", "plan"),
    ],
)
def test_a_participle_modifying_a_noun_is_a_loaded_adjective(left: str, right: str, word: str, subject: str):
    # the parser tags these participles VERB, not ADJ: an amod all the same
    assert _tagged(left, word)[0] == "VERB" and _tagged(left, word)[1:] in (("VBG", "amod"), ("VBN", "amod"))
    found = contrasts([TITLE, left], [TITLE, right])
    assert [(w.word, w.side) for w in found.loaded] == [(word, "left")]
    (d,) = [d for d in about(found, subject).left if d.loaded]
    assert d.voice == "own" and d.loaded == (word,)


def test_a_participle_in_quoted_or_attributed_words_is_not_loaded():
    found = contrasts(
        [TITLE, "The council approved what critics called a punishing tax on Friday."],
        [TITLE, "The council approved a tax on Friday."],
    )
    assert not found.loaded


@pytest.mark.parametrize(
    ("left", "described"),
    [
        # the verb of the sentence ("prices are soaring"): a clause's verb is no descriptor of its subject at all
        ("The shopkeepers are struggling on the high street.", False),
        ("The mayor met the shopkeepers, who are struggling, on Friday.", True),  # the verb of a relative clause
        ("The mayor met the shopkeepers struggling on the high street.", True),  # a participle clause after the noun
    ],
)
def test_a_participle_used_as_a_verb_is_no_loaded_word(left: str, described: bool):
    # a loaded word modifies its referent; a verb of the story about it ("struggling") is none, even in a
    # descriptor's words
    assert _tagged(left, "struggling")[:2] == ("VERB", "VBG") and _tagged(left, "struggling")[2] != "amod"
    found = contrasts(
        [TITLE, left, "The shopkeepers closed early."],
        [TITLE, "The mayor met the shopkeepers on Friday.", "The shopkeepers closed early."],
    )
    phrases = [d.text for c in found.entities for d in c.left]
    assert any("struggling" in t for t in phrases) is described
    assert not found.loaded


def test_contrasts_come_most_telling_first_and_each_side_distinctive_first():
    found = contrasts(
        [
            TITLE,
            "The corrupt regime jailed the brave protesters. The protesters sang.",
            "The regime said the protesters were paid.",
        ],
        [
            TITLE,
            "The government detained the protesters. The protesters sang.",
            "The government said the protesters were paid.",
        ],
    )
    scores = [c.score for c in found.entities]
    assert scores == sorted(scores, reverse=True)
    c = about(found, "protester")
    assert texts(c.left)[0] == "the brave protesters"


def test_the_json_of_a_contrast_carries_kind_voice_and_span():
    found = contrasts(
        [TITLE, "Police detained dozens of illegal workers at the farm."],
        [TITLE, "Police detained dozens of undocumented workers at the farm."],
    )
    data = about(found, "worker").to_json()
    assert data["kind"] == "group"
    assert {"text", "paragraph", "voice", "span", "kind"} <= set(data["left"][0])
    assert data["left"][0]["voice"] in ("own", "quoted")


def test_long_documents_are_parsed_up_to_the_word_budget():
    paragraphs = [TITLE] + [f"The harbour board met for the {n}th time and approved the plan." for n in range(400)]
    parsed = parse_document(doc(*paragraphs), budget=500)
    assert 0 in parsed and len(parsed) < 60
    # one paragraph far over the budget (a file of one long line): its start, not all of it
    endless = " ".join(["The harbour board met again and approved the plan."] * 2000)
    parsed = parse_document(doc(TITLE, endless), budget=500)
    body = parsed[1]
    assert body.text == endless  # the descriptors quote the paragraph as written
    assert len([t for t in body.tokens if t.pos != "PUNCT"]) <= 500 - len(TITLE.split())


def test_without_an_english_pipeline_compare_still_aligns_and_says_why_there_are_no_contrasts(monkeypatch, tmp_path):
    from reader.analysis import comparison as compare_module

    def missing():
        raise parse.ParserUnavailable("no English spaCy pipeline is installed")

    monkeypatch.setenv("DIPTYCH_CACHE_DIR", str(tmp_path))  # an empty cache: the parse is needed
    monkeypatch.setattr(parse, "pipeline", missing)
    result = compare_module.compare_documents(
        doc(TITLE, "The council passed the reckless tariff plan on Tuesday."),
        doc(TITLE, "The council passed the modest tariff plan on Tuesday."),
    )
    assert result.links and not result.contrasts
    assert any("spaCy" in w for w in result.warnings)


# --- rules met on the bundled pair (trial 19), checked on sentences of their own -------------------------------


def test_a_phrase_stops_before_a_relative_clause_it_cannot_hold_whole():
    """Cut at its word limit, a phrase ended "..., which President" (a clause begun, not ended); it stops
    before the relative word, and keeps the bracket it opened."""
    from reader.analysis.descriptors import _cut

    text = (
        "The Harbour Guard is a unit of the country’s National Coast Authority (NCA), which Prime Minister "
        "Anna Berg’s government declared a national priority last year."
    )
    (p,) = parse.parse_texts([text])
    unit = next(t.i for t in p.tokens if t.text == "unit")
    span = _cut(p, unit - 1, p.subtree(unit)[-1])
    assert span is not None and p.span_text(*span) == "a unit of the country’s National Coast Authority (NCA)"


def test_an_apposition_follows_its_noun_across_punctuation_only():
    """The parser hung "the worst-case scenario", what the senator called the merger, on the senator as an
    apposition; one that comes after a verb and its object is not one."""
    from dataclasses import replace

    from reader.analysis.descriptors import _follows
    from reader.analysis.parse import Paragraph

    (p,) = parse.parse_texts(["Maria Lopez, a Spanish senator, called the merger “the worst-case scenario.”"])
    at = {t.text: t.i for t in p.tokens}
    name, senator, called, scenario = at["Lopez"], at["senator"], at["called"], at["scenario"]
    misparsed = {called: (name, "acl"), scenario: (name, "appos")}  # the shape the bundled pair's parse had
    tokens = tuple(
        replace(t, head=misparsed[t.i][0], dep=misparsed[t.i][1]) if t.i in misparsed else t for t in p.tokens
    )
    children = [[k for k in range(len(tokens)) if tokens[k].head == i and k != i] for i in range(len(tokens))]
    p = Paragraph(p.text, tokens, tuple(tuple(c) for c in children))
    assert _follows(p, name, senator) and not _follows(p, name, scenario)


def test_a_phrase_inside_a_longer_one_of_the_same_paragraph_is_not_listed_again():
    """ "the head" beside "the head of the Foreign Affairs Committee ...", from one mention, said nothing more."""
    left = document_from_text(
        "Talks stall\n\nKonstantin Kosachev, the head of the Foreign Affairs Committee in the upper chamber, "
        "said the talks had stalled."
    )
    right = document_from_text("Talks stall\n\nKonstantin Kosachev, a veteran senator, said the talks had stalled.")
    found = find_contrasts(left, right)
    texts = [d.text for c in found.entities for d in c.left]
    assert texts and not any(a != b and a in b for a in texts for b in texts), texts


def test_a_modifier_before_a_name_is_shown_without_its_article():
    """ "the powerful [Quds Force]" was listed as "the powerful", a fragment; the word that describes is shown."""
    left = document_from_text("Storm\n\nThe mayor praised the powerful Harbour Guard for its work on Sunday.")
    right = document_from_text("Storm\n\nThe mayor praised the tiny Harbour Guard for its work on Sunday.")
    found = find_contrasts(left, right)
    guard = next(c for c in found.entities if c.entity == "Harbour Guard")
    assert [d.text for d in guard.left if d.kind == "modifier"] == ["powerful"]
