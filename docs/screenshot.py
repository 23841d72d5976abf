"""Regenerate the README pictures: docs/screenshot.svg (the bundled pair) and docs/three-panes.svg (three
accounts of one story side by side). `make screenshot`."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from reader.launch import start_for
from reader.tui.app import DiptychApp

DOCS = Path(__file__).resolve().parent
THREE = [DOCS.parent / "tests" / "data" / f"river_{name}.txt" for name in ("left", "centre", "right")]


async def shoot(paths: Sequence[Path], keys: Sequence[str], size: tuple[int, int], out: Path) -> None:
    app = DiptychApp(start_for([str(p) for p in paths]))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        app.save_screenshot(filename=out.name, path=str(out.parent))


async def main() -> None:
    await shoot([], ["right_square_bracket"] * 3, (160, 42), DOCS / "screenshot.svg")
    await shoot(THREE, ["greater_than_sign", "l"], (170, 40), DOCS / "three-panes.svg")


if __name__ == "__main__":
    asyncio.run(main())
