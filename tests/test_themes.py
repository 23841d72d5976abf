"""Every built-in Textual theme: the app survives switching to it, and diptych's styles stay readable in it."""

from __future__ import annotations

import errno
import itertools
import math

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
                    for tint in ("pane--cursor", "pane--partner"):  # a dimmed paragraph under the cursor
                        on = p.rich_style + p.style_of(tint) + p.style_of(name, tint)
                        ratio = contrast(Color.from_rich_color(on.color), Color.from_rich_color(on.bgcolor))
                        if ratio < floor:
                            too_faint.append(f"{theme} {name} on {tint}: {ratio:.2f} < {floor:.2f}")
    assert not too_faint


def lab(c: Color) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour."""

    def linear(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in (c.r, c.g, c.b))
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(c1: Color, c2: Color) -> float:
    """CIEDE2000 colour difference: about 1 is the smallest difference an eye notices side by side, 10 or
    more tells two colours apart at a glance."""
    return delta_e_lab(lab(c1), lab(c2))


def delta_e_lab(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1p * c2p == 0 else (h2 - h1 + 180) % 360 - 180
    dl, dc, dhh = l2 - l1, c2p - c1p, 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + (360 if h1 + h2 < 360 else -360)) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = -2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    rotation *= math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rotation * (dc / sc) * (dhh / sh))


def test_delta_e_matches_published_values():
    """Pairs from Sharma, Wu and Dalal's CIEDE2000 test data (2005), and white, whose CIELAB is (100, 0, 0)."""
    published = [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ]
    for one, two, expected in published:
        assert round(delta_e_lab(one, two), 4) == expected
    assert [round(v, 1) for v in lab(Color(255, 255, 255))] == [100.0, 0.0, 0.0]


#: The kinds of highlight a reader must tell apart, each as the pane paints its background: the plain text,
#: the cursor and its partners (whole paragraphs), the words only one article uses (left, right, centre),
#: descriptors, search matches, the current match and a word selection (drawn reversed). A note's words are
#: underlined, not tinted.
TINTS = (
    "pane--cursor",
    "pane--partner",
    "pane--left-only",
    "pane--right-only",
    "pane--centre-only",
    "pane--descriptor",
    "pane--search",
    "pane--search-current",
    "pane--selection",
)
APART = 8.0  # the least CIEDE2000 difference between any two of them (and the plain text)


def painted_background(p: ArticlePane, name: str | None) -> Color:
    style = p.rich_style + p.style_of(name) if name else p.rich_style
    colour = style.color if style.reverse else style.bgcolor
    return Color.from_rich_color(colour)


async def test_every_kind_of_highlight_is_told_apart_in_every_theme():
    """Each pair of highlights, as painted in the focused pane, differs by at least APART. Once the cursor and
    its partner were two shades of one blue (a contrast ratio of 1.2 in textual-dark, 1.04 in
    solarized-light), and left-only words and descriptors two shades of orange in solarized-light."""
    alike = []
    async with opened() as pilot:
        for theme in BUILTIN_THEMES:
            if "ansi" in theme:  # the terminal's own palette: nothing to measure
                continue
            pilot.app.theme = theme
            await pilot.pause()
            p = pane(pilot, "left")
            assert p.has_focus  # the cursor is painted as the focused pane paints it
            backgrounds = {name or "plain text": painted_background(p, name) for name in (None, *TINTS)}
            for (a, ca), (b, cb) in itertools.combinations(backgrounds.items(), 2):
                if delta_e(ca, cb) < APART:
                    alike.append(f"{theme}: {a} and {b} differ by {delta_e(ca, cb):.1f}")
    assert not alike


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
