"""Score the descriptor finder in one process (spaCy loaded once), per pair, with the eval kit's own scoring
functions: a fast loop for tuning. The official figures come from ../shared/eval/score_descriptors.py, which
runs `diptych compare` on each pair; this script must agree with it (check with --check).

usage: python bench/descriptor_eval.py [--set gold|wcl|all] [--min-score X] [--sweep] [--show PAIR]
--sweep picks MIN_SCORE leaving one story out: for each held-out story, the threshold that does best on the
others, then that threshold's F1 on the held-out story.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
EVAL = HERE.parent.parent / "shared" / "eval"
if not EVAL.exists():
    EVAL = Path("/work/shared/eval")
sys.path.insert(0, str(EVAL))

import score_descriptors as sd  # noqa: E402

from reader.analysis.align import align  # noqa: E402
from reader.analysis.descriptors import find_contrasts  # noqa: E402
from reader.text.loading import load_document  # noqa: E402


@dataclass
class Pair:
    name: str
    story: str
    left: Path
    right: Path


def gold_pairs() -> list[Pair]:
    out = []
    for d in sorted((EVAL / "gold" / "descriptors").iterdir()):
        out.append(Pair(d.name, d.name, d / "A.txt", d / "B.txt"))
    return out


def wcl_pairs() -> list[Pair]:
    out = []
    for e in range(5):
        folder = EVAL / "data" / "newswcl50" / f"event_{e}"
        texts = sorted(p for p in folder.glob("*.txt") if p.with_suffix(".mentions.tsv").exists())
        for a, b in itertools.combinations(texts, 2):
            out.append(Pair(f"{a.stem}-{b.stem}", f"event_{e}", a, b))
    return out


def contrasts_json(pair: Pair, min_score: float, max_contrasts: int = 10**6) -> list[dict]:
    left, right = load_document(pair.left), load_document(pair.right)
    found = find_contrasts(left, right, align(left, right), min_score=min_score, max_contrasts=max_contrasts)
    return [c.to_json() for c in found.entities]


_GOLD: dict[str, dict] = {}


def score(pair: Pair, contrasts: list[dict]) -> tuple[int, int, int, int, list[str]]:
    if pair.name not in _GOLD:
        _GOLD[pair.name] = sd.differing_concepts(
            sd.read_mentions(pair.left.with_suffix(".mentions.tsv")),
            sd.read_mentions(pair.right.with_suffix(".mentions.tsv")),
        )
    gold = _GOLD[pair.name]
    required = {k: v for k, v in gold.items() if not k.endswith("-OPT")}
    hit = [k for k, (ma, mb) in required.items() if any(sd.hits(c, ma, mb) for c in contrasts)]
    good = sum(1 for c in contrasts if any(sd.hits(c, ma, mb) for ma, mb in gold.values()))
    return len(hit), len(required), good, len(contrasts), sorted(set(required) - set(hit))


def f1(h: int, g: int, good: int, c: int) -> float:
    p = good / c if c else 0.0
    r = h / g if g else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="gold", choices=("gold", "wcl", "all"))
    ap.add_argument("--sweep", action="store_true", help="choose NAME_BONUS and MAX_CONTRASTS leaving one story out")
    ap.add_argument("--show", default=None, help="print contrasts of pairs whose name contains this")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    from reader.analysis.descriptors import MAX_CONTRASTS, MIN_SCORE, NAME_BONUS

    sets = {"gold": gold_pairs, "wcl": wcl_pairs}
    names = ("gold", "wcl") if args.set == "all" else (args.set,)
    if args.sweep:
        bonuses, sizes = (0.0, 0.5, 1.0, 1.5, 2.0), (4, 6, 8, 10, 12, 14)
        for name in names:
            pairs = sets[name]()
            # every contrast, scored without the name bonus: the sweep re-ranks them
            everything = {p.name: contrasts_json(p, -1e9) for p in pairs}

            def kept(p: Pair, nb: float, k: int, everything: dict = everything) -> list[dict]:
                def person(c: dict) -> bool:
                    return "name" in c["matched_by"] and c["kind"] == "person"

                raw = [(c["score"] - NAME_BONUS * person(c), c) for c in everything[p.name]]
                ranked = sorted(raw, key=lambda x: -(x[0] + nb * person(x[1])))
                return [c for s, c in ranked if s + nb * person(c) >= MIN_SCORE][:k]

            per_pair = {(p.name, nb, k): score(p, kept(p, nb, k))[:4] for p in pairs for nb in bonuses for k in sizes}

            def total(ps: list[Pair], nb: float, k: int, per_pair: dict = per_pair) -> tuple[int, int, int, int]:
                sums = [0, 0, 0, 0]
                for p in ps:
                    for i, v in enumerate(per_pair[(p.name, nb, k)]):
                        sums[i] += v
                return tuple(sums)  # type: ignore[return-value]

            print(f"== {name}: F1 by name bonus (rows) and contrasts kept (columns)")
            for nb in bonuses:
                print(f"  {nb:.1f} " + " ".join(f"{k}:{f1(*total(pairs, nb, k)):.3f}" for k in sizes))
            for story in sorted({p.story for p in pairs}):
                train = [p for p in pairs if p.story != story]
                test = [p for p in pairs if p.story == story]
                nb, k = max(itertools.product(bonuses, sizes), key=lambda a: (f1(*total(train, *a)), -a[1]))
                held, default = f1(*total(test, nb, k)), f1(*total(test, NAME_BONUS, MAX_CONTRASTS))
                print(
                    f"  held out {story:18s} chose bonus {nb:.1f}, {k} contrasts: "
                    f"held-out F1 {held:.3f}; with the defaults: {default:.3f}"
                )
        return 0
    H = G = GOOD = C = 0
    for name in names:
        for p in sets[name]():
            kept_ = contrasts_json(p, MIN_SCORE, MAX_CONTRASTS)
            h, g, good, c, missed = score(p, kept_)
            H, G, GOOD, C = H + h, G + g, GOOD + good, C + c
            print(f"{p.name:28s} F1 {f1(h, g, good, c):.3f} recall {h}/{g} precision {good}/{c}")
            if args.misses and missed:
                print("    missed:", ", ".join(missed))
            if args.show and args.show in p.name:
                gold = _GOLD[p.name]
                for c in kept_:
                    hit = [k for k, (ma, mb) in gold.items() if sd.hits(c, ma, mb)]
                    print(
                        f"  [{c['score']:.2f}] {c['entity']} ({c['kind']}, {'/'.join(c['matched_by'])}) -> {hit or '-'}"
                    )
                    for side in ("left", "right"):
                        texts = " | ".join(f"{d['text']}{'*' if d['voice'] != 'own' else ''}" for d in c[side][:8])
                        print(f"      {side[0].upper()}: {texts}")
    print(f"ALL F1 {f1(H, G, GOOD, C):.3f} recall {H}/{G} precision {GOOD}/{C}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
