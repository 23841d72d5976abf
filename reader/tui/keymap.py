"""Load key bindings: the bundled keymap.yaml, then the user's file, then --keymap, each overriding the last.

A keymap is a flat YAML mapping from binding id to keys (Textual key names, comma-separated). Problems never
stop the app: an unreadable file, an unknown id or a key Textual cannot name is reported as a warning and the
rest of the keymap still applies.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence
from itertools import combinations
from pathlib import Path

from textual.keys import Keys, key_to_character

from reader.resources import bundled
from reader.text import safeyaml
from reader.tui.bindings import EVERYWHERE, BindingInfo, display_keys
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


#: Always quits (asking about unsaved notes first): whatever a keymap says, there is a way out.
ESCAPE_KEY = "ctrl+c"
ESCAPE_ID = "interrupt"
SHOWN = 3  # names listed in one warning before "and N more"


def _listed(items: list[str]) -> str:
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more


def parse_keymap(data: object, source: str, known_ids: Collection[str]) -> tuple[dict[str, str], list[str]]:
    """Validate a loaded keymap; return the usable entries and one warning per kind of problem (a keymap of
    thousands of wrong entries gives three warnings, not thousands)."""
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{source}: a keymap must be a mapping of binding id to keys; ignored"]
    keymap: dict[str, str] = {}
    unknown: list[str] = []
    not_text: list[str] = []
    bad_keys: list[str] = []
    for binding_id, keys in data.items():
        if binding_id not in known_ids:
            unknown.append(repr(binding_id))
        elif not isinstance(keys, str) or not keys.strip():
            not_text.append(repr(binding_id))
        else:
            parts = [k.strip() for k in keys.split(",")]
            bad = [k for k in parts if not valid_key(k)]
            if bad:
                bad_keys.append(f"{bad[0]!r} for {binding_id!r}")
            else:
                keymap[binding_id] = ",".join(parts)
    warnings = []
    if unknown:
        warnings.append(f"{source}: unknown binding id {_listed(unknown)}; ignored")
    if not_text:
        warnings.append(f"{source}: keys for {_listed(not_text)} must be a string such as 'ctrl+s'; ignored")
    if bad_keys:
        warnings.append(f"{source}: bad key {_listed(bad_keys)}; kept the default")
    return keymap, warnings


def read_keymap_file(path: Path, known_ids: Collection[str]) -> tuple[dict[str, str], list[str]]:
    try:
        data = safeyaml.read(path)
    except safeyaml.YamlError as exc:
        return {}, [f"keymap {exc}; using the defaults"]
    return parse_keymap(data, str(path), known_ids)


def _clashes(registry: Sequence[BindingInfo], keymap: Mapping[str, str]) -> set[tuple[str, str, str]]:
    """(key, id, id) for every key given to two bindings that are active together: those of one screen, and
    those that work everywhere."""
    owners: dict[tuple[str, str], list[str]] = {}
    scopes = {info.scope for info in registry} - {EVERYWHERE}
    for info in registry:
        for scope in scopes if info.scope == EVERYWHERE else (info.scope,):
            for key in keymap.get(info.id, info.default_keys).split(","):
                owners.setdefault((scope, key), []).append(info.id)
    return {(key, a, b) for (_, key), ids in owners.items() for a, b in combinations(ids, 2)}


def checked(
    registry: Sequence[BindingInfo], keymap: dict[str, str], chosen: Collection[str] = ()
) -> tuple[dict[str, str], list[str]]:
    """The keymap with ctrl+c kept for quitting, and every key given to two bindings that are active together
    settled: the binding the user `chosen` (set in their own keymap) takes the key from a default one that
    has another key; a default whose only key it is keeps it, and the user's binding keeps its others. Each
    is said in a warning, as is a clash the user made between two of their own choices."""
    warnings = []
    defaults = {info.id: info.default_keys for info in registry}
    out = dict(keymap)
    for binding_id, keys in keymap.items():
        parts = keys.split(",")
        if binding_id != ESCAPE_ID and ESCAPE_KEY in parts:
            warnings.append(f"{ESCAPE_KEY} always quits; not given to {binding_id!r}")
            parts = [k for k in parts if k != ESCAPE_KEY] or defaults[binding_id].split(",")
        out[binding_id] = ",".join(parts)
    escape = out.get(ESCAPE_ID, defaults.get(ESCAPE_ID, ESCAPE_KEY)).split(",")
    if ESCAPE_KEY not in escape:
        out[ESCAPE_ID] = ",".join([*escape, ESCAPE_KEY])
    known = _clashes(registry, {})
    for key, a, b in sorted(_clashes(registry, out) - known):
        if (a in chosen) == (b in chosen):
            continue  # said below, with any clash that settling these makes
        mine, theirs = (a, b) if a in chosen else (b, a)
        keys_of = {i: out.get(i, defaults[i]).split(",") for i in (mine, theirs)}
        if key not in keys_of[mine] or key not in keys_of[theirs]:
            continue  # settled by an earlier clash
        rest = [k for k in keys_of[theirs] if k != key]
        if rest:
            out[theirs] = ",".join(rest)
            warnings.append(f"the key {key!r} now runs {mine!r}; {theirs!r} keeps {display_keys(out[theirs])}")
        else:
            out[mine] = ",".join(k for k in keys_of[mine] if k != key) or defaults[mine]
            warnings.append(
                f"the key {key!r} stays with {theirs!r}, its only key; {mine!r} keeps {display_keys(out[mine])} "
                f"(give {theirs!r} another key to free {key!r})"
            )
    for key, a, b in sorted(_clashes(registry, out) - known):  # what is left unsettled, or a fallback clashes
        warnings.append(f"the key {key!r} is given to both {a!r} and {b!r}; one of them will not work")
    return out, warnings


def load_keymap(registry: Sequence[BindingInfo], override: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The effective keymap (bundled, then user, then `override`), checked, and the warnings met on the way."""
    known_ids = {info.id for info in registry}
    keymap: dict[str, str] = {}
    chosen: set[str] = set()  # ids the user's own files set
    warnings: list[str] = []
    sources = [bundled("keymap.yaml")]
    if user_keymap_path().exists():
        sources.append(user_keymap_path())
    if override is not None:
        sources.append(override)
    for k, path in enumerate(sources):
        entries, problems = read_keymap_file(path, known_ids)
        keymap.update(entries)
        if k:
            chosen |= set(entries)
        warnings += problems
    keymap, problems = checked(registry, keymap, chosen)
    return keymap, warnings + problems
