"""Referents: the people, groups and things an article talks about, and which of them two articles share.

A mention is a noun phrase head from the parse: a name (a proper noun or a named entity) or a common noun
("the deal", "migrants"). Within an article, mentions of one name form a referent (a surname finds its full
name), and so do mentions of one common noun lemma (a news story uses "the deal" for one deal). Across two
articles, referents match
- by name (same surname, same organisation name, or an acronym of it; spelling variants allowed),
- by head noun lemma ("the Iran nuclear agreement" / "the 2015 Iran nuclear agreement"),
- by slot: in the sentences of a linked paragraph pair that tell the same fact, noun phrases that fill the
  same grammatical slot of the same word are likely one referent even with different heads ("keep the
  agreement" / "keep the pact").
Matched referents are grouped (a graph's connected components), so one contrast can hold "agreement",
"deal" and "pact" when the articles use them in the same places.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from reader.analysis.parse import Paragraph, Token
from reader.analysis.voice import SPEECH_VERBS

# Entity types that are amounts or times, never a referent an outlet describes.
NOT_REFERENTS = frozenset("DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL".split())
# Nouns that are measures, parts or placeholders rather than a referent ("part of", "a lot", "this time").
GENERIC_NOUNS = frozenset(
    """time year day week month hour minute moment today night morning evening weekend decade century
    way part lot number kind sort type thing one ones percent rest end side point fact case matter
    something anything nothing everything someone anyone everyone""".split()
)
# Words before a name that are titles or honorifics, not part of it ("President", "Mr.", "Sen.").
TITLES = frozenset(
    """mr mrs ms dr sir madam president vice prime minister secretary director senator sen rep representative
    gov governor gen lt col maj capt adm sgt chairman chairwoman chair speaker ambassador chancellor king
    queen prince princess pope judge justice mayor attorney spokesman spokeswoman spokesperson former late
    acting then first lady lord rev sheikh ayatollah jr sr""".split()
    # not roles that describe ("Syrian leader", "Iran terror chief", "Iranian military commander")
)
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Common nouns for people: a referent headed by one is a person (singular) or a group (plural).
PERSON_NOUNS = frozenset(
    """person man woman child children kid baby boy girl parent mother father son daughter wife husband family
    friend citizen immigrant migrant alien refugee voter worker resident official officer leader president
    minister secretary director senator lawmaker legislator congressman congresswoman politician diplomat
    envoy ambassador spokesman spokeswoman spokesperson aide adviser advisor assistant associate confidant
    deputy chief head commander general soldier troop fighter militant terrorist extremist rebel protester
    activist critic supporter opponent ally enemy candidate nominee chairman counsel prosecutor judge lawyer
    attorney agent spy analyst expert scholar journalist reporter editor author witness victim suspect
    member staff staffer employee volunteer operative donor founder owner executive governor mayor king queen
    prince dictator ruler strongman tyrant warlord kingpin boss mastermind tycoon mogul businessman
    businesswoman billionaire cleric preacher priest bishop spokesperson commentator pundit celebrity star
    athlete player coach singer actor actress shopkeeper shopper customer consumer commuter driver passenger
    resident taxpayer student teacher doctor nurse patient farmer landlord tenant regime administration
    government people public""".split()
)
GROUP_NOUNS = frozenset(
    """group party committee campaign government administration regime organization organisation agency
    ministry department militia army force forces coalition alliance union council congress parliament
    senate house court commission team network company firm board staff media press public community""".split()
)
GROUP_ENTITIES = frozenset("ORG NORP".split())
THING_ENTITIES = frozenset("GPE LOC FAC PRODUCT EVENT LAW WORK_OF_ART LANGUAGE".split())

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without dots, apostrophes or possessive endings: U.S. -> us, Comey's -> comey."""
    text = text.casefold().replace(".", "").replace("’", "'")
    return text[:-2] if text.endswith("'s") else text.rstrip("'")


