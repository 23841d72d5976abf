"""Real terminals for end-to-end tests: the installed `diptych` in tmux (what a user sees, read back with
capture-pane) or on a pseudo-terminal (every byte it writes, and how it exits)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

DIPTYCH = Path(sys.executable).parent / "diptych"
PATIENCE = 60.0  # seconds a test waits for the screen; generous for a loaded machine, never a speed claim
EXITED = "[diptych exited]"  # printed in the terminal once the command has ended (and what it printed is above)
# The terminal stays open after that (until the test closes it), so a failed wait shows why it ended


class Terminal:
    """A tmux terminal of its own: one tmux server per terminal, so that nothing else on the machine (a
    user's tmux, a `tmux kill-server`) touches it, and no test waits on a server another is shutting down."""

    def __init__(self, command: list[str], width: int = 140, height: int = 40, cwd: Path | None = None) -> None:
        self.name = f"diptych-test-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.name]
        shell = " ".join(f"'{c}'" for c in command)
        size = ["-x", str(width), "-y", str(height)]
        env = {"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "HOME": str(Path.home())}
        env |= {k: v for k, v in os.environ.items() if k.startswith(("XDG_", "DIPTYCH_"))}
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, *size, shell + f"; echo '{EXITED}'; sleep 600"],
            check=True,
            env=env,
            cwd=cwd,
        )

    def screen(self) -> str:
        capture = [*self.tmux, "capture-pane", "-p", "-t", self.name]
        return subprocess.run(capture, capture_output=True, text=True).stdout

    def wait_for(self, *texts: str, timeout: float = PATIENCE) -> str:
        """The screen once every one of `texts` is on it (a frame can be captured half painted)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{texts!r} never all appeared on screen:\n{self.screen()}")

    def wait_until_gone(self, text: str, timeout: float = PATIENCE) -> None:
        deadline = time.monotonic() + timeout
        while text in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} is still on screen:\n{self.screen()}")
            time.sleep(0.2)

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


class PtyProcess:
    """A command on a pseudo-terminal of its own: what it writes (escape sequences included), and how it ends."""

    def __init__(self, command: list[str], env: dict[str, str] | None = None) -> None:
        import pty

        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36", **(env or {})}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child becomes the command
            os.execve(command[0], command, env)
        self.output = b""
        self.status: int | None = None

    def read_until(self, marker: bytes, timeout: float = PATIENCE) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.output and time.monotonic() < deadline:
            self._read(0.1)
        assert marker in self.output, f"{marker!r} never appeared"

    def _read(self, wait: float) -> bool:
        try:
            if select.select([self.fd], [], [], wait)[0]:
                chunk = os.read(self.fd, 65536)
                self.output += chunk
                return bool(chunk)
        except OSError:
            return False
        return True

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def exit_status(self, timeout: float = PATIENCE) -> int | None:
        """The wait status once the process has ended (reading what it writes meanwhile), or None."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.05)
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
                while self._read(0):  # what it wrote last, the terminal's restoration among it
                    pass
                return status
        return None

    def close(self) -> None:
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def exit_code(status: int | None) -> int | None:
    return os.WEXITSTATUS(status) if status is not None and os.WIFEXITED(status) else None
