"""Answer a live ``runwell-quiz`` in the browser, the way a learner does, wrongly then rightly.

Which answer is right comes from the course model loaded in the test process; choices are found
in the page by the label the model gives them ("B. Snug, but not tight"), so the shuffled order
is checked too: a label with the wrong letter would not be found. A quiz in another language
(``lang="es"``) is driven through its own words, taken from the same catalogue the widget uses
("Comprobar", "Correcto.", "Verdadero").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, expect

from runwell import course
from runwell.course import Bank, Question
from runwell.i18n import translator
from runwell.quiz.grading import CORRECT as _CORRECT
from runwell.quiz.grading import NOT_QUITE as _NOT_QUITE
from runwell.quiz.labels import choice_label

__all__ = [
    "Attempt",
    "Words",
    "answer_quiz",
    "quiz_calls",
    "right_answer",
    "select",
    "wrong_answer",
]

CORRECT = "Correct."
NOT_QUITE = "Not quite."
SHOW_CALL = re.compile(r"""quiz\.show\(\s*["']([0-9]{2}_[a-z0-9_]+)["']""")
SCORE = re.compile(r"(\d+) of (\d+) correct")


@dataclass(frozen=True)
class Words:
    """What the quiz says in one language: its buttons, verdicts and score line."""

    lang: str = "en"

    def _(self, message: str) -> str:
        return translator(self.lang).gettext(message)

    @property
    def check(self) -> str:
        return self._("Check")

    @property
    def retry(self) -> str:
        return self._("Try again")

    @property
    def correct(self) -> str:
        return self._(_CORRECT)

    @property
    def not_quite(self) -> str:
        return self._(_NOT_QUITE)

    def score(self, correct: int, total: int) -> str:
        return self._("{correct} of {total} correct").format(correct=correct, total=total)

    @property
    def score_pattern(self) -> re.Pattern[str]:
        line = re.escape(self._("{correct} of {total} correct"))
        return re.compile(line.replace(r"\{correct\}", r"(\d+)").replace(r"\{total\}", r"(\d+)"))


@dataclass(frozen=True)
class Attempt:
    """What to put in: choice labels to select (single, multiple, true/false) or a number typed."""

    choices: tuple[str, ...] = ()
    number: str | None = None


def quiz_calls(notebook_source: str) -> list[str]:
    """The bank names a notebook's code shows with ``quiz.show("NN_name")``, in order."""
    import nbformat

    nb = nbformat.reads(notebook_source, as_version=4)
    names: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            names.extend(SHOW_CALL.findall(cell.source))
    return names


def _number(value: float) -> str:
    return f"{value:g}"


def labels(question: Question, keep: object, lang: str = "en") -> list[str]:
    """The shown labels of the choices *keep* (a predicate on a choice) accepts."""
    return [choice_label(question, n, lang) for n, c in enumerate(question.shown)
            if keep(c)]  # type: ignore[operator]


def right_answer(question: Question, lang: str = "en") -> Attempt:
    if question.type == "numeric":
        return Attempt(number=_number(float(question.answer or 0)))
    return Attempt(choices=tuple(labels(question, lambda c: c.correct, lang)))


def wrong_answer(question: Question, lang: str = "en") -> Attempt:
    """An answer the bank says is wrong (but is an answer: it is graded and saved)."""
    if question.type == "numeric":
        miss = 10 * float(question.tolerance or 1) + 10
        return Attempt(number=_number(float(question.answer or 0) + miss))
    right = labels(question, lambda c: c.correct, lang)
    wrong = labels(question, lambda c: not c.correct, lang)
    if question.type == "multiple":
        if wrong:
            return Attempt(choices=(*right, wrong[0]))
        return Attempt(choices=tuple(right[:-1]))
    return Attempt(choices=(wrong[0],))


def select(view: Locator, question: Question, attempt: Attempt, lang: str = "en") -> None:
    """Put *attempt* into the question *view* (a ``.runwell-question`` element) with the mouse."""
    if question.type == "numeric":
        box = view.get_by_role("textbox")
        box.fill(attempt.number or "")
        box.press("Enter")  # Text(continuous_update=False) sends its value on Enter or blur
        return
    if question.type == "multiple":
        for n in range(len(question.shown)):
            label = choice_label(question, n, lang)
            box = view.get_by_role("checkbox", name=label, exact=True)
            box.set_checked(label in attempt.choices)
        return
    (text,) = attempt.choices
    view.get_by_role("radio", name=text, exact=True).check()


def score(quiz: Locator, lang: str = "en") -> tuple[int, int]:
    text = quiz.locator(".runwell-score").inner_text()
    found = Words(lang).score_pattern.search(text)
    if found is None:
        raise AssertionError(f"no score like {Words(lang).score(1, 2)!r} in {text!r}")
    return int(found.group(1)), int(found.group(2))


def answer_quiz(quiz: Locator, bank: Bank, lang: str = "en") -> list[str]:
    """Answer every question of the rendered *quiz* wrongly, read "Not quite.", press Try again,
    answer rightly, read "Correct."; check the score after each step (all in *lang*'s words).
    Returns the question ids."""
    words = Words(lang)
    views = quiz.locator(".runwell-question")
    expect(views).to_have_count(len(bank.questions))
    assert score(quiz, lang) == (0, len(bank.questions)), "a fresh quiz should score 0"
    done: list[str] = []
    for n, question in enumerate(bank.questions):
        view = views.nth(n)
        feedback = view.locator(".runwell-feedback")
        expect(feedback).to_have_text("")

        select(view, question, wrong_answer(question, lang), lang)
        view.get_by_role("button", name=words.check, exact=True).click()
        expect(feedback).to_contain_text(words.not_quite)
        expect(feedback).not_to_contain_text(words.correct)
        assert score(quiz, lang) == (n, len(bank.questions)), (
            f"{question.id}: a wrong answer scored")

        view.get_by_role("button", name=words.retry, exact=True).click()
        expect(feedback).to_have_text("")

        select(view, question, right_answer(question, lang), lang)
        view.get_by_role("button", name=words.check, exact=True).click()
        expect(feedback).to_contain_text(words.correct)
        expect(quiz.locator(".runwell-score")).to_contain_text(
            words.score(n + 1, len(bank.questions))
        )
        done.append(question.id)
    return done


def bank_for(name: str, root: Path, lang: str = "en") -> Bank:
    return course.load(root, lang).bank(name)
