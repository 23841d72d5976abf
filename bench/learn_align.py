"""Learn the aligner's weights on the dev gold and measure them by leaving one story out.

usage: python bench/learn_align.py [--evidence a,b] [--choice x,y] [--ablate] [--errors FILE] [--write] [--out FILE]
                                   [--in-sample-threshold] [--silver]

For every dev pair (bench/devgold.py), every candidate pair of paragraphs the aligner would consider gets its
evidence values (reader/analysis/evidence.py FEATURES). Strong gold pairs are positives, partial pairs are
left out (the scorer neither rewards nor punishes them), every other candidate is a negative. Two
L2-regularised logistic models are fitted (reader/analysis/linkmodel.py): evidence -> logit z, then z and how
the pair stands among its rivals (CHOICE_FEATURES) -> probability. The threshold is the one
with the best F1 averaged with its neighbours (+-0.05) so that it never sits on a sharp peak; that F1 is of the
predictions each training story gets from a model fitted on the other training stories (nested).

Leave one story out: for each of the six stories, fit on the other five and predict the held-out story's
pairs exactly as `reader.analysis.align.align` does; the per-pair counts are scored as score_alignment.py
scores them. `--evidence` and `--choice` name the features to use (default: the shipped model's).
`--ablate` repeats the held-out run without each feature in use, and with each feature not in use, and says
on how many of the six held-out stories each change raises / lowers F1. `--errors` writes every missed strong
pair and every false link of the held-out runs, with their evidence, for reading. `--write` fits on all ten
pairs and writes reader/analysis/data/link_model.json.

Other stories: the model fitted on all ten dev pairs is also scored on the silver pairs of three BASIL stories
outside the dev gold (bench/silver_align.yaml, two annotators each), a second look at how it does on stories
it was not fitted on; `--ablate` gives that F1 for every change too. `--silver` also trains on them (it did
not help: see the README).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.devgold import ROOT, Item, counts, leave_one_story_out, load_items, load_silver, micro, report, stories
from reader.analysis.align import Pair, _headline_pairs, candidate_evidence, choice_features
from reader.analysis.evidence import FEATURES
from reader.analysis.linkmodel import CHOICE_FEATURES, LinkModel, shipped

MODEL_PATH = ROOT / "reader" / "analysis" / "data" / "link_model.json"
L2 = 1.0  # ridge on the weights (not the bias): keeps them small where the data says little
MATCH = 0.75  # a link the model is at least 3:1 sure of is a "match", below a "partial" (shown, not scored)
THRESHOLDS = [round(0.05 * k, 2) for k in range(2, 19)]
Counts = tuple[int, int, int]


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
    """One dev pair's candidates: their keys, evidence values and labels."""

    item: Item
    keys: list[Pair]
    x: np.ndarray  # one column per FEATURES
    y: np.ndarray  # 1 strong, 0 other, -1 left out of fitting (partial pairs, headline pairs)
    headlines: set[Pair]
    evidence: dict


def build(items: list[Item]) -> list[Data]:
    out = []
    for it in items:
        evidence = candidate_evidence(it.left, it.right)
        keys = sorted(evidence)
        x = np.array([evidence[k].values for k in keys], dtype=float).reshape(len(keys), len(FEATURES))
        headlines = _headline_pairs(it.left, it.right)
        # Headlines link by rule, so they teach the model nothing; partial pairs are neither right nor wrong.
        y = np.array([-1 if k in headlines or k in it.partial else int(k in it.strong) for k in keys])
        missed = it.strong - set(keys)
        if missed:
            print(f"  {it.name}: {len(missed)} strong pairs are not candidates: {sorted(missed)}", file=sys.stderr)
        out.append(Data(it, keys, x, y, headlines, evidence))
    return out


def _choice_rows(d: Data, w: np.ndarray, b: float, ev: list[int], ch: list[str]) -> np.ndarray:
    z = d.x[:, ev] @ w + b
    rows = choice_features(dict(zip(d.keys, z.tolist())))
    return np.array([[rows[k][name] for name in ch] for k in d.keys], dtype=float).reshape(len(d.keys), len(ch))


@dataclass
class Fitted:
    evidence: list[str]
    choice: list[str]
    w1: np.ndarray
    b1: float
    w2: np.ndarray
    b2: float
    threshold: float

    @property
    def columns(self) -> list[int]:
        return [FEATURES.index(n) for n in self.evidence]

    def probabilities(self, d: Data) -> np.ndarray:
        rows = _choice_rows(d, self.w1, self.b1, self.columns, self.choice)
        return 1 / (1 + np.exp(-(rows @ self.w2 + self.b2)))

    def predict(self, d: Data, threshold: float | None = None) -> set[Pair]:
        t = self.threshold if threshold is None else threshold
        p = self.probabilities(d)
        return {k for k, q in zip(d.keys, p) if q >= t} | d.headlines


