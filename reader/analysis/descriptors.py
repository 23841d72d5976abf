"""Descriptor contrasts: the different phrases two outlets use for the same person, group or thing.

For every referent both articles mention (reader.referents), each article's descriptors are read off the
parse (reader.parse):
- pre-modifiers: "Iranian military commander Qassem Soleimani", "the Obama-era nuclear pact";
- the noun phrase with what follows its head: "a deal with decayed foundations", "children of illegal
  immigrants";
- appositives: "Rossiya 24, a national broadcast network" (and the other way round: "Manafort's deputy,
  Rick Gates" describes Gates);
- relative clauses: "Comey, who was abruptly dismissed by Trump";
- labelling predicates: "X is a ...", "called the lawsuit frivolous";
- headline labels: the same constructions in the title.
Each descriptor says whose words it is (reader.voice). A referent becomes a contrast when a side uses
content words for it that the other never does (titles, name parts and spelling left out). Contrasts are
ranked by how telling they are: distinctive words, evaluative words, the outlet's own voice; each side's
descriptors come most telling first. Loaded words are evaluative words (VADER lexicon) in the outlet's own
voice that only one side uses for a shared referent.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from reader.analysis import parse
from reader.analysis.lexicon import valence
from reader.analysis.parse import Paragraph
from reader.analysis.referents import (
    PERSON_NOUNS,
    TITLES,
    Match,
    Mention,
    Referent,
    article_referents,
    fold,
    match_referents,
    slot_pairs,
)
from reader.analysis.sides import SIDES, Side
from reader.analysis.voice import OWN, Voice, quoted_tokens, voice_of
from reader.text import document
from reader.text.document import Document, Role
from reader.text.tokens import STOP_WORDS, stem

MAX_DESCRIPTORS = 8  # per side of a contrast, most telling first (a reader takes in a few)
MAX_CONTENT_WORDS = 8  # a descriptor is a phrase, not a sentence
# Words a side that are parsed, in order from the headline: a news article (500-2,000 words) is parsed whole; a
# longer one gets its first this-many words, where the leads and most descriptors are.
PARSE_WORD_BUDGET = 2000
# Documents so long that they are parsed in a second process while the first aligns (compare.PARALLEL_FROM:
# transcripts, books, the 1,000-paragraph benchmark) get less, so the parse ends when the alignment does.
LONG_DOCUMENT_BUDGET = 800
LOADED_VALENCE = 1.0
PARTICIPLE_TAGS = frozenset(("VBG", "VBN"))  # present and past participles
# Ranking and cut, chosen leaving one story out on both dev sets (bench/descriptor_eval.py --sweep): a named
# referent gets a small bonus (both measures favour people and organisations slightly), and a reader is shown
# the MAX_CONTRASTS most telling contrasts.
NAME_BONUS = 1.5
MAX_CONTRASTS = 6
MIN_SCORE = 1.0  # and none that scores below this (a pair of short texts may have fewer)
# Noun phrases label a referent; clauses about it mostly narrate what it did ("who was killed in ..."), so
# their words count for less in ranking.
KIND_WEIGHTS = {"relative": 0.5, "predicate": 0.8, "label": 0.8}
_KIND_RANK = {"predicate": 1, "label": 1, "relative": 2}
CONTENT_POS = frozenset("NOUN PROPN ADJ VERB ADV NUM X".split())
PARSED_ROLES = (Role.TITLE, Role.BODY, Role.CAPTION)
_EDGE_POS = frozenset("PUNCT CCONJ ADP DET PART SCONJ".split())
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Descriptor:
    text: str
    paragraph: int
    start: int  # character span in the paragraph
    end: int
    kind: str  # modifier, phrase, appositive, relative, predicate, label, name
    voice: Voice = OWN
    loaded: tuple[str, ...] = ()  # evaluative words in the outlet's own voice that only this side uses
    headline: bool = False

    def to_json(self) -> dict:
        out = {
            "text": self.text,
            "paragraph": self.paragraph,
            "kind": self.kind,
            "voice": self.voice,
            "span": [self.start, self.end],
        }
        if self.loaded:
            out["loaded"] = list(self.loaded)
        if self.headline:
            out["headline"] = True
        return out


@dataclass(frozen=True)
class Contrast:
    entity: str
    left: tuple[Descriptor, ...]
    right: tuple[Descriptor, ...]
    left_mentions: tuple[int, ...] = ()  # paragraphs mentioning the referent, for jumping there
    right_mentions: tuple[int, ...] = ()
    kind: str = "thing"  # person | group | thing
    score: float = 0.0
    matched_by: tuple[str, ...] = ()  # name, head, slot

    def to_json(self) -> dict:
        return {
            "entity": self.entity,
            "kind": self.kind,
            "left": [d.to_json() for d in self.left],
            "right": [d.to_json() for d in self.right],
            "mentions": {"left": list(self.left_mentions), "right": list(self.right_mentions)},
            "score": round(self.score, 3),
            "matched_by": list(self.matched_by),
        }


@dataclass(frozen=True)
class LoadedWord:
    word: str
    side: Side
    paragraph: int
    start: int
    end: int
    subject: str
    valence: float

    def to_json(self) -> dict:
        return {
            "word": self.word,
            "side": self.side,
            "paragraph": self.paragraph,
            "span": [self.start, self.end],
            "subject": self.subject,
            "valence": self.valence,
        }


@dataclass(frozen=True)
class Contrasts:
    entities: tuple[Contrast, ...]
    loaded: tuple[LoadedWord, ...]


# --- what gets parsed ----------------------------------------------------------------------------------------


def _title_case(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _lower_same_length(word: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in word)


def sentence_case(text: str, names: set[str]) -> str:
    """A title-case or all-caps headline with its common words in lower case, so the parser sees nouns and
    verbs, not a run of names: a capitalised word stays so only when the body writes it capitalised inside a
    sentence (`names`: "Iran", "Trump"). Same length, same offsets."""
    if not _title_case(text) and not text.isupper():
        return text

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in names or (word.isupper() and len(word) < 5):  # a name, or an acronym (DNC, FBI)
            return word
        return _lower_same_length(word)

    return _WORD.sub(fix, text)


_INSIDE_SENTENCE = re.compile(r"(?<=[\w,;:’'\"”)] )([^\W\d_][\w]*)")


def body_names(texts: Sequence[str]) -> set[str]:
    """Words a text writes capitalised inside a sentence (not after a full stop): names, in the main."""
    return {m.group(1) for t in texts for m in _INSIDE_SENTENCE.finditer(t) if not m.group(1).islower()}


def parse_document(doc: Document, budget: int = PARSE_WORD_BUDGET) -> dict[int, Paragraph]:
    """Parse the paragraphs that can hold descriptors (title, body, captions), in order, up to `budget` words
    (a paragraph longer than what is left, the start of it); keyed by paragraph index."""
    chosen: list[tuple[document.Paragraph, str]] = []
    words = 0
    for p in doc.paragraphs:
        if p.role in PARSED_ROLES and words < budget:
            text = _first_words(p.text, budget - words)
            chosen.append((p, text))
            words += len(text.split())
    names = body_names([text for p, text in chosen if p.role is Role.BODY])
    texts = [sentence_case(text, names) if p.role is Role.TITLE else text for p, text in chosen]
    parsed = parse.parse_texts(texts)
    # the parse saw the sentence-cased headline; the descriptors quote the article's own text
    return {p.index: _with_text(q, p.text) for (p, _), q in zip(chosen, parsed)}


def _first_words(text: str, count: int) -> str:
    """The text up to the end of its `count`-th word (a paragraph of a megabyte would take the parser
    minutes, and the contrasts ask for its first few thousand words at most)."""
    end = next((m.end() for k, m in enumerate(re.finditer(r"\S+", text), 1) if k == count), len(text))
    return text[:end]


def _with_text(p: Paragraph, text: str) -> Paragraph:
    if p.text == text:
        return p
    tokens = tuple(
        parse.Token(
            t.i, text[t.start : t.end], t.lemma, t.pos, t.tag, t.dep, t.head, t.start, t.end, t.ent, t.ent_start, t.sent
        )
        for t in p.tokens
    )
    return Paragraph(text, tokens, p.children)


# --- descriptors of one mention ------------------------------------------------------------------------------


def _descends(p: Paragraph, k: int, h: int) -> bool:
    for _ in range(64):
        if k == h:
            return True
        up = p.tokens[k].head
        if up == k:
            return False
        k = up
    return False


def _left_edge(p: Paragraph, h: int) -> int:
    a = h
    while a > 0 and p.tokens[a - 1].sent == p.tokens[h].sent and _descends(p, a - 1, h):
        a -= 1
    return a


def _trim(p: Paragraph, a: int, b: int) -> tuple[int, int] | None:
    """Drop punctuation, conjunctions and prepositions at the edges (determiners only at the end)."""
    toks = p.tokens
    while a <= b and (toks[a].pos in ("PUNCT", "CCONJ", "ADP", "SCONJ") or toks[a].dep == "case"):
        a += 1
    while a <= b and (toks[b].pos in _EDGE_POS or toks[b].dep == "case") and not _closes(p, a, b):
        b -= 1
    return (a, b) if a <= b else None


def _closes(p: Paragraph, a: int, b: int) -> bool:
    """Token b closes a bracket opened within a..b: "the Guard Corps (IRGC)" keeps its ")"."""
    texts = [t.text for t in p.tokens[a : b + 1]]
    return texts[-1] == ")" and texts.count("(") >= texts.count(")")


def _is_content(t: parse.Token) -> bool:
    return t.pos in CONTENT_POS and fold(t.text) not in STOP_WORDS and bool(_WORD.search(t.text))


def _cut(p: Paragraph, a: int, b: int) -> tuple[int, int] | None:
    """At most MAX_CONTENT_WORDS content words, cut from the end; and never a relative clause begun but not
    ended ("a subgroup of the IRGC, which President"): the phrase stops before its relative word."""
    count = 0
    for k in range(a, b + 1):
        count += _is_content(p.tokens[k])
        if count > MAX_CONTENT_WORDS:
            b = k - 1
            break
    for k in range(a + 1, b + 1):
        if p.tokens[k].tag in ("WDT", "WP", "WP$") and p.subtree(p.tokens[k].head)[-1] > b:
            b = k - 1
            break
    return _trim(p, a, b)


@dataclass
class _Found:
    paragraph: int
    first: int
    last: int
    kind: str


def _count(p: Paragraph, first: int, last: int) -> int:
    return sum(_is_content(p.tokens[k]) for k in range(first, last + 1))


def _right_edge(p: Paragraph, a: int, h: int, deps: Sequence[str], limit: int = MAX_CONTENT_WORDS) -> int:
    """The end of the head's right-hand dependents of these kinds, taken in order while the phrase from `a`
    keeps to `limit` content words. A dependent that does not fit is taken whole or, for a preposition, as
    far as its object's own phrase fits ("the campaign of a nominee for President [in league with ...]"),
    never cut in the middle of a word group."""

    def extend(h: int, count: int) -> tuple[int, int]:
        b = h
        for c in sorted(p.children[h]):
            if c <= h or p.tokens[c].dep == "punct":
                continue
            if p.tokens[c].dep not in deps:
                break
            sub = p.subtree(c)
            if sub[0] > b + 2:  # not adjacent to what is taken
                break
            n = _count(p, sub[0], sub[-1])
            if count + n <= limit:
                b, count = sub[-1], count + n
                continue
            obj = next((g for g in p.children[c] if p.tokens[g].dep == "pobj"), None)
            if p.tokens[c].dep == "prep" and obj is not None:
                n = _count(p, c, obj)
                if count + n <= limit:
                    b, count = extend(obj, count + n)
            break
        return b, count

    return extend(h, _count(p, a, h))[0]


def mention_spans(p: Paragraph, m: Mention) -> list[_Found]:
    """Token spans of the phrases that describe the mention, before trimming and voice."""
    toks, h = p.tokens, m.head
    t = toks[h]
    out: list[_Found] = []
    a = _left_edge(p, h)
    if m.name and m.name_span is not None:
        first = m.name_span[0]
        if a >= first and first > 0 and toks[first - 1].lemma in PERSON_NOUNS and toks[first - 1].pos == "NOUN":
            # a role noun right before a name describes it even where the parser hung it elsewhere
            # ("pivotal to dictator Bashar al-Assad's ...")
            a = first - 1
            while a > 0 and toks[a - 1].pos in ("ADJ", "NOUN") and toks[a - 1].sent == toks[first].sent:
                a -= 1
        while a < first and toks[a].pos == "DET":  # "the powerful [Quds Force]": "powerful" is what describes
            a += 1
        if a < first:
            out.append(_Found(m.paragraph, a, first - 1, "modifier"))
        for c in p.children[h]:  # "President Emmanuel Macron of France": the name with its affiliation
            obj = next((g for g in p.children[c] if toks[g].dep == "pobj"), None)
            if c > h and toks[c].lemma == "of" and obj is not None and toks[obj].ent in ("GPE", "ORG", "NORP"):
                out.append(_Found(m.paragraph, first, p.subtree(obj)[-1], "affiliation"))
    else:
        out.append(_Found(m.paragraph, a, h, "phrase"))
        b = _right_edge(p, a, h, ("prep", "acl", "relcl", "amod"))
        if b > h:
            out.append(_Found(m.paragraph, a, b, "phrase"))
    for c in p.children[h]:
        dep = toks[c].dep
        in_list = any(toks[g].dep in ("conj", "cc") for g in (*p.children[c], *p.children[h]))
        if (
            dep == "appos"
            and not in_list
            and not all(toks[k].pos in ("PROPN", "PUNCT") for k in p.subtree(c))
            and _follows(p, h, c)
        ):
            # a list ("X, Y and Z") read as appositions describes nothing
            # a bare name beside a name is a list, not a description ("a Republican" is one)
            sub = p.subtree(c)
            out.append(_Found(m.paragraph, sub[0], sub[-1], "appositive"))
        elif dep in ("relcl", "acl") and c > h and m.name:
            sub = p.subtree(c)
            # "Comey, who served three presidents", "Soleimani, killed in ...": a clause that opens with a
            # relative word or a participle after a comma, not a parser's guess at a clause further on
            opener = toks[sub[0]]
            participle = opener.tag in ("VBN", "VBG") and toks[sub[0] - 1].text == ","
            acts = any(toks[g].dep in ("dobj", "ccomp") for g in p.children[sub[0]])  # "..., called it a ..."
            adjacent = m.name_span is not None and sub[0] <= m.name_span[1] + 2  # "Comey, who ..." not further on
            if adjacent and (opener.tag in ("WP", "WP$", "WDT") or (participle and not acts)):
                out.append(_Found(m.paragraph, sub[0], sub[-1], "relative"))
    gov = toks[t.head]
    if t.dep == "appos" and gov.pos == "NOUN" and t.head < h:
        # "Manafort's deputy, Rick Gates": the noun before describes the name
        out.append(_Found(m.paragraph, _left_edge(p, t.head), t.head, "appositive"))
    if t.dep in ("nsubj", "nsubjpass"):
        if gov.lemma in ("be", "become", "remain", "seem"):
            for c in p.children[t.head]:
                if toks[c].dep in ("attr", "acomp") and c > h:
                    sub = p.subtree(c)
                    out.append(_Found(m.paragraph, sub[0], sub[-1], "predicate"))
        elif gov.lemma in _LABELS and t.dep == "nsubjpass":
            out += _labels(p, t.head, m.paragraph)
    elif t.dep == "dobj" and gov.lemma in _LABELS:
        out += _labels(p, t.head, m.paragraph)
    return out


def _follows(p: Paragraph, h: int, c: int) -> bool:
    """Apposition `c` comes right after its noun `h`, or after another apposition of it, with punctuation
    only between: "Kosachev, a Russian senator, called the death 'the worst-case scenario'" is no apposition
    of Kosachev, whatever the parser says."""
    start = p.subtree(c)[0]
    if start < h:
        return True
    between = {k for g in p.children[h] if g != c and p.tokens[g].dep == "appos" for k in p.subtree(g)}
    return all(p.tokens[k].pos == "PUNCT" or k in between for k in range(h + 1, start))


_LABELS = frozenset("call label brand dub term describe deem consider name characterize characterise".split())


def _labels(p: Paragraph, verb: int, paragraph: int) -> list[_Found]:
    out = []
    for c in p.children[verb]:
        t = p.tokens[c]
        targets = [c] if t.dep in ("oprd", "acomp", "attr") else []
        if t.dep == "prep" and t.lemma == "as":
            targets = [g for g in p.children[c] if p.tokens[g].dep == "pobj"]
        for g in targets:
            sub = p.subtree(g)
            out.append(_Found(paragraph, sub[0], sub[-1], "label"))
    return out


# --- an article ----------------------------------------------------------------------------------------------


@dataclass
class Article:
    doc: Document
    parsed: dict[int, Paragraph]
    referents: list[Referent] = field(default_factory=list)
    mentions: dict[int, list[Mention]] = field(default_factory=dict)
    quoted: dict[int, list[bool]] = field(default_factory=dict)

    @classmethod
    def build(cls, side: str, doc: Document, parsed: dict[int, Paragraph]) -> Article:
        art = cls(doc, parsed)
        titles = {p.index for p in doc.paragraphs if p.role is Role.TITLE}
        art.referents = article_referents(side, parsed, titles)
        for r in art.referents:
            for m in r.mentions:
                art.mentions.setdefault(m.paragraph, []).append(m)
        art.quoted = {i: quoted_tokens(p) for i, p in parsed.items()}
        return art

    def descriptor(self, f: _Found) -> Descriptor | None:
        p = self.parsed[f.paragraph]
        span = _cut(p, f.first, f.last)
        if span is None:
            return None
        a, b = span
        if not any(_is_content(p.tokens[k]) for k in range(a, b + 1)):
            return None
        s, e = p.tokens[a].start, p.tokens[b].end
        text = p.text[s:e]
        # a quotation mark left open or closed by the cut is not part of the phrase
        if text.count("“") + text.count("”") == 1 or text.count('"') == 1:
            text = text.strip('“”"')
            s = p.text.index(text, s) if text else s
            e = s + len(text)
        headline = self.doc.paragraphs[f.paragraph].role is Role.TITLE
        return Descriptor(text, f.paragraph, s, e, f.kind, voice_of(p, self.quoted[f.paragraph], a, b), (), headline)

    def words(self, d: Descriptor) -> list[tuple[str, parse.Token, float]]:
        """Content words of a descriptor, as (stem of the lemma, token, weight). A word that modifies the
        referent counts 1; one inside a prepositional phrase or clause, or a name, tells less about the
        referent itself ("a summit meeting [with its leader, Kim Jong-un]") and counts half."""
        p = self.parsed[d.paragraph]
        inside = [t for t in p.tokens if d.start <= t.start < d.end]
        span = {t.i for t in inside}
        out = []
        for t in inside:
            if not _is_content(t):
                continue
            weight = (0.5 if t.pos == "PROPN" else 1.0) * KIND_WEIGHTS.get(d.kind, 1.0)
            k = t.i
            while k in span and p.tokens[k].head != k and p.tokens[k].head in span:
                if p.tokens[k].dep in ("pobj", "relcl", "acl", "advcl", "ccomp", "xcomp"):
                    weight = 0.5
                    break
                k = p.tokens[k].head
            out.append((stem(t.lemma.replace(".", "")), t, weight))
        return out


# --- contrasts -----------------------------------------------------------------------------------------------


def _same_word(w: str, others: set[str]) -> bool:
    return w in others or (len(w) >= 5 and any(len(o) >= 5 and fuzz.ratio(w, o) >= 88 for o in others))


@dataclass
class _Side:
    art: Article
    refs: tuple[Referent, ...]
    descriptors: list[Descriptor] = field(default_factory=list)
    words: dict[Descriptor, set[str]] = field(default_factory=dict)
    tokens: dict[Descriptor, dict[str, parse.Token]] = field(default_factory=dict)
    weights: dict[Descriptor, dict[str, float]] = field(default_factory=dict)

    @property
    def vocabulary(self) -> set[str]:
        return set().union(*self.words.values()) if self.words else set()

    @property
    def mention_paragraphs(self) -> tuple[int, ...]:
        return tuple(sorted({m.paragraph for r in self.refs for m in r.mentions}))


def _collect(art: Article, refs: Sequence[Referent]) -> _Side:
    side = _Side(art, tuple(refs))
    ignore = {w for r in refs for n in r.names for w in n} | {stem(w) for r in refs for n in r.names for w in n}
    seen: set[str] = set()
    for r in refs:
        person = r.kind == "person"
        for m in r.mentions:
            for f in mention_spans(art.parsed[m.paragraph], m):
                d = art.descriptor(f)
                if d is None:
                    continue
                key = " ".join(_WORD.findall(d.text.casefold()))
                if key in seen:
                    continue
                seen.add(key)
                words = {
                    w: (t, weight)
                    for w, t, weight in art.words(d)
                    if w not in ignore
                    and fold(t.text) not in ignore
                    # a title before a name is no description ("President"); a role in apposition is one
                    and not (person and d.kind == "modifier" and fold(t.text) in TITLES)
                }
                if not words:
                    if d.kind == "modifier" and person:  # a title ("U.S. President"): listed, never a difference
                        d = Descriptor(d.text, d.paragraph, d.start, d.end, "title", d.voice, (), d.headline)
                        side.descriptors.append(d)
                        side.words[d], side.tokens[d], side.weights[d] = set(), {}, {}
                    continue
                side.descriptors.append(d)
                side.words[d] = set(words)
                side.tokens[d] = {w: t for w, (t, _) in words.items()}
                side.weights[d] = {w: weight for w, (_, weight) in words.items()}
    # a phrase inside a longer one of the same paragraph says nothing more ("the head" beside "the head of the
    # Foreign Affairs Committee"): the longer stands for both
    side.descriptors = [d for d in side.descriptors if not any(_inside(d, o) for o in side.descriptors)]
    return side


def _inside(d: Descriptor, other: Descriptor) -> bool:
    """`d` is another descriptor whose span lies within `other`'s, in the same paragraph."""
    return d.paragraph == other.paragraph and other.start <= d.start and d.end <= other.end and d != other


