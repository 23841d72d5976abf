"""Find the named entities of an article and match them across two articles.

A name is a run of capitalised words inside a sentence (with "of", "the", "al-" and the like allowed within),
not counting a sentence's first word when that word also appears in lower case, and not counting headlines,
whose capitalisation says nothing. Titles at the front of a person's name ("Russian President") are
descriptors, not part of the name. Within an article, a surname alone ("Soleimani") resolves to the full name
("Qassem Soleimani") and an acronym ("IRGC") to its expansion ("Islamic Revolutionary Guard Corps").
Across articles, entities meet by shared name words, spelling variants (Qassem/Qasem) and acronyms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from reader.analysis.wordlists import (
    CALENDAR,
    COMPOUND_TAILS,
    NICKNAMES,
    ORG_HEADS,
    PREPOSITIONAL_PARTICIPLES,
    SENTENCE_OPENERS,
    TITLE_WORDS,
)
from reader.text.document import Document, Role
from reader.text.tokens import ABBREVIATIONS, SPELLING_VARIANT_RATIO, STOP_WORDS, fold_word, sentences

_TOKEN = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?|[^\w\s]")
_ABBREV = re.compile(rf"^(?:[A-Za-z]\.)+$|^(?:{'|'.join(sorted(ABBREVIATIONS))})\.$")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ash|as|at|ar|an)-(?=\w{3})")
_CONNECTORS = frozenset("of the for de del da di la le van von der bin ibn al el".split())
_NAME_MONTHS = frozenset("april may june august".split())  # also given and family names: Theresa May
_NUMERALS = frozenset("ii iii iv".split())  # Robert S. Mueller III; "Jr." names another person
_NEVER_NAME_STARTS = CALENDAR | PREPOSITIONAL_PARTICIPLES | SENTENCE_OPENERS
_NAME_HEADS = ORG_HEADS | TITLE_WORDS


class Token(NamedTuple):
    """A word or punctuation mark, with what the finders ask of it worked out once."""

    text: str
    start: int  # character offsets in the paragraph text
    end: int
    folded: str  # fold_word of the text without a final dot
    capitalised: bool  # "Assad" and "al-Assad" are; "the" is not
    is_word: bool


@lru_cache(maxsize=1 << 16)
def _word_facts(word: str) -> tuple[str, bool, bool]:
    bare = word[3:] if word[:3].lower() in ("al-", "el-") and len(word) > 3 else word
    return fold_word(word.rstrip(".")), bare[:1].isupper(), word[:1].isalnum()


def token(text: str, start: int, end: int) -> Token:
    return Token(text, start, end, *_word_facts(text))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words (with inner hyphens, apostrophes and abbreviation dots) and punctuation marks, with offsets
    (shifted by `offset`)."""
    tokens = []
    for m in _TOKEN.finditer(text):
        word, start, end = m.group(0), m.start() + offset, m.end() + offset
        if word.endswith(".") and len(word) > 1 and not _ABBREV.match(word):
            tokens.append(token(word[:-1], start, end - 1))
            tokens.append(token(".", end - 1, end))
        else:
            tokens.append(token(word, start, end))
    return tokens


