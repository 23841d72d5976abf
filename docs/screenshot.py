"""Regenerate docs/screenshot.svg (the README picture): `make screenshot`."""

from __future__ import annotations

import asyncio
from pathlib import Path

from reader.launch import start_for
from reader.tui.app import DiptychApp

OUT = Path(__file__).resolve().parent / "screenshot.svg"


async def main() -> None:
    app = DiptychApp(start_for([]))
    async with app.run_test(size=(160, 42)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        app.save_screenshot(filename=OUT.name, path=str(OUT.parent))


if __name__ == "__main__":
    asyncio.run(main())
