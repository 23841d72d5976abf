"""Find a note's quote again in an article whose text may have changed (after Hypothesis's fuzzy anchoring).

In order: the recorded position; the exact quote elsewhere, chosen by its prefix and suffix and by nearness to
the old place (both keep the note "anchored": it sits on the same words); then a close rewording of the
quote, accepted only when its context agrees or it is the one clear candidate ("moved": worth a look). A
note that cannot be placed is "orphaned" and keeps its old quote; it is never attached to a lookalike.

A long quote is kept by its two ends, its length and its hash: it is found exactly where its first end
starts the same length of text with the same hash, and as a rewording where both ends are found, in order, in
one paragraph.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from reader.analysis.sides import Pane
from reader.notes.model import ANCHORED, CONTEXT, MOVED, ORPHANED, Note, Target, placed
from reader.text.document import Document

REWORDED = 85.0  # a reworded quote must be at least this similar (rapidfuzz ratio)
CONTEXT_AGREES = 60.0  # prefix and suffix similarity that confirms a place
CONTEXT_WEAK = 40.0  # enough context for a short quote found exactly once
DISTINCTIVE = 20  # a quote this long, found exactly once, is the same passage
CLEAR_MARGIN = 8.0  # a lone reworded candidate must beat the runner-up by this much
LENGTH_DRIFT = 0.2  # a reworded long quote may be this much longer or shorter


def _context_score(text: str, start: int, end: int, target: Target) -> float:
    """How well the text around a place matches the recorded prefix and suffix (0-100)."""
    scores = []
    if target.prefix:
        scores.append(fuzz.ratio(text[max(0, start - CONTEXT) : start], target.prefix))
    if target.suffix:
        scores.append(fuzz.ratio(text[end : end + CONTEXT], target.suffix))
    return sum(scores) / len(scores) if scores else 100.0


def _exact_places(doc: Document, target: Target) -> list[tuple[int, int]]:
    """(paragraph, offset) of every exact occurrence of the quote."""
    out = []
    for p in doc.paragraphs:
        start = p.text.find(target.quote)
        while start != -1:
            if target.is_quote(p.text[start : start + target.size]):
                out.append((p.index, start))
            start = p.text.find(target.quote, start + 1)
    return out


def reanchor(target: Target, doc: Document) -> Target:
    """The target placed in `doc`: anchored where it was, moved where it now is, or orphaned."""
    if not target.quote:
        return replace(target, state=ORPHANED)
    hint = target.paragraph
    if hint is not None and hint < len(doc.paragraphs):
        text = doc.paragraphs[hint].text
        start, end = target.span
        if target.is_quote(text[start:end]):
            return placed(target, text, hint, start, end, ANCHORED)

    places = _exact_places(doc, target)
    if places:
        chosen = _choose_exact(places, target, doc)
        if chosen is None:
            return replace(target, state=ORPHANED)  # only lookalikes: nothing says which, if any, it was
        p, start = chosen
        return placed(target, doc.paragraphs[p].text, p, start, start + target.size, ANCHORED)

    return _reworded(target, doc)


def _choose_exact(places: list[tuple[int, int]], target: Target, doc: Document) -> tuple[int, int] | None:
    """Among exact occurrences of the quote, the one its context confirms. Weaker context will do for the one
    occurrence in the paragraph the note was on, or for a quote found only once; a long quote found once
    needs no confirmation."""
    scored = sorted(
        ((_context_score(doc.paragraphs[p].text, s, s + target.size, target), p, s) for p, s in places),
        reverse=True,
    )
    best, runner_up = scored[0], (scored[1][0] if len(scored) > 1 else -100.0)
    if best[0] >= CONTEXT_AGREES and best[0] - runner_up >= 5.0:
        return best[1], best[2]
    weak = {(p, s) for score, p, s in scored if score >= CONTEXT_WEAK}
    in_hint = [(p, s) for p, s in places if p == target.paragraph and (p, s) in weak]
    if len(in_hint) == 1:
        return in_hint[0]
    if len(places) == 1 and (target.size >= DISTINCTIVE or places[0] in weak):
        return places[0]
    return None


def _rewording(target: Target, text: str) -> tuple[float, int, int] | None:
    """The closest rewording of the quote in a paragraph: (similarity, start, end), or None."""
    if target.whole:
        found = fuzz.partial_ratio_alignment(target.quote, text, score_cutoff=REWORDED)
        if found is None:
            return None
        start, end = _word_bounds(text, found.dest_start, found.dest_end)
        return fuzz.ratio(target.quote, text[start:end]), start, end
    head = fuzz.partial_ratio_alignment(target.quote, text, score_cutoff=REWORDED)
    if head is None:
        return None
    tail = fuzz.partial_ratio_alignment(target.quote_end, text[head.dest_end :], score_cutoff=REWORDED)
    if tail is None:
        return None
    start, end = _word_bounds(text, head.dest_start, head.dest_end + tail.dest_end)
    if abs((end - start) - target.length) > LENGTH_DRIFT * target.length:
        return None
    return (head.score + tail.score) / 2, start, end


def _reworded(target: Target, doc: Document) -> Target:
    """Accept a close rewording of the quote only where the context agrees, or when it stands out alone."""
    candidates = []
    for p in doc.paragraphs:
        found = _rewording(target, p.text)
        if found is None or found[0] < REWORDED:
            continue
        similarity, start, end = found
        candidates.append((similarity, _context_score(p.text, start, end, target), p.index, start, end))
    if not candidates:
        return replace(target, state=ORPHANED)
    candidates.sort(reverse=True)
    similarity, context, index, start, end = candidates[0]
    runner_up = candidates[1][0] if len(candidates) > 1 else 0.0
    if context >= CONTEXT_AGREES or (similarity - runner_up >= CLEAR_MARGIN and target.paragraph == index):
        return placed(target, doc.paragraphs[index].text, index, start, end, MOVED)
    return replace(target, state=ORPHANED)


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a match to whole words: a fuzzy alignment may stop inside one."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def reanchor_note(note: Note, docs: dict[Pane, Document]) -> Note:
    return replace(note, targets=tuple(reanchor(t, docs[t.side]) for t in note.targets))
