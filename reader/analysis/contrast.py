"""Descriptor contrasts: the different words two outlets use for the same entity, and loaded words.

For every entity both articles name, the descriptors each article attaches to it are collected:
- titles and pre-modifiers ("Iranian military commander Qassem Soleimani", "dictator Bashar al-Assad");
- appositives ("Konstantin Kosachev, a Russian senator,");
- relative clauses ("Soleimani, who headed the powerful Quds Force");
- copulas ("The Quds Force is a subgroup of ...", "Soleimani is believed to be responsible for ...");
- headline labels ("... by Killing Iran Terror Chief"), given to the article's main person.
An entity is reported when the content words of the two sides' descriptors differ beyond titles and
honorifics; each side's descriptors come distinctive-first.

Loaded words are evaluative words (VADER lexicon, |valence| >= 1.0) that one article uses in what it says
about a shared entity (its descriptors, or what the entity's name owns: "Zakharova's televised rant") and
that the other article never uses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise, takewhile

from reader.analysis.entities import Entity, Mention, Token, article_entities, match_entities, sentence_tokens, tokenize
from reader.analysis.lexicon import valence
from reader.analysis.sides import SIDES, Side
from reader.analysis.wordlists import (
    AGENT_ENDINGS,
    CALENDAR,
    COPULAS,
    DETERMINERS,
    ORG_HEADS,
    PREPOSITIONAL_PARTICIPLES,
    PREPOSITIONS,
    RELATIVES,
    ROLE_VERBS,
    TITLE_WORDS,
    VERB_MARKERS,
    VERBS,
)
from reader.text.document import Document, Role
from reader.text.tokens import DEMONYM_SUFFIXES, STOP_WORDS, fold_word, stem, words

MAX_DESCRIPTORS = 8  # per side and entity, distinctive first
MAX_CONTENT_WORDS = 8  # a descriptor is a phrase, not a sentence
MAX_PHRASE_TOKENS = 12
LOADED_VALENCE = 1.0

_HONORIFICS = frozenset("mr mrs ms dr sir president former then current late jr sr".split())
_STOPPERS = frozenset(",.;:()[]—–?!")  # not quotation marks, which an appositive may hold: a self-confessed "big fan"
_PRONOUNS = frozenset("he she they it i we you his her their its this that these those there".split())
# Nouns naming a person by role, for headline labels and "the ..." references with no name
# ("Iran Terror Chief", "the French president", "his counterpart").
_ROLE_NOUNS = frozenset(
    """chief general commander leader head boss official officer minister president secretary director
    spokesman spokeswoman dictator strongman ruler tyrant cleric militant terrorist fighter soldier diplomat
    lawmaker senator envoy adviser advisor aide king queen prince mastermind kingpin warlord counterpart
    nominee candidate chairman chairwoman chancellor premier governor mayor attorney lawyer prosecutor judge
    counsel founder executive ambassador spy agent""".split()
)
# Role nouns that any office may be called ("Iran Terror Chief" for a commander); the others name one office.
_LEADERSHIP = frozenset("chief head leader boss commander general official officer strongman".split())
_TITLES_AND_ROLES = TITLE_WORDS | _ROLE_NOUNS
_NP_OPENERS = frozenset("the his her their its our".split())
_MODIFIER_ENDINGS = (
    *AGENT_ENDINGS,
    "al",
    "ic",
    "ous",
    "ful",
    "less",
    "ary",
    "ory",
    "ese",
    "ish",
    "ed",
    "ing",
    "an",
    "ite",
)
_POSITIONS = frozenset("left right center centre front back top bottom middle second third".split())  # photo captions
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday week weekend month year
    morning evening night""".split()
)
_WHEN = _TIME_WORDS | CALENDAR
_ADVERBS = frozenset("also still now reportedly widely long very so too quite once then never always".split())
# Unions the finders test often, made once.
_NOT_A_NOUN = STOP_WORDS | VERBS | RELATIVES | COPULAS | _ADVERBS
_FUNCTION_WORDS = STOP_WORDS | PREPOSITIONS
_NOT_A_MODIFIER = STOP_WORDS | PREPOSITIONS | _WHEN  # "fired Feb. 13", "visit outside London", "today Mayor"
_NOT_A_NAME = TITLE_WORDS | ORG_HEADS | STOP_WORDS
_CLAUSE_WORDS = _PRONOUNS | RELATIVES
_BEFORE_A_NOUN = DETERMINERS | {"to"}
_LOOSE_ENDS = DETERMINERS | PREPOSITIONS | RELATIVES
_PHRASE_BREAKS = PREPOSITIONS | VERBS
_DETERMINERS_PROPER = DETERMINERS - _PRONOUNS
_AGENT_WORDS = PREPOSITIONS | {"by"}
# Words after a past participle that make it a verb telling what happened, not a state: an object, an
# infinitive, an agent or place, a date ("killed in ...", "tested a second one", "declined to comment",
# "fired Feb. 13", "replaced last week by ...").
_AFTER_A_VERB = _BEFORE_A_NOUN | _AGENT_WORDS | _WHEN | {"last", "this", "next", "earlier", "later", "again"}


