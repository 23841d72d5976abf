"""Find a note's quote again in an article whose text may have changed (after Hypothesis's fuzzy anchoring).

In order: the recorded position; the exact quote elsewhere, chosen by its prefix and suffix and by nearness to
the old place (both keep the note "anchored": it sits on the same words); then a close rewording of the
quote, accepted only when its context agrees or it is the one clear candidate ("moved": worth a look). A
rewording is taken whole, from the word where it starts to the word where it ends, whatever its length, and
becomes the note's quote. A note that cannot be placed is "orphaned" and keeps its old quote; it is never
attached to a lookalike.

"Moved" lasts: a moved note found again on its words (the next time the file is opened) stays moved, so
the reader is still asked to look at it, until it is saved from the note editor, which shows what it quoted
before it moved (`moved_from`) and confirms the new place (`reader.notes.model.edited`). Autosaves, reopening
and exporting confirm nothing.

A long quote is kept by its two ends, its length and its hash: it is found exactly where its first end
starts the same length of text with the same hash, and as a rewording where both ends are found, in order, in
one paragraph.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from reader.analysis.sides import Pane
from reader.notes.model import ANCHORED, CONTEXT, MOVED, ORPHANED, QUOTE_END, Note, Target, placed
from reader.text.document import Document

REWORDED = 85.0  # a reworded quote must be at least this similar (rapidfuzz ratio)
CONTEXT_AGREES = 60.0  # prefix and suffix similarity that confirms a place
CONTEXT_WEAK = 40.0  # enough context for a short quote found exactly once
DISTINCTIVE = 20  # a quote this long, found exactly once, is the same passage
CLEAR_MARGIN = 8.0  # a lone reworded candidate must beat the runner-up by this much
LENGTH_DRIFT = 0.2  # a reworded long quote may be this much longer or shorter
SPAN_ALIKE = 70.0  # a reworded quote, as a whole, is at least this similar to the old one (rapidfuzz ratio)
SLACK = 0.3  # a rewording's ends are looked for this share of the quote's length around the alignment's
SLACK_MIN = 12  # ... and at least this many characters (a word or two)


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
    """The target placed in `doc`: anchored where it was, moved where it now is, or orphaned. On its own
    words a target keeps its state: one that had moved stays moved until the reader confirms it."""
    if not target.quote:
        return replace(target, state=ORPHANED)
    found = MOVED if target.state == MOVED else ANCHORED
    hint = target.paragraph
    if hint is not None and hint < len(doc.paragraphs):
        text = doc.paragraphs[hint].text
        start, end = target.span
        if target.is_quote(text[start:end]):
            return placed(target, text, hint, start, end, found)

    places = _exact_places(doc, target)
    if places:
        chosen = _choose_exact(places, target, doc)
        if chosen is None:
            return replace(target, state=ORPHANED)  # only lookalikes: nothing says which, if any, it was
        p, start = chosen
        return placed(target, doc.paragraphs[p].text, p, start, start + target.size, found)

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
    """The closest rewording of the quote in a paragraph: (similarity, start, end), or None. A fuzzy
    alignment finds where it is (for a long quote, where each end is), and how close it is; the span is then
    chosen around it."""
    head = fuzz.partial_ratio_alignment(target.quote, text, score_cutoff=REWORDED)
    if head is None:
        return None
    start, end, similarity = head.dest_start, head.dest_end, head.score
    if not target.whole:
        tail = fuzz.partial_ratio_alignment(target.quote_end, text[head.dest_end :], score_cutoff=REWORDED)
        if tail is None:
            return None
        end, similarity = head.dest_end + tail.dest_end, (head.score + tail.score) / 2
    span = _whole_rewording(target, text, start, end)
    return None if span is None else (similarity, *span)


def _whole_rewording(target: Target, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Around an alignment start..end (which has the quote's length, so it cuts a longer rewording short):
    the span, from a word's start to a word's end, that is most like the quote as a whole and whose
    surroundings best match the recorded prefix and suffix. So a rewording is covered whole, words it adds at
    its end included ("... from Moscow.", "to assist"), and no further."""
    slack = max(SLACK_MIN, int(SLACK * min(target.size, 2 * QUOTE_END)))
    starts = [a for a in _word_starts(text) if abs(a - start) <= slack]
    ends = [b for b in _word_ends(text) if abs(b - end) <= slack]
    best: tuple[float, int, int] | None = None
    for a in starts:
        for b in ends:
            if b <= a:
                continue
            similarity = _similarity(target, text[a:b])
            if similarity < SPAN_ALIKE:
                continue
            before = text[max(0, a - CONTEXT) : a]
            after = text[b : b + CONTEXT]
            score = similarity + (fuzz.ratio(target.prefix, before) + fuzz.ratio(target.suffix, after)) / 2
            if best is None or score > best[0]:
                best = (score, a, b)
    return None if best is None else best[1:]


def _similarity(target: Target, span: str) -> float:
    """How close a span is to the quote (0-100); for a long quote, to its two ends, at about its length."""
    if target.whole:
        return fuzz.ratio(target.quote, span)
    if abs(len(span) - target.length) > LENGTH_DRIFT * target.length:
        return 0.0
    head = fuzz.ratio(target.quote, span[: len(target.quote)])
    return (head + fuzz.ratio(target.quote_end, span[-len(target.quote_end) :])) / 2


def _word_starts(text: str) -> list[int]:
    """Where a word starts (after a space, or a letter after punctuation such as an opening quote)."""
    return [k for k in range(len(text)) if text[k].isalnum() and (k == 0 or not text[k - 1].isalnum())]


def _word_ends(text: str) -> list[int]:
    """Where a word ends, with or without the punctuation that follows it ("Moscow" or "Moscow.")."""
    ends = {k for k in range(1, len(text) + 1) if text[k - 1].isalnum() and (k == len(text) or not text[k].isalnum())}
    ends |= {k for k in range(1, len(text) + 1) if not text[k - 1].isspace() and (k == len(text) or text[k].isspace())}
    return sorted(ends)


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
        return placed(target, doc.paragraphs[index].text, index, start, end, MOVED, target.excerpt)
    return replace(target, state=ORPHANED)


def reanchor_note(note: Note, docs: dict[Pane, Document]) -> Note:
    return replace(note, targets=tuple(reanchor(t, docs[t.side]) for t in note.targets))
