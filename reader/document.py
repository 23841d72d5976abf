"""Load an article file and split it into paragraphs with roles.

Loading is defensive: any encoding decodes without losing a character, terminal control sequences are
removed before text can reach a screen, and every failure is a `LoadError` with a one-line message.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

#: Files larger than this are refused unless the limit is raised (``--max-size`` or ``DIPTYCH_MAX_MB``).
DEFAULT_MAX_MB = 32.0
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


class LoadError(Exception):
    """An article could not be loaded; the message is one line fit for a user."""


class Role(str, Enum):
    TITLE = "title"
    BYLINE = "byline"
    CAPTION = "caption"
    BODY = "body"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True)
class Paragraph:
    index: int
    text: str  # the file's text with whitespace folded
    role: Role
    start: int  # span of the paragraph in Document.text
    end: int

    @property
    def linkable(self) -> bool:
        return self.role is not Role.BOILERPLATE


@dataclass(frozen=True)
class Document:
    text: str  # decoded, sanitised, newlines normalised
    paragraphs: tuple[Paragraph, ...]
    path: Path | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        for p in self.paragraphs:
            if p.role is Role.TITLE:
                return p.text
        return self.path.stem if self.path else ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def body(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.role is Role.BODY]

    def raw_offset(self, paragraph: int, offset: int) -> int:
        """Where character `offset` of a paragraph's folded text sits in `text` (the text as loaded)."""
        p = self.paragraphs[paragraph]
        raw = self.text[p.start : p.end]
        folded = 0
        k = len(raw) - len(raw.lstrip())
        while k < len(raw) and folded < offset:
            if raw[k].isspace():
                while k < len(raw) and raw[k].isspace():
                    k += 1
            else:
                k += 1
            folded += 1
        return p.start + k


# --- decoding ---------------------------------------------------------------------------------------------


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


# --- sanitising -------------------------------------------------------------------------------------------

# ANSI CSI sequences, OSC/DCS/APC/PM/SOS strings (ended by BEL or ST, or cut off at a line end so that an
# unterminated one cannot swallow the article), and two-byte ESC sequences. Lone C1 codes go with _CONTROLS.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\n]{0,4096}(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sanitise(text: str) -> str:
    """Normalise newlines and strip terminal escape sequences and every C0/C1 control except newline and tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


# --- splitting --------------------------------------------------------------------------------------------

_BLOCK_START = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>)")
_WRAP_MAX = 120  # hard-wrapped text is wrapped at a width no wider than this


def _wrap_width(lines: Sequence[str]) -> int | None:
    """The width text was hard-wrapped at, or None when lines are whole paragraphs (web copies)."""
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < 4:
        return None
    candidates = [n for n in lengths if n <= _WRAP_MAX]
    if not candidates:
        return None
    width = max(candidates)
    near = sum(1 for n in lengths if width - 20 <= n <= width)
    longer = sum(1 for n in lengths if n > width)
    # Wrapped text fills most of its lines close to the width; web copies have long lines beyond any width.
    return width if near >= 0.4 * len(lengths) and longer <= 0.05 * len(lengths) else None


def _continues(previous: str, line: str, width: int | None) -> bool:
    """Whether `line` continues the paragraph of `previous` within one block of text."""
    if width is None or _BLOCK_START.match(line):
        return False
    first_word = line.split(maxsplit=1)[0]
    # A greedy wrapper only breaks a line where the next word would not have fit.
    return len(previous.rstrip()) + 1 + len(first_word) > width - 2


def split_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of `text` (newlines already normalised)."""
    lines = text.split("\n")
    width = _wrap_width(lines)
    spans: list[tuple[int, int]] = []
    offset = 0
    current: tuple[int, int] | None = None
    previous = ""
    for line in lines:
        end = offset + len(line)
        if not line.strip():
            current = None
        elif current is not None and _continues(previous, line, width):
            current = (current[0], end)
            spans[-1] = current
        else:
            current = (offset, end)
            spans.append(current)
        previous = line
        offset = end + 1
    return spans


def fold(text: str) -> str:
    """Fold every run of whitespace (Unicode spaces included) to one space."""
    return " ".join(text.split())


# --- building documents -----------------------------------------------------------------------------------


def document_from_text(text: str, path: Path | None = None, encoding: str = "utf-8") -> Document:
    """Split already-decoded text into a Document with tagged paragraphs."""
    from reader.roles import tag_roles

    text = sanitise(text)
    spans = split_spans(text)
    texts = [fold(text[a:b]) for a, b in spans]
    roles = tag_roles(texts)
    paragraphs = tuple(
        Paragraph(index=i, text=t, role=r, start=a, end=b) for i, (t, r, (a, b)) in enumerate(zip(texts, roles, spans))
    )
    warnings = () if paragraphs else (f"{path or 'text'}: no paragraphs (the article is empty)",)
    return Document(text=text, paragraphs=paragraphs, path=path, encoding=encoding, warnings=warnings)


def max_bytes() -> int:
    """The size limit for one article, from DIPTYCH_MAX_MB when set."""
    raw = os.environ.get("DIPTYCH_MAX_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def human_size(n: int) -> str:
    """A size in bytes as a person reads it: "104 bytes", "3.2 KB", "50.0 MB", "32 MB"."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    mb = n / 1048576
    return f"{mb:g} MB" if mb == int(mb) else f"{mb:.1f} MB"


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """Read a file's bytes, turning every OS failure into a LoadError with a clear message."""
    limit = max_bytes() if limit is None else limit
    if not path.exists():
        raise LoadError(f"{path}: no such file")
    if path.is_dir():
        raise LoadError(f"{path}: is a directory, not an article file")
    try:
        size = path.stat().st_size
        if size > limit:
            raise LoadError(
                f"{path}: {human_size(size)} is over the {human_size(limit)} limit "
                "(raise it with --max-size MB or DIPTYCH_MAX_MB)"
            )
        with path.open("rb") as f:
            return f.read(limit + 1)
    except PermissionError as exc:
        raise LoadError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def load_document(path: str | Path, limit: int | None = None) -> Document:
    """Load a .txt, .md or saved web page (.html) as a Document."""
    path = Path(path)
    data = read_bytes(path, limit)
    if path.suffix.lower() in HTML_SUFFIXES:
        from reader.webpage import extract_text

        text, encoding = extract_text(data, str(path)), "html"
    else:
        text, encoding = decode(data, str(path))
    return document_from_text(text, path=path, encoding=encoding)