def _label(match: Match, left: Article, right: Article) -> str:
    named = [r for r in match.left + match.right if r.is_name]
    if named:
        best = max(named, key=lambda r: len(r.mentions))
        return best.label(left.parsed if best.side == "left" else right.parsed)
    lemmas = Counter(m.lemma for r in match.left + match.right for m in r.mentions)
    return " / ".join(w for w, _ in lemmas.most_common(3))


def _order(side: _Side, distinct: set[str]) -> list[Descriptor]:
    def key(d: Descriptor) -> tuple:
        own = side.words[d] & distinct
        charged = max((abs(valence(side.tokens[d][w].text)) for w in own), default=0.0)
        weight = sum(side.weights[d][w] for w in own)
        # distinctive first; among those, labels (noun phrases) before clauses that narrate; titles last
        return (not own, d.kind == "title", _KIND_RANK.get(d.kind, 0), -weight, -charged, d.voice != OWN, d.paragraph)

    return sorted(side.descriptors, key=key)


def _with_loaded(side: _Side, d: Descriptor, distinct: set[str]) -> Descriptor:
    if d.voice != OWN:
        return d
    # a loaded word describes the referent itself: an adjective, noun or adverb that modifies it, not a verb
    # of the story ("killed"), a name ("United Nations") or a word inside a phrase about something else
    p = side.art.parsed[d.paragraph]
    inside = [t.i for t in p.tokens if d.start <= t.start < d.end]
    roots = {k for k in inside if not d.start <= p.tokens[p.tokens[k].head].start < d.end or p.tokens[k].head == k}

    def describes(t: parse.Token) -> bool:
        # an adjective on the phrase's head ("the disastrous deal"), or the head of a label the outlet gives
        # ("a sham", "a bloodthirsty tyrant"): not a word inside a name or a term ("special counsel")
        if t.i in roots:
            return d.kind in ("appositive", "predicate", "label") and t.pos in ("NOUN", "ADJ")
        if t.head not in roots:
            return False
        if t.pos == "NOUN" and t.dep == "compound":  # "Iran terror chief": a strongly charged noun as a label
            return abs(valence(t.text)) >= 1.5
        if t.dep == "amod" and t.tag in PARTICIPLE_TAGS:
            # a participle that modifies the noun is an adjective there, whether the parser tags it ADJ or VERB
            # ("a punishing charge", "struggling shopkeepers", "a failed plan"); one that is the verb of a clause
            # ("shopkeepers who are struggling", "shopkeepers struggling to pay") is a verb of the story
            return True
        return t.pos == "ADJ" and t.dep in ("amod", "acomp", "conj")

    words = tuple(
        t.text
        for w, t in side.tokens[d].items()
        if w in distinct and describes(t) and t.ent in ("", "NORP") and abs(valence(t.text)) >= LOADED_VALENCE
    )
    if not words:
        return d
    return Descriptor(d.text, d.paragraph, d.start, d.end, d.kind, d.voice, words, d.headline)


