"""The user's settings file (`settings.yaml` in the config folder): for now the theme chosen in the app.

diptych writes it itself when the theme changes, so a reader on a light terminal chooses once. A file that
cannot be read is reported and then left alone: diptych never writes over what it could not read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir

from reader.text import files, safeyaml


def builtin_themes() -> list[str]:
    """The names of Textual's built-in themes, for --theme."""
    from textual.theme import BUILTIN_THEMES

    return list(BUILTIN_THEMES)


def config_dir() -> Path:
    """Where diptych's configuration lives (~/.config/diptych on Linux)."""
    return Path(user_config_dir("diptych"))


def settings_path() -> Path:
    return config_dir() / "settings.yaml"


@dataclass
class Settings:
    theme: str | None = None
    warnings: list[str] = field(default_factory=list)


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = safeyaml.read(path)
    except safeyaml.YamlError as exc:
        return Settings(warnings=[f"settings {exc}; using the defaults"])
    if data is None:
        return Settings()
    if not isinstance(data, dict):
        return Settings(warnings=[f"{path}: settings must be a mapping; using the defaults"])
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        return Settings(warnings=[f"{path}: theme must be a name such as textual-light"])
    return Settings(theme=theme)


def save_theme(theme: str, path: Path | None = None) -> str | None:
    """Remember the theme, keeping whatever else the file holds. Returns a problem to tell the user, if any."""
    path = path or settings_path()
    unreadable = f"{path} could not be read, so the theme was not saved there"
    try:
        data = safeyaml.read(path) if path.exists() else None
    except safeyaml.YamlError:
        return unreadable
    if data is not None and not isinstance(data, dict):
        return unreadable
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomic(path, safeyaml.dumps({**(data or {}), "theme": theme}))
    except OSError as exc:
        return f"could not save the theme to {path} ({exc.strerror or exc})"
    return None
