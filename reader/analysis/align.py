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
from functools import cached_property
from itertools import pairwise
from typing import Literal

from reader.analysis.sides import Side
from reader.text.document import Document, Paragraph, Role
from reader.text.tokens import DEMONYM_SUFFIXES, SPELLING_VARIANT_RATIO, STOP_WORDS, sentences, stem, words

LinkKind = Literal["match", "partial"]
MATCH: LinkKind = "match"  # the same fact
PARTIAL: LinkKind = "partial"  # a shared detail

Pair = tuple[int, int]
Features = defaultdict[str, float]  # term -> weighted count


@dataclass(frozen=True)
class Link:
    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    kind: LinkKind
    pinned: bool = False  # set by hand (a correction), not by the aligner

    def on(self, side: Side) -> tuple[int, ...]:
        """The paragraphs of one side that this link joins."""
        return self.left if side == "left" else self.right

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
    phrase_weight: float = 0.25  # weight of a three-word phrase feature, relative to a single word
    sentence_weight: float = 0.8  # discount on the best sentence-pair cosine
    sentence_floor: float = 0.04  # below this paragraph cosine no shared sentence is possible; skip the search
    quote_word: float = 0.05  # evidence per word of a quotation the other paragraph repeats verbatim
    quote_cap: float = 0.3
    variant_ratio: float = SPELLING_VARIANT_RATIO  # spelling variants (Qassem/Qasem) merge at this ratio
    block_df: int = 64  # terms in more paragraphs than this (and max(block_df, 10%)) propose no candidates
    long_document: int = 600  # paragraphs on both sides together beyond which candidates are pruned
    top_candidates: int = 5  # on long documents, the best candidates kept per paragraph, each side


# --- features ---------------------------------------------------------------------------------------------

_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and|the|on)\s+)?[A-Z][\w'’-]*)+")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,400}?)[\"“”]")


def acronyms(text: str) -> list[str]:
    """Initials of capitalised name runs ("Democratic National Committee" -> "dnc"), to meet acronyms."""
    out = []
    for run in _NAME_RUN.findall(text):
        initials = "".join(w[0] for w in run.split() if w[0].isupper())
        if 2 <= len(initials) <= 6:
            out.append(initials.lower())
    return out


@dataclass(frozen=True)
class _Words:
    """One sentence's words: content terms (stemmed, no stop words), every word stemmed, and acronyms."""

    terms: tuple[str, ...]
    raw: tuple[str, ...]
    acronyms: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> _Words:
        folded = words(text)
        stems = tuple(stem(w) for w in folded)
        terms = tuple(s for w, s in zip(folded, stems) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit()))
        return cls(terms, stems, tuple(acronyms(text)))

    def respelled(self, mapping: dict[str, str]) -> _Words:
        if not mapping:
            return self
        get = mapping.get
        return _Words(tuple(get(t, t) for t in self.terms), tuple(get(t, t) for t in self.raw), self.acronyms)


def _joined(parts: Sequence[_Words]) -> _Words:
    return _Words(
        tuple(t for p in parts for t in p.terms),
        tuple(t for p in parts for t in p.raw),
        tuple(a for p in parts for a in p.acronyms),
    )


def features(w: _Words, params: AlignParams) -> Features:
    """Weighted terms: words, three-word phrases ("a_b_c", stop words included) and acronyms."""
    feats: Features = defaultdict(float)
    for term in w.terms:
        feats[term] += 1
    raw = w.raw
    for a, b, c in zip(raw, raw[1:], raw[2:]):
        if not (a in STOP_WORDS and b in STOP_WORDS and c in STOP_WORDS):
            feats[f"{a}_{b}_{c}"] += params.phrase_weight
    for acronym in w.acronyms:
        if acronym not in feats:
            feats[acronym] += 1
    return feats


def spelling_map(left: Iterable[_Words], right: Iterable[_Words], ratio: float) -> dict[str, str]:
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


def _vector(feats: Features, idf: dict[str, float], unique_idf: float = math.inf) -> Vector:
    """Sublinear TF-IDF, normalised to length 1. Terms found in one paragraph only (idf of `unique_idf`)
    count towards the length but are not kept: they can never be shared."""
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