def _name_descriptor(side: _Side, label: str) -> Descriptor | None:
    """The referent's name as the article writes it in full, shown after the descriptors."""
    best = None
    for r in side.refs:
        for m in r.mentions:
            if m.name_span is not None and (best is None or len(m.name) > len(best.name)):
                best = m
    if best is None or best.name_span is None:
        return None
    p = side.art.parsed[best.paragraph]
    a, b = best.name_span
    return Descriptor(p.span_text(a, b), best.paragraph, p.tokens[a].start, p.tokens[b].end, "name")


def score_contrast(left: _Side, right: _Side, dl: set[str], dr: set[str]) -> float:
    """How telling a contrast is: its distinctive words (evaluative ones and the outlet's own count more),
    on both sides, and how much both articles say about the referent."""

    def side_score(side: _Side, distinct: set[str]) -> float:
        best: dict[str, float] = {}
        for d in side.descriptors:
            for w in side.words[d] & distinct:
                weight = side.weights[d][w] * (1.0 + min(abs(valence(side.tokens[d][w].text)), 3.0) / 3.0)
                weight *= 1.0 if d.voice == OWN else 0.75
                best[w] = max(best.get(w, 0.0), weight)
        return math.log1p(sum(best.values()))

    mentions = min(len(left.mention_paragraphs), len(right.mention_paragraphs))
    return side_score(left, dl) + side_score(right, dr) + 0.5 * math.log1p(mentions)


