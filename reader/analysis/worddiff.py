"""The words that differ between two linked paragraphs, as character spans for highlighting.

Words are compared folded: case, accents, curly or straight quotes and surrounding punctuation never count
as a difference. A word is highlighted when it sits in a changed stretch of the word-by-word diff and its
folded form does not occur anywhere on the other side, so facts that were merely reordered stay quiet while
an added "not" or a changed descriptor shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from reader.text.tokens import fold_word, word_spans

Span = tuple[int, int]


def _folded_words(text: str) -> list[tuple[Span, str]]:
    """(character span, folded word) for each word of a text."""
    return [((a, b), fold_word(text[a:b])) for a, b in word_spans(text)]


def differing_words(left: str, right: str) -> tuple[list[Span], list[Span]]:
    """Character spans of the words only the left text has, and of those only the right text has."""
    lw, rw = _folded_words(left), _folded_words(right)
    lkeys, rkeys = [w for _, w in lw], [w for _, w in rw]
    lset, rset = set(lkeys), set(rkeys)
    left_only: list[Span] = []
    right_only: list[Span] = []
    matcher = SequenceMatcher(a=lkeys, b=rkeys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        left_only += [span for span, w in lw[i1:i2] if w not in rset]
        right_only += [span for span, w in rw[j1:j2] if w not in lset]
    return _join_runs(left_only, left), _join_runs(right_only, right)


def _join_runs(spans: list[Span], text: str) -> list[Span]:
    """Merge spans separated only by spaces, so a changed phrase reads as one highlight."""
    out: list[Span] = []
    for a, b in spans:
        if out and not text[out[-1][1] : a].strip(" "):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def differing_words_many(left: Sequence[str], right: Sequence[str]) -> tuple[list[list[Span]], list[list[Span]]]:
    """Word differences for a 1:n or n:1 link: each side's paragraphs against all of the other side's."""
    joiner = "\n"
    ltext, rtext = joiner.join(left), joiner.join(right)
    lspans, rspans = differing_words(ltext, rtext)
    return _split(lspans, left, len(joiner)), _split(rspans, right, len(joiner))


def _split(spans: list[Span], texts: Sequence[str], gap: int) -> list[list[Span]]:
    """Spans over joined texts, back to spans within each text."""
    out: list[list[Span]] = [[] for _ in texts]
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + gap
    for a, b in spans:
        k = max(i for i, s in enumerate(starts) if s <= a)
        out[k].append((a - starts[k], b - starts[k]))
    return out
