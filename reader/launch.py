"""Start the app from command-line paths (filled in by the reader issue)."""

from __future__ import annotations

from collections.abc import Sequence


def launch(paths: Sequence[str], notes: str | None = None, keymap: str | None = None, limit: int | None = None) -> int:
    raise NotImplementedError
