"""What two paragraphs share: the evidence the aligner weighs, one number per kind, and what a reader is shown.

Each linkable paragraph becomes TF-IDF vectors (stemmed content words with acronyms; three-word phrases,
stop words included, kept apart so their weight is learned rather than set), its sentences' vectors, its
quotations, numbers and names. A candidate pair then gets one value per kind of evidence (`FEATURES`):

- words: cosine of the word vectors; phrases: cosine of the phrase vectors;
- sentence: the best sentence-to-sentence word cosine, so a long paragraph that shares one fact with a short
  one still shows it;
- quote: words of the longest quotation in one paragraph that the other repeats verbatim (outlets quote the
  same statement); quote_part: the share of a quotation that the other paragraph repeats in a row, for a
  quotation cut or shortened differently (see `partial_quote`);
- numbers: distinct numbers and dates both paragraphs give (figures are rarely shared by chance);
- headline: one is a title and the other body text, which needs more evidence than two body paragraphs.

How much each kind counts is learned (reader/analysis/linkmodel.py, re-learned by bench/learn_align.py).
Kinds that did not help on most held-out stories were measured and left out (see the README).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from reader.text.document import Document, Paragraph, Role
from reader.text.tokens import (
    DEMONYM_SUFFIXES,
    SPELLING_VARIANT_RATIO,
    STOP_WORDS,
    WORD,
    fold_word,
    sentences,
    stem,
    words,
)

FEATURES = ("words", "phrases", "sentence", "quote", "quote_part", "numbers", "headline")

_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and|the|on)\s+)?[A-Z][\w'’-]*)+")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,400}?)[\"“”]")
# A figure (4,000; 2.5; 80%; $1.2) or a day of a named month (Jan. 3, 3 January).
_NUMBER = re.compile(r"(?<![\w.])\$?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(%| percent\b)?")
_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\b"
    r"|\b(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
)
_DIGIT = re.compile(r"\d")
QUOTE_CAP = 20  # words: a longer shared quotation is no more certain
PART_SHARE = 0.5  # a quotation repeated in part counts from half its words


def acronyms(text: str) -> list[str]:
    """Initials of capitalised name runs ("Democratic National Committee" -> "dnc"), to meet acronyms."""
    out = []
    for run in _NAME_RUN.findall(text):
        initials = "".join(w[0] for w in run.split() if w[0].isupper())
        if 2 <= len(initials) <= 6:
            out.append(initials.lower())
    return out


def numbers(text: str) -> frozenset[str]:
    """The figures and dated days a paragraph gives, normalised ("4,000" -> "4000", "Jan. 3" -> "jan 3").
    Single digits are left out: "one of 3 ..." is not a fact to match on."""
    found: set[str] = set()
    if not _DIGIT.search(text):
        return frozenset()
    for m in _DATE.finditer(text):
        month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        found.add(f"{month[:3].lower()} {int(day)}")
    for m in _NUMBER.finditer(_DATE.sub(" ", text)):
        value = m.group(1).replace(",", "")
        if len(value) < 2:
            continue
        found.add(value + ("%" if m.group(2) else ""))
    return frozenset(found)


@dataclass(frozen=True)
class Words:
    """One sentence's words: content terms (stemmed, no stop words), every word stemmed, acronyms, and how each
    word is written ("C" capitalised inside the sentence, "l" lower case, "-" neither or first)."""

    terms: tuple[str, ...]
    raw: tuple[str, ...]
    acronyms: tuple[str, ...]
    case: str = ""
    folded: tuple[str, ...] = ()  # every word folded but not stemmed, for finding quotations

    @classmethod
    def of(cls, text: str) -> Words:
        surface = WORD.findall(text)
        folded = [fold_word(w) for w in surface]
        stems = tuple(stem(w) for w in folded)
        terms = tuple(s for w, s in zip(folded, stems) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit()))
        case = "".join("l" if w[0].islower() else "C" if k and w[0].isupper() else "-" for k, w in enumerate(surface))
        return cls(terms, stems, tuple(acronyms(text)), case, tuple(folded))

    def respelled(self, mapping: dict[str, str]) -> Words:
        if not mapping:
            return self
        get = mapping.get
        terms, raw = tuple(get(t, t) for t in self.terms), tuple(get(t, t) for t in self.raw)
        return Words(terms, raw, self.acronyms, self.case, self.folded)


def joined(parts: Sequence[Words]) -> Words:
    return Words(
        tuple(t for p in parts for t in p.terms),
        tuple(t for p in parts for t in p.raw),
        tuple(a for p in parts for a in p.acronyms),
        "".join(p.case for p in parts),
        tuple(w for p in parts for w in p.folded),
    )


def word_features(w: Words) -> Counter[str]:
    """Counts of content words and acronyms."""
    feats: Counter[str] = Counter(w.terms)
    for acronym in w.acronyms:
        if acronym not in feats:
            feats[acronym] += 1
    return feats


def phrase_features(w: Words) -> Counter[str]:
    """Counts of three-word phrases ("a_b_c", stop words included, not all three stop words)."""
    raw = w.raw
    return Counter(
        f"{a}_{b}_{c}"
        for a, b, c in zip(raw, raw[1:], raw[2:])
        if not (a in STOP_WORDS and b in STOP_WORDS and c in STOP_WORDS)
    )


def spelling_map(left: Iterable[Words], right: Iterable[Words], ratio: float) -> dict[str, str]:
    """One spelling per word: a demonym maps to its place, and a word only one article uses maps to a close
    variant only the other uses (same first letter, similar length, rapidfuzz ratio at least `ratio`)."""
    from rapidfuzz import fuzz

    lv = {t for w in left for t in w.terms}
    rv = {t for w in right for t in w.terms}
    vocab = lv | rv
    mapping: dict[str, str] = {}
    for t in vocab:
        for suffix in DEMONYM_SUFFIXES:
            base = t[: -len(suffix)]
            if t.endswith(suffix) and len(base) >= 4 and base in vocab:
                mapping[t] = base
                break
    lv = {mapping.get(t, t) for t in lv}
    rv = {mapping.get(t, t) for t in rv}
    by_initial: dict[tuple[str, int], list[str]] = defaultdict(list)
    for t in lv - rv:
        if len(t) >= 5 and not t.isdigit():
            by_initial[t[0], len(t)].append(t)
    for t in rv - lv:
        if len(t) < 5 or t.isdigit():
            continue
        best, best_score = None, ratio
        for length in range(len(t) - 2, len(t) + 3):
            for cand in by_initial.get((t[0], length), ()):
                score = fuzz.ratio(t, cand, score_cutoff=best_score)
                if score >= best_score:
                    best, best_score = cand, score
        if best is not None:
            mapping[t] = best
    return mapping


Vector = dict[str, float]


def vector(feats: Counter[str], idf: dict[str, float], unique_idf: float = math.inf) -> Vector:
    """Sublinear TF-IDF (the count dampened as 1 + ln n, then weighted by idf), normalised to length 1.
    Terms found in one paragraph only (idf of `unique_idf`) count towards the length but are not kept:
    they can never be shared."""
    v = {}
    squares = 0.0
    for t, n in feats.items():
        w = idf[t]
        x = w if n == 1 else (1 + math.log(n)) * w
        squares += x * x
        if w < unique_idf:
            v[t] = x
    norm = math.sqrt(squares) or 1.0
    return {t: x / norm for t, x in v.items()}


def dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b[t] for t, x in a.items() if t in b)  # shared terms only, in a's order: deterministic


def _folded(text: str) -> str:
    return _padded(words(text))


def _padded(folded: Iterable[str]) -> str:
    """Folded words as one string with a space at each end, so that " a b " in it finds whole words only."""
    return " " + " ".join(folded) + " "


@dataclass(frozen=True)
class Quotes:
    """A paragraph's quotations as folded word strings (with the words as written), and the paragraph's
    own words in the same form, for finding another paragraph's quotation in it."""

    text: str
    quotes: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, text: str, folded: Sequence[str] | None = None) -> Quotes:
        """`folded`: the paragraph's folded words when they are known already."""
        found = cls(text, tuple((_folded(q), q.strip()) for q in _QUOTED.findall(text) if len(q.split()) >= 2))
        if folded is not None:
            found.__dict__["folded"] = _padded(folded)  # the cached_property's slot
        return found

    @cached_property
    def folded(self) -> str:
        return _folded(self.text)

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Where each of the paragraph's folded words occurs, in order."""
        out: dict[str, list[int]] = defaultdict(list)
        for k, w in enumerate(self.folded.split()):
            out[w].append(k)
        return out


