"""The reader, driven with the keys a person presses (Textual Pilot)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, Footer

from reader.analysis import descriptors
from reader.notes.notesfile import load_notes
from reader.text.document import Role
from reader.tui.marks import focused_link, link_ends, score_text
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.contrasts import ContrastsScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.picker import PickerScreen
from reader.tui.screens.reading import CONTRASTING, SPINNER, ReaderScreen
from tests.apptools import (
    SIZE,
    RecordingApp,
    burst,
    make_app,
    notified,
    opened,
    pane,
    reader,
    settle,
    viewport_row,
    wait_until,
)
from tests.conftest import DATA, SEED_LEFT, SEED_RIGHT, SPLIT_LEFT, SPLIT_RIGHT


async def test_bundled_pair_opens_side_by_side_with_headers_and_links():
    async with opened() as pilot:
        screen = reader(pilot)
        assert not screen.has_class("-narrow")
        assert screen.query_one("#left-column").region.y == screen.query_one("#right-column").region.y
        left_header = str(screen.query_one("#left-header").render())
        assert "The Epoch Times" in left_header and "Moscow Condemns" in left_header
        assert "Breitbart" in str(screen.query_one("#right-header").render())
        assert screen.comparison is not None and screen.comparison.links
        status = str(screen.query_one("#status").render())
        assert f"{len(screen.comparison.links)} links" in status and "sync on" in status


async def test_next_and_prev_link_walk_every_link_and_keep_partners_opposite():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        linked = sorted(screen.comparison.linked("left"))
        start = screen.cursors["left"]
        visited = []
        for _ in range(len(linked) + 1):
            await pilot.press("right_square_bracket")
            visited.append(screen.cursors["left"])
            index = screen.cursors["left"]
            partners = pane(pilot, "right").partners
            assert partners, "the linked paragraph's partner is highlighted"
            best = focused_link(screen.comparison, "left", index)  # with several links, the best is followed
            first = min(best.right if best else partners, key=lambda j: pane(pilot, "right").geometry[j][0])
            # Partner top sits on the same viewport row as the cursor (unless the pane cannot scroll that far).
            row_left = viewport_row(pane(pilot, "left"), index)
            row_right = viewport_row(pane(pilot, "right"), first)
            assert row_left == row_right or pane(pilot, "right").scroll_y in (0, pane(pilot, "right").max_scroll_y)
        ahead = [i for i in linked if i > start]
        assert visited[: len(ahead)] == ahead
        assert visited[-1] == visited[-2] == linked[-1]  # at the last link the cursor stays and says so
        assert "no more" in str(screen.query_one("#status").render())
        await pilot.press("tab")
        assert "no more" not in str(screen.query_one("#status").render())  # it went with the place it was about
        await pilot.press("tab", "left_square_bracket")
        assert screen.cursors["left"] == linked[-2]


async def test_next_unmatched_finds_paragraphs_without_counterpart():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        unmatched = screen.comparison.unmatched("left")
        seen = []
        for _ in unmatched:
            await pilot.press("right_curly_bracket")
            seen.append(screen.cursors["left"])
        assert seen == [i for i in unmatched if i > 5] + [unmatched[-1]] * (
            len(unmatched) - len([i for i in unmatched if i > 5])
        )
        assert "unlinked" in str(screen.query_one("#status").render())
        assert not pane(pilot, "right").partners


async def test_paragraph_keys_and_arrows_move_the_cursor():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        first = screen.cursors["left"]
        await pilot.press("j")
        assert screen.cursors["left"] == first + 1
        await pilot.press("down", "down")
        assert screen.cursors["left"] == first + 3
        await pilot.press("k", "up")
        assert screen.cursors["left"] == first + 1
        await pilot.press("G")
        assert screen.cursors["left"] == len(screen.articles["left"].document.paragraphs) - 1
        await pilot.press("g")
        assert screen.cursors["left"] == 0


async def test_switch_pane_lands_on_the_partner():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        app = pilot.app
        screen = reader(pilot)
        await pilot.press("right_square_bracket")
        index = screen.cursors["left"]
        partner = min(j for link in screen.comparison.partners("left", index) for j in link.right)
        await pilot.press("tab")
        assert screen.side == "right"
        assert app.focused is pane(pilot, "right")
        assert screen.cursors["right"] == partner
        await pilot.press("h")
        assert screen.side == "left" and screen.cursors["left"] == index


async def test_toggle_sync_stops_the_other_pane_following():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        await pilot.press("s")
        assert screen.sync is False
        assert "sync off" in str(screen.query_one("#status").render())
        before = pane(pilot, "right").scroll_y
        for _ in range(4):
            await pilot.press("right_square_bracket")
        assert pane(pilot, "right").scroll_y == before
        await pilot.press("s")
        assert screen.sync is True
        index = screen.cursors["left"]
        best = focused_link(screen.comparison, "left", index)  # a paragraph with several links follows its best
        partner = min(best.right) if best else min(pane(pilot, "right").partners)
        assert viewport_row(pane(pilot, "left"), index) == viewport_row(pane(pilot, "right"), partner)


async def test_scrolling_one_pane_moves_the_other_to_keep_linked_text_opposite():
    app = make_app(SEED_LEFT, SEED_RIGHT)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        left, right = pane(pilot, "left"), pane(pilot, "right")
        link = max(reader(pilot).comparison.links, key=lambda link: link.score)
        i, j = link.left[0], link.right[0]
        # Put the middle of the left viewport inside paragraph i, as a mouse wheel would.
        left.scroll_to(y=left.geometry[i][0] - left.scrollable_content_region.height // 2, animate=False)
        await pilot.pause()
        middle_right = right.scroll_y + right.scrollable_content_region.height / 2
        top, height = right.geometry[j]
        assert top <= middle_right <= top + height


async def test_toggle_layout_lines_up_rows_in_aligned_mode():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        await pilot.press("v")
        assert screen.aligned
        left, right = pane(pilot, "left"), pane(pilot, "right")
        assert len(left.lines) == len(right.lines)
        for link in screen.comparison.links:
            tops_l = min(left.geometry[i][0] for i in link.left)
            tops_r = min(right.geometry[j][0] for j in link.right)
            assert (
                tops_l == tops_r
                or len(link.left) > 1
                or len(link.right) > 1
                or any(len(screen.comparison.partners("right", j)) > 1 for j in link.right)
                or any(len(screen.comparison.partners("left", i)) > 1 for i in link.left)
            )
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert left.scroll_y == right.scroll_y
        assert "aligned" in str(screen.query_one("#status").render())
        await pilot.press("v")
        assert not screen.aligned
        assert len(left.lines) != len(right.lines)


async def test_focused_pair_highlights_the_words_that_differ():
    async with opened(DATA / "river_left.txt", DATA / "river_right.txt") as pilot:
        screen = reader(pilot)
        while screen.cursors["left"] != 4:  # the quote: "and we are asking" against "Romero said, urging"
            await pilot.press("j")
        left_spans = pane(pilot, "left").highlights[4]
        right_spans = pane(pilot, "right").highlights[4]
        text_l = screen.articles["left"].document.paragraphs[4].text
        text_r = screen.articles["right"].document.paragraphs[4].text
        left_words = {text_l[a:b] for a, b, name in left_spans if name == "pane--left-only"}
        right_words = {text_r[a:b] for a, b, name in right_spans if name == "pane--right-only"}
        assert any("asking" in w for w in left_words)
        assert any("urging" in w for w in right_words)
        assert not any("river" in w for w in left_words | right_words)  # shared words are not highlighted


async def test_search_and_next_match():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        await pilot.press("slash", *"Kosachev", "enter")
        docs = screen.articles
        first = screen.cursors[screen.side]
        assert "Kosachev" in docs[screen.side].document.paragraphs[first].text
        assert "match 1/" in str(screen.query_one("#status").render())
        await pilot.press("n")
        assert "match 2/" in str(screen.query_one("#status").render())
        await pilot.press("N")
        assert screen.cursors[screen.side] == first


async def test_jump_to_a_paragraph_by_number():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        await pilot.press("colon", "1", "2", "enter")
        assert reader(pilot).cursors["left"] == 12
        await pilot.press("colon", "9", "9", "9", "enter")
        assert reader(pilot).cursors["left"] == 12  # out of range: a warning, no move


async def test_click_focuses_a_paragraph():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        right = pane(pilot, "right")
        top = right.geometry[3][0] - round(right.scroll_y)
        await pilot.click("#right-pane", offset=(20, top))
        assert reader(pilot).side == "right" and reader(pilot).cursors["right"] == 3


async def test_help_lists_every_binding_from_the_live_keymap(tmp_path: Path):
    keymap = tmp_path / "keys.yaml"
    keymap.write_text("next-link: z\n")
    async with opened(SEED_LEFT, SEED_RIGHT, keymap=keymap) as pilot:
        app = pilot.app
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        ids = {row[3] for row in rows}
        assert {"quit", "help", "next-link", "prev-link", "next-unmatched", "switch-pane", "toggle-sync"} <= ids
        assert {"toggle-layout"} <= ids
        assert next(row for row in rows if row[3] == "next-link")[0] == "z"
        notes = " ".join(str(w.render()) for w in app.screen.query(".help-note"))
        assert "keys.yaml (given with --keymap)" in notes and "settings.yaml" in notes and "--theme" in notes
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_scrolls_with_the_arrows_and_page_keys_at_once_and_explains_the_marks():
    async with opened(SEED_LEFT, SEED_RIGHT, size=(40, 12)) as pilot:
        await pilot.press("question_mark")
        body = pilot.app.screen.query_one("#help-body")
        await pilot.press("pagedown")
        paged = body.scroll_y
        await pilot.press("down")
        assert 0 < paged < body.scroll_y
        down = body.scroll_y
        await pilot.press("j")  # as in every other list
        assert body.scroll_y > down
        await pilot.press("k")
        assert body.scroll_y == down
        await burst(pilot, *["j"] * 5, *["down"] * 5)  # a held key: every press counts
        await wait_until(pilot, lambda: body.scroll_y == min(down + 10, body.max_scroll_y))
        await pilot.press("end")
        legend = " ".join(str(w.render()) for w in pilot.app.screen.query(".legend-meaning"))
        for meaning in (
            "linked in step",
            "the other outlet moved",
            "brought opposite",
            "more than one partner",
            "two headlines",
            "is no error",
            "pinned",
            "left out",
            "a note",
            "another pane's cursor",
            "left article uses",
            "right article uses",
            "describes",
            "search matches",
            "selected",
        ):
            assert meaning in legend
        assert body.scroll_y == body.max_scroll_y > paged
        table = pilot.app.screen.query_one("#help-table", DataTable)  # narrow: where and id under the action
        assert "everywhere · quit" in str(table.get_row_at(0)[1]) and table.virtual_size.width <= body.size.width


async def test_user_keymap_rebinds_and_bad_entries_warn_without_crashing(tmp_path: Path):
    keymap = tmp_path / "keys.yaml"
    keymap.write_text("next-link: f\nno-such-binding: y\nprev-link: ctrl+nonsense\n")
    async with opened(SEED_LEFT, SEED_RIGHT, keymap=keymap) as pilot:
        app = pilot.app
        assert isinstance(app, RecordingApp) and len(app.notified) == 1  # one toast, not one per warning
        messages = notified(pilot)
        assert "no-such-binding" in messages and "ctrl+nonsense" in messages
        assert "'f' now runs 'next-link'" in messages  # taken from page-down, which says what it keeps
        screen = reader(pilot)
        start = screen.cursors["left"]
        await pilot.press("f")
        assert screen.cursors["left"] != start and screen.cursors["left"] in screen.comparison.linked("left")
        moved = screen.cursors["left"]
        await pilot.press("left_square_bracket")  # the default survives a bad override
        assert screen.cursors["left"] != moved


async def test_many_keymap_warnings_make_one_short_toast_and_help_lists_them_all(tmp_path: Path):
    keymap = tmp_path / "keys.yaml"
    # four kinds of warning: an unknown id, a bad key, two choices of the user's that clash, a default taken
    keymap.write_text("no-such-binding: y\nnext-link: ctrl+nonsense\nprev-link: z\nnext-unmatched: z\ntoggle-sync: f\n")
    async with opened(SEED_LEFT, SEED_RIGHT, keymap=keymap) as pilot:
        app = pilot.app
        assert isinstance(app, RecordingApp) and len(app.notified) == 1 and len(app.keymap_warnings) == 4
        toast = app.notified[0]
        assert toast.count("•") == 3 and toast.endswith("1 more: help (?) lists them all")
        await pilot.press("question_mark")
        notes = " ".join(str(w.render()) for w in app.screen.query(".help-note"))
        assert all(w in notes for w in app.keymap_warnings)
        assert f"Your keymap file: {keymap} (given with --keymap)" in notes  # the file in use


async def test_broken_keymap_file_falls_back_to_defaults(tmp_path: Path):
    keymap = tmp_path / "keys.yaml"
    keymap.write_text("next-link: [unclosed\n")
    async with opened(SEED_LEFT, SEED_RIGHT, keymap=keymap) as pilot:
        assert "not valid YAML" in notified(pilot)
        start = reader(pilot).cursors["left"]
        await pilot.press("right_square_bracket")
        assert reader(pilot).cursors["left"] != start


async def test_the_footer_names_help_first_so_a_narrow_terminal_still_shows_it():
    """At 80 columns the footer has room for six keys; help came last, and was the one cut."""
    async with opened(SEED_LEFT, SEED_RIGHT, size=(80, 24)) as pilot:
        footer = reader(pilot).query_one(Footer)
        keys = [key for key in footer.query("FooterKey") if not key.has_class("-command-palette")]
        assert getattr(keys[0], "key", None) == "question_mark" and keys[0].region.right <= 80
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)


async def test_narrow_terminal_stacks_the_panes_and_survives_resizing():
    app = make_app(SEED_LEFT, SEED_RIGHT)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = reader(pilot)
        left = pane(pilot, "left")
        assert screen.has_class("-narrow") and left.region.width > 70
        assert pane(pilot, "right").region.y > left.region.y  # stacked: the right pane below the left
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert not screen.has_class("-narrow") and pane(pilot, "right").region.y == left.region.y
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.press("right_square_bracket", "v", "right_square_bracket")
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert reader(pilot).aligned and len(left.lines) == len(pane(pilot, "right").lines)


async def test_command_palette_offers_every_reading_action():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        app = pilot.app
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for info in app.binding_registry():
            if info.scope in ("reading", "everywhere"):
                assert info.description in titles


async def test_article_text_is_never_markup(tmp_path: Path):
    left = tmp_path / "a.txt"
    right = tmp_path / "b.txt"
    left.write_text(
        "Headline [bold]here[/bold]\n\nClick [@click=app.quit]this[/] now, said the [link=http://x]mayor[/link].\n"
    )
    right.write_text("Other headline\n\nClick [@click=app.quit]this[/] now, the mayor said.\n")
    async with opened(left, right) as pilot:
        app = pilot.app
        strip = pane(pilot, "left").render_line(0)
        assert "[bold]here[/bold]" in strip.text
        await pilot.click("#left-pane", offset=(25, 3))
        await pilot.pause()
        assert app.is_running  # clicking the fake action did not quit


async def test_picker_opens_a_story_of_three_in_three_panes_and_lets_the_user_choose_from_more(tmp_path: Path):
    three = tmp_path / "a-three"
    three.mkdir()
    for name in ("left", "centre", "right"):
        (three / f"{name}.txt").write_text((DATA / f"river_{name}.txt").read_text())
    (three / "story.yaml").write_text("title: The flood\narticles: [left.txt, centre.txt, right.txt]\n")
    four = tmp_path / "b-four"
    four.mkdir()
    for name in ("one.txt", "two.txt", "three.txt", "four.txt"):
        source = "river_right.txt" if name == "two.txt" else "river_left.txt"
        (four / name).write_text((DATA / source).read_text())
    (four / "two.meta.yaml").write_text("outlet: Second Outlet\nheadline: A headline\n")
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")  # the story of three opens at once, in three panes
        await settle(pilot)
        assert reader(pilot).panes == ("left", "centre", "right")
        assert reader(pilot).articles["centre"].info.path.name == "centre.txt"
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # the story of four lists its articles
        await pilot.press("j", "j", "down", "space")  # mark the fourth file (sorted: four, one, three, two)
        option = str(app.screen.query_one("OptionList").get_option_at_index(3).prompt)
        assert option.startswith("[1] Second Outlet · A headline")
        await pilot.press("k", "up", "k", "enter")  # the highlighted first file completes the pair
        await settle(pilot)
        screen = reader(pilot)
        assert screen.articles["left"].info.path.name == "two.txt"
        assert screen.articles["right"].info.path.name == "four.txt"


async def test_an_article_without_metadata_is_listed_by_its_first_line(tmp_path: Path):
    story = tmp_path / "story-a"
    story.mkdir()
    sources = (("fox", "left"), ("cnn", "right"), ("ap", "left"), ("bbc", "centre"))  # four: a list to choose from
    for name, source in sources:
        (story / f"{name}.txt").write_text((DATA / f"river_{source}.txt").read_text())
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        options = app.screen.query_one("OptionList")
        listed = [str(options.get_option_at_index(k).prompt) for k in range(options.option_count)]
        assert listed[2] == "[ ] Record Flood on the Marten: Emergency Declared as Levees Strain  (cnn.txt)"
        assert listed[3] == "[ ] Flood Waters Force Thousands From Homes Along the Marten River  (fox.txt)"


async def test_backspace_goes_back_from_a_story_to_the_list_of_stories(tmp_path: Path):
    for folder in ("story-a", "story-b"):
        (tmp_path / folder).mkdir()
        for name in ("left.txt", "right.txt"):
            (tmp_path / folder / name).write_text((DATA / f"river_{name}").read_text())
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # story-b: two articles open at once
        await settle(pilot)
        assert reader(pilot).session.left.path == tmp_path / "story-b" / "left.txt"
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.query_one("OptionList").highlighted == 1  # the story just read
        assert app.sessions == []
        await pilot.press("up", "enter")  # story-a
        await settle(pilot)
        await pilot.press("a", *"unsaved", "ctrl+s", "backspace")  # a note, then back at once
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "save and go back" in str(
            app.screen.query_one("#confirm-keys").render()
        )
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    saved = load_notes(tmp_path / "story-a" / "left--right.notes.yaml")
    assert [n.body for n in saved.notes] == ["unsaved"]


async def test_backspace_on_a_pair_opened_from_the_command_line_says_there_is_no_list():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        await pilot.press("backspace")
        assert isinstance(pilot.app.screen, ReaderScreen) and "no list" in notified(pilot)


async def test_contrasts_table_lists_entities_and_jumps_both_panes():
    from reader.tui.screens.contrasts import ContrastsScreen

    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        app = pilot.app
        screen = reader(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, ContrastsScreen)
        table = app.screen.query_one("#contrasts-table", DataTable)
        entities = [str(table.get_row_at(r)[0]) for r in range(table.row_count)]
        assert "Bashar al-Assad" in entities
        row = entities.index("Bashar al-Assad")
        await pilot.press(*["j"] * (row + 1), "k", "enter")  # j and k, as in the reading screen
        assert not isinstance(app.screen, ContrastsScreen)
        contrast = screen.comparison.contrasts[row]
        left_at = next(d.paragraph for d in contrast.left if d.kind != "name")
        right_at = next(d.paragraph for d in contrast.right if d.kind != "name")
        assert screen.cursors["left"] == left_at and screen.cursors["right"] == right_at
        for side, index in (("left", left_at), ("right", right_at)):
            p = pane(pilot, side)
            assert 0 <= viewport_row(p, index) < p.scrollable_content_region.height


async def test_descriptors_have_their_own_highlight_style():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        right = pane(pilot, "right")
        text = reader(pilot).articles["right"].document.paragraphs[11].text
        spans = [(a, b) for a, b, name in right.highlights.get(11, []) if name == "pane--descriptor"]
        assert "dictator" in [text[a:b] for a, b in spans]
        styles = {name for spans in right.highlights.values() for _, _, name in spans}
        assert "pane--descriptor" in styles
        assert right.style_of("pane--descriptor") != right.style_of("pane--right-only")


async def test_links_show_at_once_and_a_spinner_turns_until_the_contrasts_arrive(monkeypatch):
    release = threading.Event()
    real = descriptors.find_contrasts

    def held(*args, **kwargs):
        release.wait()  # however long the test takes to look (it is set at the end, whatever happens)
        return real(*args, **kwargs)

    monkeypatch.setattr(descriptors, "find_contrasts", held)
    app = make_app(SEED_LEFT, SEED_RIGHT)
    async with app.run_test(size=SIZE) as pilot:
        screen = reader(pilot)

        def status() -> str:
            return str(screen.query_one("#status").render())

        try:
            await wait_until(pilot, lambda: screen.comparison is not None)
            first = status()
            assert screen.comparison.links and not screen.comparison.contrasts
            assert f"{len(screen.comparison.links)} links" in first and CONTRASTING in first
            assert any(frame in first for frame in SPINNER)
            await wait_until(pilot, lambda: status() != first)  # the spinner turns
            await pilot.press("c")  # contrasts are not there yet: a message, not an empty table
            assert not isinstance(app.screen, ContrastsScreen)
        finally:
            release.set()
        await settle(pilot)
        assert screen.comparison.contrasts
        assert CONTRASTING not in status() and not any(frame in status() for frame in SPINNER)
        await pilot.press("c")
        assert isinstance(app.screen, ContrastsScreen)


# --- what the reader sees of where it is --------------------------------------------------------------------


def status(pilot) -> str:
    return str(reader(pilot).query_one("#status").render())


async def test_the_pane_being_read_is_shown_in_its_header_and_named_first_in_the_status():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        await pilot.press("right_square_bracket")
        assert screen.query_one("#left-column").has_class("-active")
        assert not screen.query_one("#right-column").has_class("-active")
        assert status(pilot).startswith("left ¶") and "↔ right ¶" in status(pilot)
        await pilot.press("tab")
        assert screen.query_one("#right-column").has_class("-active")
        assert not screen.query_one("#left-column").has_class("-active")
        assert status(pilot).startswith("right ¶") and "↔ left ¶" in status(pilot)


async def test_paging_keeps_the_cursor_on_screen_and_its_partner_level():
    async with opened(SEED_LEFT, SEED_RIGHT, size=(160, 24)) as pilot:
        screen = reader(pilot)
        for key in ("space", "space", "space", "b"):
            await pilot.press(key)
            await pilot.pause()
            left = pane(pilot, "left")
            index = screen.cursors["left"]
            assert 0 <= viewport_row(left, index) < left.scrollable_content_region.height
            partners = screen.partners("left", index).get("right")
            right = pane(pilot, "right")
            if partners and right.max_scroll_y > right.scroll_y > 0:  # a pane at its end cannot move further
                assert abs(viewport_row(right, partners[0]) - viewport_row(left, index)) <= 1


async def test_search_moves_the_cursor_and_numbers_the_matches_the_same_way_each_time():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        await pilot.press("slash", *"Soleimani", "enter")
        first = screen.search
        side, index, _, _ = first.hits[first.at]
        assert (screen.side, screen.cursors[side]) == (side, index)
        for _ in range(len(first.hits) // 2 + 1):
            await pilot.press("n")
        await pilot.press("slash", "enter")  # the same search again, from wherever the cursor now is
        again = screen.search
        assert again.hits == first.hits
        assert again.hits[again.at][:2] == (screen.side, screen.cursors[screen.side])
        assert f"match {again.at + 1}/{len(again.hits)}" in status(pilot)


async def test_a_pin_reads_as_a_pin_and_u_undoes_it(tmp_path: Path):
    left, right = (tmp_path / "river_left.txt", tmp_path / "river_right.txt")
    for path in (left, right):
        path.write_text((DATA / path.name).read_text())
    async with opened(left, right) as pilot:
        screen = reader(pilot)
        plant = next(p.index for p in screen.articles["left"].document.paragraphs if "treatment plant" in p.text)
        anglers = next(p.index for p in screen.articles["right"].document.paragraphs if "Anglers" in p.text)
        await pilot.press("colon", *str(plant), "enter", "tab", "colon", *str(anglers), "enter", "p")
        await pilot.pause()
        assert pane(pilot, "right").marks[anglers].second == "pin"
        assert f"right ¶{anglers} ↔ left ¶{plant} pinned" in status(pilot)
        assert "u undoes" in notified(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert screen.partners("right", anglers) == {} and "Undone" in notified(pilot)


async def test_y_copies_the_paragraph_or_the_selected_words_with_where_they_come_from():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        index = screen.cursors["left"]
        await pilot.press("y")
        paragraphs = screen.articles["left"].document.paragraphs
        text = paragraphs[index].text
        assert paragraphs[index].role is Role.BODY and not any(p.role is Role.BODY for p in paragraphs[:index])
        # named as the memo names it: the article's first paragraph of text, then diptych's number for `:`
        assert pilot.app.clipboard == f"“{text}” (The Epoch Times, ¶1 (diptych ¶{index}))"
        await pilot.press("m", "l", "y")
        words = " ".join(text.split()[:2])
        assert pilot.app.clipboard.startswith(f"“{words}") and pilot.app.clipboard.endswith(f"(diptych ¶{index}))")
        quoting = next(p for p in paragraphs if p.text.startswith("“"))
        await pilot.press("m", "colon", *str(quoting.index), "enter", "y")  # a paragraph that opens a quotation
        assert pilot.app.clipboard.startswith(f"‘{quoting.text}’ (The Epoch Times, ¶")  # never "““"
        assert pilot.app.clipboard.endswith(f"(diptych ¶{quoting.index}))")


async def test_words_are_selected_by_sentence_or_from_a_search_match():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        await pilot.press("m", "right_parenthesis")
        s = screen.selection
        text = screen.articles["left"].document.paragraphs[s.paragraph].text
        assert text[s.start : s.end].endswith((".", "”", '"')) and "selected" in status(pilot)
        await pilot.press("m", "slash", *"Zakharova", "enter", "m")
        s = screen.selection
        chosen = screen.articles[s.side].document.paragraphs[s.paragraph].text[s.start : s.end]
        assert chosen == "Zakharova" and "selected 1 word" in status(pilot)


async def test_word_differences_are_shown_on_match_links_only():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        for link in screen.comparison.links:
            await pilot.press("colon", *str(link.left[0]), "enter")
            await pilot.pause()
            styles = {name for spans in pane(pilot, "left").highlights.values() for _, _, name in spans}
            # A paragraph with a match link too (left 11 of the bundled pair) shows the match's differences.
            strong = any(
                other.kind == "match" or other.pinned for other in screen.comparison.partners("left", link.left[0])
            )
            if link.kind == "partial" and not link.pinned and not strong:
                assert "pane--left-only" not in styles
            elif link.kind == "match":
                assert "pane--left-only" in styles


async def test_links_are_reviewed_one_by_one_pinned_or_rejected_and_undone():
    async with opened(SPLIT_LEFT, SPLIT_RIGHT) as pilot:
        screen = reader(pilot)
        links = sorted(screen.comparison.links, key=lambda link: (link.left[0], link.right[0]))
        named = [link_ends(("left", "right"), (link.left, link.right)) for link in links]
        await pilot.press("g", "R")
        assert status(pilot).startswith(f"review 1/{len(links)}: {named[0]} ")
        assert (screen.cursors["left"], screen.cursors["right"]) == (links[0].left[0], links[0].right[0])
        await pilot.press("enter")  # pins the first link; the second comes up
        assert status(pilot).startswith(f"review 2/{len(links)}: {named[1]} ")
        shared = next(
            k
            for k, link in enumerate(links)
            if len(screen.comparison.partners("left", link.left[0])) > 1
            and link is not focused_link(screen.comparison, "left", link.left[0])
        )
        for _ in range(shared - 1):  # a paragraph with two links, at its weaker one: the status names that one
            await pilot.press("right_square_bracket")
        weaker = links[shared]
        assert shared >= 1
        assert f"{named[shared]} {score_text(weaker.score)} {weaker.kind}" in status(pilot)
        for _ in range(shared - 1):
            await pilot.press("left_square_bracket")
        assert pane(pilot, "left").marks[links[0].left[0]].second == "pin"
        await pilot.press("x")  # rejects the second
        await pilot.pause()
        assert links[1].right[0] not in screen.partners("left", links[1].left[0]).get("right", [])
        await pilot.press("left_square_bracket")
        assert f"{named[1]} (rejected)" in status(pilot)
        await pilot.press("u")  # undone during the review: the status says so at once
        await pilot.pause()
        assert links[1].right[0] in screen.partners("left", links[1].left[0]).get("right", [])
        assert "(rejected)" not in status(pilot) and f"{named[1]} {score_text(links[1].score)}" in status(pilot)
        await pilot.press("x", "escape")
        assert "review" not in status(pilot)
        assert f"of {len(links)} links, 1 pinned and 1 rejected" in notified(pilot)


async def test_undo_in_a_review_goes_back_to_the_link_it_undoes():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        links = sorted(screen.comparison.links, key=lambda link: (link.left[0], link.right[0]))
        named = [link_ends(("left", "right"), (link.left, link.right)) for link in links]
        await pilot.press("g", "R", "x", "enter")  # reject the first, pin the second: the third comes up
        assert status(pilot).startswith(f"review 3/{len(links)}: {named[2]} ")
        await pilot.press("u")  # the pin undone: back on the second link, to judge it again
        assert status(pilot).startswith(f"review 2/{len(links)}: {named[1]} {score_text(links[1].score)}")
        await pilot.press("u")  # the rejection undone: back on the first
        assert status(pilot).startswith(f"review 1/{len(links)}: {named[0]} ")
        assert "(rejected)" not in status(pilot)
        assert (screen.cursors["left"], screen.cursors["right"]) == (links[0].left[0], links[0].right[0])


async def test_contrasts_table_shows_groups_and_things_with_outlets_kind_paragraph_and_voice():
    async with opened(DATA / "levy_left.txt", DATA / "levy_right.txt") as pilot:
        await pilot.press("c")
        screen = pilot.app.screen
        assert isinstance(screen, ContrastsScreen)
        table = screen.query_one("#contrasts-table", DataTable)
        headers = [str(column.label) for column in table.columns.values()]
        assert headers[:2] == ["referent", "kind"] and "levy left" in headers[2] and "levy right" in headers[3]
        rows = [[str(cell) for cell in table.get_row_at(r)] for r in range(table.row_count)]
        kinds = {row[1] for row in rows}
        assert kinds & {"group", "thing"}, rows  # not only people
        charge = next(row for row in rows if row[0] == "charge")
        assert "punishing" in charge[3] and "¶1" in charge[3] and ("own" in charge[3] or "quoted" in charge[3])
        assert not screen.query("#no-contrasts")


async def test_contrasts_table_says_when_there_are_none(tmp_path: Path):
    left, right = tmp_path / "a.txt", tmp_path / "b.txt"
    text = "The ferry left at dawn\n\nThe ferry left the harbour at dawn on Monday with forty passengers.\n"
    left.write_text(text, encoding="utf-8")
    right.write_text(text, encoding="utf-8")
    async with opened(left, right) as pilot:
        await pilot.press("c")
        assert isinstance(pilot.app.screen, ContrastsScreen)
        assert "No contrasts found" in str(pilot.app.screen.query_one("#no-contrasts").render())


async def test_help_survives_resizing_across_its_layouts_and_keeps_its_legend_readable():
    async with opened(SEED_LEFT, SEED_RIGHT, size=(130, 40)) as pilot:
        await pilot.press("question_mark")
        help_screen = pilot.app.screen
        for width in (90, 120, 80, 119, 121, 99, 100, 130):  # across both breakpoints, back and forth, at once
            await pilot.resize_terminal(width, 40)
        await wait_until(pilot, lambda: len(help_screen.query("#help-table")) == 1)
        for width in (100, 120, 159, 160, 200):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            await wait_until(pilot, lambda: len(help_screen.query("#help-table")) == 1)
            meanings = list(help_screen.query(".legend-meaning"))
            assert min(m.size.width for m in meanings) >= 20, width  # never crushed to a sliver
        assert isinstance(pilot.app.screen, HelpScreen)


async def test_tab_from_an_unlinked_paragraph_lands_in_view_not_on_a_cursor_left_far_behind():
    async with opened(SEED_LEFT, SEED_RIGHT) as pilot:
        screen = reader(pilot)
        await pilot.press("G", "left_curly_bracket")  # the last omission of the left article
        index = screen.cursors["left"]
        assert index is not None and not screen.partners("left", index)
        right = pane(pilot, "right")
        assert not right.shows(screen.cursors["right"])  # the right cursor is still at the top, off screen
        level = right.paragraph_at(round(right.scroll_y + viewport_row(pane(pilot, "left"), index)))
        await pilot.press("tab")
        assert screen.side == "right" and screen.cursors["right"] == level  # level with the one just read


@pytest.mark.parametrize("size", [(90, 36), (120, 36), (40, 12), (160, 45), (200, 30)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_end_of_help_can_be_scrolled_to(size: tuple[int, int]):
    async with opened(SEED_LEFT, SEED_RIGHT, size=size) as pilot:
        await pilot.press("question_mark")
        help_screen = pilot.app.screen
        await wait_until(pilot, lambda: help_screen.query_one("#help-table").size.height >= 2)
        body = help_screen.query_one("#help-body")
        ends = {"legend": help_screen.query(".legend-meaning"), "keys": help_screen.query(".help-note")}
        last = {name: list(found)[-1] for name, found in ends.items()}
        seen: set[str] = set()
        while True:  # page down through the whole help: the last line of each part comes into view
            seen |= {
                name
                for name, w in last.items()
                if w.region.height and body.region.y < w.region.bottom <= body.region.bottom
            }
            if body.scroll_y >= body.max_scroll_y:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        assert seen == set(ends)


@pytest.mark.parametrize("width", [80, 120, 200])
async def test_the_contrasts_table_fits_its_outlets_columns_in_the_box(width: int):
    async with opened(SEED_LEFT, SEED_RIGHT, size=(width, 36)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        table = pilot.app.screen.query_one("#contrasts-table", DataTable)
        await wait_until(pilot, lambda: table.virtual_size.width > 0)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # the last outlet is not cut off


async def test_the_contrasts_table_refits_its_columns_when_the_terminal_is_resized():
    async with opened(SEED_LEFT, SEED_RIGHT, size=(200, 36)) as pilot:
        await pilot.press("c", "j", "j")
        table = pilot.app.screen.query_one("#contrasts-table", DataTable)
        await wait_until(pilot, lambda: table.virtual_size.width > 0)
        wide = table.virtual_size.width
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: table.virtual_size.width < wide)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # the last outlet is not cut off
        assert table.cursor_row == 2  # the reader's row is kept


async def test_a_one_line_paragraph_keeps_the_gutters_second_line():
    async with opened(SEED_LEFT, SEED_RIGHT, size=(240, 45)) as pilot:  # wide enough for one-line headlines
        left = pane(pilot, "left")
        top, height = left.geometry[0]
        assert len(left.wrapped(0)) == 1 and height >= 2
        left.scroll_to(y=0, animate=False)
        await pilot.pause()
        second = left.render_line(top - round(left.scroll_y) + 1).text
        assert "title" in second  # the headline link's mark, where a one-line paragraph used to lose it


async def test_an_empty_article_opens_with_a_word_about_why_its_pane_is_empty(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    async with opened(empty, DATA / "river_right.txt") as pilot:
        assert "The left article, empty.txt, has no text to show." in notified(pilot)
        assert reader(pilot).side == "right"  # reading starts where there is text: ] } j a worked nowhere
        await pilot.press("l")
        assert "no pane to the right" in reader(pilot).query_one("#status").render_line(0).text
        await pilot.press("h", "a")  # nothing to annotate in the empty pane, and nothing breaks
        assert isinstance(pilot.app.screen, ReaderScreen)


async def test_a_failed_search_replaces_the_last_match_in_the_status_bar_even_at_80_columns(tmp_path: Path):
    async with opened(SEED_LEFT, SEED_RIGHT, size=(80, 24), notes=tmp_path / "n.notes.yaml") as pilot:

        def status() -> str:  # as painted: what does not fit in 80 columns is not there
            return reader(pilot).query_one("#status").render_line(0).text

        await pilot.press("a", *"a note", "ctrl+s")  # the notes' state is in the status bar too
        await wait_until(pilot, lambda: "1 note" in str(reader(pilot).query_one("#status").render()))
        await pilot.press("slash", *"Zakharova", "enter")
        assert "match 1/" in status()  # what the key did comes before sync and layout, so 80 columns show it
        await pilot.press("slash", *"zzqqxx", "enter")
        assert "match" not in status() and "not found: “zzqqxx”" in status()
        await pilot.press("n")  # it said "No search yet", as if nothing had been asked
        assert notified(pilot).endswith("Not found: zzqqxx (/ searches again)")


async def test_a_pane_scrolled_while_its_scrollbar_was_hidden_shows_its_thumb_where_it_is():
    """Textual moves the thumb only while the scrollbar shows. A pane brought on screen by r had been scrolled
    before its scrollbar appeared, and its thumb sat at the top on a loaded machine (a snapshot flaked on it).
    Here the scrollbar is hidden by style while the pane scrolls, then shown."""
    async with opened(DATA / "river_left.txt", DATA / "river_right.txt", size=(100, 20)) as pilot:
        left = pane(pilot, "left")
        left.styles.overflow_y = "hidden"
        await pilot.pause()
        left.scroll_to(y=4, animate=False, force=True)
        left.styles.overflow_y = "auto"
        await pilot.pause()
        assert left.show_vertical_scrollbar and left.scroll_y == 4 and left.vertical_scrollbar.position == 4


async def test_a_notice_does_not_come_back_when_the_reader_returns_to_where_it_was_said():
    """`l l` said "no pane to the right"; `h l` came back to the same pane and paragraph, and the old notice
    with it, though the last l had worked (verification of trial 19)."""
    async with opened(SEED_LEFT, SEED_RIGHT, size=(120, 30)) as pilot:
        await pilot.press("l", "l")
        assert "no pane to the right" in status(pilot)
        await pilot.press("h", "l")
        assert reader(pilot).side == "right" and "no pane to the right" not in status(pilot)


async def test_w_says_in_full_why_the_link_under_the_cursor_was_made_where_the_status_bar_has_no_room():
    async with opened(SPLIT_LEFT, SPLIT_RIGHT, size=(80, 24)) as pilot:
        await pilot.press("colon", "1", "enter")
        assert "quote" not in status(pilot)  # at 80 columns the status bar has no room for the evidence
        await pilot.press("w")
        said = notified(pilot)
        assert "quoted by both: “We will rebuild the bridge by the first of March" in said
        assert "shared words, weightiest first: " in said
        assert "what the model weighed into the score: word overlap " in said
        await pilot.press("colon", "3", "enter", "w")
        assert "figures both give: 14" in notified(pilot)
        await pilot.press("colon", "5", "enter", "w")  # the ferries: reported by the left only
        assert notified(pilot).endswith("The paragraph under the cursor is not linked: there is nothing to explain.")


async def test_a_review_names_why_each_link_was_made_before_its_keys():
    async with opened(SPLIT_LEFT, SPLIT_RIGHT, size=(120, 40)) as pilot:
        await pilot.press("g", "R", "right_square_bracket")  # the second link: left ¶1 and right ¶1
        shown = status(pilot)
        assert shown.startswith("review 2/")  # at 120 columns the evidence keeps its room, before the keys
        assert shown.index("quote “We will rebuild") < shown.index("enter pins")


async def test_w_explains_a_link_from_either_pane_and_a_pin_the_aligner_also_made():
    async with opened(SPLIT_LEFT, SPLIT_RIGHT, size=(120, 40)) as pilot:
        await pilot.press("colon", "3", "enter", "tab")  # left ¶3, then its partner right ¶3: the cost, in both
        assert reader(pilot).side == "right" and reader(pilot).cursors["right"] == 3
        await pilot.press("w")
        said = notified(pilot)
        assert "Why linked" not in said  # the title is apart; the lines are the evidence, from this side too
        assert "figures both give: 14" in said and "shared words, weightiest first: " in said
        await pilot.press("p")  # pinned by hand to left ¶3: the aligner made it as well, so its evidence stays
        await pilot.press("w")
        assert "pinned by hand" in notified(pilot) and "the aligner did not make" not in notified(pilot)


async def test_figures_in_the_status_bar_say_what_they_are():
    async with opened(SPLIT_LEFT, SPLIT_RIGHT, size=(200, 40)) as pilot:
        await pilot.press("colon", "3", "enter")  # 14 million euros, in both
        assert status(pilot).endswith("figures: 14")


async def test_y_also_gives_the_text_to_the_systems_clipboard_command_and_says_which(tmp_path: Path, monkeypatch):
    tools = tmp_path / "bin"
    tools.mkdir()
    received = tmp_path / "clipboard.txt"
    fake = tools / "wl-copy"  # a stand-in that keeps what it is given and, like wl-copy, leaves a child behind
    fake.write_text(f"#!/bin/sh\ncat > {received}\nsleep 4 &\n")
    fake.chmod(0o755)
    async with opened(SPLIT_LEFT, SPLIT_RIGHT) as pilot:
        await pilot.press("y")  # no clipboard command can work here: only the terminal's, and the toast says so
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "Sent ¶1 (diptych ¶1) from bridge_left.txt to the terminal's clipboard (OSC 52)" in notified(pilot)
        monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
        monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert received.read_text(encoding="utf-8") == pilot.app.clipboard
        assert "Copied ¶1 (diptych ¶1) from bridge_left.txt to the clipboard (wl-copy)" in notified(pilot)
