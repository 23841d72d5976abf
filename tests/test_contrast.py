"""Entities, descriptors and contrasts (reader.entities, reader.contrast)."""

from __future__ import annotations

import json

from reader.analysis.comparison import compare
from reader.analysis.contrast import find_contrasts, mention_descriptors
from reader.analysis.entities import article_entities, match_entities
from reader.text.loading import document_from_text
from tests.conftest import SEED_LEFT, SEED_RIGHT


def doc(*paragraphs: str):
    return document_from_text("\n\n".join(paragraphs))


def entity_named(d, word: str):
    return next(e for e in article_entities(d) if word in e.words)


def descriptors_of(text: str, word: str, title: str = "A headline about the day") -> list[str]:
    d = doc(title, text)
    e = entity_named(d, word)
    return [d.paragraphs[x.paragraph].text[x.start : x.end] for m in e.mentions for x in mention_descriptors(m)]


# --- entities -----------------------------------------------------------------------------------------------


def test_surname_resolves_to_the_full_name_introduced_before_it():
    d = doc("Talks opened today.", "Foreign minister Anna Berglund arrived early. Berglund said little.")
    e = entity_named(d, "berglund")
    assert e.names == {("anna", "berglund"), ("berglund",)}
    assert len(e.mentions) == 2


def test_a_surname_used_long_before_a_relative_appears_stays_its_own_entity():
    d = doc(
        "Talks opened today.",
        "President Okafor spoke first. Okafor said the talks would go on. Okafor then left.",
        "Later Grace Okafor, his daughter, joined the delegation.",
    )
    people = [e for e in article_entities(d) if "okafor" in e.words]
    assert len(people) == 2


def test_a_surname_named_before_the_full_name_in_one_sentence_is_another_person():
    d = doc(
        "Talks opened today.",
        "President Okafor and Grace Okafor, his daughter, greeted the delegation.",
        "Okafor said the talks would go on.",
    )
    people = sorted(len(e.mentions) for e in article_entities(d) if "okafor" in e.words)
    assert people == [1, 2]  # Grace Okafor once; the president twice


def test_full_names_that_differ_in_the_first_word_name_different_people_across_articles():
    left = doc(
        "Headline here",
        "President Okafor and Grace Okafor, his daughter, met Rick Lindqvist in North Korea.",
        "Okafor spoke. Lindqvist nodded.",
    )
    right = doc("Headline there", "Samuel Okafor met Richard Lindqvist in South Korea. Lindqvist nodded.")
    pairs = {(a.label, b.label) for a, b in match_entities(article_entities(left), article_entities(right))}
    assert ("Okafor", "Samuel Okafor") in pairs
    assert not any(a == "Grace Okafor" for a, _ in pairs)
    assert ("Rick Lindqvist", "Richard Lindqvist") in pairs  # a name and its nickname
    assert not any(a == "North Korea" for a, _ in pairs)


def test_hyphenated_and_spaced_given_names_match_across_articles():
    left = doc("Headline here", "Leader Park Tae Su met envoys. Park said little.")
    right = doc("Headline there", "Park Tae-su met envoys, as Park Min Ho, his father, once did. Park said little.")
    pairs = {(a.label, b.label) for a, b in match_entities(article_entities(left), article_entities(right))}
    assert ("Park Tae Su", "Park Tae-su") in pairs


def test_people_who_share_only_a_first_name_are_not_matched():
    left = doc("Headline here", "The lawyer Michael Okafor spoke first. Then Michael said little.")
    right = doc("Headline there", "The adviser Michael Lindqvist spoke first. Then Lindqvist said little.")
    assert match_entities(article_entities(left), article_entities(right)) == []


