"""The two sides of a comparison, and the panes of a story of two or three articles, named once for the whole
program.

A Comparison (and each of its links) has a left and a right side. A reading session has a pane per article:
left and right for two, left, centre and right for three; a pair of panes is compared as the left and right of
one Comparison, in pane order.
"""

from __future__ import annotations

from typing import Literal

Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")

Pane = Literal["left", "centre", "right"]
PANES: tuple[Pane, Pane, Pane] = ("left", "centre", "right")
MAX_PANES = len(PANES)


def other(side: Side) -> Side:
    """The side opposite `side`."""
    return "right" if side == "left" else "left"


def panes_for(count: int) -> tuple[Pane, ...]:
    """The panes of a story of `count` articles (two or three), left to right."""
    if count == 2:
        return ("left", "right")
    if count == MAX_PANES:
        return PANES
    raise ValueError(f"a story is read in two or three panes, not {count}")