def contrast_of(match: Match, left: Article, right: Article) -> Contrast | None:
    sl, sr = _collect(left, match.left), _collect(right, match.right)
    named = any(r.is_name for r in match.left) and any(r.is_name for r in match.right)
    if not (sl.descriptors or sr.descriptors) or (not named and not (sl.descriptors and sr.descriptors)):
        return None  # a name stands for itself on a side that does not describe it; a common noun does not
    wl, wr = sl.vocabulary, sr.vocabulary
    dl = {w for w in wl if not _same_word(w, wr)}
    dr = {w for w in wr if not _same_word(w, wl)}
    if not dl and not dr:
        return None
    label = _label(match, left, right)
    items = {}
    for name, side, distinct in (("left", sl, dl), ("right", sr, dr)):
        ordered = [_with_loaded(side, d, distinct) for d in _order(side, distinct)][:MAX_DESCRIPTORS]
        written = _name_descriptor(side, label)
        if written is not None and len(ordered) < MAX_DESCRIPTORS:
            ordered.append(written)
        items[name] = tuple(ordered)
    kinds = Counter(r.kind for r in match.left + match.right)
    kind = "person" if kinds["person"] else kinds.most_common(1)[0][0]
    return Contrast(
        entity=label,
        left=items["left"],
        right=items["right"],
        left_mentions=sl.mention_paragraphs,
        right_mentions=sr.mention_paragraphs,
        kind=kind,
        score=score_contrast(sl, sr, dl, dr) + (NAME_BONUS if named and kind == "person" else 0.0),
        matched_by=tuple(sorted(match.how)),
    )


