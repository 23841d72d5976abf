"""Link the paragraphs of two articles that report the same facts.

Scoring. Each paragraph becomes a TF-IDF vector of stemmed content words, content-word pairs and raw word
triples (phrases), with acronyms expanded and spelling variants across the two articles merged. A pair's
score is the higher of the paragraph cosine and (discounted) the best sentence-to-sentence cosine, so a long
paragraph that shares one fact with a short one still scores. Quoted words that the other paragraph repeats
verbatim add evidence: outlets quote the same statement.

Candidates. Only pairs that share a reasonably rare term are scored, found through an inverted index, so the
cost follows the shared vocabulary rather than the product of the two lengths.

Choosing. Scores are compared with each paragraph's own best rather than a fixed bar alone: a pair links when
it is the mutual best of its two paragraphs, or when it is near the best of either paragraph and clearly
strong. Links may therefore cross, and a paragraph may link to several (1:n, n:1). Headlines link to each
other; boilerplate never links.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from reader.document import Document, Paragraph, Role
from reader.tokens import STOP_WORDS, content_terms, sentences, stem, words

MATCH = "match"
PARTIAL = "partial"

Pair = tuple[int, int]


@dataclass(frozen=True)
class Link:
    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    kind: str
    pinned: bool = False  # set by hand (a correction), not by the aligner

    def to_json(self) -> dict:
        out = {"left": list(self.left), "right": list(self.right), "score": round(self.score, 3), "kind": self.kind}
        if self.pinned:
            out["pinned"] = True
        return out


@dataclass(frozen=True)
class AlignParams:
    mutual_score: float = 0.14  # a mutual best pair links from this score
    min_score: float = 0.26  # a pair that is only one paragraph's (near) best links from this score
    relative: float = 0.8  # "near the best": this share of the paragraph's best score
    match_score: float = 0.4  # links at or above this are the same fact (match), below a shared detail
    pair_weight: float = 0.5  # weight of a content-word pair feature, relative to a single word
    phrase_weight: float = 0.5  # weight of a raw three-word phrase feature
    sentence_weight: float = 0.8  # discount on the best sentence-pair cosine
    quote_word: float = 0.05  # evidence per word of a quotation the other paragraph repeats verbatim
    quote_cap: float = 0.3
    variant_ratio: float = 88.0  # spelling variants (Qassem/Qasem) merge at this rapidfuzz ratio
    block_df: int = 64  # terms in more paragraphs than this (and max(block_df, 10%)) propose no candidates


# --- features ---------------------------------------------------------------------------------------------

_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and|the|on)\s+)?[A-Z][\w'’-]*)+")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,400}?)[\"“”]")
_DEMONYM_SUFFIXES = ("n", "an", "ian", "i")  # korean -> korea, iranian -> iran, iraqi -> iraq


def acronyms(text: str) -> list[str]:
    """Initials of capitalised name runs ("Democratic National Committee" -> "dnc"), to meet acronyms."""
    out = []
    for run in _NAME_RUN.findall(text):
        initials = "".join(w[0] for w in run.split() if w[0].isupper())
        if 2 <= len(initials) <= 6:
            out.append(initials.lower())
    return out


def features(text: str, params: AlignParams) -> Counter[str]:
    """Weighted terms of a text: words, word pairs ("a b"), phrases ("a_b_c") and acronyms."""
    terms = content_terms(text)
    feats: Counter[str] = Counter(terms)
    for a, b in pairwise(terms):
        feats[f"{a} {b}"] += params.pair_weight
    raw = [stem(w) for w in words(text)]
    for a, b, c in zip(raw, raw[1:], raw[2:]):
        if not {a, b, c} <= STOP_WORDS:
            feats[f"{a}_{b}_{c}"] += params.phrase_weight
    for acronym in acronyms(text):
        if acronym not in feats:
            feats[acronym] += 1
    return feats


def _single_words(feats: Iterable[Counter[str]]) -> set[str]:
    return {t for f in feats for t in f if " " not in t and "_" not in t}


def spelling_map(left: Sequence[Counter[str]], right: Sequence[Counter[str]], ratio: float) -> dict[str, str]:
    """One spelling per word: a demonym maps to its place, and a word only one article uses maps to a close
    variant only the other uses (same first letter, similar length, rapidfuzz ratio at least `ratio`)."""
    from rapidfuzz import fuzz

    lv, rv = _single_words(left), _single_words(right)
    vocab = lv | rv
    mapping: dict[str, str] = {}
    for t in vocab:
        for suffix in _DEMONYM_SUFFIXES:
            base = t[: -len(suffix)]
            if t.endswith(suffix) and len(base) >= 4 and base in vocab:
                mapping[t] = base
                break
    lv = {mapping.get(t, t) for t in lv}
    rv = {mapping.get(t, t) for t in rv}
    by_initial: dict[str, list[str]] = defaultdict(list)
    for t in lv - rv:
        if len(t) >= 5 and not t.isdigit():
            by_initial[t[0]].append(t)
    for t in rv - lv:
        if len(t) < 5 or t.isdigit():
            continue
        best, best_score = None, ratio
        for cand in by_initial.get(t[0], ()):
            if abs(len(cand) - len(t)) <= 2:
                score = fuzz.ratio(t, cand, score_cutoff=best_score)
                if score >= best_score:
                    best, best_score = cand, score
        if best is not None:
            mapping[t] = best
    return mapping


def _respell(feats: Counter[str], mapping: dict[str, str]) -> Counter[str]:
    if not mapping:
        return feats
    out: Counter[str] = Counter()
    for term, n in feats.items():
        sep = "_" if "_" in term else " "
        out[sep.join(mapping.get(w, w) for w in term.split(sep))] += n
    return out


Vector = dict[str, float]


def _vector(feats: Counter[str], idf: dict[str, float]) -> Vector:
    v = {t: (1 + math.log(n)) * idf[t] for t, n in feats.items() if n > 0 and t in idf}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def _dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


@dataclass
class _Side:
    """The linkable paragraphs of one article, with paragraph and sentence vectors."""

    paragraphs: list[Paragraph]
    vectors: list[Vector]
    sentence_vectors: list[list[Vector]]


def _sides(left: Document, right: Document, params: AlignParams) -> tuple[_Side, _Side, Counter[str]]:
    lp = [p for p in left.paragraphs if p.linkable]
    rp = [p for p in right.paragraphs if p.linkable]
    lf = [features(p.text, params) for p in lp]
    rf = [features(p.text, params) for p in rp]
    mapping = spelling_map(lf, rf, params.variant_ratio)
    lf = [_respell(f, mapping) for f in lf]
    rf = [_respell(f, mapping) for f in rf]
    df: Counter[str] = Counter()
    for f in lf + rf:
        df.update(f.keys())
    n = len(lf) + len(rf)
    idf = {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}

    def side(paragraphs: list[Paragraph], feats: list[Counter[str]]) -> _Side:
        sentence_vectors = [
            [_vector(_respell(features(s, params), mapping), idf) for s in sentences(p.text)] for p in paragraphs
        ]
        return _Side(paragraphs, [_vector(f, idf) for f in feats], sentence_vectors)

    return side(lp, lf), side(rp, rf), df


# --- scoring ----------------------------------------------------------------------------------------------


def _candidates(left: _Side, right: _Side, df: Counter[str], params: AlignParams) -> set[tuple[int, int]]:
    """Positions (in the sides' lists) of pairs that share a term rare enough to be worth scoring."""
    cap = max(params.block_df, (len(left.paragraphs) + len(right.paragraphs)) // 10)
    index: dict[str, list[int]] = defaultdict(list)
    for j, v in enumerate(right.vectors):
        for t in v:
            if df[t] <= cap:
                index[t].append(j)
    found: set[tuple[int, int]] = set()
    for i, v in enumerate(left.vectors):
        for t in v:
            for j in index.get(t, ()):
                found.add((i, j))
    return found


def _folded(text: str) -> str:
    return " " + " ".join(words(text)) + " "


def _quoted(text: str) -> list[str]:
    return [_folded(q) for q in _QUOTED.findall(text) if len(q.split()) >= 2]


def _verbatim_quote_words(a: Paragraph, b: Paragraph) -> int:
    """Length in words of the longest quotation in one paragraph that the other repeats word for word."""
    fa, fb = _folded(a.text), _folded(b.text)
    lengths = [len(q.split()) for q in _quoted(a.text) if q in fb]
    lengths += [len(q.split()) for q in _quoted(b.text) if q in fa]
    return max(lengths, default=0)


def similarities(left: Document, right: Document, params: AlignParams | None = None) -> dict[Pair, float]:
    """Scores of the candidate pairs of linkable paragraphs, keyed by (left index, right index)."""
    params = params or AlignParams()
    ls, rs, df = _sides(left, right, params)
    scores: dict[Pair, float] = {}
    for i, j in _candidates(ls, rs, df, params):
        a, b = ls.paragraphs[i], rs.paragraphs[j]
        best_sentence = max((_dot(x, y) for x in ls.sentence_vectors[i] for y in rs.sentence_vectors[j]), default=0.0)
        score = max(_dot(ls.vectors[i], rs.vectors[j]), params.sentence_weight * best_sentence)
        score += min(params.quote_cap, params.quote_word * _verbatim_quote_words(a, b))
        scores[(a.index, b.index)] = min(1.0, score)
    return scores


# --- choosing ---------------------------------------------------------------------------------------------


def _titles(doc: Document) -> set[int]:
    return {p.index for p in doc.paragraphs if p.role is Role.TITLE}


def choose_pairs(
    scores: dict[Pair, float], params: AlignParams, titles: tuple[set[int], set[int]] = (set(), set())
) -> set[Pair]:
    """The pairs to link: headline to headline, mutual bests, and strong near-bests of either paragraph."""
    lt, rt = titles
    if lt and rt:
        # Headlines summarise the same story: they link to each other and not to body text.
        headline = {k for k in scores if k[0] in lt and k[1] in rt}
        scores = {k: s for k, s in scores.items() if (k[0] in lt) == (k[1] in rt) and k not in headline}
    else:
        headline = set()
    best_l: dict[int, float] = defaultdict(float)
    best_r: dict[int, float] = defaultdict(float)
    for (i, j), s in scores.items():
        best_l[i] = max(best_l[i], s)
        best_r[j] = max(best_r[j], s)
    kept = set(headline)
    for (i, j), s in scores.items():
        mutual = s == best_l[i] == best_r[j] and s >= params.mutual_score
        near = s >= params.min_score and (s >= params.relative * best_l[i] or s >= params.relative * best_r[j])
        if mutual or near:
            kept.add((i, j))
    return kept


def group_links(
    pairs: set[Pair], scores: dict[Pair, float], params: AlignParams, pinned: frozenset[Pair] = frozenset()
) -> list[Link]:
    """Group pairs into 1:n and n:1 links where one paragraph's partners have no other partner; everything
    else stays 1:1, so a link never implies a pair that was not chosen. Pinned pairs stay 1:1 links."""
    partners_l: dict[int, set[int]] = defaultdict(set)
    partners_r: dict[int, set[int]] = defaultdict(set)
    for i, j in pairs:
        partners_l[i].add(j)
        partners_r[j].add(i)
    links: list[Link] = []
    done: set[Pair] = set()

    def add(left: Sequence[int], right: Sequence[int]) -> None:
        members = [(i, j) for i in left for j in right]
        score = max(scores.get(m, 0.0) for m in members)
        is_pinned = any(m in pinned for m in members)
        kind = MATCH if score >= params.match_score or is_pinned else PARTIAL
        links.append(Link(tuple(sorted(left)), tuple(sorted(right)), score, kind, pinned=is_pinned))
        done.update(members)

    for pair in sorted(pinned & pairs):
        add([pair[0]], [pair[1]])
    for i, js in sorted(partners_l.items()):
        if len(js) > 1 and all(partners_r[j] == {i} for j in js) and not any((i, j) in done for j in js):
            add([i], sorted(js))
    for j, is_ in sorted(partners_r.items()):
        if len(is_) > 1 and all(partners_l[i] == {j} for i in is_) and not any((i, j) in done for i in is_):
            add(sorted(is_), [j])
    for i, j in sorted(pairs - done):
        add([i], [j])
    return sorted(links, key=lambda link: (link.left[0], link.right[0]))


def align(left: Document, right: Document, params: AlignParams | None = None) -> list[Link]:
    """The links between two documents, in the left article's order."""
    params = params or AlignParams()
    scores = similarities(left, right, params)
    return group_links(choose_pairs(scores, params, (_titles(left), _titles(right))), scores, params)


def pairs_of(links: Iterable[Link]) -> set[Pair]:
    """Every (left, right) paragraph pair that the links connect."""
    return {(i, j) for link in links for i in link.left for j in link.right}
