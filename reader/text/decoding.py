"""Decode an article's bytes without losing a character: BOMs, UTF-8, and cp1252/latin-1 bytes mixed in."""

from __future__ import annotations

import codecs

from reader.text.document import LoadError


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Decode a byte that is not valid UTF-8 as cp1252 (latin-1 where cp1252 has a hole), so mixed files keep
    every character instead of growing replacement marks."""
    assert isinstance(err, UnicodeDecodeError)
    byte = err.object[err.start : err.start + 1]
    try:
        char = byte.decode("cp1252")
    except UnicodeDecodeError:
        char = byte.decode("latin-1")
    return char, err.start + 1


codecs.register_error("diptych-cp1252", _cp1252_fallback)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str = "file") -> tuple[str, str]:
    """Return (text, encoding name). UTF-8 with or without BOM, UTF-16/32 with BOM, and cp1252/latin-1 bytes
    mixed in anywhere. Refuses binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                message = f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}"
                raise LoadError(message) from exc
    if b"\x00" in data:
        raise LoadError(f"{name}: looks like a binary file (it contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="diptych-cp1252")
    if _control_share(text) > 0.05:
        raise LoadError(f"{name}: looks like a binary file, not an article")
    return text, "utf-8+cp1252"


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or 0x7F <= ord(c) < 0xA0)
    return controls / len(sample)
