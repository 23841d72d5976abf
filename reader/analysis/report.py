"""Headless renderings of a Comparison: the `diptych.compare/1` JSON and a Markdown report."""

from __future__ import annotations

from collections.abc import Sequence

from reader.analysis.comparison import FORMAT, Comparison
from reader.analysis.contrast import Descriptor
from reader.analysis.sides import SIDES
from reader.text.document import Document

QUOTE_CHARS = 160


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
    return short(text).replace("|", "\\|")


def to_markdown(comparison: Comparison) -> str:
    left, right = comparison.left, comparison.right
    lines = [
        f"# {left.title or 'left'} ↔ {right.title or 'right'}",
        "",
        f"- **Left:** {path_text(left.path)} ({len(left.paragraphs)} paragraphs, "
        f"{comparison.coverage('left'):.0%} of body linked)",
        f"- **Right:** {path_text(right.path)} ({len(right.paragraphs)} paragraphs, "
        f"{comparison.coverage('right'):.0%} of body linked)",
        f"- **Links:** {len(comparison.links)}",
    ]
    for warning in comparison.warnings:
        lines.append(f"- **Warning:** {warning}")
    lines += ["", "## Linked paragraphs", ""]
    if not comparison.links:
        lines.append("No paragraphs report the same facts.")
    else:
        lines += ["| left ¶ | left | right ¶ | right | score | kind |", "|---|---|---|---|---|---|"]
        for link in comparison.links:
            lq = " / ".join(_md_quote(left.paragraphs[i].text) for i in link.left)
            rq = " / ".join(_md_quote(right.paragraphs[j].text) for j in link.right)
            li = ", ".join(str(i) for i in link.left)
            ri = ", ".join(str(j) for j in link.right)
            lines.append(f"| {li} | {lq} | {ri} | {rq} | {link.score:.2f} | {link.kind} |")
    for side, doc in zip(SIDES, (left, right)):
        lines += ["", f"## Only in the {side} article ({doc.title or path_text(doc.path)})", ""]
        unmatched = comparison.unmatched(side)
        if not unmatched:
            lines.append("Nothing: every body paragraph has a counterpart.")
        for i in unmatched:
            lines.append(f"- ¶{i}: {short(doc.paragraphs[i].text)}")
    lines += _contrast_lines(comparison)
    return "\n".join(lines) + "\n"


def _descriptors(items: Sequence[Descriptor]) -> str:
    """Descriptors for a table cell; the name as written comes last, in italics."""
    parts = [f"*{d.text}*" if d.kind == "name" else f"“{d.text}” (¶{d.paragraph})" for d in items]
    return "; ".join(parts).replace("|", "/")


def _contrast_lines(comparison: Comparison) -> list[str]:
    lines = ["", "## Descriptor contrasts", ""]
    if not comparison.contrasts:
        lines.append("No entity named in both articles is described differently.")
    else:
        lines += ["| entity | left | right |", "|---|---|---|"]
        for c in comparison.contrasts:
            lines.append(f"| {c.entity} | {_descriptors(c.left)} | {_descriptors(c.right)} |")
    if comparison.loaded:
        lines += ["", "## Loaded words", "", "| word | side | ¶ | about |", "|---|---|---|---|"]
        for w in comparison.loaded:
            lines.append(f"| {w.word} | {w.side} | {w.paragraph} | {w.subject} |")
    return lines
