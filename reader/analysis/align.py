"""Link the paragraphs of two articles that report the same facts.

Evidence. Each candidate pair of paragraphs gets one value per kind of evidence (reader/analysis/evidence.py): word and
phrase cosines, the best shared sentence, a quotation both repeat, figures and dates both give, and whether
both open their articles. Paragraphs link only within their class: body with body, caption with caption,
subhead with subhead, title with title; boilerplate and bylines never link.

Candidates. Only pairs that share a reasonably rare term are scored, found through an inverted index, so the
cost follows the shared vocabulary rather than the product of the two lengths.

Choosing. A learned model (reader/analysis/linkmodel.py) weighs the evidence into a logit, then judges each pair
against the best rival of each of its paragraphs; a pair links when its probability reaches the learned
threshold. Links may therefore cross, and a paragraph may link to several (1:n, n:1). Headlines link to each
other. Every link carries its evidence, so a reader can see why it was made.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import Literal

from reader.analysis.evidence import (
    FEATURES,
    TITLE_WITH_BODY,
    Evidence,
    Linkable,
    Vector,
    dot,
    explained,
    link_class,
    pair_evidence,
    prepare,
)
from reader.analysis.linkmodel import CHOICE_FEATURES, LinkModel, named, shipped, sigmoid
from reader.analysis.sides import Side
from reader.text.document import Document, Role
from reader.text.tokens import SPELLING_VARIANT_RATIO

LinkKind = Literal["match", "partial", "pinned"]
MATCH: LinkKind = "match"  # the same fact
PARTIAL: LinkKind = "partial"  # a shared detail
PINNED: LinkKind = "pinned"  # linked by the reader where the aligner saw no link

Pair = tuple[int, int]


@dataclass(frozen=True)
class Link:
    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float  # the aligner's probability that the paragraphs report the same facts (0 for a pin it missed)
    kind: LinkKind
    pinned: bool = False  # set by hand (a correction), not by the aligner
    evidence: Evidence | None = None  # why the aligner linked (or would link) the best pair of the link

    def on(self, side: Side) -> tuple[int, ...]:
        """The paragraphs of one side that this link joins."""
        return self.left if side == "left" else self.right

    def to_json(self) -> dict:
        out = {"left": list(self.left), "right": list(self.right), "score": round(self.score, 3), "kind": self.kind}
        if self.pinned:
            out["pinned"] = True
        if self.evidence is not None:
            out["evidence"] = self.evidence.to_json()
        return out


@dataclass(frozen=True)
class AlignParams:
    variant_ratio: float = SPELLING_VARIANT_RATIO  # spelling variants (Qassem/Qasem) merge at this ratio
    block_df: int = 64  # terms in more paragraphs than this (and max(block_df, 10%)) propose no candidates
    long_document: int = 600  # paragraphs on both sides together beyond which candidates are pruned
    top_candidates: int = 5  # on long documents, the best candidates kept per paragraph, each side
    evidence_top: int = 5  # candidates per paragraph (by word cosine) that get the full evidence and a judgement
    threshold: float | None = None  # link from this probability; None: the model's own


@dataclass(frozen=True)
class Scored:
    """A candidate pair: its evidence, the evidence logit and the probability that it links."""

    evidence: Evidence
    z: float
    probability: float


# --- candidates -------------------------------------------------------------------------------------------


def _candidates(left: Linkable, right: Linkable, df: Counter[str], params: AlignParams) -> set[tuple[int, int]]:
    """Positions (in the sides' lists) of the pairs worth scoring: those that share a term rare enough
    (in at most `block_df` paragraphs, or a tenth of them in a short article). On long documents only each
    paragraph's `top_candidates` best by those shared terms are kept, so the work grows with the length of
    the documents, not with its square."""
    total = len(left.paragraphs) + len(right.paragraphs)
    if total > params.long_document:
        # Words and phrases together: a phrase both repeat is the surest sign of a shared sentence.
        lv = [{**w, **p} for w, p in zip(left.vectors, left.phrase_vectors)]
        rv = [{**w, **p} for w, p in zip(right.vectors, right.phrase_vectors)]
        return _top_candidates(lv, rv, df, params.block_df, params.top_candidates)
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


@dataclass
class Candidates:
    """The pairs to be judged, with their evidence, and both articles' prepared paragraphs to explain them."""

    evidence: dict[Pair, Evidence]
    left: Linkable
    right: Linkable

    @cached_property
    def _positions(self) -> tuple[dict[int, int], dict[int, int]]:
        return (
            {p.index: n for n, p in enumerate(self.left.paragraphs)},
            {p.index: n for n, p in enumerate(self.right.paragraphs)},
        )

    def explained(self, pair: Pair) -> Evidence:
        """A pair's evidence with the shared words a reader is shown."""
        at_l, at_r = self._positions
        return explained(self.left, self.right, at_l[pair[0]], at_r[pair[1]], self.evidence[pair])


def candidates(left: Document, right: Document, params: AlignParams | None = None) -> Candidates:
    """The candidate pairs of paragraphs that may link, with their evidence, keyed by (left index, right index).

    Every candidate gets its word cosine first (cheap); only each paragraph's `evidence_top` best by it, and
    headline pairs, get the rest of the evidence and go on to be judged. A pair outside both of its
    paragraphs' best few is never linked by the model: on the dev gold every strong pair but one (which no
    setting finds) is within the best seven of one of its paragraphs."""
    params = params or AlignParams()
    ls, rs, df = prepare(left, right, params.variant_ratio)
    cosines: dict[tuple[int, int], float] = {}
    lc = [link_class(p.role) for p in ls.paragraphs]
    rc = [link_class(p.role) for p in rs.paragraphs]
    for i, j in _candidates(ls, rs, df, params):
        if lc[i] == rc[j] or {lc[i], rc[j]} == TITLE_WITH_BODY:
            cosines[(i, j)] = dot(ls.vectors[i], rs.vectors[j])
    by_left: dict[int, list[tuple[float, int]]] = defaultdict(list)
    by_right: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), c in cosines.items():
        by_left[i].append((-c, j))
        by_right[j].append((-c, i))
    keep = {(i, j) for (i, j) in cosines if ls.paragraphs[i].role is rs.paragraphs[j].role is Role.TITLE}
    for i, found in by_left.items():
        keep.update((i, j) for _, j in heapq.nsmallest(params.evidence_top, found))
    for j, found in by_right.items():
        keep.update((i, j) for _, i in heapq.nsmallest(params.evidence_top, found))
    evidence: dict[Pair, Evidence] = {}
    for i, j in sorted(keep):
        evidence[(ls.paragraphs[i].index, rs.paragraphs[j].index)] = pair_evidence(ls, rs, i, j, cosines[(i, j)])
    return Candidates(evidence, ls, rs)


