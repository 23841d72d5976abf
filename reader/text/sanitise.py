"""Clean text that came from a file before it can reach a screen: terminal escape sequences, control
characters and bidi overrides are removed, newlines normalised. Every string diptych reads from a file
passes through here: article text on loading, and every string of every YAML file (notes, metadata,
keymaps, settings) as it is parsed."""

from __future__ import annotations

import re

# ANSI CSI sequences, OSC/DCS/APC/PM/SOS strings (ended by BEL or ST, or cut off at a line end so that an
# unterminated one cannot swallow the article), and two-byte ESC sequences. Lone C1 codes go with _CONTROLS.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\n]{0,4096}(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 and C1 controls but newline and tab, and the bidi embeddings, overrides and isolates, which can make a
# line display in an order other than the one it is stored in ("Trojan Source").
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What `shown` makes visible rather than removes: the same, plus surrogates (bytes of a file name that are not
# UTF-8) and the line separators a terminal would break on.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def sanitise(text: str) -> str:
    """Normalise newlines and strip terminal escape sequences, bidi overrides and every C0/C1 control except
    newline and tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def sanitise_data(data: object) -> object:
    """Loaded YAML with every string in it (mapping keys too, at any depth) sanitised."""
    if isinstance(data, str):
        return sanitise(data)
    if isinstance(data, dict):
        return {sanitise_data(k): sanitise_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [sanitise_data(v) for v in data]
    return data


def shown(text: object) -> str:
    """Text for a message on one line, with anything a terminal would act on (controls, escapes, bidi
    overrides, the undecodable bytes of a file name) shown as an escape such as \\x1b instead."""
    return _INVISIBLE.sub(lambda m: _escape(m.group(0)), str(text))


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by the surrogateescape error handler
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