def fit_weights(train: list[Data], evidence: list[str], choice: list[str]) -> Fitted:
    """Both models' weights, with the threshold still unset (0.5)."""
    cols = [FEATURES.index(n) for n in evidence]
    keep = [d.y >= 0 for d in train]
    x = np.vstack([d.x[m][:, cols] for d, m in zip(train, keep)])
    y = np.concatenate([d.y[m] for d, m in zip(train, keep)])
    w1, b1 = fit_logistic(x, y)
    x2 = np.vstack([_choice_rows(d, w1, b1, cols, choice)[m] for d, m in zip(train, keep)])
    w2, b2 = fit_logistic(x2, y)
    return Fitted(evidence, choice, w1, b1, w2, b2, 0.5)


def fit(train: list[Data], evidence: list[str], choice: list[str], nested: bool = True) -> Fitted:
    """The weights fitted on `train`, and the threshold with the best F1 (averaged with its neighbours).
    Nested, that F1 is of predictions each training story gets from a model fitted on the others: scored on
    the stories it was fitted on, a model is surer of their pairs than it will be of a new story's, and the
    threshold comes out too high."""
    model = fit_weights(train, evidence, choice)
    if nested and len({d.item.story for d in train}) > 1:
        judged: list[tuple[Fitted, Data]] = []
        for story in sorted({d.item.story for d in train}):
            inner = fit_weights([d for d in train if d.item.story != story], evidence, choice)
            judged += [(inner, d) for d in train if d.item.story == story]
    else:
        judged = [(model, d) for d in train]
    f1 = {t: micro(counts(m.predict(d, t), d.item) for m, d in judged)[2] for t in THRESHOLDS}
    smooth = {t: np.mean([f1.get(round(t + s, 2), f1[t]) for s in (-0.05, 0.0, 0.05)]) for t in THRESHOLDS}
    model.threshold = max(THRESHOLDS, key=lambda t: (smooth[t], -abs(t - 0.5)))
    return model


def loso(
    data: list[Data], evidence: list[str], choice: list[str], nested: bool = True, extra: list[Data] | None = None
) -> tuple[dict[str, Counts], dict[str, Fitted]]:
    """Held-out counts per dev pair, and the model fitted for each held-out story. `extra` (silver pairs of
    other stories) is always trained on and never held out, so the figures stay those of the dev gold."""
    by_name = {d.item.name: d for d in data}
    models: dict[str, Fitted] = {}

    def fit_fold(train_items: list[Item]) -> Fitted:
        model = fit([by_name[it.name] for it in train_items] + (extra or []), evidence, choice, nested)
        held = ({d.item.story for d in data} - {it.story for it in train_items}).pop()
        models[held] = model
        return model

    per = leave_one_story_out([d.item for d in data], fit_fold, lambda m, it: m.predict(by_name[it.name]))
    return per, models


def story_f1(per: dict[str, Counts], data: list[Data]) -> dict[str, float]:
    return {s: micro(per[d.item.name] for d in data if d.item.story == s)[2] for s in stories([d.item for d in data])}