def candidate_evidence(left: Document, right: Document, params: AlignParams | None = None) -> dict[Pair, Evidence]:
    """The evidence of every candidate pair of paragraphs that may link, keyed by (left index, right index)."""
    return candidates(left, right, params).evidence


def choice_rows(logits: dict[Pair, float]) -> dict[Pair, tuple[float, ...]]:
    """How each candidate pair stands among its rivals, in the order of linkmodel.CHOICE_FEATURES: its logit,
    how far it falls below the best pair of each of its paragraphs, and whether it is the best of both."""
    best_l: dict[int, float] = defaultdict(lambda: -1e9)
    best_r: dict[int, float] = defaultdict(lambda: -1e9)
    for (i, j), z in logits.items():
        if z > best_l[i]:
            best_l[i] = z
        if z > best_r[j]:
            best_r[j] = z
    out: dict[Pair, tuple[float, ...]] = {}
    for (i, j), z in logits.items():
        below_l, below_r = z - best_l[i], z - best_r[j]
        out[(i, j)] = (z, below_l, below_r, float(below_l >= 0 and below_r >= 0))
    return out


def choice_features(logits: dict[Pair, float]) -> dict[Pair, dict[str, float]]:
    """`choice_rows` by name."""
    return {k: named(CHOICE_FEATURES, row) for k, row in choice_rows(logits).items()}


def score_pairs(evidence: dict[Pair, Evidence], model: LinkModel | None = None) -> dict[Pair, Scored]:
    """The model's judgement of each candidate pair."""
    model = model or shipped()
    ew, eb = model.evidence_weights_for(FEATURES), model.evidence_bias
    logits = {k: eb + sum(w * x for w, x in zip(ew, e.values)) for k, e in evidence.items()}
    cw, cb = model.choice_weights_for(CHOICE_FEATURES), model.choice_bias
    out = {}
    for k, row in choice_rows(logits).items():
        out[k] = Scored(evidence[k], logits[k], sigmoid(cb + sum(w * x for w, x in zip(cw, row))))
    return out


