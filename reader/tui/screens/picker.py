"""Pick a story from a folder laid out like corpus/, and two of its articles when it has more."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.analysis.sides import MAX_PANES
from reader.text.corpus import Story
from reader.text.sanitise import shown
from reader.tui import bindings


class PickerScreen(Screen[tuple[Path, ...]]):
    """Choose a story: one of two or three articles opens them all; of more, mark the two or three to read
    side by side. Returns their paths, in pane order."""

    BINDINGS = bindings.PICKER

    def __init__(self, root: Path, stories: list[Story]) -> None:
        super().__init__()
        self.root = root
        self.stories = stories
        self.story: Story | None = None
        self.marked: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(Content(f"Stories in {shown(self.root)}"), id="picker-title")
            yield Static(Content("enter opens a story"), id="picker-hint")
            yield OptionList(id="picker-list")
        yield Footer()

    def on_mount(self) -> None:
        self._show_stories()

    def _list(self) -> OptionList:
        return self.query_one(OptionList)

    def _show_stories(self) -> None:
        self.story, self.marked = None, []
        self.query_one("#picker-title", Static).update(Content(f"Stories in {shown(self.root)}"))
        self.query_one("#picker-hint", Static).update(Content("enter opens a story · q quits"))
        options = [Option(Content(f"{shown(s.title)}  ({len(s.articles)} articles)")) for s in self.stories]
        self._list().set_options(options)
        self._list().highlighted = 0
        self._list().focus()

    def _show_articles(self, story: Story) -> None:
        self.story = story
        self.query_one("#picker-title", Static).update(Content(story.title))
        hint = (
            "space marks two or three articles, enter opens them (with the highlighted one) · esc back"
            if len(story.articles) > MAX_PANES
            else "enter opens them · esc back"
        )
        self.query_one("#picker-hint", Static).update(Content(hint))
        self._refresh_articles()
        self._list().highlighted = 0  # the story list's place means nothing in the article list

    def _refresh_articles(self) -> None:
        assert self.story is not None
        options = []
        for k, info in enumerate(self.story.articles):
            mark = f"[{self.marked.index(k) + 1}]" if k in self.marked else "[ ]"
            date = f"  {info.date}" if info.date else ""
            options.append(Option(Content(f"{mark} {shown(info.label)}{date}  ({shown(info.path.name)})")))
        highlighted = self._list().highlighted
        self._list().set_options(options)
        self._list().highlighted = highlighted or 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.story is None:
            story = self.stories[event.option_index]
            if len(story.articles) <= MAX_PANES:
                self.dismiss(tuple(info.path for info in story.articles))
            else:
                self._show_articles(story)
            return
        chosen = list(self.marked)
        if event.option_index not in chosen and len(chosen) < MAX_PANES:
            chosen.append(event.option_index)
        if len(chosen) < 2:
            self.notify("Mark one more article with space, then press enter.")
            return
        self.dismiss(tuple(self.story.articles[k].path for k in chosen))

    def action_mark(self) -> None:
        k = self._list().highlighted
        if self.story is None or k is None:
            return
        if k in self.marked:
            self.marked.remove(k)
        else:
            self.marked = ([*self.marked, k])[-MAX_PANES:]
        self._refresh_articles()

    def action_back(self) -> None:
        if self.story is not None and len(self.stories) > 0:
            self._show_stories()
