"""The class report's model: learners' progress files read (bounded), graded against the
current banks, and merged into per-question and per-learner tables. Pure apart from reading the
files; the views are in :mod:`runwell.report.views`.

Reading only: the report never changes, repairs or resets a learner's file. Anyone can put
anything in the file they hand in, so each file is read through the one bounded parser
(:mod:`runwell.progress.document`); a file that fails it is skipped with one line saying why,
and the report is built from the rest.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runwell.course.model import Course
from runwell.errors import CourseError, clean_text, display_path, fold_space, os_reason
from runwell.fileio import NotRegularFile, read_regular
from runwell.progress.document import MAX_BYTES, migrate, parse
from runwell.progress.standing import Orphan, stored_response, unfit_reason
from runwell.quiz.grading import is_correct

__all__ = [
    "CHART_BARS",
    "ClassReport",
    "LearnerFile",
    "LearnerStat",
    "QuestionStat",
    "Record",
    "Skipped",
    "build_report",
    "expand",
    "load_learner_file",
    "read_files",
]

CHART_BARS = 10  # the chart shows at most this many most-missed questions
MAX_FILES = 20_000  # a folder of progress files for a very large school


@dataclass(frozen=True)
class Record:
    """One learner's latest answer to one question, graded against the current bank."""

    lesson: str
    question: str
    correct: bool
    attempts: int
    time: str


