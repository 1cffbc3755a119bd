"""The quiz engine: one bank (YAML data), two faithful views.

- :mod:`runwell.quiz.bank`: loading and validation (``path: question-id: problem``)
- :mod:`runwell.quiz.grading`: pure grading on frozen dataclasses
- :mod:`runwell.quiz.widget`: the live ipywidgets quiz, :func:`show`
- :mod:`runwell.quiz.static`: plain HTML for handouts, :func:`static_html`, :func:`answer_key_html`

In a lesson: ``from runwell import quiz`` then ``quiz.show("01_warm_up")``. The widget module
(and so ipywidgets) is imported only when a live quiz is shown, so ``runwell check`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from runwell.quiz.bank import Bank, Choice, NumericFeedback, Question, load_bank, load_banks
from runwell.quiz.grading import Grade, grade
from runwell.quiz.static import answer_key_html, static_html, stylesheet

if TYPE_CHECKING:
    from runwell.quiz.widget import QuizWidget

__all__ = [
    "Bank",
    "Choice",
    "Grade",
    "NumericFeedback",
    "Question",
    "answer_key_html",
    "grade",
    "load_bank",
    "load_banks",
    "show",
    "static_html",
    "stylesheet",
]


def show(
    bank: str | Bank,
    *,
    shuffle: bool | None = None,
    root: Path | None = None,
    progress_path: Path | None = None,
) -> QuizWidget:
    """The live quiz for ``notebooks/quizzes/<bank>.yaml``; see :func:`runwell.quiz.widget.show`."""
    from runwell.quiz import widget

    return widget.show(bank, shuffle=shuffle, root=root, progress_path=progress_path)
