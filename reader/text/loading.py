"""Load an article file as a Document: read it safely, decode it, clean it, split it, tag paragraph roles.

Loading is defensive: any encoding decodes without losing a character, terminal control sequences are
removed before text can reach a screen, and every failure is a `LoadError` with a one-line message.
"""

from __future__ import annotations

from pathlib import Path

from reader.text.decoding import decode
from reader.text.document import Document, Paragraph
from reader.text.files import read_bytes
from reader.text.paragraphs import fold, split_spans
from reader.text.roles import tag_roles
from reader.text.sanitise import sanitise
from reader.text.webpage import extract_text

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def document_from_text(text: str, path: Path | None = None, encoding: str = "utf-8") -> Document:
    """Split already-decoded text into a Document with tagged paragraphs."""
    text = sanitise(text)
    spans = split_spans(text)
    texts = [fold(text[a:b]) for a, b in spans]
    roles = tag_roles(texts)
    paragraphs = tuple(
        Paragraph(index=i, text=t, role=r, start=a, end=b) for i, (t, r, (a, b)) in enumerate(zip(texts, roles, spans))
    )
    warnings = () if paragraphs else (f"{path or 'text'}: no paragraphs (the article is empty)",)
    return Document(text=text, paragraphs=paragraphs, path=path, encoding=encoding, warnings=warnings)


def load_document(path: str | Path, limit: int | None = None) -> Document:
    """Load a .txt, .md or saved web page (.html) as a Document."""
    path = Path(path)
    data = read_bytes(path, limit)
    if path.suffix.lower() in HTML_SUFFIXES:
        text, encoding = extract_text(data, str(path)), "html"
    else:
        text, encoding = decode(data, str(path))
    return document_from_text(text, path=path, encoding=encoding)