@dataclass(frozen=True)
class Mention:
    paragraph: int
    head: int  # token index of the noun phrase head in the paragraph
    lemma: str  # the head's lemma, lower case
    name: tuple[str, ...] = ()  # folded name words when the head is a name ("donald", "trump")
    name_span: tuple[int, int] | None = None  # first and last token of the name
    ent: str = ""  # entity type of the head
    # Restrictive modifiers of a common noun, which tell one of its kind from another: a noun compound
    # ("weather" service), a possessor ("the governor's" office), a number ("37" people), the noun of an
    # "of" complement (reports of "death")
    restrictors: frozenset[str] = frozenset()


@dataclass
class Referent:
    side: str
    key: str  # "name:trump", "org:democratic national committee", "noun:deal"
    mentions: list[Mention] = field(default_factory=list)
    kind: str = "thing"  # person | group | thing

    @property
    def is_name(self) -> bool:
        return not self.key.startswith("noun:")

    @property
    def lemmas(self) -> set[str]:
        return {m.lemma for m in self.mentions}

    @property
    def names(self) -> set[tuple[str, ...]]:
        return {m.name for m in self.mentions if m.name}

    @property
    def restrictors(self) -> frozenset[str] | None:
        """Every restrictive modifier of its mentions; None when one mention has none ("the service" may be
        any service)."""
        if any(not m.restrictors for m in self.mentions):
            return None
        return frozenset().union(*(m.restrictors for m in self.mentions))

    def label(self, paragraphs: dict[int, Paragraph]) -> str:
        """How to show the referent: its longest name as written, else its head noun."""
        if self.is_name:
            best = max(
                (m for m in self.mentions if m.name_span is not None),
                key=lambda m: (len(m.name), -m.paragraph),
                default=None,
            )
            if best is not None and best.name_span is not None:
                return paragraphs[best.paragraph].span_text(*best.name_span)
        return Counter(m.lemma for m in self.mentions).most_common(1)[0][0]


# --- mentions -----------------------------------------------------------------------------------------------


def is_head(t: Token) -> bool:
    """A noun phrase head: a noun or name that is not part of a longer name or compound."""
    if t.pos not in ("NOUN", "PROPN") or t.dep in ("compound", "flat"):
        return False
    if t.ent in NOT_REFERENTS or not _WORD.search(t.text):
        return False
    return t.lemma not in GENERIC_NOUNS


def _name_span(p: Paragraph, h: int) -> tuple[int, int]:
    """The run of proper nouns ending at (or around) the head that names it, titles left out."""
    first = h
    ent = next(((a, b) for a, b, kind in p.entities() if a <= h <= b and kind == "PERSON"), None)
    if ent is not None:  # "Kim Jong Un": the tagger's person name, however the parser hung its words
        first = ent[0]
    while first > 0:
        t = p.tokens[first - 1]
        joined = t.dep == "punct" and t.text in "-‐" and t.end == p.tokens[first].start  # al-Assad
        if t.pos != "PROPN" or not (t.dep in ("compound", "flat") or joined) or t.head not in range(first, h + 1):
            break
        first -= 1
    while first < h and fold(p.tokens[first].text) in TITLES:
        first += 1
    last = h
    # "Donald Trump Jr.": the suffix is parsed as the head's dependent to the right
    while last + 1 < len(p.tokens) and fold(p.tokens[last + 1].text) in NAME_SUFFIXES:
        last += 1
    return first, last


def mentions(paragraph: int, p: Paragraph) -> list[Mention]:
    out = []
    for t in p.tokens:
        if not is_head(t):
            continue
        is_name = t.pos == "PROPN" or (t.ent and t.ent not in NOT_REFERENTS)
        if is_name:
            first, last = _name_span(p, t.i)
            name = tuple(fold(x.text) for x in p.tokens[first : last + 1] if _WORD.search(x.text))
            if not name or all(w in TITLES for w in name):  # "the President" capitalised: a title, not a name
                out.append(Mention(paragraph, t.i, t.lemma))
                continue
            out.append(Mention(paragraph, t.i, t.lemma, name, (first, last), t.ent))
        else:
            out.append(Mention(paragraph, t.i, t.lemma, ent=t.ent, restrictors=_restrictors(p, t.i)))
    return out