@dataclass(frozen=True)
class LearnerFile:
    """A readable progress file: who it belongs to, their graded answers, and the answers the
    current course cannot grade."""

    path: Path
    learner: str
    records: tuple[Record, ...]
    orphans: tuple[Orphan, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A file left out of the report, and why (printed as ``path: skipped: reason``)."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{clean_text(display_path(self.path), 300)}: skipped: {clean_text(self.reason)}"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, bounded; a pipe or a device is refused without being waited on."""
    try:
        raw = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise CourseError("no such file") from None
    except IsADirectoryError:
        raise CourseError("is a folder") from None
    except NotRegularFile:
        raise CourseError("not a regular file") from None
    except OSError as exc:
        raise CourseError(f"cannot read: {os_reason(exc, path)}") from None
    if len(raw) > MAX_BYTES:
        raise CourseError(f"too large for a progress file (over {MAX_BYTES:,} bytes)")
    return raw


def grade_document(data: dict[str, Any], course: Course) -> tuple[list[Record], list[Orphan]]:
    """A version-2 document's answers graded against *course*."""
    records: list[Record] = []
    orphans: list[Orphan] = []
    for lesson, entries in data.get("answers", {}).items():
        for qid, entry in entries.items():
            question = course.question(lesson, qid)
            if question is None or lesson in course.broken:
                reason = ("no such lesson in the course" if lesson not in course.banks
                          else "no such question in the lesson's quiz")
                orphans.append(Orphan(lesson, qid, reason))
                continue
            response = stored_response(question, entry["answer"])
            if response is None:
                orphans.append(Orphan(lesson, qid, unfit_reason(question)))
                continue
            attempts = entry.get("attempts", 1)
            right = is_correct(question, response)
            records.append(Record(lesson, qid, right, attempts, entry.get("time", "")))
    for lesson, entries in data.get("legacy", {}).items():
        for qid in entries:
            orphans.append(
                Orphan(lesson, qid, "an answer from an older version that matches no choice")
            )
    return records, orphans


def load_learner_file(path: Path, course: Course) -> LearnerFile:
    """Read and grade one progress file; CourseError with a one-line reason if unusable."""
    data = migrate(parse(_read_bytes(path)), course)
    records, orphans = grade_document(data, course)
    name = fold_space(str(data.get("learner", ""))) or path.stem
    return LearnerFile(path, name, tuple(records), tuple(orphans))


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for every ``*.json`` file below it (sorted, symbolic
    links to folders not followed), each file once."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        if p.is_dir():
            found: list[Path] = []
            for base, dirs, files in os.walk(p, followlinks=False):
                dirs.sort()
                found += [Path(base) / f for f in sorted(files) if f.endswith(".json")]
                if len(found) > MAX_FILES:
                    raise CourseError(f"{display_path(p)}: more than {MAX_FILES:,} files")
        else:
            found = [p]
        for q in found:
            key = Path(os.path.abspath(q))
            if key not in seen:
                seen.add(key)
                out.append(q)
    return out


def read_files(paths: Iterable[Path], course: Course) -> tuple[list[LearnerFile], list[Skipped]]:
    """Read every file (folders expanded); return the readable ones and the skipped ones."""
    good: list[LearnerFile] = []
    skipped: list[Skipped] = []
    for path in expand(paths):
        try:
            good.append(load_learner_file(path, course))
        except CourseError as exc:
            skipped.append(Skipped(path, str(exc)))
    return good, skipped


# ---------------------------------------------------------------------------------------------
# Aggregating


@dataclass(frozen=True)
class QuestionStat:
    lesson: str
    question: str
    answered: int
    correct: int
    attempts: int  # summed over the learners who answered
    text: str = ""  # the question, from its bank

    @property
    def missed(self) -> int:
        return self.answered - self.correct

    @property
    def percent_correct(self) -> float:
        return 100.0 * self.correct / self.answered if self.answered else 0.0

    @property
    def mean_attempts(self) -> float:
        return self.attempts / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class LearnerStat:
    learner: str
    path: Path
    answered: int
    correct: int
    lessons: int
    last_answer: str
    not_counted: int = 0  # answers the current course cannot grade

    @property
    def percent_correct(self) -> float:
        return 100.0 * self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class ClassReport:
    questions: tuple[QuestionStat, ...]
    learners: tuple[LearnerStat, ...]
    skipped: tuple[Skipped, ...]
    orphans: tuple[tuple[str, Orphan], ...] = ()  # (learner, answer not counted)

    def most_missed(self, limit: int = CHART_BARS) -> list[QuestionStat]:
        """Questions anyone missed, worst first (by share missed, then by how many answered)."""
        missed = [q for q in self.questions if q.missed > 0]
        missed.sort(key=lambda q: (q.percent_correct, -q.answered, q.lesson, q.question))
        return missed[:limit]


def _unique_names(files: Sequence[LearnerFile]) -> list[str]:
    """Learner names, with the file's path added where two files carry the same name."""
    counts: dict[str, int] = {}
    for f in files:
        counts[f.learner] = counts.get(f.learner, 0) + 1
    return [
        f"{f.learner} ({display_path(f.path)})" if counts[f.learner] > 1 else f.learner
        for f in files
    ]


def build_report(
    files: Sequence[LearnerFile], course: Course, skipped: Sequence[Skipped] = ()
) -> ClassReport:
    """Per-question and per-learner tables from the readable files, questions in bank order."""
    order: dict[tuple[str, str], tuple[int, str]] = {}
    for lesson, bank in sorted(course.banks.items()):
        for n, q in enumerate(bank.questions):
            order[(lesson, q.id)] = (n, " ".join(q.text.split()))
    totals: dict[tuple[str, str], list[int]] = {}
    learners: list[LearnerStat] = []
    orphans: list[tuple[str, Orphan]] = []
    for f, name in zip(files, _unique_names(files), strict=True):
        right = 0
        for r in f.records:
            t = totals.setdefault((r.lesson, r.question), [0, 0, 0])
            t[0] += 1
            t[1] += r.correct
            t[2] += r.attempts
            right += r.correct
        orphans += [(name, o) for o in f.orphans]
        learners.append(
            LearnerStat(
                learner=name,
                path=f.path,
                answered=len(f.records),
                correct=right,
                lessons=len({r.lesson for r in f.records}),
                last_answer=max((r.time for r in f.records), default=""),
                not_counted=len(f.orphans),
            )
        )
    questions = tuple(
        QuestionStat(
            lesson=key[0],
            question=key[1],
            answered=totals[key][0],
            correct=totals[key][1],
            attempts=totals[key][2],
            text=order.get(key, (0, ""))[1],
        )
        for key in sorted(totals, key=lambda k: (k[0], order.get(k, (0, ""))[0], k[1]))
    )
    learners.sort(key=lambda s: (s.learner.casefold(), s.learner))
    return ClassReport(questions, tuple(learners), tuple(skipped), tuple(orphans))
