"""Find the files that ship with diptych (styles, corpus, default keymap) in a checkout or an installed wheel.

In a wheel they are copied into the package folder; in a source checkout (an editable install) they sit at the
top of the repository, beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """Path of a bundled file or folder such as "styles", "corpus" or "keymap.yaml"."""
    for base in (_PACKAGE, _PACKAGE.parent):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"bundled resource {name!r} is missing from the installation")
