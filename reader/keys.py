"""The registry of user-facing bindings: ids, descriptions, default keys, and how keys read on screen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import format_key


@dataclass(frozen=True)
class BindingInfo:
    id: str
    description: str
    default_keys: str
    scope: str
    action: str


def binding_infos(scopes: Iterable[tuple[str, Iterable[Binding | tuple]]]) -> list[BindingInfo]:
    """One entry per binding id across the given (scope name, BINDINGS) groups, first definition wins."""
    out: dict[str, BindingInfo] = {}
    for scope, bindings in scopes:
        for b in bindings:
            if isinstance(b, Binding) and b.id and b.id not in out:
                out[b.id] = BindingInfo(b.id, b.description or b.action, b.key, scope, b.action)
    return list(out.values())


def display_keys(keys: str) -> str:
    """Keys as a person reads them: "question_mark,f1" -> "? f1"."""
    return "  ".join("+".join(format_key(part) for part in key.split("+")) for key in keys.split(","))