def _narrates(participle: str, after: str) -> bool:
    return participle.endswith("ed") and (after in _AFTER_A_VERB or after.isdigit())


@dataclass(frozen=True)
class Descriptor:
    text: str
    paragraph: int
    start: int  # character span in the paragraph
    end: int
    kind: str  # title, modifier, appositive, relative, copula, headline, name

    def to_json(self) -> dict:
        return {"text": self.text, "paragraph": self.paragraph, "kind": self.kind, "span": [self.start, self.end]}


@dataclass(frozen=True)
class Contrast:
    entity: str
    left: tuple[Descriptor, ...]
    right: tuple[Descriptor, ...]
    left_mentions: tuple[int, ...] = ()  # paragraphs naming the entity, for jumping there
    right_mentions: tuple[int, ...] = ()

    def to_json(self) -> dict:
        return {
            "entity": self.entity,
            "left": [d.to_json() for d in self.left],
            "right": [d.to_json() for d in self.right],
            "mentions": {"left": list(self.left_mentions), "right": list(self.right_mentions)},
        }


@dataclass(frozen=True)
class LoadedWord:
    word: str
    side: Side
    paragraph: int
    start: int
    end: int
    subject: str
    valence: float

    def to_json(self) -> dict:
        return {
            "word": self.word,
            "side": self.side,
            "paragraph": self.paragraph,
            "span": [self.start, self.end],
            "subject": self.subject,
            "valence": self.valence,
        }


@dataclass(frozen=True)
class Contrasts:
    entities: tuple[Contrast, ...]
    loaded: tuple[LoadedWord, ...]


# --- descriptors of one mention ---------------------------------------------------------------------------


def _phrase(paragraph: int, tokens: Sequence[Token], kind: str) -> Descriptor | None:
    """A descriptor over these tokens: trailing function words dropped, cut to MAX_CONTENT_WORDS."""
    tokens = list(tokens)
    content = 0
    for k, t in enumerate(tokens):
        if t.is_word and t.folded not in STOP_WORDS:
            content += 1
            if content > MAX_CONTENT_WORDS:
                tokens = tokens[:k]
                break
    while tokens and (tokens[-1].folded in _LOOSE_ENDS or not tokens[-1].is_word):
        tokens.pop()
    while tokens and not tokens[0].is_word:  # an opening quotation mark
        tokens.pop(0)
    if not tokens or not any(t.is_word and t.folded not in STOP_WORDS for t in tokens):
        return None
    start, end = tokens[0].start, tokens[-1].end
    return Descriptor(text="", paragraph=paragraph, start=start, end=end, kind=kind)


def modifier_like(word: str) -> bool:
    """Whether a lone word can describe a name by its shape: a title or role, a hyphenated compound, or an
    adjective or agent-noun ending ("dictator", "powerful", "state-run", "Iranian")."""
    return (
        word in TITLE_WORDS
        or word in _ROLE_NOUNS
        or "-" in word
        or (word.endswith(_MODIFIER_ENDINGS) and word not in _POSITIONS and not word.isdigit())
    )