def errors(data: list[Data], models: dict[str, Fitted], out: Callable[[str], None]) -> None:
    """Every missed strong pair and every false link of the held-out runs, with evidence and rivals."""

    def short(text: str, n: int = 240) -> str:
        return text if len(text) <= n else text[:n] + "…"

    for d in data:
        m, it = models[d.item.story], d.item
        p = dict(zip(d.keys, m.probabilities(d).tolist()))
        pred = m.predict(d)
        out(f"\n## {it.name} (threshold {m.threshold})\n")
        for tag, pairs in (("missed", sorted(it.strong - pred)), ("false", sorted(pred - it.strong - it.partial))):
            for k in pairs:
                i, j = k
                a, b = it.left.paragraphs[i], it.right.paragraphs[j]
                ev = d.evidence.get(k)
                values = {n: round(v, 2) for n, v in zip(FEATURES, ev.values) if v} if ev else "not a candidate"
                bl = max(((q, kk) for kk, q in p.items() if kk[0] == i), default=(0.0, None))
                br = max(((q, kk) for kk, q in p.items() if kk[1] == j), default=(0.0, None))
                out(f"- **{tag}** {k} p={p.get(k, 0.0):.2f} {a.role.value}/{b.role.value} {values}")
                out(f"  best of left {bl[1]} {bl[0]:.2f}; best of right {br[1]} {br[0]:.2f}")
                out(f"  - L: {short(a.text)}")
                out(f"  - R: {short(b.text)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    model = shipped()
    ap.add_argument("--evidence", default=",".join(model.features), help="evidence features to use")
    ap.add_argument("--choice", default=",".join(model.choice_features), help="choice features to use")
    ap.add_argument("--write", action="store_true", help="fit on all dev pairs and write the shipped model")
    ap.add_argument("--ablate", action="store_true", help="leave out / add each feature in turn")
    ap.add_argument("--errors", type=Path, help="write the held-out misses and false links to this file")
    ap.add_argument("--out", type=Path, help="also write the report to this Markdown file")
    ap.add_argument("--silver", action="store_true", help="also train on bench/silver_align.yaml's pairs")
    ap.add_argument(
        "--in-sample-threshold", action="store_true", help="choose thresholds on the stories fitted on (as before)"
    )
    args = ap.parse_args()
    evidence = [e for e in args.evidence.split(",") if e]
    choice = [c for c in args.choice.split(",") if c]
    unknown = set(evidence) - set(FEATURES) | set(choice) - set(CHOICE_FEATURES)
    if unknown:
        ap.error(f"unknown features: {sorted(unknown)}")
    lines: list[str] = []

    def out(line: str = "") -> None:
        print(line)
        lines.append(line)

    data = build(load_items())
    silver = build(load_silver())
    extra = silver if args.silver else []
    per, models = loso(data, evidence, choice, not args.in_sample_threshold, extra)
    f_all = report(f"held out by story: evidence {', '.join(evidence)}; choice {', '.join(choice)}", per, out)[2]
    out(f"\nthresholds chosen per held-out story: { {s: m.threshold for s, m in models.items()} }")

    def on_silver(ev: list[str], ch: list[str]) -> tuple[float, float, float]:
        whole = fit(data, ev, ch)
        return micro(counts(whole.predict(d), d.item) for d in silver)

    whole = fit(data, evidence, choice)
    report(
        "fitted on all dev pairs, scored on the silver pairs (other stories)",
        {d.item.name: counts(whole.predict(d), d.item) for d in silver},
        out,
    )
    if args.errors:
        err: list[str] = []
        errors(data, models, err.append)
        args.errors.write_text("\n".join(err) + "\n", encoding="utf-8")
    if args.ablate:
        out("\n## each feature left out or added (held out by story)\n")
        out("| change | micro F1 | P | R | change in F1 | stories better / worse | silver F1 |")
        out("|---|---|---|---|---|---|---|")
        fold = story_f1(per, data)
        variants: list[tuple[str, list[str], list[str]]] = []
        for name in evidence:
            variants.append((f"without {name}", [e for e in evidence if e != name], choice))
        for name in FEATURES:
            if name not in evidence:
                variants.append((f"with {name}", [*evidence, name], choice))
        for name in choice:
            if name != "z":
                variants.append((f"without choice {name}", evidence, [c for c in choice if c != name]))
        for name in CHOICE_FEATURES:
            if name not in choice:
                variants.append((f"with choice {name}", evidence, [*choice, name]))
        for label, ev, ch in variants:
            per_k, _ = loso(data, ev, ch, extra=extra)
            p, r, f = micro(per_k.values())
            fk = story_f1(per_k, data)
            better = sum(fk[s] > fold[s] + 1e-9 for s in fold)
            worse = sum(fk[s] < fold[s] - 1e-9 for s in fold)
            sf = on_silver(ev, ch)[2]
            out(f"| {label} | {f:.3f} | {p:.3f} | {r:.3f} | {f - f_all:+.3f} | {better} / {worse} | {sf:.3f} |")
    if args.write:
        fitted = fit(data + extra, evidence, choice)
        shipped_model = LinkModel(
            tuple(evidence),
            tuple(round(float(x), 4) for x in fitted.w1),
            round(fitted.b1, 4),
            tuple(choice),
            tuple(round(float(x), 4) for x in fitted.w2),
            round(fitted.b2, 4),
            fitted.threshold,
            max(MATCH, fitted.threshold),
        )
        MODEL_PATH.write_text(json.dumps(shipped_model.to_json(), indent=2) + "\n", encoding="utf-8")
        out(f"\nwrote {MODEL_PATH.relative_to(ROOT)}: {json.dumps(shipped_model.to_json())}")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
