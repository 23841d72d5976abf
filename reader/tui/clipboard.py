"""Copying to the system clipboard as well as the terminal's: OSC 52 (Textual's `copy_to_clipboard`) reaches
the clipboard only where the terminal allows it, and tmux does not by default. The first clipboard command
this session can use gets the text too."""

from __future__ import annotations

import os
import shutil
import subprocess

# (command, the environment variable that says it can work here (None: always), where the text goes), in
# order of preference. tmux's -w also hands the buffer to the outer terminal's clipboard (tmux 3.2 and later).
_COMMANDS: tuple[tuple[tuple[str, ...], str | None, str], ...] = (
    (("pbcopy",), None, "the clipboard (pbcopy)"),
    (("wl-copy",), "WAYLAND_DISPLAY", "the clipboard (wl-copy)"),
    (("xclip", "-selection", "clipboard"), "DISPLAY", "the clipboard (xclip)"),
    (("xsel", "--clipboard", "--input"), "DISPLAY", "the clipboard (xsel)"),
    (("tmux", "load-buffer", "-w", "-"), "TMUX", "tmux's paste buffer"),
    (("tmux", "load-buffer", "-"), "TMUX", "tmux's paste buffer"),
)
_failed: set[tuple[str, ...]] = set()  # commands that failed once (a dead display): not waited on again


def system_copy(text: str) -> str | None:
    """Give `text` to the first clipboard command that is installed, whose display is there and that has not
    failed before; where the text went, or None. Blocking (up to two seconds a command): call it off the UI
    thread."""
    for command, needs, where in _COMMANDS:
        if command in _failed or (needs is not None and not os.environ.get(needs)) or not shutil.which(command[0]):
            continue
        try:
            # no pipes for output: xclip and wl-copy leave a child serving the clipboard, which would hold
            # them open and make this wait for the timeout
            subprocess.run(
                command,
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=2,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            _failed.add(command)
            continue
        return where
    return None