def _verbish(tokens: Sequence[Token], k: int) -> bool:
    """Whether a word before a name is a verb rather than a modifier, judged without a tagger: known verbs,
    words after "to", a modal or a subject, and participles not opened by a determiner ("that killed ..."
    against "the acting ..." or "of overjoyed ...")."""
    word = tokens[k].folded
    before = tokens[k - 1].folded if k > 0 else ""
    after_determiner = before in DETERMINERS or tokens[k - 1].text.endswith(("'s", "’s")) if k > 0 else False
    if word in PREPOSITIONAL_PARTICIPLES:
        return True
    if word.endswith(AGENT_ENDINGS) and word not in VERBS:
        return False
    if word in VERBS or before in VERB_MARKERS:
        return not after_determiner
    if word.endswith(("ed", "ing")) and len(word) > 4:  # "of overjoyed fans" is an adjective, "of interviewing" a verb
        return not (after_determiner or (before == "of" and word.endswith("ed")))
    return False


def _names_a_thing(m: Mention) -> bool:
    """Whether the name modifies a noun after it ("Trump campaign officials", "so-called Comey memos"), so
    the words before it describe that noun, not the name."""
    if m.last >= len(m.sentence) or m.name_tokens[-1].text.endswith(("'s", "’s")):
        return False
    nxt = m.sentence[m.last]
    word = nxt.folded
    return (
        nxt.is_word
        and not nxt.capitalised
        and word not in _NOT_A_NOUN
        and not word.endswith(("ed", "ly", "s"))
    )


def _plural_noun(t: Token) -> bool:
    word = t.folded
    return (
        t.is_word
        and not t.capitalised
        and len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in _ROLE_NOUNS
    )


def _premodifier(m: Mention) -> Descriptor | None:
    """The title in the name's run and the modifiers just before it ("Iranian military commander")."""
    tokens = m.sentence
    before = tokens[m.title_first - 1] if m.title_first > 0 else None
    if _names_a_thing(m) or (before is not None and _plural_noun(before)):
        # Only the title in the name's own run describes it: the words before describe the noun the name
        # modifies, or end a clause of their own ("the meetings Trump held", "the chief details Trump's ...").
        title = tokens[m.title_first : m.first]
        return _phrase(m.paragraph, title, "title") if title else None
    start = m.title_first
    k = start - 1
    while k >= 0 and start - k <= 5:
        t = tokens[k]
        if not t.is_word or t.folded in _NOT_A_MODIFIER or t.folded.isdigit() or t.folded.endswith("ly"):
            break
        if _verbish(tokens, k):
            break
        # A role noun followed by a plain word ends a clause of its own: "should the president fire | special
        # counsel Robert Mueller". Titles run on ("director nominee"), so only a plain word cuts.
        after = tokens[k + 1]
        plain = not after.capitalised and after.folded not in _TITLES_AND_ROLES
        if k + 1 < m.title_first and t.folded in _ROLE_NOUNS and plain:
            start = k + 2
            break
        start = k
        if t.text.endswith(("'s", "’s")):
            break  # a possessor opens the phrase: "Trump's personal attorney"
        k -= 1
    if start == m.first:
        return None
    run = tokens[start : m.first]
    if all(t.folded in _HONORIFICS for t in run) or (len(run) == 1 and run[0].text.endswith(("'s", "’s"))):
        return None  # "Mr." or a bare possessor ("Russia's Foreign Ministry") says nothing about the name
    if len(run) == 1 and not run[0].capitalised and not modifier_like(run[0].folded):
        return None
    kind = "title" if start == m.title_first else "modifier"
    return _phrase(m.paragraph, tokens[start : m.first], kind)