def similarities(left: Document, right: Document, params: AlignParams | None = None) -> dict[Pair, float]:
    """The probability that each candidate pair reports the same facts, keyed by (left index, right index)."""
    return {k: s.probability for k, s in score_pairs(candidate_evidence(left, right, params)).items()}


# --- choosing ---------------------------------------------------------------------------------------------


def is_title_link(left: Document, right: Document, link: Link) -> bool:
    """Whether a link joins two headlines: they link by rule, so their score says little."""
    return all(left.paragraphs[i].role is Role.TITLE for i in link.left) and all(
        right.paragraphs[j].role is Role.TITLE for j in link.right
    )


def _headline_pairs(left: Document, right: Document) -> set[Pair]:
    lt = [p.index for p in left.paragraphs if p.role is Role.TITLE]
    rt = [p.index for p in right.paragraphs if p.role is Role.TITLE]
    return {(i, j) for i in lt for j in rt}


def choose_pairs(
    scored: dict[Pair, Scored],
    threshold: float,
    headlines: Set[Pair] = frozenset(),
) -> set[Pair]:
    """The pairs to link: every pair whose probability reaches the threshold, and headline to headline where
    they share a word (headlines of one story are written to differ; unrelated articles' are not linked)."""
    return {k for k, s in scored.items() if s.probability >= threshold or k in headlines}


def group_links(
    pairs: set[Pair],
    scores: dict[Pair, float],
    match: float,
    pinned: frozenset[Pair] = frozenset(),
    evidence: dict[Pair, Evidence] | None = None,
) -> list[Link]:
    """Group pairs into 1:n and n:1 links where one paragraph's partners have no other partner and are all
    matches or all partial (a group shows one score and kind: a weak pair must not pass for a match beside a
    strong one); everything else stays 1:1, so a link never implies a pair that was not chosen. Pinned pairs
    stay 1:1 links.

    A link's score is the aligner's best for its pairs. A pin keeps the aligner's score and kind when the
    aligner made the link too; a pin the aligner did not make has kind "pinned" and score 0: the reader's
    judgement, not a perfect match."""
    evidence = evidence or {}
    partners_l: dict[int, set[int]] = defaultdict(set)
    partners_r: dict[int, set[int]] = defaultdict(set)
    for i, j in pairs:
        partners_l[i].add(j)
        partners_r[j].add(i)
    links: list[Link] = []
    done: set[Pair] = set()

    def kind_of(pair: Pair) -> LinkKind:
        return PINNED if pair not in scores else MATCH if scores[pair] >= match else PARTIAL

    def one_kind(members: Iterable[Pair]) -> bool:
        return len({kind_of(m) for m in members}) == 1

    def add(left: Sequence[int], right: Sequence[int]) -> None:
        members = [(i, j) for i in left for j in right]
        best = max(members, key=lambda m: scores.get(m, 0.0))
        score = scores.get(best, 0.0)
        is_pinned = any(m in pinned for m in members)
        kind = kind_of(best)
        links.append(Link(tuple(sorted(left)), tuple(sorted(right)), score, kind, is_pinned, evidence.get(best)))
        done.update(members)

    for pair in sorted(pinned & pairs):
        add([pair[0]], [pair[1]])
    for i, js in sorted(partners_l.items()):
        members = [(i, j) for j in js]
        if len(js) > 1 and all(partners_r[j] == {i} for j in js) and not done & set(members) and one_kind(members):
            add([i], sorted(js))
    for j, is_ in sorted(partners_r.items()):
        members = [(i, j) for i in is_]
        if len(is_) > 1 and all(partners_l[i] == {j} for i in is_) and not done & set(members) and one_kind(members):
            add(sorted(is_), [j])
    for i, j in sorted(pairs - done):
        add([i], [j])
    return sorted(links, key=lambda link: (link.left[0], link.right[0]))


def align(left: Document, right: Document, params: AlignParams | None = None) -> list[Link]:
    """The links between two documents, in the left article's order."""
    params = params or AlignParams()
    model = shipped()
    found = candidates(left, right, params)
    scored = score_pairs(found.evidence, model)
    threshold = model.threshold if params.threshold is None else params.threshold
    pairs = choose_pairs(scored, threshold, _headline_pairs(left, right))
    scores = {k: scored[k].probability for k in pairs}
    return group_links(pairs, scores, model.match, evidence={k: found.explained(k) for k in pairs})


def pairs_of(links: Iterable[Link]) -> set[Pair]:
    """Every (left, right) paragraph pair that the links connect."""
    return {(i, j) for link in links for i in link.left for j in link.right}
