"""Stories in a folder laid out like `corpus/`: one subfolder per story, its articles inside.

A story folder may hold `story.yaml` (a title and the order articles open in) and, per article,
`<article>.meta.yaml` (outlet, headline, date, author). Both are optional; without them the file names speak.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.resources import bundled
from reader.text import safeyaml

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


def article_info(path: Path) -> ArticleInfo:
    meta = _read_yaml(path.with_suffix(".meta.yaml"))
    return ArticleInfo(
        path=path,
        outlet=str(meta.get("outlet", "") or ""),
        headline=str(meta.get("headline", "") or ""),
        date=str(meta.get("date", "") or ""),
        author=str(meta.get("author", "") or ""),
    )


def is_article(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


def read_story(folder: Path) -> Story:
    meta = _read_yaml(folder / "story.yaml")
    files = sorted(p for p in folder.iterdir() if is_article(p))
    order = [folder / name for name in meta.get("articles", []) if isinstance(name, str)]
    ordered = [p for p in order if p in files] + [p for p in files if p not in order]
    return Story(
        folder=folder, title=str(meta.get("title", "") or folder.name), articles=tuple(map(article_info, ordered))
    )


def stories(root: Path) -> list[Story]:
    """The stories under `root` with at least two articles; `root` itself counts when it holds articles."""
    folders = [root, *sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))]
    found = [read_story(f) for f in folders]
    return [s for s in found if len(s.articles) >= 2]


def default_pair() -> tuple[Path, Path]:
    """The bundled pair `diptych` opens with no arguments: the first story's first two articles."""
    story = stories(bundled("corpus"))[0]
    return story.articles[0].path, story.articles[1].path
