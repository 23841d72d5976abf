"""Clean text that came from a file before it can reach a screen: terminal escape sequences and control
characters are removed, newlines normalised."""

from __future__ import annotations

import re

# ANSI CSI sequences, OSC/DCS/APC/PM/SOS strings (ended by BEL or ST, or cut off at a line end so that an
# unterminated one cannot swallow the article), and two-byte ESC sequences. Lone C1 codes go with _CONTROLS.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\n]{0,4096}(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sanitise(text: str) -> str:
    """Normalise newlines and strip terminal escape sequences and every C0/C1 control except newline and tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


