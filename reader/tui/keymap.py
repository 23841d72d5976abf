"""Load key bindings: the bundled keymap.yaml, then the user's file, then --keymap, each overriding the last.

A keymap is a flat YAML mapping from binding id to keys (Textual key names, comma-separated). Problems never
stop the app: an unreadable file, an unknown id or a key Textual cannot name is reported as a warning and the
rest of the keymap still applies.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from pathlib import Path

from textual.keys import Keys, key_to_character

from reader.resources import bundled
from reader.text import safeyaml
from reader.tui.settings import config_dir

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_NAMED_KEYS = {k.value for k in Keys if not k.value.startswith("<")} | {"space", "minus", "plus", "slash"}


def user_keymap_path() -> Path:
    return config_dir() / "keymap.yaml"


def valid_key(key: str) -> bool:
    """Whether Textual can name this key: a printable character or a named key, with optional modifiers."""
    *mods, base = key.strip().split("+") if key.strip() != "+" else ["+"]
    if any(m not in MODIFIERS for m in mods) or not base:
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace() and base != ","
    return base in _NAMED_KEYS or key_to_character(base) is not None or _unicode_name(base)


def _unicode_name(name: str) -> bool:
    try:
        unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return False
    return True


def parse_keymap(data: object, source: str, known_ids: Collection[str]) -> tuple[dict[str, str], list[str]]:
    """Validate a loaded keymap; return the usable entries and a warning per problem."""
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{source}: a keymap must be a mapping of binding id to keys; ignored"]
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, keys in data.items():
        if binding_id not in known_ids:
            warnings.append(f"{source}: unknown binding id {binding_id!r}; ignored")
            continue
        if not isinstance(keys, str) or not keys.strip():
            warnings.append(f"{source}: keys for {binding_id!r} must be a string such as 'ctrl+s'; ignored")
            continue
        parts = [k.strip() for k in keys.split(",")]
        bad = [k for k in parts if not valid_key(k)]
        if bad:
            warnings.append(f"{source}: bad key {bad[0]!r} for {binding_id!r}; kept its default")
            continue
        keymap[binding_id] = ",".join(parts)
    return keymap, warnings


def read_keymap_file(path: Path, known_ids: Collection[str]) -> tuple[dict[str, str], list[str]]:
    try:
        data = safeyaml.read(path)
    except safeyaml.YamlError as exc:
        return {}, [f"keymap {exc}; using the defaults"]
    return parse_keymap(data, str(path), known_ids)


def load_keymap(known_ids: Collection[str], override: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The effective keymap (bundled, then user, then `override`) and the warnings met on the way."""
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    sources = [bundled("keymap.yaml")]
    if user_keymap_path().exists():
        sources.append(user_keymap_path())
    if override is not None:
        sources.append(override)
    for path in sources:
        entries, problems = read_keymap_file(path, known_ids)
        keymap.update(entries)
        warnings += problems
    return keymap, warnings
