"""Headless renderings of the analysis: for two articles the `diptych.compare/1` JSON and a Markdown report
of their Comparison; for two or more, the `diptych.compare/2` JSON and a report of their Collation, with a
column per outlet."""

from __future__ import annotations

from collections.abc import Sequence

from reader.analysis.align import is_title_link
from reader.analysis.collation import Collation, story_contrasts
from reader.analysis.comparison import FORMAT, Comparison
from reader.analysis.descriptors import Descriptor
from reader.analysis.sides import SIDES
from reader.text.corpus import outlet_names
from reader.text.document import Document
from reader.text.quoting import markdown_literal as md  # article text shown as written

QUOTE_CHARS = 160
FORMAT_STORY = "diptych.compare/2"


def path_text(path: object) -> str:
    """A path as text that is valid UTF-8: the bytes of a file name that are not UTF-8 (kept by Python as
    surrogates) become U+FFFD, so the JSON and the report can always be written and read."""
    return str(path or "").encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _document_json(doc: Document) -> dict:
    return {
        "path": path_text(doc.path),
        "title": doc.title,
        "paragraphs": [{"index": p.index, "text": p.text, "role": p.role.value} for p in doc.paragraphs],
    }


def to_json(comparison: Comparison) -> dict:
    """The `diptych.compare/1` document (see the README for the shape)."""
    return {
        "format": FORMAT,
        "left": _document_json(comparison.left),
        "right": _document_json(comparison.right),
        "links": [link.to_json() for link in comparison.links],
        "contrasts": [c.to_json() for c in comparison.contrasts],
        "loaded_words": [w.to_json() for w in comparison.loaded],
        "warnings": list(comparison.warnings),
    }


def short(text: str, limit: int = QUOTE_CHARS) -> str:
    """A quote cut at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def _md_quote(text: str) -> str:
    # Markdown tables and quotes break on pipes and newlines; article text has no newlines after folding.
    return md(short(text))


def to_markdown(comparison: Comparison) -> str:
    left, right = comparison.left, comparison.right
    names = outlet_names((left, right))
    lines = [
        f"# {md(left.title or 'left')} ↔ {md(right.title or 'right')}",
        "",
        *(
            f"- **{_side_label(side, name)}:** {md(path_text(doc.path))} ({len(doc.paragraphs)} paragraphs, "
            f"{comparison.coverage(side):.0%} of body linked)"
            for side, doc, name in zip(SIDES, (left, right), names)
        ),
        f"- **Links:** {len(comparison.links)}",
    ]
    for warning in comparison.warnings:
        lines.append(f"- **Warning:** {warning}")
    lines += ["", "## Linked paragraphs", ""]
    if not comparison.links:
        lines.append("No paragraphs report the same facts.")
    else:
        lines += [
            f"| ¶ | {md(names[0])} | ¶ | {md(names[1])} | score | kind |",
            "|---|---|---|---|---|---|",
        ]
        for link in comparison.links:
            lq = " / ".join(_md_quote(left.paragraphs[i].text) for i in link.left)
            rq = " / ".join(_md_quote(right.paragraphs[j].text) for j in link.right)
            li = ", ".join(str(i) for i in link.left)
            ri = ", ".join(str(j) for j in link.right)
            score, kind = ("—", "headlines") if is_title_link(left, right, link) else (f"{link.score:.2f}", link.kind)
            lines.append(f"| {li} | {lq} | {ri} | {rq} | {score} | {kind} |")
    for side, doc, name in zip(SIDES, (left, right), names):
        where = f"the {side} article" if _named_as_side(side, name) else f"{md(name)} (the {side} article)"
        lines += ["", f"## Only in {where}", ""]
        unmatched = comparison.unmatched(side)
        if not unmatched:
            lines.append("Nothing: every body paragraph has a counterpart.")
        for i in unmatched:
            lines.append(f"- ¶{i}: {md(short(doc.paragraphs[i].text))}")
    lines += _contrast_lines(comparison, names=(names[0], names[1]))
    return "\n".join(lines) + "\n"


def descriptor_label(d: Descriptor) -> str:
    """One descriptor for a table: the phrase, its paragraph, and 'quoted' when it is someone else's words."""
    voice = ", quoted" if d.voice != "own" else ""
    return f"“{d.text}” (¶{d.paragraph}{voice})"


def _descriptors(items: Sequence[Descriptor]) -> str:
    """Descriptors for a table cell; the name as written comes last, in italics."""
    parts = [f"*{md(d.text)}*" if d.kind == "name" else md(descriptor_label(d)) for d in items]
    return "; ".join(parts)