def test_middle_initials_nicknames_and_numerals_do_not_split_a_person():
    left = doc("Headline here", "Counsel Robert S. Lindqvist III spoke first. Lindqvist said little.")
    right = doc("Headline there", "Counsel Bob Lindqvist spoke first. Lindqvist said little.")
    (person,) = [e for e in article_entities(left) if "lindqvist" in e.words]
    assert len(person.mentions) == 2  # the surname joins the full name despite the initial and numeral
    pairs = {(a.label, b.label) for a, b in match_entities(article_entities(left), article_entities(right))}
    assert ("Robert S. Lindqvist III", "Bob Lindqvist") in pairs


def test_a_name_made_into_an_adjective_refers_to_the_name():
    d = doc("Headline here", "Analyst Anna Berglund spoke. The Berglund-era rules stay. Berglund smiled.")
    (person,) = [e for e in article_entities(d) if "berglund" in e.words]
    assert ("berglund", "era") not in person.names and len(person.mentions) == 3


def test_acronym_resolves_to_its_expansion_in_the_same_article():
    d = doc("Talks opened today.", "The National Fishing Authority (NFA) closed the bay. The NFA said it would reopen.")
    e = entity_named(d, "authority")
    assert e.acronym == "nfa"
    assert len(e.mentions) == 3


def test_spelling_variants_and_acronyms_match_across_articles():
    left = doc("Headline here", "Defense chief Mohammed Qassemi spoke to the National Fishing Authority.")
    right = doc("Headline there", "Mohamed Qasemi, the defense chief, wrote to the NFA.")
    pairs = {(a.label, b.label) for a, b in match_entities(article_entities(left), article_entities(right))}
    assert ("Mohammed Qassemi", "Mohamed Qasemi") in pairs
    assert ("National Fishing Authority", "NFA") in pairs


def test_headline_capitalisation_makes_no_names():
    d = doc(
        "Storm Batters Coast As Mayor Orders Evacuation",
        "The storm hit the coast. Mayor Lena Ortiz ordered everyone out.",
    )
    assert {e.label for e in article_entities(d)} == {"Lena Ortiz"}


def test_sentence_initial_words_are_not_names():
    d = doc("Headline", "Protesters gathered. Elsewhere, police waited. Officials said protesters were calm.")
    assert article_entities(d) == []


# --- descriptors ----------------------------------------------------------------------------------------


def test_premodifier_title_and_modifiers():
    assert descriptors_of("The strike killed veteran naval commander Piet Hollis on Monday.", "hollis") == [
        "veteran naval commander"
    ]
    assert descriptors_of("Analysts said Danish Prime Minister Ida Holm was furious.", "holm") == [
        "Danish Prime Minister"
    ]


def test_verbs_before_a_name_are_not_descriptors():
    assert descriptors_of("The strike that killed Piet Hollis shocked the town.", "hollis") == []
    assert descriptors_of("Voters want to thank Piet Hollis for his work.", "hollis") == []


def test_appositive():
    found = descriptors_of("Piet Hollis, a former fisheries minister, spoke on Monday.", "hollis")
    assert found == ["a former fisheries minister"]


def test_appositive_before_the_name():
    text = "Later, Freedonia's foreign minister, Anna Berglund, said the talks would go on."
    assert "Freedonia's foreign minister" in descriptors_of(text, "berglund")
    text = "The country's chief negotiator, Anna Berglund, said the talks would go on."
    assert descriptors_of(text, "berglund") == []  # only a role noun ("minister") marks a name by role
    text = "The talks were led by the two leaders, Anna Berglund and Samuel Okafor, on Monday."
    assert descriptors_of(text, "berglund") == []  # a list, not an appositive
    text = "The talks hurt the campaign of the opposition leader, Anna Berglund."
    assert "the opposition leader" in descriptors_of(text, "berglund")  # closed by the end of the sentence


def test_a_verb_with_its_object_after_a_name_is_not_an_appositive():
    text = "The agency launched its first Kestrel on Thursday, then tested a second one weeks later."
    assert not any("tested" in d for d in descriptors_of(text, "kestrel"))


def test_a_conjunction_ends_a_premodifier():
    text = "The council wants a roadmap whereby Berglund sets out her plans."
    assert descriptors_of(text, "berglund") == []


