from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED_DIR = ROOT / "corpus" / "2020-01-03_soleimani-russia-reaction"
SEED_LEFT = SEED_DIR / "epoch-times_moscow-condemns-killing.txt"
SEED_RIGHT = SEED_DIR / "breitbart_russian-politicians-red-line.txt"


@pytest.fixture
def seed_paths() -> tuple[Path, Path]:
    return SEED_LEFT, SEED_RIGHT