def _longest_run(quote: list[str], positions: dict[str, list[int]]) -> tuple[int, int]:
    """(length, end) of the longest run of consecutive quotation words found in a row in another text, among
    runs holding at least one content word (not "of the"); (0, 0) when there is none."""
    best, best_end = 0, 0
    previous: dict[int, int] = {}
    for k, w in enumerate(quote):
        current: dict[int, int] = {}
        for at in positions.get(w, ()):
            n = current[at] = previous.get(at - 1, 0) + 1
            if n > best and any(x not in STOP_WORDS for x in quote[k - n + 1 : k + 1]):
                best, best_end = n, k + 1
        previous = current
    return best, best_end


def partial_quote(a: Quotes, b: Quotes, plain: Callable[[str], bool]) -> tuple[float, str]:
    """(share, words) for a quotation that one paragraph gives and the other repeats in part: the longest run
    of its words that the other paragraph has in a row, as a share of the quotation, when that run holds at
    least two plain words (`plain`: not a stop word, not a name) and is at least half the quotation. A
    quotation cut or shortened differently ("a bunch of malarkey" for "just a bunch of malarkey. Not a single
    thing he said is accurate") counts; a set phrase inside a long quotation ("the Iran deal", "weapons of
    mass destruction") does not. (0.0, "") when there is none."""
    found = (0.0, "")
    for mine, theirs in ((a, b), (b, a)):
        for folded, _ in mine.quotes:
            words_ = folded.split()
            n, end = _longest_run(words_, theirs.positions)
            run = words_[end - n : end]
            share = n / len(words_)
            if share >= PART_SHARE and share > found[0] and sum(map(plain, run)) >= 2:
                found = (share, " ".join(run))
    return found