def _restrictors(p: Paragraph, h: int) -> frozenset[str]:
    """The restrictive modifiers of the common noun at `h` (see Mention.restrictors)."""
    out = set()
    for c in p.children[h]:
        t = p.tokens[c]
        if t.dep in ("compound", "poss") and t.pos in ("NOUN", "PROPN"):
            out.add(fold(t.lemma))  # "U.S." and "US" are one modifier
        elif t.dep == "nummod":
            out.add(t.text.replace(",", ""))
        elif t.dep == "prep" and t.lemma == "of":
            out |= {p.tokens[g].lemma for g in p.children[c] if p.tokens[g].dep == "pobj"}
    return frozenset(out)


# --- referents in one article -------------------------------------------------------------------------------


def _person_like(m: Mention) -> bool:
    return m.ent == "PERSON" or (not m.ent and len(m.name) >= 2)


def _name_key(m: Mention) -> str:
    """People by surname ("name:trump", which a one-word name of any entity type also gets: the tagger
    calls "Trump" an organisation now and then), other names by all their words ("name:white house")."""
    if _person_like(m):
        words = [w for w in m.name if w not in NAME_SUFFIXES]
        suffix = " jr" if any(w in ("jr", "ii") for w in m.name) else ""
        return f"name:{(words or list(m.name))[-1]}{suffix}"
    words = [w for w in m.name if w != "the"]
    key = " ".join(words)
    if m.ent == "NORP" and key.endswith("s") and len(key) > 3:  # Democrats / Democrat
        key = key[:-1]
    return f"name:{key}"


def _kind(ref: Referent, plural: bool) -> str:
    ents = Counter(m.ent for m in ref.mentions if m.ent)
    top = ents.most_common(1)[0][0] if ents else ""
    if ref.is_name:
        if top == "PERSON":
            return "person"
        return "group" if top in GROUP_ENTITIES else "thing"
    lemma = Counter(m.lemma for m in ref.mentions).most_common(1)[0][0]
    if lemma in GROUP_NOUNS:
        return "group"
    if lemma in PERSON_NOUNS:
        return "group" if plural else "person"
    return "thing"


def article_referents(side: str, parsed: dict[int, Paragraph], titles: set[int] | None = None) -> list[Referent]:
    """Group one article's mentions into referents (`titles`: the headline's paragraph indices)."""
    refs: dict[str, Referent] = {}
    plural: Counter[str] = Counter()
    found = [(m, parsed[i]) for i in sorted(parsed) for m in mentions(i, parsed[i])]
    # Full person names by surname: two people who share a surname (a father and son) stay apart, and a bare
    # surname goes to the one named most.
    full: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    for m, _ in found:
        if m.name and _person_like(m) and len(m.name) >= 2:
            full[_name_key(m)][m.name] += 1
    # a one-word name that no full name ends with but one begins with is that person ("Kim" for Kim Jong Un)
    surnames = {_name_key(m) for m, _ in found if m.name and _person_like(m) and len(m.name) >= 2}
    by_first = {f"name:{m.name[0]}": _name_key(m) for m, _ in found if m.name and _person_like(m) and len(m.name) >= 2}
    # A surname used alone in the body before any full name with it ("President Trump and Melania Trump")
    # is a person of its own, and its later bare uses are too; the full name is someone else. (Headlines
    # name people by surname before the body introduces them, so they do not count.)
    first_bare: dict[str, tuple[int, int]] = {}
    first_full: dict[str, tuple[int, int]] = {}
    for m, _ in found:
        if m.name and _person_like(m) and (titles is None or m.paragraph not in titles):
            seen = first_full if len(m.name) >= 2 else first_bare
            seen.setdefault(_name_key(m), (m.paragraph, m.head))
    for m, p in found:
        if m.name:
            key = _name_key(m)
            if len(m.name) == 1 and key not in surnames and key in by_first:
                key = by_first[key]
            people = full.get(key)
            introduced_bare = key in first_bare and key in first_full and first_bare[key] < first_full[key]
            if people and introduced_bare and len(m.name) >= 2:
                key = f"{key}:{' '.join(m.name)}"
            elif people and not introduced_bare and len(people) > 1 and not _first_names_agree(list(people)):
                own = m.name if m.name in people else people.most_common(1)[0][0]
                key = f"{key}:{' '.join(own)}"
        else:
            key = f"noun:{m.lemma.replace('-', '')}"  # e-mail / email
            plural[key] += p.tokens[m.head].tag in ("NNS", "NNPS")
        refs.setdefault(key, Referent(side, key)).mentions.append(m)
    _merge_acronyms(refs)
    for key, ref in refs.items():
        ref.kind = _kind(ref, plural[key] * 2 > len(ref.mentions))
    _role_nouns(refs, parsed)
    if titles:
        _headline_roles(refs, titles)
    return list(refs.values())


