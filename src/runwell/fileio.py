"""Files on disk, safely.

- Atomic writes: a reader never sees a half-written file, a crash never loses the old one.
- Bounded reads that refuse (never block on) a named pipe or a device.
- Sweeping up the temporary files an interrupted write left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write *data* to a temporary file beside *path*, flush it to disk, then rename over *path*."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode an ordinary write would.
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or the default for a new file under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# An interrupted atomic write leaves ``.NAME.XXXXXXXX.tmp`` (tempfile's 8 random characters).
STALE_AFTER = 600.0  # seconds: older than any write in progress


class NotRegularFile(OSError):
    """A pipe, a device or a socket where a file was expected (never read: it could block)."""


def open_regular(path: Path) -> int:
    """A read-only descriptor of the regular file at *path* (the caller closes it). Opened
    without blocking, so a named pipe or a device is refused (:class:`NotRegularFile`) instead
    of hanging; a folder raises IsADirectoryError; every other problem is the system's OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            why = "a pipe or a device, not a regular file"
            raise NotRegularFile(errno.EINVAL, why, str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of the regular file at *path* (one more than *limit*, so the
    caller can tell a file that is too large); refuses what :func:`open_regular` refuses."""
    fd = open_regular(path)
    try:
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def sha256_regular(path: Path) -> str:
    """The SHA-256 of the regular file at *path*, read in chunks; refuses what
    :func:`open_regular` refuses."""
    import hashlib

    h = hashlib.sha256()
    fd = open_regular(path)
    try:
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
    finally:
        os.close(fd)
    return h.hexdigest()


def _temp_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")


def is_temp_of(candidate: str, name: str) -> bool:
    """Whether *candidate* is a file name :func:`atomic_write_bytes` uses while writing *name*."""
    return _temp_pattern(name).fullmatch(candidate) is not None


def sweep_temps(path: Path, min_age: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files that interrupted atomic writes of *path* left beside it (ours
    only: ``.NAME.XXXXXXXX.tmp``, regular files, not changed for *min_age* seconds, so a write
    still in progress elsewhere is left alone). Returns what was removed; never raises."""
    path = Path(path)
    pattern = _temp_pattern(path.name)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < min_age:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def read_within(path: Path, limit: int, shown: str, noun: str = "file") -> bytes:
    """The bytes of the regular file at *path*, at most *limit* of them; otherwise one
    :class:`~runwell.errors.CourseError` line starting with *shown* (``path:`` or ``path: -:``):
    a folder, something that is not a regular file (a pipe is never waited on), an OS error in a
    user's words, or a file over the limit (*noun* names what it should have been)."""
    from runwell.errors import CourseError, os_reason

    try:
        raw = read_regular(path, limit)
    except IsADirectoryError:
        raise CourseError(f"{shown} is a folder, not a {noun}") from None
    except OSError as exc:
        raise CourseError(f"{shown} cannot read ({os_reason(exc, path)})") from None
    if len(raw) > limit:
        raise CourseError(f"{shown} larger than {limit:,} bytes; not a {noun}")
    return raw


def output_folder_exists(out: Path, shown: str, hint: str = "") -> bool:
    """Whether the output folder *out* exists (False: not yet); one CourseError line naming
    *shown* when it cannot be looked at or is not a folder (*hint* ends that line)."""
    from runwell.errors import CourseError, os_error_line

    try:
        st = os.stat(out)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise CourseError(os_error_line(exc, "use it as the output folder", out)) from None
    if not stat.S_ISDIR(st.st_mode):
        raise CourseError(f"{shown}: exists and is not a folder{hint}")
    return True