def _segment(tokens: Sequence[Token], k: int) -> list[Token]:
    """Tokens from `k` up to the next clause punctuation, at most MAX_PHRASE_TOKENS + 1 of them."""
    out: list[Token] = []
    while k < len(tokens) and tokens[k].text not in _STOPPERS and len(out) <= MAX_PHRASE_TOKENS:
        out.append(tokens[k])
        k += 1
    return out


def _skip_when(tokens: Sequence[Token], k: int) -> int:
    """Step over a short time phrase after a name ("Qasem Soleimani on Thursday, the head of ...")."""
    if k < len(tokens) and tokens[k].folded in ("on", "in", "at", "last", "this"):
        for j in range(k + 1, min(k + 4, len(tokens))):
            if tokens[j].text == ",":
                if any(t.folded in _WHEN for t in tokens[k:j]):
                    return j
                break
    return k


def _after(m: Mention) -> Descriptor | None:
    """An appositive (", a Russian senator,"), relative clause (", who headed ...") or copula ("is a ...")."""
    tokens = m.sentence
    k = _skip_when(tokens, m.last)
    if k < len(tokens) and tokens[k].text == "," and k + 1 < len(tokens) and not _closes_quote(tokens, k + 1):
        seg = _segment(tokens, k + 1)
        if not seg or len(seg) > MAX_PHRASE_TOKENS:
            return None
        lead = next((j for j, t in enumerate(seg) if t.folded not in _ADVERBS), len(seg))
        head = seg[lead].folded if lead < len(seg) else ""
        if head in RELATIVES and head != "which" and len(seg) > 1:
            # A relative clause describes when it gives a role or a state ("who headed the Quds Force",
            # "who is a senator"); most ("who winked at him") narrate.
            verb = seg[1].folded
            status = len(seg) > 2 and seg[2].folded.endswith("ing")  # "who is awaiting confirmation as ..."
            if (verb in COPULAS and (status or _descriptive_complement(seg[2:]))) or verb in ROLE_VERBS:
                return _phrase(m.paragraph, seg, "relative")
            return None
        first = seg[lead] if lead < len(seg) else seg[0]
        determined = head in _DETERMINERS_PROPER or first.text.endswith(("'s", "’s"))
        bare = (
            head not in _FUNCTION_WORDS
            and not head.endswith("ly")
            and (not first.capitalised or head in TITLE_WORDS)
        )
        if bare and len(seg) == 1 and not modifier_like(head):
            return None
        after = seg[lead + 1].folded if lead + 1 < len(seg) else ""
        present = head.endswith("s") and not head.endswith("ss") and after in _BEFORE_A_NOUN  # "appears to"
        if head.endswith("ing") or present or _narrates(head, after) or _lists_names(seg) or _parallel(m, seg):
            # a participle clause ("targeting the Russians"), a verb with its object or date ("then tested a
            # second one", "declined to comment", "fired Feb. 13", "appears to be"), the next item of a list
            # of people, or of a list of like phrases
            return None
        finite = any(
            (t.folded in VERBS and (j == 0 or seg[j - 1].folded not in _BEFORE_A_NOUN))
            or t.folded in _CLAUSE_WORDS
            for j, t in enumerate(seg)
        )
        if (determined or bare) and not finite:
            return _phrase(m.paragraph, seg, "appositive")
        return None
    if k < len(tokens) and tokens[k].folded in COPULAS and m.first <= 1:
        seg = _segment(tokens, k + 1)
        seg = seg[: next((j for j, t in enumerate(seg) if t.folded in ("and", "but", "because", "after")), len(seg))]
        if not _descriptive_complement(seg):
            return None
        return _phrase(m.paragraph, seg, "copula")
    return None


def _parallel(m: Mention, seg: Sequence[Token]) -> bool:
    """Whether what follows the name repeats what came before it, as the items of a list do: "the right thing
    for the United States, the right thing for Israel", "conspiracy against the United States, conspiracy to
    launder money"."""
    before = {t.folded for t in m.sentence[max(0, m.title_first - 4) : m.title_first] if t.is_word}
    first = next((t.folded for t in seg if t.is_word and t.folded not in STOP_WORDS), None)
    return first is not None and first in before


