"""Synthetic article pairs for benchmarks: N paragraphs a side, about half of them with a reworded partner.

Paragraphs come from the bundled corpus and, when it is beside the checkout, the evaluation data in
../shared/eval/data (used here only, never by the product). Longer documents splice halves of two source
paragraphs so that every paragraph is distinct. The right side rewords its copies (words dropped and
swapped) and shuffles them among paragraphs of its own.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from reader.text.loading import load_document

ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the checkout (main) or a few folders up (a worktree): the same pool either way, so that
# figures from a worktree compare with main's.
EVAL_DATA = next((a / "shared" / "eval" / "data" for a in ROOT.parents if (a / "shared" / "eval").is_dir()), None)
SOURCES = [ROOT / "corpus", *([EVAL_DATA] if EVAL_DATA else [])]


def paragraph_pool() -> list[str]:
    pool: list[str] = []
    for source in SOURCES:
        for path in sorted(source.rglob("*.txt")):
            pool += [p.text for p in load_document(path).body if len(p.text.split()) >= 12]
    return pool


def _splice(rng: random.Random, pool: list[str]) -> str:
    a, b = rng.sample(pool, 2)
    wa, wb = a.split(), b.split()
    return " ".join(wa[: len(wa) // 2] + wb[len(wb) // 2 :])


def _reword(rng: random.Random, text: str, vocabulary: list[str], share: float = 0.2) -> str:
    """Drop about 8% of the lower-case words and swap about `share` of them for random lower-case words of
    the pool, as a rewrite would: names stay as they are."""
    out = []
    for word in text.split():
        roll = rng.random()
        if word[:1].isupper():
            out.append(word)
        elif roll >= 0.08:
            out.append(rng.choice(vocabulary) if roll < 0.08 + share else word)
    return " ".join(out)


def make_pair(n: int, seed: int = 7) -> tuple[str, str, list[tuple[int, int]]]:
    """Texts of two articles of n paragraphs each, a headline first, and the planted partners as
    (left, right) paragraph indices, the headlines being paragraph 0."""
    rng = random.Random(seed)
    pool = paragraph_pool()
    vocabulary = sorted({w for p in pool for w in p.split() if w.isalpha() and w.islower()})
    if n <= len(pool) // 2:
        picked = rng.sample(range(len(pool)), 2 * n)
        left, extra = [pool[k] for k in picked[:n]], [pool[k] for k in picked[n:]]
    else:  # pool paragraphs are reused: splice and reword them heavily so that each one is its own
        left = [_reword(rng, _splice(rng, pool), vocabulary, 0.35) for _ in range(n)]
        extra = [_reword(rng, _splice(rng, pool), vocabulary, 0.35) for _ in range(n)]
    shared = rng.sample(range(n), n // 2)
    right: list[tuple[str, int | None]] = [(_reword(rng, left[k], vocabulary), k) for k in shared]
    right += [(text, None) for text in extra[: n - len(right)]]
    rng.shuffle(right)
    truth = [(k + 1, j + 1) for j, (_, k) in enumerate(right) if k is not None]
    texts = "\n\n".join(text for text, _ in right)
    return "Left headline\n\n" + "\n\n".join(left), "Right headline\n\n" + texts, truth


def write_pair(n: int, folder: Path) -> tuple[Path, Path, Path]:
    """The pair's two article files and a JSON list of its planted partners, made once and reused."""
    folder.mkdir(parents=True, exist_ok=True)
    left, right, truth = folder / f"left-{n}.txt", folder / f"right-{n}.txt", folder / f"truth-{n}.json"
    if not all(path.exists() for path in (left, right, truth)):
        lt, rt, pairs = make_pair(n)
        left.write_text(lt, encoding="utf-8")
        right.write_text(rt, encoding="utf-8")
        truth.write_text(json.dumps(pairs), encoding="utf-8")
    return left, right, truth
