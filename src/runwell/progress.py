"""The learner's saved quiz answers: one small JSON file per learner.

Where: ``$RUNWELL_PROGRESS`` if set (tests and ``runwell execute`` use it), else
``progress.json`` in the platform's user data folder. Format (version 1)::

    {"format": "runwell-progress", "version": 1, "learner": "",
     "answers": {"01_warm_up": {"warmup-why-1": {"answer": ..., "correct": true,
                                                "time": "2024-05-01T10:00:00Z", "attempts": 2}}}}

Every change is a read-modify-write under a lock file (two notebooks answering at once lose
nothing) and ends with an atomic replace (a crash never leaves half a file). A file that cannot
be understood is moved aside as ``progress.json.corrupt-<UTC time>`` with a one-line warning on
stderr, and a fresh file is started.

``learner`` is an optional name for the instructor's class report (``runwell report``), set with
``runwell progress --learner NAME``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from filelock import FileLock, Timeout

from runwell.errors import CourseError
from runwell.fileio import atomic_write_text

if TYPE_CHECKING:
    from runwell.quiz.widget import ProgressSummary

__all__ = [
    "ENV",
    "FORMAT",
    "MAX_LEARNER",
    "VERSION",
    "Standing",
    "clean_learner",
    "command",
    "load",
    "progress_path",
    "record",
    "reset",
    "set_learner",
    "standing",
    "summary_html",
    "summary_widget",
]

ENV = "RUNWELL_PROGRESS"
FORMAT = "runwell-progress"
VERSION = 1
LOCK_TIMEOUT = 10.0
MAX_LEARNER = 80


def progress_path() -> Path:
    """``$RUNWELL_PROGRESS``, else ``progress.json`` in the user data folder."""
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path("runwell", appauthor=False) / "progress.json"


def _fresh(learner: str = "") -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "learner": learner, "answers": {}}


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _problem(data: object) -> str | None:
    """Why *data* is not a version-1 progress file, or None if it is one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return "not a runwell progress file"
    if data.get("version") != VERSION:
        return f"unknown version {data.get('version')!r}"
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return "'answers' is not a mapping"
    for lesson, entries in answers.items():
        if not isinstance(entries, dict):
            return f"answers for {lesson!r} are not a mapping"
        for entry in entries.values():
            if not isinstance(entry, dict) or not isinstance(entry.get("correct"), bool):
                return f"an answer in {lesson!r} is malformed"
    return None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT):
            yield
    except Timeout:
        raise CourseError(
            f"{path}: busy (locked by another program for {LOCK_TIMEOUT:g}s)"
        ) from None


def _read(path: Path) -> dict[str, Any]:
    """Read under the lock; move a corrupt file aside and start fresh."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _fresh()
    except OSError as exc:
        raise CourseError(f"{path}: cannot read the progress file ({exc.strerror})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
        why = _problem(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        why = f"not valid JSON ({exc.__class__.__name__})"
    if why is None:
        return data
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, aside)
    print(
        f"runwell: warning: {path} was unreadable ({why}); moved it to {aside.name} "
        "and started a fresh progress file",
        file=sys.stderr,
        flush=True,
    )
    return _fresh()


def _write(path: Path, data: dict[str, Any]) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def _update(path: Path | None, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    path = path or progress_path()
    with _locked(path):
        data = _read(path)
        change(data)
        _write(path, data)
    return data


def load(path: Path | None = None) -> dict[str, Any]:
    """The progress data (a fresh, empty one if there is no file yet)."""
    path = path or progress_path()
    if not path.exists():
        return _fresh()
    with _locked(path):
        return _read(path)


def record(
    lesson: str,
    question_id: str,
    answer: Any,
    correct: bool,
    *,
    path: Path | None = None,
    time: str | None = None,
) -> dict[str, Any]:
    """Save one answer (the latest answer wins; ``attempts`` counts them). Returns the entry."""
    entry: dict[str, Any] = {}

    def change(data: dict[str, Any]) -> None:
        lessons = data["answers"].setdefault(lesson, {})
        before = lessons.get(question_id, {})
        attempts = before.get("attempts", 0) if isinstance(before.get("attempts"), int) else 0
        entry.update(
            answer=answer, correct=bool(correct), time=time or _now(), attempts=attempts + 1
        )
        lessons[question_id] = dict(entry)

    _update(path, change)
    return entry


def reset(lesson: str | None = None, *, path: Path | None = None) -> int:
    """Forget the answers of one lesson (or all); returns how many answers were forgotten."""
    forgotten = 0

    def change(data: dict[str, Any]) -> None:
        nonlocal forgotten
        answers = data["answers"]
        if lesson is None:
            forgotten = sum(len(v) for v in answers.values())
            answers.clear()
        else:
            forgotten = len(answers.pop(lesson, {}))

    _update(path, change)
    return forgotten


def clean_learner(name: str) -> str:
    """*name* trimmed, if it is 1 to :data:`MAX_LEARNER` printable characters; else CourseError
    (one line: the name itself is never echoed, it may hold a line break)."""
    text = name.strip()
    rule = f"give 1 to {MAX_LEARNER} printable characters"
    if not text:
        raise CourseError(f"the learner name is empty ({rule})")
    if len(text) > MAX_LEARNER:
        raise CourseError(f"the learner name is {len(text)} characters long ({rule})")
    bad = next((c for c in text if not c.isprintable()), None)
    if bad is not None:
        raise CourseError(
            f"the learner name contains a control or invisible character U+{ord(bad):04X} ({rule})"
        )
    return text


def set_learner(name: str, *, path: Path | None = None) -> str:
    """Store the learner's name (trimmed and checked by :func:`clean_learner`) in the progress
    file, under the same lock as the answers. Returns the name as stored."""
    text = clean_learner(name)

    def change(data: dict[str, Any]) -> None:
        data["learner"] = text

    _update(path, change)
    return text


def _shown_learner(data: dict[str, Any]) -> str:
    """The stored name, safe to print on one line ('' if none)."""
    name = data.get("learner")
    if not isinstance(name, str):
        return ""
    return "".join(c if c.isprintable() else "?" for c in name.strip())


@dataclass(frozen=True)
class Standing:
    """One lesson's standing: ``correct`` of ``total`` (``answered`` so far)."""

    lesson: str
    correct: int
    answered: int
    total: int

    def __str__(self) -> str:
        text = f"{self.lesson}: {self.correct} of {self.total} correct"
        if self.answered < self.total:
            text += f" ({self.answered} answered)"
        return text