def _role_nouns(refs: dict[str, Referent], parsed: dict[int, Paragraph]) -> None:
    """'the president' is President Trump: a singular role noun (no name of its own) that the article puts
    before or beside a person's name refers to that person, the one it is given to most often. Plural and
    possessed uses ("the leaders", "Iran's leaders") stay where they are."""
    given: dict[str, Counter[str]] = defaultdict(Counter)
    for key, ref in refs.items():
        if not ref.is_name or ref.kind != "person":
            continue
        for m in ref.mentions:
            p = parsed[m.paragraph]
            for c in p.children[m.head]:
                t = p.tokens[c]
                before = c < m.head and t.dep == "compound" and t.lemma in PERSON_NOUNS | TITLES
                beside = t.dep == "appos" and t.pos == "NOUN" and t.lemma in PERSON_NOUNS
                if before or beside:
                    given[t.lemma][key] += 1
            gov = p.tokens[p.tokens[m.head].head]
            if p.tokens[m.head].dep == "appos" and gov.pos == "NOUN" and gov.lemma in PERSON_NOUNS:
                given[gov.lemma][key] += 1
    for lemma, holders in given.items():
        role = refs.get(f"noun:{lemma.replace('-', '')}")
        if role is None:
            continue
        # the person given the role most often; on a tie the one the article names first (its main figure).
        # Skipping ties instead was measured: it loses a tenth of the people NewsWCL50 annotates.
        person = refs[holders.most_common(1)[0][0]]
        moved = []
        for m in role.mentions:
            p = parsed[m.paragraph]
            t = p.tokens[m.head]
            possessed = any(p.tokens[c].dep == "poss" for c in p.children[m.head])
            if t.tag == "NN" and not possessed:
                moved.append(m)
        if moved:
            person.mentions.extend(moved)
            role.mentions[:] = [m for m in role.mentions if m not in moved]
            if not role.mentions:
                del refs[f"noun:{lemma.replace('-', '')}"]


def _headline_roles(refs: dict[str, Referent], titles: set[int]) -> None:
    """A headline that names no person but calls one by a role ("... by Killing Iran Terror Chief") means the
    article's main person: the one it names most often."""
    people = [r for r in refs.values() if r.kind == "person" and r.is_name]
    if not people or any(m.paragraph in titles for r in people for m in r.mentions):
        return
    main = max(people, key=lambda r: len({m.paragraph for m in r.mentions}))
    for key, ref in list(refs.items()):
        if ref.is_name or ref.kind != "person":
            continue
        moved = [m for m in ref.mentions if m.paragraph in titles]
        if moved:
            main.mentions.extend(moved)
            ref.mentions[:] = [m for m in ref.mentions if m.paragraph not in titles]
            if not ref.mentions:
                del refs[key]


