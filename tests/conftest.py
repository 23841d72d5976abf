from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from reader.tui import clipboard

# Property tests check what holds, not how fast: no deadline, so a busy machine cannot fail them.
settings.register_profile("diptych", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("diptych")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED_DIR = ROOT / "corpus" / "2020-01-03_soleimani-russia-reaction"
SEED_LEFT = SEED_DIR / "epoch-times_moscow-condemns-killing.txt"
SEED_RIGHT = SEED_DIR / "breitbart_russian-politicians-red-line.txt"
# An invented pair whose left ¶1 reports two facts the right splits over ¶1 (a match) and ¶4 (a partial link).
SPLIT_LEFT = DATA / "bridge_left.txt"
SPLIT_RIGHT = DATA / "bridge_right.txt"


@pytest.fixture
def seed_paths() -> tuple[Path, Path]:
    return SEED_LEFT, SEED_RIGHT


@pytest.fixture(scope="session", autouse=True)
def warm_parser() -> None:
    """Load the English pipeline once per test process: the app's worker would otherwise import spaCy inside
    the first test that opens a pair, and on a busy machine that can outlast a notification's time on
    screen."""
    from reader.analysis.parse import pipeline

    pipeline()


@pytest.fixture(scope="session")
def parse_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parse cache for the test session: each text is parsed once, and the user's cache is left alone."""
    return tmp_path_factory.mktemp("parse-cache")


@pytest.fixture(autouse=True)
def isolated_parse_cache(parse_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DIPTYCH_CACHE_DIR", str(parse_cache))
    return parse_cache


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep each test away from the real user's folders and from other tests' (keymaps, default notes, the
    remembered reading positions: two test workers sharing one positions file overwrote each other's)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    # `y` must not reach the real user's clipboard: no display for xclip, wl-copy or tmux, and no pbcopy
    for display in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX"):
        monkeypatch.delenv(display, raising=False)
    monkeypatch.setattr(clipboard, "_COMMANDS", tuple(c for c in clipboard._COMMANDS if c[1] is not None))
    monkeypatch.setattr(clipboard, "_failed", set())
    return home
