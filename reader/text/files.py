"""Reading and writing files safely: one opener for every file diptych reads, one writer for every file it
writes.

Reading refuses what is not a file (a directory, a device, a socket) before it can hang or flood: a named pipe
or a process substitution is read, but never past the size limit, and one with no writer reads as empty
instead of waiting. Every failure is one clear line. Writing leaves a file either wholly old or wholly new,
keeps its mode, writes through a symlink instead of replacing it, gives a new file the permissions the umask
allows, and refuses special files and read-only files.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import math
import os
import stat
import tempfile
from pathlib import Path

from reader.text.document import LoadError

#: Files larger than this are refused unless the limit is raised (``--max-size`` or ``DIPTYCH_MAX_MB``).
DEFAULT_MAX_MB = 32.0
LIMIT_HINT = "(raise it with --max-size MB or DIPTYCH_MAX_MB)"
_CHUNK = 1 << 16


def megabytes(raw: str) -> float | None:
    """A size in MB as a person may write it, or None when it is not a finite positive number."""
    try:
        mb = float(raw)
    except ValueError:
        return None
    return mb if math.isfinite(mb) and 0 < mb < 1 << 40 else None


def max_bytes() -> int:
    """The size limit for one article, from DIPTYCH_MAX_MB when that is a size (else the default)."""
    mb = megabytes(os.environ.get("DIPTYCH_MAX_MB", "")) or DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def human_size(n: int) -> str:
    """A size in bytes as a person reads it: "104 bytes", "3.2 KB", "50.0 MB", "32 MB"."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    mb = n / 1048576
    return f"{mb:g} MB" if mb == int(mb) else f"{mb:.1f} MB"


def unreachable(path: Path) -> str | None:
    """Why a path cannot be opened at all ("no such file", "a symlink loop", ...), or None when it can."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return "a symlink loop" if exc.errno == errno.ELOOP else str(exc.strerror or exc)
    return None


_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFIFO: "a named pipe",
}


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_bytes(path: Path, limit: int | None = None, what: str = "an article file", hint: str = LIMIT_HINT) -> bytes:
    """The bytes of a regular file or a pipe, at most `limit` of them. Raises LoadError with one clear line
    (naming `what` the file should have been, and `hint` on how to raise the limit)."""
    limit = max_bytes() if limit is None else limit

    def too_large(size: str) -> LoadError:
        return LoadError(f"{path}: {size} is over the {human_size(limit)} limit {hint}".rstrip())

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise LoadError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise LoadError(f"{path}: permission denied") from exc
    except OSError as exc:
        reason = "a symlink loop" if exc.errno == errno.ELOOP else f"cannot be read ({exc.strerror or exc})"
        raise LoadError(f"{path}: {reason}") from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise LoadError(f"{path}: is a directory, not {what}")
        if stat.S_ISREG(mode):
            size = os.fstat(fd).st_size
            if size > limit:
                raise too_large(human_size(size))  # from its size alone, before reading a byte
        elif stat.S_ISFIFO(mode):
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        else:
            raise LoadError(f"{path}: is {_kind(mode)}, not {what}")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # a pipe, or a file that grew while it was read
            raise too_large(f"more than {human_size(limit)}")
        return b"".join(chunks)
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)


def writable_target(path: Path) -> Path:
    """Where writing to `path` really goes: through a symlink to the file it names. Raises OSError (with a
    reason a person can read as its strerror) for a symlink loop, a special file or a read-only file."""
    path = Path(path)
    try:
        target = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        target = Path(os.path.realpath(path))  # a new file, or a link to one not made yet
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "it is a symlink loop") from exc
        raise
    try:
        st = target.stat()
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, f"it is {_kind(st.st_mode)}, not a file diptych can write")
    if not st.st_mode & 0o222:
        raise PermissionError(errno.EACCES, "it is read-only")
    return target


def _umask() -> int:
    """The process umask, read without changing it where the platform allows (setting it is process-wide)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that it is either wholly old or wholly new: a temporary file in the same folder,
    flushed and fsynced, then renamed over the target (see `writable_target` for what is refused). Raises
    OSError on failure; the old file stays."""
    target = writable_target(path)
    try:
        old = target.stat()
    except FileNotFoundError:
        old = None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(old.st_mode) if old else 0o666 & ~_umask())
        if old is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
                os.chown(tmp, old.st_uid, old.st_gid)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:  # make the rename itself durable where the platform allows
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
