"""Reading and writing files safely: a size limit and one clear line for every OS failure when reading;
writing that leaves a file either wholly old or wholly new."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from reader.text.document import LoadError

#: Files larger than this are refused unless the limit is raised (``--max-size`` or ``DIPTYCH_MAX_MB``).
DEFAULT_MAX_MB = 32.0


def max_bytes() -> int:
    """The size limit for one article, from DIPTYCH_MAX_MB when set."""
    raw = os.environ.get("DIPTYCH_MAX_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def human_size(n: int) -> str:
    """A size in bytes as a person reads it: "104 bytes", "3.2 KB", "50.0 MB", "32 MB"."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    mb = n / 1048576
    return f"{mb:g} MB" if mb == int(mb) else f"{mb:.1f} MB"


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """Read a file's bytes, turning every OS failure into a LoadError with a clear message."""
    limit = max_bytes() if limit is None else limit
    if not path.exists():
        raise LoadError(f"{path}: no such file")
    if path.is_dir():
        raise LoadError(f"{path}: is a directory, not an article file")
    try:
        size = path.stat().st_size
        if size > limit:
            raise LoadError(
                f"{path}: {human_size(size)} is over the {human_size(limit)} limit "
                "(raise it with --max-size MB or DIPTYCH_MAX_MB)"
            )
        with path.open("rb") as f:
            return f.read(limit + 1)
    except PermissionError as exc:
        raise LoadError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that it is either wholly old or wholly new: a temporary file in the same folder,
    flushed and fsynced, then renamed over the target. Raises OSError on failure; the old file stays."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:  # make the rename itself durable where the platform allows
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
