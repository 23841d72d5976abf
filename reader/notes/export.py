"""Export a notes file: a Markdown memo with each note's quotes side by side, or W3C Web Annotations (JSON)."""

from __future__ import annotations

from pathlib import Path

from reader.analysis.collation import Collation, collate
from reader.analysis.sides import Pane
from reader.notes.corrections import corrected_collation
from reader.notes.model import ORPHANED, Note, Target
from reader.notes.session import Session, open_notes_file
from reader.text.document import Document


def _quote(t: Target | None) -> str:
    if t is None:
        return ""
    where = "orphaned" if t.state == ORPHANED else f"¶{t.paragraph}"
    return f"“{t.excerpt}” ({where}{', moved' if t.state == 'moved' else ''})"


def _counterpart(note: Note, pane: Pane, collation: Collation | None, session: Session) -> str:
    """The linked paragraphs of an article the note was not written on."""
    panes = session.panes
    own = [t for t in note.targets if t.paragraph is not None and t.state != ORPHANED]
    if collation is None or not own:
        return "—"
    there = panes.index(pane)
    found = sorted({j for t in own for j in collation.partners(panes.index(t.side), t.paragraph or 0, there)})
    if not found:
        return "— (no counterpart: only in the other article)"
    text = " / ".join(session.docs[pane].paragraphs[j].text for j in found)
    return f"linked ¶{', ¶'.join(map(str, found))}: {text}"


def _exact(t: Target, doc: Document) -> str:
    """The quoted text in full: a long quote is kept only by its ends, and read back from the article."""
    if t.whole or t.paragraph is None or t.state == ORPHANED:
        return t.excerpt
    return doc.paragraphs[t.paragraph].text[t.offset : t.offset + t.size]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(session: Session, collation: Collation | None) -> str:
    docs = session.docs
    lines = [
        f"# Notes: {' ↔ '.join(doc.title for doc in docs.values())}",
        "",
        *(f"- **{pane.capitalize()}:** {doc.path}" for pane, doc in docs.items()),
        f"- **Notes:** {len(session.notes)} ({sum(1 for n in session.notes if n.orphaned)} orphaned)",
        "",
    ]
    for k, note in enumerate(session.notes, 1):
        lines += [f"## {k}. {note.headline}", ""]
        meta = f"*{note.author or 'unknown'}, {note.updated}*"
        if note.tags:
            meta += " · tags: " + ", ".join(f"`{t}`" for t in note.tags)
        lines += [meta, "", "| " + " | ".join(docs) + " |", "|" + "---|" * len(docs)]
        cells = []
        for pane in docs:
            t = note.target(pane)
            cells.append(_quote(t) if t else _counterpart(note, pane, collation, session))
        lines += ["| " + " | ".join(_cell(c) for c in cells) + " |", ""]
        lines += [line for line in note.body.strip().splitlines()] + [""]
    return "\n".join(lines).rstrip() + "\n"


def to_web_annotations(session: Session) -> list[dict]:
    """W3C Web Annotation Data Model objects: a text body, tags, and quote plus position selectors."""
    out = []
    for note in session.notes:
        body: list[dict] = [
            {"type": "TextualBody", "value": note.body, "purpose": "commenting", "format": "text/plain"}
        ]
        body += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in note.tags]
        targets = []
        for t in note.targets:
            doc = session.docs[t.side]
            selectors: list[dict] = [
                {"type": "TextQuoteSelector", "exact": _exact(t, doc), "prefix": t.prefix, "suffix": t.suffix}
            ]
            if t.paragraph is not None and t.state != ORPHANED:
                start = doc.raw_offset(t.paragraph, t.offset)
                end = doc.raw_offset(t.paragraph, t.offset + t.size)
                selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
            source = Path(doc.path or "").resolve().as_uri()
            targets.append({"source": source, "selector": selectors, "diptych:state": t.state})
        out.append(
            {
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "id": f"urn:diptych:note:{note.id}",
                "type": "Annotation",
                "created": note.created,
                "modified": note.updated,
                "creator": note.author,
                "body": body,
                "target": targets,
            }
        )
    return out


def export(path: Path, fmt: str) -> str | list[dict]:
    """The notes file at `path` exported; Markdown needs the articles, to show linked counterparts."""
    session = open_notes_file(path)
    if fmt == "json":
        return to_web_annotations(session)
    linked = collate(list(session.docs.values()), contrasts=False)
    return to_markdown(session, corrected_collation(linked, session.corrections, session.panes))
