"""Several accounts of one story, collated: every pair of articles compared, and the paragraphs that report
one fact gathered across all of them.

A fact is a group of linked paragraphs: joining the links of every pair (A-B, A-C, B-C) puts a paragraph of
A and its partners in B and C in one group, whichever pair linked them (a match from A to B and from B to C
joins A to C too); but a partial link (a shared detail) joins an article to a group only where some link ties
it to each other article in it, so a weak link from C to A's paragraph does not make C report what A and B
report. Each fact says which articles report it, so a reader can step through what every outlet reported,
or what one outlet alone did. A body paragraph with no link is a fact of its own, reported by its article
only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import combinations
from typing import TYPE_CHECKING

from reader.analysis.align import MATCH, Link, align, pairs_of
from reader.analysis.comparison import Comparison, with_contrasts
from reader.text.document import Document, Role

if TYPE_CHECKING:  # the descriptor pass (and spaCy) load when first used
    from reader.analysis.descriptors import Contrast, Descriptor

Pair = tuple[int, int]  # two article positions, the first the smaller
MAX_STORY_CONTRASTS = 8  # the referents a story's table shows, most telling first (each pair keeps fewer)
Node = tuple[int, int]  # (article position, paragraph index)


@dataclass(frozen=True)
class Fact:
    """The paragraphs, per article, that report one fact; an empty tuple where the article does not."""

    paragraphs: tuple[tuple[int, ...], ...]

    @property
    def articles(self) -> tuple[int, ...]:
        """The positions of the articles that report it."""
        return tuple(k for k, found in enumerate(self.paragraphs) if found)

    @property
    def shared_by_all(self) -> bool:
        return len(self.articles) == len(self.paragraphs)

    @property
    def single(self) -> bool:
        return len(self.articles) == 1


@dataclass(frozen=True)
class Collation:
    """Articles compared pairwise, and the facts gathered across them."""

    documents: tuple[Document, ...]
    pairs: dict[Pair, Comparison]  # (a, b) with a < b: the Comparison's left is article a, its right article b
    facts: tuple[Fact, ...]

    def links(self, a: int, b: int) -> tuple[Link, ...]:
        """The links between two articles, oriented from `a` (each link's `left`) to `b` (its `right`)."""
        if a < b:
            return self.pairs[(a, b)].links
        return tuple(_flipped(link) for link in self.pairs[(b, a)].links)

    def partners(self, a: int, paragraph: int, b: int) -> list[int]:
        """The paragraphs of article `b` linked to paragraph `paragraph` of article `a`, those of its
        strongest link first (a pin first, then by score), each link's in reading order."""
        strength: dict[int, tuple[bool, float]] = {}
        for link in self.links(a, b):
            if paragraph in link.left:
                for j in link.right:
                    strength[j] = max(strength.get(j, (False, 0.0)), (link.pinned, link.score))
        return sorted(strength, key=lambda j: (not strength[j][0], -strength[j][1], j))

    def fact_of(self, article: int, paragraph: int) -> Fact | None:
        return self._facts_by_paragraph.get((article, paragraph))

    @cached_property
    def _facts_by_paragraph(self) -> dict[Node, Fact]:
        return {(k, p): f for f in self.facts for k, ps in enumerate(f.paragraphs) for p in ps}


def _flipped(link: Link) -> Link:
    """The link seen from its right article, with its evidence (shared words and figures are the same from
    either side; the pair it names is turned round)."""
    evidence = link.evidence
    if evidence is not None:
        evidence = replace(evidence, pair=(evidence.pair[1], evidence.pair[0]))
    return Link(link.right, link.left, link.score, link.kind, link.pinned, evidence)


def gather_facts(documents: Sequence[Document], pairs: Mapping[Pair, Sequence[Link]]) -> tuple[Fact, ...]:
    """The facts of a story: the groups of paragraphs its pairs' links join (see `link_facts`), then every
    unlinked body paragraph alone, in the order of their first paragraph in the first article that reports
    them."""
    body = ((k, p.index) for k, doc in enumerate(documents) for p in doc.paragraphs if p.role is Role.BODY)
    return link_facts(pairs, len(documents), alone=body)


def link_facts(pairs: Mapping[Pair, Sequence[Link]], count: int, alone: Iterable[Node] = ()) -> tuple[Fact, ...]:
    """The facts of `count` articles that the pairs' links make: groups of paragraphs joined by the links,
    strongest first (pins first): a match or a pin joins two groups, a partial link only where every two
    articles of the joined group are tied by a link of their own. Each node of `alone` that no link joins is a
    fact of its own; other unlinked paragraphs are in no fact (the aligned layout wants the linked ones only).
    In the order of their first paragraph in the first article that reports them."""
    group: dict[Node, Node] = {}  # each node's group, named by one of its nodes
    members: dict[Node, set[Node]] = {}  # each group's nodes
    articles: dict[Node, set[int]] = {}  # each group's articles
    ties: set[tuple[Node, Node]] = set()
    edges: list[tuple[tuple[bool, float], bool, Node, Node]] = []  # (strength, joins freely, ends)
    for (a, b), links in pairs.items():
        for link in links:
            for i, j in pairs_of([link]):
                ties.add(((a, i), (b, j)))
                ties.add(((b, j), (a, i)))
                edges.append(((link.pinned, link.score), link.pinned or link.kind == MATCH, (a, i), (b, j)))

    def node(n: Node) -> Node:
        if n not in group:
            group[n], members[n], articles[n] = n, {n}, {n[0]}
        return group[n]

    def tied_throughout(nodes: set[Node]) -> bool:
        """Every two articles among `nodes` have a link between their paragraphs there."""
        by_article: dict[int, list[Node]] = {}
        for n in nodes:
            by_article.setdefault(n[0], []).append(n)
        return all(
            any((x, y) in ties for x in by_article[a] for y in by_article[b]) for a, b in combinations(by_article, 2)
        )

    for _, free, x, y in sorted(edges, key=lambda e: e[0], reverse=True):
        gx, gy = node(x), node(y)
        if gx == gy:
            continue
        # of two articles, the link itself ties them; a third needs its own ties (unless the link is a match)
        if not free and len(articles[gx] | articles[gy]) > 2 and not tied_throughout(members[gx] | members[gy]):
            continue
        if len(members[gx]) < len(members[gy]):
            gx, gy = gy, gx
        for n in members[gy]:
            group[n] = gx
        members[gx] |= members.pop(gy)
        articles[gx] |= articles.pop(gy)
    for n in alone:
        node(n)
    facts = [
        Fact(tuple(tuple(sorted(p for k, p in nodes if k == n)) for n in range(count))) for nodes in members.values()
    ]
    return tuple(sorted(facts, key=lambda f: next((k, ps[0]) for k, ps in enumerate(f.paragraphs) if ps)))


def collate(
    documents: Sequence[Document], on_links: Callable[[Collation], None] | None = None, contrasts: bool = True
) -> Collation:
    """Compare every pair of the documents and gather the facts. Every pair is aligned before any contrast
    is looked for: `on_links`, when given, receives the collation with its links and facts (and no contrasts
    yet) as soon as they are in, for a reader who need not wait for the contrasts. Without `contrasts`, the
    links and facts are all."""
    docs = tuple(documents)
    pairs = {(a, b): Comparison(docs[a], docs[b], tuple(align(docs[a], docs[b]))) for a, b in _pairs(len(docs))}
    facts = gather_facts(docs, {pair: c.links for pair, c in pairs.items()})
    if on_links is not None:
        on_links(Collation(docs, pairs, facts))
    if not contrasts:
        return Collation(docs, pairs, facts)
    for pair, comparison in pairs.items():
        pairs[pair] = with_contrasts(comparison)
    return Collation(docs, pairs, facts)


def _pairs(count: int) -> list[Pair]:
    return list(combinations(range(count), 2))


@dataclass(frozen=True)
class StoryContrast:
    """One referent as every article describes it: per article, its descriptors (none where the article
    names it in the same words as another, or not at all) and the paragraphs that mention it."""

    entity: str
    kind: str
    descriptors: tuple[tuple[Descriptor, ...], ...]
    mentions: tuple[tuple[int, ...], ...]
    score: float = 0.0

    def to_json(self) -> dict:
        return {
            "entity": self.entity,
            "kind": self.kind,
            "articles": [[d.to_json() for d in items] for items in self.descriptors],
            "mentions": [list(m) for m in self.mentions],
        }


def story_contrasts(collation: Collation) -> tuple[StoryContrast, ...]:
    """Each pair's contrasts joined into one row per referent: two pairs' contrasts are about one referent when,
    in the article they share, they carry its name (compared loosely) and mention it in a common paragraph."""
    count = len(collation.documents)
    found: list[tuple[Pair, Contrast]] = [(pair, c) for pair, cmp in collation.pairs.items() for c in cmp.contrasts]
    parent = list(range(len(found)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def mentions(pair: Pair, c: Contrast, article: int) -> set[int]:
        return set(c.left_mentions if article == pair[0] else c.right_mentions if article == pair[1] else ())

    for x, (px, cx) in enumerate(found):
        for y in range(x + 1, len(found)):
            py, cy = found[y]
            shared = set(px) & set(py)
            if (shared and cx.entity.casefold() == cy.entity.casefold()) or any(
                mentions(px, cx, a) & mentions(py, cy, a) and _same_name(cx.entity, cy.entity) for a in shared
            ):
                parent[find(x)] = find(y)
    rows: dict[int, list[tuple[Pair, Contrast]]] = {}
    for k, item in enumerate(found):
        rows.setdefault(find(k), []).append(item)
    out = []
    for items in rows.values():
        per: list[dict[tuple[int, int], Descriptor]] = [{} for _ in range(count)]
        seen: list[set[int]] = [set() for _ in range(count)]
        for (a, b), c in items:
            for article, side, where in ((a, c.left, c.left_mentions), (b, c.right, c.right_mentions)):
                for d in side:
                    per[article].setdefault((d.paragraph, d.start), d)
                seen[article].update(where)
        best = max(items, key=lambda item: item[1].score)[1]
        out.append(
            StoryContrast(
                best.entity,
                best.kind,
                tuple(tuple(found_here.values()) for found_here in per),
                tuple(tuple(sorted(s)) for s in seen),
                sum(c.score for _, c in items),
            )
        )
    return tuple(sorted(out, key=lambda c: (-c.score, c.entity))[:MAX_STORY_CONTRASTS])


def _same_name(a: str, b: str) -> bool:
    """Two labels of one referent: one holds the other's last word ("Soleimani", "Qassem Soleimani")."""
    last_a, last_b = a.casefold().split()[-1:], b.casefold().split()[-1:]
    return bool(last_a and last_b) and (last_a[0] in b.casefold().split() or last_b[0] in a.casefold().split())
