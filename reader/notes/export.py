"""Export a notes file: a Markdown memo of the notes with their quotes, or W3C Web Annotations (JSON)."""

from __future__ import annotations

import re
from pathlib import Path

from reader.analysis.collation import Collation, collate
from reader.analysis.sides import Pane
from reader.notes.corrections import corrected_collation
from reader.notes.model import MOVED, ORPHANED, Note, Target
from reader.notes.session import Session, open_notes_file
from reader.text.corpus import article_info, outlet_names
from reader.text.document import Document, Role
from reader.text.quoting import markdown_literal

#: How the memo names a paragraph that is not part of the article's text.
_ROLE_NAMES = {Role.TITLE: "headline", Role.BYLINE: "byline", Role.CAPTION: "caption", Role.BOILERPLATE: "boilerplate"}
HEADING_WORDS = 8  # a note without tags is headed by its first words
NUMBERING = (
    "Paragraphs are numbered as a reader counts them: ¶4 is the fourth paragraph of the article's text (the "
    "headline, bylines, captions and boilerplate are not counted); diptych's own number, which `:` goes to, "
    "follows in brackets."
)


def paragraph_name(doc: Document, index: int) -> str:
    """A paragraph as a reader would point at it, "¶4" for the fourth paragraph of the article's text or
    what it is when it is not part of the text ("headline"), then the number diptych shows for it, so that a
    colleague can go there with `:` ("¶4 (diptych ¶6)")."""
    paragraph = doc.paragraphs[index]
    if paragraph.role is Role.BODY:
        counted = f"¶{sum(1 for p in doc.paragraphs[: index + 1] if p.role is Role.BODY)}"
    else:
        counted = _ROLE_NAMES.get(paragraph.role, "paragraph")
    return f"{counted} (diptych ¶{index})"


def heading(note: Note) -> str:
    """A short heading: the note's tags, else its first words."""
    if note.tags:
        return " · ".join(note.tags)
    words = note.body.split()
    if not words:
        return "Note"
    return " ".join(words[:HEADING_WORDS]) + ("…" if len(words) > HEADING_WORDS else "")


_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])")  # "2016. The year ..." would start an ordered list


def _block_quote(text: str) -> list[str]:
    """Markdown block-quote lines of article text shown as written: a line that would start a heading or a
    list ("- ", "2016. ") is escaped, and so is what would read as emphasis, code, a link or HTML inside it."""
    lines = (_LIST_NUMBER.sub(r"\1\\\2", markdown_literal(line)) for line in text.splitlines() or [""])
    return ["> " + ("\\" + line if line.lstrip().startswith(("#", "-", "+")) else line) for line in lines]


def _exact(t: Target, doc: Document) -> str:
    """The quoted text in full: a long quote is kept only by its ends, and read back from the article."""
    if t.whole or t.paragraph is None or t.state == ORPHANED:
        return t.excerpt
    return doc.paragraphs[t.paragraph].text[t.offset : t.offset + t.size]


def _target_lines(t: Target, name: str, doc: Document) -> list[str]:
    if t.state == ORPHANED or t.paragraph is None:
        return [f"**{name}** (orphaned: these words are no longer in the article)", *_block_quote(t.excerpt)]
    state = " (moved: reworded since the note was written)" if t.state == MOVED else ""
    return [f"**{name}, {paragraph_name(doc, t.paragraph)}**{state}", *_block_quote(_exact(t, doc))]


def _counterpart_lines(
    note: Note, pane: Pane, names: dict[Pane, str], collation: Collation | None, session: Session
) -> list[str]:
    """The linked paragraphs of an article the note was not written on."""
    panes = session.panes
    own = [t for t in note.targets if t.paragraph is not None and t.state != ORPHANED]
    if collation is None or not own:
        return []
    there = panes.index(pane)
    found = sorted({j for t in own for j in collation.partners(panes.index(t.side), t.paragraph or 0, there)})
    if not found:
        written = " and ".join(names[t.side] for t in own)
        return [f"**{names[pane]}:** no counterpart (this passage is only in {written})"]
    lines: list[str] = []
    for j in found:
        lines += [f"**{names[pane]}, {paragraph_name(session.docs[pane], j)}** (the linked paragraph)"]
        lines += [*_block_quote(session.docs[pane].paragraphs[j].text), ""]
    return lines[:-1]


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_QUOTE = re.compile(r"^ {0,3}>")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")  # "Title" over "---" is a heading
_TABLE_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CODE_INDENT = re.compile(r"^(?: {4}|\t)")