def test_dates_places_and_infinitives_are_not_descriptors():
    assert descriptors_of("Crowds gathered today outside Harbour Mayor Piet Hollis's office.", "hollis") == [
        "Harbour Mayor"
    ]
    assert descriptors_of("The union thanked Piet Hollis, fired Feb. 13 after a row.", "hollis") == []
    assert descriptors_of("The union thanked Piet Hollis, who declined to comment.", "hollis") == []
    assert descriptors_of("The union thanked Piet Hollis, declined to comment.", "hollis") == []
    assert descriptors_of("Piet Hollis was fired Feb. 13 after a row.", "hollis") == []
    assert descriptors_of("The union thanked Piet Hollis, replaced last week by Maria Lund.", "hollis") == []


def test_a_verb_or_a_list_after_a_name_is_not_an_appositive():
    assert descriptors_of("The plan, backed by the Harbour Union, appears to be to force a deal.", "union") == []
    assert descriptors_of("It is the right thing for the Harbour Union, the right thing for the town.", "union") == []
    assert descriptors_of("He admits fraud against the Harbour Union, fraud against the bank.", "union") == []


def test_words_that_end_a_clause_before_a_name_do_not_describe_it():
    assert descriptors_of("Pay was a central issue in separate meetings Piet Hollis held.", "hollis") == []
    assert descriptors_of("The panel weighed the possibility of interviewing Piet Hollis.", "hollis") == []
    assert descriptors_of("The former union chief details Piet Hollis's plans.", "hollis") == []
    text = "He warned that should the president fire special counsel Piet Hollis, it would be a crisis."
    assert descriptors_of(text, "hollis") == ["special counsel"]


def test_a_month_that_is_also_a_name_stays_in_the_name():
    d = doc("Headline here", "Prime Minister Theresa May met the union in May. May said little.")
    (person,) = [e for e in article_entities(d) if "theresa" in e.words]
    assert ("theresa", "may") in person.names


def test_an_appositive_may_quote_and_name_others():
    text = 'Piet Hollis, a self-confessed "big fan" of Maria Lund, spoke first.'
    assert 'a self-confessed "big fan" of Maria Lund' in descriptors_of(text, "hollis")


def test_the_speaker_after_a_quotation_does_not_describe_the_last_name_quoted():
    text = '"We will take it to the Harbour Union," the fisheries minister, Piet Hollis, said.'
    assert descriptors_of(text, "union") == []


def test_appositive_after_a_time_phrase():
    found = descriptors_of("Crowds mourned Piet Hollis on Thursday, the founder of the harbour union.", "hollis")
    assert found == ["the founder of the harbour union"]


def test_a_list_of_people_is_not_an_appositive():
    found = descriptors_of("Guests included Piet Hollis, Maria Lund and Ola Berg.", "hollis")
    assert found == []


def test_relative_clause_with_a_role_or_a_state():
    assert descriptors_of("Piet Hollis, who heads the harbour union, spoke.", "hollis") == [
        "who heads the harbour union"
    ]
    assert descriptors_of("Piet Hollis, who winked at the crowd, spoke.", "hollis") == []


def test_copula():
    assert descriptors_of("Piet Hollis is a veteran of three wars.", "hollis") == ["a veteran of three wars"]
    assert descriptors_of("Piet Hollis is believed to be the richest man in town.", "hollis") == [
        "believed to be the richest man in town"
    ]
    assert descriptors_of("Piet Hollis was killed in a crash.", "hollis") == []
    assert descriptors_of("Piet Hollis is said to be trying to sell the boat.", "hollis") == []


def test_headline_label_and_role_reference_are_given_to_the_person_they_fit():
    left = doc(
        "Port Strike Ends As Dock Chief Backs Deal",
        "Harbour union chief Piet Hollis signed the deal on Monday. Mayor Lena Ortiz watched.",
        "The union chief said the deal was fair.",
    )
    right = doc("Deal signed at the port", "Piet Hollis, a retired docker, signed the deal.")
    c = find_contrasts(left, right).entities[0]
    kinds = {d.text: d.kind for d in c.left}
    assert kinds["Dock Chief"] == "headline"
    assert kinds["union chief"] == "reference"
    assert kinds["Harbour union chief"] == "modifier"
    assert [d.text for d in c.right if d.kind != "name"] == ["a retired docker"]


