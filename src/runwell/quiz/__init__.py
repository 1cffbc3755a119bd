"""The quiz engine: banks from the course model, graded purely, shown three ways.

- :mod:`runwell.quiz.grading`: pure grading by choice id;
- :mod:`runwell.quiz.widget`: the live ipywidgets quiz, :func:`show`;
- :mod:`runwell.quiz.summary`: the learner's standing, with "forget my answers",
  :func:`progress_summary`;
- :mod:`runwell.quiz.static`: handouts and the answer key (Jinja templates).

In a lesson: ``from runwell import quiz`` then ``quiz.show("01_warm_up")`` (a Spanish lesson:
``quiz.show("01_warm_up", lang="es")``). ipywidgets is imported only when a live widget is made,
so ``runwell check`` and the handouts stay light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runwell.course.model import Bank
    from runwell.quiz.summary import ProgressSummary
    from runwell.quiz.widget import QuizWidget

__all__ = ["progress_summary", "show"]


def show(
    bank: str | Bank,
    *,
    root: Path | None = None,
    progress_path: Path | None = None,
    lang: str = "en",
) -> QuizWidget:
    """The live quiz for ``notebooks/quizzes/<bank>.yaml`` (``lang="es"``:
    ``notebooks/quizzes/es/``); see :func:`runwell.quiz.widget.show`."""
    from runwell.quiz import widget

    return widget.show(bank, root=root, progress_path=progress_path, lang=lang)


def progress_summary(*, progress_path: Path | None = None, lang: str = "en") -> ProgressSummary:
    """The learner's standing per lesson, with a control to forget saved answers, in *lang*.
    Answers count whatever language they were given in."""
    from runwell.quiz.summary import ProgressSummary

    return ProgressSummary(progress_path, lang=lang)