def _possessive_free(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


@lru_cache(maxsize=1 << 16)
def _name_word(word: str) -> str:
    return _ARTICLE_PREFIX.sub("", fold_word(_possessive_free(word)).rstrip("."))


def _name_parts(word: str) -> list[str]:
    """A name word's parts: "Jong-un" is two, "Obama-era" is Obama's."""
    parts = [p for p in _name_word(word).split("-") if p]
    return parts[:-1] if len(parts) > 1 and parts[-1] in COMPOUND_TAILS else parts


@dataclass(frozen=True)
class Mention:
    """One occurrence of a name: where it is and which tokens surround it."""

    paragraph: int
    sentence: tuple[Token, ...]  # the sentence's tokens
    first: int  # index of the first name token in `sentence`
    last: int  # index after the last name token
    title_first: int  # index of the first title token before the name (== first when there is none)

    @property
    def name_tokens(self) -> tuple[Token, ...]:
        return self.sentence[self.first : self.last]

    @property
    def key(self) -> tuple[str, ...]:
        """The name as folded words, without possessive endings or Arabic article prefixes (al-Assad), and
        with hyphenated given names split, as outlets write them both ways ("Jong-un" and "Jong Un")."""
        return tuple(part for t in self.name_tokens for part in _name_parts(t.text))

    @property
    def span(self) -> tuple[int, int]:
        return self.sentence[self.first].start, self.sentence[self.last - 1].end

    @property
    def surface(self) -> str:
        return " ".join(_possessive_free(t.text) for t in self.name_tokens)


@dataclass
class Entity:
    """The mentions of one named thing in one article."""

    names: set[tuple[str, ...]] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    acronym: str = ""

    @property
    def full(self) -> tuple[str, ...]:
        return max(self.names, key=lambda n: (len(n), sum(map(len, n))))

    @property
    def label(self) -> str:
        """The longest written form of the name, for people to read."""
        best = max(self.mentions, key=lambda m: (len(m.key), len(m.surface)))
        return best.surface

    @property
    def words(self) -> set[str]:
        return {w for n in self.names for w in n}

    @property
    def is_org(self) -> bool:
        """Named like an organisation: by an acronym ("RIA", "IRGC") or a name ending in "Ministry", "Force"..."""
        acronym = all(m.surface.replace(".", "").isupper() and len(m.surface) > 1 for m in self.mentions)
        return any(n[-1] in ORG_HEADS for n in self.names) or bool(self.acronym) or acronym


# --- finding names ----------------------------------------------------------------------------------------


def _lowercase_vocabulary(doc: Document) -> set[str]:
    return {fold_word(w.rstrip("'’")) for p in doc.paragraphs for w in re.findall(r"\b[a-z][\w'’-]*", p.text)}


def _at_sentence_start(tokens: Sequence[Token], k: int) -> bool:
    return all(not t.is_word for t in tokens[:k])


def _name_start_ok(tokens: Sequence[Token], k: int, lower_vocab: set[str]) -> bool:
    """Whether a capitalised token can begin a name (sentence-initial common words and dates cannot)."""
    token = tokens[k]
    folded = token.folded
    acronym = token.text.isupper() and len(token.text.rstrip(".")) > 1
    if (folded in STOP_WORDS and not acronym) or folded in _NEVER_NAME_STARTS:
        return False
    if not _at_sentence_start(tokens, k) or acronym:
        return True
    # A sentence's first word is a name only if the article never writes it in lower case, nor, for a
    # gerund ("Hosting", "Receiving"), its verb.
    stem_ = folded[:-3] if folded.endswith("ing") else None
    return folded not in lower_vocab and not (stem_ and ({stem_, stem_ + "e", stem_ + "s", stem_ + "es"} & lower_vocab))


def _title_prefix(tokens: Sequence[Token], first: int, last: int) -> int:
    """Where the name starts after its leading title ("French President Emmanuel Macron" -> at "Emmanuel"):
    just after the last title word, when name words follow it and the run is not an organisation's name."""
    if tokens[last - 1].folded in ORG_HEADS:
        return first
    titles = [k for k in range(first, last - 1) if tokens[k].folded in TITLE_WORDS]
    if not titles:
        return first
    start = titles[-1] + 1
    while start < last and tokens[start].folded in _CONNECTORS:
        start += 1
    return start if start < last else first


def sentence_tokens(doc: Document) -> Iterator[tuple[int, tuple[Token, ...]]]:
    """(paragraph index, tokens with paragraph offsets) for each sentence of the body, captions and bylines;
    headlines, whose capitalisation says nothing, and boilerplate are skipped."""
    for p in doc.paragraphs:
        if p.role in (Role.TITLE, Role.BOILERPLATE):
            continue
        offset = 0
        for sentence in sentences(p.text):
            at = p.text.find(sentence, offset)
            offset = at + len(sentence)
            yield p.index, tuple(tokenize(sentence, at))


Sentences = Sequence[tuple[int, tuple[Token, ...]]]


def find_mentions(doc: Document, sentences_: Sentences | None = None) -> list[Mention]:
    """Name mentions of the article (`sentences_` is its sentence_tokens, when already computed)."""
    lower_vocab = _lowercase_vocabulary(doc)
    found = sentence_tokens(doc) if sentences_ is None else sentences_
    return [m for index, tokens in found for m in _mentions_in(index, tokens, lower_vocab)]


def _mentions_in(paragraph: int, tokens: tuple[Token, ...], lower_vocab: set[str]) -> list[Mention]:
    out = []
    k = 0
    while k < len(tokens):
        if not (tokens[k].is_word and tokens[k].capitalised and _name_start_ok(tokens, k, lower_vocab)):
            k += 1
            continue
        end = k + 1
        while end < len(tokens) and not tokens[end - 1].text.endswith(("'s", "’s")):  # "Iran's | Quds Force"
            t = tokens[end]
            initial = len(t.text) == 2 and t.text[0].isupper() and t.text[1] == "."  # "Robert S. Mueller"
            if (
                initial
                or (t.is_word and t.capitalised and t.folded not in STOP_WORDS and t.folded not in CALENDAR)
                or (t.folded in _NAME_MONTHS and t.capitalised and tokens[end - 1].capitalised)
                or (
                    t.folded in _CONNECTORS
                    and end + 1 < len(tokens)
                    and tokens[end + 1].capitalised
                    and tokens[end + 1].is_word
                    and tokens[end - 1].folded in _NAME_HEADS  # "Secretary of State", not "Abe of Japan"
                )
            ):
                end += 1
            else:
                break
        title_first = k
        if _at_sentence_start(tokens, k) and tokens[k].folded.endswith("ing") and end - k > 1:
            title_first = k + 1  # "Receiving French President Emmanuel Macron": the gerund is no title
        first = _title_prefix(tokens, title_first, end)
        if any(t.folded not in TITLE_WORDS for t in tokens[first:end]):
            out.append(Mention(paragraph, tokens, first, end, title_first))
        k = end
    return out


# --- grouping mentions into entities ---------------------------------------------------------------------


def _initials(name: Sequence[str]) -> str:
    return "".join(w[0] for w in name if w not in _CONNECTORS and w)


def _variant(a: str, b: str) -> bool:
    return a == b or (len(a) >= 4 and len(b) >= 4 and a[0] == b[0] and fuzz.ratio(a, b) >= SPELLING_VARIANT_RATIO)


def short_form(long: Sequence[str], short: Sequence[str]) -> bool:
    """Whether `short` is a short form of the name `long`: for a person the surname, the first name or the
    given names ("Soleimani", "Kim", "Jong Un"); for an organisation its name without the head noun
    ("Quds" for "Quds Force") or the first word of a two-word name ("RIA" for "RIA Novosti")."""
    long = _core(long)
    if not 0 < len(short) < len(long):
        return False

    def same(xs: Sequence[str], ys: Sequence[str]) -> bool:
        return all(_variant(x, y) for x, y in zip(xs, ys))

    if long[-1] in ORG_HEADS:  # "Foreign Ministry" for "Russian Foreign Ministry"
        return len(short) >= 2 and same(long[-len(short) :], short)
    if same(long[-len(short) :], short):
        return True
    # A first name or a surname written first ("Kim" for "Kim Jong Un"), but not a nationality word
    # ("Syrian" is not short for "Syrian Civil War").
    return same(long[: len(short)], short) and not short[-1].endswith(("an", "ian", "ese", "ish"))


def same_name(a: Sequence[str], b: Sequence[str]) -> bool:
    if len(a) == len(b):
        return all(_variant(x, y) for x, y in zip(a, b))
    return False


def group_entities(mentions: Iterable[Mention], captions: frozenset[int] = frozenset()) -> list[Entity]:
    """Group one article's mentions: equal names and variants first, then short names into the single longer
    name that contains them, then acronyms into the name they abbreviate."""
    by_key: dict[tuple[str, ...], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.key and any(m.key):
            by_key[m.key].append(m)
    keys = sorted(by_key, key=lambda k: (-len(k), k))
    entities: list[Entity] = []
    by_word: dict[str, list[Entity]] = defaultdict(list)  # blocking: only entities sharing a name word's shape
    by_initials: dict[str, list[Entity]] = defaultdict(list)
    for key in keys:
        near = list({id(e): e for k in _word_blocks(key, near=True) for e in by_word.get(k, ())}.values())
        target = next((e for e in near if any(same_name(key, n) for n in e.names)), None)
        if target is None:
            # News introduces a full name before shortening it: a short form used repeatedly before the
            # full name appears belongs to someone else ("Trump" long before "Melania Trump").
            longer = [e for e in near if any(short_form(n, key) for n in e.names)]
            if len(longer) == 1:
                # Captions name everyone in a photo; the story introduces its own people in the body.
                body = [m for m in longer[0].mentions if m.paragraph not in captions] or longer[0].mentions
                introduced = min(_position(m) for m in body)
                early = sum(1 for m in by_key[key] if _position(m) < introduced)
                if early < 2 and not _named_after(by_key[key], longer[0].mentions):
                    target = longer[0]
        if target is None and len(key) == 1 and key[0].isalpha() and key[0].upper() == _surface_of(by_key[key]):
            expansions = [e for e in by_initials.get(key[0], ()) if _initials(e.full) == key[0]]
            if len(expansions) == 1:
                target = expansions[0]
                target.acronym = key[0]
        if target is None:
            target = Entity()
            entities.append(target)
        target.names.add(key)
        target.mentions += by_key[key]
        for k in _word_blocks(key):
            by_word[k].append(target)
        if len(key) > 1:
            by_initials[_initials(key)].append(target)
    return entities


def _named_after(short: Sequence[Mention], long: Sequence[Mention]) -> bool:
    """Whether a sentence uses the short name before the long one: in "President Trump and Melania Trump" they
    are two people (a writer who means one person gives the full name first)."""
    first_long: dict[tuple[int, int], int] = {}
    for m in long:
        at = (m.paragraph, m.sentence[0].start)
        first_long[at] = min(first_long.get(at, m.first), m.first)
    return any(m.first < first_long.get((m.paragraph, m.sentence[0].start), -1) for m in short)


def _word_blocks(name: Sequence[str], near: bool = False) -> set[str]:
    """Blocking keys of a name: each word's first and last letters and length. Spelling variants that
    _variant accepts share both letters and differ in length by at most one, so `near` also gives the keys
    one letter shorter and longer, to look them up."""
    spread = (-1, 0, 1) if near else (0,)
    return {f"{w[0]}{w[-1]}{len(w) + d}" for w in name if w for d in spread}


def _position(m: Mention) -> tuple[int, int]:
    return m.paragraph, m.sentence[m.first].start


def _surface_of(mentions: Sequence[Mention]) -> str:
    return mentions[0].surface.replace(".", "")


def article_entities(doc: Document, sentences_: Sentences | None = None) -> list[Entity]:
    """The article's entities, leaving out single words seen only at the start of sentences ("Elsewhere")."""
    captions = frozenset(p.index for p in doc.paragraphs if p.role is Role.CAPTION)
    entities = group_entities(find_mentions(doc, sentences_), captions)
    return [
        e for e in entities if not all(len(m.key) == 1 and _at_sentence_start(m.sentence, m.first) for m in e.mentions)
    ]


def match_entities(left: Sequence[Entity], right: Sequence[Entity]) -> list[tuple[Entity, Entity]]:
    """Pairs of entities that name the same thing in the two articles, best evidence first, one partner each.
    Only entities that share a blocking key (a name word's first and last letters, or initials) are compared,
    so long documents with thousands of names stay fast."""
    index: dict[str, list[int]] = defaultdict(list)
    for b, eb in enumerate(right):
        for key in _blocking_keys(eb):
            index[key].append(b)
    candidates: list[tuple[int, int, int]] = []
    for a, ea in enumerate(left):
        for b in sorted({b for key in _blocking_keys(ea, near=True) for b in index.get(key, ())}):
            strength = _match_strength(ea, right[b])
            if strength:
                candidates.append((strength, a, b))
    used_l: set[int] = set()
    used_r: set[int] = set()
    pairs = []
    for _, a, b in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if a not in used_l and b not in used_r:
            used_l.add(a)
            used_r.add(b)
            pairs.append((left[a], right[b]))
    return pairs


def _blocking_keys(e: Entity, near: bool = False) -> set[str]:
    keys = {f"w:{k}" for n in e.names for k in _word_blocks(n, near)}
    keys |= {f"i:{_initials(n)}" for n in e.names if len(n) > 1}
    keys |= {f"i:{n[0]}" for n in e.names if len(n) == 1}
    return keys


def _full_names_agree(a: Entity, b: Entity) -> bool | None:
    """None when either entity has no full name; else whether some full name of one could be one of the
    other's. False keeps apart Donald and Melania Trump, Michael Cohen and Michael Flynn, North and South
    Korea, the Russian and the Iranian Foreign Ministry: a shared first or last word alone does not make two
    people one."""
    fa = [n for n in a.names if len(n) > 1]
    fb = [n for n in b.names if len(n) > 1]
    if not (fa and fb):
        return None
    return any(_could_be_same(x, y) for x in fa for y in fb)


def _could_be_same(x: Sequence[str], y: Sequence[str]) -> bool:
    """Two full names of one person or body: the same, one a short form of the other, or the same first and
    last words around a middle initial or name (Michael D. Cohen) with a nickname allowed (Rick and Richard
    Gates) and a generational suffix ignored (Robert S. Mueller III)."""
    xs, ys = _core(x), _core(y)  # short_form takes the numeral off by itself, same_name does not
    if same_name(xs, ys) or short_form(xs, ys) or short_form(ys, xs):
        return True
    return len(xs) > 1 and len(ys) > 1 and _variant(xs[-1], ys[-1]) and not _unlike(xs[0], ys[0])


def _core(name: Sequence[str]) -> Sequence[str]:
    """A name without a generational numeral."""
    return name[:-1] if len(name) > 1 and name[-1] in _NUMERALS else name


def _unlike(a: str, b: str) -> bool:
    """Two first words that cannot name the same person: not initials, variants, or a name and its nickname."""
    nickname = NICKNAMES.get(a) == b or NICKNAMES.get(b) == a
    return len(a) > 1 and len(b) > 1 and a[:3] != b[:3] and not nickname and not _variant(a, b)


def _match_strength(a: Entity, b: Entity) -> int:
    """3: the same full name; 2: one name inside the other, the same person's name written otherwise, or an
    acronym of it; 0: no evidence, or full names that cannot be one person's."""
    agree = _full_names_agree(a, b)
    if agree is False:
        return 0
    exact = a.names & b.names
    if any(len(n) > 1 for n in exact):
        return 3
    if any(same_name(x, y) for x in a.names for y in b.names if len(x) > 1):
        return 3
    if any(same_name(x, y) for x in a.names for y in b.names):
        return 3 if len(a.names) == len(b.names) == 1 else 2
    if any(short_form(x, y) or short_form(y, x) for x in a.names for y in b.names):
        return 2
    if agree:
        return 2  # Robert W. Goodlatte and Bob Goodlatte
    initials_a = {_initials(n) for n in a.names if len(n) > 1} | {a.acronym}
    initials_b = {_initials(n) for n in b.names if len(n) > 1} | {b.acronym}
    if any(len(n) == 1 and n[0] in initials_b for n in a.names) or any(
        len(n) == 1 and n[0] in initials_a for n in b.names
    ):
        return 2
    return 0
