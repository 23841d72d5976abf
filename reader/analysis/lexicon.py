"""Word valence from the VADER lexicon (MIT licence, vendored in reader/data with its notice)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_LEXICON = Path(__file__).resolve().parent / "data" / "vader_lexicon.tsv"


@cache
def _table() -> dict[str, float]:
    table = {}
    for line in _LEXICON.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, score = line.split("\t")
            table[word] = float(score)
    return table


def valence(word: str) -> float:
    """The word's valence from -4 (most negative) to +4, or 0 when the lexicon does not know it."""
    return _table().get(word.casefold(), 0.0)