def test_a_label_naming_another_office_is_not_given_to_a_person():
    left = doc(
        "Harbour Ambassador Backs Deal",
        "Harbour prime minister Piet Hollis signed the deal on Monday.",
        "The harbour's ambassador to the league praised it.",
    )
    right = doc("Deal signed at the port", "Piet Hollis, a retired docker, signed the deal.")
    (c,) = find_contrasts(left, right).entities
    assert "Harbour Ambassador" not in {d.text for d in c.left}


# --- contrasts ------------------------------------------------------------------------------------------


def test_same_wording_gives_no_contrasts():
    text = ("Ports reopen", "Harbour union chief Piet Hollis, a retired docker, signed the deal.")
    assert find_contrasts(doc(*text), doc(*text)).entities == ()


def test_acronyms_with_and_without_dots_are_not_a_contrast():
    left = doc("Ports reopen", "Former F.B.I. director Piet Hollis signed the deal.")
    right = doc("Ports reopen", "Former FBI director Piet Hollis signed the deal.")
    assert find_contrasts(left, right).entities == ()


def test_honorific_only_differences_are_not_reported():
    left = doc("Ports reopen", "President Piet Hollis signed the deal. Hollis smiled.")
    right = doc("Deal signed", "Piet Hollis signed the deal. Hollis smiled.")
    assert find_contrasts(left, right).entities == ()


def test_distinctive_descriptors_come_first():
    left = doc("Ports reopen", "Piet Hollis, a union leader, spoke. Later Hollis, a former docker, left.")
    right = doc("Deal signed", "Piet Hollis, a union leader, spoke.")
    c = find_contrasts(left, right).entities[0]
    assert c.left[0].text == "a former docker"
    assert c.left[-1].kind == "name"


def test_loaded_words_are_one_sided_evaluative_words_about_a_shared_entity():
    left = doc("Ports reopen", "Piet Hollis, the brutal union boss, signed the deal.")
    right = doc("Deal signed", "Piet Hollis, the union leader, signed the deal.")
    loaded = find_contrasts(left, right).loaded
    assert [(w.word, w.side, w.subject) for w in loaded] == [("brutal", "left", "Piet Hollis")]


def test_seed_pair_contrasts_from_the_issue():
    comparison = compare(SEED_LEFT, SEED_RIGHT)
    table = {c.entity: ({d.text for d in c.left}, {d.text for d in c.right}) for c in comparison.contrasts}
    left, right = table["Qassem Soleimani"]
    assert "Iranian military commander" in left
    assert {"Iran Terror Chief", "the head of Iran’s Quds Force terror cell"} <= right
    left, right = table["RIA Novosti"]
    assert "a state-run news outlet" in left and "state propaganda outlet" in right
    left, right = table["Bashar al-Assad"]
    assert "Syrian leader" in left and "dictator" in right
    loaded = {(w.word.casefold(), w.side) for w in comparison.loaded}
    assert {("terror", "right"), ("propaganda", "right")} <= loaded


def test_contrasts_in_compare_json(capsys):
    from reader.cli import main

    assert main(["compare", str(SEED_LEFT), str(SEED_RIGHT), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    soleimani = next(c for c in data["contrasts"] if c["entity"] == "Qassem Soleimani")
    for item in soleimani["left"] + soleimani["right"]:
        assert set(item) >= {"text", "paragraph"}
        assert len(item["text"].split()) <= 14  # a phrase, not a paragraph
        paragraph = data["left" if item in soleimani["left"] else "right"]["paragraphs"][item["paragraph"]]
        assert item["text"] in paragraph["text"]
    assert any(w["word"].casefold() == "propaganda" for w in data["loaded_words"])