def find_contrasts(
    left: Document,
    right: Document,
    links: Sequence | None = None,
    parsed: tuple[dict[int, Paragraph], dict[int, Paragraph]] | None = None,
    min_score: float = MIN_SCORE,
    max_contrasts: int = MAX_CONTRASTS,
) -> Contrasts:
    """Contrasts between two documents. `links` (reader.align.Link or (left, right) index pairs) let noun
    phrases in the same slot of linked sentences match; `parsed` passes parses done elsewhere."""
    pl, pr = parsed if parsed is not None else (parse_document(left), parse_document(right))
    al, ar = Article.build("left", left, pl), Article.build("right", right, pr)
    pairs = [(k.left, k.right) if hasattr(k, "left") else (k[0], k[1]) for k in (links or ())]
    slots = slot_pairs(pairs, pl, pr, al.mentions, ar.mentions) if pairs else None
    found = [c for m in match_referents(al.referents, ar.referents, slots) if (c := contrast_of(m, al, ar))]
    found = [c for c in found if c.score >= min_score]
    found.sort(key=lambda c: (-c.score, c.entity))
    found = found[:max_contrasts]
    return Contrasts(tuple(found), tuple(_loaded_words(found)))


def _loaded_words(contrasts: Sequence[Contrast]) -> list[LoadedWord]:
    out: list[LoadedWord] = []
    seen: set[tuple[str, str, int]] = set()
    for c in contrasts:
        for side, items in zip(SIDES, (c.left, c.right)):
            for d in items:
                for word in d.loaded:
                    if (side, word.casefold(), d.paragraph) in seen:
                        continue
                    seen.add((side, word.casefold(), d.paragraph))
                    at = d.text.find(word)
                    start = d.start + max(at, 0)
                    out.append(LoadedWord(word, side, d.paragraph, start, start + len(word), c.entity, valence(word)))
    return out