def _bank_sizes() -> dict[str, int]:
    """Questions per shipped bank, if the course folder can be found (else nothing)."""
    try:
        from runwell.paths import quizzes_dir
        from runwell.quiz.bank import load_banks

        banks, _ = load_banks(quizzes_dir(), None)
    except CourseError:
        return {}
    return {name: len(bank.questions) for name, bank in banks.items()}


def standing(
    data: dict[str, Any] | None = None, sizes: dict[str, int] | None = None
) -> list[Standing]:
    """Per-lesson standing, in lesson order. *sizes* (questions per bank) adds unstarted lessons
    and the real totals; without it the total is the number answered."""
    data = data if data is not None else load()
    sizes = sizes or {}
    answers = data.get("answers", {})
    result = []
    for lesson in sorted(set(answers) | set(sizes)):
        entries = answers.get(lesson, {})
        answered = len(entries)
        correct = sum(1 for e in entries.values() if e.get("correct") is True)
        total = max(sizes.get(lesson, answered), answered)
        result.append(Standing(lesson, correct, answered, total))
    return result


# ---------------------------------------------------------------- widget


def summary_widget(*, path: Path | None = None) -> ProgressSummary:
    """A widget showing the learner's standing per lesson (static key ``{"widget": "progress"}``).

    It lives in :mod:`runwell.quiz.widget` so that this module (and ``runwell progress``) does
    not import ipywidgets."""
    from runwell.quiz.widget import ProgressSummary

    return ProgressSummary(path)


def summary_html(data: dict[str, Any] | None = None, sizes: dict[str, int] | None = None) -> str:
    """The standing as a small HTML fragment (the summary widget's content)."""
    from html import escape

    rows = standing(data, sizes if sizes is not None else _bank_sizes())
    if not any(s.answered for s in rows):
        return "<p>No quiz answers saved yet. Answer a lesson's quiz, then press Refresh.</p>"
    items = "".join(f"<li>{escape(str(s))}</li>" for s in rows)
    return f"<p>Your quiz standing:</p><ul>{items}</ul>"


# ---------------------------------------------------------------- CLI


def _confirm(question: str) -> bool:
    try:
        reply = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return reply.strip().lower() in ("y", "yes")


def command(args: argparse.Namespace) -> int:
    """``runwell progress [--reset [LESSON] | --learner NAME] [--yes] [--json]``."""
    path = progress_path()
    learner = getattr(args, "learner", None)
    if learner is not None:
        name = set_learner(learner, path=path)
        print(f"learner name set to {name} (in {path})")
        return 0
    if args.reset:
        lesson = None if args.reset == "all" else args.reset
        what = "all saved quiz answers" if lesson is None else f"the saved answers for {lesson}"
        if not args.yes and not _confirm(f"Forget {what} in {path}?"):
            print("nothing reset (pass --yes to skip the question)")
            return 1
        n = reset(lesson, path=path)
        print(f"forgot {n} answer{'' if n == 1 else 's'} ({what})")
        return 0
    data = load(path)
    rows = standing(data, _bank_sizes())
    name = _shown_learner(data)
    if args.json:
        print(json.dumps({
            "path": str(path),
            "learner": name,
            "lessons": {
                s.lesson: {"correct": s.correct, "answered": s.answered, "total": s.total}
                for s in rows
            },
        }, indent=2))
        return 0
    print(f"progress file: {path}")
    print(f"learner: {name}" if name else "learner: no name yet (runwell progress --learner NAME)")
    if not rows:
        print("no quiz answers saved yet")
    for s in rows:
        print(s)
    return 0
