"""Several accounts of one story, collated: every pair of articles compared, and the paragraphs that report
one fact gathered across all of them.

A fact is a connected group of linked paragraphs: joining the links of every pair (A-B, A-C, B-C) puts a
paragraph of A and its partners in B and C in one group, whichever pair linked them. Each fact says which
articles report it, so a reader can step through what every outlet reported, or what one outlet alone did. A
body paragraph with no link is a fact of its own, reported by its article only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import combinations

from reader.analysis.align import Link, align, pairs_of
from reader.analysis.comparison import Comparison
from reader.text.document import Document, Role

Pair = tuple[int, int]  # two article positions, the first the smaller
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
        """The paragraphs of article `b` linked to paragraph `paragraph` of article `a`."""
        return sorted({j for link in self.links(a, b) if paragraph in link.left for j in link.right})

    def fact_of(self, article: int, paragraph: int) -> Fact | None:
        return self._facts_by_paragraph.get((article, paragraph))

    @cached_property
    def _facts_by_paragraph(self) -> dict[Node, Fact]:
        return {(k, p): f for f in self.facts for k, ps in enumerate(f.paragraphs) for p in ps}


def _flipped(link: Link) -> Link:
    return Link(link.right, link.left, link.score, link.kind, link.pinned)


def gather_facts(documents: Sequence[Document], pairs: dict[Pair, Sequence[Link]]) -> tuple[Fact, ...]:
    """The facts: groups of paragraphs joined by any pair's links, then every unlinked body paragraph alone;
    in the order of their first paragraph in the first article that reports them."""
    parent: dict[Node, Node] = {}

    def find(node: Node) -> Node:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for (a, b), links in pairs.items():
        for i, j in pairs_of(links):
            parent[find((a, i))] = find((b, j))
    for k, doc in enumerate(documents):
        for p in doc.paragraphs:
            if p.role is Role.BODY:
                find((k, p.index))
    groups: dict[Node, list[Node]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    facts = [
        Fact(tuple(tuple(sorted(p for k, p in nodes if k == n)) for n in range(len(documents))))
        for nodes in groups.values()
    ]
    return tuple(sorted(facts, key=lambda f: next((k, ps[0]) for k, ps in enumerate(f.paragraphs) if ps)))


def collate(
    documents: Sequence[Document], on_links: Callable[[Collation], None] | None = None, contrasts: bool = True
) -> Collation:
    """Compare every pair of the documents and gather the facts. Every pair is aligned before any contrast
    is looked for: `on_links`, when given, receives the collation with its links and facts (and no contrasts
    yet) as soon as they are in, for a reader who need not wait for the contrasts. Without `contrasts`, the
    links and facts are all."""
    from reader.analysis.contrast import find_contrasts  # imported when first used: the text shows first

    docs = tuple(documents)
    pairs = {(a, b): Comparison(docs[a], docs[b], tuple(align(docs[a], docs[b]))) for a, b in _pairs(len(docs))}
    facts = gather_facts(docs, {pair: c.links for pair, c in pairs.items()})
    if on_links is not None:
        on_links(Collation(docs, pairs, facts))
    if not contrasts:
        return Collation(docs, pairs, facts)
    for pair, comparison in pairs.items():
        found = find_contrasts(comparison.left, comparison.right)
        pairs[pair] = replace(comparison, contrasts=found.entities, loaded=found.loaded)
    return Collation(docs, pairs, facts)


def _pairs(count: int) -> list[Pair]:
    return list(combinations(range(count), 2))
