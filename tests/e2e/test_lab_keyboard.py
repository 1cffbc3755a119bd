"""A whole quiz in JupyterLab with the keyboard only: arrow keys to the quiz cell, Tab and
Shift+Tab between controls, the arrow keys between the answers of a single-choice question,
Space to tick an answer or press Try again, Enter to press Check.

The lesson is opened and run once for the module; the tests then only use keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from runwell import progress
from runwell.course import Bank, Question

from .conftest import REPO
from .helpers import error_outputs, open_notebook, run_all_cells
from .keyboard import focus, tab_into, tab_to
from .quiz_driver import (
    CORRECT,
    NOT_QUITE,
    Attempt,
    bank_for,
    quiz_calls,
    right_answer,
    wrong_answer,
)
from .server import JupyterServer

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PREFERRED = "01_warm_up"  # has single, true/false, multiple-choice and numeric questions


@dataclass(frozen=True)
class OpenLesson:
    page: Page
    notebook: Locator
    quiz: Locator
    bank: Bank


def _lesson() -> str | None:
    found = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for path in found:
        if path.stem == PREFERRED:
            return path.name
    for path in found:
        if quiz_calls(path.read_text(encoding="utf-8")):
            return path.name
    return None


@pytest.fixture(scope="module")
def lesson(_shared_page: Page, lab_server: JupyterServer) -> Iterator[OpenLesson]:
    name = _lesson()
    if name is None:
        print("SKIP keyboard test: no lesson with a quiz in notebooks/")
        pytest.skip("no lesson with a quiz in notebooks/")
    page = _shared_page
    # Quizzes resume from the progress file: start blank whatever an earlier test answered.
    for bank in quiz_calls((lab_server.root / "notebooks" / name).read_text(encoding="utf-8")):
        progress.reset(bank, path=Path(lab_server.env["RUNWELL_PROGRESS"]))
    notebook = open_notebook(page, lab_server, f"notebooks/{name}", "keyboard")
    run_all_cells(page, notebook)
    assert error_outputs(notebook) == []
    banks = quiz_calls((lab_server.root / "notebooks" / name).read_text(encoding="utf-8"))
    quiz = notebook.locator(".runwell-quiz").first
    expect(quiz).to_be_visible()
    try:
        yield OpenLesson(page, notebook, quiz, bank_for(banks[0], lab_server.root))
    finally:
        lab_server.shutdown_kernels()


def _select_by_keys(page: Page, view: Locator, question: Question, attempt: Attempt) -> None:
    if question.type == "numeric":
        box = view.get_by_role("textbox")
        tab_to(page, box)
        page.keyboard.type(attempt.number or "")
        page.keyboard.press("Enter")
        expect(box).to_have_value(attempt.number or "")
        return
    if question.type == "multiple":
        boxes = view.get_by_role("checkbox")
        for n in range(boxes.count()):
            box = boxes.nth(n)
            text = box.evaluate("el => el.closest('label').textContent.trim()")
            if box.is_checked() != (text in attempt.choices):
                tab_to(page, box)
                page.keyboard.press("Space")
        for n in range(boxes.count()):
            box = boxes.nth(n)
            text = box.evaluate("el => el.closest('label').textContent.trim()")
            expect(box).to_be_checked(checked=text in attempt.choices)
        return
    # One group: Tab enters it once, Space chooses the focused answer, arrows move the choice.
    (text,) = attempt.choices
    radios = view.get_by_role("radio")
    radio = view.get_by_role("radio", name=text, exact=True)
    tab_into(page, view.get_by_role("radiogroup"))
    if not any(radios.nth(n).is_checked() for n in range(radios.count())):
        page.keyboard.press("Space")
    for _ in range(radios.count()):
        if radio.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(radio).to_be_checked()
    assert focus(page).kind == "radio" and focus(page).text == text


def _active_cell(notebook: Locator) -> int:
    return int(
        notebook.evaluate(
            "nb => [...nb.querySelectorAll('.jp-Cell')]"
            ".findIndex(c => c.classList.contains('jp-mod-active'))"
        )
    )


def test_quiz_with_the_keyboard_only(lesson: OpenLesson) -> None:
    page, notebook, quiz, bank = lesson.page, lesson.notebook, lesson.quiz, lesson.bank
    cells = notebook.locator(".jp-Cell")
    count = cells.count()
    target = int(
        notebook.evaluate(
            "nb => [...nb.querySelectorAll('.jp-Cell')]"
            ".findIndex(c => c.querySelector('.runwell-quiz'))"
        )
    )

    # Command mode, then the arrow keys walk the cell selection to the quiz's cell.
    page.keyboard.press("Escape")
    for _ in range(count + 1):
        active = _active_cell(notebook)
        if active == target:
            break
        page.keyboard.press("ArrowDown" if active < target else "ArrowUp")
    expect(cells.nth(target)).to_have_class(re.compile(r"\bjp-mod-active\b"))

    views = quiz.locator(".runwell-question")
    total = len(bank.questions)
    for n, question in enumerate(bank.questions):
        view = views.nth(n)
        feedback = view.locator(".runwell-feedback")
        check = view.get_by_role("button", name="Check", exact=True)
        retry = view.get_by_role("button", name="Try again", exact=True)

        _select_by_keys(page, view, question, wrong_answer(question))
        tab_to(page, check)
        page.keyboard.press("Enter")
        expect(feedback).to_contain_text(NOT_QUITE)

        tab_to(page, retry)
        page.keyboard.press("Space")
        expect(feedback).to_have_text("")

        _select_by_keys(page, view, question, right_answer(question))
        tab_to(page, check)
        page.keyboard.press("Enter")
        expect(feedback).to_contain_text(CORRECT)
        expect(quiz.locator(".runwell-score")).to_contain_text(f"{n + 1} of {total} correct")
        assert focus(page).question == n, "focus left the question after pressing Check"

    # The keys answered the quiz and did nothing to the notebook itself.
    expect(cells).to_have_count(count)


def test_arrow_keys_move_between_radio_answers(lesson: OpenLesson) -> None:
    # JupyterLab's command mode binds ArrowUp/ArrowDown to the cell selection; inside the answer
    # group the keys must choose answers instead, and leave the notebook alone.
    page, notebook, quiz, bank = lesson.page, lesson.notebook, lesson.quiz, lesson.bank
    n = next(i for i, q in enumerate(bank.questions) if q.type in ("single", "true_false"))
    view = quiz.locator(".runwell-question").nth(n)
    radios = view.get_by_role("radio")
    count = radios.count()
    page.keyboard.press("Escape")
    tab_into(page, view.get_by_role("radiogroup"))
    cell = _active_cell(notebook)
    first = int(
        view.evaluate(
            "v => [...v.querySelectorAll('input[type=radio]')].indexOf(document.activeElement)"
        )
    )
    assert first >= 0, "Tab did not land on an answer"
    page.keyboard.press("Space")
    expect(radios.nth(first)).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(radios.nth((first + 1) % count)).to_be_checked(timeout=2_000)
    expect(radios.nth(first)).not_to_be_checked()
    assert focus(page).question == n, "ArrowDown moved the focus out of the quiz"
    page.keyboard.press("ArrowUp")
    expect(radios.nth(first)).to_be_checked(timeout=2_000)
    assert _active_cell(notebook) == cell, "the arrow keys moved the notebook's cell selection"
    # Keys that are not the radios' own still reach JupyterLab, e.g. the command palette's.
    page.keyboard.press("Control+Shift+C")
    expect(page.locator(".lm-CommandPalette-input")).to_be_focused()
    page.keyboard.press("Escape")
