"""Three outlets at once (the river story told three ways), driven with the keys a person presses."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from reader.notes.notesfile import load_notes
from tests.apptools import opened, pane, reader, settle, viewport_row, wait_until
from tests.conftest import DATA

NAMES = ("left", "centre", "right")


def story(folder: Path) -> list[Path]:
    """The three river reports, copied into `folder`, in pane order."""
    out = []
    for name in NAMES:
        shutil.copy(DATA / f"river_{name}.txt", folder / f"river_{name}.txt")
        out.append(folder / f"river_{name}.txt")
    return out


def columns_on_screen(pilot) -> list[str]:
    screen = reader(pilot)
    return [p for p in screen.panes if screen.query_one(f"#{p}-column").display and pane(pilot, p).region.width]


async def test_three_articles_show_three_panes_when_wide_and_rotate_two_at_a_time_when_not(tmp_path: Path):
    async with opened(*story(tmp_path), size=(160, 45)) as pilot:
        assert columns_on_screen(pilot) == ["left", "centre", "right"]
        await pilot.resize_terminal(110, 35)
        await pilot.pause()
        assert columns_on_screen(pilot) == ["left", "centre"]
        status = lambda: str(reader(pilot).query_one("#status").render())  # noqa: E731
        assert "right hidden: r shows it" in status()  # the third article is out of sight, and the way to it
        await pilot.press("r")
        await pilot.pause()
        assert columns_on_screen(pilot) == ["centre", "right"] and reader(pilot).side == "centre"
        assert "left hidden: r shows it" in status()
        await pilot.press("r")
        await pilot.pause()
        assert columns_on_screen(pilot) == ["left", "right"]


async def test_stepping_to_a_hidden_pane_keeps_the_pane_just_read_beside_it(tmp_path: Path):
    async with opened(*story(tmp_path), size=(110, 35)) as pilot:
        assert columns_on_screen(pilot) == ["left", "centre"]
        await pilot.press("l", "l")  # centre, then right: the centre stays beside it, the left goes
        await pilot.pause()
        assert reader(pilot).side == "right" and columns_on_screen(pilot) == ["centre", "right"]
        await pilot.press("h", "h")  # centre, then left
        await pilot.pause()
        assert reader(pilot).side == "left" and columns_on_screen(pilot) == ["left", "centre"]


async def test_the_gutter_says_which_outlets_report_each_fact(tmp_path: Path):
    async with opened(*story(tmp_path), size=(160, 45)) as pilot:
        screen = reader(pilot)
        collation = screen.collation
        marks = pane(pilot, "centre").marks
        for fact in collation.facts:
            for p in fact.paragraphs[1]:
                dots = " ".join("●" if found else "○" for found in fact.paragraphs)
                assert marks[p].first == dots
        red_cross = next(p.index for p in screen.articles["centre"].document.paragraphs if "Red Cross" in p.text)
        assert marks[red_cross].first == "○ ● ○" and marks[red_cross].second == "only"


async def test_next_shared_and_next_single_step_through_facts(tmp_path: Path):
    async with opened(*story(tmp_path), size=(160, 45)) as pilot:
        screen = reader(pilot)
        collation = screen.collation
        await pilot.press("greater_than_sign")
        fact = collation.fact_of(0, screen.cursors["left"])
        assert fact is not None and fact.shared_by_all
        await pilot.press("l")  # the centre pane, on the partner
        assert screen.side == "centre" and screen.cursors["centre"] in fact.paragraphs[1]
        await pilot.press("right_curly_bracket")
        single = collation.fact_of(1, screen.cursors["centre"])
        assert single is not None and single.articles == (1,)  # what the centre outlet alone reported


async def test_sync_keeps_a_facts_paragraphs_level_in_all_three_panes(tmp_path: Path):
    async with opened(*story(tmp_path), size=(160, 16)) as pilot:  # short: no partner is pinned at the top
        screen = reader(pilot)
        burst = next(p.index for p in screen.articles["right"].document.paragraphs if "burst its banks" in p.text)
        await pilot.press("l", "l", "colon", *str(burst), "enter")
        await pilot.pause()
        assert screen.side == "right"
        rows = [viewport_row(pane(pilot, "right"), burst)]
        for name, k in (("left", 0), ("centre", 1)):
            partner = screen.collation.partners(2, burst, k)[0]
            rows.append(viewport_row(pane(pilot, name), partner))
        assert max(rows) - min(rows) <= 1


async def test_a_note_on_a_three_way_fact_is_saved_and_reopened(tmp_path: Path):
    paths = story(tmp_path)
    notes = tmp_path / "three.notes.yaml"
    async with opened(*paths, notes=notes, size=(160, 45)) as pilot:
        await pilot.press("greater_than_sign", "a")
        await pilot.pause()
        await pilot.press(*"all three say so", "tab", "tab", "tab", "space", "ctrl+s")  # also on the partners
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = yaml.safe_load(notes.read_text())
    assert saved["schema"] == "diptych.notes/2" and list(saved["articles"]) == list(NAMES)
    assert {t.side for t in load_notes(notes).notes[0].targets} == set(NAMES)
    async with opened(notes, size=(160, 45)) as pilot:
        await settle(pilot)
        screen = reader(pilot)
        assert screen.panes == NAMES and screen.session.notes[0].body == "all three say so"
        assert all(screen.annotator.noted_paragraphs(p) for p in NAMES)


async def test_the_contrasts_table_has_a_column_per_outlet_and_jumps_every_pane(tmp_path: Path):
    from textual.widgets import DataTable

    from reader.tui.screens.contrasts import ContrastsScreen

    async with opened(*story(tmp_path), size=(170, 45)) as pilot:
        await pilot.press("c")
        table = pilot.app.screen.query_one("#contrasts-table", DataTable)
        assert isinstance(pilot.app.screen, ContrastsScreen)
        headers = [str(column.label) for column in table.columns.values()]
        assert headers == ["referent", "kind", "river left", "river centre", "river right"]
        row = pilot.app.screen.contrasts[0]
        await pilot.press("enter")
        await pilot.pause()
        screen = reader(pilot)
        for pane, items, mentions in zip(NAMES, row.descriptors, row.mentions):
            wanted = next((d.paragraph for d in items if d.kind != "name"), mentions[0] if mentions else None)
            if wanted is not None:
                assert screen.cursors[pane] == wanted


async def test_x_before_any_other_pane_unlinks_only_from_the_pane_beside(tmp_path: Path):
    """Pressed before the reader had been in another pane, x unlinked the paragraph from its partners in both
    other outlets at once (review 19). It unlinks from the pane beside, as R reviews the links with it."""
    async with opened(*story(tmp_path), size=(160, 45)) as pilot:
        screen = reader(pilot)
        linked_both = [i for i in range(20) if {"centre", "right"} <= set(screen.partners("left", i))]
        index = linked_both[0]
        await pilot.press("colon", *str(index), "enter")
        before_right = screen.partners("left", index)["right"]
        await pilot.press("x")
        assert not screen.partners("left", index).get("centre")
        assert screen.partners("left", index).get("right") == before_right
        await pilot.press("R")
        assert screen.review is not None and screen.review.pair == ("left", "centre")


async def test_the_notes_list_fits_a_note_on_three_outlets_at_80_columns_and_keeps_its_keys_when_short(
    tmp_path: Path,
):
    """Trial 20: at 80 columns the quote column was off-screen and the tags cut without "…"; at 100x16 the
    line of keys disappeared. Every column is now on screen, each cut cell ends with "…", and the note
    under the cursor shows what the list cut of it under the list: its first line whole, then its quotes
    (review 20: the short fields first, the quote cut last)."""
    from textual.widgets import DataTable, Static

    notes = tmp_path / "three.notes.yaml"
    body = "All three outlets report the breach, each in its own words and with its own figures"
    async with opened(*story(tmp_path), notes=notes, size=(80, 24)) as pilot:
        await pilot.press("greater_than_sign", "a")
        await pilot.pause()
        await pilot.press(*body, "tab", "tab", "tab", "space", "ctrl+s")  # also on the partners
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        screen = pilot.app.screen
        table = screen.query_one("#notes-table", DataTable)
        await wait_until(pilot, lambda: table.virtual_size.width > 0)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no column off-screen
        headers = [str(column.label) for column in table.columns.values()]
        assert headers == ["state", "where", "note", "tags", "quote"]
        row = [str(cell) for cell in table.get_row_at(0)]
        note = screen.notes[0]
        assert row[1].splitlines() == [f"{t.side} ¶{t.paragraph}" for t in note.targets]
        assert row[2].endswith("…") and body.startswith(row[2][:-1])
        quotes = row[4].splitlines()
        assert len(quotes) == 3 and all(q.endswith("…”") for q in quotes)  # cut, and saying so
        detail = " ".join(str(screen.query_one("#notes-detail", Static).render()).split())
        assert detail.startswith(f"note: {body} · left ¶{note.targets[0].paragraph} “")  # the quotes after it
        assert detail.endswith("…")  # the quotes cut, last
        await pilot.resize_terminal(100, 16)
        await pilot.pause()
        hint = screen.query_one("#notes-hint", Static)
        assert hint.region.height >= 1 and "e edit" in str(hint.render())


async def test_the_contrasts_of_three_outlets_fit_at_80_columns_and_show_rows_at_40x12(tmp_path: Path):
    """At 80 columns the third outlet's column was cut off at the box's edge; at 40x12 the contrasts table
    had no room for a row. Under about 58 columns the outlets' columns still overflowed the box (review 20:
    at 44x14 the third was cut, with a scrollbar under it): there each row now stacks the outlets, a line
    each, beside their names."""
    from rich.cells import cell_len
    from textual.widgets import DataTable

    from reader.tui.screens.contrasts import ContrastsScreen

    async with opened(*story(tmp_path), size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ContrastsScreen)
        table = screen.query_one("#contrasts-table", DataTable)
        await wait_until(pilot, lambda: table.virtual_size.width > 0)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # every outlet on screen
        headers = [str(column.label) for column in table.columns.values()]
        assert headers[0] == "referent" and len(headers) == 4  # the kind is under the referent
        for size in ((58, 20), (51, 14), (50, 14), (44, 14), (40, 12)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await wait_until(pilot, lambda: table.scrollable_content_region.height >= 3)  # header and rows
            assert table.virtual_size.width <= table.scrollable_content_region.width, size  # nothing cut off
        headers = [str(column.label) for column in table.columns.values()]
        assert headers == ["referent", "descriptors"]  # at 40x12: the outlets stacked
        referent, descriptors = (str(cell).splitlines() for cell in table.get_row_at(0))
        c = screen.contrasts[0]
        assert len(referent) == len(descriptors)  # the two cells line for line
        names, lines = referent[-3:], descriptors[-3:]  # a line per outlet, under the referent
        assert all(name.startswith(line.rstrip("…")) for name, line in zip(screen.names, names))
        for items, line in zip(c.descriptors, lines):
            described = [d.text for d in items if d.kind != "name"]
            assert line.startswith(f"“{described[0][:5]}" if described else "—")
        assert " ".join(referent[:-3]) == c.entity and descriptors[0] == c.kind
        widths = [column.width for column in table.columns.values()]
        assert all(cell_len(line) <= widths[1] for line in descriptors)  # each outlet's line, cut to fit
        await wait_until(pilot, lambda: table.scrollable_content_region.height >= 3)
        loaded = screen.query_one("#loaded-table", DataTable)
        assert loaded.region.height >= min(2, loaded.row_count + 1)


async def test_no_separator_is_painted_after_the_last_pane_on_screen(tmp_path: Path):
    """Of three articles on a terminal of 120 columns, the centre column kept its separator when the right
    one was hidden: an extra ▕ at the screen's right edge in every row (and, stacked, an extra line)."""
    async with opened(*story(tmp_path), size=(120, 30)) as pilot:
        for size in ((120, 30), (80, 30)):
            await pilot.resize_terminal(*size)
            for _ in range(3):  # left and centre, centre and right, left and right
                await pilot.pause()
                last = reader(pilot).query_one(f"#{columns_on_screen(pilot)[-1]}-column")
                assert not last.styles.border_right[0] and not last.styles.border_bottom[0], size
                await pilot.press("r")


