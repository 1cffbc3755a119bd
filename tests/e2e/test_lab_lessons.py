"""Every lesson in JupyterLab, as a learner meets it: open it, Run All Cells, see no error, answer
each quiz question wrongly then rightly and read the feedback and score change; the answers are
saved (and the review lesson's standing shows them); axe-core finds nothing wrong inside the
kit's own widgets. In the shoes lesson the calculator is used too (see ``calculator.py``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from runwell import progress
from runwell.progress.standing import graded_answer

from .a11y import audit
from .calculator import SHOES_LESSON, exercise_calculator
from .conftest import REPO
from .helpers import error_outputs, open_notebook, run_all_cells, unrun_cells, use_theme
from .keyboard import tab_to
from .quiz_driver import answer_quiz, bank_for, quiz_calls
from .server import JupyterServer

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
RESUME_LESSON = "01_warm_up"  # one lesson is re-run to see the quiz resume from saved answers
# Audited in JupyterLab's dark theme too: between them, every kind of kit widget.
DARK_LESSONS = (SHOES_LESSON, "06_review")


def _progress(server: JupyterServer) -> dict[str, object]:
    path = Path(server.env["RUNWELL_PROGRESS"])
    assert path.is_file(), f"no progress file at {path} after answering"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def forget_with_the_keyboard(page: Page, summary: Locator, server: JupyterServer,
                             lesson: str) -> None:
    """"Forget my answers" with the keyboard only: the first Enter only asks; Cancel keeps
    everything; confirming erases this lesson's saved answers and nothing else."""
    path = Path(server.env["RUNWELL_PROGRESS"])
    before = path.read_bytes()
    others = {k: v for k, v in json.loads(before)["answers"].items() if k != lesson}
    assert lesson in json.loads(before)["answers"]
    forget = summary.get_by_role("button", name="Forget my answers…", exact=True)
    scope = summary.get_by_role("combobox")
    tab_to(page, scope)
    page.keyboard.press("End")  # the last lesson in the list: this one, the review
    expect(scope).to_have_value(re.compile(rf"^{lesson[:2]}: "))
    tab_to(page, forget)
    page.keyboard.press("Enter")
    alert = summary.locator(".runwell-forget-confirmation [role=alert]")
    expect(alert).to_contain_text("Forget your saved answers for")
    assert path.read_bytes() == before, "asking must not erase anything"
    tab_to(page, summary.get_by_role("button", name="Cancel", exact=True))
    page.keyboard.press("Enter")
    expect(summary.locator(".runwell-forget-status")).to_contain_text("Nothing was forgotten")
    assert path.read_bytes() == before
    tab_to(page, forget)
    page.keyboard.press("Enter")
    tab_to(page, summary.get_by_role("button", name="Yes, forget them", exact=True))
    page.keyboard.press("Enter")
    expect(summary.locator(".runwell-forget-status")).to_contain_text("Forgot ")
    assert _progress(server)["answers"] == others  # this lesson forgotten, nothing else


@pytest.mark.skipif(not LESSONS, reason="no lesson notebooks in notebooks/ yet")
@pytest.mark.parametrize("lesson", [p.name for p in LESSONS] or ["none"])
def test_lesson(page: Page, lab_server: JupyterServer, lesson: str) -> None:
    stem = lesson.removesuffix(".ipynb")
    # Quizzes resume from the progress file: start this lesson's quizzes blank whatever ran before.
    for name in quiz_calls((lab_server.root / "notebooks" / lesson).read_text(encoding="utf-8")):
        progress.reset(name, path=Path(lab_server.env["RUNWELL_PROGRESS"]))
    notebook = open_notebook(page, lab_server, f"notebooks/{lesson}", f"l{stem}")
    run_all_cells(page, notebook)
    errors = error_outputs(notebook)
    assert not errors, "error output after Run All:\n" + "\n".join(map(str, errors))
    assert unrun_cells(notebook) == [], "some code cells did not run"

    banks = quiz_calls((lab_server.root / "notebooks" / lesson).read_text(encoding="utf-8"))
    assert banks, f"{lesson}: no quiz.show(...) call (CONTRIBUTING: every lesson ends with a quiz)"
    quizzes = notebook.locator(".runwell-quiz")
    expect(quizzes).to_have_count(len(banks))
    answered: dict[str, list[str]] = {}
    for n, name in enumerate(banks):
        bank = bank_for(name, lab_server.root)
        answered[bank.lesson] = answer_quiz(quizzes.nth(n), bank)

    saved = _progress(lab_server)["answers"]
    assert isinstance(saved, dict)
    for bank_name, ids in answered.items():
        bank = bank_for(bank_name, lab_server.root)
        for qid in ids:
            entry = saved.get(bank_name, {}).get(qid)
            assert entry, f"{bank_name}/{qid}: answer not saved to the progress file"
            grade = graded_answer(bank.question(qid), entry)  # type: ignore[arg-type]
            assert not isinstance(grade, str) and grade.correct, (
                f"{bank_name}/{qid}: the last answer saved is not the right one: {entry}")
            assert entry["attempts"] >= 2, f"{bank_name}/{qid}: the wrong answer was not counted"

    if stem == RESUME_LESSON:  # run the lesson again: the quiz reopens with the saved answers
        run_all_cells(page, notebook)
        assert error_outputs(notebook) == []
        quiz = notebook.locator(".runwell-quiz").first
        total = len(bank_for(banks[0], lab_server.root).questions)
        expect(quiz.locator(".runwell-score")).to_contain_text(f"{total} of {total} correct")
        expect(quiz.locator(".runwell-feedback").first).to_contain_text("Your saved answer")

    summaries = notebook.locator(".runwell-progress")
    if summaries.count():  # the review lesson's standing: Refresh reads the saved answers
        summary = summaries.first
        summary.get_by_role("button", name="Refresh", exact=True).click()
        for bank_name, ids in answered.items():
            expect(summary).to_contain_text(f"{bank_name}: {len(ids)} of {len(ids)} correct")
        forget_with_the_keyboard(page, summary, lab_server, stem)

    if stem == SHOES_LESSON:
        exercise_calculator(notebook)

    kit, lab = audit(page)
    if lab:
        rules = sorted({f.rule for f in lab})
        print(f"{lesson}: axe-core, JupyterLab's own (not failed on): {len(lab)} nodes, {rules}")
    assert not kit, "axe-core violations inside the kit's widgets:\n" + "\n".join(map(str, kit))

    if stem in DARK_LESSONS:  # quiz, calculator and progress summary readable in the dark too
        use_theme(page, "JupyterLab Dark")
        try:
            kit, _lab = audit(page)
        finally:
            use_theme(page, "JupyterLab Light")
        assert not kit, "axe-core, dark theme, inside the kit's widgets:\n" + "\n".join(
            map(str, kit)
        )


