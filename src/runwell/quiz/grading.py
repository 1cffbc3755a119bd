"""Grading: pure functions from a question and a response to a verdict with feedback.

No widgets, no files. A response to a choice question is a collection of choice ids; to a numeric
question, a number or the text a learner typed. The live quiz, the progress standing and the class
report all grade with this module, so a corrected key re-grades every stored answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass

from runwell.course.model import Question

__all__ = [
    "CORRECT",
    "NOT_QUITE",
    "Grade",
    "correct_answer_text",
    "grade",
    "is_correct",
    "parse_number",
]

CORRECT = "Correct."
NOT_QUITE = "Not quite."
EPSILON = 1e-9
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True)
class Grade:
    """The result of checking one response.

    ``answered`` is False when there was nothing to grade (no choice, no number); such a check is
    not saved. ``verdict`` is ``Correct.`` or ``Not quite.``, so feedback never relies on colour.
    ``answer`` is what the progress file stores: the chosen choice ids (sorted), or the number.
    """

    answered: bool
    correct: bool
    verdict: str
    feedback: tuple[str, ...]
    answer: tuple[str, ...] | float | None


def parse_number(text: str | float | int | None) -> float | None:
    """A learner's number: ``2``, ``1.5``, ``1,5``, `` 3 `` → float; not a number → None."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        try:
            value = float(text)
        except OverflowError:
            return None
        return value if math.isfinite(value) else None
    cleaned = text.strip().replace(" ", "")
    if len(cleaned) > 40 or not _NUMBER.match(cleaned):
        return None
    value = float(cleaned.replace(",", "."))
    return value if math.isfinite(value) else None


def format_number(value: float) -> str:
    return f"{value:g}"


def correct_answer_text(question: Question) -> str:
    """The correct answer in words, for the static view and the answer key."""
    if question.type == "numeric":
        tol = format_number(question.tolerance or 0)
        return f"{format_number(question.answer or 0)} {question.unit} (± {tol} {question.unit})"
    return "; ".join(c.text for c in question.shown if c.correct)


def is_correct(question: Question, response: tuple[str, ...] | float) -> bool:
    """Whether a well-formed stored response (choice ids of the question, or a number) is right:
    the verdict of :func:`grade` without its feedback, for the class report's thousands."""
    if isinstance(response, tuple):
        return frozenset(response) == question.correct_ids
    if question.answer is None or question.tolerance is None:
        return False
    return abs(response - question.answer) <= question.tolerance + EPSILON


def grade(question: Question, response: Collection[str] | str | float | int | None) -> Grade:
    """Grade *response* (choice ids, or a number) to *question*. ValueError for a response of
    the wrong kind or an id the question does not have."""
    if question.type == "numeric":
        return _grade_numeric(question, response)
    if response is None:
        selected: frozenset[str] = frozenset()
    elif isinstance(response, str):
        selected = frozenset((response,))
    elif isinstance(response, (int, float)):
        raise ValueError(f"{question.id}: a {question.type} question takes choice ids")
    else:
        selected = frozenset(response)
    known = {c.id for c in question.choices}
    for choice_id in selected:
        if choice_id not in known:
            raise ValueError(f"{question.id}: no choice {choice_id!r}")
    return _grade_choices(question, selected)


def _grade_choices(question: Question, selected: frozenset[str]) -> Grade:
    if not selected:
        prompt = "Tick every answer that applies" if question.type == "multiple" else "Choose one"
        return Grade(False, False, NOT_QUITE, (f"{prompt}, then press Check.",), None)
    if question.type != "multiple" and len(selected) > 1:
        raise ValueError(f"{question.id}: choose one answer only")
    correct_set = question.correct_ids
    ok = selected == correct_set
    lines = [c.feedback for c in question.shown if c.id in selected]
    if question.type == "multiple" and not ok:
        missed = len(correct_set - selected)
        wrong = len(selected - correct_set)
        if wrong:
            lines.append(f"{wrong} of your ticks {'is' if wrong == 1 else 'are'} not right.")
        if missed:
            lines.append(f"{missed} correct answer{'' if missed == 1 else 's'} not ticked yet.")
    answer = tuple(c.id for c in question.shown if c.id in selected)
    return Grade(True, ok, CORRECT if ok else NOT_QUITE, tuple(lines), answer)


def _grade_numeric(question: Question, response: object) -> Grade:
    if isinstance(response, (list, tuple, set, frozenset)):
        raise ValueError(f"{question.id}: a numeric question takes a number")
    value = parse_number(response)  # type: ignore[arg-type]
    if value is None:
        unit = f" in {question.unit}" if question.unit else ""
        return Grade(False, False, NOT_QUITE, (f"Type a number{unit}, then press Check.",), None)
    if question.answer is None or question.tolerance is None or question.feedback is None:
        raise ValueError(f"{question.id}: numeric question without answer, tolerance or feedback")
    diff = value - question.answer
    if abs(diff) <= question.tolerance + EPSILON:
        return Grade(True, True, CORRECT, (question.feedback.correct,), value)
    line = question.feedback.low if diff < 0 else question.feedback.high
    return Grade(True, False, NOT_QUITE, (line,), value)