def _starts(lines: list[str], k: int, after_text: bool) -> str:
    """What Markdown block the note's line `k` starts: "fence", "table", "list", "quote", "code", "single"
    (a heading or a rule) or "text". An indented line right after text continues it (Markdown drops its
    indent), so it is text, not code."""
    line = lines[k]
    below = lines[k + 1] if k + 1 < len(lines) else ""
    if _FENCE.match(line):
        return "fence"
    if "|" in below and _TABLE_DELIMITER.match(below):
        return "table"
    if _RULE.match(line) or _HEADING.match(line):
        return "single"
    if _LIST_ITEM.match(line):
        return "list"
    if _QUOTE.match(line):
        return "quote"
    if _CODE_INDENT.match(line) and not after_text:
        return "code"
    return "text"


def _continues(kind: str, line: str) -> bool:
    """Whether a line belongs to the Markdown block of `kind` above it (no blank line between them)."""
    if kind == "table":
        return "|" in line
    if kind == "list":
        return bool(_LIST_ITEM.match(line)) or line[:1] in (" ", "\t")
    if kind == "quote":
        return bool(_QUOTE.match(line))
    if kind == "code":
        return bool(_CODE_INDENT.match(line))
    return kind == "text" and bool(_UNDERLINE.match(line))


def _body_lines(body: str) -> list[str]:
    """The note as Markdown that keeps its lines: each line of plain text is a paragraph of its own
    (Markdown joins lines that follow one another into one, and a line break marked in Markdown, two trailing
    spaces or a backslash, does not survive every email client or CMS, where a blank line does). The note's
    own Markdown blocks (a fenced code block, a table, a list, a block quote, indented code, a heading) are
    left as written, a blank line around each. Blank lines in the note separate paragraphs as they did, and a
    fence left open is closed, so that it does not swallow the rest of the memo."""
    lines = body.splitlines()
    blocks: list[list[str]] = []
    kind = ""  # the block being gathered; "" after a blank line
    fence = ""  # the open fence's marker, while in a fenced block
    for k, line in enumerate(lines):
        if fence:
            blocks[-1].append(line)
            closing = _FENCE.match(line)
            if closing and closing.group(1).startswith(fence) and not line.strip().strip(fence[0]):
                fence, kind = "", ""
        elif not line.strip():
            kind = ""
        elif kind and _continues(kind, line):
            blocks[-1].append(line)
            kind = "single" if kind == "text" else kind  # a setext heading's underline ends it
        else:
            kind = _starts(lines, k, after_text=kind == "text")
            blocks.append([line.strip() if kind == "text" else line])
            if kind == "fence":
                opening = _FENCE.match(line)
                fence = opening.group(1) if opening else ""
    if fence:
        blocks[-1].append(fence)
    return [line for block in blocks for line in [*block, ""]]


def _when(stamp: str) -> str:
    """A stored time as a reader reads it: 2026-11-23T14:45:02Z as 2026-11-23 14:45 UTC."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if stamp.endswith("Z") and len(stamp) >= 16 else stamp


def to_markdown(session: Session, collation: Collation | None) -> str:
    """A memo that pastes into an email or a CMS: the articles by outlet, then each note under a short
    heading, with its quotes (and the linked paragraphs of the other articles) as block quotes."""
    docs = session.docs
    names = {pane: markdown_literal(name) for pane, name in zip(docs, outlet_names(list(docs.values())))}
    orphaned = sum(1 for n in session.notes if n.orphaned)
    count = f"{len(session.notes)} note{'' if len(session.notes) == 1 else 's'}"
    lines = [f"# Notes: {' and '.join(names.values())}", ""]
    for pane, doc in docs.items():
        info = article_info(doc.path, doc.metadata) if doc.path else None
        date = f", {info.date}" if info and info.date else ""
        lines.append(f"- **{names[pane]}**{date}: {markdown_literal((info and info.headline) or doc.title)}")
    lines += ["", f"{count}{f', {orphaned} orphaned' if orphaned else ''}. {NUMBERING}", ""]
    for k, note in enumerate(session.notes, 1):
        lines += [f"## {k}. {heading(note)}", ""]
        for pane in docs:
            t = note.target(pane)
            if t is not None:
                block = _target_lines(t, names[pane], docs[pane])
            else:
                block = _counterpart_lines(note, pane, names, collation, session)
            if block:
                lines += [*block, ""]
        lines += _body_lines(note.body)
        lines += [f"*{note.author or 'unknown'}, {_when(note.updated)}*", ""]
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
