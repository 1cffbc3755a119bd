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
from runwell.i18n import N_, translator

__all__ = [
    "CORRECT",
    "NOT_QUITE",
    "Grade",
    "correct_answer_text",
    "grade",
    "is_correct",
    "parse_number",
]

CORRECT = N_("Correct.")
NOT_QUITE = N_("Not quite.")
EPSILON = 1e-9
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True)
class Grade:
    """The result of checking one response.

    ``answered`` is False when there was nothing to grade (no choice, no number); such a check is
    not saved. ``verdict`` is ``Correct.`` or ``Not quite.`` (in the language graded in), so
    feedback never relies on colour.
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


def correct_answer_text(question: Question, lang: str = "en") -> str:
    """The correct answer in words, for the static view and the answer key."""
    from runwell.i18n import decimal
    from runwell.quiz.labels import choice_text, unit_label

    if question.type == "numeric":
        tol = format_number(question.tolerance or 0)
        unit = unit_label(question.unit, lang)
        return decimal(f"{format_number(question.answer or 0)} {unit} (± {tol} {unit})", lang)
    return "; ".join(choice_text(question, c, lang) for c in question.shown if c.correct)


def is_correct(question: Question, response: tuple[str, ...] | float) -> bool:
    """Whether a well-formed stored response (choice ids of the question, or a number) is right:
    the verdict of :func:`grade` without its feedback, for the class report's thousands."""
    if isinstance(response, tuple):
        return frozenset(response) == question.correct_ids
    if question.answer is None or question.tolerance is None:
        return False
    return abs(response - question.answer) <= question.tolerance + EPSILON


def grade(
    question: Question,
    response: Collection[str] | str | float | int | None,
    lang: str = "en",
) -> Grade:
    """Grade *response* (choice ids, or a number) to *question*, with the feedback in *lang*
    (the bank's own feedback is already in its language). ValueError for a response of the
    wrong kind or an id the question does not have."""
    if question.type == "numeric":
        return _grade_numeric(question, response, lang)
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
    return _grade_choices(question, selected, lang)


def _verdict(correct: bool, lang: str) -> str:
    return translator(lang).gettext(CORRECT if correct else NOT_QUITE)


def _grade_choices(question: Question, selected: frozenset[str], lang: str) -> Grade:
    t = translator(lang)
    if not selected:
        if question.type == "multiple":
            prompt = t.gettext("Tick every answer that applies, then press Check.")
        else:
            prompt = t.gettext("Choose one, then press Check.")
        return Grade(False, False, _verdict(False, lang), (prompt,), None)
    if question.type != "multiple" and len(selected) > 1:
        raise ValueError(f"{question.id}: choose one answer only")
    correct_set = question.correct_ids
    ok = selected == correct_set
    lines = [c.feedback for c in question.shown if c.id in selected]
    if question.type == "multiple" and not ok:
        missed = len(correct_set - selected)
        wrong = len(selected - correct_set)
        if wrong:
            lines.append(t.ngettext("{n} of your ticks is not right.",
                                    "{n} of your ticks are not right.", wrong).format(n=wrong))
        if missed:
            lines.append(t.ngettext("{n} correct answer not ticked yet.",
                                    "{n} correct answers not ticked yet.", missed).format(n=missed))
    answer = tuple(c.id for c in question.shown if c.id in selected)
    return Grade(True, ok, _verdict(ok, lang), tuple(lines), answer)


def _grade_numeric(question: Question, response: object, lang: str) -> Grade:
    if isinstance(response, (list, tuple, set, frozenset)):
        raise ValueError(f"{question.id}: a numeric question takes a number")
    value = parse_number(response)  # type: ignore[arg-type]
    if value is None:
        t = translator(lang)
        if question.unit:
            from runwell.quiz.labels import unit_label

            line = t.gettext("Type a number in {unit}, then press Check.").format(
                unit=unit_label(question.unit, lang))
        else:
            line = t.gettext("Type a number, then press Check.")
        return Grade(False, False, _verdict(False, lang), (line,), None)
    if question.answer is None or question.tolerance is None or question.feedback is None:
        raise ValueError(f"{question.id}: numeric question without answer, tolerance or feedback")
    diff = value - question.answer
    if abs(diff) <= question.tolerance + EPSILON:
        return Grade(True, True, _verdict(True, lang), (question.feedback.correct,), value)
    line = question.feedback.low if diff < 0 else question.feedback.high
    return Grade(True, False, _verdict(False, lang), (line,), value)
