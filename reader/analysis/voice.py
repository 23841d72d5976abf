"""Whose words: which tokens of a parsed paragraph are the outlet's own voice and which are quoted or
attributed speech.

A token is quoted when it lies inside quotation marks, in the clause a speech verb reports ("the campaign
said [...]", "according to ..."), or in the label a labelling verb gives ("what the ministry calls [an unfair
practice]", "Trump called it [a witch hunt]"). An editor reads "sham lawsuit" in the outlet's voice very
differently from the same words in a quote.
"""

from __future__ import annotations

from typing import Literal

from reader.analysis.parse import Paragraph

Voice = Literal["own", "quoted"]
OWN: Voice = "own"  # the outlet's own words
QUOTED: Voice = "quoted"  # someone else's: in quotation marks, or reported speech

# Verbs that report speech, writing or belief: the clause they govern is someone else's words.
SPEECH_VERBS = frozenset(
    """say tell state claim add write tweet post argue insist allege assert contend declare announce warn
    note explain suggest complain charge accuse deny admit acknowledge predict testify report reply respond
    believe think feel consider maintain stress emphasize emphasise urge vow pledge promise threaten boast
    joke quip lament concede recall describe call label brand dub term deem""".split()
)
# Verbs whose object complement is a label someone gives ("called the deal a disaster").
LABEL_VERBS = frozenset("call label brand dub term describe deem consider name characterize characterise".split())
_OPENING = "“‘«"
_CLOSING = "”’»"


def _quote_marks(text: str) -> list[bool]:
    """Per character: inside quotation marks. Straight double quotes toggle; a single curly quote between
    letters is an apostrophe, not a mark."""
    inside = [False] * len(text)
    depth = 0
    straight = False
    for k, ch in enumerate(text):
        if ch == '"':
            straight = not straight
        elif ch in _OPENING and not (ch == "‘" and k and text[k - 1].isalnum()):
            depth += 1
        elif ch in _CLOSING:
            between_letters = 0 < k < len(text) - 1 and text[k - 1].isalnum() and text[k + 1].isalnum()
            if ch == "’" and (between_letters or (k and text[k - 1] in "sS" and depth == 0)):
                continue  # Iran’s, the campaigns’
            depth = max(0, depth - 1)
        inside[k] = straight or depth > 0
    # a paragraph that opens a quotation and never closes it (news style: the quote goes on below) is quoted
    return inside


def quoted_tokens(p: Paragraph) -> list[bool]:
    """For each token of the paragraph: is it quoted or attributed speech?"""
    marks = _quote_marks(p.text)
    out = [any(marks[t.start : t.end]) or (t.start > 0 and marks[t.start - 1]) for t in p.tokens]
    toks = p.tokens
    for t in toks:
        reported: list[int] = []
        if t.lemma in SPEECH_VERBS and t.pos in ("VERB", "AUX"):
            reported = [c for c in p.children[t.i] if toks[c].dep in ("ccomp", "parataxis")]
            if t.lemma in LABEL_VERBS:
                reported += [c for c in p.children[t.i] if toks[c].dep in ("oprd", "xcomp", "acomp", "attr")]
                reported += [
                    g for c in p.children[t.i] if toks[c].dep == "prep" and toks[c].lemma == "as" for g in p.children[c]
                ]
            # "X said" after a quote: the main clause is what X said (spaCy makes "said" a child of it)
            if t.dep in ("parataxis", "ccomp") and toks[t.head].pos in ("VERB", "AUX") and t.i > t.head:
                reported.append(t.head)
                out[t.head] = True
                reported += [c for c in p.children[t.head] if c < t.i]
        elif t.text.lower() == "according":
            # "according to X" marks its whole sentence as X's account, except the source itself
            head = t.head
            while toks[head].head != head:
                head = toks[head].head
            reported = [c for c in p.children[head] if c != t.i]
            out[head] = True
        for r in reported:
            for k in p.subtree(r):
                out[k] = True
    return out


def voice_of(p: Paragraph, quoted: list[bool], first: int, last: int) -> Voice:
    """The voice of a phrase is that of its head word (the one whose own head lies outside it): "a measure
    its supporters say will cut traffic" is the outlet's phrase with a report inside it."""
    heads = [k for k in range(first, last + 1) if not first <= p.tokens[k].head <= last or p.tokens[k].head == k]
    return QUOTED if any(quoted[k] for k in heads or range(first, last + 1)) else OWN
