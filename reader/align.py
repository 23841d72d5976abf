"""Link the paragraphs of two articles that report the same facts.

Each paragraph becomes a TF-IDF vector of stemmed content words and word pairs, with spelling variants across
the two articles merged. Candidate pairs come from an inverted index (so cost follows shared words, not the
product of the lengths); each is scored by cosine similarity plus evidence from shared quotations. Links are
chosen relative to each paragraph's best partner, so they may cross and may be 1:n or n:1.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from reader.document import Document, Paragraph, Role
from reader.tokens import STOP_WORDS, content_terms, stem, words

MATCH = "match"
PARTIAL = "partial"


@dataclass(frozen=True)
class Link:
    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    kind: str

    def to_json(self) -> dict:
        return {"left": list(self.left), "right": list(self.right), "score": round(self.score, 3), "kind": self.kind}


@dataclass(frozen=True)
class AlignParams:
    min_score: float = 0.18  # below this, a pair shares too little to link
    match_score: float = 0.35  # at or above this, a link is the same fact; below, a shared detail
    relative: float = 0.75  # a second partner must score this share of the paragraph's best
    bigram_weight: float = 0.5
    fuzzy_ratio: float = 88.0  # spelling variants (Qassem/Qasem) merge at this rapidfuzz ratio
    block_share: float = 0.1  # terms in more than this share of paragraphs do not propose candidates
    context: float = 0.0
    idf_mode: int = 0
    trigram_weight: float = 0.5
    mode: str = "and"
    lead: float = 0.0


_QUOTE = re.compile(r"[\"“”]([^\"“”]{12,}?)[\"“”]")


def quotes(text: str) -> list[str]:
    return [q.strip() for q in _QUOTE.findall(text) if len(q.split()) >= 4]


_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and|the|on)\s+)?[A-Z][\w'’-]*)+")


def acronyms(text: str) -> list[str]:
    """Initials of capitalised name runs ("Democratic National Committee" -> "dnc") to meet acronyms."""
    out = []
    for run in _NAME_RUN.findall(text):
        initials = "".join(w[0] for w in run.split() if w[0].isupper())
        if 2 <= len(initials) <= 6:
            out.append(initials.lower())
    return out


def _features(paragraph: Paragraph, bigram_weight: float, trigram_weight: float = 0.5) -> Counter[str]:
    terms = content_terms(paragraph.text)
    feats: Counter[str] = Counter(terms)
    for a, b in zip(terms, terms[1:]):
        feats[f"{a} {b}"] += bigram_weight
    raw = [stem(w) for w in words(paragraph.text)]
    for a, b, c in zip(raw, raw[1:], raw[2:]):
        if not {a, b, c} <= STOP_WORDS:
            feats[f"{a}_{b}_{c}"] += trigram_weight
    for acronym in acronyms(paragraph.text):
        if acronym not in feats:
            feats[acronym] += 1
    return feats


_DEMONYM = ("n", "an", "ian", "i")


def _merge_variants(left: list[Counter[str]], right: list[Counter[str]], ratio: float) -> dict[str, str]:
    """Map words to one spelling: a demonym to its place ("korean" -> "korea", "iranian" -> "iran") and a
    right-only word to a left-only spelling variant (same first letter, close length, high ratio)."""
    lv = {t for f in left for t in f if " " not in t}
    rv = {t for f in right for t in f if " " not in t}
    vocab = lv | rv
    mapping: dict[str, str] = {}
    for t in vocab:
        for suffix in _DEMONYM:
            base = t[: -len(suffix)]
            if t.endswith(suffix) and len(base) >= 4 and base in vocab:
                mapping[t] = base
                break
    lv = {mapping.get(t, t) for t in lv}
    rv = {mapping.get(t, t) for t in rv}
    only_left = defaultdict(list)
    for t in lv - rv:
        if len(t) >= 5 and not t.isdigit():
            only_left[t[0]].append(t)
    for t in rv - lv:
        if len(t) < 5 or t.isdigit():
            continue
        best, best_score = None, ratio
        for cand in only_left.get(t[0], ()):
            if abs(len(cand) - len(t)) <= 2:
                s = fuzz.ratio(t, cand, score_cutoff=best_score)
                if s >= best_score:
                    best, best_score = cand, s
        if best is not None:
            mapping[t] = best
    return mapping


def _rename(feats: Counter[str], mapping: dict[str, str]) -> Counter[str]:
    if not mapping:
        return feats
    out: Counter[str] = Counter()
    for t, n in feats.items():
        out[" ".join(mapping.get(w, w) for w in t.split(" "))] += n
    return out


def _vectors(feats: list[Counter[str]], idf: dict[str, float]) -> list[dict[str, float]]:
    vecs = []
    for f in feats:
        v = {t: (1 + math.log(n)) * idf[t] for t, n in f.items() if n > 0}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    return vecs


def similarities(left: Document, right: Document, params: AlignParams) -> dict[tuple[int, int], float]:
    """Scores for candidate pairs of linkable paragraphs, keyed by paragraph index pairs."""
    lp = [p for p in left.paragraphs if p.linkable]
    rp = [p for p in right.paragraphs if p.linkable]
    lf = [_features(p, params.bigram_weight, params.trigram_weight) for p in lp]
    rf = [_features(p, params.bigram_weight, params.trigram_weight) for p in rp]
    mapping = _merge_variants(lf, rf, params.fuzzy_ratio)
    lf = [_rename(f, mapping) for f in lf]
    rf = [_rename(f, mapping) for f in rf]

    n = len(lf) + len(rf)
    df: Counter[str] = Counter()
    for f in lf + rf:
        df.update(f.keys())
    if params.idf_mode == 0:
        idf = {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}
    elif params.idf_mode == 1:
        idf = {t: math.log((n + 1) / d) for t, d in df.items()}
    else:
        idf = {t: math.log((n + 1) / d) ** 2 for t, d in df.items()}
    lv, rv = _vectors(lf, idf), _vectors(rf, idf)

    index: dict[str, list[int]] = defaultdict(list)
    for j, v in enumerate(rv):
        for t in v:
            index[t].append(j)
    cap = max(64, int(params.block_share * n))
    scores: dict[tuple[int, int], float] = {}
    for i, v in enumerate(lv):
        acc: dict[int, float] = defaultdict(float)
        for t, x in v.items():
            js = index.get(t)
            if js and df[t] <= cap:
                for j in js:
                    acc[j] += x * rv[j][t]
        for j in acc:
            # Re-score exactly, with the blocked common terms included.
            cos = sum(x * rv[j].get(t, 0.0) for t, x in v.items())
            scores[(lp[i].index, rp[j].index)] = cos
    _add_quote_evidence(scores, left, right)
    scores = _context(scores, lp, rp, params)
    _lead_prior(scores, lp, rp, params)
    _headline_rule(scores, left, right)
    return scores


def _context(scores, lp, rp, params):
    if not params.context:
        return scores
    lpos = {p.index: k for k, p in enumerate(lp)}
    rpos = {p.index: k for k, p in enumerate(rp)}
    lidx = [p.index for p in lp]
    ridx = [p.index for p in rp]
    out = {}
    for (i, j), s in scores.items():
        a, b = lpos[i], rpos[j]
        nb = []
        for da in (-1, 1):
            if 0 <= a + da < len(lidx) and 0 <= b + da < len(ridx):
                nb.append(scores.get((lidx[a + da], ridx[b + da]), 0.0))
        out[(i, j)] = s + params.context * max(nb, default=0.0) * (1 if s > 0.05 else 0)
    return out


def _lead_prior(scores, lp, rp, params):
    if not params.lead:
        return
    lb = [p.index for p in lp if p.role is Role.BODY]
    rb = [p.index for p in rp if p.role is Role.BODY]
    lpos = {i: k for k, i in enumerate(lb)}
    rpos = {j: k for k, j in enumerate(rb)}
    for (i, j), s in scores.items():
        if i in lpos and j in rpos and s > 0.05:
            scores[(i, j)] = s + params.lead / ((1 + lpos[i]) * (1 + rpos[j]))


def _add_quote_evidence(scores: dict[tuple[int, int], float], left: Document, right: Document) -> None:
    """Shared quoted speech is strong evidence that two paragraphs report the same statement."""
    lq = {p.index: quotes(p.text) for p in left.paragraphs if p.linkable}
    rq = {p.index: quotes(p.text) for p in right.paragraphs if p.linkable}
    for (i, j), s in scores.items():
        if lq.get(i) and rq.get(j):
            best = max(fuzz.partial_ratio(a, b) for a in lq[i] for b in rq[j]) / 100
            if best >= 0.8:
                scores[(i, j)] = max(s, s + 0.5 * (best - 0.6))


def _headline_rule(scores: dict[tuple[int, int], float], left: Document, right: Document) -> None:
    """Headlines summarise the same story: a title links only to the other title, when they share anything."""
    lt = [p.index for p in left.paragraphs if p.role is Role.TITLE]
    rt = [p.index for p in right.paragraphs if p.role is Role.TITLE]
    if not lt or not rt:
        return
    for key in [k for k in scores if (k[0] in lt) != (k[1] in rt)]:
        del scores[key]
    for key in [(i, j) for i in lt for j in rt if scores.get((i, j), 0) > 0]:
        scores[key] = max(scores[key], 1.0)


def choose_links(scores: dict[tuple[int, int], float], params: AlignParams) -> list[Link]:
    """Keep pairs that are strong for both paragraphs; group 1:n and n:1 links."""
    best_l: dict[int, float] = defaultdict(float)
    best_r: dict[int, float] = defaultdict(float)
    for (i, j), s in scores.items():
        best_l[i] = max(best_l[i], s)
        best_r[j] = max(best_r[j], s)
    kept = [
        (i, j, s)
        for (i, j), s in scores.items()
        if s >= params.min_score and (
            (s >= params.relative * best_l[i] and s >= params.relative * best_r[j])
            if params.mode == "and"
            else (s >= params.relative * best_l[i] or s >= params.relative * best_r[j])
        )
    ]
    return [
        Link(left=(i,), right=(j,), score=min(1.0, s), kind=MATCH if s >= params.match_score else PARTIAL)
        for i, j, s in sorted(kept)
    ]


def align(left: Document, right: Document, params: AlignParams | None = None) -> list[Link]:
    params = params or AlignParams()
    return choose_links(similarities(left, right, params), params)


def pairs(links: Sequence[Link]) -> set[tuple[int, int]]:
    return {(i, j) for link in links for i in link.left for j in link.right}
