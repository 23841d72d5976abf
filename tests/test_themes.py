"""Every built-in Textual theme: the app survives switching to it, and diptych's styles stay readable in it."""

from __future__ import annotations

import errno

from textual.color import Color
from textual.theme import BUILTIN_THEMES

from reader.cli import main
from reader.text import files
from reader.tui.settings import settings_path
from reader.tui.widgets.pane import ArticlePane
from tests.apptools import notified, opened, pane

# Words a reader reads inside a highlight need a contrast of 4:1, or 60% of the theme's own text contrast
# where the theme itself is lower (Solarized); gutter marks (which carry a symbol as well) and dimmed
# boilerplate may sit lower, but never vanish.
MARKS = {"pane--gutter", "pane--link", "pane--moved", "pane--unmatched", "pane--note", "pane--cursor-gutter"}
DIMMED = {"pane--boilerplate"}
READ = ArticlePane.COMPONENT_CLASSES - MARKS - DIMMED  # a new highlight counts as text to read


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(c: Color) -> float:
        channels = [v / 255 for v in (c.r, c.g, c.b)]
        r, g, b = (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


async def test_every_theme_switches_cleanly_and_stays_readable():
    too_faint = []
    async with opened() as pilot:
        for theme in BUILTIN_THEMES:
            pilot.app.theme = theme
            await pilot.pause()
            if "ansi" in theme:  # the terminal's own palette: nothing to measure, but it must not break
                continue
            p = pane(pilot, "left")
            fg, bg = (Color.from_rich_color(c) for c in (p.rich_style.color, p.rich_style.bgcolor))
            base = contrast(fg, bg)
            for name in sorted(ArticlePane.COMPONENT_CLASSES):
                style = p.rich_style + p.style_of(name)  # as the pane paints it
                ratio = contrast(Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor))
                floor = min(4.0, 0.6 * base) if name in READ else min(2.0, 0.5 * base)
                if ratio < floor:
                    too_faint.append(f"{theme} {name}: {ratio:.2f} < {floor:.2f}")
                if name in DIMMED:
                    assert ratio < base, f"{theme}: boilerplate is not dimmed"
    assert not too_faint


async def test_a_theme_chosen_from_the_palette_is_remembered_for_next_time():
    async with opened() as pilot:
        assert pilot.app.theme == "textual-dark"
        await pilot.press("ctrl+p", *"theme", "enter")  # "Theme": change the current theme
        await pilot.pause()
        await pilot.press(*"textual-light", "enter")
        await pilot.pause()
        assert pilot.app.theme == "textual-light"
    assert "theme: textual-light" in settings_path().read_text()
    async with opened() as pilot:
        assert pilot.app.theme == "textual-light"


async def test_a_theme_given_on_the_command_line_is_for_this_session_only():
    async with opened(theme="nord") as pilot:
        assert pilot.app.theme == "nord"
    assert not settings_path().exists()


def test_an_unknown_theme_on_the_command_line_is_one_clear_line(capsys):
    assert main(["--theme", "no-such-theme"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("diptych: error: unknown theme 'no-such-theme'") and "textual-light" in err


async def test_a_broken_settings_file_warns_and_is_never_written_over():
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("theme: [textual-light\n")
    async with opened() as pilot:
        messages = notified(pilot)
        assert "not valid YAML" in messages and pilot.app.theme == "textual-dark"
        pilot.app.theme = "nord"
        await pilot.pause()
        messages = notified(pilot)
        assert "the theme was not saved" in messages
    assert settings_path().read_text() == "theme: [textual-light\n"


async def test_an_unknown_theme_in_the_settings_file_warns():
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("theme: no-such-theme\n")
    async with opened() as pilot:
        assert pilot.app.theme == "textual-dark"
        assert "no-such-theme" in notified(pilot)


async def test_a_theme_that_cannot_be_saved_says_so_and_the_app_goes_on(monkeypatch):
    def full_disk(path, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "write_atomic", full_disk)
    async with opened() as pilot:
        pilot.app.theme = "nord"
        await pilot.pause()
        assert pilot.app.theme == "nord"
        assert "could not save the theme" in notified(pilot)
    assert not settings_path().exists()
