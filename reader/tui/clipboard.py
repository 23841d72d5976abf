"""Copying to the system clipboard as well as the terminal's: OSC 52 (Textual's `copy_to_clipboard`) reaches
the clipboard only where the terminal allows it, and tmux does not by default. The first clipboard command
this session can use gets the text too."""

from __future__ import annotations

import os
import shutil
import subprocess

# (command, the environment variable that says it can work here: None for always), in order of preference
_COMMANDS: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("pbcopy",), None),
    (("wl-copy",), "WAYLAND_DISPLAY"),
    (("xclip", "-selection", "clipboard"), "DISPLAY"),
    (("xsel", "--clipboard", "--input"), "DISPLAY"),
    (("tmux", "load-buffer", "-"), "TMUX"),
)


def system_copy(text: str) -> str | None:
    """Give `text` to the first clipboard command that is installed and whose display is there; the
    command's name, or None when there is none or it failed (within two seconds)."""
    for command, needs in _COMMANDS:
        if (needs is not None and not os.environ.get(needs)) or shutil.which(command[0]) is None:
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
            continue
        return command[0]
    return None
