"""The live view of a quiz bank: an ipywidgets quiz with feedback, hints and saved progress.

A thin shell: grading is :func:`runwell.quiz.grading.grade`, the choice order is the model's
(``Question.order``, the same as in the handouts, each choice lettered A, B, …); this module only
wires widget values to them and shows the result. Standard widgets, plus grouped radios
(:mod:`runwell.quiz.radio`) so the arrow keys move between answers; every control has a
description or tooltip; each verdict is written out ("Correct." / "Not quite.").

Resuming: a quiz opens with the learner's saved answers filled in and graded again against the
current bank, their feedback shown and the score counting them. Opening only reads the progress
file. Answers are stored by choice id, so rewording a choice keeps them; an answer whose choice
no longer exists is left out and that question starts blank.

Every word the widget adds comes from the message catalogue of the quiz's language
(``show(name, lang="es")``, :mod:`runwell.i18n`); the bank supplies the rest.

Everything here also runs in the browser (Pyodide): no PyYAML, Jinja or jsonschema on this path.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from ipywidgets import (
    HTML,
    Button,
    Checkbox,
    HBox,
    Label,
    Layout,
    Text,
    ToggleButton,
    VBox,
    Widget,
)

from runwell import progress
from runwell.course.model import Bank, Course, Question
from runwell.errors import CourseError
from runwell.i18n import N_, translator
from runwell.progress.standing import graded_answer, stored_response
from runwell.quiz.grading import Grade, grade
from runwell.quiz.labels import choice_label, type_prompt, unit_label
from runwell.quiz.markdown import render_inline, render_markdown
from runwell.quiz.radio import RadioGroup
from runwell.static_form import StaticForm

__all__ = ["QuestionView", "QuizWidget", "show"]

REVEAL_AFTER = 2  # show the explanation after this many wrong checks (or on a right one)
RESTORED_NOTE = N_("Your saved answer. Press Try again to answer this question afresh.")
_WIDE = {"description_width": "initial"}


def _hidden(widget: Widget, hidden: bool) -> None:
    widget.layout.display = "none" if hidden else None


class QuestionView(VBox):
    """One question: text, choices, Check / Try again / Hint, feedback and explanation."""

    def __init__(
        self,
        question: Question,
        number: int,
        total: int,
        *,
        on_check: Callable[[QuestionView, Grade], str | None] | None = None,
        on_reset: Callable[[QuestionView], None] | None = None,
        lang: str = "en",
    ) -> None:
        self.question = question
        self.lang = lang
        self.attempts = 0
        self.result: Grade | None = None
        self._on_check = on_check
        self._on_reset = on_reset
        t = translator(lang)
        _ = t.gettext
        label = _("question {number}").format(number=number)
        shown = question.shown

        heading = _("Question {number} of {total}.").format(number=number, total=total)
        self.prompt = HTML(
            value=(
                f'<p class="runwell-question-number">{escape(heading)} '
                f"{escape(type_prompt(question.type, lang))}</p>"
                f"{render_markdown(question.text)}"
            )
        )
        self.prompt.add_class("runwell-question-text")

        self.radio: RadioGroup | None = None
        self.checkboxes: list[Checkbox] = []
        self.number: Text | None = None
        if question.type in ("single", "true_false"):
            self.radio = RadioGroup(
                options=[(choice_label(question, i, lang), i) for i in range(len(shown))],
                value=None,
                description=_("Answer to {question}").format(question=label),
            )
            answer_box: Widget = self.radio
        elif question.type == "multiple":
            self.checkboxes = [
                Checkbox(
                    value=False,
                    description=choice_label(question, i, lang),
                    indent=False,
                    layout=Layout(width="auto"),
                )
                for i in range(len(shown))
            ]
            answer_box = VBox(self.checkboxes)
            answer_box.add_class("runwell-choices")
        else:
            unit = unit_label(question.unit, lang)
            self.number = Text(
                value="",
                placeholder=_("a number, in {unit}").format(unit=unit),
                description=_("Answer to {question} ({unit})").format(question=label, unit=unit),
                style=_WIDE,
                continuous_update=False,
            )
            answer_box = HBox([self.number, Label(value=unit)])

        self.check_button = Button(
            description=_("Check"),
            tooltip=_("Check your answer to {question}").format(question=label),
        )
        self.check_button.add_class("runwell-check")
        self.retry_button = Button(
            description=_("Try again"),
            tooltip=_("Clear {question} and answer it again").format(question=label),
            disabled=True,
        )
        self.retry_button.add_class("runwell-retry")
        buttons: list[Widget] = [self.check_button, self.retry_button]

        self.hint_button: ToggleButton | None = None
        hint_word, why_word = _("Hint:"), _("Why:")
        self.hint = HTML(
            value=(
                f'<div class="runwell-hint"><strong>{escape(hint_word)}</strong> '
                f"{render_inline(question.hint)}</div>"
                if question.hint
                else ""
            )
        )
        _hidden(self.hint, True)
        if question.hint:
            self.hint_button = ToggleButton(
                value=False, description=_("Hint"),
                tooltip=_("Show or hide a hint for {question}").format(question=label),
            )
            self.hint_button.add_class("runwell-hint-button")
            self.hint_button.observe(self._toggle_hint, names="value")
            buttons.append(self.hint_button)

        self.feedback = HTML(value="")
        self.feedback.add_class("runwell-feedback")
        self.explanation = HTML(
            value=(
                f'<div class="runwell-explanation"><strong>{escape(why_word)}</strong> '
                f"{render_markdown(question.explanation)}</div>"
                if question.explanation
                else ""
            )
        )
        _hidden(self.explanation, True)

        self.check_button.on_click(lambda _b: self.check())
        self.retry_button.on_click(lambda _b: self.try_again())
        super().__init__(
            children=[self.prompt, answer_box, HBox(buttons), self.hint, self.feedback,
                      self.explanation]
        )
        self.add_class("runwell-question")

    # -- reading the learner's response

    def response(self) -> tuple[str, ...] | str | None:
        """The chosen choice ids, or the typed text of a numeric answer."""
        shown = self.question.shown
        if self.radio is not None:
            return None if self.radio.value is None else (shown[self.radio.value].id,)
        if self.checkboxes:
            return tuple(shown[n].id for n, cb in enumerate(self.checkboxes) if cb.value)
        return self.number.value if self.number is not None else None

    # -- actions

    def check(self) -> Grade:
        result = grade(self.question, self.response(), self.lang)
        note = None
        if result.answered:
            self.attempts += 1
            self.result = result
            if self._on_check is not None:
                note = self._on_check(self, result)
        self._show(result, note)
        return result

    def restore(self, entry: object) -> bool:
        """Fill in a saved progress *entry* and show its feedback, as if Check had been pressed,
        without saving anything. Returns False, leaving the question blank, if the answer does
        not fit this question (a choice the bank no longer has)."""
        result = graded_answer(self.question, entry)
        if isinstance(result, str) or not isinstance(entry, dict):
            return False
        response = stored_response(self.question, entry["answer"])
        if response is None:
            return False
        result = grade(self.question, response, self.lang)  # the feedback in this language
        self._fill(response)
        attempts = entry.get("attempts", 1)
        self.attempts = max(1, attempts) if isinstance(attempts, int) else 1
        self.result = result
        self._show(result, translator(self.lang).gettext(RESTORED_NOTE), announce=False)
        return True

    def _fill(self, response: tuple[str, ...] | float) -> None:
        shown = [c.id for c in self.question.shown]
        if isinstance(response, float):
            if self.number is not None:
                self.number.value = f"{response:g}"
        elif self.radio is not None:
            self.radio.value = shown.index(response[0])
        else:
            for n, cb in enumerate(self.checkboxes):
                cb.value = shown[n] in response

    def _show(self, result: Grade, note: str | None, *, announce: bool = True) -> None:
        css = "runwell-verdict-correct" if result.correct else "runwell-verdict-wrong"
        lines = "".join(f"<p>{render_inline(line)}</p>" for line in result.feedback)
        if result.answered and not result.correct and self.question.hint and self.attempts == 1:
            press = translator(self.lang).gettext("Press Try again, or open the Hint.")
            lines += f"<p>{escape(press)}</p>"
        if note:
            lines += f'<p class="runwell-save-note">{escape(note)}</p>'
        # A restored answer is not announced: a quiz opening with five alerts would be noise.
        role = ' role="alert"' if announce else ""
        self.feedback.value = (
            f'<div class="{css}"{role}><p><strong>{escape(result.verdict)}</strong></p>'
            f"{lines}</div>"
        )
        reveal = result.answered and (result.correct or self.attempts >= REVEAL_AFTER)
        _hidden(self.explanation, not (reveal and self.question.explanation))
        self.retry_button.disabled = not result.answered

    def try_again(self) -> None:
        """Clear this question: no selection, no feedback, not counted as correct."""
        if self.radio is not None:
            self.radio.value = None
        for cb in self.checkboxes:
            cb.value = False
        if self.number is not None:
            self.number.value = ""
        self.result = None
        self.feedback.value = ""
        _hidden(self.explanation, True)
        self.retry_button.disabled = True
        if self._on_reset is not None:
            self._on_reset(self)

    def _toggle_hint(self, change: dict[str, Any]) -> None:
        _hidden(self.hint, not change["new"])


class QuizWidget(StaticForm, VBox):
    """A lesson's quiz: a ``runwell-quiz`` box of questions with a running score."""

    def __init__(
        self,
        bank: Bank,
        *,
        progress_path: Path | None = None,
        course: Course | None = None,
        lang: str | None = None,
    ) -> None:
        from runwell.quiz.markdown import stylesheet

        self.bank = bank
        self._course = course
        self.lang = lang or (course.lang if course is not None else "en")
        self._progress_path = progress_path
        _ = translator(self.lang).gettext
        total = len(bank.questions)
        self.style_sheet = HTML(value=f"<style>{stylesheet()}</style>")
        intro = render_markdown(bank.intro) if bank.intro else ""
        title = _("Quiz: {title}").format(title=bank.title)
        check, retry = _("Check"), _("Try again")
        instructions = _("Choose your answer, press {check} and read the feedback. {retry} "
                         "clears a question.").format(
            check=f"<strong>{escape(check)}</strong>",
            retry=f"<strong>{escape(retry)}</strong>",
        )
        self.header = HTML(
            value=f'<p class="runwell-quiz-title"><strong>{escape(title)}</strong></p>'
            f"{intro}"
            f'<p class="runwell-quiz-instructions">{instructions}</p>'
        )
        self.questions = [
            QuestionView(q, n, total, on_check=self._checked, on_reset=self._cleared,
                         lang=self.lang)
            for n, q in enumerate(bank.questions, start=1)
        ]
        self.score = Label(value="")
        self.score.add_class("runwell-score")
        self.restored = self._restore()
        self._update_score()
        super().__init__(children=[self.style_sheet, self.header, *self.questions, self.score])
        self.add_class("runwell-quiz")

    @property
    def correct_count(self) -> int:
        return sum(1 for v in self.questions if v.result is not None and v.result.correct)

    @property
    def _english_course(self) -> Course | None:
        """The course a version-1 progress file's English answer texts map against: this one
        in English, else the loaded English course (None)."""
        return self._course if self._course is not None and self._course.lang == "en" else None

    def _update_score(self) -> None:
        self.score.value = translator(self.lang).gettext("{correct} of {total} correct").format(
            correct=self.correct_count, total=len(self.questions))

    def _checked(self, view: QuestionView, result: Grade) -> str | None:
        self._update_score()
        if result.answer is None:
            return None
        try:
            # Stored by lesson, question and choice ids: one standing whatever the language.
            progress.record(
                self.bank.lesson, view.question.id, result.answer, path=self._progress_path,
                course=self._english_course,
            )
        except (CourseError, OSError) as exc:
            print(f"runwell: could not save your answer: {exc}", file=sys.stderr)
            return translator(self.lang).gettext(
                "Your answer could not be saved (see the message below the quiz).")
        return None

    def _cleared(self, _view: QuestionView) -> None:
        self._update_score()

    def _restore(self) -> int:
        """Fill in this lesson's saved answers; returns how many were restored. Only reads: a
        progress file that cannot be read leaves the quiz blank (a corrupt one is moved aside,
        with its one-line warning)."""
        try:
            data = progress.load(self._progress_path, course=self._english_course)
        except (CourseError, OSError) as exc:
            print(f"runwell: could not read your saved answers: {exc}", file=sys.stderr)
            return 0
        saved = data.get("answers", {}).get(self.bank.lesson, {})
        return sum(view.restore(saved[view.question.id]) for view in self.questions
                   if view.question.id in saved)

    def __repr__(self) -> str:
        n = len(self.bank.questions)
        return f"Quiz({self.bank.lesson!r}, {n} question{'' if n == 1 else 's'})"

    def static_spec(self) -> dict[str, str]:
        spec = {"widget": "quiz", "bank": self.bank.lesson}
        if self.lang != "en":
            spec["lang"] = self.lang
        return spec


def show(
    bank: str | Bank,
    *,
    root: Path | None = None,
    progress_path: Path | None = None,
    lang: str = "en",
) -> QuizWidget:
    """The live quiz for ``notebooks/quizzes/<bank>.yaml`` (e.g. ``show("01_warm_up")``); with
    ``lang="es"``, the Spanish bank (``notebooks/quizzes/es/``) and Spanish controls. Answers
    are saved to the learner's progress file (:mod:`runwell.progress`) by question and choice
    id, so they count the same in every language."""
    from runwell import course

    model = course.load(root, lang)
    b = bank if isinstance(bank, Bank) else model.bank(bank)
    return QuizWidget(b, progress_path=progress_path, course=model, lang=lang)