def story_json(collation: Collation) -> dict:
    """The `diptych.compare/2` document: every article, every pair's links and contrasts, and the facts
    gathered across them (see the README for the shape)."""
    docs = collation.documents
    return {
        "format": FORMAT_STORY,
        "articles": [{**_document_json(doc), "outlet": name} for doc, name in zip(docs, outlet_names(docs))],
        "pairs": [
            {
                "articles": [a, b],
                "links": [link.to_json() for link in c.links],
                "contrasts": [x.to_json() for x in c.contrasts],
                "loaded_words": [w.to_json() for w in c.loaded],
            }
            for (a, b), c in collation.pairs.items()
        ],
        "facts": [
            {"articles": list(f.articles), "paragraphs": [list(ps) for ps in f.paragraphs]} for f in collation.facts
        ],
        "contrasts": [c.to_json() for c in story_contrasts(collation)],
        "warnings": [w for doc in docs for w in doc.warnings],
    }


def story_markdown(collation: Collation) -> str:
    """A report of several articles: a table of the facts two or more report, a column per outlet; what each
    outlet alone reported; each pair's descriptor contrasts."""
    docs = collation.documents
    names = outlet_names(docs)
    lines = [f"# {len(docs)} accounts of one story", ""]
    lines += [
        f"- **{md(name)}:** {md(doc.title)} ({md(path_text(doc.path))}, {len(doc.paragraphs)} paragraphs)"
        for name, doc in zip(names, docs)
    ]
    lines += [f"- **Warning:** {w}" for doc in docs for w in doc.warnings]
    shared = [f for f in collation.facts if len(f.articles) > 1]
    lines += ["", "## Facts reported by more than one outlet", ""]
    if not shared:
        lines.append("No paragraphs report the same facts.")
    else:
        lines += ["| " + " | ".join(md(n) for n in names) + " |", "|" + "---|" * len(names)]
        for fact in shared:
            cells = [
                md(" / ".join(f"¶{p}: {short(docs[k].paragraphs[p].text, 100)}" for p in ps)) or "—"
                for k, ps in enumerate(fact.paragraphs)
            ]
            lines.append("| " + " | ".join(cells) + " |")
    for k, (name, doc) in enumerate(zip(names, docs)):
        alone = [p for f in collation.facts if f.articles == (k,) for p in f.paragraphs[k]]
        lines += ["", f"## Only in {md(name)}", ""]
        lines += [f"- ¶{i}: {md(short(doc.paragraphs[i].text))}" for i in alone] or [
            "Nothing: the others report all of it."
        ]
    contrasts = story_contrasts(collation)
    lines += ["", "## Descriptor contrasts", ""]
    if not contrasts:
        lines.append("No contrasts found: no person, group or thing the articles mention is described differently.")
    else:
        heads = " | ".join(md(n) for n in names)
        lines += [f"| referent | kind | {heads} |", "|---|---|" + "---|" * len(names)]
        for c in contrasts:
            row = " | ".join(_descriptors(items) or "—" for items in c.descriptors)
            lines.append(f"| {md(c.entity)} | {c.kind} | {row} |")
    return "\n".join(lines) + "\n"


def _named_as_side(side: str, outlet: str) -> bool:
    """Whether the outlet's name only repeats the side's (a file named left.txt), and is better left out."""
    return outlet.lower() == side


def _side_label(side: str, outlet: str) -> str:
    """ "Left, Breitbart"; just "Left" where the outlet's name is the side's."""
    return side.capitalize() if _named_as_side(side, outlet) else f"{side.capitalize()}, {md(outlet)}"


def _contrast_lines(comparison: Comparison, names: tuple[str, str]) -> list[str]:
    lines = ["", "## Descriptor contrasts", ""]
    if not comparison.contrasts:
        lines.append("No contrasts found: no person, group or thing both articles mention is described differently.")
    else:
        lines += [
            f"| referent | kind | {md(names[0])} | {md(names[1])} |",
            "|---|---|---|---|",
        ]
        for c in comparison.contrasts:
            lines.append(f"| {md(c.entity)} | {c.kind} | {_descriptors(c.left)} | {_descriptors(c.right)} |")
    if comparison.loaded:
        lines += ["", "## Loaded words (the outlet's own voice, one side only)", ""]
        lines += ["| word | side | ¶ | about |", "|---|---|---|---|"]
        for w in comparison.loaded:
            lines.append(f"| {md(w.word)} | {w.side} | {w.paragraph} | {md(w.subject)} |")
    return lines