def _closes_quote(tokens: Sequence[Token], k: int) -> bool:
    """Whether token `k` ends a quotation: what follows is its speaker ("... Democratic Party," the campaign's
    manager said), not a description of the last name quoted."""
    text = tokens[k].text
    return text == "”" or (text == '"' and sum(t.text == '"' for t in tokens[:k]) % 2 == 1)


def _lists_names(seg: Sequence[Token]) -> bool:
    """Whether a stretch holds a person's full name (two capitalised words that are neither titles nor the
    head of an organisation's name) before any preposition, as the next item of a list does ("Maria Lund and
    Ola Berg"); after one, the name belongs to a description ("a big fan of Hillary Clinton")."""

    def name_word(t: Token) -> bool:
        possessive = t.text.endswith(("'s", "’s"))
        return t.is_word and t.capitalised and not possessive and t.folded not in _NOT_A_NAME

    head = list(takewhile(lambda t: t.folded not in PREPOSITIONS, seg))
    return any(name_word(a) and name_word(b) for a, b in pairwise(head))


def _descriptive_complement(seg: Sequence[Token]) -> bool:
    """Whether what follows "is"/"was" describes ("a subgroup of ...", "believed to be responsible ...")
    rather than narrates (passive "was killed in ...", progressive "is planning to ...")."""
    words_ = [t.folded for t in seg if t.is_word]
    while words_ and (words_[0] in _ADVERBS or words_[0].endswith("ly")):
        words_ = words_[1:]
    if not words_:
        return False
    head = words_[0]
    if head in ("believed", "thought", "said", "considered", "known", "seen", "regarded"):
        # "believed to be responsible for ...", but not "said to be trying to ...", which narrates
        progressive = words_[1:3] == ["to", "be"] and len(words_) > 3 and words_[3].endswith("ing")
        return len(words_) > 2 and words_[1] in ("to", "as") and not progressive
    if head.endswith("ing") or head in VERBS:
        return False
    if head.endswith(("ed", "en")):
        return len(words_) == 1 or not _narrates(head, words_[1])  # "alarmed", not "killed in ..."
    return head in DETERMINERS or (head == "in" and words_[1:2] == ["charge"]) or modifier_like(head)


def _affiliation(m: Mention) -> Descriptor | None:
    """A person's "of <Place>" ("President Moon Jae-in of South Korea")."""
    tokens, k = m.sentence, m.last
    if k + 1 < len(tokens) and tokens[k].folded == "of" and tokens[k + 1].capitalised and tokens[k + 1].is_word:
        end = k + 1
        while end < len(tokens) and tokens[end].is_word and tokens[end].capitalised and end - k <= 4:
            end += 1
        return _phrase(m.paragraph, tokens[k:end], "affiliation")
    return None


def _preposed(m: Mention) -> Descriptor | None:
    """An appositive before the name that it names by role: "North Korea's leader, Kim Jong-un, said",
    "the campaign of the Democratic nominee, Hillary Clinton." The name must be closed off by a comma or
    the end of the sentence too, or it is a list ("the leader, Moon and Kim")."""
    tokens, k = m.sentence, m.title_first - 1
    closed = m.last >= len(tokens) or tokens[m.last].text in (",", ".", ";", "!", "?")
    if k < 1 or tokens[k].text != "," or not closed or len(m.key) < 2:  # news gives the full name here
        return None
    if tokens[k - 1].folded not in _ROLE_NOUNS:
        return None
    start, possessor = k - 1, False
    while start > 0 and k - start < MAX_PHRASE_TOKENS:
        t = tokens[start - 1]
        word = t.folded
        if word in DETERMINERS or word in _NP_OPENERS:
            start -= 1  # "the", "its" open the phrase
            break
        if not t.is_word or len(word) < 2 or word in _FUNCTION_WORDS or (possessor and not t.capitalised):
            break
        if word in VERBS or _verbish(tokens, start - 1):
            break
        start -= 1
        possessor = possessor or t.text.endswith(("'s", "’s"))  # "North Korea's": only its name goes on
    return _phrase(m.paragraph, tokens[start:k], "appositive")


