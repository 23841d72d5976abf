"""Load an article file as a Document: read it safely, decode it, clean it, split it, tag paragraph roles.

Loading is defensive: any encoding decodes without losing a character, terminal control sequences are
removed before text can reach a screen, and every failure is a `LoadError` with a one-line message.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from reader.text import safeyaml
from reader.text.decoding import decode
from reader.text.document import Document, Paragraph
from reader.text.files import read_bytes
from reader.text.paragraphs import fold, split_spans
from reader.text.roles import tag_roles
from reader.text.sanitise import sanitise
from reader.text.webpage import extract_text

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_MAX = 8192  # characters: front matter is a few lines of metadata


def front_matter(text: str) -> tuple[int, tuple[tuple[str, str], ...]]:
    """Where a Markdown front-matter block (`---` ... `---` at the very start) ends, and its fields as
    text; (0, ()) when the text has none. A block that is not a YAML mapping is taken as text."""
    found = _FRONT_MATTER.match(text[:_FRONT_MATTER_MAX])
    if found is None:
        return 0, ()
    try:
        data = safeyaml.loads(found.group(1), "front matter")
    except safeyaml.YamlError:
        return 0, ()
    if not isinstance(data, dict):
        return 0, ()
    fields = tuple(
        (str(k), " ".join(str(v).split())) for k, v in data.items() if isinstance(v, (str, int, float, date))
    )
    return found.end(), fields


def document_from_text(text: str, path: Path | None = None, encoding: str = "utf-8") -> Document:
    """Split already-decoded text into a Document with tagged paragraphs; front matter is metadata."""
    text = sanitise(text)
    skip, metadata = front_matter(text)
    spans = [(a + skip, b + skip) for a, b in split_spans(text[skip:])]
    texts = [fold(text[a:b]) for a, b in spans]
    roles = tag_roles(texts)
    paragraphs = tuple(
        Paragraph(index=i, text=t, role=r, start=a, end=b) for i, (t, r, (a, b)) in enumerate(zip(texts, roles, spans))
    )
    warnings = () if paragraphs else (f"{path or 'text'}: no paragraphs (the article is empty)",)
    return Document(
        text=text, paragraphs=paragraphs, path=path, encoding=encoding, warnings=warnings, metadata=metadata
    )


def load_document(path: str | Path, limit: int | None = None) -> Document:
    """Load a .txt, .md or saved web page (.html) as a Document."""
    path = Path(path)
    data = read_bytes(path, limit)
    if path.suffix.lower() in HTML_SUFFIXES:
        text, encoding = extract_text(data, str(path)), "html"
    else:
        text, encoding = decode(data, str(path))
    return document_from_text(text, path=path, encoding=encoding)
