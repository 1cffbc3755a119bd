"""Where a learner's progress is kept: one small JSON file, on the learner's own machine.

Where: ``$RUNWELL_PROGRESS`` if set (tests, ``runwell execute``, the zero-install site), else
``progress.json`` in the platform's user data folder. Nothing is ever sent anywhere.

- Reading never writes: viewing works in a read-only folder, and takes no lock (writes are
  atomic, so a reader always sees a whole file).
- Every change is a read-modify-write under a lock file (two notebooks answering at once lose
  nothing) that ends with an atomic replace (a crash never leaves half a file). Temporary files
  left by an interrupted write are removed by the next change.
- A file that cannot be understood is moved aside as ``progress.json.corrupt-<UTC time>`` with a
  one-line warning on stderr, and a fresh file is started. A file written by a newer runwell is
  never moved or overwritten.
- A version-1 file is migrated when read (:func:`runwell.progress.document.migrate`) and saved as
  version 2 by the next change; it is never moved aside.
- Every operating-system error is one line naming the path and the reason.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from runwell.errors import CourseError, clean_text, os_reason
from runwell.fileio import atomic_write_text
from runwell.progress.document import (
    MAX_BYTES,
    VERSION,
    NewerFormat,
    ProgressError,
    fresh,
    migrate,
    parse,
    serialise,
)

__all__ = ["ENV", "LOCK_TIMEOUT", "ProgressStore", "progress_path"]

ENV = "RUNWELL_PROGRESS"
LOCK_TIMEOUT = 10.0


def progress_path() -> Path:
    """``$RUNWELL_PROGRESS``, else ``progress.json`` in the user data folder."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("runwell", appauthor=False) / "progress.json"


def _now_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


class ProgressStore:
    """The progress file at *path* (default :func:`progress_path`)."""

    def __init__(self, path: Path | None = None, *, course: Any = None) -> None:
        self.path = Path(path) if path is not None else progress_path()
        # The course maps a version-1 file's answer texts to choice ids where the frozen table
        # does not know them (an instructor's own banks); without one, the loaded course is used.
        self._course = course

    def _migrate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("version") == VERSION:
            return migrate(data)
        course = self._course
        if course is None:
            from runwell import course as model

            try:
                course = model.load()
            except CourseError:
                course = None
        return migrate(data, course)

    # -------------------------------------------------------------------------- reading

    def _raw(self) -> bytes | None:
        """The file's bytes (bounded), or None if there is no file yet."""
        try:
            st = self.path.stat()
        except (FileNotFoundError, NotADirectoryError):  # nothing saved there (yet)
            return None
        except OSError as exc:
            why = os_reason(exc, self.path)
            raise CourseError(f"{self.path}: cannot read the progress file ({why})") from None
        if stat.S_ISDIR(st.st_mode):
            raise CourseError(f"{self.path}: is a folder, not a progress file")
        if not stat.S_ISREG(st.st_mode):
            raise CourseError(f"{self.path}: not a regular file")
        try:
            with open(self.path, "rb") as fh:
                return fh.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            why = os_reason(exc, self.path)
            raise CourseError(f"{self.path}: cannot read the progress file ({why})") from None

    def _document(self, raw: bytes | None) -> dict[str, Any]:
        return fresh() if raw is None else self._migrate(parse(raw))

    def read(self) -> dict[str, Any]:
        """The progress (version 2; empty if there is no file). Writes nothing unless the file
        is corrupt, which is then moved aside (when the folder allows it)."""
        raw = self._raw()
        try:
            return self._document(raw)
        except ProgressError as exc:
            if isinstance(exc, NewerFormat):
                raise CourseError(f"{self.path}: {exc}") from None
        try:
            with self._locked():
                self._quarantine_if_corrupt()
        except CourseError as exc:
            print(f"runwell: warning: {clean_text(exc)}", file=sys.stderr, flush=True)
        return fresh()

    # -------------------------------------------------------------------------- changing

    def update(self, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """Apply *change* to the progress under the lock and save it; returns the new data."""
        with self._locked():
            self._sweep()
            data = self._quarantine_if_corrupt()
            change(data)
            try:
                atomic_write_text(self.path, serialise(data))
            except OSError as exc:
                raise CourseError(
                    f"{self.path}: cannot save your progress ({os_reason(exc, self.path)})"
                ) from None
        return data

    def _quarantine_if_corrupt(self) -> dict[str, Any]:
        """Under the lock: the current data, after moving a corrupt file aside."""
        raw = self._raw()
        try:
            return self._document(raw)
        except ProgressError as exc:
            if isinstance(exc, NewerFormat):
                raise CourseError(f"{self.path}: {exc}; your answers there are kept") from None
            why = str(exc)
        aside = self.path.with_name(f"{self.path.name}.corrupt-{_now_stamp()}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{_now_stamp()}-{n}")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            raise CourseError(
                f"{self.path}: unreadable ({why}) and cannot be moved aside "
                f"({os_reason(exc, self.path)})"
            ) from None
        print(
            f"runwell: warning: {clean_text(self.path)} was unreadable ({clean_text(why)}); "
            f"moved it to {clean_text(aside.name)} and started a fresh progress file",
            file=sys.stderr,
            flush=True,
        )
        return fresh()

    def _sweep(self) -> None:
        """Remove temporary files an interrupted save left (only ours: ``.progress.json.*.tmp``;
        no save is running, we hold the lock)."""
        for tmp in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if sys.platform == "emscripten":
            # The zero-install site: one kernel per browser tab and no processes to share the
            # file with; filelock there has only a soft lock, which warns on import and leaves a
            # marker behind that times the next visit out.
            self.path.parent.mkdir(parents=True, exist_ok=True)
            yield
            return
        from filelock import FileLock, Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)
            lock.acquire()
        except Timeout:
            raise CourseError(
                f"{self.path}: busy (locked by another program for {LOCK_TIMEOUT:g}s)"
            ) from None
        except OSError as exc:
            raise CourseError(
                f"{self.path}: cannot save your progress ({os_reason(exc, self.path)})"
            ) from None
        try:
            yield
        finally:
            lock.release()
