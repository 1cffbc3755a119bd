"""A learner's standing: stored answers graded against the current banks (pure, no files).

A stored answer is graded again every time, so an instructor's corrected key changes the standing.
Answers that no longer fit the course (a question or a choice that was removed, a number given to
a question that is now a choice question) are listed as :class:`Orphan`, never counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from runwell.course.model import Course, Question
from runwell.quiz.grading import Grade, grade

__all__ = [
    "LessonStanding",
    "Orphan",
    "graded_answer",
    "standing",
    "stored_response",
    "unfit_reason",
]


@dataclass(frozen=True)
class LessonStanding:
    """One lesson: ``correct`` of ``total`` (``answered`` so far)."""

    lesson: str
    correct: int
    answered: int
    total: int

    def __str__(self) -> str:
        text = f"{self.lesson}: {self.correct} of {self.total} correct"
        if self.answered < self.total:
            text += f" ({self.answered} answered)"
        return text


@dataclass(frozen=True)
class Orphan:
    """A stored answer the current course cannot grade, and why."""

    lesson: str
    question: str
    reason: str

    def __str__(self) -> str:
        return f"{self.lesson}: {self.question}: {self.reason}"


def stored_response(question: Question, answer: object) -> tuple[str, ...] | float | None:
    """The stored *answer* as a response to *question*, or None if it does not fit."""
    if question.type == "numeric":
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            return None
        return float(answer)
    if not isinstance(answer, list) or not answer:
        return None
    known = {c.id for c in question.choices}
    if not all(isinstance(a, str) and a in known for a in answer):
        return None
    if question.type != "multiple" and len(answer) != 1:
        return None
    return tuple(answer)


def unfit_reason(question: Question) -> str:
    """Why a stored answer that :func:`stored_response` refuses cannot be graded."""
    if question.type == "numeric":
        return "the answer is not a number, but the question now asks for one"
    return "a chosen answer is no longer one of the question's choices"


def graded_answer(question: Question, entry: object) -> Grade | str:
    """The grade of a stored entry, or the reason it cannot be graded."""
    if not isinstance(entry, Mapping) or "answer" not in entry:
        return "no answer stored"
    response = stored_response(question, entry["answer"])
    if response is None:
        return unfit_reason(question)
    result = grade(question, response)
    return result if result.answered else "no answer stored"


def standing(
    data: Mapping[str, Any], course: Course
) -> tuple[list[LessonStanding], list[Orphan]]:
    """Per-lesson standing over every usable bank (in lesson order), and the orphans."""
    answers = data.get("answers", {})
    rows: list[LessonStanding] = []
    orphans: list[Orphan] = []
    banks = course.usable_banks
    for lesson, bank in banks.items():
        entries = answers.get(lesson, {})
        correct = answered = 0
        for q in bank.questions:
            if q.id not in entries:
                continue
            result = graded_answer(q, entries[q.id])
            if isinstance(result, str):
                orphans.append(Orphan(lesson, q.id, result))
                continue
            answered += 1
            correct += result.correct
        rows.append(LessonStanding(lesson, correct, answered, len(bank.questions)))
    for lesson, entries in sorted(answers.items()):
        usable = banks.get(lesson)
        for qid in sorted(entries):
            if usable is None:
                if lesson not in course.banks:
                    orphans.append(Orphan(lesson, qid, "no such lesson in the course"))
            elif usable.question(qid) is None:
                orphans.append(Orphan(lesson, qid, "no such question in the lesson's quiz"))
    for lesson, entries in sorted(data.get("legacy", {}).items()):
        for qid in sorted(entries):
            orphans.append(
                Orphan(lesson, qid, "an answer from an older version that matches no choice")
            )
    return rows, orphans
