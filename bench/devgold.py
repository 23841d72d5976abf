"""The dev alignment gold (../shared/eval/gold/align), loaded in process for leave-one-story-out tuning.

Scoring is the same as ../shared/eval/score_alignment.py: every linked paragraph pair is a true positive when
it is a strong gold pair, neutral when it is a partial pair, a false positive otherwise; strong pairs not
linked are false negatives; precision, recall and F1 are micro-averaged. Folds are stories (ev0 ... ev4,
basil02): a story's pairs share sentences, so a pair is never held out while its sibling is trained on.

Only bench scripts read ../shared; the product and its tests never do.
"""

from __future__ import annotations

import hashlib
import statistics
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the checkout (main) or a few folders up (a worktree such as rnd/align/repo).
EVAL = next((a / "shared" / "eval" for a in ROOT.parents if (a / "shared" / "eval").is_dir()), ROOT / "missing")
sys.path.insert(0, str(EVAL))
sys.path.insert(0, str(ROOT))

from evalkit import locate, prf  # noqa: E402

from reader.analysis.align import Pair, pairs_of  # noqa: E402
from reader.text.document import Document  # noqa: E402
from reader.text.loading import load_document  # noqa: E402


@dataclass
class Item:
    name: str
    story: str
    left: Document
    right: Document
    strong: set[Pair]
    partial: set[Pair]


def _located(quotes, left: Document, right: Document) -> set[Pair]:
    lp = [{"index": p.index, "text": p.text} for p in left.paragraphs]
    rp = [{"index": p.index, "text": p.text} for p in right.paragraphs]
    found = set()
    for qa, qb in quotes or []:
        i, j = locate(qa, lp), locate(qb, rp)
        if i is not None and j is not None:
            found.add((i, j))
    return found


def load_items(gold_dir: Path | None = None) -> list[Item]:
    gold_dir = gold_dir or EVAL / "gold" / "align"
    items = []
    for path in sorted(gold_dir.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        left = load_document((path.parent / gold["left"]).resolve())
        right = load_document((path.parent / gold["right"]).resolve())
        items.append(
            Item(
                path.stem,
                path.stem.split("_")[0],
                left,
                right,
                _located(gold.get("strong"), left, right),
                _located(gold.get("partial"), left, right),
            )
        )
    return items


SILVER = ROOT / "bench" / "silver_align.yaml"


def load_silver(path: Path = SILVER) -> list[Item]:
    """Silver pairs of stories outside the dev gold (bench/silver_align.yaml), a second test set (and, with
    learn_align --silver, extra training pairs): paragraph indices,
    not quotations, so no eval text is copied into the repository. An article whose text is not the one that
    was annotated (sha256) is an error, not a silent misalignment."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = []
    for entry in data["pairs"]:
        docs = []
        for side in ("left", "right"):
            file = EVAL / "data" / entry[side]["path"]
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
            if digest != entry[side]["sha256"]:
                raise SystemExit(f"{file}: not the text that was annotated (sha256 {digest})")
            docs.append(load_document(file))
        strong = {(i, j) for i, j in entry["strong"]}
        partial = {(i, j) for i, j in entry["partial"]} - strong
        items.append(Item(entry["name"], entry["story"], docs[0], docs[1], strong, partial))
    return items


def counts(predicted: Iterable[Pair], item: Item) -> tuple[int, int, int]:
    predicted = set(predicted)
    tp = len(predicted & item.strong)
    fp = len(predicted - item.strong - item.partial)
    fn = len(item.strong - predicted)
    return tp, fp, fn


def link_counts(links, item: Item) -> tuple[int, int, int]:
    return counts(pairs_of(links), item)


def micro(results: Iterable[tuple[int, int, int]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for a, b, c in results:
        tp, fp, fn = tp + a, fp + b, fn + c
    return prf(tp, fp, fn)


def stories(items: list[Item]) -> list[str]:
    return sorted({it.story for it in items})


def report(title: str, per_item: dict[str, tuple[int, int, int]], out=print) -> tuple[float, float, float]:
    """Per-pair P/R/F1, the micro summary, and the spread (min, median, max, sd) of the per-pair F1."""
    out(f"\n## {title}\n")
    out("| pair | P | R | F1 | tp | fp | fn |")
    out("|---|---|---|---|---|---|---|")
    f1s = []
    for name, (tp, fp, fn) in per_item.items():
        p, r, f = prf(tp, fp, fn)
        f1s.append(f)
        out(f"| {name} | {p:.2f} | {r:.2f} | {f:.2f} | {tp} | {fp} | {fn} |")
    p, r, f = micro(per_item.values())
    tp = sum(v[0] for v in per_item.values())
    fp = sum(v[1] for v in per_item.values())
    fn = sum(v[2] for v in per_item.values())
    out(f"| **micro** | **{p:.3f}** | **{r:.3f}** | **{f:.3f}** | {tp} | {fp} | {fn} |")
    out(
        f"\nper-pair F1: min {min(f1s):.2f}, median {statistics.median(f1s):.2f}, max {max(f1s):.2f}, "
        f"sd {statistics.pstdev(f1s):.2f}"
    )
    return p, r, f


def leave_one_story_out(
    items: list[Item],
    fit: Callable[[list[Item]], object],
    predict: Callable[[object, Item], set[Pair]],
) -> dict[str, tuple[int, int, int]]:
    """Fit on all stories but one, predict the held-out story's pairs; the counts for every pair."""
    out: dict[str, tuple[int, int, int]] = {}
    for story in stories(items):
        train = [it for it in items if it.story != story]
        model = fit(train)
        for it in items:
            if it.story == story:
                out[it.name] = counts(predict(model, it), it)
    return out
