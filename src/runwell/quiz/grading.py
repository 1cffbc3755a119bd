"""Grading: pure functions from a question and a response to a verdict with feedback.

No widgets here. A response is a tuple of choice indices (bank order) for choice questions, and a
number or the text a learner typed for numeric ones. The widget and the tests use the same code.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from runwell.quiz.bank import Question

__all__ = [
    "CORRECT",
    "NOT_QUITE",
    "Grade",
    "choice_order",
    "correct_answer_text",
    "grade",
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
    ``answer`` is the response in a JSON-friendly form for the progress file.
    """

    answered: bool
    correct: bool
    verdict: str
    feedback: tuple[str, ...]
    answer: str | float | list[str] | None


def choice_order(question: Question, shuffle: bool) -> tuple[int, ...]:
    """The order to show choices in: bank order, or shuffled with a seed from the question id
    (so every run shows the same order). True/false stays True, False."""
    order = list(range(len(question.choices)))
    if shuffle and question.type != "true_false":
        random.Random(zlib.crc32(question.id.encode("utf-8"))).shuffle(order)
    return tuple(order)


def parse_number(text: str | float | int | None) -> float | None:
    """A learner's number: ``2``, ``1.5``, ``1,5``, `` 3 `` → float; not a number → None."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        value = float(text)
        return value if math.isfinite(value) else None
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def _format_number(value: float) -> str:
    return f"{value:g}"


def correct_answer_text(question: Question) -> str:
    """The correct answer in words, for the static view and the answer key."""
    if question.type == "numeric":
        tol = _format_number(question.tolerance or 0)
        return f"{_format_number(question.answer or 0)} {question.unit} (± {tol} {question.unit})"
    return "; ".join(c.text for c in question.choices if c.correct)


def grade(question: Question, response: Sequence[int] | int | float | str | None) -> Grade:
    """Grade *response* to *question*."""
    if question.type == "numeric":
        return _grade_numeric(question, response)
    if response is None:
        selected: tuple[int, ...] = ()
    elif isinstance(response, int):
        selected = (response,)
    elif isinstance(response, (str, float)):
        raise ValueError(f"{question.id}: a {question.type} question takes choice indices")
    else:
        selected = tuple(sorted(set(response)))
    for i in selected:
        if not 0 <= i < len(question.choices):
            raise ValueError(f"{question.id}: no choice number {i}")
    return _grade_choices(question, selected)


def _grade_choices(question: Question, selected: tuple[int, ...]) -> Grade:
    if not selected:
        prompt = "Tick every answer that applies" if question.type == "multiple" else "Choose one"
        return Grade(False, False, NOT_QUITE, (f"{prompt}, then press Check.",), None)
    if question.type != "multiple" and len(selected) > 1:
        raise ValueError(f"{question.id}: choose one answer only")
    correct_set = set(question.correct_indices)
    ok = set(selected) == correct_set
    lines = [question.choices[i].feedback for i in selected]
    texts = [question.choices[i].text for i in selected]
    if question.type == "multiple" and not ok:
        missed = len(correct_set - set(selected))
        wrong = len(set(selected) - correct_set)
        if wrong:
            lines.append(f"{wrong} of your ticks {'is' if wrong == 1 else 'are'} not right.")
        if missed:
            lines.append(f"{missed} correct answer{'' if missed == 1 else 's'} not ticked yet.")
    answer: str | list[str] = texts if question.type == "multiple" else texts[0]
    return Grade(True, ok, CORRECT if ok else NOT_QUITE, tuple(lines), answer)


def _grade_numeric(question: Question, response: object) -> Grade:
    if isinstance(response, (list, tuple)):
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