def _dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b[t] for t, x in a.items() if t in b)  # shared terms only, in a's order: deterministic


def _folded(text: str) -> str:
    return " " + " ".join(words(text)) + " "


@dataclass(frozen=True)
class _Quotes:
    """A paragraph's quotations as folded word strings, and (when a quotation is looked for in it) the
    paragraph's own words in the same form."""

    text: str
    quotes: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> _Quotes:
        return cls(text, tuple(_folded(q) for q in _QUOTED.findall(text) if len(q.split()) >= 2))

    @cached_property
    def folded(self) -> str:
        return _folded(self.text)


@dataclass
class _Side:
    """The linkable paragraphs of one article, with paragraph and sentence vectors and quotations."""

    paragraphs: list[Paragraph]
    vectors: list[Vector]
    sentence_vectors: list[list[Vector]]
    quotes: list[_Quotes]


def _parse(paragraphs: Sequence[Paragraph]) -> list[list[_Words]]:
    return [[_Words.of(s) for s in sentences(p.text)] for p in paragraphs]


def _sides(left: Document, right: Document, params: AlignParams) -> tuple[_Side, _Side, Counter[str]]:
    lp = [p for p in left.paragraphs if p.linkable]
    rp = [p for p in right.paragraphs if p.linkable]
    ls, rs = _parse(lp), _parse(rp)
    mapping = spelling_map((w for p in ls for w in p), (w for p in rs for w in p), params.variant_ratio)
    ls = [[w.respelled(mapping) for w in p] for p in ls]
    rs = [[w.respelled(mapping) for w in p] for p in rs]
    lf = [features(_joined(p), params) for p in ls]
    rf = [features(_joined(p), params) for p in rs]
    df: Counter[str] = Counter()
    for f in lf + rf:
        df.update(f.keys())
    n = len(lf) + len(rf)
    idf = {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}
    unique = math.log((n + 1) / 2) + 1 - 1e-9  # the idf of a term in one paragraph only

    def side(paragraphs: list[Paragraph], parsed: list[list[_Words]], feats: list[Features]) -> _Side:
        vectors = [_vector(f, idf, unique) for f in feats]
        sentence_vectors = [
            [_vector(features(w, params), idf, unique) for w in p] if len(p) > 1 else [v]
            for p, v in zip(parsed, vectors)
        ]
        quotes = [_Quotes.of(p.text) for p in paragraphs]
        return _Side(paragraphs, vectors, sentence_vectors, quotes)

    return side(lp, ls, lf), side(rp, rs, rf), df


# --- scoring ----------------------------------------------------------------------------------------------