def mention_descriptors(m: Mention) -> list[Descriptor]:
    return [d for d in (_premodifier(m), _preposed(m), _affiliation(m), _after(m)) if d is not None]


def _role_phrases(sentences_: Sequence[tuple[int, Sequence[Token]]]) -> list[tuple[int, Sequence[Token], int, int]]:
    """References by role with no name: "the French president", "his counterpart", "the dictator",
    "the leader of America's oldest ally". Returns (paragraph, sentence tokens, first, end) per phrase."""
    out = []
    for paragraph, tokens in sentences_:
        for k, t in enumerate(tokens):
            if t.folded not in _NP_OPENERS:
                continue
            head = k + 1
            while head < len(tokens) and head - k <= 4 and tokens[head].folded not in _ROLE_NOUNS:
                w = tokens[head]
                if not w.is_word or w.folded in STOP_WORDS or _verbish(tokens, head):
                    break
                head += 1
            if head >= len(tokens) or tokens[head].folded not in _ROLE_NOUNS:
                continue
            end = head + 1
            if end < len(tokens) and tokens[end].is_word and tokens[end].capitalised:
                continue  # a title before a name: handled with the name
            if end + 1 < len(tokens) and tokens[end].folded == "of":
                tail = _segment(tokens, end + 1)
                stop = next((j for j, t in enumerate(tail) if t.folded in _PHRASE_BREAKS), len(tail))
                end += 1 + min(stop, 5)
            out.append((paragraph, tokens, k + 1, end))
    return out


def _headline_phrases(doc: Document) -> list[tuple[int, Sequence[Token], int, int]]:
    """Role-noun phrases in headlines ("Iran Terror Chief", "Iranian General"), as (paragraph, tokens,
    first, end)."""
    out: list[tuple[int, Sequence[Token], int, int]] = []
    for p in doc.paragraphs:
        if p.role is not Role.TITLE:
            continue
        tokens = tokenize(p.text)
        for k, t in enumerate(tokens):
            if t.folded not in _ROLE_NOUNS:
                continue
            start = k
            while start > 0 and k - start < 3:
                prev = tokens[start - 1]
                if not prev.is_word or prev.folded in STOP_WORDS or prev.folded.endswith(("ing", "ed")):
                    break
                start -= 1
            out.append((p.index, tokens, start, k + 1))
    return out


def _resolve_roles(side: _Article) -> dict[int, list[Descriptor]]:
    """Give each reference by role to the one person it fits: the person whose own descriptors share the
    role noun and either every other word of the reference or at least two words ("the French president"
    -> "French President Emmanuel Macron"; "the president" -> the most mentioned president). Headline labels
    need only one shared word, since headlines are terse. Ambiguous references stay unassigned."""
    people = [e for e in side.entities if not e.is_org and describable(e)]
    vocab = {id(e): {stem(w) for d in side.own(e) for w in words(side.text(d))} for e in people}
    by_word: dict[str, list[Entity]] = defaultdict(list)
    for e in people:
        for w in vocab[id(e)]:
            by_word[w].append(e)
    roles = {stem(r) for r in _ROLE_NOUNS}
    generic = {stem(r) for r in _LEADERSHIP}
    out: dict[int, list[Descriptor]] = {}
    candidates = [(ref, "reference") for ref in _role_phrases(side.sentences)]
    candidates += [(ref, "headline") for ref in _headline_phrases(side.doc)]
    for (paragraph, tokens, first, end), kind in candidates:
        phrase = {stem(t.folded) for t in tokens[first:end] if t.is_word and t.folded not in STOP_WORDS}
        near = {id(e): e for w in phrase for e in by_word.get(w, ())}
        scored = []
        for e in near.values():
            if kind == "headline" and phrase & {stem(w) for w in e.words}:
                continue  # the headline names this person: the label is a title, not a reference
            offices = (phrase & roles) - generic, (vocab[id(e)] & roles) - generic
            if all(offices) and not offices[0] & offices[1]:
                continue  # "Israeli Ambassador" is not the Israeli prime minister
            shared = phrase & vocab[id(e)]
            terse = kind == "headline" or len(phrase) == 1  # "Iranian General", "the dictator"
            if phrase <= vocab[id(e)] or len(shared) >= 2 or (terse and (kind == "headline" or shared & roles)):
                scored.append((len(shared), len(e.mentions), e))
        if not scored:
            continue
        best = max(scored, key=lambda s: (s[0], s[1]))
        if sum(1 for s in scored if s[:2] == best[:2]) == 1:
            d = _phrase(paragraph, tokens[first:end], kind)
            if d is not None:
                out.setdefault(id(best[2]), []).append(d)
    return out


