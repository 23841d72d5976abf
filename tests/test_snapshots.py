"""Layout snapshots (pytest-textual-snapshot): wide, narrow (stacked), aligned, and the light theme.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from textual.pilot import Pilot

from tests.apptools import make_app, settle
from tests.conftest import DATA, SEED_LEFT, SEED_RIGHT


async def _ready(pilot: Pilot) -> None:
    await settle(pilot)


def test_wide_layout(snap_compare):
    assert snap_compare(
        make_app(SEED_LEFT, SEED_RIGHT), press=["right_square_bracket"] * 2, terminal_size=(200, 45), run_before=_ready
    )


def test_narrow_layout_stacks_panes(snap_compare):
    assert snap_compare(
        make_app(SEED_LEFT, SEED_RIGHT), press=["right_square_bracket"], terminal_size=(80, 24), run_before=_ready
    )


def test_aligned_layout(snap_compare):
    assert snap_compare(
        make_app(SEED_LEFT, SEED_RIGHT),
        press=["v", "right_square_bracket"] * 1,
        terminal_size=(160, 40),
        run_before=_ready,
    )


def test_light_theme(snap_compare):
    async def light(pilot: Pilot) -> None:
        pilot.app.theme = "textual-light"
        await settle(pilot)

    assert snap_compare(
        make_app(SEED_LEFT, SEED_RIGHT), press=["right_square_bracket"], terminal_size=(120, 30), run_before=light
    )


THREE = [DATA / f"river_{name}.txt" for name in ("left", "centre", "right")]


def test_three_panes_side_by_side(snap_compare):
    assert snap_compare(make_app(*THREE), press=["greater_than_sign"], terminal_size=(160, 45), run_before=_ready)


def test_three_articles_two_panes_at_a_time(snap_compare):
    assert snap_compare(make_app(*THREE), press=["r", "greater_than_sign"], terminal_size=(100, 30), run_before=_ready)