SPANISH_LESSON = "03_supportive_shoes"  # a quiz with every question type, and the calculator


def test_spanish_lesson(page: Page, lab_server: JupyterServer) -> None:
    """A Spanish lesson taken end to end in JupyterLab: Run All, no error; the quiz and the
    calculator speak Spanish (their words from the catalogue, the choices labelled as
    ``choice_label(…, "es")`` labels them, Verdadero/Falso included); the quiz is answered wrongly
    then rightly; the answers are stored by id, so they count in the English lesson too."""
    from runwell.i18n import translator

    source = lab_server.root / "notebooks" / "es" / f"{SPANISH_LESSON}.ipynb"
    if not source.is_file():
        reason = "no Spanish lessons in notebooks/es/ yet (the es-content branch)"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    text = source.read_text(encoding="utf-8")
    for name in quiz_calls(text):
        progress.reset(name, path=Path(lab_server.env["RUNWELL_PROGRESS"]))
    notebook = open_notebook(page, lab_server, f"notebooks/es/{SPANISH_LESSON}.ipynb",
                             f"les{SPANISH_LESSON}")
    run_all_cells(page, notebook)
    errors = error_outputs(notebook)
    assert not errors, "error output after Run All:\n" + "\n".join(map(str, errors))
    assert unrun_cells(notebook) == [], "some code cells did not run"

    _ = translator("es").gettext
    banks = quiz_calls(text)
    assert banks == [SPANISH_LESSON]
    quiz = notebook.locator(".runwell-quiz")
    expect(quiz).to_have_count(1)
    bank = bank_for(SPANISH_LESSON, lab_server.root, "es")
    expect(quiz.locator(".runwell-quiz-title")).to_contain_text(f"Cuestionario: {bank.title}")
    expect(quiz.get_by_role("button", name="Comprobar", exact=True)).to_have_count(
        len(bank.questions))
    expect(quiz.locator(".runwell-question-number").first).to_contain_text(
        f"Pregunta 1 de {len(bank.questions)}.")
    true_false = next(q for q in bank.questions if q.type == "true_false")
    view = quiz.locator(".runwell-question").nth(bank.questions.index(true_false))
    expect(view.get_by_role("radio", name="Verdadero", exact=True)).to_have_count(1)
    expect(view.get_by_role("radio", name="Falso", exact=True)).to_have_count(1)
    answered = answer_quiz(quiz, bank, "es")

    saved = _progress(lab_server)["answers"]
    assert isinstance(saved, dict)
    english = bank_for(SPANISH_LESSON, lab_server.root)
    for qid in answered:
        entry = saved.get(SPANISH_LESSON, {}).get(qid)
        assert entry, f"{qid}: answer not saved"
        question = english.question(qid)  # graded against the English bank: the same ids
        grade = graded_answer(question, entry)  # type: ignore[arg-type]
        assert not isinstance(grade, str) and grade.correct, f"{qid}: {entry}"

    # The Spanish calculator starts on centimetres and EU sizes, and keeps all five systems.
    calc = notebook.locator(".runwell-shoefit")
    expect(calc.locator("button.mod-active")).to_have_text("cm")
    system = calc.get_by_role("combobox", name=_("Size system"))
    assert system.evaluate("el => el.options[el.selectedIndex].text") == "EU"
    options = r"el => Array.from(el.options, o => o.text.replace(/\u00a0/g, ' '))"
    assert system.evaluate(options) == [
        "EE. UU. hombre", "EE. UU. mujer", "UK", "EU", "Mondopoint"]  # ipywidgets adds nbsp
    exercise_calculator(notebook, "es")

    kit, lab = audit(page)
    if lab:
        print(f"es/{SPANISH_LESSON}: axe-core, JupyterLab's own (not failed on): {len(lab)} nodes")
    assert not kit, "axe-core violations inside the kit's widgets:\n" + "\n".join(map(str, kit))