def _text(doc: Document, d: Descriptor) -> str:
    return doc.paragraphs[d.paragraph].text[d.start : d.end]


# --- comparing two articles -------------------------------------------------------------------------------


class _Article:
    """One article analysed once: its sentences as tokens, its entities, and each entity's descriptors."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sentences = list(sentence_tokens(doc))
        self.entities = article_entities(doc, self.sentences)
        self._own: dict[int, list[Descriptor]] = {}
        self._described: dict[int, list[Descriptor]] = {}
        self.references = _resolve_roles(self)

    def text(self, d: Descriptor) -> str:
        return _text(self.doc, d)

    def own(self, entity: Entity) -> list[Descriptor]:
        """The descriptors around the entity's own mentions (computed once)."""
        found = self._own.get(id(entity))
        if found is None:
            found = self._own[id(entity)] = [d for m in entity.mentions for d in mention_descriptors(m)]
        return found

    def described(self, entity: Entity) -> list[Descriptor]:
        """All the entity's descriptors, each once: repeats and phrases inside a longer one go."""
        cached = self._described.get(id(entity))
        if cached is not None:
            return cached
        found = self.own(entity) + self.references.get(id(entity), [])
        found.sort(key=lambda d: (d.paragraph, d.start, -d.end))
        seen: set[str] = set()
        out: list[Descriptor] = []
        for d in found:
            d = Descriptor(self.text(d), d.paragraph, d.start, d.end, d.kind)
            key = d.text.casefold()
            inside = any(o.paragraph == d.paragraph and o.start <= d.start and d.end <= o.end for o in out)
            if key not in seen and not inside:
                seen.add(key)
                out.append(d)
        self._described[id(entity)] = out
        return out


def _descriptor_words(d: Descriptor, entity: Entity) -> set[str]:
    return {stem(w) for w in words(d.text) if w not in STOP_WORDS and w not in entity.words}


def describable(entity: Entity) -> bool:
    """Entities worth comparing: full names, organisations and titled people. A lone word such as "Japan",
    "Russians" or "Moscow" is mostly a place or a nationality, whose descriptors this finder cannot tell
    from the verbs around it."""
    if any(m.title_first < m.first for m in entity.mentions) or entity.is_org:
        return True
    return any(len(n) > 1 for n in entity.names) and not _place_like(entity)


def _place_like(entity: Entity) -> bool:
    """A country or nationality: named as a people ("North Koreans"), or written both as a place and as its
    demonym ("North Korea" and "North Korean")."""
    lasts = {n[-1] for n in entity.names}
    if all(w.endswith(("ans", "ians", "ese")) for w in lasts):
        return True
    return any(
        a != b and b.startswith(a) and b[len(a) :].removesuffix("s") in DEMONYM_SUFFIXES
        for a in lasts
        for b in lasts
    )


def _written_name(entity: Entity) -> Descriptor:
    """How the article writes the name in full (outlets differ: "Qassem"/"Qasem", "RIA"/"RIA Novosti")."""
    m = max(entity.mentions, key=lambda m: (len(m.key), -m.paragraph))
    start, end = m.span
    return Descriptor(m.surface, m.paragraph, start, end, "name")