async def test_the_contrasts_cells_are_painted_as_the_stylesheet_says(tmp_path: Path):
    """Review 20: the kind under a referent, and a descriptor's paragraph and whose words, were dimmed from
    Python, out of reach of styles/app.tcss. They are the contrasts' component classes there now: a
    stylesheet that restyles them restyles the cells."""
    from rich.style import Style
    from textual.widgets import DataTable

    from reader.launch import start_for
    from tests.apptools import RecordingApp

    class Restyled(RecordingApp):
        CSS = """
        ContrastsScreen > .contrasts--aside { text-style: italic; }
        ContrastsScreen > .contrasts--name { text-style: underline; }
        """

    def styles(cell) -> dict[str, Style]:
        return {cell.plain[s.start : s.end]: s.style for s in cell.spans if isinstance(s.style, Style)}

    async with Restyled(start_for([str(p) for p in story(tmp_path)])).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        table = pilot.app.screen.query_one("#contrasts-table", DataTable)
        referent, *cells = table.get_row_at(0)
        kind = styles(referent)["\n" + pilot.app.screen.contrasts[0].kind]
        assert kind.italic and not kind.dim
        asides = [style for cell in cells for text, style in styles(cell).items() if text.startswith(" ¶")]
        names = [style for cell in cells for text, style in styles(cell).items() if text.startswith("\n")]
        assert asides and all(s.italic and not s.dim for s in asides)
        assert names and all(s.underline and not s.dim for s in names)


async def test_two_of_three_panes_in_the_aligned_layout_follow_the_facts_of_all_three(tmp_path: Path):
    """verify20 new problem 3: at 120 columns (left and centre on screen) the aligned rows followed the pair's
    own links, and the weak left ¶5 ↔ centre ¶5 link the three-article facts reject put the centre's "only"
    ¶5 beside the left's forecast. It has a row of its own now, blanks opposite, as in the three-pane view."""
    async with opened(*story(tmp_path), size=(120, 40)) as pilot:
        assert columns_on_screen(pilot) == ["left", "centre"]
        await pilot.press("v")
        await pilot.pause()
        left, centre = pane(pilot, "left"), pane(pilot, "centre")
        assert reader(pilot).aligned and len(left.lines) == len(centre.lines)
        top, height = centre.geometry[5]
        assert centre.marks[5].second == "only"
        assert all(ref is None for ref, _ in left.lines[top : top + height])  # blanks opposite
        assert left.geometry[5][0] >= top + height  # the forecast in its own row, below
        assert [p for p, _ in left.lines if p is not None] == sorted(p for p, _ in left.lines if p is not None)
