"""The two sides of a comparison, named once for the whole program."""

from __future__ import annotations

from typing import Literal

Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")


def other(side: Side) -> Side:
    """The side opposite `side`."""
    return "right" if side == "left" else "left"