def shared_quote(a: Quotes, b: Quotes) -> tuple[int, str]:
    """(length in words, text as written) of the longest quotation in one paragraph that the other repeats
    word for word; (0, "") when there is none."""
    found = [(q.count(" ") - 1, shown) for q, shown in a.quotes if q in b.folded]
    found += [(q.count(" ") - 1, shown) for q, shown in b.quotes if q in a.folded]
    return max(found, default=(0, ""), key=lambda f: f[0])


# --- roles --------------------------------------------------------------------------------------------------


def link_class(role: Role) -> str | None:
    """Paragraphs link only within a class: body text with body text, a caption with a caption, a subhead
    with a subhead. Titles are a class of their own (see `compatible`). Boilerplate and bylines never link:
    they carry no fact of the story."""
    if role in (Role.BOILERPLATE, Role.BYLINE):
        return None
    return role.value


TITLE_WITH_BODY = {Role.TITLE.value, Role.BODY.value}


def compatible(a: Paragraph, b: Paragraph) -> bool:
    """Whether two paragraphs may link at all: within one class, or a title with body text (a headline and a
    lead often tell the same story). A caption or subhead never links to body text."""
    ca, cb = link_class(a.role), link_class(b.role)
    if ca is None or cb is None:
        return False
    return ca == cb or {ca, cb} == TITLE_WITH_BODY


# --- one article's linkable paragraphs ----------------------------------------------------------------------


@dataclass
class Vocabulary:
    """Facts about both articles' words together, made on first use."""

    parsed: list[Words]  # every paragraph of both articles, its sentences joined

    @cached_property
    def names(self) -> frozenset[str]:
        """The word terms that are names (see `name_terms`)."""
        return name_terms(self.parsed)


