"""Stories in a folder laid out like `corpus/`: one subfolder per story, its articles inside.

A story folder may hold `story.yaml` (a title and the order articles open in) and, per article,
`<article>.meta.yaml` (outlet, headline, date, author). Both are optional; without them the file names speak.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reader.resources import bundled
from reader.text import safeyaml
from reader.text.document import Document

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


@dataclass(frozen=True)
class ArticleInfo:
    path: Path
    outlet: str = ""
    headline: str = ""
    date: str = ""
    author: str = ""

    @property
    def label(self) -> str:
        """A one-line name for lists and pane headers."""
        return " · ".join(x for x in (self.outlet, self.headline) if x) or self.path.name


@dataclass(frozen=True)
class Story:
    folder: Path
    title: str
    articles: tuple[ArticleInfo, ...] = field(default=())


def _read_yaml(path: Path) -> dict:
    """A small metadata file as a dict; anything unreadable or not a mapping counts as absent."""
    try:
        data = safeyaml.read(path)
    except safeyaml.YamlError:
        return {}
    return data if isinstance(data, dict) else {}


_FRONT_MATTER_NAMES = {
    "title": "headline",
    "headline": "headline",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "date": "date",
    "author": "author",
}


def outlet_names(docs: Sequence[Document]) -> list[str]:
    """How to name each article's outlet: from its metadata, else a short form of its file name (the part
    before the first underscore, "epoch-times_moscow-condemns" -> "epoch times"); where two would read the
    same, the whole file name tells them apart."""

    def words(text: str) -> str:
        return " ".join(part for part in re.split(r"[-_ ]+", text) if part)

    def short(doc: Document) -> str:
        if doc.path is None:
            return "article"
        return article_info(doc.path, doc.metadata).outlet or words(doc.path.stem.split("_")[0]) or doc.path.name

    names = [short(doc) for doc in docs]
    return [
        words(doc.path.stem) if names.count(name) > 1 and doc.path is not None else name
        for name, doc in zip(names, docs)
    ]


def _front_matter_names(fields: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Front-matter fields under the names .meta.yaml uses ("title" is the headline, "source" the outlet)."""
    return {_FRONT_MATTER_NAMES[k.lower()]: v for k, v in fields if k.lower() in _FRONT_MATTER_NAMES}


def _text(meta: dict, key: str) -> str:
    """A metadata field as one line of text; anything else (a list, a mapping, nothing) counts as absent."""
    value = meta.get(key)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return str(value) if isinstance(value, date) else ""


def article_info(path: Path, front_matter: tuple[tuple[str, str], ...] = ()) -> ArticleInfo:
    """An article's metadata from its .meta.yaml, else from the article's own front matter."""
    meta = {**_front_matter_names(front_matter), **_read_yaml(path.with_suffix(".meta.yaml"))}
    return ArticleInfo(
        path=path,
        outlet=_text(meta, "outlet"),
        headline=_text(meta, "headline"),
        date=_text(meta, "date"),
        author=_text(meta, "author"),
    )


def is_article(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


def read_story(folder: Path) -> Story:
    meta = _read_yaml(folder / "story.yaml")
    files = [p for p in _listing(folder) if is_article(p)]
    listed = meta.get("articles")
    order = [folder / name for name in listed if isinstance(name, str)] if isinstance(listed, list) else []
    ordered = [p for p in order if p in files] + [p for p in files if p not in order]
    return Story(folder=folder, title=_text(meta, "title") or folder.name, articles=tuple(map(article_info, ordered)))


def _listing(folder: Path) -> list[Path]:
    """A folder's entries, sorted; none when it cannot be listed (no permission, gone meanwhile)."""
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def stories(root: Path) -> list[Story]:
    """The stories under `root` with at least two articles; `root` itself counts when it holds articles."""
    folders = [root, *(p for p in _listing(root) if p.is_dir() and not p.name.startswith("."))]
    found = [read_story(f) for f in folders]
    return [s for s in found if len(s.articles) >= 2]


def default_pair() -> tuple[Path, Path]:
    """The bundled pair `diptych` opens with no arguments: the first story's first two articles."""
    story = stories(bundled("corpus"))[0]
    return story.articles[0].path, story.articles[1].path