def _candidates(left: _Side, right: _Side, df: Counter[str], params: AlignParams) -> set[tuple[int, int]]:
    """Positions (in the sides' lists) of the pairs worth scoring: those that share a term rare enough
    (in at most `block_df` paragraphs, or a tenth of them in a short article). On long documents only each
    paragraph's `top_candidates` best by those shared terms are kept, so the work grows with the length of
    the documents, not with its square."""
    total = len(left.paragraphs) + len(right.paragraphs)
    if total > params.long_document:
        return _top_candidates(left.vectors, right.vectors, df, params.block_df, params.top_candidates)
    cap = max(params.block_df, total // 10)
    index: dict[str, list[int]] = defaultdict(list)
    for j, v in enumerate(right.vectors):
        for t in v:
            if df[t] <= cap:
                index[t].append(j)
    return {(i, j) for i, v in enumerate(left.vectors) for t in v for j in index.get(t, ())}


def _top_candidates(
    left: list[Vector], right: list[Vector], df: Counter[str], cap: int, k: int, chunk: int = 1 << 18
) -> set[tuple[int, int]]:
    """Each paragraph's k best partners on the other side by the dot product over terms in at most `cap`
    paragraphs. The products are summed as sparse arrays (a join of the two sides' postings on the term),
    about `chunk` products at a time, so time follows the number of shared rare terms and memory stays
    bounded, with no dense matrix."""
    import numpy as np  # only long documents need it; it costs a news article's start-up nothing

    term_ids = {t: n for n, t in enumerate(t for t, d in df.items() if d <= cap)}

    def postings(vectors: list[Vector]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        terms, docs, weights = [], [], []
        for d, v in enumerate(vectors):
            for t, x in v.items():
                n = term_ids.get(t)
                if n is not None:
                    terms.append(n)
                    docs.append(d)
                    weights.append(x)
        return np.array(terms, dtype=np.int64), np.array(docs, dtype=np.int64), np.array(weights)

    def best(group: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """A mask of the k best scores within each value of `group` (ties: the earlier pair)."""
        by_score = np.argsort(-scores, kind="stable")
        order = by_score[np.argsort(group[by_score], kind="stable")]  # by group, best first within one
        ranked = group[order]
        mask = np.zeros(len(group), dtype=bool)
        mask[order] = np.arange(len(order)) - np.searchsorted(ranked, ranked) < k
        return mask

    lt, li, lw = postings(left)  # in the left paragraphs' order
    rt, rj, rw = postings(right)
    order = np.argsort(rt, kind="stable")
    rt, rj, rw = rt[order], rj[order], rw[order]
    first = np.searchsorted(rt, np.arange(len(term_ids)))  # where each term's right postings start
    repeats = np.bincount(rt, minlength=len(term_ids))[lt]  # the products each left posting makes
    # Cut the left postings into runs of whole paragraphs making about `chunk` products each.
    made = np.cumsum(repeats)
    cuts = np.searchsorted(made, np.arange(chunk, made[-1] if len(made) else 0, chunk))
    bounds = [0, *np.unique(np.searchsorted(li, li[cuts])).tolist(), len(lt)]
    found: set[tuple[int, int]] = set()
    for_right = []  # each run's k best for each right paragraph, to choose from at the end
    for a, b in pairwise(bounds):
        r = repeats[a:b]
        rows = np.repeat(li[a:b], r)
        at = np.repeat(first[lt[a:b]] - (np.cumsum(r) - r), r) + np.arange(len(rows))
        keys, where = np.unique(rows * len(right) + rj[at], return_inverse=True)
        scores = np.bincount(where, weights=np.repeat(lw[a:b], r) * rw[at])
        i, j = keys // len(right), keys % len(right)
        mine = best(i, scores)
        found.update(zip(i[mine].tolist(), j[mine].tolist()))
        theirs = best(j, scores)
        for_right.append((i[theirs], j[theirs], scores[theirs]))
    if for_right:
        i, j, scores = (np.concatenate(parts) for parts in zip(*for_right))
        theirs = best(j, scores)
        found.update(zip(i[theirs].tolist(), j[theirs].tolist()))
    return found


def _verbatim_quote_words(a: _Quotes, b: _Quotes) -> int:
    """Length in words of the longest quotation in one paragraph that the other repeats word for word."""
    lengths = [q.count(" ") - 1 for q in a.quotes if q in b.folded]
    lengths += [q.count(" ") - 1 for q in b.quotes if q in a.folded]
    return max(lengths, default=0)


def similarities(left: Document, right: Document, params: AlignParams | None = None) -> dict[Pair, float]:
    """Scores of the candidate pairs of linkable paragraphs, keyed by (left index, right index)."""
    params = params or AlignParams()
    ls, rs, df = _sides(left, right, params)
    scores: dict[Pair, float] = {}
    for i, j in _candidates(ls, rs, df, params):
        a, b = ls.paragraphs[i], rs.paragraphs[j]
        score = _dot(ls.vectors[i], rs.vectors[j])
        sl, sr = ls.sentence_vectors[i], rs.sentence_vectors[j]
        if score >= params.sentence_floor and len(sl) + len(sr) > 2:
            best_sentence = max(_dot(x, y) for x in sl for y in sr)
            score = max(score, params.sentence_weight * best_sentence)
        score += min(params.quote_cap, params.quote_word * _verbatim_quote_words(ls.quotes[i], rs.quotes[j]))
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