@dataclass
class Linkable:
    """The linkable paragraphs of one article with everything the evidence needs. What only the judged pairs
    need (sentence vectors, quotations, figures, words as written) is made on first use."""

    vocabulary: Vocabulary  # what both articles share: names, found when first needed
    idf: dict[str, float]  # of every word and phrase term, the same on both sides
    unique_idf: float  # the idf of a term in one paragraph only
    mapping: dict[str, str]  # spelling variants, the same on both sides
    paragraphs: list[Paragraph]
    parsed: list[list[Words]]  # each paragraph's sentences
    vectors: list[Vector]  # words
    phrase_vectors: list[Vector]
    _sentences: dict[int, list[Vector]] = field(default_factory=dict)
    _quotes: dict[int, Quotes] = field(default_factory=dict)
    _numbers: dict[int, frozenset[str]] = field(default_factory=dict)
    _holding: dict[str, int] = field(default_factory=dict)

    def sentence_vectors(self, i: int) -> list[Vector]:
        found = self._sentences.get(i)
        if found is None:
            parts = self.parsed[i]
            found = self._sentences[i] = (
                [vector(word_features(w), self.idf, self.unique_idf) for w in parts]
                if len(parts) > 1
                else [self.vectors[i]]
            )
        return found

    def quotes(self, i: int) -> Quotes:
        found = self._quotes.get(i)
        if found is None:
            found = self._quotes[i] = Quotes.of(self.paragraphs[i].text, [w for s in self.parsed[i] for w in s.folded])
        return found

    def holding(self, folded: str) -> int:
        """How many of the paragraphs hold these folded words in a row (`folded` space-padded). Headlines are
        left out: one that repeats its lead's quotation gives the same statement, not another."""
        found = self._holding.get(folded)
        if found is None:
            found = self._holding[folded] = sum(folded in text for text in self._folded_texts)
        return found

    @cached_property
    def _folded_texts(self) -> list[str]:
        """Every paragraph but the headlines as folded words, space-padded (as `Quotes.folded`)."""
        return [
            _padded(w for s in parsed for w in s.folded)
            for p, parsed in zip(self.paragraphs, self.parsed)
            if p.role is not Role.TITLE
        ]

    def numbers(self, i: int) -> frozenset[str]:
        found = self._numbers.get(i)
        if found is None:
            found = self._numbers[i] = numbers(self.paragraphs[i].text)
        return found

    def written(self, i: int, terms: Sequence[str]) -> list[str]:
        """The word terms as the paragraph first writes them ("Iranian" for the term "iran"), in the order
        given; a term it never writes as a word (an acronym made from a name, "cc" for "Calder County") or
        a number (the evidence lists figures whole: "4,000", not "4" and "000") is left out."""
        wanted = set(terms)
        found: dict[str, str] = {}
        for m in WORD.finditer(self.paragraphs[i].text):
            w = m.group()
            t = stem(fold_word(w))
            t = self.mapping.get(t, t)
            if t in wanted and t not in found and not w.isdigit():
                found[t] = w
                if len(found) == len(wanted):
                    break
        return [found[t] for t in terms if t in found]


def name_terms(parsed: Iterable[Words]) -> frozenset[str]:
    """Word terms that are names: capitalised wherever they occur inside a sentence, and never written in lower
    case. A word that opens a sentence says nothing either way ("Officials said ..."). Acronyms are names."""
    capital: set[str] = set()
    lower: set[str] = set()
    for w in parsed:
        for t, c in zip(w.raw, w.case):
            if c == "l":
                lower.add(t)
            elif c == "C":
                capital.add(t)
        capital.update(w.acronyms)
    return frozenset(capital - lower)


def prepare(
    left: Document, right: Document, variant_ratio: float = SPELLING_VARIANT_RATIO
) -> tuple[Linkable, Linkable, Counter[str]]:
    """Both articles' linkable paragraphs, and the document frequency of every word and phrase term."""
    lp = [p for p in left.paragraphs if link_class(p.role) is not None]
    rp = [p for p in right.paragraphs if link_class(p.role) is not None]
    ls = [[Words.of(s) for s in sentences(p.text)] for p in lp]
    rs = [[Words.of(s) for s in sentences(p.text)] for p in rp]
    mapping = spelling_map((w for p in ls for w in p), (w for p in rs for w in p), variant_ratio)
    ls = [[w.respelled(mapping) for w in p] for p in ls]
    rs = [[w.respelled(mapping) for w in p] for p in rs]
    lj, rj = [joined(p) for p in ls], [joined(p) for p in rs]
    lw, rw = [word_features(w) for w in lj], [word_features(w) for w in rj]
    lph, rph = [phrase_features(w) for w in lj], [phrase_features(w) for w in rj]
    df: Counter[str] = Counter()
    for f in lw + rw + lph + rph:
        df.update(f.keys())
    n = len(lw) + len(rw)
    idf = {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}
    vocabulary = Vocabulary(lj + rj)
    unique = math.log((n + 1) / 2) + 1 - 1e-9  # the idf of a term in one paragraph only

    def side(
        paragraphs: list[Paragraph], parsed: list[list[Words]], wf: list[Counter[str]], pf: list[Counter[str]]
    ) -> Linkable:
        words_ = [vector(f, idf, unique) for f in wf]
        phrases = [vector(f, idf, unique) for f in pf]
        return Linkable(vocabulary, idf, unique, mapping, paragraphs, parsed, words_, phrases)

    return side(lp, ls, lw, lph), side(rp, rs, rw, rph), df


