"""Evidence for links, paragraph roles that never link to body text, and pins: all on invented articles."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from reader.analysis.align import PINNED, AlignParams, Link, align, candidate_evidence, pairs_of, score_pairs
from reader.analysis.collation import Collation
from reader.analysis.comparison import Comparison
from reader.analysis.evidence import FEATURES, STOP_WORDS, Evidence, Quotes, numbers, partial_quote, vector
from reader.analysis.linkmodel import CHOICE_FEATURES, shipped
from reader.analysis.sides import Side
from reader.notes.corrections import apply_corrections, correction
from reader.text.document import Role
from reader.text.loading import document_from_text
from reader.text.roles import is_caption, is_subhead, tag_roles
from reader.tui.marks import PIN, focused_link, gutter_marks, pair_status, score_text, status_text, why_text

FILLER_LEFT = [
    "The county library will extend its weekend opening hours from next month, the head librarian announced.",
    "A new cycle lane along the canal towpath is due to open before the summer holidays.",
    "Residents of the valley complained about the noise from the quarry during a public meeting.",
]
FILLER_RIGHT = [
    "Volunteers planted three hundred oak saplings in the municipal park over the weekend.",
    "The regional orchestra announced a programme of free concerts for schoolchildren.",
    "Bakeries in the old quarter reported long queues for the traditional spring pastries.",
]


def _doc(title: str, body: list[str]):
    return document_from_text("\n\n".join([title, *body]))


def _link_of(links, i: int):
    """The link that holds left paragraph i (a title may have joined it in a 1:n link)."""
    return next(link for link in links if i in link.left)


def _feature(values: tuple[float, ...], name: str) -> float:
    return values[FEATURES.index(name)]


# --- evidence -------------------------------------------------------------------------------------------


def test_numbers_and_dates_are_normalised_and_single_digits_left_out():
    found = numbers("About 4,000 people left on Jan. 3, 80% of the town, and 2 ferries ran at 14:30 for $1.5 million.")
    assert {"4000", "jan 3", "80%", "1.5", "14", "30"} <= found
    assert "2" not in found and "3" not in found
    assert numbers("It happened on 3 January and cost 12 percent more.") == {"jan 3", "12%"}


def test_shared_figures_are_evidence_and_are_shown():
    left = _doc(
        "Dam repairs approved",
        [*FILLER_LEFT, "Engineers will spend 18 months repairing the Kessel dam at a cost of 240 million crowns."],
    )
    right = _doc(
        "Kessel dam to be fixed",
        [*FILLER_RIGHT, "The repairs, costing 240 million crowns, are expected to take 18 months at the dam."],
    )
    evidence = candidate_evidence(left, right)
    pair = (4, 4)
    assert _feature(evidence[pair].values, "numbers") == 2.0
    assert evidence[pair].numbers == ("18", "240")
    link = _link_of(align(left, right), 4)
    assert link.right == (4,) and link.evidence is not None
    assert link.to_json()["evidence"]["numbers"] == ["18", "240"]


def test_a_quotation_both_repeat_is_evidence_and_is_shown():
    quote = "We will not leave a single family without a roof this winter"
    left = _doc("Housing pledge", [*FILLER_LEFT, f'"{quote}," the mayor told the council on Monday.'])
    right = _doc("Mayor's winter promise", [*FILLER_RIGHT, f'Speaking to reporters, she promised: "{quote}."'])
    link = _link_of(align(left, right), 4)
    assert 4 in link.right
    assert link.evidence.quote.startswith("We will not leave a single family")
    assert _feature(link.evidence.values, "quote") > 1.0
    assert link.to_json()["evidence"]["quote"] == link.evidence.quote


def _plain(word: str) -> bool:
    return word not in STOP_WORDS and word not in {"okafor", "iran"}


def test_a_quotation_repeated_in_part_is_evidence():
    # Neither quotation is repeated whole, but most of the left one is, word for word, inside the right one.
    left_quote = Quotes.of('"This is a reckless gamble with public money," Mayor Okafor said on Tuesday.')
    right_quote = Quotes.of('Okafor called the scheme "a reckless gamble with public funds the city cannot afford."')
    share, words = partial_quote(left_quote, right_quote, _plain)
    assert words == "a reckless gamble with public" and share == 5 / 8
    left = _doc("Harbour scheme row", [*FILLER_LEFT, left_quote.text])
    right = _doc("Mayor attacks scheme", [*FILLER_RIGHT, right_quote.text])
    evidence = candidate_evidence(left, right)[(4, 4)]
    assert _feature(evidence.values, "quote_part") == share and _feature(evidence.values, "quote") == 0.0
    link = _link_of(align(left, right), 4)
    assert 4 in link.right and link.evidence.quote == "a reckless gamble with public"


def test_a_set_phrase_inside_a_long_quotation_is_not_a_shared_quotation():
    # "the Iran deal" is a name and one plain word: any two paragraphs of the story may share it.
    long_quote = Quotes.of('"We will not let the Iran deal collapse while talks go on in Vienna," the envoy said.')
    other = Quotes.of("Critics of the Iran deal met in Geneva on Friday.")
    assert partial_quote(long_quote, other, _plain) == (0.0, "")
    # Half a quotation is not enough: "a reckless gamble" is three words of a nine-word quotation.
    short = Quotes.of('She said it was "a reckless gamble with the future of our children," and left.')
    assert partial_quote(short, Quotes.of("A reckless gamble, the council said."), _plain) == (0.0, "")


def test_a_term_in_scare_quotes_that_runs_through_the_story_singles_out_no_pair():
    # "talking points" is quoted once on the left and recurs in three right paragraphs about other facts; the
    # statement quoted in one paragraph on each side still counts in full.
    statement = "We will not be pushed around by anyone in this building"
    left = _doc(
        "Memo row",
        [
            *FILLER_LEFT,
            'Drafts of the "talking points" were rewritten four times, the aides said.',
            f'"{statement}," the minister told staff.',
        ],
    )
    right = _doc(
        "Memo released",
        [
            *FILLER_RIGHT,
            "The talking points went to the committee on Friday.",
            "Critics said the talking points misled voters.",
            "A spokesman defended the talking points at a briefing.",
            f'The minister told staff: "{statement}."',
        ],
    )
    evidence = candidate_evidence(left, right)
    statement_pair = _feature(evidence[(5, 7)].values, "quote")
    assert statement_pair == min(len(statement.split()), 20) / 10  # two paragraphs hold it: no discount
    for j in (4, 5, 6):  # four paragraphs hold "talking points": each pair gets half the share
        values = evidence[(4, j)].values
        assert _feature(values, "quote_part") == 0.5 and _feature(values, "quote") == 0.2 / 2


def test_a_headline_that_repeats_its_leads_quotation_does_not_count_against_it():
    statement = "We will not be pushed around by anyone in this building"
    left = _doc(f'Minister: "{statement}"', [*FILLER_LEFT, f'"{statement}," the minister told staff.'])
    right = _doc("Minister defiant", [*FILLER_RIGHT, f'The minister told staff: "{statement}."'])
    values = candidate_evidence(left, right)[(4, 4)].values
    assert _feature(values, "quote") == 1.1  # eleven words, in full: the headline is the same statement


def test_one_shared_sentence_of_a_long_paragraph_is_evidence():
    long = (
        "The river rose by two metres overnight. Engineers from the Vessel water board closed the Ketter "
        "floodgate at dawn to protect the lower town. Schools stayed open and buses ran as usual."
    )
    short = "At dawn the Vessel water board shut the Ketter floodgate to keep the lower town dry."
    left = _doc("Floodgate shut", [*FILLER_LEFT, long])
    right = _doc("Lower town protected", [*FILLER_RIGHT, short])
    values = candidate_evidence(left, right)[(4, 4)].values
    assert _feature(values, "sentence") > _feature(values, "words") + 0.1
    assert (4, 4) in pairs_of(align(left, right))


def test_a_headline_meets_body_text_only_on_strong_evidence():
    left = _doc("Ketter floodgate shut as river rises", FILLER_LEFT)
    right = _doc("Water board acts", [*FILLER_RIGHT, "The Ketter floodgate was shut as the river rises."])
    evidence = candidate_evidence(left, right)
    assert _feature(evidence[(0, 4)].values, "headline") == 1.0
    assert _feature(evidence.get((0, 0), evidence[(0, 4)]).values, "headline") in (0.0, 1.0)


def test_only_each_paragraphs_best_candidates_are_judged():
    places = ["Brill", "Hasle", "Ketter", "Vessel", "Lorne", "Tarrow", "Aldern", "Maribel"]
    left = _doc("Ferry notices", [f"The Harwick ferry from {p} was cancelled in Storm Edda." for p in places])
    right = _doc("Storm notices", [f"Storm Edda cancelled the Harwick crossing to {p} again." for p in places])
    every = candidate_evidence(left, right, AlignParams(evidence_top=100))
    judged = candidate_evidence(left, right, AlignParams(evidence_top=3))
    assert len(judged) < len(every) and all((i, j) in every for i in range(1, 9) for j in range(1, 9))
    for i in range(1, 9):
        best = max((k for k in every if k[0] == i), key=lambda k: every[k].values[0])
        assert best == (i, i) and best in judged


def test_shared_terms_are_shown_as_written_and_rarest_first():
    left = _doc("Port strike", [*FILLER_LEFT, "Dockworkers at Maribel harbour walked out over unpaid overtime."])
    right = _doc("Harbour walkout", [*FILLER_RIGHT, "Unpaid overtime led dockworkers in Maribel to stop work."])
    link = _link_of(align(left, right), 4)
    terms = link.evidence.terms
    assert {"Dockworkers", "Maribel", "unpaid", "overtime"} <= set(terms)
    assert all(t[0] != "_" for t in terms)


def test_a_phrase_seen_once_weighs_positive_and_a_zero_phrase_weight_is_harmless():
    # The old bug: 1 + ln(0.25) < 0 gave a phrase seen once a negative weight.
    feats = Counter({"dam": 2, "kessel": 1, "the_kessel_dam": 1})
    idf = {"dam": 1.5, "kessel": 2.0, "the_kessel_dam": 2.0}
    v = vector(feats, idf)
    assert all(x > 0 for x in v.values())
    assert abs(sum(x * x for x in v.values()) - 1.0) < 1e-9


def test_more_shared_evidence_never_lowers_the_probability():
    model = shipped()
    base = dict.fromkeys(FEATURES, 0.0) | {"words": 0.2, "phrases": 0.05, "sentence": 0.25}
    z0 = model.evidence_logit(base)
    for name in model.features:
        if name == "headline":
            continue
        assert model.evidence_logit(base | {name: base[name] + 0.3}) > z0, name


def test_the_shipped_model_weighs_the_evidence_the_aligner_computes():
    model = shipped()
    assert set(model.features) <= set(FEATURES) and len(model.evidence_weights) == len(model.features)
    assert set(model.choice_features) <= set(CHOICE_FEATURES)
    assert len(model.choice_weights) == len(model.choice_features)
    assert 0.0 < model.threshold < 1.0 and model.threshold <= model.match


def test_scores_are_probabilities_and_a_pair_is_judged_against_its_rivals():
    left = _doc("Ferry cancelled", [*FILLER_LEFT, "Storm Edda forced the Harwick ferry to cancel every crossing."])
    right = _doc(
        "Storm hits coast",
        [
            *FILLER_RIGHT,
            "Every crossing of the Harwick ferry was cancelled as Storm Edda arrived.",
            "The Harwick ferry company said refunds would be paid.",
        ],
    )
    scored = score_pairs(candidate_evidence(left, right))
    assert all(0.0 <= s.probability <= 1.0 for s in scored.values())
    assert scored[(4, 4)].probability > scored[(4, 5)].probability
    assert (4, 4) in pairs_of(align(left, right))


# --- roles ----------------------------------------------------------------------------------------------


def test_captions_are_recognised_from_credits_and_picture_descriptions():
    assert is_caption("Firefighters clear debris in Lorne on Sunday. (AP Photo/Jane Example)")
    assert is_caption("Firefighters clear debris in Lorne on Sunday. Jane Example/Getty Images")
    assert is_caption("A photo released by the city council shows the flooded market square.")
    assert is_caption("Firefighters clear debris in Lorne on Sunday. Getty Images")
    assert not is_caption("Firefighters cleared debris in Lorne on Sunday, the fire service said.")


def test_subheads_are_short_headings_between_body_paragraphs():
    assert is_subhead("What happens next?")
    assert is_subhead("The cost of the rescue")
    assert is_subhead("## Reaction abroad")
    assert not is_subhead('"What happens next?"')  # a quotation is text, not a heading
    assert not is_subhead("The council agreed.")  # a sentence
    assert not is_subhead("The mayor, who took office in May, said the council had acted within its powers")
    texts = [
        "Bridge closed after crack found",
        "Engineers closed the Aldern bridge on Tuesday after inspectors found a crack in a main girder.",
        "What happens next?",
        "The county expects the repairs to take several weeks, and a ferry will run in the meantime.",
        "Traffic diverted",
        "Lorries will be sent around the ring road, adding about twenty minutes to the journey.",
    ]
    roles = tag_roles(texts)
    assert roles[2] is Role.SUBHEAD and roles[4] is Role.SUBHEAD
    assert roles[1] is Role.BODY and roles[3] is Role.BODY and roles[5] is Role.BODY


def test_captions_and_subheads_never_link_to_body_text_but_captions_link_to_captions():
    caption = "Rescue workers search the collapsed Tarrow warehouse on Monday. (AP Photo/Sam Invented)"
    left = _doc(
        "Warehouse collapse",
        [
            caption,
            "Rescue workers searched the collapsed Tarrow warehouse on Monday for two missing night guards.",
            "What went wrong?",
            "Inspectors said the roof of the Tarrow warehouse had not been checked since the extension was built.",
        ],
    )
    right = _doc(
        "Two missing after Tarrow collapse",
        [
            "Rescue workers search the collapsed Tarrow warehouse. Sam Invented/Getty Images",
            "Two night guards were missing on Monday after the Tarrow warehouse collapsed, and rescue workers "
            "searched the rubble.",
            "What went wrong?",
            "The warehouse roof had gone unchecked since the extension was built, inspectors said.",
        ],
    )
    assert left.paragraphs[1].role is Role.CAPTION and right.paragraphs[1].role is Role.CAPTION
    assert left.paragraphs[3].role is Role.SUBHEAD and right.paragraphs[3].role is Role.SUBHEAD
    found = pairs_of(align(left, right))
    roles_l = {p.index: p.role for p in left.paragraphs}
    roles_r = {p.index: p.role for p in right.paragraphs}
    for i, j in found:
        if Role.TITLE in (roles_l[i], roles_r[j]):
            continue
        assert roles_l[i] is roles_r[j], (i, j)
    assert (1, 1) in found  # caption to caption
    assert (2, 2) in found  # the leads, not a lead and a caption


# --- pins -----------------------------------------------------------------------------------------------


def test_pins_are_marked_and_keep_the_aligners_own_score():
    left = _doc("Ferry cancelled", [*FILLER_LEFT, "Storm Edda forced the Harwick ferry to cancel every crossing."])
    right = _doc("Storm hits coast", [*FILLER_RIGHT, "Every Harwick ferry crossing was cancelled in Storm Edda."])
    links = align(left, right)
    made = _link_of(links, 4)
    assert made.evidence.pair == (4, 4)
    fixes = [correction("pin", left, right, 4, 4), correction("pin", left, right, 2, 3)]
    corrected = apply_corrections(links, fixes, left, right)
    both = next(link for link in corrected if link.left == (4,) and link.right == (4,))
    assert both.pinned and both.score == made.score and both.kind == made.kind and both.evidence == made.evidence
    mine = next(link for link in corrected if link.left == (2,))
    assert mine.pinned and mine.kind == PINNED and mine.score == 0.0 and mine.evidence is None
    assert mine.to_json() == {"left": [2], "right": [3], "score": 0.0, "kind": "pinned", "pinned": True}


def test_the_status_bar_and_gutter_show_pins_and_why_a_link_was_made():
    left = _doc("Ferry cancelled", [*FILLER_LEFT, "Storm Edda forced the Harwick ferry to cancel every crossing."])
    right = _doc("Storm hits coast", [*FILLER_RIGHT, "Every Harwick ferry crossing was cancelled in Storm Edda."])
    links = align(left, right)
    made = _link_of(links, 4)
    assert "Harwick" in why_text(made) and why_text(Link((2,), (3,), 0.0, PINNED, True)) == ""
    corrected = apply_corrections(
        links, [correction("pin", left, right, 4, 4), correction("pin", left, right, 2, 3)], left, right
    )
    comparison = Comparison(left, right, corrected)
    marks = gutter_marks(comparison, "left")
    assert marks[4][1] == PIN and marks[2][1] == PIN  # the marker, not a score
    names: dict[Side, str] = {"left": "left", "right": "right"}
    status = status_text(pair_status(comparison, "left", 2, names), sync=True, aligned=False)
    assert "left ¶2 ↔ right ¶3 pinned" in status and ".00" not in status
    pinned_made = focused_link(comparison, "left", 4)
    status = status_text(pair_status(comparison, "left", 4, names), True, False, why=why_text(pinned_made))
    assert f"{score_text(made.score)} {made.kind} · pinned" in status
    assert status.endswith(why_text(made)) and "shared: " in status and "Harwick" in status


def test_a_paragraph_linked_twice_says_so_and_names_its_strongest_partner_first():
    left, right = _doc("Ferry cancelled", FILLER_LEFT), _doc("Storm hits coast", FILLER_RIGHT)
    # Left 1 has two separate links (weaker to right 1, stronger to right 3), not one 1:n link.
    links = (Link((1,), (1,), 0.4, "partial"), Link((1,), (3,), 0.9, "match"), Link((2,), (2,), 0.8, "match"))
    comparison = Comparison(left, right, links)
    marks = gutter_marks(comparison, "left")
    assert marks[1][0].endswith("3+") and not marks[2][0].endswith("+")
    collation = Collation((left, right), {(0, 1): comparison}, ())
    assert collation.partners(0, 1, 1) == [3, 1]  # tab and the note checkbox go to the strongest
    names: dict[Side, str] = {"left": "left", "right": "right"}
    assert "left ¶1 ↔ right ¶3 .90 match (+1 more link)" in " │ ".join(pair_status(comparison, "left", 1, names))


def test_why_a_link_was_made_names_words_the_paragraph_writes_not_number_pieces_or_acronyms():
    left = _doc("Flood", [*FILLER_LEFT, "Governor Alice Romero asked Calder County to send 4,000 sandbags at once."])
    right = _doc("River", [*FILLER_RIGHT, "Calder County sent 4,000 sandbags after Governor Alice Romero asked."])
    why = why_text(_link_of(align(left, right), 4))
    shared = why.split(" · ")[0].removeprefix("shared: ").split(", ")
    assert "Calder" in shared and "000" not in shared and "4" not in shared and "cc" not in shared
    assert "4000" in why  # the figure, whole, among the numbers both give


def test_why_a_link_was_made_fits_the_room_the_status_bar_has_left():
    terms = ("Soleimani", "tensions", "region")
    evidence = Evidence((4, 4), (0.0,) * len(FEATURES), terms, "a bunch of malarkey, every word", ("2020",))
    link = Link((4,), (4,), 0.8, "match", evidence=evidence)
    full = why_text(link)
    assert full == "shared: Soleimani, tensions, region · quote “a bunch of malarkey, every word” · figures: 2020"
    assert why_text(link, room=len(full)) == full
    # the quotation, the strongest evidence, keeps its place; fewer shared words are named
    assert why_text(link, room=60) == "shared: Soleimani · quote “a bunch of malarkey, every word”"
    assert why_text(link, room=45) == "quote “a bunch of malarkey, every word”"
    assert why_text(link, room=30) == "quote “a bunch of malarkey,…”"
    assert why_text(link, room=15) == "figures: 2020"  # no quotation cut down to a word or two
    assert why_text(link, room=3) == ""
    short = Link((4,), (4,), 0.8, "match", evidence=replace(evidence, quote="malarkey"))
    assert why_text(short, room=17) == "quote “malarkey”"  # a short quotation fits whole
    unquoted = Link((4,), (4,), 0.8, "match", evidence=replace(evidence, quote=""))
    assert why_text(unquoted, room=40) == "shared: Soleimani, tensions, region"
    assert why_text(unquoted, room=20) == "shared: Soleimani"