def _first_names_agree(names: Sequence[tuple[str, ...]]) -> bool:
    firsts = {n[0] for n in names if len(n) >= 2 and n[0] not in TITLES}
    return len({f[:3] for f in firsts}) <= 1


def acronym(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w and w not in ("of", "the", "and", "for"))


def _merge_acronyms(refs: dict[str, Referent]) -> None:
    """'the Democratic National Committee' and 'the DNC' are one referent."""
    orgs = {k: r for k, r in refs.items() if k.startswith("name:")}
    by_acronym: dict[str, str] = {}
    for key in orgs:
        words = key[5:].split()
        if len(words) >= 2:
            by_acronym.setdefault(acronym(words), key)
    for key in list(orgs):
        long = by_acronym.get(key[5:])
        if long and long != key and long in refs and key in refs:
            refs[long].mentions.extend(refs.pop(key).mentions)


# --- matching across articles -------------------------------------------------------------------------------


def _same_name(a: Referent, b: Referent) -> bool:
    ka, kb = a.key.split(":")[1], b.key.split(":")[1]
    if ka == kb or (len(ka) >= 5 and fuzz.ratio(ka, kb) >= 88):
        return _compatible_people(a, b)
    wa, wb = ka.split(), kb.split()
    return (len(wa) >= 2 and acronym(wa) == kb) or (len(wb) >= 2 and acronym(wb) == ka)


def _told_apart(a: Referent, b: Referent) -> bool:
    """Whether two referents with one head noun are different ones of its kind: each always modified, and by
    different words ("the weather service" / "the fire service", "37 people" / "4,000 people")."""
    ra, rb = a.restrictors, b.restrictors
    return ra is not None and rb is not None and not ra & rb


def _compatible_people(a: Referent, b: Referent) -> bool:
    """Same surname; first names, where both articles give one, agree (or one is an initial). A full name
    set apart from a bare surname in its own article (Melania Trump beside President Trump) needs its first
    name on the other side too."""
    fa = {n[0] for n in a.names if len(n) >= 2}
    fb = {n[0] for n in b.names if len(n) >= 2}
    if not fa or not fb:
        return a.key.count(":") == 1 and b.key.count(":") == 1
    return any(x[:3] == y[:3] or (x[0] == y[0] and (len(x) <= 2 or len(y) <= 2)) for x in fa for y in fb)


@dataclass(frozen=True)
class Match:
    """A group of referents from both articles taken to be one: how it was matched."""

    left: tuple[Referent, ...]
    right: tuple[Referent, ...]
    how: frozenset[str]  # name, head, slot


def _slot(p: Paragraph, m: Mention) -> tuple[str, str] | None:
    """The grammatical slot a noun phrase fills: its relation and the lemma of the word it depends on (for a
    preposition, the preposition and the word above it)."""
    t = p.tokens[m.head]
    if t.dep in ("ROOT", "conj", "appos"):
        return None
    gov = p.tokens[t.head]
    if gov.pos == "ADP":
        above = p.tokens[gov.head]
        return f"{gov.lemma}", above.lemma
    if gov.lemma in ("be", "have", "do") or (t.dep == "nsubj" and gov.lemma in SPEECH_VERBS):
        return None  # light verbs fill any slot; outlets quote different speakers ("supporters say" / "critics say")
    return t.dep, gov.lemma