# --- one pair's evidence ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Why two paragraphs were linked: the values the model weighed and what a reader can check."""

    pair: tuple[int, int]  # the (left, right) paragraph indices it is about
    values: tuple[float, ...]  # one per FEATURES
    terms: tuple[str, ...] = ()  # the shared words that weigh most, as the left paragraph writes them
    quote: str = ""  # the longest quotation (or run of a quotation's words) both give word for word
    numbers: tuple[str, ...] = ()  # figures and dates both give

    def to_json(self) -> dict:
        out: dict = {"pair": list(self.pair), "terms": list(self.terms)}
        if self.quote:
            out["quote"] = self.quote
        if self.numbers:
            out["numbers"] = list(self.numbers)
        out["features"] = {name: round(v, 3) for name, v in zip(FEATURES, self.values) if round(v, 3)}  # 0 left out
        return out


SENTENCE_FLOOR = 0.04  # below this paragraph cosine no sentence can share much; skip the search


def rarity(ls: Linkable, rs: Linkable, folded: str) -> float:
    """How much a shared quotation (folded words, space-padded) singles out one pair: 1 when only the two
    paragraphs hold it, less as more paragraphs of either article do. A term in scare quotes ("talking points")
    runs through a story; a statement is quoted once or twice."""
    return 2 / max(2, ls.holding(folded) + rs.holding(folded))


def pair_evidence(ls: Linkable, rs: Linkable, i: int, j: int, cos: float | None = None) -> Evidence:
    """The evidence for the pair of the i-th linkable paragraph on the left and the j-th on the right (`cos`:
    their word cosine, when it is already known)."""
    a, b = ls.paragraphs[i], rs.paragraphs[j]
    va, vb = ls.vectors[i], rs.vectors[j]
    if cos is None:
        cos = dot(va, vb)
    sentence = cos
    if cos >= SENTENCE_FLOOR and len(ls.parsed[i]) + len(rs.parsed[j]) > 2:
        sl, sr = ls.sentence_vectors(i), rs.sentence_vectors(j)
        sentence = max(cos, max(dot(x, y) for x in sl for y in sr))
    qa, qb = ls.quotes(i), rs.quotes(j)
    whole, quote, share = 0.0, "", 0.0
    if qa.quotes or qb.quotes:
        quote_words, quote = shared_quote(qa, qb)

        names = ls.vocabulary.names

        def plain(w: str) -> bool:
            return w not in STOP_WORDS and ls.mapping.get(stem(w), stem(w)) not in names

        share, part = partial_quote(qa, qb, plain)
        if share and not quote:
            quote = part
        if quote_words:
            whole = min(quote_words, QUOTE_CAP) / 10 * rarity(ls, rs, _folded(quote))
        if share:
            share *= rarity(ls, rs, f" {part} ")
    shared_numbers = ls.numbers(i) & rs.numbers(j)
    values = (
        cos,
        dot(ls.phrase_vectors[i], rs.phrase_vectors[j]),
        sentence,
        whole,
        share,
        float(min(len(shared_numbers), 3)),
        float((a.role is Role.TITLE) != (b.role is Role.TITLE)),
    )
    return Evidence((a.index, b.index), values, (), quote, tuple(sorted(shared_numbers)))


def explained(ls: Linkable, rs: Linkable, i: int, j: int, evidence: Evidence, top_terms: int = 5) -> Evidence:
    """The evidence with the shared words that weigh most, as the left paragraph writes them (made only for
    the pairs that are linked)."""
    va, vb = ls.vectors[i], rs.vectors[j]
    shared = sorted((t for t in va if t in vb), key=lambda t: (-va[t] * vb[t], t))
    return replace(evidence, terms=tuple(ls.written(i, shared)[:top_terms]))
