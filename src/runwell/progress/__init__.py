"""The learner's saved quiz answers: stored on their own machine, graded against the course.

- :mod:`~runwell.progress.document`: the file format (version 2 stores choice ids), the bounded
  parser shared with the class report, and the migration of version-1 files;
- :mod:`~runwell.progress.store`: the file on disk (lock, atomic writes, corrupt files);
- :mod:`~runwell.progress.standing`: stored answers graded against the current banks;
- :mod:`~runwell.progress.cli`: ``runwell progress``.

The functions here are what the live quiz and the command line use.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from runwell.progress.document import FORMAT, MAX_LEARNER, VERSION, check_learner
from runwell.progress.store import ENV, ProgressStore, progress_path

__all__ = [
    "ENV",
    "FORMAT",
    "MAX_LEARNER",
    "VERSION",
    "ProgressStore",
    "check_learner",
    "load",
    "progress_path",
    "record",
    "reset",
    "set_learner",
]


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def load(path: Path | None = None, *, course: Any = None) -> dict[str, Any]:
    """The saved progress, as version 2 (empty if there is no file yet). Reads only. *course*
    maps a version-1 file's answers in banks the frozen table does not know (default: the
    loaded course)."""
    return ProgressStore(path, course=course).read()


def record(
    lesson: str,
    question_id: str,
    answer: tuple[str, ...] | list[str] | float,
    *,
    path: Path | None = None,
    time: str | None = None,
    course: Any = None,
) -> dict[str, Any]:
    """Save one answer (choice ids, or a number); the latest answer wins and ``attempts``
    counts them. Returns the stored entry."""
    entry: dict[str, Any] = {}
    stored: list[str] | float = (
        list(answer) if isinstance(answer, (tuple, list)) else float(answer)
    )

    def change(data: dict[str, Any]) -> None:
        lessons = data["answers"].setdefault(lesson, {})
        before = lessons.get(question_id, {})
        attempts = before.get("attempts", 0) if isinstance(before.get("attempts"), int) else 0
        entry.update(answer=stored, time=time or _now(), attempts=attempts + 1)
        lessons[question_id] = dict(entry)
        legacy = data.get("legacy", {})
        if question_id in legacy.get(lesson, {}):  # answered afresh: the old text is superseded
            del legacy[lesson][question_id]
            if not legacy[lesson]:
                del legacy[lesson]
            if not legacy:
                del data["legacy"]

    ProgressStore(path, course=course).update(change)
    return entry


def reset(lesson: str | None = None, *, path: Path | None = None) -> int:
    """Forget the answers of one lesson (or all); returns how many answers were forgotten."""
    forgotten = 0

    def change(data: dict[str, Any]) -> None:
        nonlocal forgotten
        for key in ("answers", "legacy"):
            answers = data.get(key, {})
            if lesson is None:
                forgotten += sum(len(v) for v in answers.values())
                answers.clear()
            else:
                forgotten += len(answers.pop(lesson, {}))
        if not data.get("legacy"):
            data.pop("legacy", None)

    store = ProgressStore(path)
    if not store.path.exists():
        return 0
    store.update(change)
    return forgotten


def set_learner(name: str, *, path: Path | None = None) -> str:
    """Store the learner's name (checked by :func:`check_learner`) for the class report."""
    text = check_learner(name)

    def change(data: dict[str, Any]) -> None:
        data["learner"] = text

    ProgressStore(path).update(change)
    return text
