"""Extract the article text from a saved web page with trafilatura (the optional `html` extra).

trafilatura is a maintained boilerplate-removal library; a hand-written HTML parser would keep menus, share
buttons and cookie banners. It pulls in lxml and a few helpers, so it is an extra rather than a core
dependency: plain-text and Markdown users do not pay for it.
"""

from __future__ import annotations

from reader.text.document import LoadError


def extract_text(data: bytes, name: str) -> str:
    """The article of a web page as text, one paragraph per line, headline first."""
    try:
        import trafilatura
    except ImportError as exc:
        raise LoadError(f"{name}: reading web pages needs the html extra (pip install 'diptych[html]')") from exc
    text = trafilatura.extract(data, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        raise LoadError(f"{name}: no article text found in this web page")
    metadata = trafilatura.extract_metadata(data)
    title = (metadata.title or "").strip() if metadata else ""
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text