def _ordered(found: list[Descriptor], own: set[str], other: set[str], entity: Entity) -> tuple[Descriptor, ...]:
    def distinct(d: Descriptor) -> int:
        return len(_descriptor_words(d, entity) - other)

    return tuple(sorted(found, key=lambda d: (-distinct(d), d.paragraph, d.start))[:MAX_DESCRIPTORS])


def _meaningful(diff: set[str]) -> bool:
    """A difference beyond honorifics: "Trump" against "President Trump" is not worth a row."""
    return any(w not in _HONORIFICS for w in diff)


def find_contrasts(left: Document, right: Document) -> Contrasts:
    sides = {"left": _Article(left), "right": _Article(right)}
    contrasts = []
    pairs = match_entities(sides["left"].entities, sides["right"].entities)
    for el, er in pairs:
        if not (describable(el) or describable(er)):
            continue
        dl = sides["left"].described(el)
        dr = sides["right"].described(er)
        wl = set().union(*(_descriptor_words(d, el) for d in dl))
        wr = set().union(*(_descriptor_words(d, er) for d in dr))
        if not (dl or dr) or not _meaningful(wl ^ wr):
            continue
        label = max((el.label, er.label), key=len)
        contrasts.append(
            Contrast(
                entity=label,
                left=(*_ordered(dl, wl, wr, el), _written_name(el)),
                right=(*_ordered(dr, wr, wl, er), _written_name(er)),
                left_mentions=tuple(sorted({m.paragraph for m in el.mentions})),
                right_mentions=tuple(sorted({m.paragraph for m in er.mentions})),
            )
        )
    contrasts.sort(key=lambda c: -(len(c.left_mentions) + len(c.right_mentions)))
    loaded = _loaded_words(sides, pairs)
    return Contrasts(tuple(contrasts), tuple(loaded))


# --- loaded words -----------------------------------------------------------------------------------------

_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")


def _vocabulary(doc: Document) -> frozenset[str]:
    return frozenset(stem(w) for p in doc.paragraphs for w in words(p.text))


def _possessed(m: Mention) -> Descriptor | None:
    """What a possessive name owns ("Zakharova's televised rant"): where an outlet's own judgement shows."""
    if not m.name_tokens[-1].text.endswith(("'s", "’s")):
        return None
    tokens, end = m.sentence, m.last
    while end < len(tokens) and end - m.last < 3 and tokens[end].is_word and tokens[end].folded not in STOP_WORDS:
        end += 1
    return _phrase(m.paragraph, tokens[m.last : end], "possessed") if end > m.last else None


def _loaded_words(sides: dict[str, _Article], pairs: Sequence[tuple[Entity, Entity]]) -> list[LoadedWord]:
    """Evaluative words (|VADER valence| >= LOADED_VALENCE) in what one article says about a shared entity
    (its descriptors, or what its name owns) that the other article never uses."""
    out: list[LoadedWord] = []
    for k, (side, other) in enumerate(zip(SIDES, reversed(SIDES))):
        other_vocab = _vocabulary(sides[other].doc)
        doc = sides[side].doc
        seen: set[str] = set()
        for pair in pairs:
            entity = pair[k]
            phrases = list(sides[side].described(entity))
            phrases += [d for m in entity.mentions if (d := _possessed(m)) is not None]
            for d in sorted(phrases, key=lambda d: (d.paragraph, d.start)):
                text = doc.paragraphs[d.paragraph].text
                for t in tokenize(text[d.start : d.end]):
                    word = fold_word(t.text)
                    v = valence(word)
                    named = t.capitalised and d.kind != "headline"  # part of a name ("Syrian Civil War")
                    if abs(v) < LOADED_VALENCE or named or word in seen or stem(word) in other_vocab:
                        continue
                    seen.add(word)
                    a = d.start + t.start
                    out.append(LoadedWord(t.text, side, d.paragraph, a, a + len(t.text), entity.label, v))
    return out
