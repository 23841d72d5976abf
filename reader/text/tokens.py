"""Words for matching: tokenising, folding, light stemming, a general English stop list, abbreviations,
sentences, and the small facts about spelling that every part of the core shares (one definition each).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Two words this similar (rapidfuzz ratio, 0-100) are spellings of one word ("Qassem" and "Qasem").
SPELLING_VARIANT_RATIO = 88.0

#: Endings that make a demonym of a place: korean -> korea, iranian -> iran, iraqi -> iraq.
DEMONYM_SUFFIXES = ("n", "an", "ian", "i")

#: Abbreviations written with a final dot that do not end a sentence (titles, months, "No.", "vs.").
ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Dr Prof St Sen Rep Gov Gen Col Lt Capt Cmdr Sgt Adm Maj Rev Hon Jr Sr No Mt Ft
    Jan Feb Mar Apr Aug Sep Sept Oct Nov Dec vs etc""".split()
)

# A word, or an acronym written with dots ("F.B.I.", "U.S."), which folds to the same word as without them.
WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’][^\W_]+)*")

# A general English function-word list (closed classes plus reporting verbs that carry no fact).
STOP_WORDS = frozenset(
    """a about above after again against all also although am among an and another any are around as at be
    because been before being below between both but by can could did do does doing down during each either
    else even ever every few for from further had has have having he her here hers herself him himself his how
    however i if in into is it its itself just least less many may me might more most much must my myself
    neither no nor not now of off often on once one only or other others our ours ourselves out over own per
    perhaps quite rather really same several shall she should since so some such than that the their theirs
    them themselves then there these they this those though through thus to too toward towards under unless
    until up upon us very via was we were what whatever when where whereas whereby wherein whether which while who
    whom whose why will
    with within without would yet you your yours yourself yourselves
    said says say saying told tell tells according added adds noted also just still
    mr mrs ms dr s t n't""".split()
)


#: No real word is longer; a longer run of letters (a file of one 5 MB "word") is cut here, so that comparing
#: words, which costs the product of their lengths, stays cheap whatever the text.
MAX_WORD = 64


@lru_cache(maxsize=1 << 17)
def fold_word(word: str) -> str:
    """Lower-case, drop accents, a possessive ending and an acronym's dots, unify apostrophes; at most
    MAX_WORD characters."""
    word = word[: MAX_WORD + 2]  # room for a possessive ending
    if "." in word:
        word = word.replace(".", "")
    if word.isascii():
        word = word.lower()
    else:
        word = unicodedata.normalize("NFKD", word.casefold())
        word = "".join(c for c in word if not unicodedata.combining(c)).replace("’", "'")
    return (word[:-2] if word.endswith("'s") else word)[:MAX_WORD]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: enough to meet plural, past and gerund forms, never clever."""
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("sses", "xes", "ches", "shes", "zes")):
                continue
            base = word[: len(word) - len(suffix)] + keep
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # stopped -> stop, running -> run
            return base
    return word


def words(text: str) -> list[str]:
    """Folded words of a text, in order."""
    return [fold_word(w) for w in WORD.findall(text)]


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words of a text, in order."""
    return [m.span() for m in WORD.finditer(text)]


def content_terms(text: str) -> list[str]:
    """Stemmed words that are not stop words, in order."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(rf"(\b[A-Z]\.|\b({'|'.join(sorted(ABBREVIATIONS))})\.)$")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping initials and common abbreviations (U.S., Mr.) whole."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        if _ABBREVIATION.search(text[start : m.start()]):
            continue
        out.append(text[start : m.start()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def sentence_ends(text: str) -> list[int]:
    """Where each sentence of a paragraph ends (character offsets)."""
    ends, start = [], 0
    for sentence in sentences(text):
        at = text.find(sentence, start)
        if at >= 0:
            start = at + len(sentence)
            ends.append(start)
    return ends
