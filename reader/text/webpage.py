"""Extract the article text from a saved web page with trafilatura (the optional `html` extra).

trafilatura is a maintained boilerplate-removal library; a hand-written HTML parser would keep menus, share
buttons and cookie banners. It pulls in lxml and a few helpers, so it is an extra rather than a core
dependency: plain-text and Markdown users do not pay for it.
"""

from __future__ import annotations

import re

from reader.text.document import LoadError

# Control characters, raw or as character references (&#27;): XML forbids them, and one makes the HTML parser
# give up on the whole page. They would be stripped from the text anyway.
_RAW_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _no_controls(data: bytes) -> bytes:
    def reference(m: re.Match[bytes]) -> bytes:
        code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        is_control = (code < 0x20 and code not in (0x09, 0x0A, 0x0D)) or 0x7F <= code <= 0x9F or code > 0x10FFFF
        return b" " if is_control else m.group(0)

    return _REFERENCE.sub(reference, _RAW_CONTROLS.sub(b" ", data))


def extract_text(data: bytes, name: str) -> str:
    """The article of a web page as text, one paragraph per line, headline first."""
    try:
        import trafilatura
    except ImportError as exc:
        raise LoadError(f"{name}: reading web pages needs the html extra (pip install 'diptych[html]')") from exc
    data = _no_controls(data)
    text = trafilatura.extract(data, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        raise LoadError(f"{name}: no article text found in this web page")
    metadata = trafilatura.extract_metadata(data)
    title = (metadata.title or "").strip() if metadata else ""
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text