def _content(p: Paragraph, sent: int) -> set[str]:
    return {t.lemma for t in p.tokens if t.sent == sent and t.pos in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")}


def slot_pairs(
    links: Iterable[tuple[Sequence[int], Sequence[int]]],
    left: dict[int, Paragraph],
    right: dict[int, Paragraph],
    left_mentions: dict[int, list[Mention]],
    right_mentions: dict[int, list[Mention]],
    min_overlap: float = 0.3,
) -> Counter[tuple[Mention, Mention]]:
    """Pairs of mentions with different heads that fill the same slot in sentences telling the same fact (a
    linked paragraph pair's sentences whose content words overlap by `min_overlap` or more)."""
    found: Counter[tuple[Mention, Mention]] = Counter()
    for lis, ris in links:
        for i in lis:
            for j in ris:
                if i not in left or j not in right:
                    continue
                pl, pr = left[i], right[j]
                sl = {s: _content(pl, s) for s in {t.sent for t in pl.tokens}}
                sr = {s: _content(pr, s) for s in {t.sent for t in pr.tokens}}
                for a, wa in sl.items():
                    for b, wb in sr.items():
                        if not wa or not wb or len(wa & wb) / min(len(wa), len(wb)) < min_overlap:
                            continue
                        slots_r: dict[tuple[str, str], list[Mention]] = defaultdict(list)
                        for m in right_mentions.get(j, []):
                            if pr.tokens[m.head].sent == b and (s := _slot(pr, m)) is not None:
                                slots_r[s].append(m)
                        for m in left_mentions.get(i, []):
                            if pl.tokens[m.head].sent != a or (s := _slot(pl, m)) is None:
                                continue
                            for n in slots_r.get(s, []):
                                if n.lemma != m.lemma:
                                    found[(m, n)] += 1
    return found


def match_referents(
    left: Sequence[Referent],
    right: Sequence[Referent],
    slots: Counter[tuple[Mention, Mention]] | None = None,
    max_group: int = 3,
) -> list[Match]:
    """Group referents of the two articles that are one, by name, head lemma and slot."""
    nodes = [("left", r) for r in left] + [("right", r) for r in right]
    index = {id(r): k for k, (_, r) in enumerate(nodes)}
    parent = list(range(len(nodes)))
    hows: dict[int, set[str]] = defaultdict(set)

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    sizes = {k: (int(s == "left"), int(s == "right")) for k, (s, _) in enumerate(nodes)}

    def union(a: Referent, b: Referent, how: str, cap: bool = False) -> None:
        ra, rb = find(index[id(a)]), find(index[id(b)])
        if ra == rb:
            hows[ra].add(how)
            return
        (la, ra_), (lb, rb_) = sizes[ra], sizes[rb]
        if cap and (la + lb > max_group or ra_ + rb_ > max_group):
            return
        parent[rb] = ra
        sizes[ra] = (la + lb, ra_ + rb_)
        hows[ra] |= hows.pop(rb, set()) | {how}

    by_noun = {r.key: r for r in right if not r.is_name}
    for a in left:
        if a.is_name:
            for b in right:
                if b.is_name and _same_name(a, b):
                    union(a, b, "name")
        elif a.key in by_noun and not _told_apart(a, by_noun[a.key]):
            union(a, by_noun[a.key], "head")
    if slots:
        owner_l = {(m.paragraph, m.head): r for r in left for m in r.mentions}
        owner_r = {(m.paragraph, m.head): r for r in right for m in r.mentions}
        votes: Counter[tuple[int, int]] = Counter()
        for (m, n), count in slots.items():
            here, there = owner_l.get((m.paragraph, m.head)), owner_r.get((n.paragraph, n.head))
            if here is None or there is None or (here.is_name and there.is_name) or here.is_name != there.is_name:
                continue  # names match by name; a name and a common noun only by apposition or head
            votes[(index[id(here)], index[id(there)])] += count
        for (ka, kb), _ in votes.most_common():
            union(nodes[ka][1], nodes[kb][1], "slot", cap=True)
    groups: dict[int, list[tuple[str, Referent]]] = defaultdict(list)
    for k, node in enumerate(nodes):
        groups[find(k)].append(node)
    out = []
    for root, members in groups.items():
        ls = tuple(r for s, r in members if s == "left")
        rs = tuple(r for s, r in members if s == "right")
        if ls and rs:
            out.append(Match(ls, rs, frozenset(hows.get(root, set()))))
    return out
